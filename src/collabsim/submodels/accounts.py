"""ODD s.7.13: euros and hours, who pays them, and the care costs a working network avoids.

Pure accounting: what the step's kartrekker time, meetings and introductions cost, and
who pays (the project, the partners, or funders outside the network). Only the smoothed
avoided care and hours feed back, through shared savings (s.7.3).
Sources: 004 *Eigen eilandjes* (the co-leader takes the time herself: partners pay their
own staff's hours), 003 ch.5 (co-financing from the partners' own budgets), 003 ch.3.1
(shared savings: the agreed share of avoided care costs flows back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import mechanisms as mech
from .kartrekker import ROLES

if TYPE_CHECKING:
    from ..model import CollaborationModel

#: the keys of the model's ``costs`` argument (a scenario's ``[costs]`` table) and their defaults
COST_DEFAULTS: dict[str, Any] = {
    "kartrekker_fte": mech.KARTREKKER_FTE,
    "fte_cost_eur": mech.FTE_COST_EUR,
    "meeting_hours": mech.MEETING_HOURS,
    "hour_cost_eur": {},
    "avoided_care_eur": mech.AVOIDED_CARE_EUR,
}


def settings(costs: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``costs`` argument with the registry's defaults for what it leaves out."""
    unknown = sorted(set(costs or {}) - set(COST_DEFAULTS))
    if unknown:
        raise ValueError(f"costs: {unknown[0]!r} is not one of {tuple(COST_DEFAULTS)}")
    return {**COST_DEFAULTS, **{k: v for k, v in (costs or {}).items() if v is not None}}


def kartrekker_cost_per_year(model: CollaborationModel, holders: int) -> float:
    """EUR per year of ``holders`` kartrekkers at ``kartrekker_fte`` each."""
    return holders * model.kartrekker_fte * model.fte_cost_eur


def full_cost_per_year(model: CollaborationModel) -> float:
    """The collaboration's full yearly cost: its kartrekker roles at full FTE, and hours at the recent pace."""
    return kartrekker_cost_per_year(model, len(ROLES[model.kartrekker_kind])) + model.hours_per_year_eur


def book(model: CollaborationModel) -> None:
    """The step's costs, who pays them, and the care costs avoided (ODD s.7.13)."""
    orgs, staff, tally, dt = model.orgs, model.staff, model.tally, model.dt
    n_orgs = len(orgs.names)
    # Staff hours: every organisation pays its own people's time (004 Eigen eilandjes).
    hours = tally.attended * model.meeting_hours + tally.introduced * mech.INTRODUCTION_HOURS
    hours_eur = np.bincount(staff.org, weights=hours, minlength=n_orgs) * orgs.hour_cost
    # Kartrekker time: the project pays, partners co-finance; afterwards the continuation's parts.
    kartrekker = kartrekker_cost_per_year(model, len(model.kartrekkers)) * dt
    if model.project_money:
        cofinanced, funded = model.cofinancing * kartrekker, 0.0
        project = kartrekker - cofinanced
    else:
        parts = model.continuation_parts
        total = sum(parts)
        paid = kartrekker * model.budget  # the unpaid part of her time is not spent
        cofinanced = paid * parts[0] / total if total > 0.0 else 0.0
        funded, project = paid - cofinanced, 0.0
    weight = orgs.staff * orgs.active
    posts = weight.sum()
    share = weight / posts if posts > 0 else np.zeros(n_orgs)
    orgs.spent_eur = hours_eur + cofinanced * share
    orgs.spent_total_eur += orgs.spent_eur
    model.project_spending_eur = project
    model.partner_spending_eur = float(orgs.spent_eur.sum())
    model.funder_spending_eur = funded
    # Avoided care: each cross-domain referral that reached the right domain (003 ch.3.1).
    model.care_avoided_eur = tally.referred_reached * model.avoided_care_eur
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)  # as the success rate (s.7.9)
    model.care_avoided_per_year_eur += smoothing * (model.care_avoided_eur / dt - model.care_avoided_per_year_eur)
    model.hours_per_year_eur += smoothing * (float(hours_eur.sum()) / dt - model.hours_per_year_eur)
