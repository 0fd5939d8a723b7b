"""Figures of a calibration (matplotlib; no pyplot state)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def accepted_ranges_figure(samples: pd.DataFrame, ranges: pd.DataFrame, stable: pd.DataFrame, title: str) -> Figure:
    """Each constant's accepted values within its prior range (scaled to 0..1), with the central
    90% of the accepted sets from all sets (black) and from the first half (grey); the narrowest first."""
    order = ranges.sort_values("relative_width", ascending=False, na_position="first", ignore_index=True)
    fig = Figure(figsize=(7.5, 0.2 * len(order) + 1.4), layout="constrained")
    ax = fig.subplots()
    acc = samples[samples["accepted"]]
    for y, row in order.iterrows():
        low, width = row["prior_low"], row["prior_high"] - row["prior_low"]
        x = (acc[row["constant"]].to_numpy(dtype=float) - low) / width
        ax.plot(x, np.full(x.size, y), "|", color="#1f77b4", alpha=0.35, ms=6)
        half = stable.set_index("constant").loc[row["constant"]]
        ax.plot([(half["half_q05"] - low) / width, (half["half_q95"] - low) / width], [y - 0.25] * 2, color="0.6", lw=2)
        ax.plot([(row["q05"] - low) / width, (row["q95"] - low) / width], [y + 0.25] * 2, color="black", lw=2)
    ax.set_yticks(np.arange(len(order)), order["constant"], fontsize=6)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("position in the prior range (0: low end, 1: high end); ticks: accepted sets")
    ax.set_title(title, fontsize=10)
    return fig


def rejections_figure(table: pd.DataFrame, sets: int, title: str, screened: bool = False) -> Figure:
    """Per pattern: in how many sets it was checked and fails, and in how many it is the only one
    that fails; ``screened``: a pattern was checked only in the sets that passed the ones before it."""
    table = table.iloc[::-1]
    fig = Figure(figsize=(7.0, 0.3 * len(table) + 1.4), layout="constrained")
    ax = fig.subplots()
    pos = np.arange(len(table))
    ax.barh(pos + 0.2, table["checked"], 0.4, label="checked", color="0.85")
    ax.barh(pos + 0.2, table["fails"], 0.4, label="fails", color="#d62728")
    ax.barh(pos - 0.2, table["fails_alone"], 0.4, label="the only pattern that fails", color="#ff9896")
    ax.set_yticks(pos, table["pattern"])
    ax.set_xlim(0, max(1, sets))
    note = "; each pattern checked only in the sets that passed the patterns before it" if screened else ""
    ax.set_xlabel(f"constant sets (of {sets}){note}", fontsize=8 if screened else None)
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return fig
