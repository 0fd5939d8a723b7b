"""ODD s.7.3: project money pays everything; after it, only continuation funding (003 ch.4-5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """The continuation budget, the budget that pays the collaboration this month, and the means with own time."""
    model.continuation = mech.continuation_budget(
        model.cofinancing,
        model.shared_savings,
        model.integrated_funding,
        model.mean_commitment,
        model.success_rate,
        model.partner_share,
    )
    model.budget = 1.0 if model.project_money else model.continuation
    staff = model.staff
    taking_part = staff.present & model.orgs.active[staff.org]
    motivation = float(staff.motivation[taking_part].mean()) if taking_part.any() else 0.0
    model.means = mech.own_means(model.budget, motivation)
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.means
