"""Where one baseline run's time goes, without a profiler: wall time per submodel of the step.

Usage: python benchmarks/bench_parts.py [--runs 40] [--scale 1]

Wraps each submodel function that ``CollaborationModel.step`` calls (looked up in its module,
as the step does), the events, the series record and the model's creation in a
``time.perf_counter`` timer, runs ``runs`` baseline runs after one warm-up run (``--scale k``:
the baseline with k times its organisations and residents, as in bench_growth.py), and
prints milliseconds per run and shares. What no part covers is Mesa's step machinery, the
tally's reset and the loop. The timers add about 0.1 microsecond a call. No figure is asserted.
"""

from __future__ import annotations

import argparse
import collections
import functools
import importlib
import time

from bench_growth import scaled

from collabsim.runner import replication_seeds, run_model

#: (module, function) of every part of the step, in the step's order (ODD s.3)
PARTS = (
    ("collabsim.model", "CollaborationModel.fire_events"),
    # since 2026-12-07 steps s.7.2-7.4 and s.7.6-7.10, 7.13 run in two compiled calls; the submodels'
    # own functions below them are timed only in older source trees, where the step calls them
    ("collabsim.submodels.conditions", "set_conditions"),
    ("collabsim.submodels.joint_work", "work"),
    ("collabsim.submodels.reorganisations", "reorganise"),
    ("collabsim.submodels.funding", "refresh"),
    ("collabsim.submodels.availability", "refresh"),
    ("collabsim.submodels.kartrekker", "act"),
    ("collabsim.submodels.meetings", "hold"),
    ("collabsim.submodels.referrals", "refer"),
    ("collabsim.submodels.fading", "fade"),
    ("collabsim.submodels.results", "perceive"),
    ("collabsim.submodels.membership", "reconsider"),
    ("collabsim.submodels.accounts", "book"),
    ("collabsim.submodels.turnover", "turn_over"),
    ("collabsim.submodels.kartrekker", "fill_role"),
    ("collabsim.outcomes", "SeriesRecord.record"),  # the series (before 2026-12-02: Mesa's DataCollector.collect)
    ("mesa.datacollection", "DataCollector.collect"),
    ("collabsim.model", "CollaborationModel.__init__"),
)

SPENT: collections.Counter[str] = collections.Counter()


def _timed(label: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start

    return wrapper


def instrument() -> list[str]:
    """Replace each part by a timed wrapper where the step looks it up; returns the parts not found
    (an older source tree, or a part renamed: then update PARTS)."""
    absent = []
    for module_name, name in PARTS:
        owner = importlib.import_module(module_name)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        if owner is None or not hasattr(owner, attr):
            absent.append(f"{module_name}.{name}")
            continue
        label = f"{module_name.rsplit('.', 1)[-1]}.{attr}"
        setattr(owner, attr, _timed(label, getattr(owner, attr)))
    return absent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    absent = instrument()
    params = scaled(args.scale).model_kwargs()
    run_model(params, 0)  # warm-up
    SPENT.clear()
    start = time.perf_counter()
    for seed in replication_seeds(1000, args.runs):
        run_model(params, seed)
    total = time.perf_counter() - start
    covered = sum(SPENT.values())
    print(f"{args.runs} runs at scale {args.scale}: {1e3 * total / args.runs:.2f} ms per run")
    for label, seconds in SPENT.most_common():
        print(f"  {label:32s} {1e3 * seconds / args.runs:7.2f} ms  {100 * seconds / total:5.1f}%")
    rest = total - covered
    print(f"  {'the rest (Mesa step, tally, loop)':32s} {1e3 * rest / args.runs:7.2f} ms  {100 * rest / total:5.1f}%")
    if absent:
        print(f"  not in this source tree: {', '.join(absent)}")


if __name__ == "__main__":
    main()
