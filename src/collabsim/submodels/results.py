"""ODD s.7.9: visible success refreshes urgency and motivation and draws partners in (003 ch.5; 001)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def perceive(model: CollaborationModel) -> None:
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    smoothing = 1 - np.exp(-mech.SUCCESS_SMOOTHING * dt)
    model.success_rate += smoothing * (tally.referrals / max(1, tally.cross_needs) - model.success_rate)
    base, damping = mech.CELEBRATION_BASE, mech.FORMALISATION_DAMPING
    celebrated = (base + (1.0 - base) * model.kartrekker_active) * (1.0 - damping * model.formalisation)
    model.visible_success = model.success_rate * celebrated
    model.urgency = mech.update_urgency(model.urgency, model.initial_urgency, model.visible_success, dt)
    benefit = (
        mech.BENEFIT_URGENCY * model.urgency
        + mech.BENEFIT_SUCCESS * model.visible_success
        + mech.BENEFIT_RESIDENTS * model.resident_involvement
    )
    cost = mech.COST_BUDGET * (1.0 - model.budget) + mech.COST_PULL * orgs.pull
    orgs.commitment = mech.update_commitment(orgs.commitment, orgs.board, benefit, cost, dt)
    lift = mech.MOTIVATION_GAIN * (model.visible_success - mech.MOTIVATION_TARGET)
    target = np.minimum(np.maximum(staff.base_motivation + lift, 0.0), 1.0)
    staff.motivation += (1 - np.exp(-mech.MOTIVATION_RATE * dt)) * (target - staff.motivation)
