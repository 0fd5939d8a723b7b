"""Running a calibration: every constant set through every pattern experiment, on common random numbers.

Every constant set runs the same seeds in every arm (the pattern files' own seeds, the first
``replications`` of each), so sets differ by their constants alone. Runs go through the one
evaluator (:mod:`collabsim.evaluator`, local processes or Dask) in the order of the sets; as
soon as all runs of a set are in, its effects are measured (:func:`collabsim.validation.effects.effects`)
and written as the set's own part file, so a calibration killed at any moment keeps every
finished set and ``--resume`` runs the others. Layout of a calibration folder::

    manifest.json            version, hash, sizes, the varied constants and their ranges
    calibration.toml         the calibration file as given
    design.parquet           the constant sets, one row per sample
    sets/set-NNNNNNNNNN.parquet  one finished set: its constants and every measure's effect
    samples.parquet          every set's row, in sample order, once all are done
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
from ..evaluator import COLLABSIM, Job, Result, evaluator
from ..mechanisms import CONSTANT_SET
from ..output import atomic_write, check_out_folder, write_parquet
from ..validation.effects import ArmRuns, arm_jobs, effects, run_key
from ..validation.experiments import Loaded

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
SAMPLES = "samples.parquet"
PARTS = "sets"
_PART = re.compile(r"^set-(\d{10})\.parquet$")


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

    def runs(self) -> tuple[list[tuple[dict[str, Any], int]], dict[tuple[str, str], list[int]]]:
        """The distinct runs of one set (parameters without constants, seed), and each arm's runs among them."""
        unique: dict[str, int] = {}
        runs: list[tuple[dict[str, Any], int]] = []
        arms: dict[tuple[str, str], list[int]] = {}
        for loaded in self.patterns:
            reps = self.replications_by_pattern.get(loaded.id, self.replications)
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

    def constants(self, sample: int) -> dict[str, float]:
        return {n: float(v) for n, v in zip(self.names, self.design[sample], strict=True)}


def holds(row: Any, rule: str) -> bool:
    """Whether a measure holds: its interval (``interval``) or its mean (``direction``) on the expected side."""
    sign = 1.0 if row.expected == "positive" else -1.0
    if rule == "direction":
        return bool(sign * row.effect > 0)
    return bool(row.reproduced)


def set_row(plan: Plan, sample: int, table: pd.DataFrame) -> dict[str, Any]:
    """One set's row: its constants, each measure's effect, interval and whether it holds, each
    pattern's verdict (every measure holds) and whether the set is accepted (every pattern holds)."""
    row: dict[str, Any] = {"sample": sample, **plan.constants(sample)}
    verdict: dict[str, bool] = {}
    for r in table.itertuples():
        key = f"{r.id}.{r.measure}"
        row[f"{key}:effect"], row[f"{key}:ci_low"], row[f"{key}:ci_high"] = r.effect, r.ci_low, r.ci_high
        row[f"{key}:holds"] = ok = holds(r, plan.rule)
        verdict[r.id] = verdict.get(r.id, True) and ok
    row.update({f"{p}:holds": ok for p, ok in verdict.items()})
    row["accepted"] = all(verdict.values())
    return row


def pattern_ids(samples: pd.DataFrame) -> list[str]:
    """The patterns a samples table judges, in its column order."""
    return [c.removesuffix(":holds") for c in samples.columns if c.endswith(":holds") and "." not in c]


@dataclass
class CalibrationResult:
    """What a calibration did: where it wrote, how many sets there are, were done before, and ran now."""

    out: Path
    sets: int
    done_before: int
    ran: int
    runs_per_set: int


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


def consolidate(out: Path, sets: int, cal_hash: str) -> pd.DataFrame:
    """Every set's row, in sample order, written to ``samples.parquet``."""
    missing = sorted(set(range(sets)) - done_sets(out))
    if missing:
        raise RuntimeError(f"sets {missing[:5]} are missing from {out / PARTS}")
    frames = [pq.read_table(out / PARTS / f"set-{i:010d}.parquet").to_pandas() for i in range(sets)]
    samples = pd.concat(frames, ignore_index=True)
    write_parquet(samples, out / SAMPLES, {"calibration_hash": cal_hash})
    return samples


def calibrate(
    plan: Plan,
    out: Path,
    cal_hash: str,
    name: str = "calibration",
    source: Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Callable[[int, int], Callable[[int], Any] | None] | None = None,
) -> tuple[CalibrationResult, pd.DataFrame]:
    """Run (or finish) a calibration into ``out``; returns what it did and the samples table.

    ``progress(total runs, runs done before)`` is called once and may return a callable that
    takes the number of newly finished runs (e.g. a tqdm bar's ``update``).
    """
    prepare(out, plan, cal_hash, name, source, resume)
    runs, arms = plan.runs()
    n = len(runs)
    todo = [i for i in range(len(plan.design)) if i not in done_sets(out)]
    update = progress(len(plan.design) * n, (len(plan.design) - len(todo)) * n) if progress else None
    pending: dict[int, list[Result | None]] = {}

    def jobs() -> Iterator[Job]:  # made as the evaluator asks for them: flat memory
        for sample in todo:
            consts = plan.constants(sample)
            for k, (params, seed) in enumerate(runs):
                yield Job(sample * n + k, {**params, CONSTANT_SET: consts}, seed)

    def store(done: list[Job], results: list[Result]) -> None:
        for job, result in zip(done, results, strict=True):
            sample, k = divmod(job.id, n)
            got = pending.setdefault(sample, [None] * n)
            got[k] = result
            if all(r is not None for r in got):
                write_set(out, set_row(plan, sample, set_effects(plan, arms, runs, got)))
                del pending[sample]
        if update:
            update(len(done))

    if todo:
        with evaluator(workers, scheduler) as ev:
            ev.evaluate(plan.model, jobs(), store, total=len(todo) * n)
    samples = consolidate(out, len(plan.design), cal_hash)
    return CalibrationResult(out, len(plan.design), len(plan.design) - len(todo), len(todo), n), samples


def set_effects(
    plan: Plan,
    arms: Mapping[tuple[str, str], list[int]],
    runs: Sequence[tuple[dict[str, Any], int]],
    results: Sequence[Result | None],
) -> pd.DataFrame:
    """The effects table of one set's runs (bootstrap seeded by the plan's seed: the same for every set)."""
    by_arm = {
        key: ArmRuns(key[0], key[1], tuple(runs[i][1] for i in index), tuple(results[i] for i in index))  # type: ignore[misc]
        for key, index in arms.items()
    }
    return effects(list(plan.patterns), by_arm, seed=plan.seed)
