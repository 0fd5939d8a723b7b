"""The submodels with less Python around their kernels (reorganisations s.7.2, funding s.7.3,
availability s.7.4, referrals s.7.7, results s.7.9, membership s.7.9a, accounts s.7.13) do what
their former versions did, value for value, month by month.

The former versions below are those submodels as they were before (main at ``a42f4dc``), their
kernels copied with them: the reference. Each set-up runs two models in lockstep, one with the
submodels as they are, one with the former versions, and compares every state array, the model's
numbers, the event log and the random streams after every month.
"""

from __future__ import annotations

import contextlib
import math
from unittest import mock

import numba
import numpy as np
import pytest

from collabsim import mechanisms as mech
from collabsim.model import CollaborationModel
from collabsim.params import DEFAULT_ORGANISATIONS, DOMAINS
from collabsim.submodels import (
    accounts,
    availability,
    conditions,
    funding,
    joint_work,
    membership,
    referrals,
    reorganisations,
    results,
)
from collabsim.submodels.accounts import full_cost_per_year, kartrekker_cost_per_year, numpy_sum
from collabsim.submodels.funding import _mean_motivation
from collabsim.submodels.kartrekker import ROLES
from collabsim.submodels.membership import join, leave
from collabsim.submodels.referrals import _category, _referred, _strongest_partner, first_contact_pools
from collabsim.submodels.reorganisations import start

NO_PUBLIC_HEALTH = [o for o in DEFAULT_ORGANISATIONS if o["type"] not in ("ggd", "youth_health")]
#: 18 organisations: model.mean_commitment's ndarray.dot adds in BLAS's own order from 16 up
MANY_ORGANISATIONS = [*DEFAULT_ORGANISATIONS, *DEFAULT_ORGANISATIONS]
OUTSIDERS = [*DEFAULT_ORGANISATIONS, {"type": "welfare", "count": 2, "partner": False}]
#: every constant the changed code passes on or looks up (none of them a power of 2)
A_CONSTANT_SET = {"GGD_ROLE_CLARITY": 0.1, "WORKING_TIE": 0.45, "FOLLOW_BASE": 0.2, "NEEDS_PER_RESIDENT_YEAR": 3.0,
                  "SUCCESS_SMOOTHING": 1.3, "COMMITMENT_RATE": 2.7, "BOARD_DRIFT": 1.9, "MOTIVATION_RATE": 0.7,
                  "BOARD_WEIGHT": 0.37, "URGENCY_WEIGHT": 0.29, "LEAVE_COMMITMENT": 0.45, "PARTNER_PATIENCE": 0.7,
                  "REORGANISATION_DURATION": 0.3, "REORGANISED_CAPACITY": 0.55, "BUDGET_FLOOR": 0.23,
                  "INTRODUCTION_HOURS": 1.7, "COST_CHARGE": 0.9}  # fmt: skip
EVENTS = [
    {"type": "reorganisation", "year": 0.5, "organisation": "all", "duration": 0.75},
    {"type": "working_session", "year": 1.0},
    {"type": "representatives_change", "year": 1.25, "organisation": "all"},
    {"type": "reorganisation", "year": 2.0, "organisation": "all"},
]


# --- the former versions (main at a42f4dc), the reference -----------------------------------------

_DOMAIN_INDEX = np.arange(len(DOMAINS))


def former_refer(model) -> None:
    staff, people, tally = model.staff, model.people, model.tally
    rng = model.rng_res
    if people.n == 0 or not staff.present.any():
        return
    n = rng.poisson(people.n * mech.NEEDS_PER_RESIDENT_YEAR * model.dt)
    draws = rng.random(6 * n)
    u, pick, v = draws[: 3 * n].reshape(3, n), draws[3 * n : 4 * n], draws[4 * n :].reshape(2, n)
    pool, pool_start, pool_size = first_contact_pools(staff)
    reached, cross, n_referred = former_present_needs(
        u, pick, v, pool, pool_start, pool_size,
        staff.domain, staff.org, staff.trust, staff.domain_bounds, staff.domain_staffed, staff.knowledge,
        people.trust, people.needs_met,
        tally.contact, tally.org_needs, tally.org_cross_needs, tally.org_referrals, tally.org_received,
        mech.NEED_DOMAIN_CUMULATIVE, mech.FIRST_CONTACT_CUMULATIVE,
        mech.role_clarity(_DOMAIN_INDEX, model.records),
        mech.WORKING_TIE, mech.FOLLOW_BASE, mech.RESIDENT_TRUST_GAIN, mech.RESIDENT_TRUST_LOSS,
    )  # fmt: skip
    tally.needs_presented += n
    tally.needs_reached += reached
    tally.cross_needs += cross
    tally.referrals += n_referred
    tally.referred_reached += n_referred


@numba.njit(cache=True)
def former_present_needs(
    u, pick, v, pool, pool_start, pool_size,
    domain, org, trust, domain_bounds, domain_staffed, knowledge,
    resident_trust, needs_met,
    contact, org_needs, org_cross_needs, org_referrals, org_received,
    need_cumulative, first_contact_cumulative, clarity, working_tie, follow_base, gain, loss,
):  # fmt: skip
    n = u.shape[1]
    n_residents = resident_trust.shape[0]
    who = np.empty(n, np.int64)
    theta = np.empty(n)
    reached = np.empty(n, np.bool_)
    n_reached = n_cross = n_referred = 0
    for k in range(n):
        r = np.int64(u[0, k] * n_residents)
        d = _category(need_cumulative, u[1, k])
        wanted = _category(first_contact_cumulative, u[2, k])
        i = pool[pool_start[wanted] + np.int64(pick[k] * pool_size[wanted])]
        j = _strongest_partner(trust, domain_bounds, i, d)
        tie = trust[i, j] * domain_staffed[d]
        same = d == domain[i]
        referred = _referred(same, knowledge[i] * clarity[d], tie, resident_trust[r], v[0, k], v[1, k],
                             working_tie, follow_base)  # fmt: skip
        who[k], theta[k], reached[k] = r, resident_trust[r], same or referred
        if reached[k]:
            n_reached += 1
        org_needs[org[i]] += 1.0
        if not same:
            n_cross += 1
            org_cross_needs[org[i]] += 1.0
        if referred:
            n_referred += 1
            contact[i, j] = contact[j, i] = True
            org_referrals[org[i]] += 1.0
            org_referrals[org[j]] += 1.0
            org_received[org[j]] += 1.0
    met = np.empty(n, np.int64)
    for k in range(n):
        met[k] = needs_met[who[k]] + 1
    for k in range(n):
        if reached[k]:
            needs_met[who[k]] = met[k]
            resident_trust[who[k]] = theta[k] + gain * (1.0 - theta[k])
        else:
            resident_trust[who[k]] = theta[k] + -loss * theta[k]
    return n_reached, n_cross, n_referred


def former_perceive(model) -> None:
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)
    model.success_rate += smoothing * (tally.referrals / max(1, tally.cross_needs) - model.success_rate)
    base, damping = mech.CELEBRATION_BASE, mech.FORMALISATION_DAMPING
    celebrated = (base + (1.0 - base) * model.kartrekker_active) * (1.0 - damping * model.formalisation)
    model.visible_success = model.success_rate * celebrated
    model.urgency = mech.update_urgency(model.urgency, model.initial_urgency, model.visible_success, dt)
    team = model.kartrekkers
    lobbying = team[0].effectiveness if team else 0.0
    lift = mech.MOTIVATION_GAIN * (model.visible_success - mech.MOTIVATION_TARGET)
    orgs.closeness, orgs.commitment, orgs.board = former_weigh_results(
        orgs.own_success, orgs.closeness, orgs.commitment, orgs.board, orgs.board_stance, orgs.active, orgs.pull,
        tally.org_referrals, tally.org_cross_needs, tally.org_needs, tally.org_received,
        staff.motivation, staff.base_motivation,
        smoothing, celebrated, model.visible_success, model.urgency,
        float(model.resident_involvement), float(model.cofinancing),
        model.means, lobbying, lift,
        mech.share_per_step(mech.COMMITMENT_RATE, dt), mech.share_per_step(mech.BOARD_DRIFT, dt),
        mech.share_per_step(mech.MOTIVATION_RATE, dt),
        mech.BENEFIT_URGENCY, mech.BENEFIT_SUCCESS, mech.BENEFIT_RESIDENTS, mech.CLOSENESS_RELIEF,
        mech.COST_BUDGET, mech.COST_PULL, mech.COST_CHARGE, mech.BOARD_ANCHOR,
        mech.BOARD_RESULTS, mech.MOTIVATION_TARGET, mech.BOARD_LOBBY,
    )  # fmt: skip


@numba.njit(cache=True)
def former_weigh_results(
    own_success, closeness, commitment, board, board_stance, active, pull,
    org_referrals, org_cross_needs, org_needs, org_received,
    motivation, base_motivation,
    smoothing, celebrated, visible_success, urgency, resident_involvement, cofinancing, means, lobbying, lift,
    commitment_share, board_share, motivation_share,
    benefit_urgency, benefit_success, benefit_residents, closeness_relief,
    cost_budget, cost_pull, cost_charge, board_anchor, board_results, motivation_target, board_lobby,
):  # fmt: skip
    n = own_success.shape[0]
    new_closeness, new_commitment, new_board = np.empty(n), np.empty(n), np.empty(n)
    for o in range(n):
        own = min(1.0, org_referrals[o] / max(1.0, org_cross_needs[o]))
        own_success[o] += smoothing * (own - own_success[o])
        handled = org_needs[o] + org_received[o]
        share = (org_cross_needs[o] + org_received[o]) / max(1.0, handled)
        new_closeness[o] = closeness[o] + smoothing * (share - closeness[o] if handled > 0 else 0.0)
        seen = own_success[o] * celebrated if active[o] else visible_success
        benefit = benefit_urgency * urgency + benefit_success * seen + benefit_residents * resident_involvement
        charge = cofinancing * (1.0 if active[o] else 0.0) * (1.0 - closeness_relief * new_closeness[o])
        cost = cost_budget * (1.0 - means) + cost_pull * pull[o] + cost_charge * charge
        target = min(max(board_anchor * board[o] + benefit - cost, 0.0), 1.0)
        new_commitment[o] = commitment[o] + commitment_share * (target - commitment[o])
        stance = board_stance[o]
        target = stance + board_results * (seen - motivation_target) + board_lobby * lobbying * (1.0 - stance)
        target = min(max(target, 0.0), 1.0)
        new_board[o] = board[o] + board_share * (target - board[o])
    for i in range(motivation.shape[0]):
        target = min(max(base_motivation[i] + lift, 0.0), 1.0)
        motivation[i] += motivation_share * (target - motivation[i])
    return new_closeness, new_commitment, new_board


def former_availability(model) -> None:
    staff, orgs = model.staff, model.orgs
    model.allowed[:], model.willing[:] = former_allow_time(  # in place (compiled code holds them)
        orgs.board, orgs.capacity, orgs.commitment, orgs.subsidy, orgs.active, staff.org, staff.motivation,
        float(model.integrated_funding), model.urgency,
        mech.BOARD_WEIGHT, mech.SECTORAL_PULL, mech.COMMITMENT_ROOM_BASE, mech.URGENCY_WEIGHT,
    )  # fmt: skip


@numba.njit(cache=True)
def former_allow_time(
    board, capacity, commitment, subsidy, active, org, motivation, integrated_funding, urgency,
    board_weight, sectoral_pull, commitment_room_base, urgency_weight,
):  # fmt: skip
    n = org.shape[0]
    allowed, willing = np.empty(n), np.empty(n)
    pull_factor = sectoral_pull * (1.0 - integrated_funding)
    urgency_part = urgency_weight * urgency
    for i in range(n):
        o = org[i]
        permission = board_weight * board[o] + (1.0 - board_weight) * motivation[i]
        pull = pull_factor * subsidy[o]
        room = commitment_room_base + (1.0 - commitment_room_base) * commitment[o]
        taking_part = 1.0 if active[o] else 0.0
        allowed[i] = capacity[o] * permission * (1.0 - pull) * room * taking_part
        willing[i] = urgency_part + (1.0 - urgency_weight) * motivation[i]
    return allowed, willing


def former_reconsider(model) -> None:
    orgs, dt = model.orgs, model.dt
    orgs.unpaid_years, leaving, outside = former_count_unpaid(
        orgs.active, orgs.commitment, orgs.unpaid_years, dt, mech.LEAVE_COMMITMENT,
        mech.partner_patience(model.formalisation),
    )  # fmt: skip
    for i in leaving.tolist():
        leave(model, i)
    if outside.size and model.visible_success > 0.0:
        p = mech.join_probability(model.visible_success, orgs.commitment[outside], dt)
        for i in outside[model.rng_org.random(outside.size) < p].tolist():
            join(model, i)


@numba.njit(cache=True)
def former_count_unpaid(active, commitment, unpaid_years, dt, leave_commitment, patience):
    n = active.shape[0]
    unpaid = np.empty(n)
    leaving = np.empty(n, np.int64)
    outside = np.empty(n, np.int64)
    n_leaving = n_outside = 0
    for o in range(n):
        low = active[o] and commitment[o] < leave_commitment
        unpaid[o] = unpaid_years[o] + dt if low else 0.0
        if unpaid[o] >= patience:
            leaving[n_leaving] = o
            n_leaving += 1
        if not active[o] or unpaid[o] >= patience:
            outside[n_outside] = o
            n_outside += 1
    return unpaid, leaving[:n_leaving], outside[:n_outside]


def former_book(model) -> None:
    orgs, staff, tally, dt = model.orgs, model.staff, model.tally, model.dt
    kartrekker = kartrekker_cost_per_year(model, len(model.kartrekker_team)) * dt
    if model.project_money:
        cofinanced, funded = model.cofinancing * kartrekker, 0.0
        project = kartrekker - cofinanced
    else:
        parts = model.continuation_parts
        # the one change: the parts added in their order (the former sum() compensated the rounding
        # when all three parts were Python floats, and not when one was NumPy's: the last bit)
        total = mech.continuation_total(parts)
        paid = kartrekker * model.budget
        cofinanced = paid * parts[0] / total if total > 0.0 else 0.0
        funded, project = paid - cofinanced, 0.0
    orgs.spent_eur, hours_eur, partner_eur = former_pay(
        tally.attended, tally.introduced, staff.org, orgs.hour_cost, orgs.staff, orgs.active, orgs.spent_total_eur,
        float(model.meeting_hours), mech.INTRODUCTION_HOURS, float(cofinanced),
    )  # fmt: skip
    model.project_spending_eur = project
    model.partner_spending_eur = partner_eur
    model.funder_spending_eur = funded
    model.care_avoided_eur = tally.referred_reached * model.avoided_care_eur
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)
    model.care_avoided_per_year_eur += smoothing * (model.care_avoided_eur / dt - model.care_avoided_per_year_eur)
    model.hours_per_year_eur += smoothing * (hours_eur / dt - model.hours_per_year_eur)


@numba.njit(cache=True)
def former_pay(
    attended, introduced, org, hour_cost, posts, active, spent_total, meeting_hours, introduction_hours, cofinanced
):  # fmt: skip
    n_orgs = hour_cost.shape[0]
    hours_eur = np.zeros(n_orgs)
    for i in range(org.shape[0]):
        hours_eur[org[i]] += attended[i] * meeting_hours + introduced[i] * introduction_hours
    taking_part = 0
    for o in range(n_orgs):
        if active[o]:
            taking_part += posts[o]
    spent = np.empty(n_orgs)
    for o in range(n_orgs):
        hours_eur[o] = hours_eur[o] * hour_cost[o]
        share = (posts[o] if active[o] else 0) / taking_part if taking_part > 0 else 0.0
        spent[o] = hours_eur[o] + cofinanced * share
        spent_total[o] += spent[o]
    return spent, numpy_sum(hours_eur, 0, n_orgs), numpy_sum(spent, 0, n_orgs)


def former_funding(model) -> None:
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
    model.motivation = _mean_motivation(staff.motivation, staff.present, staff.org, model.orgs.active)
    model.means = mech.own_means(model.budget, model.motivation)
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.means


def former_reorganise(model) -> None:
    orgs = model.orgs
    if orgs.reorganising and model.year >= orgs.reorg_until.max():
        orgs.capacity[:] = 1.0
        orgs.reorganising = False
    elif orgs.reorganising:
        orgs.capacity[orgs.reorg_until <= model.year] = 1.0
    hits = model.rng_org.random(len(orgs.names)) < model.p_reorganise
    for i in hits.nonzero()[0].tolist():
        start(model, i, mech.REORGANISATION_DURATION)


@contextlib.contextmanager
def former_versions():
    """The model's step with the former versions of the seven submodels."""
    with (
        mock.patch.object(joint_work, "work", joint_work.one_by_one),  # each submodel's Python function
        mock.patch.object(conditions, "set_conditions", conditions.one_by_one),
        mock.patch.object(referrals, "refer", former_refer),
        mock.patch.object(results, "perceive", former_perceive),
        mock.patch.object(availability, "refresh", former_availability),
        mock.patch.object(membership, "reconsider", former_reconsider),
        mock.patch.object(accounts, "book", former_book),
        mock.patch.object(funding, "refresh", former_funding),
        mock.patch.object(reorganisations, "reorganise", former_reorganise),
    ):
        yield


# --- the lockstep runs ----------------------------------------------------------------------------

SCALARS = ("allowed", "willing", "budget", "continuation", "motivation", "means", "budget_factor",
           "project_spending_eur", "partner_spending_eur", "funder_spending_eur", "care_avoided_eur",
           "care_avoided_per_year_eur", "hours_per_year_eur", "urgency", "success_rate", "visible_success",
           "records", "language", "mean_commitment", "partner_share")  # fmt: skip


def _state(model) -> dict:
    """Every state array and number the submodels read or write (and what follows), the streams' states."""
    state = {f"staff.{k}": v for k, v in vars(model.staff).items() if isinstance(v, np.ndarray)}
    state |= {f"orgs.{k}": v for k, v in vars(model.orgs).items() if isinstance(v, np.ndarray)}
    state |= {f"people.{k}": v for k, v in vars(model.people).items()}
    state |= {f"tally.{k}": v for k, v in vars(model.tally).items()}
    state["orgs.reorganising"] = model.orgs.reorganising
    for name in SCALARS:
        state[name] = getattr(model, name)
    state["continuation_parts"] = np.array(model.continuation_parts)
    state["event_log"] = repr(model.event_log)
    for name in ("rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]["state"]
    return state


def _types(state: dict) -> dict:
    """Each value's type and dtype; a NumPy float64 counts as a Python float (the kernels return
    Python floats for the model's numbers that the former versions computed as NumPy scalars)."""
    return {name: (float if type(value) is np.float64 else type(value), np.asarray(value).dtype)
            for name, value in state.items()}  # fmt: skip


def run_in_lockstep(kwargs: dict, constants: dict, months: int = 36, constants_from: int = 0) -> list[str]:
    """Two models, the submodels as they are and their former versions; compares them after every
    month. ``constants`` hold from month ``constants_from`` on (a constant set begun mid-run).
    Returns the event kinds seen (what the set-up reached)."""
    kwargs = {"residents": 200, "rng": 1, **kwargs}
    now, former = CollaborationModel(**kwargs), CollaborationModel(**kwargs)
    for month in range(1, months + 1):
        with mech.constant_set(constants if month > constants_from else {}):
            now.step()
            with former_versions():
                former.step()
        expected, got = _state(former), _state(now)
        for name, value in expected.items():
            assert np.array_equal(got[name], value), f"month {month}: {name} differs"
        assert _types(got) == _types(expected), f"month {month}: a type differs"
    return [kind for _, kind, _ in now.event_log]


@pytest.mark.parametrize(
    ("kwargs", "constants", "reached"),
    [
        ({}, {}, ()),
        ({"rng": 2, "kartrekker": "none", "funding_years": 1.0, "cofinancing": 0.4}, {}, ()),
        ({"rng": 3, "organisations": MANY_ORGANISATIONS, "integrated_funding": 0.8, "funding_years": 1.5}, {}, ()),
        (
            {"rng": 4, "kartrekker": "duo", "events": EVENTS, "shared_savings": 0.5, "reorganisation_rate": 2.0},
            {},
            ("reorganisation",),
        ),
        (
            {"rng": 5, "board_support": 0.2, "funding_years": 1.0, "turnover": 0.6, "reorganisation_rate": 1.0},
            A_CONSTANT_SET,
            ("partner_leaves", "reorganisation"),
        ),
        ({"rng": 6, "organisations": OUTSIDERS, "urgency": 0.9}, A_CONSTANT_SET, ("partner_joins",)),
        ({"rng": 7, "organisations": NO_PUBLIC_HEALTH, "residents": 15}, A_CONSTANT_SET, ()),
        ({"rng": 8, "residents": 0, "kartrekker": "external", "events": EVENTS}, {}, ()),
    ],
    ids=[
        "baseline",
        "continuation",
        "many_organisations",
        "duo_events_reorganisations",
        "partners_leave_constant_set",
        "outsiders_join_constant_set",
        "no_public_health_few_residents",
        "no_residents",
    ],
)
def test_the_submodels_do_what_their_former_versions_did(kwargs, constants, reached):
    seen = run_in_lockstep(kwargs, constants)
    for kind in reached:  # the set-up reaches the rules it is there for
        assert kind in seen, kind


@pytest.mark.parametrize("seed", [11, 12])
def test_a_constant_set_begun_mid_run_reaches_the_submodels_as_before(seed):
    """Nothing cached from the registry's constants survives a constant set (results' shares)."""
    run_in_lockstep({"rng": seed, "reorganisation_rate": 1.0}, A_CONSTANT_SET, months=30, constants_from=12)


def test_nobody_present_presents_no_need_and_draws_nothing():
    """Referrals see presence through the pools: with every post vacant (pools rebuilt), no need."""
    now, former = CollaborationModel(residents=50, rng=3), CollaborationModel(residents=50, rng=3)
    for model in (now, former):
        model.staff.present[:] = False
        model.staff.pools = None  # as turnover does when presence changes
    referrals.refer(now)
    former_refer(former)
    assert now.tally.needs_presented == former.tally.needs_presented == 0
    assert now.rng_res.bit_generator.state == former.rng_res.bit_generator.state


# --- funding's sums against the model's properties ------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 7, 15, 16, 17, 40])
def test_the_partners_share_is_the_models(n):
    """funding._partner_share gives the model's partner_share."""
    rng = np.random.default_rng(n)
    model = CollaborationModel(residents=0, rng=n, organisations=[{"type": "welfare", "count": n}])
    orgs = model.orgs
    for trial in range(300):
        orgs.active = rng.random(n) < (0.2 if trial % 4 == 0 else 0.8)
        orgs.staff = rng.integers(0, 9, n)
        orgs.posts = int(orgs.staff.sum())
        if orgs.posts:
            assert funding._partner_share(orgs.active, orgs.staff, orgs.posts) == model.partner_share


# --- the compiled rules of mechanisms.py give what their former Python bodies gave -----------------


def former_update_urgency(urgency, initial, visible_success, dt):
    floor = mech.URGENCY_FLOOR * initial
    fade = mech.URGENCY_FADE * (urgency - floor)
    refresh = mech.URGENCY_REFRESH * visible_success * (1.0 - urgency)
    return min(1.0, max(0.0, float(urgency + dt * (refresh - fade))))


def former_continuation_parts(cofinancing, shared_savings, integrated, commitment, avoided, cost, share):
    """As it was; ``avoided`` a NumPy float, as the model's smoothed avoided care is after its first month."""
    cofinanced = cofinancing * share * (mech.COFINANCING_BASE + commitment)
    returned = shared_savings * avoided
    if cost > 0.0:
        savings = min(1.0, returned / cost)
    else:
        savings = 1.0 if returned > 0.0 else 0.0
    return cofinanced, savings, mech.INTEGRATED_FUNDING_SHARE * integrated


def _inputs(rng, n):
    """Values in and around [0, 1], with their edges (0, 1, -0.0) often."""
    values = rng.random(n) * rng.choice([1.0, 2.0, 1e-3, 1e3], n) - rng.choice([0.0, 0.0, 0.0, 0.5], n)
    edges = rng.random(n) < 0.15
    values[edges] = rng.choice([0.0, 1.0, -0.0, 0.5], edges.sum())
    return values.tolist()


#: the constants of the compiled rules that A_CONSTANT_SET leaves as they are
RULES_CONSTANT_SET = {"URGENCY_FADE": 0.77, "OWN_TIME": 0.31, "COFINANCING_BASE": 0.27, "FORMALISATION_BINDING": 1.3}


@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET, RULES_CONSTANT_SET])
def test_the_compiled_rules_are_their_former_python(constants):
    rng = np.random.default_rng(7)
    dt = 1.0 / 12.0
    with mech.constant_set(constants):
        for args in zip(*(_inputs(rng, 4000) for _ in range(3)), strict=True):
            assert mech.update_urgency(*args, dt) == former_update_urgency(*args, dt)
            budget, motivation, formalisation = args
            assert mech.own_means(budget, motivation) == budget + (1.0 - budget) * mech.OWN_TIME * motivation
            expected = mech.PARTNER_PATIENCE * (1.0 + mech.FORMALISATION_BINDING * formalisation)
            assert mech.partner_patience(formalisation) == expected
        for args in zip(*(_inputs(rng, 4000) for _ in range(7)), strict=True):
            avoided = np.float64(args[4] * 1e4)
            cost = args[5] * 1e4 if rng.random() < 0.9 else 0.0
            now = mech.continuation_parts(*args[:4], float(avoided), cost, args[6])
            former = former_continuation_parts(*args[:4], avoided, cost, args[6])
            assert now == former
            # covered and the accounts' total: the parts added in their order (Python's sum of the former
            # parts compensated the rounding when all three were Python floats: the last bit may differ)
            assert mech.continuation_total(now) == (now[0] + now[1]) + now[2]
            assert math.isclose(mech.covered(now), min(1.0, sum(former)), rel_tol=1e-15)


@pytest.mark.parametrize("prices", [(0.8, 85000.0), (1, 90000), (0.37, 71234.5)])
def test_the_compiled_costs_are_their_former_python(prices):
    """accounts' compiled cost rules give what kartrekker_cost_per_year and full_cost_per_year gave
    (ints among the prices too: the wrappers hand them on as floats)."""
    fte, fte_cost = prices
    model = CollaborationModel(residents=0, rng=1, costs={"kartrekker_fte": fte, "fte_cost_eur": fte_cost})
    rng = np.random.default_rng(3)
    for hours in [0.0, *(rng.random(200) * 10.0 ** rng.integers(0, 6, 200)).tolist()]:
        model.hours_per_year_eur = np.float64(hours)
        for holders in (0, 1, 2):
            assert kartrekker_cost_per_year(model, holders) == holders * fte * fte_cost
        roles = len(ROLES[model.kartrekker_kind])
        assert full_cost_per_year(model) == roles * fte * fte_cost + model.hours_per_year_eur
