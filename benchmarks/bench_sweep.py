"""The sweep runner against mesa.batch_run on the same runs, seeds and number of processes.

Usage: python benchmarks/bench_sweep.py [--levels 4] [--replications 4] [--processes 2] [--repeats 3]

Work: a full factorial of ``turnover`` x ``urgency`` (``levels`` values each) on the
baseline scenario (10-year horizon), ``replications`` seeds per point (the same seeds in
both arms), and for every run the summary outcomes (``sustained`` and the rest). With
batch_run that needs the whole series (``data_collection_period=1``), summarised after.
Each arm runs in a fresh interpreter, the arms alternating ``repeats`` times (the machine
may be shared: medians); wall time includes starting the worker processes.
Peak memory: maximum resident set of the main process and of the largest worker
(``resource.getrusage``).

Then the sweep runner alone, on the same sweep: (a) its overhead, the time outside the model
per run (sampling, seeding, making the jobs, storing the parts, progress, consolidating), as
a share of the model's own time: one worker (in this process), ``collabsim.runner.run_model``
wrapped in a timer, overhead = wall time - the model's time; and (b) the wall time with one
and with two workers and their ratio (2-worker speed-up; efficiency = speed-up / 2). Those
arms alternate ``repeats`` times too (``--no-batch-run`` skips the comparison with batch_run).
Prints tables; no figure is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SEED = 4242


def _levels(n: int, high: float) -> list[float]:
    return [float(v) for v in np.linspace(0.0, high, n)]


def arm_sweep(levels: int, reps: int, processes: int, progress: bool = True) -> dict[str, float]:
    from collabsim.sweep import load_experiment, sweep

    with tempfile.TemporaryDirectory() as tmp:
        exp_file = Path(tmp) / "bench.toml"
        exp_file.write_text(
            f'method = "grid"\nscenario = "baseline"\nreplications = {reps}\nseed = {SEED}\n'
            f"[parameters]\nturnover = {{ levels = {_levels(levels, 0.5)} }}\n"
            f"urgency = {{ levels = {_levels(levels, 1.0)} }}\n"
        )
        exp = load_experiment(exp_file)
        start = time.perf_counter()
        counted = [0]

        def bar(total: int, done: int):  # what the command line's progress bar is given
            return lambda n: counted.__setitem__(0, counted[0] + n)

        sweep(exp, Path(tmp) / "out", workers=processes, progress=bar if progress else None)
        seconds = time.perf_counter() - start
        import pandas as pd

        runs = pd.read_parquet(Path(tmp) / "out" / "runs.parquet")
        checksum = math.fsum(runs["sustained"])  # exact sum: independent of the runs' order
    return {"seconds": seconds, "runs": len(runs), "checksum": checksum}


def arm_overhead(levels: int, reps: int, processes: int) -> dict[str, float]:
    """The sweep after a warm-up run; with one worker (in this process) the model's own time counted apart.

    With more workers, forked after the warm-up, only the wall time counts.
    """
    import collabsim.runner as runner

    model_run = runner.run_model
    spent = [0.0]

    def timed(params, seed):  # the evaluator resolves collabsim.runner.run_model on its first run
        start = time.perf_counter()
        try:
            return model_run(params, seed)
        finally:
            spent[0] += time.perf_counter() - start

    runner.run_model = timed
    model_run(runner.load_scenario("baseline").model_kwargs(), 0)  # warm-up: imports and caches
    result = arm_sweep(levels, reps, processes, progress=True)
    result["model_seconds"] = spent[0]
    return result


def arm_batch_run(levels: int, reps: int, processes: int) -> dict[str, float]:
    import mesa
    import pandas as pd

    from collabsim import CollaborationModel
    from collabsim.outcomes import SERIES, summarise
    from collabsim.params import STEPS_PER_YEAR
    from collabsim.runner import replication_seeds
    from collabsim.scenario import load_scenario

    base = load_scenario("baseline").model_kwargs()
    # lists (and dicts) are values to iterate over in batch_run: wrap the fixed list- and dict-valued inputs
    params = {k: [v] if isinstance(v, list | dict) else v for k, v in base.items()}
    params["turnover"] = _levels(levels, 0.5)
    params["urgency"] = _levels(levels, 1.0)
    seeds = replication_seeds(SEED, reps)
    start = time.perf_counter()
    results = mesa.batch_run(
        CollaborationModel,
        parameters=params,
        rng=seeds,
        number_processes=processes,
        data_collection_period=1,
        max_steps=10_000,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    rows = []
    for _, run in frame.groupby("RunId"):
        run = run.sort_values("Step")
        series = {name: run[name].to_numpy(dtype=float) for name in SERIES}
        first = run.iloc[0]
        rows.append({"turnover": first["turnover"], "urgency": first["urgency"], **summarise(series, STEPS_PER_YEAR)})
    seconds = time.perf_counter() - start
    out = pd.DataFrame(rows)
    checksum = math.fsum(out["sustained"])  # exact sum: independent of the runs' order
    return {"seconds": seconds, "runs": len(out), "checksum": checksum}


def _arm(name: str, levels: int, reps: int, processes: int) -> None:
    arms = {"sweep": arm_sweep, "batch_run": arm_batch_run, "overhead": arm_overhead}
    result = arms[name](levels, reps, processes)
    result["main_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["worker_peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, default=4, help="values per varied parameter (points = levels**2)")
    parser.add_argument("--replications", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="alternating passes of both arms")
    parser.add_argument("--no-batch-run", action="store_true", help="skip the comparison with mesa.batch_run")
    parser.add_argument("--arm", choices=("sweep", "batch_run", "overhead"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.arm:
        _arm(args.arm, args.levels, args.replications, args.processes)
        return
    if not args.no_batch_run:
        against_batch_run(args)
    overhead_and_workers(args)


def _run_arm(arm: str, args: argparse.Namespace, processes: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--arm", arm, "--levels", str(args.levels)]
    cmd += ["--replications", str(args.replications), "--processes", str(processes)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def overhead_and_workers(args: argparse.Namespace) -> None:
    """(a) the sweep's time outside the model, (b) one worker against two, alternated."""
    runs = args.levels**2 * args.replications
    one, two = [], []
    for _ in range(args.repeats):
        one.append(_run_arm("overhead", args, 1))
        two.append(_run_arm("overhead", args, 2))
    outside = [r["seconds"] - r["model_seconds"] for r in one]
    share = [o / r["model_seconds"] for o, r in zip(outside, one, strict=True)]
    print(f"sweep runner alone, {runs} runs, {args.repeats} alternating passes; medians (min-max)")
    print(
        f"(a) one worker: wall {statistics.median(r['seconds'] for r in one):.2f} s, the model's own "
        f"{statistics.median(r['model_seconds'] for r in one):.2f} s; outside the model "
        f"{1e3 * statistics.median(outside) / runs:.2f} ms per run = {100 * statistics.median(share):.1f}% "
        f"of the model's time ({100 * min(share):.1f}-{100 * max(share):.1f}%)"
    )
    w1 = [r["seconds"] for r in one]
    w2 = [r["seconds"] for r in two]
    ratio = statistics.median(w1) / statistics.median(w2)
    print(
        f"(b) wall time, one worker {statistics.median(w1):.2f} s ({min(w1):.2f}-{max(w1):.2f}), two workers "
        f"{statistics.median(w2):.2f} s ({min(w2):.2f}-{max(w2):.2f}): speed-up {ratio:.2f}, "
        f"efficiency {ratio / 2:.2f}; same outputs: {len({r['checksum'] for r in one + two}) == 1}"
    )


def against_batch_run(args: argparse.Namespace) -> None:
    runs = args.levels**2 * args.replications
    print(f"{runs} runs ({args.levels**2} points x {args.replications} seeds), {args.processes} processes, baseline;")
    print(f"arms alternate, {args.repeats} times each; medians (min-max)")
    results: dict[str, list[dict[str, float]]] = {"sweep": [], "batch_run": []}
    for _ in range(args.repeats):
        for arm in results:
            results[arm].append(_run_arm(arm, args, args.processes))
    print(f"{'runner':10s} {'seconds':>18s} {'runs/s':>8s} {'main MiB':>9s} {'worker MiB':>11s}  checksum(sustained)")
    for arm, rs in results.items():
        secs = [r["seconds"] for r in rs]
        med = statistics.median(secs)
        print(
            f"{arm:10s} {med:6.1f} ({min(secs):4.1f}-{max(secs):4.1f}) {runs / med:8.1f} "
            f"{max(r['main_peak_mib'] for r in rs):9.0f} {max(r['worker_peak_mib'] for r in rs):11.0f}  "
            f"{rs[0]['checksum']:.6f}"
        )
    checks = {r["checksum"] for rs in results.values() for r in rs}
    speedup = statistics.median(r["seconds"] for r in results["batch_run"]) / statistics.median(
        r["seconds"] for r in results["sweep"]
    )
    print(f"same outputs: {len(checks) == 1}; sweep runner speed-up over batch_run (medians): {speedup:.2f}x")


if __name__ == "__main__":
    main()
