"""The model's mechanisms as small numpy functions, one per precondition.

Each function is the single place where its mechanism lives; docs/ODD.md gives its
equation and source. A scalar rule that a compiled kernel also needs is itself compiled
(``*_rule``, its constants as arguments): its Python function calls it with this module's
constants, the kernels call it with theirs, so the rule has one definition.
Arrays: ``W`` is the professionals' trust matrix (symmetric, [0, 1]); time steps are months and
rates are per year (``dt`` = 1/12).
Seeds: 000-004 in ../shared/seeds/ (cited by file number and section).
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Iterator, Mapping

import numba
import numpy as np

from .constants import CONSTANTS, shares, value
from .params import DOMAINS

# The constants, read from the one registry (collabsim.constants; docs/ODD.md s.7.12).
WORKING_SESSION_ATTENDANCE = value("WORKING_SESSION_ATTENDANCE")
WORKING_SESSION_ROOM_WEIGHT = value("WORKING_SESSION_ROOM_WEIGHT")
PROBLEM_MAP_URGENCY = value("PROBLEM_MAP_URGENCY")
PROBLEM_MAP_BOARD = value("PROBLEM_MAP_BOARD")
INTERRUPTION_YEARS = value("INTERRUPTION_YEARS")
RECORDS_SHORTENING = value("RECORDS_SHORTENING")
STANDSTILL = value("STANDSTILL")
WORKING_TIE = value("WORKING_TIE")
TIE_GAIN_MEETING = value("TIE_GAIN_MEETING")
TIE_GAIN_INTRODUCTION = value("TIE_GAIN_INTRODUCTION")
TIE_DECAY = value("TIE_DECAY")
TIE_PERSISTENCE = value("TIE_PERSISTENCE")
KNOWLEDGE_GAIN = value("KNOWLEDGE_GAIN")
KNOWLEDGE_FORGETTING = value("KNOWLEDGE_FORGETTING")
HIERARCHY_BRAKE = value("HIERARCHY_BRAKE")
EQUALITY_SOFTENING = value("EQUALITY_SOFTENING")
CULTURE_BRAKE = value("CULTURE_BRAKE")
LANGUAGE_GAIN = value("LANGUAGE_GAIN")
CONNECTOR_BOOST = value("CONNECTOR_BOOST")
BOARD_WEIGHT = value("BOARD_WEIGHT")
SECTORAL_PULL = value("SECTORAL_PULL")
COMMITMENT_ROOM_BASE = value("COMMITMENT_ROOM_BASE")
URGENCY_WEIGHT = value("URGENCY_WEIGHT")
ATTENDANCE_FACTOR = value("ATTENDANCE_FACTOR")
ATTENDANCE_CAP = value("ATTENDANCE_CAP")
GP_TIMING = value("GP_TIMING")
URGENCY_FADE = value("URGENCY_FADE")
URGENCY_FLOOR = value("URGENCY_FLOOR")
URGENCY_REFRESH = value("URGENCY_REFRESH")
BOARD_ANCHOR = value("BOARD_ANCHOR")
COMMITMENT_RATE = value("COMMITMENT_RATE")
COFINANCING_BASE = value("COFINANCING_BASE")
INTEGRATED_FUNDING_SHARE = value("INTEGRATED_FUNDING_SHARE")
INTRODUCTIONS_PER_YEAR = value("INTRODUCTIONS_PER_YEAR")
UNPAID_LEAVING = value("UNPAID_LEAVING")
HANDOVER_SHARE = value("HANDOVER_SHARE")
KNOWLEDGE_FLOOR = value("KNOWLEDGE_FLOOR")
SELF_ORGANISED_SHARE = value("SELF_ORGANISED_SHARE")
RECORDS_AGEING = value("RECORDS_AGEING")
VACANCY_FILL_RATE = value("VACANCY_FILL_RATE")
NEEDS_PER_RESIDENT_YEAR = value("NEEDS_PER_RESIDENT_YEAR")
FOLLOW_BASE = value("FOLLOW_BASE")
GGD_ROLE_CLARITY = value("GGD_ROLE_CLARITY")
KNOWLEDGE_HANDOVER = value("KNOWLEDGE_HANDOVER")
RESIDENT_KNOWLEDGE_FACTOR = value("RESIDENT_KNOWLEDGE_FACTOR")
INTRODUCTION_KNOWLEDGE_SHARE = value("INTRODUCTION_KNOWLEDGE_SHARE")
INITIAL_KNOWLEDGE_FROM_TIES = value("INITIAL_KNOWLEDGE_FROM_TIES")
INITIAL_KNOWLEDGE_SPREAD = value("INITIAL_KNOWLEDGE_SPREAD")
FORMALISATION_SLOWDOWN = value("FORMALISATION_SLOWDOWN")
FORMALISATION_DELAY = value("FORMALISATION_DELAY")
RESIDENT_URGENCY_GAIN = value("RESIDENT_URGENCY_GAIN")
FAMILIARITY_LEARNING = value("FAMILIARITY_LEARNING")
INTERNAL_NEUTRALITY = value("INTERNAL_NEUTRALITY")
EXTERNAL_EXPERIENCE = value("EXTERNAL_EXPERIENCE")
INTERNAL_EMBEDDING = value("INTERNAL_EMBEDDING")
RECORDS_RENEWAL = value("RECORDS_RENEWAL")
APPOINTMENT_RATE = value("APPOINTMENT_RATE")
SUCCESSOR_FAMILIARITY = value("SUCCESSOR_FAMILIARITY")
EXTERNAL_FAMILIARITY = value("EXTERNAL_FAMILIARITY")
TAKEOVER_MOTIVATION = value("TAKEOVER_MOTIVATION")
TAKEOVER_RATE = value("TAKEOVER_RATE")
TAKEOVER_UNPAID_SHARE = value("TAKEOVER_UNPAID_SHARE")
TAKEOVER_SKILL = value("TAKEOVER_SKILL")
BUDGET_FLOOR = value("BUDGET_FLOOR")
OWN_TIME = value("OWN_TIME")
RESIDENT_TRUST_GAIN = value("RESIDENT_TRUST_GAIN")
RESIDENT_TRUST_LOSS = value("RESIDENT_TRUST_LOSS")
RECORDS_FORMALISATION = value("RECORDS_FORMALISATION")
SUCCESS_SMOOTHING = value("SUCCESS_SMOOTHING")
CELEBRATION_BASE = value("CELEBRATION_BASE")
FORMALISATION_DAMPING = value("FORMALISATION_DAMPING")
BENEFIT_URGENCY = value("BENEFIT_URGENCY")
BENEFIT_SUCCESS = value("BENEFIT_SUCCESS")
BENEFIT_RESIDENTS = value("BENEFIT_RESIDENTS")
COST_BUDGET = value("COST_BUDGET")
COST_PULL = value("COST_PULL")
COST_CHARGE = value("COST_CHARGE")
CLOSENESS_RELIEF = value("CLOSENESS_RELIEF")
BOARD_DRIFT = value("BOARD_DRIFT")
BOARD_RESULTS = value("BOARD_RESULTS")
BOARD_LOBBY = value("BOARD_LOBBY")
LEAVE_COMMITMENT = value("LEAVE_COMMITMENT")
PARTNER_PATIENCE = value("PARTNER_PATIENCE")
FORMALISATION_BINDING = value("FORMALISATION_BINDING")
JOIN_RATE = value("JOIN_RATE")
MOTIVATION_GAIN = value("MOTIVATION_GAIN")
MOTIVATION_TARGET = value("MOTIVATION_TARGET")
MOTIVATION_RATE = value("MOTIVATION_RATE")
REORGANISED_CAPACITY = value("REORGANISED_CAPACITY")
REORGANISATION_DURATION = value("REORGANISATION_DURATION")
REORGANISATION_TURNOVER = value("REORGANISATION_TURNOVER")
STAFF_ROTATION_SHARE = value("STAFF_ROTATION_SHARE")
BOARD_SUPPORT_SPREAD = value("BOARD_SUPPORT_SPREAD")
SPARE_TIME_SPREAD = value("SPARE_TIME_SPREAD")
SPARE_TIME_MIN = value("SPARE_TIME_MIN")
TIE_PROBABILITY_WITHIN = value("TIE_PROBABILITY_WITHIN")
TIE_STRENGTH_LOW = value("TIE_STRENGTH_LOW")
TIE_STRENGTH_HIGH = value("TIE_STRENGTH_HIGH")
MOTIVATION_BETA = value("MOTIVATION_BETA")
CONNECTOR_MOTIVATION_BONUS = value("CONNECTOR_MOTIVATION_BONUS")
RESIDENT_TRUST_CONCENTRATION = value("RESIDENT_TRUST_CONCENTRATION")
KARTREKKER_FTE = value("KARTREKKER_FTE")
FTE_COST_EUR = value("FTE_COST_EUR")
MEETING_HOURS = value("MEETING_HOURS")
INTRODUCTION_HOURS = value("INTRODUCTION_HOURS")
AVOIDED_CARE_EUR = value("AVOIDED_CARE_EUR")
NEED_DOMAIN_SHARE = np.array(shares("NEED_DOMAIN_SHARE"))  # medical, public health, social
FIRST_CONTACT_SHARE = np.array(shares("FIRST_CONTACT_SHARE"))
NEED_DOMAIN_CUMULATIVE = np.cumsum(NEED_DOMAIN_SHARE)[:-1]
FIRST_CONTACT_CUMULATIVE = np.cumsum(FIRST_CONTACT_SHARE)[:-1]
PUBLIC_HEALTH = DOMAINS.index("public_health")


# --- the same numbers on every machine -----------------------------------------------------------
# NumPy's ``exp`` takes a SIMD path on CPUs that have AVX-512 and the C library's ``exp`` elsewhere; the
# two differ in the last bit of about one value in twenty, and a run's trajectory can follow such a bit
# (docs/reliability.md). The C library's own ``exp`` differs between libraries and, in glibc, between
# CPUs with and without FMA. So the model has one ``exp`` of its own, :func:`exp` (for arrays
# :func:`exp_each`), by fdlibm's method: fixed operations, none fused, the same bits on every CPU,
# scalar or vectorised. Sums over organisations are added in their order (:func:`active_sum`), not by
# BLAS, whose kernel (and order) depends on the CPU.

# fdlibm's e_exp.c (Sun's freely distributable libm; the method Java's StrictMath prescribes):
# ln 2 in two parts, 1/ln 2, and the coefficients of the polynomial on [-ln2/2, ln2/2] (error < 1 ulp)
_LN2_HI, _LN2_LO, _INV_LN2 = 6.93147180369123816490e-01, 1.90821492927058770002e-10, 1.44269504088896338700e00
_P1, _P2, _P3 = 1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05
_P4, _P5 = -1.65339022054652515390e-06, 4.13813679705723846039e-08
#: the largest |x| that :func:`exp_near_zero` takes: ln 2 / 2
HALF_LN2 = 0.34657359027997264
_EXP_OVERFLOW, _EXP_UNDERFLOW = 7.09782712893383973096e02, -7.45133219101941108420e02


@numba.njit(inline="always")
def exp_near_zero(x):
    """e**x for |x| <= :data:`HALF_LN2` (NaN gives NaN), as :func:`exp` gives it there; branch-free, so
    that a loop of it is vectorised (compiled with ``error_model="numpy"``)."""
    t = x * x
    c = x - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    return 1.0 - ((x * c) / (c - 2.0) - x)


@numba.njit(cache=True, error_model="numpy")
def exp(x):
    """e**x by fdlibm's method, the same to the bit on every machine (within 1 ulp of the exact value):
    x = k ln2 + r with |r| <= ln2/2, a rational approximation of e**r, times 2**k."""
    if not abs(x) > HALF_LN2:  # NaN too
        return exp_near_zero(x)
    if x > _EXP_OVERFLOW:
        return math.inf
    if x < _EXP_UNDERFLOW:
        return 0.0
    k = int(x * _INV_LN2 + (0.5 if x > 0.0 else -0.5))  # the nearest whole number, half away from zero
    hi = x - k * _LN2_HI  # exact: LN2_HI has its last bits zero
    lo = k * _LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    return math.ldexp(1.0 - ((lo - (r * c) / (2.0 - c)) - hi), k)


@numba.njit(cache=True, error_model="numpy")
def exp_each(x):
    """:func:`exp` of each entry of the array ``x``, a new array of its shape."""
    out = np.empty(x.shape)
    flat, values = out.reshape(-1), np.ascontiguousarray(x).reshape(-1)
    for i in range(values.shape[0]):
        flat[i] = exp(values[i])
    return out


@numba.njit(cache=True)
def active_sum(values, active):
    """The sum of ``values`` where ``active``, added in their order from 0.0."""
    total = 0.0
    for o in range(values.shape[0]):
        if active[o]:
            total += values[o]
    return total


@functools.cache
def share_per_step(rate: float, dt: float) -> float:
    """Share of a gap closed in one step of ``dt`` years at ``rate`` per year: 1 - exp(-rate dt).

    Cached: the rates are constants, so each model computes each share once, not every step.
    """
    return share_per_step_rule(rate, dt)


@numba.njit(cache=True)
def share_per_step_rule(rate, dt):
    """:func:`share_per_step`, compiled (the month's compiled calls compute their shares with it)."""
    return 1.0 - exp(-rate * dt)


@functools.cache
def shares_per_step(dt: float, *rates: float) -> tuple[float, ...]:
    """:func:`share_per_step` of each of ``rates``, in one cached look-up (a submodel's month needs several)."""
    return tuple(share_per_step(rate, dt) for rate in rates)


@functools.cache
def decay_per_step(rate: float, dt: float) -> float:
    """What remains after one step of ``dt`` years of decay at ``rate`` per year: exp(-rate dt) (cached)."""
    return decay_per_step_rule(rate, dt)


@numba.njit(cache=True)
def decay_per_step_rule(rate, dt):
    """:func:`decay_per_step`, compiled (the month's joint work ages the records with it)."""
    return exp(-rate * dt)


def decide_attendance(
    rng: np.random.Generator,
    spare_time: np.ndarray,
    allowed: np.ndarray,
    willingness: np.ndarray,
    present: np.ndarray,
) -> np.ndarray:
    """Who comes to a meeting: time outside the core task x what the board allows x willingness."""
    p = np.minimum(np.maximum(spare_time * allowed * willingness * ATTENDANCE_FACTOR, 0.0), ATTENDANCE_CAP)
    return present & (rng.random(p.shape[0]) < p)


def planned_spare_time(spare_time: np.ndarray, gp: np.ndarray) -> np.ndarray:
    """Spare time for a meeting planned when GPs can come: GPs have little time, and a meeting at
    the end of the afternoon or early evening lifts theirs by ``GP_TIMING`` of its gap to 1 (002 les 4)."""
    return np.where(gp, toward_one(spare_time, GP_TIMING), spare_time)


def time_allowed(
    board: np.ndarray,
    capacity: np.ndarray,
    commitment: np.ndarray,
    motivation: np.ndarray,
    subsidy_dependent: np.ndarray,
    integrated_funding: float,
) -> np.ndarray:
    """Time and means a professional may spend on cross-domain work (per professional).

    Board support and the professional's own motivation weigh alike (``BOARD_WEIGHT``), so a
    motivated work floor goes on after a board "no", with less room (003 ch.4; 000).
    Sectoral subsidies pull subsidy-dependent organisations back to
    their own course unless funders reward integral work (003 ch.4-5). A reorganisation
    lowers capacity (003 ch.3.2, ch.5).
    """
    permission = BOARD_WEIGHT * board + (1.0 - BOARD_WEIGHT) * motivation
    pull = SECTORAL_PULL * (1.0 - integrated_funding) * subsidy_dependent
    return capacity * permission * (1.0 - pull) * (COMMITMENT_ROOM_BASE + (1.0 - COMMITMENT_ROOM_BASE) * commitment)


def willingness(urgency: float, motivation: np.ndarray) -> np.ndarray:
    """Willingness to invest time in cross-domain contact: felt urgency and motivation (003 ch.5)."""
    return URGENCY_WEIGHT * urgency + (1.0 - URGENCY_WEIGHT) * motivation


def tie_friction(
    status_gap: np.ndarray,
    culture_gap: np.ndarray,
    hierarchy: float,
    equality_attention: float,
    language: float = 0.0,
) -> np.ndarray:
    """Multiplier in [0, 1] on trust growth between two professionals.

    Trust grows more slowly across status differences (hierarchy, 003 ch.5), softened by
    attention to equality (a skilled kartrekker), and across working cultures (002 les 2),
    softened as far as the network has a common ``language`` (003 ch.3.3.2, ch.5).
    """
    return status_brake(status_gap, hierarchy, equality_attention) * culture_brake(culture_gap, language)


def status_brake(status_gap: np.ndarray, hierarchy: float, equality_attention: float) -> np.ndarray:
    """Slower trust across status differences, softened by attention to equality (003 ch.5)."""
    return exp_each(-HIERARCHY_BRAKE * hierarchy * status_gap * (1.0 - EQUALITY_SOFTENING * equality_attention))


def culture_brake(culture_gap: np.ndarray, language: float) -> np.ndarray:
    """Slower trust across working cultures (002 les 2), less so with a common language (003 ch.5)."""
    return 1.0 - CULTURE_BRAKE * (1.0 - language) * culture_gap


def grow_common_language(language: float, shared_vision: float, attendance_share: float) -> float:
    """A joint meeting builds a common language, as far as partners attend to a joint ambition.

    Working out a joint ambition builds a common language at the same time (001; 002 les 2;
    003 ch.5 *kennisdeling*); ``attendance_share`` is the share of present professionals there.
    """
    return language + LANGUAGE_GAIN * shared_vision * attendance_share * (1.0 - language)


def lose_common_language(language: float, records: float, present: int) -> float:
    """A leaver takes her share of the common language, except what recorded agreements keep (004)."""
    return language_loss_rule(language, records, present)


@numba.njit(cache=True)
def language_loss_rule(language, records, present):
    """ODD s.7.10: :func:`lose_common_language`, compiled (it has no constants; the turnover kernels call it)."""
    return language * (1.0 - (1.0 - records) / max(1, present))


def connector_boost(connector: np.ndarray) -> np.ndarray:
    """Pairwise multiplier: connectors build cross-domain trust faster (003 ch.5; 000)."""
    c = connector.astype(float)
    return 1.0 + CONNECTOR_BOOST * (c[:, None] + c[None, :])


def grow_trust_in_meeting(W: np.ndarray, attendees: np.ndarray, gain: np.ndarray) -> None:
    """Every pair of attendees gains trust ``gain[i, j] * (1 - W)`` (002 les 1; 004)."""
    idx = attendees.nonzero()[0]
    if idx.size < 2:
        return
    sub = idx[:, None], idx  # the attendees' block, as np.ix_(idx, idx)
    block = W[sub]
    block += gain[sub] * (1.0 - block)
    block.ravel()[:: idx.size + 1] = 0.0  # its diagonal: nobody gains trust in herself
    W[sub] = block


def decay_ties(W: np.ndarray, contact: np.ndarray, dt: float) -> None:
    """Ties without contact in the step fade (004: the network needs continuous investment).

    Established trust fades more slowly than a fresh acquaintance: the rate falls with ``W``.
    """
    factor = exp_each((1.0 - TIE_PERSISTENCE * W) * (-TIE_DECAY * dt))
    np.copyto(factor, 1.0, where=contact)  # ties with contact keep their trust
    W *= factor


def learn_other_domains(knowledge: np.ndarray, learners: np.ndarray, gain: float) -> None:
    """Knowing what other domains offer grows with contact (003 ch.5; 004 neighbourhood walks)."""
    knowledge[learners] += gain * (1.0 - knowledge[learners])


def forget_other_domains(knowledge: np.ndarray, floor: float, dt: float) -> None:
    """Knowledge of others' offer goes out of date without contact (offers and people change)."""
    knowledge -= np.maximum(knowledge - floor, 0.0) * share_per_step(KNOWLEDGE_FORGETTING, dt)


def update_urgency(urgency: float, initial: float, visible_success: float, dt: float) -> float:
    """Perceived urgency fades towards a floor unless refreshed by visible results (003 ch.3.2, ch.5)."""
    return urgency_rule(urgency, initial, visible_success, dt, URGENCY_FLOOR, URGENCY_FADE, URGENCY_REFRESH)


@numba.njit(cache=True)
def urgency_rule(urgency, initial, visible_success, dt, urgency_floor, urgency_fade, urgency_refresh):
    """ODD s.7.9: :func:`update_urgency`, compiled, with its constants given."""
    floor = urgency_floor * initial
    fade = urgency_fade * (urgency - floor)
    refresh = urgency_refresh * visible_success * (1.0 - urgency)
    return min(1.0, max(0.0, urgency + dt * (refresh - fade)))


def update_commitment(
    commitment: np.ndarray, board: np.ndarray, benefit: np.ndarray, cost: np.ndarray, dt: float
) -> np.ndarray:
    """A partner's commitment follows its perceived benefit minus cost (mutual benefit, 001).

    Board support anchors it (003 ch.4-5); it relaxes with a time constant of about a year.
    """
    target = np.minimum(np.maximum(BOARD_ANCHOR * board + benefit - cost, 0.0), 1.0)
    return commitment + share_per_step(COMMITMENT_RATE, dt) * (target - commitment)


def partner_benefit(urgency: float, visible_success: np.ndarray, resident_involvement: float) -> np.ndarray:
    """What taking part brings an organisation: felt urgency, its own visible results, residents' voice.

    Each party weighs its own gain; the gains differ (001 *gezamenlijk voordeel*; 003 ch.4
    *eigen belang*). ``visible_success`` is the organisation's own (its clients' needs referred).
    """
    return BENEFIT_URGENCY * urgency + BENEFIT_SUCCESS * visible_success + BENEFIT_RESIDENTS * resident_involvement


def update_closeness(
    closeness: np.ndarray, cross_needs: np.ndarray, needs: np.ndarray, received: np.ndarray, smoothing: float
) -> np.ndarray:
    """How close the joint work lies to each organisation's regular work, smoothed: the share of the
    needs its staff handle (seen first, or referred to them) that cross domains, the needs the network
    is for; unchanged in a month in which it handles none."""
    handled = needs + received
    share = (cross_needs + received) / np.maximum(1.0, handled)
    return closeness + smoothing * np.where(handled > 0, share - closeness, 0.0)


def cofinancing_charge(cofinancing: float, active: np.ndarray, closeness: np.ndarray) -> np.ndarray:
    """The co-financed share as a charge on each partner's own budget, lighter the closer the joint
    work lies to its regular work (003 ch.5 *financieel commitment*, l.2818-2822)."""
    return cofinancing * active * (1.0 - CLOSENESS_RELIEF * closeness)


def partner_cost(means: float, pull: np.ndarray, charge: np.ndarray) -> np.ndarray:
    """What taking part costs an organisation: work nobody pays or does of their own accord
    (``means``), the pull of its own sector, and the share of the costs it pays from its own
    budget (co-financing, 003 ch.5 *financieel commitment*)."""
    return COST_BUDGET * (1.0 - means) + COST_PULL * pull + COST_CHARGE * charge


def drift_board(
    board: np.ndarray, stance: np.ndarray, visible_success: np.ndarray, lobbying: float, dt: float
) -> np.ndarray:
    """Board support drifts with results around the board's own stance (003 ch.3.1: a yes at the
    start is not a yes later; ch.4), and a kartrekker working at board level wins support (002 les 3).

    Results above ``MOTIVATION_TARGET`` raise it, below lower it; ``lobbying`` is the
    kartrekker team's effectiveness (0 without one).
    """
    target = stance + BOARD_RESULTS * (visible_success - MOTIVATION_TARGET) + BOARD_LOBBY * lobbying * (1.0 - stance)
    target = np.minimum(np.maximum(target, 0.0), 1.0)
    return board + share_per_step(BOARD_DRIFT, dt) * (target - board)


def partner_patience(formalisation: float) -> float:
    """Years a partner stays while taking part does not pay; covenants bind it longer (003 ch.3.3; ch.5)."""
    return patience_rule(formalisation, PARTNER_PATIENCE, FORMALISATION_BINDING)


@numba.njit(cache=True)
def patience_rule(formalisation, partner_patience, formalisation_binding):
    """ODD s.7.9a: :func:`partner_patience`, compiled, with its constants given."""
    return partner_patience * (1.0 + formalisation_binding * formalisation)


def join_probability(visible_success: float, commitment: np.ndarray, dt: float) -> np.ndarray:
    """Chance in a step that an organisation outside the network joins: visible success draws
    partners in (003 ch.4-5 *vier je successen*; ch.3.3.5 Zwolle), as far as it sees a gain."""
    return 1.0 - exp_each(-JOIN_RATE * visible_success * commitment * dt)


@numba.njit(cache=True)
def join_probability_rule(visible_success, commitment, dt, join_rate):
    """ODD s.7.9a: :func:`join_probability` of one organisation's ``commitment``, compiled, with JOIN_RATE
    given (the same operations in the same order)."""
    return 1.0 - exp(-join_rate * visible_success * commitment * dt)


def continuation_parts(
    cofinancing: float,
    shared_savings: float,
    integrated_funding: float,
    mean_commitment: float,
    avoided_care_per_year: float,
    cost_per_year: float,
    partner_share: float = 1.0,
) -> tuple[float, float, float]:
    """Shares of the collaboration's costs each source carries once project money has ended (003 ch.4-5).

    Co-financing is paid by committed partners (003 ch.5, financial commitment), those still
    taking part (``partner_share``: the share of posts in organisations taking part). Shared
    savings return the agreed share of the care costs the network avoided (EUR per year,
    smoothed: they flow only after referrals have succeeded, so someone must invest first),
    as a share of the collaboration's full yearly cost, at most all of it; 003 ch.3.1 counts
    on them to continue without project money, as an experiment in 2 of 13 municipalities.
    Funders that reward integral work carry part (003 ch.4-5).
    Returns (co-financing, shared savings, integrated funding).
    """
    return continuation_parts_rule(
        cofinancing, shared_savings, integrated_funding, mean_commitment, avoided_care_per_year, cost_per_year,
        partner_share, COFINANCING_BASE, INTEGRATED_FUNDING_SHARE,
    )  # fmt: skip


@numba.njit(cache=True)
def continuation_parts_rule(
    cofinancing, shared_savings, integrated_funding, mean_commitment, avoided_care_per_year, cost_per_year,
    partner_share, cofinancing_base, integrated_funding_share,
):  # fmt: skip
    """ODD s.7.3: :func:`continuation_parts`, compiled, with its constants given."""
    cofinanced = cofinancing * partner_share * (cofinancing_base + mean_commitment)
    returned = shared_savings * avoided_care_per_year
    if cost_per_year > 0.0:
        savings = min(1.0, returned / cost_per_year)
    else:
        savings = 1.0 if returned > 0.0 else 0.0
    return cofinanced, savings, integrated_funding_share * integrated_funding


def continuation_budget(
    cofinancing: float,
    shared_savings: float,
    integrated_funding: float,
    mean_commitment: float,
    avoided_care_per_year: float,
    cost_per_year: float,
    partner_share: float = 1.0,
) -> float:
    """Share of the collaboration's costs covered once project money has ended: the parts, at most 1.

    See :func:`continuation_parts` (003 ch.3.1, ch.4-5).
    """
    return covered(
        continuation_parts(
            cofinancing, shared_savings, integrated_funding, mean_commitment, avoided_care_per_year, cost_per_year,
            partner_share,
        )
    )


@numba.njit(cache=True)
def covered(parts: tuple[float, float, float]) -> float:
    """ODD s.7.3: the share of the costs that the continuation parts cover together, at most all of
    it (compiled: the kernels call it too)."""
    return min(1.0, continuation_total(parts))


@numba.njit(cache=True)
def continuation_total(parts: tuple[float, float, float]) -> float:
    """ODD s.7.3, s.7.13: the continuation's three parts added up, in their order (compiled: the kernels
    call it too)."""
    return parts[0] + parts[1] + parts[2]


def own_means(budget: float, motivation: float) -> float:
    """Means for the joint work: what is paid, plus what motivated professionals do in their own time.

    A network can run on its partners' own means and its professionals' motivation (004
    *wijkwandeling*, *eigen eilandjes*: the co-leader takes the time herself); the barrier is
    mostly staff's own motivation and the room they take (000). ``motivation``: the mean of
    the partners' present staff.
    """
    return own_means_rule(budget, motivation, OWN_TIME)


@numba.njit(cache=True)
def own_means_rule(budget, motivation, own_time):
    """ODD s.7.3: :func:`own_means`, compiled, with its constant given."""
    return budget + (1.0 - budget) * own_time * motivation


def takeover_hazard(records: float, motivation: float, means: float) -> float:
    """Rate (1/yr) at which a motivated connector takes over a vacant kartrekker role without project money.

    Someone steps into the role where it is written into agreements (``records``) or where a
    motivated professional takes the room herself (004 *eigen eilandjes*: the co-leader's role
    is not in her job description; *wijkwandeling*: own ownership keeps the network active),
    as far as the means, paid or in own time, let her carry it (002 les 3: someone must own
    the process; 003 ch.5 connectors). ``motivation``: the mean of the partners' present staff.
    """
    room = records + (1.0 - records) * OWN_TIME * motivation
    return TAKEOVER_RATE * room * (TAKEOVER_UNPAID_SHARE + (1.0 - TAKEOVER_UNPAID_SHARE) * means)


def handover_ties(predecessor_row: np.ndarray, records: float) -> np.ndarray:
    """Ties a successor inherits: only what recorded agreements hand over (004; 002 tips)."""
    return predecessor_row * (HANDOVER_SHARE * records)


def role_clarity(need_domain: np.ndarray, records: float) -> np.ndarray:
    """How clear it is what the domain of each need offers: public health's role in the
    neighbourhood is unclear to other professionals unless tasks are agreed and written down
    (002 les 6; 003 ch.3.3.5). 1 for the other domains."""
    clarity = np.ones(len(DOMAINS))
    clarity[PUBLIC_HEALTH] = public_health_clarity(records)
    return clarity[need_domain]


def public_health_clarity(records: float) -> float:
    """:func:`role_clarity` of a public-health need: clearer as tasks are recorded (002 les 6)."""
    return public_health_clarity_rule(records, GGD_ROLE_CLARITY)


@numba.njit(cache=True)
def public_health_clarity_rule(records: float, ggd_role_clarity: float) -> float:
    """ODD s.7.7: :func:`public_health_clarity` given ``GGD_ROLE_CLARITY`` (the one definition; the
    referrals' kernel calls it)."""
    return ggd_role_clarity + (1.0 - ggd_role_clarity) * records


def route_needs(
    rng: np.random.Generator,
    need_domain: np.ndarray,
    contact_domain: np.ndarray,
    knowledge: np.ndarray,
    tie: np.ndarray,
    resident_trust: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each presented need reaches the domain that can help.

    Per need: the domain it belongs to, the domain of the professional who sees it first,
    that professional's ``knowledge`` of other domains and strongest ``tie`` into the
    need's domain, and the resident's trust. A need presented in its own domain is met
    there. Otherwise the professional must recognise it (knowledge, 003 ch.5) and know
    someone there (a working tie, 004: the GP refers money problems to the social team);
    the resident must follow (trust, 003 ch.3.1). Returns (reached, referred) boolean arrays.
    """
    same = need_domain == contact_domain
    p_refer = knowledge * np.minimum(1.0, tie / WORKING_TIE)
    u = rng.random((2, need_domain.shape[0]))
    follows = u[0] < FOLLOW_BASE + (1.0 - FOLLOW_BASE) * resident_trust
    referred = ~same & (u[1] < p_refer) & follows
    return same | referred, referred


def session_attendance(allowed: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Chance of coming to a working session: high for everyone present, since a session brings
    many professionals together once (002 les 1); the time a professional is allowed still counts
    a little (``WORKING_SESSION_ROOM_WEIGHT``)."""
    room = 1.0 - WORKING_SESSION_ROOM_WEIGHT + WORKING_SESSION_ROOM_WEIGHT * np.clip(allowed, 0.0, 1.0)
    return np.where(present, WORKING_SESSION_ATTENDANCE * room, 0.0)


def toward_one(level: float | np.ndarray, share: float) -> float | np.ndarray:
    """``level`` raised by ``share`` of its gap to 1 (a map of the problem, 003 ch.3.2)."""
    return level + share * (1.0 - level)


def interruption_end(year: float, records: float) -> float:
    """Year an organisation's interruption ends when its representative leaves: longer the less
    is recorded (003 ch.3.3.4: changes of people cause interruption and standstill; ch.5)."""
    return interruption_end_rule(year, records, INTERRUPTION_YEARS, RECORDS_SHORTENING)


@numba.njit(cache=True)
def interruption_end_rule(year, records, interruption_years, records_shortening):
    """ODD s.7.10: :func:`interruption_end`, compiled, with its constants given (the turnover kernel calls it)."""
    return year + interruption_years * (1.0 - records_shortening * records)


def standstill(interrupted_share: float) -> float:
    """Factor on the meeting pace while a share of the partners is interrupted (003 ch.3.3.4)."""
    return standstill_rule(interrupted_share, STANDSTILL)


@numba.njit(cache=True)
def standstill_rule(interrupted_share, standstill):
    """ODD s.7.6: :func:`standstill`, compiled, with its constant given (STANDSTILL; the meetings kernel calls it)."""
    return 1.0 - standstill * interrupted_share


# --- a run's constant set ---------------------------------------------------------------


def calibratable() -> tuple[str, ...]:
    """The scalar constants a constant set may replace: every one this module reads.

    Not the per-domain shares (a vector on the simplex), nor the constants of euros and hours
    that reach the model through a scenario's ``[costs]`` table (``scenario.Costs``).
    """
    return tuple(
        name
        for name, c in CONSTANTS.items()
        if isinstance(c.value, float) and name in globals() and name not in COSTS_TABLE
    )


#: the key of a run's model parameters that holds its constant set ({NAME: value})
CONSTANT_SET = "constants"
#: constants that are the defaults of a scenario's [costs] table (set there, not here)
COSTS_TABLE = ("KARTREKKER_FTE", "FTE_COST_EUR", "MEETING_HOURS", "AVOIDED_CARE_EUR")


@functools.cache
def _record_type() -> np.dtype:
    """A field of float64 for each scalar constant of the registry that this module reads."""
    names = [name for name, c in CONSTANTS.items() if isinstance(c.value, float) and name in globals()]
    return np.dtype([(name, np.float64) for name in names])


def constants_record() -> np.ndarray:
    """This module's scalar constants now (a constant set's values while one is in place) as one NumPy
    record, a structured array of one row with a field per constant: compiled code takes them in one
    argument and reads each by its name (``k = constants[0]``, ``k.TIE_DECAY``). Its type names every
    field, so a kernel compiled for one registry is never used with another's. Made once per constant
    set (:func:`constant_set` drops it)."""
    global _RECORD
    if _RECORD is None:
        record_type = _record_type()
        _RECORD = np.array([tuple(globals()[name] for name in record_type.names)], record_type)
    return _RECORD


_RECORD: np.ndarray | None = None


@contextlib.contextmanager
def constant_set(values: Mapping[str, float]) -> Iterator[None]:
    """Run with ``values`` in place of the registry's values of these constants (a calibration's
    constant set, ODD s.7.12), then put the registry's values back.

    Process-wide: the mechanisms read the constants of this module when called, so one run at
    a time per process (as every evaluator backend runs them).
    """
    allowed = calibratable()
    unknown = [name for name in values if name not in allowed]
    if unknown:
        raise KeyError(f"{unknown[0]} is not a constant a constant set may replace")
    module = globals()
    saved = {name: module[name] for name in values}
    module.update({name: float(v) for name, v in values.items()})
    module["_RECORD"] = None  # constants_record: made again from the set's values
    try:
        yield
    finally:
        module.update(saved)
        module["_RECORD"] = None
