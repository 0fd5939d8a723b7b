"""The ``collabsim compare`` command: run scenarios on common random numbers, write the report."""

from __future__ import annotations

import dataclasses
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from ..calibration.ensemble import coverage_note, load_ensemble
from ..errors import InputError
from ..evaluator import worker_count
from ..output import check_out_folder
from ..scenario import Scenario, load_scenario, validate_scenario
from . import i18n
from .analysis import check_distinct, evaluation_year, run_comparison
from .figures import title
from .render import write_report
from .takes import WhatItTakes, from_optimisation, load_what_it_takes


def compare_command(
    names: Sequence[str],
    overrides: Mapping[str, Any],
    *,
    settings: Sequence[str],
    replications: int | None,
    seed: int | None,
    workers: int | None,
    lang: str,
    year: int | None,
    out: str | None,
    quiet: bool,
    ensemble: str | None = None,
    from_pareto: str | None = None,
    picks: Sequence[int] = (),
    what_it_takes: str | None = None,
) -> int:
    """Compare the scenarios ``names`` (each with ``overrides``); write the HTML report and CSV tables.

    ``settings`` are the ``--set NAME=VALUE`` items as given, for the command line the report
    quotes. With ``from_pareto`` (a pareto.csv of ``collabsim optimise``) each of ``picks``
    (its row numbers, from 1) becomes one more scenario: the first of ``names`` with that
    package's lever values, named ``NAME_paretoK``; the first scenario stays the reference, and
    the network is judged in the optimisation's year unless ``year`` is given.
    ``what_it_takes`` (an optimise or discover output folder; else the pareto.csv itself) fills
    the section "What does it take?". Every check of the arguments comes before anything runs.
    """
    scenarios = [load_scenario(name, overrides) for name in names]
    members = load_ensemble(ensemble) if ensemble else None
    pareto_year = None
    takes: WhatItTakes | None = None
    if picks and not from_pareto:
        raise InputError("--pick", "pick", list(picks), "only with --from-pareto FILE")
    if from_pareto:
        packages, pareto_year = pareto_scenarios(scenarios[0], from_pareto, list(picks))
        scenarios += packages
        takes = from_optimisation(Path(from_pareto), scenarios, names, settings)
    if what_it_takes:
        takes = load_what_it_takes(what_it_takes, scenarios, names, settings)
    check_distinct(scenarios)
    if year is None and pareto_year is not None:
        last = min(sc.horizon for sc in scenarios)
        pareto_year = pareto_year if 1 <= pareto_year <= last else None
    evaluation_year(scenarios, year)  # a bad --year stops here, before anything runs
    n = replications or max(sc.replications for sc in scenarios)
    if note := coverage_note(members, n):
        print(note, file=sys.stderr)
    seed = scenarios[0].seed if seed is None else seed
    default = Path("results") / "compare" / "_vs_".join(sc.name for sc in scenarios)
    folder = check_out_folder(Path(out) if out else default)
    total = n * len(scenarios)
    workers = worker_count(workers, total)
    with tqdm(total=total, desc="compare", unit="run", disable=quiet, file=sys.stderr) as bar:
        comp = run_comparison(
            scenarios, n, seed, workers=workers, year=year if year is not None else pareto_year,
            progress=bar.update, ensemble=members, ensemble_name=ensemble,
        )  # fmt: skip
    if year is None and pareto_year is not None:
        comp = dataclasses.replace(comp, year_reason="pareto")
    command = ["collabsim", "compare", *names]
    for item in settings:
        command += ["--set", item]
    command += ["--replications", str(n), "--seed", str(seed), "--lang", lang]
    if year is not None:
        command += ["--year", str(year)]
    if ensemble:
        command += ["--ensemble", ensemble]
    if from_pareto:
        command += ["--from-pareto", from_pareto]
        for pick in picks:
            command += ["--pick", str(pick)]
    if what_it_takes:
        command += ["--what-it-takes", what_it_takes]
    written = write_report(comp, folder, lang, shlex.join(command), takes)
    across = f", across {len(members.members)} constant sets of {ensemble}" if members is not None else ""
    print(
        f"wrote {written[-1]} and {len(written) - 1} CSV tables in {folder} "
        f"({n} runs per scenario, seed {seed}{across})"
    )
    return 0


def pareto_scenarios(base: Scenario, path: str, picks: list[int]) -> tuple[list[Scenario], int | None]:
    """The picked packages of a pareto.csv as scenarios (``base`` with their lever values), and its year.

    The file must be a front of ``base`` (when it names its scenario) and ``picks`` its row numbers.
    """
    from ..optimisation.pareto import check_picks, check_scenario, from_pareto, pareto_levers, read_pareto
    from ..optimisation.words import package_words

    table = read_pareto(path)
    check_scenario(path, table, base.name)
    if not picks:
        raise InputError("--pick", "pick", "nothing", f"at least one row number of {path}, from 1 to {len(table)}")
    check_picks(picks, len(table))
    levers = pareto_levers(table)
    out = []
    for pick in picks:
        (package,) = from_pareto(path, pick)
        number = int(table["package"].iloc[pick - 1]) if "package" in table.columns else pick
        data = base.model_dump()
        data["preconditions"] |= package
        data["name"] = f"{base.name}_pareto{number}"
        for lang, key in (("en", "title"), ("nl", "title_nl")):
            words = package_words(lang, package, levers)
            data[key] = i18n.text(lang, "pareto_title", title=title(base, lang), k=number, package=words)
            data[key.replace("title", "description")] = i18n.text(
                lang, "pareto_description", k=number, file=path, package=words, title=title(base, lang)
            )
        out.append(validate_scenario(data, f"{path}: row {pick}"))
    year = int(table["year"].iloc[0]) if "year" in table.columns and pd.notna(table["year"].iloc[0]) else None
    return out, year
