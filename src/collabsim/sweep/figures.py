"""Figures of a sensitivity analysis (matplotlib; no pyplot state)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

MAX_LINES = 6


def sobol_bars(df: pd.DataFrame, title: str) -> Figure:
    """S1 and ST per parameter with their confidence intervals, sorted by ST."""
    df = df.sort_values("ST", ascending=True)
    fig = Figure(figsize=(7.5, 0.32 * len(df) + 1.6), layout="constrained")
    ax = fig.subplots()
    pos = np.arange(len(df))
    h = 0.38
    ax.barh(pos + h / 2, df["ST"], h, xerr=df["ST_conf"], label="total effect ST", color="#1f77b4", capsize=2)
    ax.barh(pos - h / 2, df["S1"], h, xerr=df["S1_conf"], label="first order S1", color="#ff7f0e", capsize=2)
    ax.set_yticks(pos, df["parameter"])
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("Sobol index (bars: estimate; whiskers: bootstrap confidence interval)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def morris_plane(df: pd.DataFrame, title: str) -> Figure:
    """The Morris mu*-sigma plane: importance against non-linearity or interaction."""
    fig = Figure(figsize=(7, 5.5), layout="constrained")
    ax = fig.subplots()
    ax.errorbar(df["mu_star"], df["sigma"], xerr=df["mu_star_conf"], fmt="o", ms=4, capsize=2, color="#1f77b4")
    for _, row in df.iterrows():
        ax.annotate(
            row["parameter"], (row["mu_star"], row["sigma"]), fontsize=7, xytext=(3, 3), textcoords="offset points"
        )
    top = float(max((df["mu_star"] + df["mu_star_conf"]).max(), df["sigma"].max())) * 1.15 or 1.0
    ax.plot([0, top], [0, top], ls="--", lw=0.8, color="0.5", label="sigma = mu*")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("mu* (mean absolute elementary effect)")
    ax.set_ylabel("sigma (spread of elementary effects)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return fig


def convergence(df: pd.DataFrame, method: str, title: str) -> Figure:
    """Indices of the most influential parameters against the number of base samples."""
    key, conf = ("ST", "ST_conf") if method == "sobol" else ("mu_star", "mu_star_conf")
    last = df[df["base_samples"] == df["base_samples"].max()].sort_values(key, ascending=False)
    top = list(last["parameter"][:MAX_LINES])
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.subplots()
    for name in top:
        d = df[df["parameter"] == name].sort_values("base_samples")
        ax.plot(d["base_samples"], d[key], marker="o", ms=3, label=name)
        ax.fill_between(d["base_samples"], d[key] - d[conf], d[key] + d[conf], alpha=0.15)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("base samples N" if method == "sobol" else "trajectories r")
    ax.set_ylabel(f"{key} (band: confidence interval)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, ncols=2)
    return fig
