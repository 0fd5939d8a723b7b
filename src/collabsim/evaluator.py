"""One evaluator: runs of a model function (parameters, seed), sequentially, in local processes or on Dask.

Every command that runs the model (``run``, ``compare``, ``patterns``, ``sweep``) hands its
jobs to an :class:`Evaluator` and receives the results through a callback, batch by batch,
as they finish (in the manner of EMA workbench's evaluators and callbacks). This module is
the one place that creates process pools, splits jobs into batches, reports progress and
wraps a failing run into a :class:`ModelError` naming its job and seed.

A model is named by a string: ``"collabsim"`` (the collaboration model, returning its summary
outcomes and its time series) or ``"package.module:function"``, a function
``(params: dict, seed: int) -> dict`` of outputs (a sweep's own model). Seeds travel with the
jobs, so the results do not depend on the backend, the number of workers or the batching.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError

#: the collaboration model of this package
COLLABSIM = "collabsim"
#: fork where the platform has it (workers start at once with the imported model), else spawn
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"

Outputs = dict[str, float]
Series = dict[str, np.ndarray]
Result = tuple[Outputs, Series]


@dataclass(frozen=True)
class Job:
    """One run: an id (consecutive ids may share a batch), the model's parameters and a seed."""

    id: int
    params: Mapping[str, Any] = field(hash=False)
    seed: int


class ModelError(RuntimeError):
    """The model function failed, or returned something unusable, for one run."""


_RESOLVED: dict[str, Callable[[dict[str, Any], int], Any]] = {}


def model_function(model: str) -> Callable[[dict[str, Any], int], Any]:
    """The function a model name stands for (resolved once per process)."""
    if model not in _RESOLVED:
        if model == COLLABSIM:
            from .runner import run_model

            _RESOLVED[model] = run_model
        else:
            module, _, name = model.partition(":")
            func: Any = importlib.import_module(module)
            for part in name.split("."):
                func = getattr(func, part)
            if not callable(func):
                raise TypeError(f"{model} is not callable")
            _RESOLVED[model] = func
    return _RESOLVED[model]


def run_batch(model: str, jobs: list[Job], outputs: tuple[str, ...] = (), series: bool = True) -> list[Result]:
    """Run a batch of jobs; for each, its outputs (checked against ``outputs``) and, if asked, its series."""
    func = model_function(model)
    results = []
    for job in jobs:
        try:
            result = func(dict(job.params), job.seed)
        except Exception as exc:
            raise ModelError(f"{model} failed at run {job.id} (seed {job.seed}): {type(exc).__name__}: {exc}") from exc
        out, ser = result if model == COLLABSIM else (result, {})
        if not isinstance(out, Mapping):
            raise ModelError(f"{model} returned {type(out).__name__} at run {job.id}, not a dict of outputs")
        missing = [o for o in outputs if o not in out]
        if missing:
            raise ModelError(f"{model} returned no '{missing[0]}' at run {job.id}; it returned {sorted(out)}")
        results.append((out, ser if series else {}))
    return results


def batch_size(runs: int, workers: int) -> int:
    """About 16 batches per worker, between 1 and 64 runs each."""
    return max(1, min(64, math.ceil(runs / (16 * max(1, workers)))))


def batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    """Consecutive jobs with consecutive ids, at most ``size`` to a batch."""
    batch: list[Job] = []
    for job in jobs:
        if batch and (len(batch) == size or job.id != batch[-1].id + 1):
            yield batch
            batch = []
        batch.append(job)
    if batch:
        yield batch


OnBatch = Callable[[list[Job], list[Result]], None]


class Evaluator:
    """Runs jobs of a model; subclasses differ only in where the batches run."""

    workers = 1

    def evaluate(
        self,
        model: str,
        jobs: Iterable[Job],
        on_batch: OnBatch,
        *,
        total: int,
        outputs: tuple[str, ...] = (),
        series: bool = True,
        batch: int | None = None,
    ) -> None:
        """Run ``jobs`` (``total`` of them) and call ``on_batch(jobs, results)`` as each batch finishes."""
        size = batch or batch_size(total, self.workers)
        self._evaluate(model, batches(jobs, size), on_batch, outputs, series)

    def _evaluate(
        self, model: str, work: Iterator[list[Job]], on_batch: OnBatch, outputs: tuple[str, ...], series: bool
    ) -> None:
        for jobs in work:
            on_batch(jobs, run_batch(model, jobs, outputs, series))

    def close(self) -> None:
        """Release what the backend holds."""

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SequentialEvaluator(Evaluator):
    """In this process, one batch after another."""


class ProcessEvaluator(Evaluator):
    """Local worker processes; at most two batches per worker in flight, so memory stays flat."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(START_METHOD))

    def _evaluate(
        self, model: str, work: Iterator[list[Job]], on_batch: OnBatch, outputs: tuple[str, ...], series: bool
    ) -> None:
        pending: dict[Future[list[Result]], list[Job]] = {}

        def finish(futures: set[Future[list[Result]]]) -> None:
            for fut in futures:
                on_batch(pending.pop(fut), fut.result())

        for jobs in work:
            pending[self._pool.submit(run_batch, model, jobs, outputs, series)] = jobs
            if len(pending) >= 2 * self.workers:
                finish(wait(pending, return_when=FIRST_COMPLETED).done)
        while pending:
            finish(wait(pending, return_when=FIRST_COMPLETED).done)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskEvaluator(Evaluator):
    """A Dask scheduler's workers (a LocalCluster, or dask-jobqueue on a cluster)."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        try:
            self._client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError("--scheduler", "scheduler", address, f"a reachable Dask scheduler ({exc})") from None
        self.workers = max(1, sum(self._client.nthreads().values()))

    def _evaluate(
        self, model: str, work: Iterator[list[Job]], on_batch: OnBatch, outputs: tuple[str, ...], series: bool
    ) -> None:
        from distributed import as_completed

        client = self._client
        pending = {}
        for jobs in work:
            pending[client.submit(run_batch, model, jobs, outputs, series, pure=False)] = jobs
            if len(pending) >= 2 * self.workers:
                break
        queue = as_completed(list(pending))
        for fut in queue:
            results = fut.result()
            jobs = pending.pop(fut)
            fut.release()
            on_batch(jobs, results)
            nxt = next(work, None)
            if nxt is not None:
                new = client.submit(run_batch, model, nxt, outputs, series, pure=False)
                pending[new] = nxt
                queue.add(new)

    def close(self) -> None:
        self._client.close()


def worker_count(requested: int | None, runs: int | None = None) -> int:
    """A command's ``--workers``, or by default one process per core (no more than there are runs)."""
    if requested:
        return requested
    cores = os.cpu_count() or 1
    return min(runs, cores) if runs else cores


def check_scheduler(address: str) -> str:
    """A ``--scheduler`` that looks like a Dask scheduler address (before anything runs)."""
    if not address.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise InputError("--scheduler", "scheduler", address, "a Dask scheduler address such as tcp://HOST:8786")
    return address


def evaluator(workers: int = 1, scheduler: str | None = None) -> Evaluator:
    """The evaluator for a command's ``--workers`` and ``--scheduler``."""
    if scheduler:
        return DaskEvaluator(scheduler)
    return ProcessEvaluator(workers) if workers > 1 else SequentialEvaluator()


def collect(
    jobs: list[Job],
    model: str = COLLABSIM,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], Any] | None = None,
) -> list[Result]:
    """Run ``jobs`` and return their results in the order of the jobs."""
    results: list[Result | None] = [None] * len(jobs)
    where = {job.id: i for i, job in enumerate(jobs)}
    if len(where) != len(jobs):
        raise ValueError("job ids must be unique")

    def store(done: list[Job], got: list[Result]) -> None:
        for job, result in zip(done, got, strict=True):
            results[where[job.id]] = result
        if progress:
            progress(len(done))

    with evaluator(workers if len(jobs) > 1 else 1, scheduler) as ev:
        ev.evaluate(model, jobs, store, total=len(jobs))
    return results  # type: ignore[return-value]
