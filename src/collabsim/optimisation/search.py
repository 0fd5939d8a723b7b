"""Multi-objective search: platypus's NSGA-II, each population run as one batch through collabsim's evaluator.

The algorithm is platypus's (:class:`platypus.NSGAII`, not a copy of it). Platypus hands a
whole population to its :class:`platypus.Evaluator`; ours turns that population into one
list of :class:`collabsim.evaluator.Job` (every package times every replication seed: common
random numbers) and runs it with :func:`collabsim.evaluator.collect`, so ``--workers`` and a
Dask scheduler work as for every other command, and the results do not depend on them.

Reproducibility: platypus draws from Python's :mod:`random` module. :func:`search` seeds it
with ``seed`` for the run and puts the caller's state back afterwards; around every batch of
model runs the state is saved and restored too, so runs in this process (one worker) cannot
move the algorithm's stream. The same seed thus gives the same packages whatever ``workers``.

Every evaluated package is kept (the archive); a package met again (values are rounded to
each variable's step) is served from the archive and not run again. The front is the
non-dominated part of the whole archive (:func:`platypus.nondominated`); packages with equal
objectives do not dominate each other, so every distinct package on the front is kept.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import platypus

from ..evaluator import Job, Result, collect

Package = dict[str, Any]
#: an objective: an outcome's name and whether less or more of it is better
Objective = tuple[str, Literal["min", "max"]]


@dataclass(frozen=True)
class Variable:
    """One decision variable: numbers from ``low`` to ``high`` rounded to ``step`` (0: not rounded), or levels."""

    name: str
    low: float = 0.0
    high: float = 1.0
    step: float = 0.0
    levels: tuple[str, ...] = ()

    def platypus_type(self) -> platypus.Type:
        return platypus.Integer(0, len(self.levels) - 1) if self.levels else platypus.Real(self.low, self.high)

    def value(self, decoded: float) -> float | str:
        """The value a decoded platypus variable stands for."""
        if self.levels:
            return self.levels[int(decoded)]
        x = min(max(float(decoded), self.low), self.high)
        if self.step:
            x = min(max(self.low + round((x - self.low) / self.step) * self.step, self.low), self.high)
            return round(x, 10)
        return x


@dataclass(frozen=True)
class Problem:
    """What to search: variables, objectives, and how a package becomes runs and runs become outcomes."""

    variables: tuple[Variable, ...]
    objectives: tuple[Objective, ...]
    seeds: tuple[int, ...]  # the replication seeds every package runs with (common random numbers)
    params: Callable[[Package], Mapping[str, Any]]  # a package's model parameters
    outcomes: Callable[[Package, list[Result]], dict[str, float]]  # a package's runs -> outcomes (the objectives too)
    model: str = "collabsim"  # an evaluator model name (see collabsim.evaluator.model_function)
    #: replication r's parameters from the package's (e.g. an ensemble member's constants); None: the same
    replication: Callable[[Mapping[str, Any], int], Mapping[str, Any]] | None = None

    def job_params(self, package: Package, replication: int) -> Mapping[str, Any]:
        """The model parameters of ``package``'s run ``replication``."""
        params = self.params(package)
        return params if self.replication is None else self.replication(params, replication)


@dataclass(frozen=True)
class SearchResult:
    """Every evaluated package and the front among them."""

    evaluations: pd.DataFrame  # one row per distinct package, in the order first run: generation, variables, outcomes
    front: pd.DataFrame  # the non-dominated rows of ``evaluations``, best first on the first objective
    nfe: int  # solutions the algorithm evaluated (packages met again included)
    runs: int  # model runs made
    generations: int


def generations(evaluations: int, population: int) -> int:
    """Generations (the first one included) the algorithm needs for ``evaluations``."""
    return max(1, math.ceil(evaluations / population))


def variator(variables: Sequence[Variable]) -> platypus.Variator:
    """Platypus's usual operators: SBX and polynomial mutation for numbers, HUX and bit flips for levels."""
    numbers, levels = any(not v.levels for v in variables), any(v.levels for v in variables)
    if numbers and levels:
        return platypus.CompoundOperator(platypus.SBX(), platypus.HUX(), platypus.PM(), platypus.BitFlip())
    if numbers:
        return platypus.GAOperator(platypus.SBX(), platypus.PM())
    return platypus.GAOperator(platypus.HUX(), platypus.BitFlip())


def _direction(how: str) -> platypus.Direction:
    return platypus.Direction.MINIMIZE if how == "min" else platypus.Direction.MAXIMIZE


class _PopulationEvaluator(platypus.Evaluator):
    """Platypus's evaluator interface: all of a population's solutions are run as one batch."""

    def __init__(self, run_population: Callable[[list[platypus.Solution]], None]) -> None:
        super().__init__()
        self._run_population = run_population

    def evaluate_all(self, jobs: list[Any], **kwargs: Any) -> list[Any]:
        self._run_population([job.solution for job in jobs])
        for job in jobs:
            job.run()  # platypus's own bookkeeping; the objectives come from the archive
        return jobs


class _ArchivedProblem(platypus.Problem):
    """A platypus problem whose objectives are looked up in the archive the batch has just filled."""

    def __init__(self, problem: Problem, lookup: Callable[[list[Any]], dict[str, float]]) -> None:
        super().__init__(len(problem.variables), len(problem.objectives))
        self.types[:] = [v.platypus_type() for v in problem.variables]
        self.directions[:] = [_direction(how) for _, how in problem.objectives]
        self._objectives = [name for name, _ in problem.objectives]
        self._lookup = lookup

    def evaluate(self, solution: platypus.Solution) -> None:
        row = self._lookup(list(solution.variables))  # platypus has decoded them
        solution.objectives[:] = [row[name] for name in self._objectives]


def search(
    problem: Problem,
    evaluations: int,
    population: int,
    seed: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], Any] | None = None,
) -> SearchResult:
    """Run NSGA-II for (at least) ``evaluations`` solutions, ``population`` at a time.

    ``progress(n)`` is called with the number of model runs done (or served from the archive).
    """
    reps = len(problem.seeds)
    archive: dict[tuple[Any, ...], dict[str, Any]] = {}
    counts = {"runs": 0, "generation": 0}

    def package(decoded: Sequence[Any]) -> Package:
        return {v.name: v.value(x) for v, x in zip(problem.variables, decoded, strict=True)}

    def key(pkg: Package) -> tuple[Any, ...]:
        return tuple(pkg[v.name] for v in problem.variables)

    def run_population(solutions: list[platypus.Solution]) -> None:
        types = platypus_problem.types
        packages = [package([t.decode(x) for t, x in zip(types, s.variables, strict=True)]) for s in solutions]
        new: dict[tuple[Any, ...], Package] = {}
        for pkg in packages:
            if key(pkg) not in archive:
                new.setdefault(key(pkg), pkg)
        todo = list(new.values())
        jobs = [
            Job(i * reps + r, problem.job_params(pkg, r), s)
            for i, pkg in enumerate(todo)
            for r, s in enumerate(problem.seeds)
        ]
        if jobs:
            state = random.getstate()
            try:
                results = collect(jobs, problem.model, workers, scheduler, progress)
            finally:
                random.setstate(state)
            for i, pkg in enumerate(todo):
                outcomes = problem.outcomes(pkg, results[i * reps : (i + 1) * reps])
                archive[key(pkg)] = {"generation": counts["generation"], **pkg, **outcomes}
        if progress and len(packages) > len(todo):
            progress(reps * (len(packages) - len(todo)))
        counts["runs"] += len(jobs)
        counts["generation"] += 1

    platypus_problem = _ArchivedProblem(problem, lambda decoded: archive[key(package(decoded))])
    algorithm = platypus.NSGAII(
        platypus_problem,
        population_size=population,
        variator=variator(problem.variables),
        evaluator=_PopulationEvaluator(run_population),
    )
    state = random.getstate()
    random.seed(seed)
    try:
        algorithm.run(evaluations)
    finally:
        random.setstate(state)
    rows = pd.DataFrame(list(archive.values()))
    return SearchResult(
        evaluations=rows,
        front=front(rows, problem.objectives),
        nfe=algorithm.nfe,
        runs=counts["runs"],
        generations=counts["generation"],
    )


def front(rows: pd.DataFrame, objectives: Sequence[Objective]) -> pd.DataFrame:
    """The rows no other row dominates (:func:`platypus.nondominated`), sorted best first on each objective.

    Rows with equal objectives do not dominate each other: all of them are kept.
    """
    if rows.empty:
        return rows.copy()
    judge = platypus.Problem(0, len(objectives))
    judge.directions[:] = [_direction(how) for _, how in objectives]
    solutions = []
    for i, values in enumerate(rows[[name for name, _ in objectives]].itertuples(index=False)):
        s = platypus.Solution(judge)
        s.objectives[:] = [float(v) for v in values]
        s.evaluated = True
        s.row = i
        solutions.append(s)
    kept = sorted(s.row for s in platypus.nondominated(solutions))
    names = [name for name, _ in objectives]
    ascending = [how == "min" for _, how in objectives]
    return rows.iloc[kept].sort_values(names, ascending=ascending, kind="stable").reset_index(drop=True)
