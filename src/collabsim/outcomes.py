"""Model reporters (time series, DESIGN.md s.6) and the summary outcomes of a run."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .mechanisms import WORKING_TIE

if TYPE_CHECKING:
    from .model import CollaborationModel

#: Cross-domain tie density from which the network counts as working.
NETWORK_THRESHOLD = 0.2
#: Below this share of the threshold, a network that worked has fallen apart.
COLLAPSE_SHARE = 0.5

TIMESERIES = (
    "cross_domain_ties",
    "meetings",
    "cross_domain_referrals",
    "needs_right_domain",
    "commitment",
    "kartrekker_active",
)
SUMMARY = ("sustained", "time_to_network", "collapse_year")
EXTRA_SUMMARY = ("peak_ties", "mean_needs_right_domain", "referrals_per_year", "kartrekker_years")


def cross_domain_ties(model: CollaborationModel) -> float:
    """Density of working trust ties between present professionals of different domains."""
    present = np.bincount(model.prof_domain[model.prof_present], minlength=len(model.domain_names))
    pairs = (int(present.sum()) ** 2 - int(present @ present)) // 2
    # Vacant posts hold no ties, so counting over all slots counts present pairs only.
    working = np.count_nonzero((model.trust >= WORKING_TIE) & model.cross) // 2
    return working / pairs if pairs else 0.0


def meetings(model: CollaborationModel) -> int:
    return model.meetings_held


def cross_domain_referrals(model: CollaborationModel) -> int:
    return model.referrals


def needs_right_domain(model: CollaborationModel) -> float:
    return model.needs_reached / model.needs_presented if model.needs_presented else 0.0


def commitment(model: CollaborationModel) -> float:
    return model.mean_commitment


def kartrekker_active(model: CollaborationModel) -> int:
    return int(model.kartrekker_active)


def urgency(model: CollaborationModel) -> float:
    return float(model.urgency)


def budget(model: CollaborationModel) -> float:
    return float(model.budget)


MODEL_REPORTERS = {
    "cross_domain_ties": cross_domain_ties,
    "meetings": meetings,
    "cross_domain_referrals": cross_domain_referrals,
    "needs_right_domain": needs_right_domain,
    "commitment": commitment,
    "kartrekker_active": kartrekker_active,
    "urgency": urgency,
    "budget": budget,
}


def summarise(series: dict[str, np.ndarray], steps_per_year: int) -> dict[str, float]:
    """Summary outcomes from a run's time series (index 0 = the initial state).

    - ``sustained``: mean over the last year of min(1, ties / threshold): how much of a
      working network is still alive, whatever paid for it.
    - ``time_to_network``: years until the tie density first reaches the threshold.
    - ``collapse_year``: the year, after having worked, the density first fell below
      half the threshold.
    """
    ties = np.asarray(series["cross_domain_ties"], dtype=float)
    years = np.arange(ties.size) / steps_per_year
    last_year = ties[-steps_per_year:]
    sustained = float(np.minimum(1.0, last_year / NETWORK_THRESHOLD).mean())
    formed = np.flatnonzero(ties >= NETWORK_THRESHOLD)
    time_to_network = float(years[formed[0]]) if formed.size else float("nan")
    collapse_year = float("nan")
    if formed.size:
        after = np.flatnonzero(ties[formed[0] :] < COLLAPSE_SHARE * NETWORK_THRESHOLD)
        if after.size:
            collapse_year = float(years[formed[0] + after[0]])
    referrals = np.asarray(series["cross_domain_referrals"], dtype=float)[1:]
    horizon_years = max(1e-9, (ties.size - 1) / steps_per_year)
    return {
        "sustained": sustained,
        "time_to_network": time_to_network,
        "collapse_year": collapse_year,
        "peak_ties": float(ties.max()),
        "mean_needs_right_domain": float(np.mean(series["needs_right_domain"][1:])),
        "referrals_per_year": float(referrals.sum() / horizon_years),
        "kartrekker_years": float(np.sum(series["kartrekker_active"][1:]) / steps_per_year),
    }
