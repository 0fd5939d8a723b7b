"""ODD s.7.6 to s.7.10 and s.7.13: the month's joint work and what follows from it, in one compiled call.

After the kartrekkers' month (s.7.5) the step runs seven submodels that need no Python between them:
meetings (s.7.6), referrals (s.7.7), fading (s.7.8), results (s.7.9), membership (s.7.9a), accounts
(s.7.13) and turnover (s.7.10). :func:`work` hands the model's arrays and streams
(:attr:`CollaborationModel.held`), its numbers and the constants (:func:`collabsim.mechanisms.constants_record`)
to :func:`_work`, which calls each submodel's compiled month in that order, exactly as the submodel's
own Python function does (:func:`one_by_one` calls those: ``meetings.hold``, ``referrals.refer``,
``fading.fade``, ``results.perceive``, ``membership.reconsider``, ``accounts.book``,
``turnover.turn_over``; tests/test_joint_work.py holds the two ways alike, month by month, to the
bit). Then Python does what only Python can: the model's numbers are set from what it returns, the
membership's events are logged, and the leavers' and successors' Mesa agents leave and join the model.

One call instead of about ten kernels and six draws from Python a month: numba's dispatch of a
call costs about 35 nanoseconds an argument, and a draw from Python about a microsecond.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech
from ..mechanisms import share_per_step_rule as share
from ..state import motivation_shapes
from . import accounts, fading, meetings, membership, referrals, results, turnover
from .funding import mean_commitment_rule

if TYPE_CHECKING:
    from ..model import CollaborationModel


def one_by_one(model: CollaborationModel) -> None:
    """What :func:`work` does, one submodel's Python function after another (the definition)."""
    meetings.hold(model)  # s.7.6
    referrals.refer(model)  # s.7.7
    fading.fade(model)  # s.7.8
    results.perceive(model)  # s.7.9
    membership.reconsider(model)  # s.7.9a
    accounts.book(model)  # s.7.13
    turnover.turn_over(model)  # s.7.10


def work(model: CollaborationModel) -> None:
    """The month's meetings, referrals, fading, results, membership, accounts and turnover (ODD s.7.6
    to s.7.10, s.7.13), in that order, in one compiled call (:func:`_work`)."""
    tally = model.tally
    team = model.kartrekker_team
    active = bool(team)
    (tally.meetings, tally.needs_presented, tally.needs_reached, tally.cross_needs, tally.referrals,
     tally.referred_reached, model.language, model.urgency, model.records, model.success_rate,
     model.visible_success, n_left, n_joined, changed, model.project_spending_eur, model.partner_spending_eur,
     model.funder_spending_eur, model.care_avoided_eur, model.care_avoided_per_year_eur, model.hours_per_year_eur,
     n_leavers, n_arrivals) = _work(
        model.held, mech.constants_record(), mech.NEED_DOMAIN_CUMULATIVE, mech.FIRST_CONTACT_CUMULATIVE,
        mech.PUBLIC_HEALTH, meetings.status_brake(model, active), model.orgs.reorganising,
        # the month's tally so far
        tally.meetings, tally.needs_presented, tally.needs_reached, tally.cross_needs, tally.referrals,
        tally.referred_reached,
        # the model's numbers of the month (the urgency a float, even if a scenario gave an int: one signature)
        model.year, active, team[0].effectiveness if team else 0.0, len(team), model.project_money,
        *motivation_shapes(model.staff_motivation), model.budget_factor, model.means, model.budget,
        model.continuation_parts, float(model.urgency), model.language, model.records, model.success_rate,
        model.visible_success, model.care_avoided_per_year_eur, model.hours_per_year_eur,
    )  # fmt: skip
    if n_left or n_joined:
        membership.log(model, changed[:n_left].tolist(), changed[n_left : n_left + n_joined].tolist())
    if n_leavers or n_arrivals:
        found, n = model.turnover_room, model.staff.n  # the leavers, then the posts filled
        if n_leavers:
            turnover._gone(model, found[:n_leavers].tolist())
        if n_arrivals:
            turnover._arrive(model, found[n : n + n_arrivals].tolist())


@numba.njit(cache=True)
def _work(
    held, constants, need_cumulative, first_contact_cumulative, public_health, status_brake, reorganising,
    meetings_held, needs_presented, needs_reached, cross_needs, n_referrals, referred_reached,
    year, kartrekker_active, lobbying, holders, project_money, beta_a, beta_b, budget_factor, means, budget,
    continuation_parts, urgency, language, records, success_rate, visible_success, care_avoided_per_year,
    hours_per_year,
):  # fmt: skip
    """The seven submodels' compiled months in the step's order, on the model's arrays, streams and
    parameters (``held``, :class:`collabsim.held.Held`), each given what its Python function gives it (the
    constants read from ``constants``, the record of :func:`collabsim.mechanisms.constants_record`;
    ``share_per_step`` and ``decay_per_step`` by their compiled rules, ``share_per_step_rule`` and
    ``decay_per_step_rule``, the numbers those give). Returns the tally's counts, the
    model's numbers, the membership's changes and turnover's counts, in the order :func:`work` sets them."""
    present, org, trust, cross, knowledge = held.present, held.org, held.trust, held.cross, held.knowledge
    connector_pairs, culture_gap, motivation, base_motivation = (held.connector_pairs, held.culture_gap,
                                                                 held.motivation, held.base_motivation)  # fmt: skip
    handover, handover_knowledge = held.handover, held.handover_knowledge
    active, interrupted_until, commitment, own_success = (held.active, held.interrupted_until, held.commitment,
                                                          held.own_success)  # fmt: skip
    contact, org_flows, attended = held.contact, held.org_flows, held.attended
    spare = held.planned_spare if kartrekker_active else held.spare  # a kartrekker plans when GPs can come
    run = held.parameters[0]  # the run's parameters
    dt, formalisation, resident_involvement = run.dt, run.formalisation, run.resident_involvement
    shared_vision, cofinancing = run.shared_vision, run.cofinancing
    k = constants[0]
    # s.7.6 meetings (meetings.hold)
    organiser = 1.0 if kartrekker_active else k.SELF_ORGANISED_SHARE * mean_commitment_rule(commitment, active)
    n_meetings, language, urgency = meetings._hold_month(
        held, run.knowledge_exchange, organiser, budget_factor, formalisation, year, dt, active, interrupted_until,
        k.FORMALISATION_SLOWDOWN, k.FORMALISATION_DELAY, k.STANDSTILL,
        spare, held.allowed, held.willing, present, trust, connector_pairs, status_brake, culture_gap, knowledge,
        contact, attended, k.ATTENDANCE_FACTOR, k.ATTENDANCE_CAP, k.TIE_GAIN_MEETING, k.CULTURE_BRAKE, k.KNOWLEDGE_GAIN,
        k.RESIDENT_KNOWLEDGE_FACTOR, k.LANGUAGE_GAIN, k.RESIDENT_URGENCY_GAIN, resident_involvement, shared_vision,
        language, urgency,
    )  # fmt: skip
    meetings_held += n_meetings
    # s.7.7 referrals (referrals.refer)
    needs_presented, needs_reached, cross_needs, n_referrals, referred_reached = referrals._refer(
        held, k.NEEDS_PER_RESIDENT_YEAR, dt, present, org, trust, held.domain_bounds, knowledge, held.resident_trust,
        held.needs_met, contact, org_flows, need_cumulative, first_contact_cumulative, public_health,
        k.GGD_ROLE_CLARITY, records, k.WORKING_TIE, k.FOLLOW_BASE, k.RESIDENT_TRUST_GAIN, k.RESIDENT_TRUST_LOSS,
        needs_presented, needs_reached, cross_needs, n_referrals, referred_reached,
    )  # fmt: skip
    # s.7.8 fading (fading.fade; records.age without a kartrekker)
    fading._fade(trust, contact, knowledge, k.TIE_PERSISTENCE, -k.TIE_DECAY * dt, k.KNOWLEDGE_FLOOR,
                 share(k.KNOWLEDGE_FORGETTING, dt))  # fmt: skip
    if not kartrekker_active:
        records *= mech.decay_per_step_rule(k.RECORDS_AGEING, dt)
    # s.7.9 results (results.perceive)
    success_rate, visible_success, urgency = results._weigh_results(
        own_success, held.closeness, commitment, held.board, held.board_stance, active, held.pull,
        org_flows[2], org_flows[1], org_flows[0], org_flows[3],  # referrals, cross needs, needs, received
        motivation, base_motivation,
        n_referrals, cross_needs, success_rate, kartrekker_active, urgency, run.initial_urgency, dt,
        formalisation, resident_involvement, cofinancing, means, lobbying,
        share(k.SUCCESS_SMOOTHING, dt), share(k.COMMITMENT_RATE, dt), share(k.BOARD_DRIFT, dt),
        share(k.MOTIVATION_RATE, dt),
        k.CELEBRATION_BASE, k.FORMALISATION_DAMPING, k.URGENCY_FLOOR, k.URGENCY_FADE, k.URGENCY_REFRESH,
        k.MOTIVATION_GAIN, k.MOTIVATION_TARGET, k.BENEFIT_URGENCY, k.BENEFIT_SUCCESS, k.BENEFIT_RESIDENTS,
        k.CLOSENESS_RELIEF, k.COST_BUDGET, k.COST_PULL, k.COST_CHARGE, k.BOARD_ANCHOR, k.BOARD_RESULTS,
        k.BOARD_LOBBY,
    )  # fmt: skip
    # s.7.9a membership (membership.reconsider; its events are logged by work)
    n_left, n_joined, changed = membership._reconsider(
        held, active, commitment, held.unpaid_years, own_success, dt, formalisation, visible_success, success_rate,
        k.LEAVE_COMMITMENT, k.PARTNER_PATIENCE, k.FORMALISATION_BINDING, k.JOIN_RATE,
    )  # fmt: skip
    # s.7.13 accounts (accounts.book)
    project, partner, funder, care_avoided, care_avoided_per_year, hours_per_year = accounts._book(
        attended, held.introduced, org, held.hour_cost, held.posts, active, held.spent_total, held.spent, holders,
        referred_reached,
        project_money, continuation_parts, budget, care_avoided_per_year, hours_per_year, dt,
        cofinancing, run.kartrekker_fte, run.fte_cost_eur, run.meeting_hours, run.avoided_care_eur,
        k.INTRODUCTION_HOURS,
        share(k.SUCCESS_SMOOTHING, dt),
    )  # fmt: skip
    # s.7.10 turnover (turnover.turn_over; the Mesa agents follow in work)
    n_leavers, n_arrivals, language = turnover._turn_over(
        held, present, held.p_leave, reorganising, held.reorg_until, year, run.p_fill, org, trust, cross, handover,
        handover_knowledge, knowledge, interrupted_until, k.WORKING_TIE, k.INTERRUPTION_YEARS,
        k.RECORDS_SHORTENING, k.HANDOVER_SHARE, language, records, held.found,
        beta_a, beta_b, run.connector_share, held.connector, connector_pairs, base_motivation, motivation,
        k.CONNECTOR_BOOST, k.CONNECTOR_MOTIVATION_BONUS, k.KNOWLEDGE_FLOOR, k.KNOWLEDGE_HANDOVER * records,
    )  # fmt: skip
    return (
        meetings_held, needs_presented, needs_reached, cross_needs, n_referrals, referred_reached, language, urgency,
        records, success_rate, visible_success, n_left, n_joined, changed, project, partner, funder, care_avoided,
        care_avoided_per_year, hours_per_year, n_leavers, n_arrivals,
    )

