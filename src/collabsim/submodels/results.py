"""ODD s.7.9: visible success refreshes urgency and motivation and draws partners in (003 ch.5; 001)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def perceive(model: CollaborationModel) -> None:
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    model.success_rate += (1 - np.exp(-2.0 * dt)) * (tally.referrals / max(1, tally.cross_needs) - model.success_rate)
    celebrated = (0.6 + 0.4 * model.kartrekker_active) * (1.0 - 0.4 * model.formalisation)
    model.visible_success = model.success_rate * celebrated
    model.urgency = mech.update_urgency(model.urgency, model.initial_urgency, model.visible_success, dt)
    benefit = 0.3 * model.urgency + 0.7 * model.visible_success + 0.1 * model.resident_involvement
    cost = 0.45 * (1.0 - model.budget) + 0.15 * orgs.pull
    orgs.commitment = mech.update_commitment(orgs.commitment, orgs.board, benefit, cost, dt)
    target = np.minimum(np.maximum(staff.base_motivation + 0.3 * (model.visible_success - 0.3), 0.0), 1.0)
    staff.motivation += (1 - np.exp(-dt)) * (target - staff.motivation)
