"""Running a calibration: every constant set through every pattern experiment, on common random numbers.

Every constant set runs the same seeds in every arm (the pattern files' own seeds, the first
``replications`` of each), so sets differ by their constants alone. The patterns are checked one
after another (``Plan.order``): each check runs, for every set still undecided, that pattern's runs
through the one evaluator (:mod:`collabsim.evaluator`, local processes or Dask). As soon as all
runs of a set's check are in, its effects are measured (:func:`collabsim.validation.effects.effects`)
and written as the check's own part file. With ``screen`` a set is decided (rejected) at the first
pattern that fails, and the later patterns are not run for it: a set is accepted only if every
pattern holds, so screening changes no verdict, only the cost and which failures are known.
A calibration killed at any moment keeps every finished check and ``--resume`` runs the others.
Layout of a calibration folder::

    manifest.json            version, hash, sizes, the varied constants and their ranges
    calibration.toml         the calibration file as given
    design.parquet           the constant sets, one row per sample
    sets/set-NNNNNNNNNN.PID.parquet  one finished check: a set's effects for pattern PID
    sets/set-NNNNNNNNNN.parquet      one decided set: its constants, every checked measure's effect
    samples.parquet          every set's row, in sample order, once all are decided
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..errors import InputError
from ..evaluator import COLLABSIM, Evaluator, Job, Result, evaluator
from ..mechanisms import CONSTANT_SET
from ..output import atomic_write, check_out_folder, write_parquet
from ..validation.effects import ArmRuns, arm_jobs, effects, run_key
from ..validation.experiments import Loaded

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
SAMPLES = "samples.parquet"
PARTS = "sets"
_PART = re.compile(r"^set-(\d{10})\.parquet$")
_CHECK = re.compile(r"^set-(\d{10})\.(.+)\.parquet$")

Runs = list[tuple[dict[str, Any], int]]
ArmIndex = dict[tuple[str, str], list[int]]


def distinct_runs(
    patterns: Sequence[Loaded], replications: int, by_pattern: Mapping[str, int]
) -> tuple[Runs, ArmIndex]:
    """The distinct runs of these patterns (parameters without constants, seed), and each arm's runs among them."""
    unique: dict[str, int] = {}
    runs: Runs = []
    arms: ArmIndex = {}
    for loaded in patterns:
        reps = by_pattern.get(loaded.id, replications)
        for exp_id, arm, jobs in arm_jobs([loaded], reps):
            index = []
            for params, seed in jobs:
                key = run_key(params, seed)
                if key not in unique:
                    unique[key] = len(runs)
                    runs.append((params, seed))
                index.append(unique[key])
            arms[(exp_id, arm)] = index
    return runs, arms


@dataclass(frozen=True)
class Check:
    """One pattern's check of a set: its distinct runs and each arm's runs among them."""

    loaded: Loaded
    runs: Runs
    arms: ArmIndex

    @property
    def id(self) -> str:
        return self.loaded.id


@dataclass(frozen=True)
class Plan:
    """What a calibration runs: the constant sets (``design``, one row per set) and the patterns."""

    names: tuple[str, ...]
    bounds: np.ndarray  # (constants x 2), the prior ranges
    design: np.ndarray  # (sets x constants)
    patterns: tuple[Loaded, ...]
    replications: int
    rule: str = "interval"
    seed: int = 0
    replications_by_pattern: Mapping[str, int] = field(default_factory=dict)
    model: str = COLLABSIM
    screen: bool = False  # decide a set at its first failing pattern (the later ones are not run)
    order: tuple[str, ...] = ()  # the patterns checked first, in this order; the others follow as given

    def runs(self) -> tuple[Runs, ArmIndex]:
        """The distinct runs of one fully checked set, and each arm's runs among them."""
        return distinct_runs(self.patterns, self.replications, self.replications_by_pattern)

    def checks(self) -> list[Check]:
        """One check per pattern, in the order they are made (``order`` first)."""
        rank = {pid: k for k, pid in enumerate(self.order)}
        ordered = sorted(self.patterns, key=lambda p: rank.get(p.id, len(rank)))  # stable: the rest as given
        return [Check(p, *distinct_runs([p], self.replications, self.replications_by_pattern)) for p in ordered]

    def constants(self, sample: int) -> dict[str, float]:
        return {n: float(v) for n, v in zip(self.names, self.design[sample], strict=True)}


def holds(row: Any, rule: str) -> bool:
    """Whether a measure holds: its interval (``interval``) or its mean (``direction``) on the expected side."""
    sign = 1.0 if row.expected == "positive" else -1.0
    if rule == "direction":
        return bool(sign * row.effect > 0)
    return bool(row.reproduced)


def pattern_holds(table: pd.DataFrame, rule: str) -> bool:
    """Whether a pattern holds: every measure of its effects table does."""
    return all(holds(r, rule) for r in table.itertuples())


def set_row(plan: Plan, sample: int, tables: Mapping[str, pd.DataFrame]) -> dict[str, Any]:
    """One set's row: its constants, each measure's effect, interval and whether it holds, each
    pattern's verdict (every measure holds) and whether the set is accepted (every pattern holds).

    ``tables`` holds the effects of the patterns checked; an unchecked pattern (screened out after
    an earlier failure) has no effect (NaN) and no verdict (None).
    """
    row: dict[str, Any] = {"sample": sample, **plan.constants(sample)}
    verdict: dict[str, bool | None] = {}
    for loaded in plan.patterns:
        table = tables.get(loaded.id)
        if table is None:
            for m in loaded.experiment.measures:
                key = f"{loaded.id}.{m.name}"
                row[f"{key}:effect"] = row[f"{key}:ci_low"] = row[f"{key}:ci_high"] = float("nan")
                row[f"{key}:holds"] = None
            verdict[loaded.id] = None
            continue
        for r in table.itertuples():
            key = f"{r.id}.{r.measure}"
            row[f"{key}:effect"], row[f"{key}:ci_low"], row[f"{key}:ci_high"] = r.effect, r.ci_low, r.ci_high
            row[f"{key}:holds"] = ok = holds(r, plan.rule)
            verdict[r.id] = verdict.get(r.id, True) and ok
    row.update({f"{p}:holds": ok for p, ok in verdict.items()})
    row["accepted"] = all(v is True for v in verdict.values())
    return row


def pattern_ids(samples: pd.DataFrame) -> list[str]:
    """The patterns a samples table judges, in its column order."""
    return [c.removesuffix(":holds") for c in samples.columns if c.endswith(":holds") and "." not in c]


@dataclass
class CalibrationResult:
    """What a calibration did: where it wrote, how many sets there are, were decided before, and
    decided now; the runs a fully checked set takes, and the runs made now."""

    out: Path
    sets: int
    done_before: int
    ran: int
    runs_per_set: int
    runs_made: int = 0


def manifest(plan: Plan, cal_hash: str, name: str) -> dict[str, Any]:
    runs, _ = plan.runs()
    return {
        "collabsim_version": __version__,
        "calibration": name,
        "calibration_hash": cal_hash,
        "model": plan.model,
        "constants": list(plan.names),
        "bounds": plan.bounds.tolist(),
        "patterns": [p.id for p in plan.patterns],
        "replications": plan.replications,
        "replications_by_pattern": dict(plan.replications_by_pattern),
        "rule": plan.rule,
        "seed": plan.seed,
        "sets": len(plan.design),
        "runs_per_set": len(runs),
        "screen": plan.screen,
        "check_order": [c.id for c in plan.checks()],
    }


def read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        raise InputError(
            str(out), "calibration folder", str(out), f"a folder written by 'collabsim calibrate' (no {MANIFEST})"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), "file", str(exc), "a manifest written by 'collabsim calibrate'") from None


def prepare(out: Path, plan: Plan, cal_hash: str, name: str, source: Path | None, resume: bool) -> None:
    """Create a new calibration folder, or check that ``out`` holds this very calibration."""
    path = check_out_folder(out) / MANIFEST
    if path.is_file():
        if not resume:
            raise InputError(
                str(out), "out", str(out), "a new folder, or --resume to finish the calibration stored there"
            )
        stored = read_manifest(out).get("calibration_hash")
        if stored != cal_hash:
            raise InputError(
                str(out),
                "calibration_hash",
                cal_hash,
                f"the hash of the calibration started there ({stored}): its file, options or patterns changed; "
                "start a new --out folder",
            )
        for stray in (out / PARTS).glob(".*.part"):
            stray.unlink(missing_ok=True)  # a write cut short by a kill
        return
    if out.is_dir() and any(out.iterdir()) and not resume:
        raise InputError(str(out), "out", str(out), "an empty or new folder (this one holds other files)")
    (out / PARTS).mkdir(parents=True, exist_ok=True)
    design = pd.DataFrame(plan.design, columns=list(plan.names))
    design.insert(0, "sample", np.arange(len(design)))
    write_parquet(design, out / DESIGN, {"calibration_hash": cal_hash})
    if source is not None:
        text = source.read_bytes()
        atomic_write(out / "calibration.toml", lambda p: p.write_bytes(text))
    body = json.dumps(manifest(plan, cal_hash, name), indent=2)
    atomic_write(path, lambda p: p.write_text(body + "\n"))  # last: its presence marks a started calibration


def done_sets(out: Path) -> set[int]:
    return {int(m[1]) for p in (out / PARTS).glob("set-*.parquet") if (m := _PART.match(p.name))}


def write_set(out: Path, row: dict[str, Any]) -> None:
    table = pa.Table.from_pylist([row])
    atomic_write(out / PARTS / f"set-{row['sample']:010d}.parquet", lambda p: pq.write_table(table, p))


def check_path(out: Path, sample: int, pid: str) -> Path:
    return out / PARTS / f"set-{sample:010d}.{pid}.parquet"


def read_checks(out: Path, sample: int) -> dict[str, pd.DataFrame]:
    """The finished checks of one undecided set: pattern id -> effects table."""
    found = {}
    for path in (out / PARTS).glob(f"set-{sample:010d}.*.parquet"):
        if m := _CHECK.match(path.name):
            found[m[2]] = pq.read_table(path).to_pandas()
    return found


def consolidate(out: Path, sets: int, cal_hash: str) -> pd.DataFrame:
    """Every set's row, in sample order, written to ``samples.parquet``; verdicts are nullable
    booleans (<NA>: the pattern was not checked)."""
    missing = sorted(set(range(sets)) - done_sets(out))
    if missing:
        raise RuntimeError(f"sets {missing[:5]} are missing from {out / PARTS}")
    frames = [pq.read_table(out / PARTS / f"set-{i:010d}.parquet").to_pandas() for i in range(sets)]
    samples = pd.concat(frames, ignore_index=True)
    for col in samples.columns:
        if col.endswith(":holds"):
            samples[col] = samples[col].astype("boolean")
    write_parquet(samples, out / SAMPLES, {"calibration_hash": cal_hash})
    return samples


#: ``progress(pattern, check number, checks, runs of this check, runs of it done before)``
Progress = Callable[[str, int, int, int], Callable[[int], Any] | None]


def calibrate(
    plan: Plan,
    out: Path,
    cal_hash: str,
    name: str = "calibration",
    source: Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> tuple[CalibrationResult, pd.DataFrame]:
    """Run (or finish) a calibration into ``out``; returns what it did and the samples table.

    ``progress(pattern, k, checks, runs)`` is called as the k-th check (from 1) starts and may
    return a callable that takes the number of newly finished runs (e.g. a tqdm bar's ``update``).
    """
    prepare(out, plan, cal_hash, name, source, resume)
    checks = plan.checks()
    decided = done_sets(out)
    todo = [i for i in range(len(plan.design)) if i not in decided]
    checked = {i: read_checks(out, i) for i in todo}
    made = 0

    def settle(sample: int) -> bool:
        """Write the set's row once its checks decide it (all made, or with ``screen`` one failed)."""
        tables = checked[sample]
        failed = plan.screen and not all(pattern_holds(t, plan.rule) for t in tables.values())
        if not (failed or len(tables) == len(checks)):
            return False
        write_set(out, set_row(plan, sample, tables))
        decided.add(sample)
        for pid in tables:
            check_path(out, sample, pid).unlink(missing_ok=True)
        return True

    for sample in todo:
        settle(sample)
    if any(i not in decided for i in todo):
        with evaluator(workers, scheduler) as ev:
            for k, check in enumerate(checks, start=1):
                made += run_check(
                    plan,
                    check,
                    out,
                    ev,
                    [i for i in todo if i not in decided],
                    checked,
                    settle,
                    (lambda runs, k=k, c=check: progress(c.id, k, len(checks), runs)) if progress else None,
                )
    samples = consolidate(out, len(plan.design), cal_hash)
    result = CalibrationResult(
        out, len(plan.design), len(plan.design) - len(todo), len(todo), len(plan.runs()[0]), made
    )
    return result, samples


def run_check(
    plan: Plan,
    check: Check,
    out: Path,
    ev: Evaluator,
    undecided: Sequence[int],
    checked: dict[int, dict[str, pd.DataFrame]],
    settle: Callable[[int], bool],
    progress: Callable[[int], Callable[[int], Any] | None] | None,
) -> int:
    """Run one pattern's check for the undecided sets that lack it; returns the runs made."""
    sets = [i for i in undecided if check.id not in checked[i]]
    n = len(check.runs)
    if not sets or not n:
        return 0
    update = progress(len(sets) * n) if progress else None
    pending: dict[int, list[Result | None]] = {}

    def jobs() -> Iterator[Job]:  # made as the evaluator asks for them: flat memory
        for sample in sets:
            consts = plan.constants(sample)
            for k, (params, seed) in enumerate(check.runs):
                yield Job(sample * n + k, {**params, CONSTANT_SET: consts}, seed)

    def store(done: list[Job], results: list[Result]) -> None:
        for job, result in zip(done, results, strict=True):
            sample, k = divmod(job.id, n)
            got = pending.setdefault(sample, [None] * n)
            got[k] = result
            if all(r is not None for r in got):
                table = checked[sample][check.id] = set_effects(plan, check, got)
                del pending[sample]
                if not settle(sample):  # kept for the checks to come
                    atomic_write(check_path(out, sample, check.id), lambda p, t=table: t.to_parquet(p, index=False))
        if update:
            update(len(done))

    ev.evaluate(plan.model, jobs(), store, total=len(sets) * n)
    return len(sets) * n


def set_effects(plan: Plan, check: Check, results: Sequence[Result | None]) -> pd.DataFrame:
    """The effects table of one check's runs (bootstrap seeded by the plan's seed: the same for every set)."""
    by_arm = {
        key: ArmRuns(key[0], key[1], tuple(check.runs[i][1] for i in index), tuple(results[i] for i in index))  # type: ignore[misc]
        for key, index in check.arms.items()
    }
    return effects([check.loaded], by_arm, seed=plan.seed)
