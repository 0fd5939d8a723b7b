"""The ``collabsim sweep`` and ``collabsim analyze`` commands (thin: parse, call, print)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import InputError
from ..evaluator import check_scheduler, worker_count


def cmd_sweep(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..calibration.ensemble import coverage_note, load_ensemble
    from ..evaluator import ModelError
    from .execute import sweep
    from .experiment import load_experiment

    exp = load_experiment(args.experiment, ensemble=args.ensemble, replications=args.replications)
    if note := coverage_note(load_ensemble(exp.ensemble) if exp.ensemble else None, exp.replications):
        print(note, file=sys.stderr)
    if args.scheduler:
        check_scheduler(args.scheduler)
    out = Path(args.out) if args.out else Path("results") / "sweeps" / exp.name
    workers = worker_count(args.workers)
    bar: tqdm | None = None

    def progress(total: int, done: int):
        nonlocal bar
        if done:
            print(f"resuming {out}: {done} of {total} runs stored; running the other {total - done}", file=sys.stderr)
        bar = tqdm(
            total=total, initial=done, desc=exp.name, unit="run", disable=args.quiet, file=sys.stderr, smoothing=0.05
        )
        return bar.update

    start = time.perf_counter()
    try:
        result = sweep(exp, out, workers=workers, scheduler=args.scheduler, resume=args.resume, progress=progress)
    except ModelError as exc:
        print(f"collabsim: error: {exc} (finished runs are kept; fix and use --resume)", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - start
    backend = f"Dask scheduler {args.scheduler}" if args.scheduler else f"{workers} local worker processes"
    print(
        f"wrote {out}/runs.parquet: {result.total} runs ({result.ran} now, {result.done_before} before), "
        f"seed {exp.seed}, experiment hash {exp.content_hash()}, {backend}, {seconds:.1f} s"
    )
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze, ranking
    from .store import read_manifest

    folder = Path(args.folder)
    if not folder.is_dir():
        raise InputError(str(folder), "folder", str(folder), "a sweep folder written by 'collabsim sweep'")
    man = read_manifest(folder)
    tables = analyze(folder, figures=not args.no_figures)
    idx = tables["indices"]
    method = man["method"]
    if method in ("sobol", "morris", "lhs") and not idx.empty:
        cols = {"sobol": ["S1", "S1_conf", "ST", "ST_conf"], "morris": ["mu_star", "mu_star_conf", "sigma"]}
        for output in man["outputs"]:
            ranked = ranking(idx, output, method)
            if ranked.empty:
                continue
            print(f"\n{output} (mean over replications), ranked:")
            print(ranked[["parameter", *cols.get(method, ["S1", "S1_conf"])]].round(3).to_string(index=False))
    for _, row in tables["skipped"].iterrows():
        print(f"skipped {row['output']}: {row['reason']}")
    print(f"\nwrote {folder}/analysis/ ({man['runs']} runs, method {method})")
    return 0
