"""The ``collabsim optimise`` command: search the levers, write the front, every package tried, a figure, words."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..calibration.ensemble import coverage_note, load_ensemble
from ..errors import InputError
from ..evaluator import worker_count
from ..output import atomic_write, check_out_folder, write_figure
from ..report.figures import title
from ..scenario import load_scenario
from . import words
from .figures import front_figure
from .problem import OUTCOME_COLUMNS, CollabsimProblem, check_levers, default_year
from .search import SearchResult, generations, search

#: platypus's NSGA-II mates in pairs: an even population of at least this
MIN_POPULATION = 4


def optimise_command(
    name: str,
    levers: Sequence[str],
    *,
    year: int | None,
    evaluations: int,
    population: int,
    replications: int,
    seed: int | None,
    workers: int | None,
    scheduler: str | None,
    lang: str,
    out: str | None,
    quiet: bool,
    ensemble: str | None = None,
) -> int:
    """Find the packages of ``levers`` on the front of cost against p_working in ``year``; write them.

    Writes pareto.csv, evaluations.csv, front.png and summary.md in ``out``. With ``ensemble``
    (a file or a shipped name), replication r of every package runs with its constant set r
    (cycling). Every check of the arguments comes before anything runs.
    """
    scenario = load_scenario(name)
    chosen = check_levers(levers)
    members = load_ensemble(ensemble) if ensemble else None
    eval_year = default_year(scenario, chosen, year)
    if population < MIN_POPULATION or population % 2:
        raise InputError("--population", "population", population, f"an even whole number >= {MIN_POPULATION}")
    if evaluations < population:
        raise InputError(
            "--evaluations", "evaluations", evaluations, f"at least one generation: >= --population ({population})"
        )
    seed = scenario.seed if seed is None else seed
    folder = check_out_folder(Path(out) if out else Path("results") / "optimise" / scenario.name)
    if note := coverage_note(members, replications):
        print(note, file=sys.stderr)
    total = generations(evaluations, population) * population * replications
    workers = worker_count(workers, population * replications)
    problem = CollabsimProblem(scenario, chosen, eval_year, replications, seed, members)
    with tqdm(total=total, desc="optimise", unit="run", disable=quiet, file=sys.stderr) as bar:
        result = search(problem.problem, evaluations, population, seed, workers, scheduler, progress=bar.update)
    command = ["collabsim", "optimise", name, "--levers", *chosen, "--year", str(eval_year)]
    command += ["--evaluations", str(evaluations), "--population", str(population)]
    command += ["--replications", str(replications), "--seed", str(seed), "--lang", lang]
    if ensemble:
        command += ["--ensemble", ensemble]
    sc_title = title(scenario, lang)
    text = words.summary(
        lang,
        scenario_title=sc_title,
        horizon=scenario.horizon,
        levers=chosen,
        year=eval_year,
        evaluations=result.evaluations,
        front=result.front,
        replications=replications,
        seed=seed,
        command=shlex.join(command),
        nfe=result.nfe,
        members=len(members.members) if members is not None else 0,
        ensemble=ensemble,
    )
    fig = front_figure(
        result.evaluations, result.front, lang, scenario_title=sc_title, horizon=scenario.horizon, year=eval_year
    )
    pareto, tried = tables(result, chosen, eval_year, scenario.name, len(members.members) if members else 0)
    atomic_write(folder / "pareto.csv", lambda p: pareto.to_csv(p, index=False))
    atomic_write(folder / "evaluations.csv", lambda p: tried.to_csv(p, index=False))
    write_figure(fig, folder / "front.png")
    atomic_write(folder / "summary.md", lambda p: p.write_text(text, encoding="utf-8"))
    print(f"wrote pareto.csv, evaluations.csv, front.png and summary.md in {folder}")
    across = f", across {len(members.members)} constant sets of {ensemble}" if members is not None else ""
    print(
        f"front: {len(result.front)} packages of {len(result.evaluations)} tried "
        f"({result.runs} runs, {replications} per package, year {eval_year}, seed {seed}{across})"
    )
    return 0


def tables(
    result: SearchResult, levers: Sequence[str], year: int, scenario: str = "", members: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """pareto.csv (the front by cost, numbered from 1) and evaluations.csv (every package, marked if on the front).

    Both end with the evaluation year and the scenario's name (``compare --from-pareto`` checks it),
    and, for runs across an ensemble, ``ensemble_members``: its number of constant sets.
    """
    columns = [*levers, *OUTCOME_COLUMNS]
    digits = {c: 2 for c in columns if c.endswith("_eur")} | {"residents_helped": 3, "helped_total": 1}
    pareto = result.front[columns].round(digits)
    pareto.insert(0, "package", range(1, len(pareto) + 1))
    pareto["year"] = year
    pareto["scenario"] = scenario
    if members:
        pareto["ensemble_members"] = members
    tried = result.evaluations[["generation", *columns]].round(digits)
    on_front = set(map(tuple, result.front[list(levers)].itertuples(index=False)))
    tried["on_front"] = [tuple(r) in on_front for r in tried[list(levers)].itertuples(index=False)]
    tried["year"] = year
    tried["scenario"] = scenario
    if members:
        tried["ensemble_members"] = members
    return pareto, tried
