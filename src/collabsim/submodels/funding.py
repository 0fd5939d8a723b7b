"""ODD s.7.3: project money pays everything; after it, only continuation funding (003 ch.4-5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech
from .accounts import full_cost_per_year

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """The continuation budget (its parts, s.7.13), the budget that pays the collaboration this
    month, and the means with the unpaid work motivated staff do in their own time."""
    terms = (
        model.cofinancing,
        model.shared_savings,
        model.integrated_funding,
        model.mean_commitment,
        model.care_avoided_per_year_eur,
        full_cost_per_year(model),
        model.partner_share,
    )
    model.continuation_parts = mech.continuation_parts(*terms)
    model.continuation = mech.covered(model.continuation_parts)
    model.budget = 1.0 if model.project_money else model.continuation
    staff = model.staff
    taking_part = staff.motivation[staff.present & model.orgs.active[staff.org]]
    model.motivation = float(taking_part.sum() / taking_part.size) if taking_part.size else 0.0  # their mean
    model.means = mech.own_means(model.budget, model.motivation)
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.means
