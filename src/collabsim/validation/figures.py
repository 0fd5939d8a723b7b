"""Figures of the pattern experiments (no file I/O here: callers save the Figure)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..outcomes import smooth
from ..params import STEPS_PER_YEAR
from .effects import ArmRuns, contrast_values
from .experiments import Loaded

COLORS = ("tab:grey", "tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")
SERIES_LABELS = {
    "cross_domain_ties": "cross-domain trust ties (density)",
    "meetings": "cross-domain meetings in the last 12 months",
    "cross_domain_referrals": "cross-domain referrals in the last 12 months",
    "needs_right_domain": "needs reaching the right domain (12-month mean)",
    "commitment": "partner commitment",
    "kartrekker_active": "kartrekker active (share of runs)",
    "urgency": "urgency",
    "budget": "budget",
}


def experiment_figure(loaded: Loaded, arms: Mapping[tuple[str, str], ArmRuns], table: pd.DataFrame) -> Figure:
    """Top: the experiment's series per arm (mean and 10-90% band over seeds).

    Bottom: one panel per measure with the paired contrast of every seed (dots), its mean
    and bootstrap 95% CI (bar), and d_z.
    """
    exp = loaded.experiment
    k = len(exp.measures)
    fig = Figure(figsize=(max(10.0, 3.3 * k), 7.4), layout="constrained")
    grid = fig.add_gridspec(2, k, height_ratios=(1.15, 1.0))
    ax = fig.add_subplot(grid[0, :])
    for (name, arm), color in zip(exp.arms.items(), COLORS, strict=False):
        runs = arms[(loaded.id, name)].runs
        values = smooth(exp.series, np.array([series[exp.series] for _, series in runs])[:, 1:])
        years = np.arange(1, values.shape[1] + 1) / STEPS_PER_YEAR
        lo, hi = np.quantile(values, [0.1, 0.9], axis=0)
        ax.fill_between(years, lo, hi, color=color, alpha=0.15, linewidth=0)
        ax.plot(years, values.mean(axis=0), color=color, label=arm.label)
    for m in exp.measures:
        if m.outcome == exp.series and m.window is not None:
            ax.axvspan(*m.window, color="gold", alpha=0.12, linewidth=0)
    ax.set_xlabel("year")
    ax.set_ylabel(SERIES_LABELS.get(exp.series, exp.series))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    n = len(arms[(loaded.id, next(iter(exp.arms)))].runs)
    ax.set_title(f"{exp.id}: {exp.title}\n(mean and 10-90% band over {n} seeds; shaded: measured windows)", fontsize=10)
    rows = table[table["id"] == loaded.id].set_index("measure")
    rng = np.random.default_rng(0)
    for i, m in enumerate(exp.measures):
        axm = fig.add_subplot(grid[1, i])
        x = contrast_values(loaded, m, arms)
        r = rows.loc[m.name]
        axm.scatter(rng.uniform(-0.25, 0.25, x.size), x, s=10, color="tab:blue", alpha=0.5, linewidths=0)
        axm.errorbar(
            [0.45],
            [r["effect"]],
            yerr=[[r["effect"] - r["ci_low"]], [r["ci_high"] - r["effect"]]],
            fmt="o",
            color="black" if r["reproduced"] else "tab:red",
            capsize=4,
        )
        axm.axhline(0.0, color="grey", linewidth=0.8)
        axm.set_xlim(-0.5, 0.7)
        axm.set_xticks([])
        d = "n/a" if math.isnan(r["d_z"]) else f"{r['d_z']:.2f} [{r['d_z_low']:.2f}, {r['d_z_high']:.2f}]"
        width = 44 if k <= 3 else 36
        axm.set_title(f"{textwrap.fill(m.label, width)}\nd_z = {d}", fontsize=8)
        axm.set_ylabel(f"paired contrast{f' ({m.unit})' if m.unit else ''}", fontsize=8)
        axm.grid(alpha=0.3, axis="y")
    return fig


def overview_figure(table: pd.DataFrame) -> Figure:
    """Forest plot: every measure's standardised effect d_z (signed so that expected = right) with its CI."""
    rows = table.iloc[::-1].reset_index(drop=True)
    fig = Figure(figsize=(11.0, 0.32 * len(rows) + 1.6), layout="constrained")
    ax = fig.subplots()
    for y, r in rows.iterrows():
        sign = 1.0 if r["expected"] == "positive" else -1.0
        d, lo, hi = sign * r["d_z"], sign * r["d_z_low"], sign * r["d_z_high"]
        lo, hi = min(lo, hi), max(lo, hi)
        color = {"design": "tab:blue", "case": "tab:purple"}.get(r["group"], "tab:green")
        if not r["reproduced"]:
            color = "tab:red"
        if math.isfinite(d):
            hi = hi if math.isfinite(hi) else 10 * max(abs(d), 1.0)
            lo = lo if math.isfinite(lo) else -10 * max(abs(d), 1.0)
            ax.errorbar([d], [y], xerr=[[d - lo], [hi - d]], fmt="o", color=color, capsize=3, markersize=4)
    ax.axvline(0.0, color="grey", linewidth=0.8)
    ax.set_yticks(range(len(rows)), [f"{r['id']}  {r['label']}" for _, r in rows.iterrows()], fontsize=8)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlabel("standardised paired effect d_z in the expected direction\n(bootstrap 95% CI; symmetric log scale)")
    ax.grid(alpha=0.3, axis="x")
    n = int(table["replications"].max())
    legend = "blue: DESIGN.md s.7; green: emergent; purple: the seeds' cases; red: CI not clear of 0"
    ax.set_title(f"Effect sizes, {n} seeds per arm\n({legend})", fontsize=9)
    return fig
