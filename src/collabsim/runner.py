"""Running the model: the one loop that runs a model to its horizon, and a scenario's replications."""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .calibration.ensemble import Ensemble, member_column, member_params
from .evaluator import Job, Result, collect
from .mechanisms import CONSTANT_SET, constant_set
from .model import CollaborationModel
from .outcomes import SERIES, recorded, summarise
from .params import STEPS_PER_YEAR
from .scenario import Scenario, load_scenario


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Independent, reproducible seeds for each replication, derived from one seed."""
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> 1) for c in children]


#: the garbage collector's first threshold once a process runs models (CPython's default is 700):
#: a baseline run makes some thousands of objects at once (1000 residents, their model), which the
#: default has the collector walk two or three times before they die
YOUNG_OBJECTS = 10_000


@functools.cache
def settle_heap() -> None:
    """Once per process, before its first run: the objects alive now (mostly the imported libraries')
    go to the garbage collector's permanent generation (``gc.freeze``), and a collection starts
    after :data:`YOUNG_OBJECTS` new objects instead of 700 (``gc.set_threshold``; the process keeps it).

    Each run leaves a model's worth of objects (1000 residents and more) to the collector; without
    the freeze, every full collection also walks the libraries' 180,000 objects, about 60 ms every
    30 to 40 runs. With the threshold, a run's objects mostly die before a collection walks them:
    300 baseline runs, 2.0 collections and about 0.85 ms a run with the default, 0.2 and about
    0.57 ms with it. Objects frozen are never collected as cyclic garbage; they were alive when frozen.
    Nothing the model computes depends on either.
    """
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])


def run_model(params: Mapping[str, Any], seed: int) -> Result:
    """Run one model to its horizon; returns its summary outcomes and its time series.

    This is the only place that runs a model to its horizon; what happens on the way
    (a kartrekker leaving, staff removed for an experiment) are the model's events. A
    ``constants`` entry (a calibration's constant set, {NAME: value}) replaces those
    constants for this run (:func:`collabsim.mechanisms.constant_set`).
    """
    settle_heap()
    kwargs = {k: v for k, v in params.items() if k != CONSTANT_SET}
    with constant_set(params.get(CONSTANT_SET) or {}):
        model = CollaborationModel(**kwargs, rng=seed)
        # Mesa's clock through the months to the horizon (one at least), as stepping while ``running`` would
        model.run_for(max(1, model.horizon_steps))
        series = {name: recorded(model, name) for name in SERIES}
    return summarise(series, STEPS_PER_YEAR), series


def simulate(rng: int | None = None, **params: Any) -> dict[str, float]:
    """One run of the collaboration model with the given keyword parameters; its summary outcomes."""
    seed = int(np.random.SeedSequence(rng).generate_state(1, dtype=np.uint64)[0] >> 1) if rng is None else rng
    summary, _ = run_model(params, seed)
    return summary


def run(
    scenario: Scenario | str | os.PathLike[str],
    replications: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    ensemble: Ensemble | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run a scenario's replications; returns (summary, timeseries) DataFrames.

    ``scenario`` is a :class:`Scenario`, a path or a shipped scenario name. The same
    ``seed`` gives the same tables whatever the number of ``workers``. With an ``ensemble``,
    replication r runs with its member r (cycling), and the tables name each run's member.
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
    jobs = [Job(r, member_params(params, ensemble, r), s) for r, s in enumerate(seeds)]
    results = collect(jobs, workers=workers, progress=progress)
    return tables(scenario, seeds, results, ensemble)


def tables(
    scenario: Scenario, seeds: list[int], results: list[Result], ensemble: Ensemble | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary (one row per replication) and the time series (one row per replication and month).

    With an ``ensemble``, the summary's ``member`` column names each run's constant set (its
    sample in the calibration).
    """
    pre = scenario.preconditions.model_dump()
    ident = {"scenario": scenario.name, "scenario_hash": scenario.content_hash()}
    rows = [
        {**ident, "replication": r, "seed": s, **member_column(ensemble, r), **pre, "horizon": scenario.horizon,
         **summary}
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
