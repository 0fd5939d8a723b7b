"""From levers to runs and from runs to a package's cost and robustness (no file I/O, no plots).

A *package* gives a value to each chosen lever (:data:`collabsim.params.LEVERS`); the rest of
the scenario stays as it is. Each package runs on the same replication seeds (common random
numbers, :func:`collabsim.runner.replication_seeds`). Its objectives:

- ``cost_eur``: the mean over the runs of the collaboration's total cost over the horizon
  (kartrekker time and professionals' hours, whoever pays; ODD s.7.13), to be minimised;
- ``p_working``: the share of the runs whose network works in the evaluation year, judged as
  the comparison report does (:func:`collabsim.report.analysis.run_table`: mean cross-domain
  tie density over that year's months at least ``NETWORK_THRESHOLD``), to be maximised.

With an ensemble (:mod:`collabsim.calibration.ensemble`), replication r of every package runs
with the ensemble's constant set r (cycling, :func:`member_params`): the packages are then
judged across the accepted variants of the model, each package on the same variants.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..calibration.ensemble import Ensemble, member_params
from ..errors import InputError, did_you_mean
from ..evaluator import COLLABSIM, Result
from ..params import LEVERS, Lever
from ..report.analysis import COST_MEASURES, evaluation_year, run_table, thousand_resident_years
from ..runner import replication_seeds, tables
from ..scenario import Scenario, validate_scenario
from .search import Objective, Package, Problem, Variable

OBJECTIVES: tuple[Objective, ...] = (("cost_eur", "min"), ("p_working", "max"))
#: the mean over a package's runs of the report's cost measures (who pays, what it brings) besides the cost
MEAN_OUTCOMES = tuple(m for m in COST_MEASURES if m != "cost_eur")
OUTCOME_COLUMNS = ("cost_eur", "p_working", *MEAN_OUTCOMES, "runs_working", "runs")


def check_levers(names: Sequence[str]) -> tuple[str, ...]:
    """The chosen levers: at least one, each known and named once."""
    allowed = f"one or more of {', '.join(LEVERS)}"
    if not names:
        raise InputError("--levers", "levers", "nothing", allowed)
    seen: list[str] = []
    for name in names:
        if name not in LEVERS:
            raise InputError("--levers", "levers", name, f"{allowed}{did_you_mean(name, LEVERS)}")
        if name in seen:
            raise InputError("--levers", "levers", name, "each lever once")
        seen.append(name)
    return tuple(seen)


def lever_levels(lever: Lever, scenario: Scenario) -> tuple[str, ...]:
    """A categorical lever's levels in this scenario ('none' is no kartrekker for one that leaves)."""
    if lever.name == "kartrekker" and any(e.type == "kartrekker_leaves" for e in scenario.events):
        return tuple(k for k in lever.levels if k != "none")
    return lever.levels


def variables(scenario: Scenario, levers: Sequence[str]) -> tuple[Variable, ...]:
    """The search's variables: each lever's range in this scenario, and its step."""
    out = []
    for name in levers:
        lever = LEVERS[name]
        if lever.levels:
            out.append(Variable(name, levels=lever_levels(lever, scenario)))
        else:
            low, high = lever.bounds(scenario.horizon)
            out.append(Variable(name, low, high, lever.step))
    return tuple(out)


def default_year(scenario: Scenario, levers: Sequence[str], year: int | None) -> int:
    """The year in which to ask whether the network works (a bad ``--year`` raises InputError).

    As ``collabsim compare`` (:func:`evaluation_year`): a given year within the horizon, else
    three years after the project money ends. When ``funding_years`` is a lever the money ends
    at a different time in each package, so the default is then the last full year.
    """
    chosen, _, _ = evaluation_year([scenario], year)
    if year is None and "funding_years" in levers:
        return max(1, math.floor(scenario.horizon))
    return chosen


def package_scenario(scenario: Scenario, package: Package) -> Scenario:
    """The scenario with the package's values as its preconditions (validated)."""
    data = scenario.model_dump()
    data["preconditions"] |= package
    return validate_scenario(data, scenario.name)


class CollabsimProblem:
    """The levers of one scenario as a :class:`Problem` for :func:`collabsim.optimisation.search.search`."""

    def __init__(
        self,
        scenario: Scenario,
        levers: Sequence[str],
        year: int,
        replications: int,
        seed: int,
        ensemble: Ensemble | None = None,
    ) -> None:
        self.scenario, self.levers, self.year, self.ensemble = scenario, tuple(levers), year, ensemble
        self.seeds = tuple(replication_seeds(seed, replications))
        self.problem = Problem(
            variables=variables(scenario, self.levers),
            objectives=OBJECTIVES,
            seeds=self.seeds,
            params=self.params,
            outcomes=self.outcomes,
            model=COLLABSIM,
            replication=None if ensemble is None else self.member,
        )

    def member(self, params: Mapping[str, Any], replication: int) -> Mapping[str, Any]:
        """Replication ``replication``'s parameters: its ensemble member's constant set added."""
        return member_params(params, self.ensemble, replication)

    def params(self, package: Package) -> dict[str, Any]:
        return package_scenario(self.scenario, package).model_kwargs()

    def outcomes(self, package: Package, results: list[Result]) -> dict[str, float]:
        """Cost, p_working and who pays, over the package's runs (the report's definition of working)."""
        sc = package_scenario(self.scenario, package)
        summary, timeseries = tables(sc, list(self.seeds), results, self.ensemble)
        runs = run_table(summary, timeseries, self.year)
        runs["helped_total"] = runs["residents_helped"] * thousand_resident_years(sc)
        row = {"cost_eur": float(runs["cost_eur"].mean()), "p_working": float(runs["works_in_year"].mean())}
        row |= {name: float(runs[name].mean()) for name in MEAN_OUTCOMES}
        row |= {"runs_working": int(runs["works_in_year"].sum()), "runs": len(runs)}
        return row
