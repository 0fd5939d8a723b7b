"""How one run's time grows with the neighbourhood: the baseline scaled to 60, 120, 240, 480, 960 professionals.

Usage: python benchmarks/bench_growth.py [--runs 16] [--scales 1 2 4 8 16] [--horizon 10]
                                        [--parts] [--csv PATH] [--figure PATH]

Scale k multiplies every organisation row's ``count`` of the baseline scenario by k (so k
copies of each organisation, each with its own staff: 60 k professionals, 15 k organisations)
and its residents by k (1000 k), through the public scenario API (``validate_scenario`` of
the baseline's own data, changed). Each size runs ``max(2, runs // k)`` runs at different
seeds after one warm-up run at that size, on one core; prints ms per run and runs per second,
and fits the growth exponent b of time ~ professionals**b (``numpy.polyfit`` of log time on
log size). It also steps one more model of each size to the horizon (seed 1, untimed) and prints
the share of pairs of posts tied (trust above 0) at the end: the work of fading, meetings and
turnover grows with the ties, and dense ties make it grow as the square of the professionals.
With ``--parts``, a second pass of the same runs times each part of the step
(``bench_parts.instrument``) and prints where the time goes at each size; ``--csv`` writes the
figures (a row per size and part), ``--figure`` draws the growth curve (time per run against
professionals, log-log, beside slopes 1 and 2) and, with ``--parts``, each part's time per run
against size. No figure is asserted.
"""

from __future__ import annotations

import argparse
import csv
import time

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter, ScalarFormatter

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


#: the parts drawn on their own in the figure (the rest of the step summed as "other")
DRAWN = ("fading.fade", "referrals.refer", "model.__init__", "turnover.turn_over", "outcomes.record", "meetings.hold")


def timed_runs(params: dict, seeds: list[int]) -> float:
    """Seconds a run, over runs at ``seeds``."""
    start = time.perf_counter()
    for seed in seeds:
        run_model(params, seed)
    return (time.perf_counter() - start) / len(seeds)


def _plain_log_axes(ax, sizes: list[int]) -> None:
    """Log axes labelled in plain numbers: the sizes on x."""
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.grid(alpha=0.3, which="both")


def growth_exponent(sizes: list[int], ms: list[float]) -> float:
    """b of time ~ professionals**b: ``numpy.polyfit`` of log time on log size."""
    return float(np.polyfit(np.log(sizes), np.log(ms), 1)[0])


def growth_figure(sizes: list[int], ms: list[float], parts: list[dict[str, float]], runs: list[int]) -> Figure:
    """Time per run against professionals (log-log, slopes 1 and 2 from the smallest size) and, if
    ``parts`` were timed, each part's time per run against size."""
    fig = Figure(figsize=(11.0 if parts else 5.5, 4.2), layout="constrained")
    axes = fig.subplots(1, 2 if parts else 1, squeeze=False).ravel()
    ax = axes[0]
    ax.loglog(sizes, ms, "o-", color="tab:blue", label="a run (this main)")
    for slope, style in ((1, ":"), (2, "--")):
        ax.loglog(sizes, [ms[0] * (n / sizes[0]) ** slope for n in sizes], style, color="grey", label=f"slope {slope}")
    ax.set_title(f"Time per run: b = {growth_exponent(sizes, ms):.2f} over all sizes", fontsize=10)
    ax.set_xlabel("professionals (residents 1000 per 60)")
    ax.set_ylabel("ms per run (120 monthly steps)")
    _plain_log_axes(ax, sizes)
    ax.legend(fontsize=8)
    if parts:
        ax = axes[1]
        for label in DRAWN:
            ax.loglog(sizes, [p.get(label, 0.0) for p in parts], "o-", label=label, markersize=3)
        other = [sum(v for k, v in p.items() if k not in DRAWN) for p in parts]
        ax.loglog(sizes, other, "o-", color="grey", label="other parts and Mesa's step", markersize=3)
        ax.set_title("Each part's time per run", fontsize=10)
        ax.set_xlabel("professionals")
        ax.set_ylabel("ms per run")
        _plain_log_axes(ax, sizes)
        ax.legend(fontsize=7)
    fig.suptitle(f"Baseline scaled (runs per size: {', '.join(map(str, runs))}); one core", fontsize=10)
    return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16, help="runs at scale 1; max(2, runs // k) at scale k")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--horizon", type=float, default=None, help="years (default: the baseline's)")
    parser.add_argument("--parts", action="store_true", help="a second pass timing each part of the step")
    parser.add_argument("--csv", help="write the figures here (size, part, ms per run)")
    parser.add_argument("--figure", help="draw the growth curve here (png, svg, ...)")
    args = parser.parse_args()
    sizes, ms, parts, counts = [], [], [], []
    timed: list[tuple[dict, list[int]]] = []  # each size's parameters and seeds, for the parts' pass
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
        per_run = timed_runs(params, seeds)
        timed.append((params, seeds))
        sizes.append(n_prof)
        ms.append(1e3 * per_run)
        counts.append(runs)
        print(
            f"{k:3d} {n_orgs:5d} {n_prof:13d} {scenario.neighbourhood.residents:9d} {runs:4d} "
            f"{1e3 * per_run:9.1f} {1 / per_run:7.2f} {tied_at_the_end(params):15.3f}",
            flush=True,
        )
    if args.parts:
        from bench_parts import SPENT, instrument  # (bench_parts imports this module's scaled)

        instrument()
        print("each part, ms per run (a second pass of the same runs, timed part by part):")
        for n_prof, (params, seeds) in zip(sizes, timed, strict=True):
            SPENT.clear()
            total = timed_runs(params, seeds)
            spent = {label: 1e3 * seconds / len(seeds) for label, seconds in SPENT.items()}
            spent["the rest (Mesa's step, tally, loop)"] = 1e3 * total - sum(spent.values())
            parts.append(spent)
            top = sorted(spent.items(), key=lambda item: -item[1])[:6]
            print(f"  {n_prof:4d}: " + ", ".join(f"{label} {value:.1f}" for label, value in top))
    if args.csv:
        with open(args.csv, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["professionals", "runs", "part", "ms_per_run"])
            for i, n_prof in enumerate(sizes):
                writer.writerow([n_prof, counts[i], "a run", f"{ms[i]:.3f}"])
                for label, value in (parts[i] if parts else {}).items():
                    writer.writerow([n_prof, counts[i], label, f"{value:.3f}"])
    if args.figure:
        growth_figure(sizes, ms, parts, counts).savefig(args.figure, dpi=120)
    if len(sizes) >= 2:
        print(f"growth exponent (time ~ professionals**b, all sizes): b = {growth_exponent(sizes, ms):.2f}")
        if len(sizes) >= 3:
            print(f"growth exponent over the three largest sizes: b = {growth_exponent(sizes[-3:], ms[-3:]):.2f}")


if __name__ == "__main__":
    main()
