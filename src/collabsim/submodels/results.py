"""ODD s.7.9: visible success refreshes urgency and motivation, and each partner weighs its own gain (003 ch.5; 001)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def perceive(model: CollaborationModel) -> None:
    """Results seen this month: the network's and each organisation's own; then commitment,
    boards and motivation follow them."""
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)
    model.success_rate += smoothing * (tally.referrals / max(1, tally.cross_needs) - model.success_rate)
    own = np.minimum(1.0, tally.org_referrals / np.maximum(1.0, tally.org_cross_needs))
    orgs.own_success += smoothing * (own - orgs.own_success)
    orgs.closeness = mech.update_closeness(
        orgs.closeness, tally.org_cross_needs, tally.org_needs, tally.org_received, smoothing
    )
    base, damping = mech.CELEBRATION_BASE, mech.FORMALISATION_DAMPING
    celebrated = (base + (1.0 - base) * model.kartrekker_active) * (1.0 - damping * model.formalisation)
    model.visible_success = model.success_rate * celebrated
    model.urgency = mech.update_urgency(model.urgency, model.initial_urgency, model.visible_success, dt)
    # A partner sees its own clients' results; an organisation outside sees the network's (003 ch.4-5).
    seen = np.where(orgs.active, orgs.own_success * celebrated, model.visible_success)
    benefit = mech.partner_benefit(model.urgency, seen, model.resident_involvement)
    charge = mech.cofinancing_charge(model.cofinancing, orgs.active, orgs.closeness)
    cost = mech.partner_cost(model.means, orgs.pull, charge)
    orgs.commitment = mech.update_commitment(orgs.commitment, orgs.board, benefit, cost, dt)
    team = model.kartrekkers
    lobbying = team[0].effectiveness if team else 0.0  # the team's, the same for each of its members
    orgs.board = mech.drift_board(orgs.board, orgs.board_stance, seen, lobbying, dt)
    lift = mech.MOTIVATION_GAIN * (model.visible_success - mech.MOTIVATION_TARGET)
    target = np.minimum(np.maximum(staff.base_motivation + lift, 0.0), 1.0)
    staff.motivation += mech.share_per_step(mech.MOTIVATION_RATE, dt) * (target - staff.motivation)
