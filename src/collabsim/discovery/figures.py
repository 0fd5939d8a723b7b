"""Figures of a scenario discovery (matplotlib's object API; no pyplot state)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .prim import LEVEL_SEP, Discovery

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def trajectory(discovery: Discovery, title: str) -> Figure:
    """Each box's peeling trajectory: coverage against density, the chosen step marked."""
    fig = Figure(figsize=(7, 5), layout="constrained")
    ax = fig.subplots()
    paths = discovery.trajectories
    for i, (number, path) in enumerate(paths.groupby("box", sort=True)):
        colour = COLOURS[i % len(COLOURS)]
        label = f"box {number}" if path["chosen"].any() else f"search {number} (no box kept)"
        ax.plot(path["coverage"], path["density"], marker="o", ms=3, lw=0.8, color=colour, label=label)
        chosen = path[path["chosen"]]
        ax.scatter(chosen["coverage"], chosen["density"], s=160, marker="*", color=colour, edgecolor="black", zorder=3)
        for _, row in chosen.iterrows():
            ax.annotate(
                f"box {number}: {int(row['res_dim'])} restricted",
                (row["coverage"], row["density"]),
                xytext=(6, -12),
                textcoords="offset points",
                fontsize=8,
            )
    ax.axhline(discovery.share, ls="--", lw=0.8, color="0.5", label="share in all runs")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage (share of all runs of interest inside the box)")
    ax.set_ylabel("density (share of the box's runs that are of interest)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    return fig


def box_limits(discovery: Discovery, title: str) -> Figure:
    """Each restricted parameter's range in each box, within its full range (scaled to 0..1)."""
    boxes = discovery.boxes
    rows = max(1, len(boxes))
    fig = Figure(figsize=(7.5, 0.45 * rows + 1.4), layout="constrained")
    ax = fig.subplots()
    labels = []
    for pos, (_, row) in enumerate(boxes.iloc[::-1].iterrows()):
        colour = COLOURS[(int(row["box"]) - 1) % len(COLOURS)]
        labels.append(f"box {int(row['box'])}: {row['parameter']}")
        ax.barh(pos, 1.0, color="0.9", edgecolor="0.6", height=0.6)
        if row["bound"] == "levels":
            every = [str(v) for v in discovery.ranges.get(row["parameter"], [])]
            kept = str(row["levels"]).split(LEVEL_SEP)
            width = 1.0 / max(1, len(every))
            for j, name in enumerate(every):
                if name in kept:
                    ax.barh(pos, width, left=j * width, color=colour, height=0.6)
                ax.text((j + 0.5) * width, pos, name, ha="center", va="center", fontsize=7)
            continue
        low, high = _scaled(row)
        low = 0.0 if row["bound"] == "upper" else low  # the side PRIM left open reaches the range's end
        high = 1.0 if row["bound"] == "lower" else high
        ax.barh(pos, high - low, left=low, color=colour, height=0.6)
        if row["bound"] != "upper":
            ax.text(low, pos + 0.38, f"{row['low']:.3g}", ha="center", fontsize=7)
        if row["bound"] != "lower":
            ax.text(high, pos + 0.38, f"{row['high']:.3g}", ha="center", fontsize=7)
    ax.set_yticks(np.arange(len(labels)), labels)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.7, max(0, len(labels) - 1) + 0.9)
    ax.set_xlabel("position within the parameter's full range (grey; coloured: inside the box)")
    ax.set_title(title, fontsize=10)
    if boxes.empty:
        ax.text(0.5, 0, "no box found", ha="center", va="center")
    return fig


def _scaled(row: pd.Series) -> tuple[float, float]:
    lo, hi = float(row["range_low"]), float(row["range_high"])
    span = hi - lo if np.isfinite(hi - lo) and hi > lo else 1.0
    return (float(row["low"]) - lo) / span, (float(row["high"]) - lo) / span
