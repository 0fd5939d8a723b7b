"""Figures for the dashboard: the network of professionals and the time series.

Plain functions from a :class:`~collabsim.dashboard.session.Arm` to matplotlib figures
(object-oriented API, no pyplot, so they are safe in the server's threads). The layout
is networkx's spring layout, seeded from the session's generator and started from the
previous frame's positions, so the picture moves smoothly and reproducibly.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..mechanisms import WORKING_TIE
from ..outcomes import NETWORK_THRESHOLD, TIMESERIES, smooth
from ..params import DOMAINS, STEPS_PER_YEAR
from .labels import text
from .session import Arm

DOMAIN_COLOURS = ("#d62728", "#2ca02c", "#1f77b4")  # medical, public health, social
MARK_COLOURS = {
    "kartrekker_leaves": "#b8860b",
    "funding_stops": "#7f7f7f",
    "reorganisation": "#9467bd",
    "staff_rotation": "#e377c2",
}
ARM_STYLES = {"current": ("#333333", "-"), "without": ("#c0392b", "-"), "with": ("#1a7f37", "-")}
KARTREKKER_COLOUR = "#f5b700"
KARTREKKER_Y = 1.3  # the kartrekker's star sits above the network
SUCCESSOR_COLOUR = "#00c2ff"
FADE_YEARS = 0.75  # a leaver fades out over nine months
NEW_YEARS = 1.0  # a successor is ringed for a year
MIN_TIE = 0.15  # weaker ties are not drawn
LAYOUT_ITERATIONS = 8
LAYOUT_FIRST_ITERATIONS = 60


def initial_positions(domain: np.ndarray, seed: int) -> np.ndarray:
    """Start positions: one cluster per domain around a circle, jittered by ``seed``."""
    rng = np.random.default_rng(seed)
    angle = 2 * np.pi * domain / len(DOMAINS) + rng.normal(0.0, 0.5, domain.size)
    radius = 0.6 + rng.uniform(0.0, 0.4, domain.size)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def update_layout(arm: Arm, seed: int) -> np.ndarray:
    """Move the layout a few spring iterations towards the current trust network.

    Vacant posts keep their place, so a successor appears where the leaver stood.
    """
    m = arm.model
    n = m.staff.n
    first = arm.pos is None
    pos = initial_positions(m.staff.domain, seed) if first else arm.pos
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    present = m.staff.present
    i, j = np.nonzero(np.triu(m.staff.trust * present[:, None] * present[None, :], 1) >= MIN_TIE)
    graph.add_weighted_edges_from((int(a), int(b), float(m.staff.trust[a, b])) for a, b in zip(i, j, strict=True))
    vacant = [int(s) for s in np.flatnonzero(~present)]
    moved = nx.spring_layout(
        graph,
        pos={k: tuple(p) for k, p in enumerate(pos)},
        fixed=vacant or None,
        iterations=LAYOUT_FIRST_ITERATIONS if first else LAYOUT_ITERATIONS,
        k=1.2 / np.sqrt(n),
        weight="weight",
        seed=seed,
        scale=None,
    )
    new = np.array([moved[k] for k in range(n)])
    # Fit the frame the same way every time: centre on the connected people, scale so most of
    # them fill it, and pull loners (no ties: they drift off in a spring layout) to the rim.
    tied = present & ((m.staff.trust * present[None, :]).max(axis=1) >= MIN_TIE)
    core = tied if tied.sum() >= 3 else np.ones(n, dtype=bool)
    new -= np.median(new[core], axis=0)
    radius = np.linalg.norm(new, axis=1)
    new /= max(1e-9, float(np.percentile(radius[core], 90)) / 0.85)
    radius = np.linalg.norm(new, axis=1)
    far = radius > 1.1
    new[far] *= (1.1 / radius[far])[:, None]
    arm.pos = new
    return new


def network_figure(arms: Sequence[Arm], lang: str, seed: int) -> Figure:
    """The network of each arm side by side, with one legend."""
    fig = Figure(figsize=(7.2 * len(arms), 7.0), dpi=72)
    axes = fig.subplots(1, len(arms), squeeze=False)[0]
    fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.1, wspace=0.04)
    for ax, arm in zip(axes, arms, strict=True):
        draw_network(ax, arm, lang, update_layout(arm, seed))
        title = text(lang, f"arm_{arm.name}") if len(arms) > 1 else text(lang, "year", year=arm.year)
        if len(arms) > 1:
            title = f"{title}\n{text(lang, 'year', year=arm.year)}"
        colour = ARM_STYLES[arm.name][0]
        ax.set_title(title, fontsize=12, color=colour, fontweight="bold")
    fig.legend(handles=_legend(lang), loc="lower center", ncol=3 * len(arms), fontsize=10, frameon=False)
    return fig


def draw_network(ax, arm: Arm, lang: str, pos: np.ndarray) -> None:
    """Professionals coloured by domain, sized by role, ties by trust, the kartrekker marked."""
    m = arm.model
    year = m.year
    present = m.staff.present
    ax.set_axis_off()
    ax.set_aspect("equal")
    # ties: width and darkness by trust; working cross-domain ties stand out
    both = np.triu(present[:, None] & present[None, :], 1)
    i, j = np.nonzero(both & (m.staff.trust >= MIN_TIE))
    w = m.staff.trust[i, j]
    cross = m.staff.domain[i] != m.staff.domain[j]
    strong = cross & (w >= WORKING_TIE)
    for mask, colour, base in ((~strong, (0.6, 0.6, 0.6), 0.25), (strong, (0.27, 0.27, 0.27), 0.5)):
        segments = np.stack([pos[i[mask]], pos[j[mask]]], axis=1)
        rgba = np.column_stack([np.tile(colour, (mask.sum(), 1)), base + 0.4 * w[mask]])
        ax.add_collection(LineCollection(segments, linewidths=0.4 + 2.6 * w[mask], colors=rgba, zorder=1))
    # people who left fade out where they stood
    since = year - arm.left_at
    fading = ~present & (since <= FADE_YEARS)
    if fading.any():
        alpha = np.maximum(0.08, 0.7 * (1.0 - since[fading] / FADE_YEARS))
        colours = to_rgba_array([DOMAIN_COLOURS[d] for d in m.staff.domain[fading]])
        colours[:, 3] = alpha
        ax.scatter(*pos[fading].T, s=_size(m.staff.connector[fading]), c=colours, zorder=2, linewidths=0)
        greys = np.column_stack([np.tile((0.33, 0.33, 0.33), (alpha.size, 1)), alpha])
        ax.scatter(*pos[fading].T, s=40, marker="x", c=greys, zorder=3)
    empty = ~present & ~fading
    ax.scatter(*pos[empty].T, s=50, facecolors="none", edgecolors="#c8c8c8", linestyles="dotted", zorder=2)
    # present professionals; connectors larger with a dark rim; successors ringed while new
    for d, colour in enumerate(DOMAIN_COLOURS):
        sel = present & (m.staff.domain == d)
        ax.scatter(
            *pos[sel].T,
            s=_size(m.staff.connector[sel]),
            c=colour,
            edgecolors=np.where(m.staff.connector[sel], "#111111", "white"),
            linewidths=np.where(m.staff.connector[sel], 1.8, 0.8),
            zorder=4,
        )
    new = present & (year - arm.arrived_at <= NEW_YEARS)
    ax.scatter(
        *pos[new].T,
        s=_size(m.staff.connector[new]) * 2.2,
        facecolors="none",
        edgecolors=SUCCESSOR_COLOUR,
        lw=2.2,
        zorder=5,
    )
    # the kartrekker: a star above the network (two for a duo); a grey outline once she is gone
    kinds = [k.kind for k in m.kartrekkers]
    for n_k, kind in enumerate(kinds):
        spot = (0.22 * (n_k - (len(kinds) - 1) / 2), KARTREKKER_Y)
        ax.scatter(*spot, s=900, marker="*", c=KARTREKKER_COLOUR, edgecolors="#5a4500", lw=1.5, zorder=6)
        ax.annotate(
            f"{text(lang, 'lg_kartrekker')} ({text(lang, f'k_{kind}')})",
            spot,
            xytext=(16, -4),
            textcoords="offset points",
            fontsize=10,
            color="#5a4500",
            zorder=6,
        )
    if not kinds and arm.kartrekker_gone_at is not None:
        ax.scatter(0.0, KARTREKKER_Y, s=900, marker="*", facecolors="none", edgecolors="#888888", lw=1.5, zorder=6)
        ax.annotate(
            text(lang, "kartrekker_gone"),
            (0.0, KARTREKKER_Y),
            xytext=(16, -4),
            textcoords="offset points",
            fontsize=10,
            color="#777777",
            zorder=6,
        )
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, KARTREKKER_Y + 0.15)


def _size(connector: np.ndarray | bool) -> np.ndarray:
    return np.where(connector, 190.0, 90.0)


def _legend(lang: str) -> list[Line2D]:
    dot = {"marker": "o", "linestyle": "none", "markersize": 10}
    handles = [
        Line2D([], [], color=c, label=text(lang, f"dom_{d}"), markeredgecolor="white", **dot)
        for d, c in zip(DOMAINS, DOMAIN_COLOURS, strict=True)
    ]
    handles += [
        Line2D(
            [],
            [],
            color="#dddddd",
            markeredgecolor="#111111",
            markeredgewidth=1.8,
            label=text(lang, "lg_connector"),
            **dot,
        ),
        Line2D(
            [],
            [],
            marker="*",
            linestyle="none",
            markersize=18,
            color=KARTREKKER_COLOUR,
            markeredgecolor="#5a4500",
            label=text(lang, "lg_kartrekker"),
        ),
        Line2D(
            [],
            [],
            color="none",
            markeredgecolor=SUCCESSOR_COLOUR,
            markeredgewidth=2.2,
            label=text(lang, "lg_successor"),
            **dot,
        ),
        Line2D([], [], marker="x", linestyle="none", markersize=9, color="#555555", label=text(lang, "lg_left")),
        Line2D([], [], color="#444444", lw=2.5, label=text(lang, "lg_tie")),
    ]
    return handles


def series_figure(arms: Sequence[Arm], lang: str, horizon: float) -> Figure:
    """The canonical outcome series (DESIGN.md s.6, s.8.2) for every arm, in two rows, with events marked."""
    columns = -(-len(TIMESERIES) // 2)
    fig = Figure(figsize=(5.0 * columns, 6.0), dpi=72)
    axes = fig.subplots(2, columns, sharex=True).ravel()
    fig.subplots_adjust(left=0.04, right=0.99, top=0.94, bottom=0.09, wspace=0.15, hspace=0.25)
    for ax, name in zip(axes[: len(TIMESERIES)], TIMESERIES, strict=True):
        for arm in arms:
            values = smooth(name, arm.series(name))
            years = np.arange(values.size) / STEPS_PER_YEAR
            colour, style = ARM_STYLES[arm.name]
            label = text(lang, f"arm_{arm.name}_short") if len(arms) > 1 else None
            drawstyle = "steps-post" if name == "kartrekker_active" else "default"
            ax.plot(years, values, color=colour, ls=style, lw=2.0, label=label, drawstyle=drawstyle)
        ax.set_title(text(lang, f"ts_{name}"), fontsize=11)
        ax.set_xlim(0, horizon)
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.grid(alpha=0.3)
        if name in ("cross_domain_ties", "needs_right_domain", "commitment", "kartrekker_active"):
            ax.set_ylim(-0.03, 1.03 if name != "cross_domain_ties" else max(0.5, ax.get_ylim()[1]))
        if name == "cross_domain_ties":
            ax.axhline(NETWORK_THRESHOLD, color="#999999", ls=":", lw=1)
        _mark_events(ax, arms, lang, labelled=name == "cross_domain_ties")
    for ax in axes[columns:]:
        ax.set_xlabel(text(lang, "axis_year"))
    for ax in axes[len(TIMESERIES) :]:
        ax.set_visible(False)
    if len(arms) > 1:
        axes[columns + 1].legend(loc="lower left", fontsize=10)
    return fig


def _mark_events(ax, arms: Sequence[Arm], lang: str, labelled: bool) -> None:
    """Vertical lines at the moments of events (once per moment, whichever arm had it)."""
    seen: set[tuple[float, str]] = set()
    for arm in arms:
        for when, kind in arm.marks:
            key = (round(when, 3), kind)
            if key in seen:
                continue
            seen.add(key)
            ax.axvline(when, color=MARK_COLOURS[kind], ls="--", lw=1.4, alpha=0.9)
            if labelled:
                ax.annotate(
                    text(lang, f"mk_{kind}"),
                    (when, 1.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(3, -3),
                    textcoords="offset points",
                    rotation=90,
                    va="top",
                    ha="left",
                    fontsize=8,
                    color=MARK_COLOURS[kind],
                )
