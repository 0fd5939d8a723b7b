"""Running scenarios on common random numbers and comparing their outcomes (no I/O, no plots).

Every scenario is run with the same base seed, so replication ``r`` of each scenario gets
the same seed (:func:`collabsim.runner.replication_seeds`) and the same chance events as
far as the scenarios allow. Differences are then paired run by run, with a bootstrap
confidence interval from :func:`scipy.stats.bootstrap`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..calibration.ensemble import Ensemble, member_params
from ..errors import InputError
from ..evaluator import Job, collect
from ..outcomes import NETWORK_THRESHOLD, SUMMARY_OUTCOMES, smooth_frame
from ..params import STEPS_PER_YEAR
from ..runner import replication_seeds, tables
from ..scenario import Scenario
from ..statistics import CONFIDENCE, paired_bootstrap

#: Years after the project money ends at which "does the network still work?" is asked.
YEARS_AFTER_MONEY = 3

#: Per-run outcomes compared between scenarios, in report order.
MEASURES = ("works_in_year", "sustained", "time_to_network", "mean_needs_right_domain", "kartrekker_years")
RUN_COLUMNS = SUMMARY_OUTCOMES
#: Per-run euros and reach (ODD s.7.13) for "what does it cost and who pays?", paired the same way.
COST_MEASURES = (
    "cost_eur",
    "project_cost_eur",
    "partner_cost_eur",
    "funder_cost_eur",
    "avoided_care_eur",
    "residents_helped",
    "helped_total",
    "partners_final",
)


@dataclass(frozen=True)
class Comparison:
    """The runs of several scenarios on common random numbers, and what the report needs of them."""

    scenarios: tuple[Scenario, ...]
    seed: int
    replications: int
    seeds: tuple[int, ...]
    year: int  # the year in which "the network still works" is judged (year k = months 12(k-1)+1..12k)
    year_reason: str  # "money" (YEARS_AFTER_MONEY after the money ends), "last" or "given"
    money_end: float | None
    runs: pd.DataFrame  # one row per scenario and replication
    timeseries: pd.DataFrame
    outcomes: pd.DataFrame  # one row per scenario
    differences: pd.DataFrame  # one row per (scenario vs reference, measure)
    costs: pd.DataFrame  # one row per scenario: mean and 10th-90th percentile of each cost measure
    cost_differences: pd.DataFrame  # as ``differences``, for COST_MEASURES
    ensemble: str | None = None  # the ensemble file the runs went across (replication r: member r)
    members: int = 0  # its accepted constant sets (0: the registry's constants only)

    @property
    def reference(self) -> Scenario:
        return self.scenarios[0]


def thousand_resident_years(sc: Scenario) -> float:
    """Thousands of residents times years: ``residents_helped`` (per 1000 a year) times this is
    ``helped_total``, the residents helped over the horizon."""
    return sc.neighbourhood.residents / 1000 * sc.horizon


def money_end(scenarios: Sequence[Scenario]) -> float | None:
    """The latest year in which project money ends in any scenario (None: funded throughout)."""
    ends = []
    for sc in scenarios:
        stops = [e.year for e in sc.events if e.type == "funding_stops"]
        end = min([sc.preconditions.funding_years, *stops])
        if end < sc.horizon:
            ends.append(end)
    return max(ends) if ends else None


def evaluation_year(scenarios: Sequence[Scenario], year: int | None = None) -> tuple[int, str, float | None]:
    """The year in which to ask whether the network still works, and why that year.

    ``YEARS_AFTER_MONEY`` years after the (latest) end of project money if that falls
    within every scenario's horizon, else the last full year; ``year`` overrides.
    """
    last = math.floor(min(sc.horizon for sc in scenarios))
    end = money_end(scenarios)
    if year is not None:
        if not 1 <= year <= last:
            raise InputError("--year", "year", year, f"a whole year from 1 to {last} (the shortest horizon)")
        return year, "given", end
    if end is not None and math.ceil(end) + YEARS_AFTER_MONEY <= last:
        return max(1, math.ceil(end) + YEARS_AFTER_MONEY), "money", end
    return max(1, last), "last", end


def check_distinct(scenarios: Sequence[Scenario]) -> None:
    """At least two scenarios, with different names (they label the rows of every table)."""
    if len(scenarios) < 2:
        raise InputError("compare", "scenarios", len(scenarios), "at least two scenarios to compare")
    names = [sc.name for sc in scenarios]
    for name in names:
        if names.count(name) > 1:
            raise InputError("compare", "scenarios", name, "each scenario once (names must differ)")


def run_comparison(
    scenarios: Sequence[Scenario],
    replications: int,
    seed: int,
    workers: int = 1,
    year: int | None = None,
    progress: Callable[[int], None] | None = None,
    ensemble: Ensemble | None = None,
    ensemble_name: str | None = None,
) -> Comparison:
    """Run every scenario with the same base ``seed`` (common random numbers) and compare them.

    With an ``ensemble``, replication r of every scenario runs with its member r (cycling), and
    each difference says in how many members it points the same way.
    """
    check_distinct(scenarios)
    eval_year, reason, end = evaluation_year(scenarios, year)
    seeds = replication_seeds(seed, replications)
    jobs = [
        Job(i * replications + r, member_params(sc.model_kwargs(), ensemble, r), s)
        for i, sc in enumerate(scenarios)
        for r, s in enumerate(seeds)
    ]
    results = collect(jobs, workers=workers, progress=progress)  # every scenario's runs at once
    summaries, series = [], []
    for i, sc in enumerate(scenarios):
        summary, ts = tables(sc, seeds, results[i * replications : (i + 1) * replications], ensemble)
        summaries.append(summary)
        series.append(ts)
    timeseries = pd.concat(series, ignore_index=True)
    runs = run_table(pd.concat(summaries, ignore_index=True), timeseries, eval_year)
    runs["helped_total"] = runs["residents_helped"] * runs["scenario"].map(
        {sc.name: thousand_resident_years(sc) for sc in scenarios}
    )
    names = [sc.name for sc in scenarios]
    return Comparison(
        scenarios=tuple(scenarios),
        seed=seed,
        replications=replications,
        seeds=tuple(seeds),
        year=eval_year,
        year_reason=reason,
        money_end=end,
        runs=runs,
        timeseries=timeseries,
        outcomes=outcome_table(runs, names),
        differences=paired_differences(runs, names, seed),
        costs=cost_table(runs, names),
        cost_differences=paired_differences(runs, names, seed, COST_MEASURES),
        ensemble=ensemble_name if ensemble is not None else None,
        members=len(ensemble.members) if ensemble is not None else 0,
    )


def ties_in_year(timeseries: pd.DataFrame, year: int) -> pd.Series:
    """Mean cross-domain tie density over the months of ``year``, per (scenario, replication)."""
    months = timeseries["step"].between(STEPS_PER_YEAR * (year - 1) + 1, STEPS_PER_YEAR * year)
    return timeseries[months].groupby(["scenario", "replication"], sort=False)["cross_domain_ties"].mean()


def run_table(summary: pd.DataFrame, timeseries: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per scenario and replication: seed, outcomes, and whether the network works in ``year``."""
    ids = ["scenario", "replication", "seed", *(["member"] if "member" in summary else [])]
    runs = summary[[*ids, *RUN_COLUMNS]].copy()
    ties = ties_in_year(timeseries, year).rename("ties_in_year")
    runs = runs.join(ties, on=["scenario", "replication"])
    runs["works_in_year"] = runs["ties_in_year"] >= NETWORK_THRESHOLD
    runs.insert(len(ids), "year", year)
    return runs


def outcome_table(runs: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Per scenario: how many runs work in the evaluation year, and the spread of the main outcomes."""
    rows = []
    for name in names:
        r = runs[runs["scenario"] == name]
        rows.append(
            {
                "scenario": name,
                "runs": len(r),
                "year": int(r["year"].iloc[0]),
                "works_in_year": int(r["works_in_year"].sum()),
                "sustained_mean": r["sustained"].mean(),
                "sustained_p10": r["sustained"].quantile(0.1),
                "sustained_median": r["sustained"].median(),
                "sustained_p90": r["sustained"].quantile(0.9),
                "formed": int(r["time_to_network"].notna().sum()),
                "time_to_network_median": r["time_to_network"].median(),
                "collapsed": int(r["collapse_year"].notna().sum()),
                "collapse_year_median": r["collapse_year"].median(),
                "kartrekker_years_mean": r["kartrekker_years"].mean(),
            }
        )
    return pd.DataFrame(rows)


def cost_table(runs: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Per scenario: mean, 10th and 90th percentile over the runs of each of COST_MEASURES."""
    rows = []
    for name in names:
        r = runs[runs["scenario"] == name]
        row: dict[str, object] = {"scenario": name, "runs": len(r)}
        for m in COST_MEASURES:
            row |= {f"{m}_mean": r[m].mean(), f"{m}_p10": r[m].quantile(0.1), f"{m}_p90": r[m].quantile(0.9)}
        rows.append(row)
    return pd.DataFrame(rows)


def paired_difference(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator, confidence: float = CONFIDENCE
) -> tuple[float, float, float]:
    """Mean of ``b - a`` over paired runs, with a paired bootstrap confidence interval.

    Uses :func:`collabsim.statistics.paired_bootstrap`. Identical differences give
    a zero-width interval; fewer than three pairs give NaN.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = b - a
    if d.size < 3:
        return (float(d.mean()) if d.size else math.nan), math.nan, math.nan
    if np.ptp(d) == 0:
        return float(d[0]), float(d[0]), float(d[0])

    def mean_diff(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.mean(y - x, axis=axis)

    low, high = paired_bootstrap((a, b), mean_diff, rng, confidence)
    if math.isfinite(low) and math.isfinite(high):
        return float(d.mean()), low, high
    return float(d.mean()), math.nan, math.nan


def paired_differences(
    runs: pd.DataFrame, names: Sequence[str], seed: int, measures: Sequence[str] = MEASURES
) -> pd.DataFrame:
    """Each scenario against the first, measure by measure, paired by replication.

    Each measure's bootstrap has its own random stream, fixed by its place in MEASURES + COST_MEASURES.
    Runs across an ensemble (a ``member`` column) also count the members whose own mean difference
    has the sign of the overall one (``members_agree`` of ``members``).
    """
    ref = runs[runs["scenario"] == names[0]].set_index("replication")
    rows = []
    for k, name in enumerate(names[1:], start=1):
        other = runs[runs["scenario"] == name].set_index("replication")
        for measure in measures:
            m = (*MEASURES, *COST_MEASURES).index(measure)
            a = ref[measure].astype(float)
            b = other[measure].astype(float).reindex(a.index)
            both = a.notna() & b.notna()
            rng = np.random.default_rng([seed, k, m])
            diff, low, high = paired_difference(a[both].to_numpy(), b[both].to_numpy(), rng)
            rows.append(
                {
                    "scenario": name,
                    "reference": names[0],
                    "measure": measure,
                    "pairs": int(both.sum()),
                    "mean_reference": float(a[both].mean()) if both.any() else math.nan,
                    "mean_scenario": float(b[both].mean()) if both.any() else math.nan,
                    "difference": diff,
                    "ci_low": low,
                    "ci_high": high,
                    "clear": bool(math.isfinite(low) and (low > 0 or high < 0)),
                    **member_agreement(ref, b - a, both, diff),
                }
            )
    return pd.DataFrame(rows)


def member_agreement(ref: pd.DataFrame, diffs: pd.Series, both: pd.Series, overall: float) -> dict[str, int]:
    """Of the ensemble's members with pairs, how many have a mean difference of the overall sign."""
    if "member" not in ref:
        return {}
    by_member = diffs[both].groupby(ref.loc[both, "member"]).mean()
    sign = np.sign(overall) if math.isfinite(overall) else 0.0
    agree = int((np.sign(by_member) == sign).sum()) if sign else 0
    return {"members": int(by_member.size), "members_agree": agree}


def bands(
    timeseries: pd.DataFrame, columns: Sequence[str], quantiles: Sequence[float] = (0.1, 0.5, 0.9)
) -> pd.DataFrame:
    """Quantiles over replications per scenario and month (flows over the last 12 months, see outcomes.smooth)."""
    ts = smooth_frame(timeseries[timeseries["step"] > 0], columns)  # flows start after the first step
    parts = []
    for col in columns:
        q = ts.groupby(["scenario", "year"], sort=False)[col].quantile(list(quantiles)).unstack()
        q.columns = [f"p{round(100 * c)}" for c in q.columns]
        q["mean"] = ts.groupby(["scenario", "year"], sort=False)[col].mean()
        parts.append(q.reset_index().assign(variable=col))
    out = pd.concat(parts, ignore_index=True)
    return out[["scenario", "variable", "year", *[c for c in out.columns if c.startswith("p")], "mean"]]
