"""ODD s.7.9: visible success refreshes urgency and motivation, and each partner weighs its own gain (003 ch.5; 001).

:func:`perceive` hands the model's numbers and the organisations' and professionals' arrays to one
compiled kernel, :func:`_weigh_results`, which computes the network's results (success, visible
success, urgency: returned, kept as the model's attributes) and updates the arrays entry by entry, in
place. The constants reach the kernel as arguments, read from :mod:`collabsim.mechanisms` at each
call, so a calibration's constant set (``mechanisms.constant_set``) acts on it as on the rest of the
model; the ``share_per_step`` factors (cached) are handed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def perceive(model: CollaborationModel) -> None:
    """Results seen this month: the network's and each organisation's own; then commitment,
    boards and motivation follow them."""
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    team = model.kartrekker_team
    model.success_rate, model.visible_success, model.urgency = _weigh_results(
        orgs.own_success, orgs.closeness, orgs.commitment, orgs.board, orgs.board_stance, orgs.active, orgs.pull,
        tally.org_referrals, tally.org_cross_needs, tally.org_needs, tally.org_received,
        staff.motivation, staff.base_motivation,
        tally.referrals, tally.cross_needs, model.success_rate, bool(team),
        float(model.urgency), float(model.initial_urgency), dt,
        float(model.formalisation), float(model.resident_involvement), float(model.cofinancing),  # one signature
        model.means, team[0].effectiveness if team else 0.0,  # the team's, the same for each of its members
        *mech.shares_per_step(dt, mech.SUCCESS_SMOOTHING, mech.COMMITMENT_RATE, mech.BOARD_DRIFT, mech.MOTIVATION_RATE),
        mech.CELEBRATION_BASE, mech.FORMALISATION_DAMPING, mech.URGENCY_FLOOR, mech.URGENCY_FADE,
        mech.URGENCY_REFRESH, mech.MOTIVATION_GAIN, mech.MOTIVATION_TARGET,
        mech.BENEFIT_URGENCY, mech.BENEFIT_SUCCESS, mech.BENEFIT_RESIDENTS, mech.CLOSENESS_RELIEF,
        mech.COST_BUDGET, mech.COST_PULL, mech.COST_CHARGE, mech.BOARD_ANCHOR, mech.BOARD_RESULTS, mech.BOARD_LOBBY,
    )  # fmt: skip


@numba.njit(cache=True)
def _weigh_results(
    own_success, closeness, commitment, board, board_stance, active, pull,
    org_referrals, org_cross_needs, org_needs, org_received,
    motivation, base_motivation,
    referrals, cross_needs, success_rate, kartrekker_active, urgency, initial_urgency, dt,
    formalisation, resident_involvement, cofinancing, means, lobbying,
    smoothing, commitment_share, board_share, motivation_share,
    celebration_base, formalisation_damping, urgency_floor, urgency_fade, urgency_refresh,
    motivation_gain, motivation_target,
    benefit_urgency, benefit_success, benefit_residents, closeness_relief,
    cost_budget, cost_pull, cost_charge, board_anchor, board_results, board_lobby,
):  # fmt: skip
    """ODD s.7.9: the network's results this month (its success rate, the visible success, the
    urgency through :func:`collabsim.mechanisms.urgency_rule`; returned in that order), then each
    organisation's and professional's update.

    ``lobbying`` is the kartrekker team's effectiveness (0 without one); ``smoothing`` and the
    ``*_share`` are the ``share_per_step`` factors of their rates. Re-implements, one organisation
    at a time, :func:`collabsim.mechanisms.update_closeness`, ``partner_benefit``,
    ``cofinancing_charge``, ``partner_cost``, ``update_commitment`` and ``drift_board``, with every
    operation in their order; tests/test_kernels.py keeps the kernel equal to the numpy version that calls them.
    Updates ``own_success``, ``closeness``, ``commitment``, ``board`` and ``motivation`` in place
    (each organisation's new values depend on its own old ones only).
    """
    success_rate += smoothing * (referrals / max(1, cross_needs) - success_rate)
    celebrated = (celebration_base + (1.0 - celebration_base) * (1.0 if kartrekker_active else 0.0)) * (
        1.0 - formalisation_damping * formalisation
    )
    visible_success = success_rate * celebrated
    urgency = mech.urgency_rule(urgency, initial_urgency, visible_success, dt, urgency_floor, urgency_fade,
                                urgency_refresh)  # fmt: skip
    lift = motivation_gain * (visible_success - motivation_target)
    for o in range(own_success.shape[0]):
        # each partner's own results: its clients' cross-domain needs referred (003 ch.4-5)
        own = min(1.0, org_referrals[o] / max(1.0, org_cross_needs[o]))
        own_success[o] += smoothing * (own - own_success[o])
        # update_closeness: the share of the needs it handles that cross domains (003 ch.5)
        handled = org_needs[o] + org_received[o]
        share = (org_cross_needs[o] + org_received[o]) / max(1.0, handled)
        closeness[o] = closeness[o] + smoothing * (share - closeness[o] if handled > 0 else 0.0)
        # a partner sees its own clients' results; an organisation outside, the network's
        seen = own_success[o] * celebrated if active[o] else visible_success
        # partner_benefit (001; 003 ch.4), cofinancing_charge and partner_cost (003 ch.5)
        benefit = benefit_urgency * urgency + benefit_success * seen + benefit_residents * resident_involvement
        charge = cofinancing * (1.0 if active[o] else 0.0) * (1.0 - closeness_relief * closeness[o])
        cost = cost_budget * (1.0 - means) + cost_pull * pull[o] + cost_charge * charge
        # update_commitment: towards benefit minus cost, anchored by the board (001; 003 ch.4-5)
        target = min(max(board_anchor * board[o] + benefit - cost, 0.0), 1.0)
        commitment[o] = commitment[o] + commitment_share * (target - commitment[o])
        # drift_board: around the board's stance, with results and lobbying (003 ch.3.1, ch.4; 002 les 3)
        stance = board_stance[o]
        target = stance + board_results * (seen - motivation_target) + board_lobby * lobbying * (1.0 - stance)
        target = min(max(target, 0.0), 1.0)
        board[o] = board[o] + board_share * (target - board[o])
    # each professional's motivation follows the network's visible success (003 ch.5)
    for i in range(motivation.shape[0]):
        target = min(max(base_motivation[i] + lift, 0.0), 1.0)
        motivation[i] += motivation_share * (target - motivation[i])
    return success_rate, visible_success, urgency
