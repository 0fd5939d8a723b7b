"""The on-disk store of a sweep: a manifest, the design, and finished runs as part files.

Layout of a sweep folder::

    manifest.json        version, experiment hash, seed, sizes (written once, atomically)
    experiment.toml      the experiment file as given
    design.parquet       the sample matrix, one row per sample point
    runs/part-A-B.parquet  finished runs A..B-1 (run = sample * replications + replication)
    runs.parquet         all runs sorted by run id, once the sweep is complete

Every file appears by an atomic rename, so a sweep killed at any moment leaves only
complete part files behind; ``--resume`` runs the run ids no part file holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__
from ..errors import InputError
from ..output import atomic_write, check_out_folder
from . import sampling
from .experiment import Experiment

MANIFEST = "manifest.json"
DESIGN = "design.parquet"
RUNS = "runs.parquet"
PARTS = "runs"
ROW_GROUP = 65_536
_PART = re.compile(r"^part-(\d{10})-(\d{10})\.parquet$")


def schema(exp: Experiment, metadata: dict[str, str] | None = None) -> pa.Schema:
    """Columns of the run table: ids, seed, the varied parameters, the outputs."""
    fields = [pa.field(n, pa.int64()) for n in ("run", "sample", "replication", "seed")]
    for name, spec in exp.parameters.items():
        is_text = spec.levels is not None and isinstance(spec.levels[0], str)
        fields.append(pa.field(name, pa.string() if is_text else pa.float64()))
    fields += [pa.field(o, pa.float64()) for o in exp.outputs]
    meta = {"collabsim_version": __version__, **(metadata or {})}
    return pa.schema(fields, metadata={k.encode(): str(v).encode() for k, v in meta.items()})


def provenance(exp: Experiment) -> dict[str, str]:
    return {
        "collabsim_experiment": exp.name,
        "collabsim_experiment_hash": exp.content_hash(),
        "collabsim_seed": str(exp.seed),
        "collabsim_method": exp.method,
    }


def manifest(exp: Experiment, n_points: int) -> dict[str, Any]:
    return {
        "collabsim_version": __version__,
        "experiment": exp.name,
        "experiment_hash": exp.content_hash(),
        "experiment_file": exp.source,
        "model": exp.model,
        "scenario": exp.scenario,
        "scenario_hash": exp.scenario_hash,
        "method": exp.method,
        "seed": exp.seed,
        "parameters": exp.names,
        "outputs": exp.outputs,
        "samples": exp.samples,
        "problem": {"names": exp.names, "bounds": sampling.problem(exp)["bounds"]},
        "levels": {n: s.levels for n, s in exp.parameters.items() if s.levels is not None},
        "analysis": {
            "second_order": exp.second_order,
            "levels": exp.levels,
            "resamples": exp.resamples,
            "confidence": exp.confidence,
        },
        "common_random_numbers": exp.common_random_numbers,
        "ensemble": exp.ensemble,
        "ensemble_hash": exp.ensemble_hash,
        "points": n_points,
        "replications": exp.replications,
        "runs": n_points * exp.replications,
    }


def prepare(out: Path, exp: Experiment, design: np.ndarray, resume: bool) -> None:
    """Create a new sweep folder, or check that ``out`` holds this very experiment."""
    path = check_out_folder(out) / MANIFEST
    if path.is_file():
        if not resume:
            raise InputError(str(out), "out", str(out), "a new folder, or --resume to finish the sweep stored there")
        stored = read_manifest(out)
        if stored.get("experiment_hash") != exp.content_hash():
            raise InputError(
                str(out),
                "experiment_hash",
                exp.content_hash(),
                f"the hash of the experiment this sweep was started with ({stored.get('experiment_hash')}); "
                "the experiment or its scenario changed, start a new --out folder",
            )
        for stray in (out / PARTS).glob(".*.part"):
            stray.unlink(missing_ok=True)  # a write cut short by a kill
        return
    if out.is_dir() and any(out.iterdir()) and not resume:
        raise InputError(str(out), "out", str(out), "an empty or new folder (this one holds other files)")
    (out / PARTS).mkdir(parents=True, exist_ok=True)
    meta = provenance(exp)
    cols = {f"x{i}_{n}": design[:, i] for i, n in enumerate(exp.names)}
    table = pa.table({"sample": np.arange(len(design), dtype=np.int64), **cols})
    table = table.replace_schema_metadata({k.encode(): v.encode() for k, v in meta.items()})
    atomic_write(out / DESIGN, lambda p: pq.write_table(table, p))
    if exp.source:
        text = Path(exp.source).read_bytes()
        atomic_write(out / "experiment.toml", lambda p: p.write_bytes(text))
    body = json.dumps(manifest(exp, len(design)), indent=2)
    atomic_write(path, lambda p: p.write_text(body + "\n"))  # last: its presence marks a started sweep


class _Problem(BaseModel):
    names: list[str] = Field(min_length=1)
    bounds: list[list[float]] = Field(min_length=1)


class _Analysis(BaseModel):
    second_order: bool
    levels: int
    resamples: int = Field(ge=1)
    confidence: float = Field(gt=0, lt=1)


class _Manifest(BaseModel):
    """What ``analyze`` relies on in a stored manifest (more keys are kept as they are)."""

    model_config = ConfigDict(extra="allow")
    experiment_hash: str
    method: Literal["sobol", "morris", "lhs", "grid"]
    seed: int
    outputs: list[str] = Field(min_length=1)
    samples: int = Field(ge=1)
    problem: _Problem
    analysis: _Analysis
    points: int = Field(ge=1)
    replications: int = Field(ge=1)
    runs: int = Field(ge=1)


def read_manifest(out: Path) -> dict[str, Any]:
    """The stored manifest, checked; a missing or damaged one is a clear input error."""
    path = out / MANIFEST
    if not path.is_file():
        raise InputError(str(out), "sweep folder", str(out), f"a folder written by 'collabsim sweep' (no {MANIFEST})")
    try:
        return _Manifest.model_validate_json(path.read_bytes()).model_dump()
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "file"
        given = {"json_invalid": "invalid JSON", "missing": "nothing"}.get(err["type"], err.get("input"))
        raise InputError(str(path), key, given, f"a manifest written by 'collabsim sweep' ({err['msg']})") from None


def read_table(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A Parquet file of the sweep; an unreadable or truncated one is a clear input error."""
    try:
        return pq.read_table(path, columns=columns)
    except (pa.ArrowException, OSError) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(str(path), "file", text, "a complete Parquet file written by 'collabsim sweep'") from None


def read_design(out: Path) -> np.ndarray:
    table = read_table(out / DESIGN)
    return np.column_stack([table.column(i).to_numpy() for i in range(1, table.num_columns)])


def parts(out: Path) -> list[tuple[int, int, Path]]:
    """Finished part files as (first run, last run + 1, path), sorted."""
    found = []
    for p in (out / PARTS).glob("part-*.parquet"):
        m = _PART.match(p.name)
        if m:
            found.append((int(m.group(1)), int(m.group(2)), p))
    return sorted(found)


def done_runs(out: Path, total: int) -> np.ndarray:
    """A boolean mask of the run ids some part file holds."""
    done = np.zeros(total, dtype=bool)
    for start, stop, _ in parts(out):
        done[start:stop] = True
    return done


def write_part(out: Path, exp: Experiment, rows: list[dict[str, Any]]) -> None:
    """Write one batch of finished runs (consecutive run ids) as its own part file."""
    sch = schema(exp)
    table = pa.Table.from_pylist(rows, schema=sch)
    start, stop = rows[0]["run"], rows[-1]["run"] + 1
    if stop - start != len(rows):
        raise ValueError("a part holds consecutive run ids")
    atomic_write(out / PARTS / f"part-{start:010d}-{stop:010d}.parquet", lambda p: pq.write_table(table, p))


def _tables(out: Path, exp: Experiment, total: int) -> Iterator[pa.Table]:
    expect = 0
    for start, stop, path in parts(out):
        if start != expect:
            raise RuntimeError(f"runs {expect}..{start - 1} are missing from {out / PARTS}")
        yield pq.read_table(path, schema=schema(exp))
        expect = stop
    if expect != total:
        raise RuntimeError(f"runs {expect}..{total - 1} are missing from {out / PARTS}")


def consolidate(out: Path, exp: Experiment, total: int) -> Path:
    """Stream the part files, in run order, into ``runs.parquet`` (fixed row groups).

    Memory holds at most one row group plus one part; the file's bytes do not depend
    on how the runs were batched, so an interrupted and resumed sweep writes the same file.
    """
    sch = schema(exp, provenance(exp))

    def write(path: Path) -> None:
        with pq.ParquetWriter(path, sch) as writer:
            buffer: list[pa.Table] = []
            rows = 0
            for table in _tables(out, exp, total):
                buffer.append(table.replace_schema_metadata(sch.metadata))
                rows += table.num_rows
                while rows >= ROW_GROUP:
                    merged = pa.concat_tables(buffer)
                    writer.write_table(merged.slice(0, ROW_GROUP), row_group_size=ROW_GROUP)
                    rest = merged.slice(ROW_GROUP)
                    buffer, rows = [rest], rest.num_rows
            if rows:
                writer.write_table(pa.concat_tables(buffer), row_group_size=ROW_GROUP)

    atomic_write(out / RUNS, write)
    return out / RUNS
