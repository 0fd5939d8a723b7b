"""The boxes of a scenario discovery in plain words, in Dutch and English.

``box_sentences(discovery, output, threshold, lang)`` gives one sentence per box, e.g.
"With staff turnover below 20% a year: in 96% of the runs the network stays above 0.5
times a working network in its last year; 85% of all runs where that holds lie in this
box, which holds 14% of all runs." ``summary`` adds a heading and the feature scores (the
Markdown of ``boxes_nl.md``/``boxes_en.md``). Parameter names are the comparison report's
labels of the preconditions; kartrekker kinds the dashboard's.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..dashboard.labels import text as dashboard_text
from ..params import PRECONDITIONS
from ..report.i18n import number, percent, years
from ..report.i18n import text as report_text
from ..texts import Texts, by_key
from .prim import DENSITY_SLACK, LEVEL_SEP, MAX_P, MIN_COVERAGE, Discovery

#: preconditions written as plain numbers with a unit (the others, shares and rates a year, as percentages)
PLAIN_UNITS = {"meetings": "unit_meetings", "years": "unit_years"}


def _unit(name: str) -> str:
    return PRECONDITIONS[name].unit if name in PRECONDITIONS else ""

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Scenario discovery: {output} boven {threshold}",
        "intro": (
            "Sweep {folder}: {runs} runs ({points} punten x {replications} replicaties, methode {method}). "
            "In {share} van alle runs {condition}."
        ),
        "rule": (
            "PRIM (EMA workbench) pelt het gebied met alle runs af; per gebied kiezen we de stap die de "
            "meeste runs dekt met een dichtheid tot {slack} procentpunt onder de hoogste, van de stappen die "
            "minstens {coverage} dekken van de runs waarin het zo is (en nog buiten eerdere gebieden liggen)."
        ),
        "box": (
            "Met {conditions}: in {density} van de runs {condition}. {coverage} van alle runs waarin dat zo is, "
            "valt in dit gebied; het gebied bevat {mass} van alle runs ({runs} runs)."
        ),
        "box_heading": "Gebied {number}",
        "later": "Geteld onder de runs buiten de eerdere gebieden.",
        "no_box": "PRIM vond geen gebied waarin {condition} duidelijk vaker dan in {share} van de runs.",
        "scores": "Belang van de parameters (feature scores, extra trees): {scores}.",
        "p_note": "Beperkingen met een quasi-p-waarde boven {p} zijn onzeker (zie de kolom p_value in boxes.csv).",
        "condition_sustained": "blijft het netwerk in het laatste jaar boven {threshold} keer een werkend netwerk",
        "condition_other": "ligt {output} boven {threshold}",
        "below": "{name} onder {value}",
        "above": "{name} boven {value}",
        "between": "{name} tussen {low} en {high}",
        "levels": "{name} {levels}",
        "and": "en",
        "or": "of",
        "per_year": "per jaar",
        "unit_meetings": "bijeenkomsten per jaar",
        "unit_years": "jaar",
    },
    "en": {
        "title": "Scenario discovery: {output} above {threshold}",
        "intro": (
            "Sweep {folder}: {runs} runs ({points} points x {replications} replications, method {method}). "
            "In {share} of all runs {condition}."
        ),
        "rule": (
            "PRIM (EMA workbench) peels down the box of all runs; for each box we pick the step that covers "
            "the most runs with a density at most {slack} percentage points below the highest, among the steps "
            "that cover at least {coverage} of the runs where it holds (and lie outside earlier boxes)."
        ),
        "box": (
            "With {conditions}: in {density} of the runs {condition}. {coverage} of all runs where that holds "
            "lie in this box, which holds {mass} of all runs ({runs} runs)."
        ),
        "box_heading": "Box {number}",
        "later": "Counted among the runs outside the earlier boxes.",
        "no_box": "PRIM found no box in which {condition} clearly more often than in {share} of the runs.",
        "scores": "Importance of the parameters (feature scores, extra trees): {scores}.",
        "p_note": "Restrictions with a quasi-p value above {p} are uncertain (see the column p_value in boxes.csv).",
        "condition_sustained": "the network stays above {threshold} times a working network in its last year",
        "condition_other": "{output} is above {threshold}",
        "below": "{name} below {value}",
        "above": "{name} above {value}",
        "between": "{name} between {low} and {high}",
        "levels": "{name} {levels}",
        "and": "and",
        "or": "or",
        "per_year": "a year",
        "unit_meetings": "meetings a year",
        "unit_years": "years",
    },
}

#: ``text(lang, key, **values)``: one string of the discovery's words
text = Texts(by_key(STRINGS))


def parameter_name(lang: str, name: str) -> str:
    """A parameter in words: the report's label of a precondition (lower case), else the name itself."""
    if name in PRECONDITIONS:
        label = report_text(lang, f"pre_{name}")
        return label[0].lower() + label[1:]
    return name


def value_text(lang: str, name: str, value: float) -> str:
    """A bound as a number: a percentage for shares and rates, a plain number for counts and years."""
    if _unit(name) in PLAIN_UNITS:
        return years(lang, round(float(value), 1))
    if name in PRECONDITIONS:
        return percent(lang, value)
    return number(lang, value, 2)


def unit_text(lang: str, name: str) -> str:
    """What follows a parameter's bounds in words: ' a year', ' meetings a year', ' years' or nothing."""
    if _unit(name) == "rate":
        return f" {text(lang, 'per_year')}"
    if _unit(name) in PLAIN_UNITS:
        return f" {text(lang, PLAIN_UNITS[_unit(name)])}"
    return ""


def level_text(lang: str, name: str, level: str) -> str:
    if name == "kartrekker":
        return dashboard_text(lang, f"k_{level}")
    return str(level)


def restriction(lang: str, row: pd.Series) -> str:
    """One restricted parameter of a box in words ("staff turnover below 20% a year")."""
    name, label = row["parameter"], parameter_name(lang, row["parameter"])
    if row["bound"] == "levels":
        levels = [level_text(lang, name, v) for v in str(row["levels"]).split(LEVEL_SEP)]
        return text(lang, "levels", name=label, levels=_join(lang, levels, "or"))
    low, high = value_text(lang, name, row["low"]), value_text(lang, name, row["high"])
    if row["bound"] == "upper":
        words = text(lang, "below", name=label, value=high)
    elif row["bound"] == "lower":
        words = text(lang, "above", name=label, value=low)
    else:
        words = text(lang, "between", name=label, low=low, high=high)
    return words + unit_text(lang, name)


def condition(lang: str, output: str, threshold: float) -> str:
    """What the runs of interest have in common, in words (as the rest of a sentence after "in 60% of the runs")."""
    key = "condition_sustained" if output == "sustained" else "condition_other"
    return text(lang, key, output=output, threshold=number(lang, threshold, _digits(threshold)))


def box_sentences(discovery: Discovery, output: str, threshold: float, lang: str) -> list[str]:
    """One sentence per box (none if PRIM found no box)."""
    what = condition(lang, output, threshold)
    out = []
    for number_, rows in discovery.boxes.groupby("box", sort=True):
        first = rows.iloc[0]
        parts = [restriction(lang, row) for _, row in rows.iterrows()]
        later = f" {text(lang, 'later')}" if int(number_) > 1 else ""
        out.append(
            text(
                lang,
                "box",
                conditions=_join(lang, parts, "and"),
                density=percent(lang, first["density"]),
                condition=what,
                coverage=percent(lang, first["coverage"]),
                mass=percent(lang, first["mass"]),
                runs=int(first["runs"]),
            )
            + later
        )
    return out


def headline(discovery: Discovery, output: str, threshold: float, lang: str) -> str:
    """The first box in words, or that PRIM found none."""
    sentences = box_sentences(discovery, output, threshold, lang)
    if sentences:
        return sentences[0]
    return text(lang, "no_box", condition=condition(lang, output, threshold), share=percent(lang, discovery.share))


def summary(discovery: Discovery, output: str, threshold: float, lang: str, sweep: dict[str, Any]) -> str:
    """The boxes in words as Markdown: heading, the sweep and the rule, one paragraph per box, feature scores.

    ``sweep`` holds ``folder``, ``points``, ``replications`` and ``method``.
    """
    what = condition(lang, output, threshold)
    share = percent(lang, discovery.share)
    limit = number(lang, threshold, _digits(threshold))
    lines = [f"# {text(lang, 'title', output=output, threshold=limit)}", ""]
    lines += [text(lang, "intro", runs=discovery.runs, share=share, condition=what, **sweep), ""]
    lines += [text(lang, "rule", slack=number(lang, 100 * DENSITY_SLACK, 0), coverage=percent(lang, MIN_COVERAGE)), ""]
    sentences = box_sentences(discovery, output, threshold, lang)
    for number_, sentence in enumerate(sentences, start=1):
        lines += [f"## {text(lang, 'box_heading', number=number_)}", "", sentence, ""]
    if not sentences:
        lines += [headline(discovery, output, threshold, lang), ""]
    scores = [
        f"{parameter_name(lang, r['parameter'])} {number(lang, r['score'], 2)}"
        for _, r in discovery.scores.iterrows()
        if not math.isnan(r["score"])
    ]
    lines += [text(lang, "scores", scores=", ".join(scores)), ""]
    lines += [text(lang, "p_note", p=number(lang, MAX_P, 2)), ""]
    return "\n".join(lines)


def _join(lang: str, parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {text(lang, word)} {parts[-1]}"


def _digits(value: float) -> int:
    for digits in range(4):
        if round(value, digits) == value:
            return digits
    return 4
