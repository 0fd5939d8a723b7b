"""Running pattern experiments with common random numbers, and their paired effects.

All arms of an experiment run on the same seeds (``replication_seeds``), so each
contrast is a paired difference; its mean and a standardised effect (Cohen's d_z) get
bootstrap 95% intervals (:func:`collabsim.statistics.paired_bootstrap`). An arm's
intervention is a model event (:func:`intervention_event`); every run goes through the
one evaluator (:func:`collabsim.evaluator.collect`): :func:`run_experiments` runs every
arm's replications, :func:`effects` turns the runs into a table of effects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..calibration.ensemble import Ensemble, member_params
from ..evaluator import Job, Result, collect
from ..params import STEPS_PER_YEAR
from ..runner import replication_seeds
from ..statistics import paired_bootstrap
from .experiments import Intervention, Loaded, Measure


def intervention_event(intervention: Intervention) -> dict[str, Any]:
    """An arm's intervention as a model event (``professionals_leave``), fired before the scenario's own."""
    iv = intervention
    return {"type": "professionals_leave", "year": iv.year, "who": iv.remove, "count": iv.count}


def arm_params(params: Mapping[str, Any], intervention: Intervention | None) -> dict[str, Any]:
    """The model's parameters for an arm: its scenario's, with the intervention as the first event."""
    if intervention is None:
        return dict(params)
    return {**params, "events": [intervention_event(intervention), *params.get("events", ())]}


def run_key(params: Mapping[str, Any], seed: int) -> str:
    """The same parameters (constant set included) and seed: the same run."""
    return repr((sorted(params.items()), seed))


@dataclass(frozen=True)
class ArmRuns:
    """The runs of one arm, one per seed (the same seeds in every arm of an experiment)."""

    experiment: str
    arm: str
    seeds: tuple[int, ...]
    runs: tuple[Result, ...]


def arm_jobs(
    experiments: Sequence[Loaded],
    replications: int | None = None,
    seed: int | None = None,
    ensemble: Ensemble | None = None,
) -> list[tuple[str, str, list[tuple[Mapping[str, Any], int]]]]:
    """(experiment id, arm, [(params, seed), ...]) for every arm; ``replications``/``seed`` override the files'.

    With an ``ensemble``, replication r of every arm runs with its member r (cycling).
    """
    out = []
    for loaded in experiments:
        exp = loaded.experiment
        seeds = replication_seeds(exp.seed if seed is None else seed, replications or exp.replications)
        for name, arm in exp.arms.items():
            params = arm_params(loaded.params[name], arm.intervention)
            out.append((exp.id, name, [(member_params(params, ensemble, r), s) for r, s in enumerate(seeds)]))
    return out


def unique_runs(
    experiments: Sequence[Loaded],
    replications: int | None = None,
    seed: int | None = None,
    ensemble: Ensemble | None = None,
) -> int:
    """How many distinct runs :func:`run_experiments` will make (identical arms run once)."""
    return len({run_key(*j) for _, _, jobs in arm_jobs(experiments, replications, seed, ensemble) for j in jobs})


def run_experiments(
    experiments: Sequence[Loaded],
    replications: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    ensemble: Ensemble | None = None,
) -> dict[tuple[str, str], ArmRuns]:
    """Run every arm of every experiment; identical runs (same parameters and seed) run once.

    Returns {(experiment id, arm): ArmRuns}. The numbers do not depend on ``workers``.
    """
    plan = arm_jobs(experiments, replications, seed, ensemble)
    unique: dict[str, Job] = {}
    for _, _, jobs in plan:
        for params, s in jobs:
            key = run_key(params, s)
            if key not in unique:
                unique[key] = Job(len(unique), params, s)
    results = collect(list(unique.values()), workers=workers, progress=progress)
    done = dict(zip(unique, results, strict=True))
    return {
        (exp_id, arm): ArmRuns(exp_id, arm, tuple(s for _, s in jobs), tuple(done[run_key(*j)] for j in jobs))
        for exp_id, arm, jobs in plan
    }


# --- measuring ----------------------------------------------------------------------------


def measure_values(runs: Sequence[Result], measure: Measure, horizon: float) -> np.ndarray:
    """The measure's outcome in each run: a summary column or a series' mean over (start, end] years.

    With ``relative_to``, a series' mean over that window is subtracted (change within a run);
    with ``at_least``, a run counts 1 if its value reaches it, else 0 (the effect is a share of
    runs); with ``reference``, that level is subtracted (one arm against a stated level).
    """
    if measure.window is not None:
        values = np.array([_window_mean(series[measure.outcome], measure.window) for _, series in runs])
        if measure.relative_to is not None:
            values -= np.array([_window_mean(series[measure.outcome], measure.relative_to) for _, series in runs])
    else:
        values = np.array([summary[measure.outcome] for summary, _ in runs], dtype=float)
        if measure.censor_at_horizon:
            values = np.where(np.isnan(values), horizon, values)
    if np.isnan(values).any():
        raise ValueError(f"{measure.name}: '{measure.outcome}' is NaN in some runs; set censor_at_horizon")
    if measure.at_least is not None:  # a share of runs: each run counts 1 or 0
        values = (values >= measure.at_least).astype(float)
    if measure.reference is not None:  # one arm's level against a stated level
        values = values - measure.reference
    return values


def _window_mean(series: np.ndarray, window: tuple[float, float]) -> float:
    """Mean over the steps in years (start, end] (index 0 is the initial state)."""
    a, b = round(window[0] * STEPS_PER_YEAR) + 1, round(window[1] * STEPS_PER_YEAR) + 1
    return float(series[a:b].mean())


def contrast_values(loaded: Loaded, measure: Measure, arms: Mapping[tuple[str, str], ArmRuns]) -> np.ndarray:
    """The contrast per seed: sum over arms of weight x outcome (a paired difference)."""
    runs = {a: arms[(loaded.id, a)].runs for a in measure.contrast}
    return np.sum([w * measure_values(runs[a], measure, loaded.horizon) for a, w in measure.contrast.items()], axis=0)


@dataclass(frozen=True)
class Effect:
    """A measure's paired effect with bootstrap 95% confidence intervals."""

    mean: float
    low: float
    high: float
    d: float
    d_low: float
    d_high: float
    n: int
    unit: str = ""

    def __format__(self, spec: str) -> str:
        if spec:
            return format(self.mean, spec)
        unit = f" {self.unit}" if self.unit else ""
        return f"{number_text(self.mean)}{unit} (95% CI {number_text(self.low)} to {number_text(self.high)})"


def number_text(x: float) -> str:
    """A number as the tables show it: three decimals below 1 in size, else two."""
    return f"{x:.3f}" if abs(x) < 1 else f"{x:.2f}"


def paired_effect(samples: Sequence[np.ndarray], weights: Sequence[float], seed: int, unit: str = "") -> Effect:
    """Mean of the paired contrast sum(w * y) and Cohen's d_z, each with a bootstrap 95% CI.

    ``samples`` are the arms' outcomes on the same seeds (paired); resampling draws whole
    seeds (``scipy.stats.bootstrap(paired=True)``, BCa intervals).
    """
    w = np.asarray(weights, dtype=float)
    data = tuple(np.asarray(s, dtype=float) for s in samples)
    x = np.sum([wi * s for wi, s in zip(w, data, strict=True)], axis=0)
    n = x.size
    mean = float(x.mean())
    if np.ptp(x) == 0.0:  # every seed gives the same contrast: nothing to resample
        return Effect(mean, mean, mean, math.nan, math.nan, math.nan, n, unit)

    def diff(*ys: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.sum([wi * y.mean(axis=axis) for wi, y in zip(w, ys, strict=True)], axis=0)

    def d_z(*ys: np.ndarray, axis: int = -1) -> np.ndarray:
        xs = np.sum([wi * y for wi, y in zip(w, ys, strict=True)], axis=0)
        m, sd = xs.mean(axis=axis), xs.std(axis=axis, ddof=1)
        # A resample of identical seeds has sd 0: its d_z is infinite in the direction of its mean.
        limit = np.where(m == 0, 0.0, np.copysign(np.inf, m))
        return np.divide(m, sd, out=limit, where=sd > 0)

    ci = paired_bootstrap(data, diff, np.random.default_rng(seed))
    d = mean / float(x.std(ddof=1))
    d_ci = paired_bootstrap(data, d_z, np.random.default_rng(seed + 1))
    return Effect(mean, ci[0], ci[1], d, d_ci[0], d_ci[1], n, unit)


def measure_effect(loaded: Loaded, measure: Measure, arms: Mapping[tuple[str, str], ArmRuns], seed: int) -> Effect:
    """The effect of one measure of an experiment, from its arms' runs."""
    samples = [measure_values(arms[(loaded.id, a)].runs, measure, loaded.horizon) for a in measure.contrast]
    return paired_effect(samples, list(measure.contrast.values()), seed, measure.unit)


def effects(
    experiments: Sequence[Loaded], arms: Mapping[tuple[str, str], ArmRuns], seed: int = 0
) -> pd.DataFrame:
    """One row per measure: effect, bootstrap CIs, d_z and whether the CI excludes zero as expected."""
    rows = []
    for loaded in experiments:
        exp = loaded.experiment
        for k, m in enumerate(exp.measures):
            e = measure_effect(loaded, m, arms, seed + 1000 * k)
            sign = 1.0 if m.expected == "positive" else -1.0
            rows.append(
                {
                    "id": exp.id,
                    "group": exp.group,
                    "title": exp.title,
                    "measure": m.name,
                    "label": m.label,
                    "contrast": " ".join(f"{w:+g}×{a}" for a, w in m.contrast.items()),
                    "expected": m.expected,
                    "unit": m.unit,
                    "replications": e.n,
                    "effect": e.mean,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "d_z": e.d,
                    "d_z_low": e.d_low,
                    "d_z_high": e.d_high,
                    "reproduced": bool(sign * e.low > 0 and sign * e.high > 0),
                }
            )
    return pd.DataFrame(rows)


def run_table(experiments: Sequence[Loaded], arms: Mapping[tuple[str, str], ArmRuns]) -> pd.DataFrame:
    """Every run's summary outcomes, one row per (experiment, arm, replication)."""
    rows = []
    for loaded in experiments:
        for name in loaded.experiment.arms:
            a = arms[(loaded.id, name)]
            for r, (s, (summary, _)) in enumerate(zip(a.seeds, a.runs, strict=True)):
                rows.append({"id": loaded.id, "arm": name, "replication": r, "seed": s, **summary})
    return pd.DataFrame(rows)
