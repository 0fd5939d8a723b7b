"""The report's section "Wat is er minimaal nodig?" / "What does it take?" (``compare --what-it-takes``).

Built from an optimisation (an output folder of ``collabsim optimise``: its ``pareto.csv``)
or from a scenario discovery (an output folder of ``collabsim discover``: ``boxes.csv`` and
``discovery.json``). For an optimisation it names the cheapest package on the front that
works in at least half of the runs and the most robust one, with what they cost and who
pays; for a discovery the first box in words. Both languages are written at once, so the
section is ready before anything runs and rendering cannot fail on it.
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..scenario import Scenario
from ..texts import LANGUAGES
from . import i18n
from .figures import title

PARETO = "pareto.csv"
BOXES = "boxes.csv"
WHAT = (
    "an output folder of 'collabsim optimise' (with pareto.csv) or of 'collabsim discover' "
    "(with boxes.csv and discovery.json)"
)


@dataclass(frozen=True)
class WhatItTakes:
    """The section's paragraphs in every language, and where they come from."""

    kind: str  # "optimisation" or "discovery"
    source: str  # the folder or pareto.csv it was read from
    paragraphs: dict[str, list[str]] = field(default_factory=dict)  # lang -> paragraphs

    def text(self, lang: str) -> list[str]:
        return self.paragraphs[lang]


def load_what_it_takes(
    folder: str | Path, scenarios: Sequence[Scenario], given: Sequence[str] = (), settings: Sequence[str] = ()
) -> WhatItTakes:
    """The section from an optimise or a discover output folder (a bad folder: one InputError line).

    ``given`` and ``settings``: the scenarios as named on the command line and its ``--set``
    items (for the command the section quotes).
    """
    path = Path(folder)
    if not path.is_dir():
        raise InputError("--what-it-takes", "folder", str(folder), WHAT)
    if (path / PARETO).is_file():
        return from_optimisation(path / PARETO, scenarios, given, settings)
    if (path / BOXES).is_file():
        return from_discovery(path)
    raise InputError("--what-it-takes", "folder", str(folder), f"{WHAT}; it has neither")


# --- from an optimisation ---------------------------------------------------------------------


def from_optimisation(
    pareto: Path, scenarios: Sequence[Scenario], given: Sequence[str] = (), settings: Sequence[str] = ()
) -> WhatItTakes:
    """The cheapest package working in half the runs and the most robust one, from a pareto.csv."""
    from ..optimisation.pareto import pareto_levers, pareto_scenario, read_pareto

    table = read_pareto(pareto)
    name = pareto_scenario(table)
    index = 0
    if name is not None:
        matching = [i for i, sc in enumerate(scenarios) if sc.name == name]
        if not matching:
            compared = ", ".join(sc.name for sc in scenarios)
            raise InputError(
                str(pareto), "scenario", name, f"a front of one of the scenarios compared ({compared})"
            )
        index = matching[0]
    scenario = scenarios[index]
    argument = given[index] if index < len(given) else scenario.name
    levers = pareto_levers(table)
    missing = [c for c in ("project_cost_eur", "partner_cost_eur", "funder_cost_eur") if c not in table.columns]
    if missing:
        raise InputError(str(pareto), "columns", list(table.columns), f"also {', '.join(missing)} (who pays)")
    if "package" not in table.columns:
        table = table.assign(package=range(1, len(table) + 1))
    command = ["collabsim", "compare", argument, *[x for item in settings for x in ("--set", item)]]
    command += ["--from-pareto", str(pareto)]
    paragraphs = {lang: _optimisation_text(lang, table, levers, scenario, pareto, command) for lang in LANGUAGES}
    return WhatItTakes("optimisation", str(pareto), paragraphs)


def _optimisation_text(
    lang: str, table: pd.DataFrame, levers: list[str], sc: Scenario, source: Path, command: list[str]
) -> list[str]:
    from ..optimisation import words

    horizon = i18n.years(lang, sc.horizon)
    runs = int(table["runs"].max()) if "runs" in table.columns else 0
    year = int(table["year"].iloc[0]) if "year" in table.columns else None
    threshold = i18n.percent(lang, words.WORKS_AT_LEAST)
    eur = lambda v: i18n.euros(lang, float(v))  # noqa: E731

    def about(row: pd.Series) -> dict[str, Any]:
        return {
            "k": int(row["package"]),
            "package": words.package_words(lang, row, levers),
            "cost": eur(row["cost_eur"]),
            "share": i18n.percent(lang, float(row["p_working"])),
            "horizon": horizon,
        }

    def who_pays(row: pd.Series) -> str:
        return i18n.text(
            lang,
            "takes_who_pays",
            project=eur(row["project_cost_eur"]),
            partner=eur(row["partner_cost_eur"]),
            funder=eur(row["funder_cost_eur"]),
        )

    out = [
        i18n.text(
            lang,
            "takes_opt_intro",
            levers=words.lever_list(lang, levers),
            title=title(sc, lang),
            source=str(source),
            front=len(table),
            runs=runs if runs else "?",
            year=year if year is not None else "?",
        )
    ]
    if "ensemble_members" in table.columns and table["ensemble_members"].max() > 0:
        out.append(i18n.text(lang, "takes_opt_ensemble", members=int(table["ensemble_members"].max())))
    cheapest = words.cheapest_working(table)
    robust = table.sort_values(["p_working", "cost_eur"], ascending=[False, True], kind="stable").iloc[0]
    if cheapest is not None:
        out.append(f"{i18n.text(lang, 'takes_cheapest', threshold=threshold, **about(cheapest))} {who_pays(cheapest)}")
    else:
        out.append(f"{i18n.text(lang, 'takes_cheapest_none', threshold=threshold, **about(robust))} {who_pays(robust)}")
    if cheapest is not None and int(cheapest["package"]) == int(robust["package"]):
        out.append(i18n.text(lang, "takes_robust_same"))
    elif cheapest is not None:
        out.append(f"{i18n.text(lang, 'takes_robust', **about(robust))} {who_pays(robust)}")
    if runs:
        margin = round(100 * 1.96 * 0.5 / math.sqrt(runs))
        out.append(i18n.text(lang, "takes_opt_caveat", runs=runs, margin=margin))
    pick = int((cheapest if cheapest is not None else robust)["package"])
    out.append(i18n.text(lang, "takes_forward", command=shlex.join([*command, "--pick", str(pick)])))
    return out


# --- from a discovery -------------------------------------------------------------------------


def from_discovery(folder: Path) -> WhatItTakes:
    """The first box in words, from a discover output folder."""
    from ..discovery import words
    from ..discovery.command import INFO
    from ..discovery.prim import BOX_COLUMNS, Discovery

    info_file = folder / INFO
    if not info_file.is_file():
        raise InputError(
            "--what-it-takes", "folder", str(folder), f"{WHAT}; {INFO} is missing (run 'collabsim discover' again)"
        )
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
        output, threshold = str(info["output"]), float(info["threshold"])
        runs, cases = int(info["runs"]), int(info["cases"])
    except (ValueError, KeyError, TypeError):
        raise InputError(str(info_file), "file", "unreadable", f"a {INFO} written by 'collabsim discover'") from None
    boxes = _read_boxes(folder / BOXES)
    if not set(BOX_COLUMNS) <= set(boxes.columns):
        raise InputError(str(folder / BOXES), "columns", list(boxes.columns), f"the columns {', '.join(BOX_COLUMNS)}")
    found = Discovery(boxes, pd.DataFrame(), pd.DataFrame(columns=["parameter", "score"]), runs, cases)
    paragraphs = {}
    for lang in LANGUAGES:
        condition = words.condition(lang, output, threshold)
        intro = i18n.text(
            lang,
            "takes_disc_intro",
            source=str(folder),
            runs=runs,
            condition=condition,
            share=i18n.percent(lang, found.share),
        )
        sentences = words.box_sentences(found, output, threshold, lang)
        first = (
            i18n.text(lang, "takes_disc_box", sentence=sentences[0])
            if sentences
            else words.headline(found, output, threshold, lang)
        )
        paragraphs[lang] = [intro, first, i18n.text(lang, "takes_disc_caveat")]
    return WhatItTakes("discovery", str(folder), paragraphs)


def _read_boxes(path: Path) -> pd.DataFrame:
    try:
        boxes = pd.read_csv(path)
        levels = pd.read_csv(path, usecols=["levels"], dtype=str, keep_default_na=False)["levels"]
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(str(path), "file", type(exc).__name__, "a boxes.csv written by 'collabsim discover'") from None
    return boxes.assign(levels=levels)
