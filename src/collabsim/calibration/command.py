"""The ``collabsim calibrate`` command: run a calibration, write its samples, ensemble, tables and figures."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from .. import __version__
from ..errors import InputError, did_you_mean
from ..evaluator import ModelError, check_scheduler, worker_count
from ..output import atomic_write, write_figure
from ..validation.experiments import PATTERN_DIR, load_pattern_experiments, pattern_files
from . import analysis, figures
from .design import load_calibration, resolve_calibration_path, sample_sets
from .ensemble import ensemble_data, ensemble_text
from .run import Plan, calibrate

ENSEMBLE = "accepted.toml"


def calibrate_command(
    experiment: str,
    *,
    samples: int | None,
    replications: int | None,
    seed: int | None,
    check_all: bool = False,
    workers: int | None,
    scheduler: str | None,
    resume: bool,
    out: str | None,
    quiet: bool,
) -> int:
    """Run (or finish) a calibration and write what it found. Every check comes before anything runs."""
    cal = load_calibration(
        experiment,
        {"samples": samples, "replications": replications, "seed": seed, "screen": False if check_all else None},
    )
    if scheduler:
        check_scheduler(scheduler)
    patterns = load_pattern_experiments(PATTERN_DIR, cal.patterns)
    ids = [p.id for p in patterns]
    for key, pid in [(f"seed_factor.{p}", p) for p in cal.seed_factor] + [("order", p) for p in cal.order]:
        if pid not in ids:
            raise InputError(
                str(resolve_calibration_path(experiment)),
                key,
                pid,
                f"a checked pattern: one of {', '.join(ids)}{did_you_mean(pid, ids)}",
            )
    files = [p.path for p in patterns] if cal.patterns else pattern_files(PATTERN_DIR)
    cal_hash = cal.content_hash(files)
    plan = Plan(
        names=tuple(cal.varied()),
        bounds=cal.bounds(),
        design=sample_sets(cal),
        patterns=tuple(patterns),
        replications=cal.replications,
        rule=cal.rule,
        seed=cal.seed,
        replications_by_pattern=cal.replications_by_pattern(),
        screen=cal.screen,
        order=tuple(cal.order),
    )
    folder = Path(out) if out else Path("results") / "calibration" / cal.name
    n_workers = worker_count(workers)
    bars: list[tqdm] = []

    def progress(pattern: str, k: int, checks: int, runs: int):
        if bars:
            bars[-1].close()
        desc = f"{cal.name} {pattern} ({k}/{checks})"
        bars.append(tqdm(total=runs, desc=desc, unit="run", disable=quiet, file=sys.stderr, smoothing=0.05))
        return bars[-1].update

    if resume and not quiet:
        print(f"resuming {folder}: running the checks not yet stored", file=sys.stderr)
    start = time.perf_counter()
    try:
        result, table = calibrate(
            plan,
            folder,
            cal_hash,
            cal.name,
            resolve_calibration_path(experiment),
            workers=n_workers,
            scheduler=scheduler,
            resume=resume,
            progress=progress,
        )
    except ModelError as exc:
        print(f"collabsim: error: {exc} (finished sets are kept; fix and use --resume)", file=sys.stderr)
        return 1
    finally:
        if bars:
            bars[-1].close()
    seconds = time.perf_counter() - start
    command = [
        "collabsim",
        "calibrate",
        experiment,
        "--samples",
        str(cal.samples),
        "--replications",
        str(cal.replications),
        "--seed",
        str(cal.seed),
        *(["--check-all"] if not cal.screen else []),
    ]
    write_findings(folder, plan, table, cal.name, cal_hash, shlex.join(command))
    n_acc = int(table["accepted"].sum())
    screened = ", a set screened out at its first failing pattern" if plan.screen else ""
    backend = f"Dask scheduler {scheduler}" if scheduler else f"{n_workers} local worker processes"
    print(
        f"{n_acc} of {result.sets} constant sets reproduce every pattern ({len(plan.patterns)} patterns, rule "
        f"'{plan.rule}', {result.runs_per_set} runs per fully checked set; {result.ran} sets now, "
        f"{result.done_before} before; {result.runs_made} runs now{screened}; {backend}, {seconds:.1f} s)"
    )
    if not n_acc:
        print(no_set_text(table, plan.screen))
    print(f"wrote {folder}/samples.parquet, {ENSEMBLE}, accepted_ranges.csv, rejections.csv, constant_sensitivity.csv "
          "and figures")
    return 0


def no_set_text(table: pd.DataFrame, screened: bool = False) -> str:
    """Why no set was accepted: the patterns that never hold and the pairs that never hold together.

    Under screening a pattern is checked only in sets that passed the ones before it, so a conflict
    with an earlier pattern shows as a pattern that never holds; ``--check-all`` tells them apart.
    """
    lines = ["No constant set reproduces every pattern; the patterns are not loosened."]
    never = analysis.never_hold(table)
    if never and screened:
        lines.append(
            f"Never reproduced in the sets that reached it: {', '.join(never)}. It may conflict with a pattern "
            "checked before it; run with --check-all to check every pattern of every set and name the pairs."
        )
    elif never:
        lines.append(f"Never reproduced in any set: {', '.join(never)}.")
    unreached = analysis.never_checked(table)
    if unreached:
        lines.append(f"Not checked in any set (each failed an earlier pattern first): {', '.join(unreached)}.")
    pairs = analysis.conflicts(table)
    for r in pairs.itertuples():
        lines.append(
            f"{r.pattern} and {r.other} conflict: each holds in some sets ({r.holds}, {r.other_holds}), "
            "never both in the sets that checked both."
        )
    fails = analysis.rejections(table)
    worst = fails.iloc[0]
    lines.append(
        f"Ruled out most sets: {worst['pattern']} "
        f"(fails in {worst['fails']} of the {worst['checked']} sets that checked it)."
    )
    return "\n".join(lines)


def write_findings(folder: Path, plan: Plan, table: pd.DataFrame, name: str, cal_hash: str, command: str) -> None:
    """The ensemble file, the tables (accepted ranges, stability, rejections, conflicts, the constants'
    sensitivity indices) and the figures."""
    names = list(plan.names)
    ranges = analysis.accepted_ranges(table, names, plan.bounds)
    stable = analysis.stability(table, names, plan.bounds)
    fails = analysis.rejections(table)
    meta: dict[str, Any] = {"calibration": name, "calibration_hash": cal_hash, "rule": plan.rule}
    header = (
        f"The accepted constant sets of a calibration: {int(table['accepted'].sum())} of {len(table)} reproduce every "
        f"pattern ({', '.join(p.id for p in plan.patterns)}).\nWritten by {command} (collabsim {__version__})."
    )
    text = ensemble_text(ensemble_data(table, names, meta), header)
    atomic_write(folder / ENSEMBLE, lambda p: p.write_text(text, encoding="utf-8"))
    for file, frame in (
        ("accepted_ranges.csv", ranges),
        ("stability.csv", stable),
        ("rejections.csv", fails),
        ("conflicts.csv", analysis.conflicts(table)),
        ("constant_sensitivity.csv", analysis.constant_sensitivity(table, names, plan.bounds, seed=plan.seed)),
    ):
        atomic_write(folder / file, lambda p, f=frame: f.to_csv(p, index=False))
    title = f"{name}: accepted constant sets ({int(table['accepted'].sum())} of {len(table)})"
    write_figure(figures.accepted_ranges_figure(table, ranges, stable, title), folder / "accepted_ranges.png")
    write_figure(
        figures.rejections_figure(fails, len(table), f"{name}: which pattern rules out the most", plan.screen),
        folder / "rejections.png",
    )
