"""The garbage collector during baseline runs: with the threshold runner.settle_heap sets, and with CPython's.

Usage: python benchmarks/bench_collector.py [--runs 300] [--repeats 2]

Each arm runs in a fresh interpreter (``runner.run_model`` after one warm-up run, which settles the
heap): ``settled`` as the runner leaves it (a collection after ``runner.YOUNG_OBJECTS`` new objects),
``default`` with the first threshold put back to 700 after the warm-up. Counts the collections and
times them with ``gc.callbacks``; the arms alternate ``repeats`` times. No figure is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

WORKER = """
import gc, sys, time
from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import load_scenario
arm, runs = sys.argv[1], int(sys.argv[2])
params = load_scenario("baseline").model_kwargs()
run_model(params, 0)
if arm == "default":
    gc.set_threshold(700, *gc.get_threshold()[1:])
count, spent, began = [0], [0.0], [0.0]
def watch(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        count[0] += 1
        spent[0] += time.perf_counter() - began[0]
gc.callbacks.append(watch)
start = time.perf_counter()
for seed in replication_seeds(1000, runs):
    run_model(params, seed)
total = time.perf_counter() - start
print(f"{arm:8s} {1e3 * total / runs:8.2f} {count[0] / runs:12.2f} {1e3 * spent[0] / runs:18.2f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(f"{'arm':8s} {'ms a run':>8s} {'collections':>12s} {'ms a run collecting':>18s}  ({args.runs} runs each)")
    for _ in range(args.repeats):
        for arm in ("default", "settled"):
            subprocess.run([sys.executable, "-c", WORKER, arm, str(args.runs)], check=True)


if __name__ == "__main__":
    main()
