"""Running a sweep: every sample point with its replications, on local processes or Dask.

Runs are numbered ``run = sample * replications + replication``. Work goes out in
batches of consecutive run ids; each finished batch is written as its own part file
(see :mod:`collabsim.sweep.store`), so memory stays flat and a killed sweep resumes
where it stopped. Seeds depend only on the experiment's seed and the run id, so the
results are the same whatever the backend, the number of workers or the batching.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..runner import replication_seeds, run_model
from . import store
from .experiment import DEFAULT_MODEL, Experiment, resolve_model
from .sampling import row_params, sample

Job = tuple[int, dict[str, Any], int]  # run id, parameters, seed


@dataclass(frozen=True)
class RunSpec:
    """What a worker needs to run jobs: the model, the fixed inputs and the outputs to keep."""

    model: str
    base: dict[str, Any]
    outputs: tuple[str, ...]
    names: tuple[str, ...]
    replications: int


class ModelError(RuntimeError):
    """The model function failed or returned something unusable for one run."""


def collaboration_outputs(params: dict[str, Any], seed: int) -> dict[str, float]:
    """The default model: one run of :class:`CollaborationModel`; its summary outcomes."""
    return run_model(params, seed)[0]


_RESOLVED: dict[str, Callable[[dict[str, Any], int], dict[str, float]]] = {}


def _model_function(model: str) -> Callable[[dict[str, Any], int], dict[str, float]]:
    """Resolve once per process (no re-import per run)."""
    if model not in _RESOLVED:
        _RESOLVED[model] = collaboration_outputs if model == DEFAULT_MODEL else resolve_model(model)
    return _RESOLVED[model]


def run_batch(spec: RunSpec, jobs: list[Job]) -> list[dict[str, Any]]:
    """Run a batch of jobs; one row per run (ids, seed, parameters, outputs)."""
    func = _model_function(spec.model)
    rows = []
    for run, params, seed in jobs:
        try:
            result = func({**spec.base, **params}, seed)
        except Exception as exc:
            raise ModelError(f"{spec.model} failed at run {run} (seed {seed}): {type(exc).__name__}: {exc}") from exc
        missing = [o for o in spec.outputs if o not in result]
        if missing:
            raise ModelError(f"{spec.model} returned no '{missing[0]}' at run {run}; it returned {sorted(result)}")
        sample_index, rep = divmod(run, spec.replications)
        row = {"run": run, "sample": sample_index, "replication": rep, "seed": seed}
        row.update({n: params[n] for n in spec.names})
        row.update({o: float(result[o]) for o in spec.outputs})
        rows.append(row)
    return rows


def run_seed(exp: Experiment, run: int, crn_seeds: list[int] | None = None) -> int:
    """The seed of one run, derived from the experiment's seed.

    With common random numbers (the default) replication r uses the same seed at every
    sample point, so differences between points come from the parameters alone.
    """
    sample_index, rep = divmod(run, exp.replications)
    if exp.common_random_numbers:
        seeds = crn_seeds if crn_seeds is not None else replication_seeds(exp.seed, exp.replications)
        return seeds[rep]
    seq = np.random.SeedSequence(exp.seed, spawn_key=(sample_index, rep))
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> 1)


def _batches(missing: np.ndarray, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges [start, stop) of missing run ids, each at most ``size`` long."""
    if missing.size == 0:
        return
    breaks = np.flatnonzero(np.diff(missing) != 1) + 1
    for block in np.split(missing, breaks):
        for i in range(0, block.size, size):
            chunk = block[i : i + size]
            yield int(chunk[0]), int(chunk[-1]) + 1


def batch_size(runs: int, workers: int) -> int:
    """About 16 batches per worker, between 1 and 64 runs each."""
    return max(1, min(64, math.ceil(runs / (16 * max(1, workers)))))


@dataclass
class SweepResult:
    """What a sweep did: where it wrote, how many runs existed, were done before, and ran now."""

    out: Path
    total: int
    done_before: int
    ran: int


def sweep(
    exp: Experiment,
    out: Path,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Callable[[int, int], Any] | None = None,
    batch: int | None = None,
) -> SweepResult:
    """Run (or finish) a sweep into ``out``; returns counts. See the module docstring.

    ``progress(total, done)`` is called once and must return a callable taking the
    number of newly finished runs (e.g. a tqdm bar's ``update``), or None.
    """
    design = sample(exp)
    store.prepare(out, exp, design, resume)
    total = len(design) * exp.replications
    done = store.done_runs(out, total)
    missing = np.flatnonzero(~done)
    done_before = total - missing.size
    spec = RunSpec(exp.model, exp.base_params(), tuple(exp.outputs), tuple(exp.names), exp.replications)
    crn = replication_seeds(exp.seed, exp.replications) if exp.common_random_numbers else None

    def jobs(start: int, stop: int) -> list[Job]:
        return [(r, row_params(exp, design[r // exp.replications]), run_seed(exp, r, crn)) for r in range(start, stop)]

    update = progress(total, done_before) if progress else None
    if missing.size:
        if scheduler:
            _run_dask(scheduler, spec, jobs, missing, out, exp, batch, update)
        else:
            _run_local(workers, spec, jobs, missing, out, exp, batch, update)
    store.consolidate(out, exp, total)
    return SweepResult(out, total, done_before, int(missing.size))


def _write(out: Path, exp: Experiment, rows: list[dict[str, Any]], update: Callable[[int], Any] | None) -> None:
    store.write_part(out, exp, rows)
    if update:
        update(len(rows))


def _run_local(
    workers: int,
    spec: RunSpec,
    jobs: Callable[[int, int], list[Job]],
    missing: np.ndarray,
    out: Path,
    exp: Experiment,
    batch: int | None,
    update: Callable[[int], Any] | None,
) -> None:
    size = batch or batch_size(missing.size, workers)
    ranges = _batches(missing, size)
    if workers <= 1:
        for start, stop in ranges:
            _write(out, exp, run_batch(spec, jobs(start, stop)), update)
        return
    # fork: workers start at once and inherit the imported model; spawn where fork is missing
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        pending: set[Future[list[dict[str, Any]]]] = set()
        for start, stop in ranges:
            pending.add(pool.submit(run_batch, spec, jobs(start, stop)))
            if len(pending) >= 2 * workers:  # bounded in flight: flat memory
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    _write(out, exp, fut.result(), update)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                _write(out, exp, fut.result(), update)


def _run_dask(
    address: str,
    spec: RunSpec,
    jobs: Callable[[int, int], list[Job]],
    missing: np.ndarray,
    out: Path,
    exp: Experiment,
    batch: int | None,
    update: Callable[[int], Any] | None,
) -> None:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise InputError("--scheduler", "scheduler", address, f"a reachable Dask scheduler ({exc})") from None
    try:
        n_workers = max(1, sum(client.nthreads().values()))
        size = batch or batch_size(missing.size, n_workers)
        ranges = _batches(missing, size)
        [spec_future] = client.scatter([spec], broadcast=True)
        first = [client.submit(run_batch, spec_future, jobs(a, b), pure=False) for a, b in _take(ranges, 2 * n_workers)]
        queue = as_completed(first)
        for fut in queue:
            rows = fut.result()
            fut.release()
            _write(out, exp, rows, update)
            nxt = next(ranges, None)
            if nxt is not None:
                queue.add(client.submit(run_batch, spec_future, jobs(*nxt), pure=False))
    finally:
        client.close()


def _take(it: Iterator[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        nxt = next(it, None)
        if nxt is None:
            break
        out.append(nxt)
    return out
