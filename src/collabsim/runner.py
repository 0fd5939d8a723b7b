"""Running the model: one run, and replications of a scenario in parallel processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .model import CollaborationModel
from .outcomes import MODEL_REPORTERS, summarise
from .params import STEPS_PER_YEAR
from .scenario import Scenario, load_scenario

SERIES = tuple(MODEL_REPORTERS)


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Independent, reproducible seeds for each replication, derived from one seed."""
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> 1) for c in children]


def run_model(params: Mapping[str, Any], seed: int) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Run one model to its horizon; returns its summary outcomes and its time series."""
    model = CollaborationModel(**params, rng=seed)
    while model.running:
        model.step()
    raw = model.datacollector.model_vars
    series = {name: np.asarray(raw[name], dtype=float) for name in SERIES}
    return summarise(series, STEPS_PER_YEAR), series


def simulate(rng: int | None = None, **params: Any) -> dict[str, float]:
    """One run of the collaboration model with the given keyword parameters; its summary outcomes."""
    seed = int(np.random.SeedSequence(rng).generate_state(1, dtype=np.uint64)[0] >> 1) if rng is None else rng
    summary, _ = run_model(params, seed)
    return summary


def _replication(job: tuple[dict[str, Any], int]) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    params, seed = job
    return run_model(params, seed)


def map_jobs[J, R](
    func: Callable[[J], R], jobs: list[J], workers: int = 1, progress: Callable[[int], None] | None = None
) -> Iterator[R]:
    """``func`` over ``jobs``, results in order, in ``workers`` forked processes when > 1."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield func(job)
            if progress:
                progress(1)
        return
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for result in pool.map(func, jobs, chunksize=max(1, len(jobs) // (8 * workers))):
            yield result
            if progress:
                progress(1)


def map_runs(
    jobs: list[tuple[dict[str, Any], int]], workers: int = 1, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[dict[str, float], dict[str, np.ndarray]]]:
    """Run jobs (params, seed) in order, in ``workers`` forked processes when > 1."""
    return map_jobs(_replication, jobs, workers, progress)


def run(
    scenario: Scenario | str | os.PathLike[str],
    replications: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run a scenario's replications; returns (summary, timeseries) DataFrames.

    ``scenario`` is a :class:`Scenario`, a path or a shipped scenario name. The same
    ``seed`` gives the same tables whatever the number of ``workers``.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(Path(scenario) if not isinstance(scenario, str) else scenario, overrides)
    elif overrides:
        raise ValueError("pass overrides with a scenario path, or apply them to the Scenario first")
    n = scenario.replications if replications is None else replications
    if n < 1:
        raise ValueError(f"replications must be at least 1, got {n}")
    base_seed = scenario.seed if seed is None else seed
    seeds = replication_seeds(base_seed, n)
    params = scenario.model_kwargs()
    results = list(map_runs([(params, s) for s in seeds], workers, progress))
    return _tables(scenario, seeds, results)


def _tables(
    scenario: Scenario, seeds: list[int], results: list[tuple[dict[str, float], dict[str, np.ndarray]]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pre = scenario.preconditions.model_dump()
    ident = {"scenario": scenario.name, "scenario_hash": scenario.content_hash()}
    rows = [
        {**ident, "replication": r, "seed": s, **pre, "horizon": scenario.horizon, **summary}
        for r, (s, (summary, _)) in enumerate(zip(seeds, results, strict=True))
    ]
    summary = pd.DataFrame(rows)
    parts = []
    for r, (s, (_, series)) in enumerate(zip(seeds, results, strict=True)):
        steps = np.arange(len(series[SERIES[0]]))
        parts.append(
            pd.DataFrame(
                {
                    "scenario": scenario.name,
                    "replication": r,
                    "seed": s,
                    "step": steps,
                    "year": steps / STEPS_PER_YEAR,
                    **series,
                }
            )
        )
    timeseries = pd.concat(parts, ignore_index=True)
    for col in ("meetings", "cross_domain_referrals", "kartrekker_active"):
        timeseries[col] = timeseries[col].astype(np.int64)
    return summary, timeseries
