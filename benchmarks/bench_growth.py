"""How one run's time grows with the neighbourhood: the baseline scaled to 60, 120, 240, 480, 960 professionals.

Usage: python benchmarks/bench_growth.py [--runs 16] [--scales 1 2 4 8 16] [--horizon 10]

Scale k multiplies every organisation row's ``count`` of the baseline scenario by k (so k
copies of each organisation, each with its own staff: 60 k professionals, 15 k organisations)
and its residents by k (1000 k), through the public scenario API (``validate_scenario`` of
the baseline's own data, changed). Each size runs ``max(2, runs // k)`` runs at different
seeds after one warm-up run at that size, on one core; prints ms per run and runs per second,
and fits the growth exponent b of time ~ professionals**b (``numpy.polyfit`` of log time on
log size). It also steps one more model of each size to the horizon (seed 1, untimed) and prints
the share of pairs of posts tied (trust above 0) at the end: the work of fading, meetings and
turnover grows with the ties, and dense ties make it grow as the square of the professionals.
No figure is asserted.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from collabsim.model import CollaborationModel
from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import Scenario, load_scenario, validate_scenario


def scaled(k: int, horizon: float | None = None) -> Scenario:
    """The baseline with k times its organisations (same staff each) and k times its residents."""
    data = load_scenario("baseline").model_dump()
    data["name"] = f"baseline_x{k}"
    for row in data["neighbourhood"]["organisations"]:
        row["count"] *= k
    data["neighbourhood"]["residents"] *= k
    if horizon is not None:
        data["horizon"] = horizon
    return validate_scenario(data, f"baseline x{k}")


def tied_at_the_end(params: dict) -> float:
    """Share of the pairs of posts with a tie (trust above 0) after a run to the horizon (seed 1)."""
    model = CollaborationModel(**params, rng=1)
    while model.running:
        model.step()
    trust = model.staff.trust
    n = trust.shape[0]
    return float(np.count_nonzero(trust)) / (n * (n - 1)) if n > 1 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16, help="runs at scale 1; max(2, runs // k) at scale k")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--horizon", type=float, default=None, help="years (default: the baseline's)")
    args = parser.parse_args()
    sizes, ms = [], []
    print(
        f"{'k':>3s} {'orgs':>5s} {'professionals':>13s} {'residents':>9s} {'runs':>4s} {'ms/run':>9s} {'runs/s':>7s} "
        f"{'tied at the end':>15s}"
    )
    for k in args.scales:
        scenario = scaled(k, args.horizon)
        params = scenario.model_kwargs()
        n_prof = sum(o.count * o.staff for o in scenario.neighbourhood.organisations)
        n_orgs = len(scenario.neighbourhood.organisation_names())
        runs = max(2, args.runs // k)
        run_model(params, 0)  # warm-up at this size
        seeds = replication_seeds(2000 + k, runs)
        start = time.perf_counter()
        for seed in seeds:
            run_model(params, seed)
        per_run = (time.perf_counter() - start) / runs
        sizes.append(n_prof)
        ms.append(1e3 * per_run)
        print(
            f"{k:3d} {n_orgs:5d} {n_prof:13d} {scenario.neighbourhood.residents:9d} {runs:4d} "
            f"{1e3 * per_run:9.1f} {1 / per_run:7.2f} {tied_at_the_end(params):15.3f}",
            flush=True,
        )
    if len(sizes) >= 2:
        slope, _ = np.polyfit(np.log(sizes), np.log(ms), 1)
        print(f"growth exponent (time ~ professionals**b, all sizes): b = {slope:.2f}")
        if len(sizes) >= 3:
            top, _ = np.polyfit(np.log(sizes[-3:]), np.log(ms[-3:]), 1)
            print(f"growth exponent over the three largest sizes: b = {top:.2f}")


if __name__ == "__main__":
    main()
