"""The front's figure: every package tried (faint) and the front (highlighted), cost against p_working."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from ..texts import euros
from . import words

FRONT_COLOUR = "#d62728"
TRIED_COLOUR = "#1f77b4"


def front_figure(
    evaluations: pd.DataFrame, front: pd.DataFrame, lang: str, *, scenario_title: str, horizon: float, year: int
) -> Figure:
    """Cost in euros (x) against the share of runs with a working network in ``year`` (y)."""
    fig = Figure(figsize=(7.5, 4.8))
    ax = fig.subplots()
    ax.scatter(
        evaluations["cost_eur"],
        evaluations["p_working"],
        s=14,
        color=TRIED_COLOUR,
        alpha=0.35,
        linewidths=0,
        label=words.text(lang, "fig_all", n=len(evaluations)),
    )
    steps = front.sort_values("cost_eur", kind="stable")
    ax.step(steps["cost_eur"], steps["p_working"], where="post", color=FRONT_COLOUR, linewidth=1.2, alpha=0.8)
    ax.scatter(
        steps["cost_eur"],
        steps["p_working"],
        s=36,
        color=FRONT_COLOUR,
        edgecolors="white",
        linewidths=0.6,
        zorder=3,
        label=words.text(lang, "fig_front", n=len(front)),
    )
    ax.set_ylim(-0.04, 1.04)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: euros(lang, x)))
    ax.set_xlabel(words.text(lang, "fig_x", horizon=f"{horizon:g}"))
    ax.set_ylabel(words.text(lang, "fig_y", year=year))
    ax.set_title(words.text(lang, "fig_title", scenario=scenario_title), fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    fig.tight_layout()
    return fig
