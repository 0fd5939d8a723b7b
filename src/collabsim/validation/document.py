"""docs/validation.md: the pattern-oriented validation report, as Markdown.

The prose is the template ``templates/validation.md.j2``; this module computes what goes
into it: counts, numbers, the effects tables and, from the experiment files, each pattern's
title, source and finding with its numbers filled in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
import pandas as pd
from scipy import stats

from .effects import Effect, number_text
from .experiments import Loaded

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("collabsim.validation", "templates"),
    autoescape=False,  # Markdown, not HTML
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def markdown_table(table: pd.DataFrame) -> str:
    """The effects as a Markdown table."""
    lines = [
        "| pattern | measure | contrast | effect (95% CI) | d_z (95% CI) | n | reproduced |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples(index=False):
        unit = f" {r.unit}" if r.unit else ""
        d = "n/a" if math.isnan(r.d_z) else f"{r.d_z:.2f} ({r.d_z_low:.2f} to {r.d_z_high:.2f})"
        effect = f"{number_text(r.effect)}{unit} ({number_text(r.ci_low)} to {number_text(r.ci_high)})"
        lines.append(
            f"| {r.id} | {r.label} | `{r.contrast}` | {effect} | {d} | {r.replications} | "
            f"{'yes' if r.reproduced else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def finding_text(loaded: Loaded, table: pd.DataFrame) -> str:
    """The experiment's finding sentence with its measures' numbers filled in."""
    rows = table[table["id"] == loaded.id].set_index("measure")
    values = {
        m.name: Effect(
            *(float(rows.loc[m.name, c]) for c in ("effect", "ci_low", "ci_high", "d_z", "d_z_low", "d_z_high")),
            int(rows.loc[m.name, "replications"]),
            m.unit,
        )
        for m in loaded.experiment.measures
    }
    return " ".join(loaded.experiment.finding.split()).format_map(values)


def _value(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(", ".join(f"{k} {x}" for k, x in e.items()) if isinstance(e, dict) else str(e) for e in v)
    return str(v)


def validation_markdown(
    experiments: Sequence[Loaded],
    table: pd.DataFrame,
    figures: Mapping[str, str],
    overview: str,
    run_note: str,
    extra: Mapping[str, str] | None = None,
) -> str:
    """docs/validation.md: the run, the overview, then each pattern with source, arms, figure, numbers, finding.

    ``figures`` maps experiment ids to figure paths relative to the document; ``extra``
    maps ids to further prose placed after an experiment's finding.
    """
    sections = [_section(e, table, figures, extra) for e in experiments]
    design = [s for s in sections if s["group"] == "design"]
    emergent = [s for s in sections if s["group"] == "emergent"]
    cases = [s for s in sections if s["group"] == "case"]
    text = _ENV.get_template("validation.md.j2").render(
        run_note=run_note,
        smallest=_smallest_effect(table),
        design=design,
        design_reproduced=sum(s["reproduced"] for s in design),
        emergent=emergent,
        emergent_reproduced=sum(s["reproduced"] for s in emergent),
        cases=cases,
        cases_reproduced=sum(s["reproduced"] for s in cases),
        overview=overview,
        summary=markdown_table(table),
    )
    return text.rstrip() + "\n"


def _smallest_effect(table: pd.DataFrame) -> dict[str, Any] | None:
    """The smallest standardised effect and the seeds it needs (80% power, 5% two-sided); None without any."""
    d = table["d_z"].abs()
    if d.isna().all():
        return None
    row = table.loc[d.idxmin()]
    need = math.ceil(((stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) / abs(row["d_z"])) ** 2)
    return {
        "d_z": abs(row["d_z"]),
        "id": row["id"],
        "label": row["label"],
        "seeds_needed": need,
        "replications": int(row["replications"]),
    }


def _section(
    loaded: Loaded, table: pd.DataFrame, figures: Mapping[str, str], extra: Mapping[str, str] | None
) -> dict[str, Any]:
    """What the template shows of one experiment."""
    exp = loaded.experiment
    rows = table[table["id"] == loaded.id]
    return {
        "id": exp.id,
        "group": exp.group,
        "title": exp.title,
        "reproduced": bool(rows["reproduced"].all()),
        "design": " ".join(exp.design.split()),
        "source": " ".join(exp.source.split()),
        "file": loaded.path.name,
        "scenario": exp.scenario,
        "common": [f"{k} = {_value(v)}" for k, v in exp.common.items()],
        "arms": [
            {
                "name": name,
                "label": arm.label,
                "overrides": [f"{k} = {_value(v)}" for k, v in arm.overrides.items()],
                "intervention": arm.intervention,
            }
            for name, arm in exp.arms.items()
        ],
        "figure": figures[exp.id],
        "table": markdown_table(rows),
        "finding": finding_text(loaded, table),
        "extra": extra[exp.id].strip() if extra and exp.id in extra else None,
    }
