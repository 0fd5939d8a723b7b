"""The comparison report as one self-contained HTML page, and its tables as CSV files."""

from __future__ import annotations

import base64
import io
import math
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from .. import __version__
from ..outcomes import NETWORK_THRESHOLD
from ..output import atomic_write
from ..scenario import Scenario
from ..texts import LANGUAGES
from . import i18n
from .analysis import Comparison, bands
from .figures import (
    PANELS,
    colour,
    differences_figure,
    event_values,
    outcomes_figure,
    timeseries_figure,
    title,
)
from .takes import WhatItTakes

#: Preconditions in the order a policy adviser reads them: money and people first.
PRECONDITION_ORDER = (
    "kartrekker",
    "funding_years",
    "cofinancing",
    "shared_savings",
    "integrated_funding",
    "agreements_recorded",
    "kartrekker_skill",
    "urgency",
    "board_support",
    "staff_motivation",
    "shared_vision",
    "hierarchy",
    "existing_network",
    "knowledge_exchange",
    "formalisation",
    "connector_share",
    "turnover",
    "resident_involvement",
    "reorganisation_rate",
)
SHARE_TEXT = ("connector_share", "turnover", "resident_involvement", "reorganisation_rate")
SECTIONS = ("summary", "assumptions", "timeseries", "outcomes", "costs", "differences", "claims", "seeds")
#: "What does it take?" (``--what-it-takes``, ``--from-pareto``) comes after the costs, when there is one
TAKES = "takes"


def sections(takes: WhatItTakes | None = None) -> tuple[str, ...]:
    """The report's sections in order: :data:`SECTIONS`, with "What does it take?" only when it has content."""
    if takes is None or not any(takes.paragraphs.values()):
        return SECTIONS
    i = SECTIONS.index("costs") + 1
    return (*SECTIONS[:i], TAKES, *SECTIONS[i:])

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("collabsim.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


# --- plain words ------------------------------------------------------------------------


def level(lang: str, value: float) -> str:
    """low / medium / high for a value in 0..1."""
    key = "level_low" if value < 1 / 3 else "level_mid" if value < 2 / 3 else "level_high"
    return i18n.text(lang, key)


def precondition_text(sc: Scenario, name: str, lang: str) -> str:
    """One precondition of a scenario in plain words ('Partners dragen 60% van de kosten ...')."""
    p = sc.preconditions
    value = getattr(p, name)
    if name == "kartrekker":
        return i18n.text(lang, f"kartrekker_{value}")
    if name == "funding_years":
        if value >= sc.horizon:
            return i18n.text(lang, "funding_structural")
        key = "funding_then_nothing" if p.cofinancing == 0 and p.shared_savings == 0 else "funding_then_partners"
        return i18n.text(lang, key, years=i18n.years(lang, value))
    if name in ("cofinancing", "shared_savings"):
        if value == 0:
            return i18n.text(lang, f"{name}_none")
        return i18n.text(lang, f"{name}_share", share=i18n.percent(lang, value))
    if name in SHARE_TEXT:
        return i18n.text(lang, f"{name}_text", share=i18n.percent(lang, value))
    if name == "knowledge_exchange":
        return i18n.text(lang, f"{name}_text", value=i18n.years(lang, value))
    return i18n.text(lang, f"{name}_text", level=level(lang, value), value=i18n.number(lang, value))


def events_text(sc: Scenario, lang: str) -> str:
    if not sc.events:
        return i18n.text(lang, "events_none")
    return "; ".join(i18n.text(lang, f"event_{e.type}", **event_values(e, lang)) for e in sc.events)


def assumption_rows(scenarios: Sequence[Scenario], lang: str) -> list[dict[str, Any]]:
    """Rows (label, one text per scenario, whether they differ) of the assumptions table."""
    rows: list[dict[str, Any]] = [
        {
            "key": "description",
            "label": i18n.text(lang, "row_description"),
            "values": [(sc.description_nl if lang == "nl" else sc.description) or sc.description for sc in scenarios],
            "compare": False,
        }
    ]
    for name in PRECONDITION_ORDER:
        rows.append(
            {
                "key": name,
                "label": i18n.text(lang, f"pre_{name}"),
                "values": [precondition_text(sc, name, lang) for sc in scenarios],
                "compare": True,
            }
        )
    rows.append(
        {
            "key": "events",
            "label": i18n.text(lang, "row_events"),
            "values": [events_text(sc, lang) for sc in scenarios],
            "compare": True,
        }
    )
    rows.append(
        {
            "key": "neighbourhood",
            "label": i18n.text(lang, "row_neighbourhood"),
            "values": [
                i18n.text(
                    lang,
                    "neighbourhood_text",
                    orgs=len(sc.neighbourhood.organisation_names()),
                    staff=sum(o.count * o.staff for o in sc.neighbourhood.organisations),
                    residents=sc.neighbourhood.residents,
                )
                for sc in scenarios
            ],
            "compare": True,
        }
    )
    rows.append(
        {
            "key": "horizon",
            "label": i18n.text(lang, "row_horizon"),
            "values": [i18n.text(lang, "horizon_years", years=i18n.years(lang, sc.horizon)) for sc in scenarios],
            "compare": True,
        }
    )
    for row in rows:
        row["differs"] = row.pop("compare") and len(set(row["values"])) > 1
    return rows


def differences_list(rows: list[dict[str, Any]], scenarios: Sequence[Scenario], lang: str) -> list[dict[str, Any]]:
    """The differing assumptions: 'A → B' for two scenarios, else one line per scenario."""
    out = []
    for row in rows:
        if not row["differs"]:
            continue
        per_scenario = [(title(sc, lang), v) for sc, v in zip(scenarios, row["values"], strict=True)]
        text = f"{row['values'][0]} \u2192 {row['values'][1]}" if len(scenarios) == 2 else ""
        out.append({"label": row["label"], "text": text, "per_scenario": per_scenario if not text else []})
    return out


# --- sentences and tables -----------------------------------------------------------------


def _diff(comp: Comparison, name: str, measure: str) -> pd.Series:
    d = comp.differences
    return d[(d["scenario"] == name) & (d["measure"] == measure)].iloc[0]


def year_reason(comp: Comparison, lang: str) -> str:
    if comp.year_reason == "money":
        return i18n.text(lang, "year_reason_money", end=i18n.years(lang, comp.money_end or 0))
    return i18n.text(lang, f"year_reason_{comp.year_reason}")


def summary_blocks(comp: Comparison, lang: str) -> list[dict[str, Any]]:
    """The plain-language answer: per scenario against the reference, a headline and details."""
    ref = comp.reference
    out = comp.outcomes.set_index("scenario")
    blocks = []
    for sc in comp.scenarios[1:]:
        values = {"title0": title(ref, lang), "title1": title(sc, lang), "year": comp.year, "n": comp.replications}
        headline = i18n.text(
            lang,
            "summary_works_pair",
            k1=int(out.loc[sc.name, "works_in_year"]),
            k0=int(out.loc[ref.name, "works_in_year"]),
            **values,
        )
        works = _diff(comp, sc.name, "works_in_year")
        details = []
        if math.isfinite(works["ci_low"]):
            details.append(
                i18n.text(
                    lang,
                    "summary_diff_clear" if works["clear"] else "summary_diff_unclear",
                    delta=i18n.percent(lang, works["difference"], signed=True),
                    lo=i18n.percent(lang, works["ci_low"], signed=True),
                    hi=i18n.percent(lang, works["ci_high"], signed=True),
                    **{k: v for k, v in values.items() if k != "n"},
                )
            )
        k1 = int(out.loc[sc.name, "works_in_year"])
        if 2 * k1 < comp.replications and k1 > int(out.loc[ref.name, "works_in_year"]):
            details.append(
                i18n.text(
                    lang,
                    "summary_caveat",
                    title1=values["title1"],
                    year=comp.year,
                    k=comp.replications - k1,
                    n=comp.replications,
                )
            )
        if comp.members:
            details.append(robust_text(comp, works, lang))
        sus = _diff(comp, sc.name, "sustained")
        details.append(
            i18n.text(
                lang,
                "summary_sustained",
                last=i18n.years(lang, ref.horizon),
                v1=i18n.number(lang, sus["mean_scenario"]),
                v0=i18n.number(lang, sus["mean_reference"]),
                d=i18n.number(lang, sus["difference"], signed=True),
                lo=i18n.number(lang, sus["ci_low"], signed=True),
                hi=i18n.number(lang, sus["ci_high"], signed=True),
                title0=values["title0"],
                title1=values["title1"],
            )
        )
        if comp.members:
            details.append(robust_text(comp, sus, lang))
        blocks.append({"headline": headline, "details": details})
    return blocks


def robust_text(comp: Comparison, d: pd.Series, lang: str) -> str:
    """In how many accepted variants of the model a difference points the same way."""
    per = i18n.number(lang, comp.replications / comp.members, 1 if comp.replications % comp.members else 0)
    return i18n.text(lang, "summary_robust", agree=int(d["members_agree"]), members=int(d["members"]), per=per)


def cost_blocks(comp: Comparison, lang: str) -> dict[str, list[str]]:
    """What each scenario costs and who pays, then each scenario's paired difference from the reference."""
    c = comp.costs.set_index("scenario")
    eur = lambda v, signed=False: i18n.euros(lang, v, signed)  # noqa: E731
    scenarios = []
    for sc in comp.scenarios:
        r = c.loc[sc.name]
        scenarios.append(
            i18n.text(
                lang,
                "costs_scenario",
                title=title(sc, lang),
                years=i18n.years(lang, sc.horizon),
                cost=eur(r["cost_eur_mean"]),
                lo=eur(r["cost_eur_p10"]),
                hi=eur(r["cost_eur_p90"]),
                project=eur(r["project_cost_eur_mean"]),
                partners=eur(r["partner_cost_eur_mean"]),
                funders=eur(r["funder_cost_eur_mean"]),
            )
            + " "
            + i18n.text(
                lang,
                "costs_reach",
                avoided=eur(r["avoided_care_eur_mean"]),
                helped=i18n.number(lang, r["residents_helped_mean"], 1),
                partners=i18n.number(lang, r["partners_final_mean"], 1),
                orgs=len(sc.neighbourhood.organisation_names()),
            )
        )
    differences = []
    d = comp.cost_differences
    for sc in comp.scenarios[1:]:
        row = d[d["scenario"] == sc.name].set_index("measure")
        cost, helped, total = row.loc["cost_eur"], row.loc["residents_helped"], row.loc["helped_total"]
        names = {"title0": title(comp.reference, lang), "title1": title(sc, lang)}
        sentence = i18n.text(
            lang,
            "costs_difference",
            d=eur(abs(cost["difference"])),
            direction=i18n.text(lang, "costs_less" if cost["difference"] < 0 else "costs_more"),
            lo=eur(cost["ci_low"], True),
            hi=eur(cost["ci_high"], True),
            dh=i18n.number(lang, helped["difference"], 1, signed=True),
            hlo=i18n.number(lang, helped["ci_low"], 1, signed=True),
            hhi=i18n.number(lang, helped["ci_high"], 1, signed=True),
            **names,
        )
        if not (total["clear"] and total["difference"] > 0):
            ratio = i18n.text(lang, "costs_per_helped_na")
        elif cost["difference"] <= 0:
            ratio = i18n.text(lang, "costs_dominant", **names)
        else:
            ratio = i18n.text(lang, "costs_per_helped", eur=eur(cost["difference"] / total["difference"]))
        robust = f" {robust_costs_text(comp, cost, helped, lang)}" if comp.members else ""
        differences.append(f"{sentence} {ratio}{robust}")
    return {"scenarios": scenarios, "differences": differences}


def robust_costs_text(comp: Comparison, cost: pd.Series, helped: pd.Series, lang: str) -> str:
    """In how many accepted variants of the model the extra cost and the extra residents helped point the same way."""
    return i18n.text(
        lang, "costs_robust", agree_cost=int(cost["members_agree"]), agree_helped=int(helped["members_agree"]),
        members=comp.members,
    )  # fmt: skip


def outcome_header(comp: Comparison, lang: str) -> list[str]:
    keys = (
        "col_scenario",
        "col_runs",
        "col_works_in_year",
        "col_sustained_mean",
        "col_sustained_range",
        "col_formed",
        "col_time_to_network",
        "col_collapsed",
        "col_collapse_year",
    )
    return [i18n.text(lang, k, year=comp.year) if k == "col_works_in_year" else i18n.text(lang, k) for k in keys]


def outcome_rows(comp: Comparison, lang: str) -> list[dict[str, Any]]:
    rows = []
    for k, (sc, (_, r)) in enumerate(zip(comp.scenarios, comp.outcomes.iterrows(), strict=True)):
        n = int(r["runs"])
        rows.append(
            {
                "title": title(sc, lang),
                "colour": colour(k),
                "cells": [
                    n,
                    i18n.text(lang, "count_of", k=int(r["works_in_year"]), n=n),
                    i18n.number(lang, r["sustained_mean"]),
                    f"{i18n.number(lang, r['sustained_p10'])} \u2013 {i18n.number(lang, r['sustained_p90'])}",
                    i18n.text(lang, "count_of", k=int(r["formed"]), n=n),
                    _or_na(lang, r["time_to_network_median"], 1),
                    i18n.text(lang, "count_of", k=int(r["collapsed"]), n=n),
                    _or_na(lang, r["collapse_year_median"], 1),
                ],
            }
        )
    return rows


def _or_na(lang: str, value: float, digits: int) -> str:
    return i18n.text(lang, "not_applicable") if not math.isfinite(value) else i18n.number(lang, value, digits)


def _measure_label(comp: Comparison, measure: str, lang: str) -> str:
    return i18n.text(lang, f"measure_{measure}", **({"year": comp.year} if measure == "works_in_year" else {}))


def difference_rows(comp: Comparison, lang: str) -> list[dict[str, Any]]:
    titles = {sc.name: title(sc, lang) for sc in comp.scenarios}
    rows = []
    span = comp.differences.groupby("scenario", sort=False)["measure"].transform("size")
    first = ~comp.differences["scenario"].duplicated()
    for i, d in comp.differences.iterrows():
        fmt = (
            (lambda v: i18n.percent(lang, v, signed=True))
            if d["measure"] == "works_in_year"
            else (lambda v: i18n.number(lang, v, signed=True))
        )
        finite = math.isfinite(d["ci_low"])
        rows.append(
            {
                "comparison": i18n.text(lang, "versus", a=titles[d["scenario"]], b=titles[d["reference"]]),
                "measure": _measure_label(comp, d["measure"], lang),
                "difference": fmt(d["difference"]) if math.isfinite(d["difference"]) else "-",
                "ci": f"{fmt(d['ci_low'])} \u2026 {fmt(d['ci_high'])}" if finite else i18n.text(lang, "pairs_too_few"),
                "pairs": int(d["pairs"]),
                "clear": bool(d["clear"]),
                "verdict": _verdict(d, lang) if finite else "-",
                "rowspan": int(span[i]) if first[i] else 0,
                "robust": f"{int(d['members_agree'])}/{int(d['members'])}" if comp.members else "",
            }
        )
    return rows


def _verdict(d: pd.Series, lang: str) -> str:
    if d["ci_low"] == d["ci_high"] == d["difference"] == 0:
        return i18n.text(lang, "verdict_same")
    return i18n.text(lang, "verdict_clear" if d["clear"] else "verdict_unclear")


def figure_data_uri(fig: Figure) -> str:
    """A PNG of the figure as a ``data:`` URI, so the page needs no other file."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def default_command(comp: Comparison, lang: str, overrides: Sequence[str] = ()) -> str:
    args = [sc.name for sc in comp.scenarios]
    for item in overrides:
        args += ["--set", item]
    args += ["--replications", str(comp.replications), "--seed", str(comp.seed), "--lang", lang]
    if comp.ensemble:
        args += ["--ensemble", comp.ensemble]
    if comp.year_reason == "given":
        args += ["--year", str(comp.year)]
    return "collabsim compare " + shlex.join(args)


def render_html(comp: Comparison, lang: str, command: str | None = None, takes: WhatItTakes | None = None) -> str:
    """The whole report as one HTML string: inline CSS, figures as data URIs, no outside resources.

    ``takes``: the section "What does it take?" (none without it).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    rows = assumption_rows(comp.scenarios, lang)
    figures = {
        "timeseries": figure_data_uri(timeseries_figure(comp, lang)),
        "outcomes": figure_data_uri(outcomes_figure(comp, lang)),
        "differences": figure_data_uri(differences_figure(comp, lang)),
    }
    titles = [title(sc, lang) for sc in comp.scenarios]
    context = {
        "t": i18n.STRINGS[lang],
        "version": __version__,
        "doc_title": i18n.text(lang, "doc_title", names=" / ".join(titles)),
        "subtitle": i18n.text(lang, "subtitle", k=len(comp.scenarios), version=__version__, n=comp.replications),
        "sections": [(s, i18n.text(lang, f"sec_{s}")) for s in sections(takes)],
        "takes": takes.text(lang) if takes is not None and TAKES in sections(takes) else [],
        "summary_intro": i18n.text(
            lang,
            "summary_intro",
            threshold=i18n.number(lang, NETWORK_THRESHOLD, 1),
            year=comp.year,
            year_reason=year_reason(comp, lang),
        ),
        "summary": summary_blocks(comp, lang),
        "ensemble_intro": (
            i18n.text(lang, "ensemble_intro", members=comp.members, name=comp.ensemble) if comp.members else ""
        ),
        "scenarios": [
            {"name": sc.name, "title": t, "colour": colour(k), "hash": sc.content_hash()}
            for k, (sc, t) in enumerate(zip(comp.scenarios, titles, strict=True))
        ],
        "assumptions": rows,
        "differences_list": differences_list(rows, comp.scenarios, lang),
        "figures": figures,
        "outcome_header": outcome_header(comp, lang),
        "outcome_rows": outcome_rows(comp, lang),
        "costs": cost_blocks(comp, lang),
        "differences_intro": i18n.text(lang, "differences_intro", reference=titles[0]),
        "difference_rows": difference_rows(comp, lang),
        "command": command or default_command(comp, lang),
        "seed": comp.seed,
        "run_seeds": list(enumerate(comp.seeds, start=1)),
        "footer": i18n.text(lang, "footer", version=__version__),
    }
    return _ENV.get_template("report.html.j2").render(**context)


def tables(comp: Comparison, lang: str) -> dict[str, pd.DataFrame]:
    """The report's tables, keyed by CSV file name (column names are the canonical English ones)."""
    rows = assumption_rows(comp.scenarios, lang)
    assumptions = pd.DataFrame(
        [
            {
                "key": r["key"],
                "label": r["label"],
                **dict(zip([sc.name for sc in comp.scenarios], r["values"], strict=True)),
                "differs": r["differs"],
            }
            for r in rows
        ]
    )
    raw = pd.DataFrame(
        [
            {
                "scenario": sc.name,
                **sc.preconditions.model_dump(),
                "horizon": sc.horizon,
                "scenario_hash": sc.content_hash(),
                "base_seed": comp.seed,
                "collabsim_version": __version__,
            }
            for sc in comp.scenarios
        ]
    )
    hashes = {sc.name: sc.content_hash() for sc in comp.scenarios}
    runs = comp.runs.assign(  # provenance in the table itself: version, scenario hash, seed
        scenario_hash=comp.runs["scenario"].map(hashes), collabsim_version=__version__
    )
    return {
        "runs.csv": runs,
        "outcomes.csv": comp.outcomes,
        "differences.csv": comp.differences,
        "costs.csv": comp.costs,
        "cost_differences.csv": comp.cost_differences,
        "preconditions.csv": raw,
        f"assumptions_{lang}.csv": assumptions,
        "timeseries_bands.csv": bands(comp.timeseries, PANELS),
    }


def write_report(
    comp: Comparison, out: Path, lang: str, command: str | None = None, takes: WhatItTakes | None = None
) -> list[Path]:
    """Write the CSV tables, then the HTML report, each atomically; returns the paths written."""
    html = render_html(comp, lang, command, takes)  # everything is computed before anything is written
    frames = tables(comp, lang)
    written = []
    for name, df in frames.items():
        path = out / name
        atomic_write(path, lambda p, df=df: df.to_csv(p, index=False))
        written.append(path)
    report = out / f"report_{lang}.html"
    atomic_write(report, lambda p: p.write_text(html, encoding="utf-8"))
    written.append(report)
    return written
