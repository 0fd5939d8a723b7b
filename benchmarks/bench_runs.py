"""Runs per second of the baseline scenario on one core (a 10-year horizon).

Usage: python benchmarks/bench_runs.py [--runs N] [--scenario NAME]
Prints the median of several timed batches; no figure is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time

from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per batch")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--scenario", default="baseline")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    params = scenario.model_kwargs()
    n_prof = sum(o.count * o.staff for o in scenario.neighbourhood.organisations)
    run_model(params, 0)  # warm up imports and caches
    rates = []
    for b in range(args.batches):
        seeds = replication_seeds(1000 + b, args.runs)
        start = time.perf_counter()
        for seed in seeds:
            run_model(params, seed)
        rates.append(args.runs / (time.perf_counter() - start))
    print(
        f"{args.scenario}: {len(scenario.neighbourhood.organisation_names())} organisations, {n_prof} professionals, "
        f"{scenario.neighbourhood.residents} residents, {scenario.horizon:g} years ({int(scenario.horizon * 12)} steps)"
    )
    print(
        f"runs/s on one core: median {statistics.median(rates):.1f} "
        f"(min {min(rates):.1f}, max {max(rates):.1f}) over {args.batches} batches of {args.runs} runs"
    )


if __name__ == "__main__":
    main()
