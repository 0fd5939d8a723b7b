"""Two source trees side by side: baseline runs per second of each, alternated in one call.

Usage: python benchmarks/bench_ab.py OLD_SRC NEW_SRC [--rounds R] [--runs N] [--scale K]

Starts one worker process per source tree (``PYTHONPATH`` set to it; imports and one warm-up
run paid once), then asks them in turn (A B, B A, ...) for ``N`` runs of the baseline scenario
at the same seeds, ``R`` times. Prints per tree the fastest and the median round (milliseconds
per run, wall clock and process CPU) and the ratios old/new. On a machine shared with other
work the fastest round is the steadier figure; no figure is asserted. ``--scale K``: the baseline
with K times its organisations and residents (bench_growth.py's ``scaled``, through each tree's own
scenario API, so only trees that have it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

WORKER = """
import sys, time
from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import load_scenario
scale = int(sys.argv[1])
if scale == 1:
    params = load_scenario("baseline").model_kwargs()
else:  # bench_growth's scaled baseline, made by the tree's own scenario API
    sys.path.insert(0, sys.argv[2])
    from bench_growth import scaled
    params = scaled(scale).model_kwargs()
run_model(params, 0)
seeds = replication_seeds(1000, 1000)
k = 0
for line in sys.stdin:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(int(line)):
        run_model(params, seeds[k % len(seeds)])
        k += 1
    print(time.perf_counter() - wall, time.process_time() - cpu, flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the baseline's src directory")
    parser.add_argument("new", help="the candidate's src directory")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=4, help="runs per round and tree")
    parser.add_argument(
        "--scale", type=int, default=1, help="the baseline scaled k times, as bench_growth.py (trees with its API)"
    )
    args = parser.parse_args()
    workers = {
        name: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(args.scale), os.path.dirname(os.path.abspath(__file__))],
            env={**os.environ, "PYTHONPATH": src},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, src in (("old", args.old), ("new", args.new))
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in workers}
    for r in range(args.rounds):
        for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
            worker = workers[name]
            worker.stdin.write(f"{args.runs}\n")
            worker.stdin.flush()
            wall, cpu = map(float, worker.stdout.readline().split())
            times[name].append((1e3 * wall / args.runs, 1e3 * cpu / args.runs))
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    summary = {}
    for name, rows in times.items():
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        summary[name] = (min(walls), statistics.median(walls), min(cpus), statistics.median(cpus))
        print(
            f"{name}: ms per run, wall fastest {summary[name][0]:.1f} median {summary[name][1]:.1f}; "
            f"cpu fastest {summary[name][2]:.1f} median {summary[name][3]:.1f}"
        )
    old, new = summary["old"], summary["new"]
    print(
        f"old/new: wall fastest {old[0] / new[0]:.2f} median {old[1] / new[1]:.2f}; "
        f"cpu fastest {old[2] / new[2]:.2f} median {old[3] / new[3]:.2f} "
        f"({args.rounds} rounds of {args.runs} runs each{f', the baseline x{args.scale}' if args.scale > 1 else ''})"
    )


if __name__ == "__main__":
    main()
