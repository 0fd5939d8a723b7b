"""The front in plain Dutch or English words (``summary.md``), and the figure's labels.

Lever names reuse the comparison report's precondition labels (``pre_*`` in
:mod:`collabsim.report.i18n`) and the dashboard's kartrekker kinds (``k_*`` in
:mod:`collabsim.dashboard.labels`); only the sentences of this command are new.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..dashboard import labels
from ..params import LEVERS
from ..report import i18n
from ..texts import Texts, by_key, euros

#: "the cheapest package that works in at least this share of the runs"
WORKS_AT_LEAST = 0.5

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "# Wat kost het? {scenario}",
        "intro": (
            "collabsim zocht pakketten van {levers} voor het scenario ‘{scenario}’ die weinig kosten en het "
            "netwerk laten werken in jaar {year}. Gezocht met NSGA-II (platypus) in {nfe} evaluaties: "
            "{evaluations} verschillende pakketten, elk in {runs} runs met dezelfde toevalsgetallen "
            "(basisseed {seed}). Op het front staan {front} pakketten: voor geen van hen is er een ander dat "
            "goedkoper is en ook vaker werkt."
        ),
        "ensemble": (
            "De runs gaan over {members} geaccepteerde varianten van het model (de constantensets van {name}): "
            "run r van elk pakket gebruikt set r, rondgaand, zodat elk pakket op dezelfde varianten wordt beoordeeld."
        ),
        "cheapest": "Het goedkoopste pakket dat in minstens {threshold} van de runs werkt, kost {cost} ({package}).",
        "cheapest_none": (
            "Geen van de geprobeerde pakketten werkt in minstens {threshold} van de runs; het beste haalt {share} "
            "voor {cost} ({package})."
        ),
        "who_pays": (
            "Daarvan komt {project} uit projectgeld, betalen de partners {partner} (cofinanciering en de uren van "
            "hun mensen) en externe financiers {funder}."
        ),
        "front_heading": "## Het front, van goedkoop naar duur",
        "front_row": (
            "Voor {cost} over {horizon} jaar ({package}) werkt het netwerk in jaar {year} nog in {share} van de runs."
        ),
        "caveat_heading": "## Wat dit wel en niet zegt",
        "caveat_costs": (
            "De bedragen zijn alle kosten van de samenwerking over de looptijd, wie ze ook betaalt. Ze rusten op "
            "aangenomen tarieven en uren (ODD s.7.13; zie ‘collabsim constants --status assumed’), niet op "
            "gemeten kosten."
        ),
        "caveat_search": (
            "Het front is een benadering: {evaluations} pakketten, elk {runs} runs. Een aandeel uit {runs} runs is "
            "onzeker, rond 50% ongeveer ±{margin} procentpunt; met meer runs of pakketten kan het front verschuiven."
        ),
        "caveat_rest": "Alle andere voorwaarden blijven zoals in het scenario.",
        "reproduce": "Opnieuw uitrekenen (dezelfde seed geeft dezelfde uitkomst, ook met een ander aantal processen):",
        "value_share": "{label} {value}",
        "value_meetings": "{label} {value} per jaar",
        "value_years": "{label} {value} jaar",
        "value_kind": "{label}: {value}",
        "and": "en",
        "fig_title": "{scenario}: kosten tegen robuustheid",
        "fig_x": "Kosten over {horizon} jaar (euro, gemiddeld over de runs)",
        "fig_y": "Runs met een werkend netwerk in jaar {year}",
        "fig_all": "geprobeerde pakketten ({n})",
        "fig_front": "front ({n})",
    },
    "en": {
        "title": "# What does it take? {scenario}",
        "intro": (
            "collabsim searched for packages of {levers} for the scenario ‘{scenario}’ that cost little and keep "
            "the network working in year {year}. Searched with NSGA-II (platypus) in {nfe} evaluations: "
            "{evaluations} distinct packages, each in {runs} runs with the same random numbers "
            "(base seed {seed}). The front holds {front} packages: for none of them is there another that is "
            "cheaper and also works more often."
        ),
        "ensemble": (
            "The runs go across {members} accepted variants of the model (the constant sets of {name}): run r of "
            "every package uses set r, cycling, so every package is judged on the same variants."
        ),
        "cheapest": "The cheapest package that works in at least {threshold} of the runs costs {cost} ({package}).",
        "cheapest_none": (
            "None of the packages tried works in at least {threshold} of the runs; the best reaches {share} for "
            "{cost} ({package})."
        ),
        "who_pays": (
            "Of that, {project} comes from project money, the partners pay {partner} (co-financing and their "
            "staff's hours) and outside funders {funder}."
        ),
        "front_heading": "## The front, from cheap to dear",
        "front_row": (
            "For {cost} over {horizon} years ({package}), the network still works in year {year} "
            "in {share} of the runs."
        ),
        "caveat_heading": "## What this does and does not say",
        "caveat_costs": (
            "The amounts are all the collaboration's costs over the horizon, whoever pays them. They rest on "
            "assumed tariffs and hours (ODD s.7.13; see ‘collabsim constants --status assumed’), not on measured "
            "costs."
        ),
        "caveat_search": (
            "The front is an approximation: {evaluations} packages of {runs} runs each. A share from {runs} runs is "
            "uncertain, around 50% by about ±{margin} percentage points; with more runs or packages the front may "
            "shift."
        ),
        "caveat_rest": "Every other precondition stays as in the scenario.",
        "reproduce": (
            "To compute it again (the same seed gives the same result, also with another number of processes):"
        ),
        "value_share": "{label} {value}",
        "value_meetings": "{label} {value} a year",
        "value_years": "{label} {value} years",
        "value_kind": "{label}: {value}",
        "and": "and",
        "fig_title": "{scenario}: cost against robustness",
        "fig_x": "Cost over {horizon} years (euros, mean over the runs)",
        "fig_y": "Runs with a working network in year {year}",
        "fig_all": "packages tried ({n})",
        "fig_front": "front ({n})",
    },
}

#: ``text(lang, key, **values)``: one string of ``collabsim optimise``
text = Texts(by_key(STRINGS))


def lever_label(lang: str, name: str) -> str:
    """A lever's name as the comparison report writes it, e.g. 'Cofinanciering'."""
    return i18n.text(lang, f"pre_{name}")


def lever_value(lang: str, name: str, value: Any) -> str:
    """One lever's value in words: '40%', '8', 'extern'."""
    unit = LEVERS[name].unit
    if unit == "kind":
        return labels.text(lang, f"k_{value}")
    if unit == "share":
        return i18n.percent(lang, float(value))
    return i18n.years(lang, float(value))


def package_words(lang: str, package: Mapping[str, Any], levers: Sequence[str]) -> str:
    """A package in words: 'cofinanciering 40%, vastgelegde afspraken 60%, kennisuitwisseling 8 per jaar'."""
    parts = []
    for name in levers:
        label = lever_label(lang, name)
        label = label[:1].lower() + label[1:]
        parts.append(
            text(lang, f"value_{LEVERS[name].unit}", label=label, value=lever_value(lang, name, package[name]))
        )
    return ", ".join(parts)


def lever_list(lang: str, levers: Sequence[str]) -> str:
    """'cofinanciering, vastgelegde afspraken en kennisuitwisseling'."""
    names = [lever_label(lang, n).lower() for n in levers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {text(lang, 'and')} {names[-1]}"


def cheapest_working(front: pd.DataFrame, threshold: float = WORKS_AT_LEAST) -> pd.Series | None:
    """The cheapest front package that works in at least ``threshold`` of the runs (None: none does)."""
    ok = front[front["p_working"] >= threshold - 1e-12]
    return None if ok.empty else ok.sort_values("cost_eur", kind="stable").iloc[0]


def summary(
    lang: str,
    *,
    scenario_title: str,
    horizon: float,
    levers: Sequence[str],
    year: int,
    evaluations: pd.DataFrame,
    front: pd.DataFrame,
    replications: int,
    seed: int,
    command: str,
    nfe: int | None = None,
    members: int = 0,
    ensemble: str | None = None,
) -> str:
    """``summary.md``: the cheapest package that works in half of the runs, who pays, the front, the caveats."""
    horizon_text = i18n.years(lang, horizon)
    threshold = i18n.percent(lang, WORKS_AT_LEAST)
    lines = [text(lang, "title", scenario=scenario_title), ""]
    lines += [
        text(
            lang,
            "intro",
            levers=lever_list(lang, levers),
            scenario=scenario_title,
            year=year,
            nfe=len(evaluations) if nfe is None else nfe,
            evaluations=len(evaluations),
            runs=replications,
            seed=seed,
            front=len(front),
        ),
        "",
    ]
    if members:
        lines += [text(lang, "ensemble", members=members, name=ensemble), ""]
    best = cheapest_working(front)
    if best is not None:
        lines.append(
            text(
                lang,
                "cheapest",
                threshold=threshold,
                cost=euros(lang, best["cost_eur"]),
                package=package_words(lang, best, levers),
            )
        )
    else:
        best = front.sort_values(["p_working", "cost_eur"], ascending=[False, True], kind="stable").iloc[0]
        lines.append(
            text(
                lang,
                "cheapest_none",
                threshold=threshold,
                share=i18n.percent(lang, best["p_working"]),
                cost=euros(lang, best["cost_eur"]),
                package=package_words(lang, best, levers),
            )
        )
    lines.append(
        text(
            lang,
            "who_pays",
            project=euros(lang, best["project_cost_eur"]),
            partner=euros(lang, best["partner_cost_eur"]),
            funder=euros(lang, best["funder_cost_eur"]),
        )
    )
    lines += ["", text(lang, "front_heading"), ""]
    for _, row in front.iterrows():
        sentence = text(
            lang,
            "front_row",
            cost=euros(lang, row["cost_eur"]),
            horizon=horizon_text,
            package=package_words(lang, row, levers),
            year=year,
            share=i18n.percent(lang, row["p_working"]),
        )
        lines.append(f"- {sentence}")
    margin = round(100 * 1.96 * 0.5 / math.sqrt(replications))
    lines += ["", text(lang, "caveat_heading"), ""]
    search = text(lang, "caveat_search", evaluations=len(evaluations), runs=replications, margin=margin)
    lines += [f"- {text(lang, 'caveat_costs')}", f"- {search}", f"- {text(lang, 'caveat_rest')}"]
    lines += ["", text(lang, "reproduce"), "", "```", command, "```", ""]
    return "\n".join(lines)
