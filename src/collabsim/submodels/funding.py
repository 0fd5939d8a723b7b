"""ODD s.7.3: project money pays everything; after it, only continuation funding (003 ch.4-5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """The continuation budget, and the budget that pays the collaboration this month."""
    model.continuation = mech.continuation_budget(
        model.cofinancing,
        model.shared_savings,
        model.integrated_funding,
        model.mean_commitment,
        model.success_rate,
    )
    model.budget = 1.0 if model.project_money else model.continuation
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.budget
