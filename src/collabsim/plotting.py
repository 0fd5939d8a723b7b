"""Figures of a run's time series (no file I/O here: callers save the Figure)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from .outcomes import smooth_frame

PANELS = (
    ("cross_domain_ties", "Cross-domain trust ties (density)"),
    ("meetings", "Cross-domain meetings in the last 12 months"),
    ("cross_domain_referrals", "Cross-domain referrals in the last 12 months"),
    ("needs_right_domain", "Needs reaching the right domain (12-month mean)"),
    ("commitment", "Partner commitment"),
    ("kartrekker_active", "Kartrekker active (share of runs)"),
    ("partners", "Partner organisations taking part"),
    ("spending_eur", "Money spent in the last 12 months (EUR)"),
)

def timeseries_figure(
    timeseries: pd.DataFrame,
    title: str,
    events: Sequence[tuple[float, str]] = (),
    band: tuple[float, float] = (0.1, 0.9),
) -> Figure:
    """Median over replications with a band (default 10th-90th percentile), events marked."""
    timeseries = smooth_frame(timeseries[timeseries["step"] > 0], [col for col, _ in PANELS])  # flows start at 1
    columns = -(-len(PANELS) // 2)
    fig = Figure(figsize=(4.0 * columns, 6.5), layout="constrained")
    axes = fig.subplots(2, columns, sharex=True).ravel()
    groups = timeseries.groupby("scenario", sort=False)
    for (name, ts), color in zip(
        groups, ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"), strict=False
    ):
        by_year = ts.groupby("year")
        for ax, (col, _) in zip(axes, PANELS, strict=True):
            if col == "kartrekker_active":
                ax.plot(by_year[col].mean(), color=color, label=str(name))
                continue
            lo, mid, hi = (by_year[col].quantile(q) for q in (band[0], 0.5, band[1]))
            ax.fill_between(mid.index, lo, hi, color=color, alpha=0.2, linewidth=0)
            ax.plot(mid.index, mid, color=color, label=str(name))
    for ax, (_, label) in zip(axes, PANELS, strict=True):
        ax.set_title(label, fontsize=10)
        for year, what in events:
            ax.axvline(year, color="grey", linestyle="--", linewidth=0.8)
            ax.text(year, 1.0, f" {what}", transform=ax.get_xaxis_transform(), fontsize=7, va="top", rotation=90)
        ax.grid(alpha=0.3)
    for ax in axes[columns:]:
        ax.set_xlabel("year")
    axes[0].legend(fontsize=8, loc="upper right")
    n = timeseries["replication"].nunique()
    fig.suptitle(f"{title}: median and {band[0]:.0%}-{band[1]:.0%} band over {n} replications")
    return fig
