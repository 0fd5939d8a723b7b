"""ODD s.7.6 (and the introductions of s.7.5): joint meetings and brokered introductions across domains.

Sources: 003 ch.5 (knowledge exchange, equality despite hierarchy), 004 (the network's meetings),
002 les 3 and 5 (a kartrekker connects; residents make the work relevant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def hold(model: CollaborationModel) -> None:
    """A kartrekker organises ``knowledge_exchange`` meetings a year; without one, committed partners hold a few.

    A kartrekker plans them at a time that suits GPs (002 les 4). Means (budget) and detailed
    covenants at the start (formalisation, 003 ch.3.3) slow the pace, and so do partners
    interrupted by a change of representatives (003 ch.3.3.4; s.7.10).

    The chance to attend (:func:`collabsim.mechanisms.decide_attendance`) does not change within
    the month. One compiled call, :func:`_hold_month`, draws the month's count of meetings from the
    model's stream ``meet`` (:attr:`CollaborationModel.held`) and holds them.
    """
    staff, orgs = model.staff, model.orgs
    active = model.kartrekker_active
    organiser = 1.0 if active else mech.SELF_ORGANISED_SHARE * model.mean_commitment
    spare = staff.planned_spare if active else staff.spare  # a kartrekker plans when GPs can come (002 les 4)
    tally = model.tally
    n_meetings, model.language, model.urgency = _hold_month(
        model.held, model.knowledge_exchange, organiser, model.budget_factor, model.formalisation, model.year,
        model.dt, orgs.active, orgs.interrupted_until, mech.FORMALISATION_SLOWDOWN, mech.FORMALISATION_DELAY,
        mech.STANDSTILL,
        spare, model.allowed, model.willing, staff.present, staff.trust, staff.connector_pairs,
        status_brake(model, active), staff.culture_gap, staff.knowledge, tally.contact, tally.attended,
        mech.ATTENDANCE_FACTOR, mech.ATTENDANCE_CAP, mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE, mech.KNOWLEDGE_GAIN,
        mech.RESIDENT_KNOWLEDGE_FACTOR, mech.LANGUAGE_GAIN, mech.RESIDENT_URGENCY_GAIN,
        model.resident_involvement, model.shared_vision, model.language, model.urgency,
    )  # fmt: skip
    tally.meetings += n_meetings


@numba.njit(cache=True)
def _hold_month(
    streams, knowledge_exchange, organiser, budget_factor, formalisation, year, dt, active, interrupted_until,
    slowdown, delay, standstill,
    spare, allowed, willing, present, trust, connector_pairs, status_brake, culture_gap, knowledge, contact, attended,
    attendance_factor, attendance_cap, tie_gain, culture_brake, knowledge_gain, resident_knowledge_factor,
    language_gain, urgency_gain, resident_involvement, shared_vision, language, urgency,
):  # fmt: skip
    """ODD s.7.6's month, drawn from ``streams.rng_meet``: the count of meetings, a Poisson of
    :func:`_expected_meetings`' mean; then, if any, each meeting's ``random(n)`` (who comes) and
    ``random()`` (whether residents come, :func:`meet`), the month's in one draw,
    ``random(n_meetings * (n + 1))`` (the same numbers in the same order), held by :func:`_hold`.
    Returns the count of meetings, the common language and the urgency after them."""
    expected = _expected_meetings(knowledge_exchange, organiser, budget_factor, formalisation, year, dt, active,
                                  interrupted_until, slowdown, delay, standstill)  # fmt: skip
    n_meetings = streams.rng_meet.poisson(expected)
    if n_meetings:
        language, urgency = _hold(
            streams.rng_meet.random(n_meetings * (present.shape[0] + 1)), spare, allowed, willing, present, trust,
            connector_pairs, status_brake, culture_gap, knowledge, contact, attended, attendance_factor,
            attendance_cap, tie_gain, culture_brake, knowledge_gain, resident_knowledge_factor, language_gain,
            urgency_gain, resident_involvement, shared_vision, language, urgency,
        )  # fmt: skip
    return n_meetings, language, urgency


@numba.njit(cache=True)
def _expected_meetings(knowledge_exchange, organiser, budget_factor, formalisation, year, dt, active,
                       interrupted_until, slowdown, delay, standstill):  # fmt: skip
    """ODD s.7.6: the month's expected count of meetings, ``rate * dt``, with ``rate = knowledge_exchange
    * organiser * budget_factor * start_pace * standstill``: the pace ``1 - slowdown * formalisation``
    (FORMALISATION_SLOWDOWN) before year ``delay * formalisation`` (FORMALISATION_DELAY), else 1; the
    standstill of :func:`collabsim.mechanisms.standstill` (``standstill`` = STANDSTILL) at the
    :func:`interrupted_share` (the operations in the order of the Python it replaced)."""
    start_pace = 1.0 - slowdown * formalisation if year < delay * formalisation else 1.0
    factor = mech.standstill_rule(_interrupted_share(active, interrupted_until, year), standstill)
    rate = knowledge_exchange * organiser * budget_factor * start_pace * factor
    return rate * dt


@numba.njit(cache=True)
def _hold(draws, spare, allowed, willing, present, trust, connector_pairs, status_brake, culture_gap, knowledge,
          contact, attended, attendance_factor, attendance_cap, tie_gain, culture_brake, knowledge_gain,
          resident_knowledge_factor, language_gain, urgency_gain, resident_involvement, shared_vision, language,
          urgency):  # fmt: skip
    """A month's joint meetings (ODD s.7.6), given their draws, in place; returns the common language
    and the urgency after them.

    ``draws`` holds each meeting's ``n + 1`` numbers: ``n`` for who comes (``present & (u < p)``, with
    ``p`` the chance of :func:`attendance_chance`), then one for whether residents come (``<
    resident_involvement``). Each meeting is :func:`meet`: :func:`_meet` with the culture brake at the
    common language then (``culture_brake`` = CULTURE_BRAKE) and the knowledge gain (KNOWLEDGE_GAIN,
    times RESIDENT_KNOWLEDGE_FACTOR with residents); the common language grows as
    :func:`collabsim.mechanisms.grow_common_language` with the share of present professionals there;
    with residents, urgency grows by ``urgency_gain * (1 - urgency)`` (RESIDENT_URGENCY_GAIN). Every
    operation in the order of the Python it replaces.
    """
    n = present.shape[0]
    p = np.empty(n)
    n_present = 0
    for i in range(n):
        chance = spare[i] * allowed[i] * willing[i] * attendance_factor
        if chance < 0.0:  # np.maximum(p, 0.0) (a NaN stays)
            chance = 0.0
        if chance > attendance_cap:  # np.minimum(p, cap)
            chance = attendance_cap
        p[i] = chance
        if present[i]:
            n_present += 1
    attendees = np.empty(n, np.bool_)
    for start in range(0, draws.shape[0], n + 1):
        for i in range(n):
            attendees[i] = present[i] and draws[start + i] < p[i]
        with_residents = draws[start + n] < resident_involvement
        gain = knowledge_gain * (resident_knowledge_factor if with_residents else 1.0)
        m = _meet(attendees, trust, connector_pairs, status_brake, culture_gap, knowledge, contact, attended,
                  tie_gain, culture_brake * (1.0 - language), gain)  # fmt: skip
        share = m / max(1, n_present)
        language = language + language_gain * shared_vision * share * (1.0 - language)
        if with_residents:
            urgency += urgency_gain * (1.0 - urgency)
    return language, urgency


def attendance_chance(spare_time: np.ndarray, allowed: np.ndarray, willingness: np.ndarray) -> np.ndarray:
    """Each professional's chance to come to a meeting, as :func:`collabsim.mechanisms.decide_attendance`
    computes it (time outside the core task x what the board allows x willingness, capped)."""
    p = spare_time * allowed
    p *= willingness
    p *= mech.ATTENDANCE_FACTOR
    np.maximum(p, 0.0, out=p)
    return np.minimum(p, mech.ATTENDANCE_CAP, out=p)


def meet(model: CollaborationModel, attendees: np.ndarray, active: bool, rng: np.random.Generator) -> None:
    """One joint meeting of ``attendees``: trust, common language and knowledge grow; residents may come.

    One kernel, :func:`_meet`, applies the trust gains (with the friction: the cached status brake,
    :func:`status_brake`, times the culture brake at the common language now), the learning and the
    tally's contacts and attendance; the common language, urgency and the count stay in Python.
    """
    staff, tally = model.staff, model.tally
    with_residents = rng.random() < model.resident_involvement
    k_gain = mech.KNOWLEDGE_GAIN * (mech.RESIDENT_KNOWLEDGE_FACTOR if with_residents else 1.0)
    n_attending = _meet(
        attendees, staff.trust, staff.connector_pairs, status_brake(model, active), staff.culture_gap,
        staff.knowledge, tally.contact, tally.attended,
        mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE * (1.0 - model.language), k_gain,
    )  # fmt: skip
    share = n_attending / max(1, int(np.count_nonzero(staff.present)))
    model.language = mech.grow_common_language(model.language, model.shared_vision, share)
    if with_residents:  # residents make the work relevant (002 les 5)
        model.urgency += mech.RESIDENT_URGENCY_GAIN * (1.0 - model.urgency)
    tally.meetings += 1


@numba.njit(cache=True)
def _meet(attendees, trust, connector_pairs, status_brake, culture_gap, knowledge, contact, attended,
          tie_gain, culture_brake, knowledge_gain):  # fmt: skip
    """One joint meeting (ODD s.7.6) of ``attendees``, in place; returns how many attended.

    Every pair of attendees gains trust ``gain * (1 - trust)``, with ``gain = tie_gain *
    connector_pairs * (status_brake * (1 - culture_brake * culture_gap))`` (TIE_GAIN_MEETING; the
    friction of :func:`friction`, ``culture_brake`` = CULTURE_BRAKE * (1 - language)); nobody gains
    trust in herself (the diagonal is set to 0), as :func:`collabsim.mechanisms.grow_trust_in_meeting`
    does with at least two attendees. Every attendee learns as
    :func:`collabsim.mechanisms.learn_other_domains`, is marked as contact of every attendee (herself
    too) and counts one meeting attended.
    """
    met = attendees.nonzero()[0]
    m = met.shape[0]
    if m >= 2:
        for x in range(m):
            a = met[x]
            for y in range(m):
                b = met[y]
                if a == b:
                    trust[a, b] = 0.0
                else:
                    friction = status_brake[a, b] * (1.0 - culture_brake * culture_gap[a, b])
                    gain = tie_gain * connector_pairs[a, b] * friction
                    t = trust[a, b]
                    trust[a, b] = t + gain * (1.0 - t)
    for x in range(m):
        a = met[x]
        knowledge[a] += knowledge_gain * (1.0 - knowledge[a])
        for y in range(m):
            contact[a, met[y]] = True
        attended[a] += 1.0
    return m


def interrupted_share(model: CollaborationModel) -> float:
    """Share of the partners taking part whose work is interrupted now (s.7.10)."""
    orgs = model.orgs
    return _interrupted_share(orgs.active, orgs.interrupted_until, model.year)


@numba.njit(cache=True)
def _interrupted_share(active, interrupted_until, year):
    """ODD s.7.6: the share of the organisations taking part (``active``) interrupted after ``year`` (0 if none)."""
    taking_part = interrupted = 0
    for k in range(active.shape[0]):
        if active[k]:
            taking_part += 1
            if interrupted_until[k] > year:
                interrupted += 1
    if taking_part == 0:
        return 0.0
    return interrupted / taking_part


def status_brake(model: CollaborationModel, attended: bool) -> np.ndarray:
    """The pairwise status brake (:func:`collabsim.mechanisms.status_brake`), cached per
    case: with a kartrekker there (``attended``) her attention to equality softens hierarchy."""
    cache = model.friction_cache
    if attended not in cache:
        attention = model.kartrekker_skill if attended else 0.0
        cache[attended] = mech.status_brake(model.staff.status_gap, model.hierarchy, attention)
    return cache[attended]


def friction(model: CollaborationModel, attended: bool) -> np.ndarray:
    """Pairwise trust friction: status (cached per case; a kartrekker's attention to equality
    softens hierarchy) times working culture (softened by the common language now)."""
    return status_brake(model, attended) * mech.culture_brake(model.staff.culture_gap, model.language)


def introduce(model: CollaborationModel, n: int, equality_attention: float) -> None:
    """Broker ``n`` introductions, each between a professional and a weakly tied one of another domain
    (ODD s.7.5, *Introductions*; 003 ch.5, 002 les 3).

    Every random number is NumPy's, from ``model.rng_meet`` (the same draws, in the same order and
    sizes, as the numpy version before the kernels), drawn in compiled code
    (:func:`_introductions`, from :attr:`CollaborationModel.held`): who is introduced
    (``random(n)``), then the random preference for weak ties (``random((n, staff.n))``), taken in one
    call, ``random(n * (staff.n + 1))``, the same numbers in the same order. Nobody is introduced, and
    nothing drawn, unless at least two present professionals work for partners (s.7.9a;
    :func:`_count_taking_part`). One kernel, :func:`_introduce`, picks the pairs as
    :func:`weakest_tie_partners` does (:func:`_pick_partners`), then applies the trust gains one
    pair after another with the friction of :func:`collabsim.mechanisms.tie_friction`, the tallies
    and the learning (:func:`_introduce_pairs`). The friction's status brake is computed once per
    case (:func:`introduction_brake`). The constants reach the kernel as arguments, read from
    :mod:`collabsim.mechanisms` at each call, so a calibration's constant set acts on them.
    """
    _introductions(model.held, n, *_introduction_arguments(model, equality_attention))


def broker(model: CollaborationModel, expected: float, equality_attention: float) -> None:
    """A kartrekker's month of introductions (ODD s.7.5): their count, a Poisson of mean ``expected``
    from ``model.rng_meet``, then :func:`introduce`'s, in one compiled call (:func:`_broker`) on the
    model's arrays and streams (:attr:`CollaborationModel.held`)."""
    _broker(
        model.held, expected, introduction_brake(model, equality_attention),
        mech.CULTURE_BRAKE * (1.0 - model.language), mech.TIE_GAIN_INTRODUCTION,
        mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN,
    )  # fmt: skip


def _introduction_arguments(model: CollaborationModel, equality_attention: float) -> tuple:
    """What :func:`_introductions` takes after the streams and the count, in its order."""
    staff = model.staff
    return (
        staff.present, model.orgs.active, staff.org, staff.cross, staff.trust,
        introduction_brake(model, equality_attention), staff.culture_gap, mech.CULTURE_BRAKE * (1.0 - model.language),
        staff.connector_pairs, model.willing, staff.knowledge, model.tally.contact, model.tally.introduced,
        mech.TIE_GAIN_INTRODUCTION, mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN,
    )  # fmt: skip


@numba.njit(cache=True)
def _broker(held, expected, status_brake, culture_brake, tie_gain, knowledge_gain):
    """:func:`broker`: ``n`` a Poisson of mean ``expected`` from ``held.rng_meet``, then, if any,
    :func:`_introductions` on the model's arrays (``held``, :class:`collabsim.held.Held`)."""
    n = held.rng_meet.poisson(expected)
    if n:
        _introductions(held, n, held.present, held.active, held.org, held.cross, held.trust, status_brake,
                       held.culture_gap, culture_brake, held.connector_pairs, held.willing, held.knowledge,
                       held.contact, held.introduced, tie_gain, knowledge_gain)  # fmt: skip


@numba.njit(cache=True)
def _introductions(streams, n, present, active, org, cross, trust, status_brake, culture_gap, culture_brake,
                   connector_pairs, willing, knowledge, contact, introduced, tie_gain, knowledge_gain):  # fmt: skip
    """:func:`introduce`'s ``n`` introductions: nothing (and nothing drawn) unless at least two present
    professionals work for partners (:func:`_count_taking_part`); else their draws,
    ``random(n * (n_posts + 1))`` from ``streams.rng_meet``, handed to :func:`_introduce`."""
    if _count_taking_part(present, active, org) < 2:
        return
    _introduce(streams.rng_meet.random(n * (present.shape[0] + 1)), n, present, active, org, cross, trust, status_brake,
               culture_gap, culture_brake, connector_pairs, willing, knowledge, contact, introduced, tie_gain,
               knowledge_gain)  # fmt: skip


@numba.njit(cache=True)
def _count_taking_part(present, active, org):
    """How many present professionals work for partners taking part, ``(present & active[org]).sum()`` (s.7.9a)."""
    count = 0
    for i in range(present.shape[0]):
        if present[i] and active[org[i]]:
            count += 1
    return count


def introduction_brake(model: CollaborationModel, equality_attention: float) -> np.ndarray:
    """The pairwise status brake of an introduction by a kartrekker whose attention to equality is
    ``equality_attention`` (:func:`collabsim.mechanisms.status_brake`, on every pair).

    Cached in ``model.friction_cache`` per hierarchy, attention and constants (the status gaps do not
    change in a run). Each pair's value is the one ``status_brake`` gives for that pair alone:
    :func:`collabsim.mechanisms.exp_each` works element by element.
    """
    key = ("introduction", model.hierarchy, equality_attention, mech.HIERARCHY_BRAKE, mech.EQUALITY_SOFTENING)
    cache = model.friction_cache
    brake = cache.get(key)
    if brake is None:
        brake = cache[key] = mech.status_brake(model.staff.status_gap, model.hierarchy, equality_attention)
    return brake


def weakest_tie_partners(
    cross: np.ndarray, taking_part: np.ndarray, trust: np.ndarray, i: np.ndarray, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each introduced professional ``i`` (with her row of draws ``u``), whether she has a
    candidate, and whom she is introduced to: the present professional of another domain who
    maximises ``u - trust`` (a random preference for the weakest ties), the first on a tie (ODD
    s.7.5). (The numpy definition; :func:`_pick_partners` does the same per introduction.)"""
    candidate = cross.take(i, axis=0) & taking_part
    score = np.where(candidate, u - trust.take(i, axis=0), -np.inf)
    return candidate.any(axis=1), score.argmax(1)  # the argmax is a candidate if there is one


@numba.njit(cache=True)
def _introduce(draws, n, present, active, org, cross, trust, status_brake, culture_gap, culture_brake, connector_pairs,
               willing, knowledge, contact, introduced, tie_gain, knowledge_gain):  # fmt: skip
    """ODD s.7.5's ``n`` introductions, given their draws (see :func:`introduce`), in place: who takes
    part (``taking_part = present & active[org]``, and its posts in order), every pair picked first
    (:func:`_pick_partners`, from the trust before them, with ``who = draws[:n]`` and ``u =
    draws[n:]`` as an ``n x staff.n`` array), then introduced (:func:`_introduce_pairs`)."""
    n_posts = present.shape[0]
    taking_part = np.empty(n_posts, np.bool_)
    for i in range(n_posts):
        taking_part[i] = present[i] and active[org[i]]
    who, u = draws[:n], draws[n:].reshape((n, n_posts))
    pairs = np.empty((2, n), np.int64)
    m = _pick_partners(who, u, taking_part.nonzero()[0], taking_part, cross, trust, pairs)
    _introduce_pairs(pairs[:, :m], status_brake, culture_gap, culture_brake, trust, connector_pairs, willing,
                     knowledge, contact, introduced, tie_gain, knowledge_gain)  # fmt: skip


@numba.njit(cache=True)
def _pick_partners(who, u, present, taking_part, cross, trust, pairs):
    """The pairs (i, j) of the introductions, given their draws (``who``, ``u``; see :func:`introduce`).

    Per introduction: ``i = present[int(who * present.size)]``, and ``j`` as :func:`weakest_tie_partners`
    (the first maximum of ``u - trust`` over present professionals of another domain); one without
    a candidate is dropped. All read the trust as it was before this step's introductions. Writes
    the ``m`` pairs kept into ``pairs[0, :m]`` (i) and ``pairs[1, :m]`` (j); returns ``m``.
    """
    n, n_posts = u.shape
    m = 0
    for k in range(n):
        a = present[np.int64(who[k] * present.shape[0])]
        best, best_b = -np.inf, -1
        for b in range(n_posts):
            if cross[a, b] and taking_part[b]:
                score = u[k, b] - trust[a, b]
                if score > best:
                    best, best_b = score, b
        if best_b >= 0:
            pairs[0, m], pairs[1, m] = a, best_b
            m += 1
    return m


@numba.njit(cache=True)
def _introduce_pairs(pairs, status_brake, culture_gap, culture_brake, trust, connector_pairs, willing, knowledge,
                     contact, introduced, tie_gain, knowledge_gain):  # fmt: skip
    """The introductions (ODD s.7.5) of the pairs ``(pairs[0, k], pairs[1, k])``, in place.

    Each pair's friction is ``status_brake[i, j] * (1 - culture_brake * culture_gap[i, j])``, as
    :func:`collabsim.mechanisms.tie_friction` (``status_brake``: :func:`introduction_brake`;
    ``culture_brake`` = CULTURE_BRAKE * (1 - language)). Trust grows pair after pair (a pair may
    come twice), by ``tie_gain * friction * connector_pairs * willing[j]`` (TIE_GAIN_INTRODUCTION;
    the operations in the numpy version's order); each pair is marked as contact, and each takes
    part once more (``introduced``); everyone introduced learns once, as
    :func:`collabsim.mechanisms.learn_other_domains` (003 ch.5).
    """
    met = np.zeros(knowledge.shape[0], np.bool_)
    for k in range(pairs.shape[1]):
        a, b = pairs[0, k], pairs[1, k]
        friction = status_brake[a, b] * (1.0 - culture_brake * culture_gap[a, b])
        g = tie_gain * friction * connector_pairs[a, b] * willing[b]
        t = trust[a, b]
        trust[a, b] = trust[b, a] = t + g * (1.0 - t)
        contact[a, b] = contact[b, a] = True
        introduced[a] += 1.0
        introduced[b] += 1.0
        met[a] = met[b] = True
    for x in range(knowledge.shape[0]):
        if met[x]:
            knowledge[x] += knowledge_gain * (1.0 - knowledge[x])
