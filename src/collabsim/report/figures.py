"""The report's figures, labelled in the report's language (Figures only; no files written)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import mechanisms as mech
from ..outcomes import NETWORK_THRESHOLD
from ..scenario import Scenario
from . import i18n
from .analysis import Comparison, bands

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
PANELS = (
    "cross_domain_ties",
    "needs_right_domain",
    "commitment",
    "kartrekker_active",
    "meetings",
    "budget",
    "partners",
    "spending_eur",
)
#: Panels whose axis is in euros.
EURO_PANELS = ("spending_eur",)
#: Panels in each row of the time-series figure.
PANEL_COLUMNS = 4
#: Panels drawn as the mean over runs (a share of runs) instead of median and band.
MEAN_PANELS = ("kartrekker_active",)


def title(sc: Scenario, lang: str) -> str:
    """The scenario's title in ``lang`` (falling back to the other title, then the name)."""
    return (sc.title_nl if lang == "nl" else sc.title) or sc.title or sc.title_nl or sc.name


def colour(k: int) -> str:
    return COLOURS[k % len(COLOURS)]


def scenario_events(sc: Scenario, lang: str) -> list[tuple[float, str]]:
    """(year, label) of a scenario's timed events and of the end of its project money."""
    out = [(e.year, i18n.text(lang, "event_" + e.type, **event_values(e, lang)).split(": ", 1)[-1]) for e in sc.events]
    if sc.preconditions.funding_years < sc.horizon:
        out.append((sc.preconditions.funding_years, i18n.text(lang, "event_money_ends")))
    return sorted(out)


def event_values(event: object, lang: str) -> dict[str, str]:
    duration, share = event.duration, event.share  # type: ignore[attr-defined]
    return {
        "year": i18n.years(lang, event.year),  # type: ignore[attr-defined]
        "organisation": str(event.organisation),  # type: ignore[attr-defined]
        "duration": i18n.years(lang, mech.REORGANISATION_DURATION if duration is None else duration),
        "share": i18n.percent(lang, mech.STAFF_ROTATION_SHARE if share is None else share),
    }


def timeseries_figure(comp: Comparison, lang: str, band: tuple[float, float] = (0.1, 0.9)) -> Figure:
    """Median and band over replications per scenario, events marked, the evaluation year shaded."""
    q = bands(comp.timeseries, PANELS, (band[0], 0.5, band[1]))
    lo_col, hi_col = f"p{round(100 * band[0])}", f"p{round(100 * band[1])}"
    rows = math.ceil(len(PANELS) / PANEL_COLUMNS)
    fig = Figure(figsize=(13, 3.6 * rows), layout="constrained")
    axes = fig.subplots(rows, PANEL_COLUMNS, sharex=True).ravel()
    for ax in axes[len(PANELS) :]:
        ax.set_visible(False)
    events: dict[tuple[float, str], list[int]] = {}
    for k, sc in enumerate(comp.scenarios):
        for ev in scenario_events(sc, lang):
            events.setdefault(ev, []).append(k)
    for ax, col in zip(axes, PANELS, strict=False):
        for k, sc in enumerate(comp.scenarios):
            d = q[(q["scenario"] == sc.name) & (q["variable"] == col)]
            if col in MEAN_PANELS:
                ax.plot(d["year"], d["mean"], color=colour(k), linewidth=1.6)
            else:
                ax.fill_between(d["year"], d[lo_col], d[hi_col], color=colour(k), alpha=0.18, linewidth=0)
                ax.plot(d["year"], d["p50"], color=colour(k), linewidth=1.6)
        for (year, _), who in events.items():
            shade = "dimgrey" if len(who) == len(comp.scenarios) else colour(who[0])
            ax.axvline(year, color=shade, linestyle=":", linewidth=1.2)
        ax.set_title(textwrap.fill(i18n.text(lang, f"panel_{col}"), 34), fontsize=10)
        if col in EURO_PANELS:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: i18n.euros(lang, v)))
        ax.grid(alpha=0.3)
    first = axes[0]
    first.axhline(NETWORK_THRESHOLD, color="grey", linewidth=1.0)
    first.text(
        0.02,
        NETWORK_THRESHOLD,
        i18n.text(lang, "threshold_label"),
        transform=first.get_yaxis_transform(),
        fontsize=8,
        va="bottom",
        color="dimgrey",
    )
    first.axvspan(comp.year - 1, comp.year, color="gold", alpha=0.25, linewidth=0)
    for (year, label), who in events.items():
        shade = "dimgrey" if len(who) == len(comp.scenarios) else colour(who[0])
        first.text(
            year,
            0.98,
            f" {label}",
            transform=first.get_xaxis_transform(),
            fontsize=8,
            va="top",
            rotation=90,
            color=shade,
        )
    for ax in axes[len(PANELS) - PANEL_COLUMNS : len(PANELS)]:
        ax.set_xlabel(i18n.text(lang, "axis_year"))
    handles = [first.plot([], [], color=colour(k), linewidth=3)[0] for k in range(len(comp.scenarios))]
    fig.legend(
        handles,
        [title(sc, lang) for sc in comp.scenarios],
        loc="outside lower center",
        ncol=min(2, len(comp.scenarios)),
        fontsize=9,
        frameon=False,
    )
    return fig


def outcomes_figure(comp: Comparison, lang: str) -> Figure:
    """Per scenario, every run's sustained score, time to network and collapse year as dots over a box."""
    names = [sc.name for sc in comp.scenarios]
    labels = [textwrap.fill(title(sc, lang), 24) for sc in comp.scenarios]
    fig = Figure(figsize=(11, 1.2 + 1.1 * len(names)), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    specs = (
        ("sustained", "out_sustained", None),
        ("time_to_network", "out_time_to_network", "never_formed"),
        ("collapse_year", "out_collapse_year", "never_collapsed"),
    )
    for ax, (col, label_key, missing_key) in zip(axes, specs, strict=True):
        for k, name in enumerate(names):
            values = comp.runs.loc[comp.runs["scenario"] == name, col].to_numpy(dtype=float)
            finite = np.sort(values[np.isfinite(values)])
            y = len(names) - 1 - k
            if finite.size:
                ax.boxplot(
                    finite,
                    positions=[y],
                    orientation="horizontal",
                    widths=0.5,
                    showfliers=False,
                    medianprops={"color": colour(k)},
                    boxprops={"color": "grey"},
                    whiskerprops={"color": "grey"},
                    capprops={"color": "grey"},
                )
                offsets = ((np.arange(finite.size) % 5) - 2) * 0.06  # a deterministic spread, no random jitter
                ax.scatter(finite, y + offsets, s=14, color=colour(k), alpha=0.7, zorder=3)
            if missing_key is not None:
                ax.text(
                    1.0,
                    y - 0.32,
                    i18n.text(lang, missing_key, k=int(values.size - finite.size), n=values.size),
                    transform=ax.get_yaxis_transform(),
                    ha="right",
                    fontsize=8,
                    color=colour(k),
                )
        ax.set_title(i18n.text(lang, label_key), fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_xlim(-0.03, 1.03)
    horizon = max(sc.horizon for sc in comp.scenarios)
    for ax in axes[1:]:
        ax.set_xlim(0, horizon)
    axes[0].set_yticks(range(len(names)), labels[::-1], fontsize=9)
    axes[0].set_ylim(-0.7, len(names) - 0.3)
    return fig


def differences_figure(comp: Comparison, lang: str, measures: Sequence[str] | None = None) -> Figure:
    """Paired differences from the reference scenario with their confidence intervals."""
    diffs = comp.differences
    measures = list(measures or dict.fromkeys(diffs["measure"]))
    others = list(dict.fromkeys(diffs["scenario"]))
    fig = Figure(figsize=(11, 1.4 + 0.6 * len(others) * math.ceil(len(measures) / 3)), layout="constrained")
    ncols = min(3, len(measures))
    axes = fig.subplots(math.ceil(len(measures) / ncols), ncols, squeeze=False).ravel()
    by_name = {sc.name: (k, sc) for k, sc in enumerate(comp.scenarios)}
    for i, (ax, measure) in enumerate(zip(axes, measures, strict=False)):
        for row, name in enumerate(others):
            d = diffs[(diffs["scenario"] == name) & (diffs["measure"] == measure)].iloc[0]
            k, _ = by_name[name]
            y = len(others) - 1 - row
            if math.isfinite(d["ci_low"]):
                ax.errorbar(
                    d["difference"],
                    y,
                    xerr=[[d["difference"] - d["ci_low"]], [d["ci_high"] - d["difference"]]],
                    fmt="o",
                    color=colour(k),
                    capsize=4,
                )
            elif math.isfinite(d["difference"]):
                ax.plot(d["difference"], y, "o", color=colour(k), mfc="white")
        ax.axvline(0, color="grey", linewidth=1)
        names = [textwrap.fill(title(by_name[n][1], lang), 22) for n in others[::-1]]
        ax.set_yticks(range(len(others)), names if i % ncols == 0 else [""] * len(others), fontsize=8)
        ax.set_ylim(-0.6, len(others) - 0.4)
        ax.set_title(textwrap.fill(_measure_label(measure, comp, lang), 40), fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    for ax in axes[len(measures) :]:
        ax.set_visible(False)
    return fig


def _measure_label(measure: str, comp: Comparison, lang: str) -> str:
    return (
        i18n.text(lang, f"measure_{measure}", year=comp.year)
        if measure == "works_in_year"
        else i18n.text(lang, f"measure_{measure}")
    )
