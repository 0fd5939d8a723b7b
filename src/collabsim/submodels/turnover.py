"""ODD s.7.10: people change jobs; a post stays vacant, then a successor arrives (004; 003 Deventer).

A leaver takes her ties along; recorded agreements keep a handover for the successor. When
the leaver was her organisation's representative in the network, its part of the work is
interrupted for a while, the shorter the more is recorded (003 ch.3.3.4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech
from ..agents import Professional
from ..state import motivation_shapes

if TYPE_CHECKING:
    from ..model import CollaborationModel


def turn_over(model: CollaborationModel) -> None:
    """Professionals leave, then vacant posts are filled (ODD s.7.10).

    One compiled call, :func:`_turn_over`, draws the month's numbers from the model's stream ``staff``
    (:attr:`CollaborationModel.held`), picks and vacates the leavers and starts the successors;
    then the leavers' Mesa agents leave the model (:func:`_gone`) and the successors' join it
    (:func:`_arrive`). The first-contact pools stay in Python.
    """
    staff, orgs = model.staff, model.orgs
    found = model.turnover_room  # the leavers, then the posts filled
    n_leavers, n_arrivals, model.language = _turn_over(
        model.held, staff.present, model.p_leave, orgs.reorganising, orgs.reorg_until, model.year, model.p_fill,
        staff.org, staff.trust, staff.cross, staff.handover, staff.handover_knowledge, staff.knowledge,
        orgs.interrupted_until, mech.WORKING_TIE, mech.INTERRUPTION_YEARS, mech.RECORDS_SHORTENING,
        mech.HANDOVER_SHARE, model.language, model.records, found,
        *motivation_shapes(model.staff_motivation), model.connector_share, staff.connector, staff.connector_pairs,
        staff.base_motivation, staff.motivation, mech.CONNECTOR_BOOST, mech.CONNECTOR_MOTIVATION_BONUS,
        mech.KNOWLEDGE_FLOOR, mech.KNOWLEDGE_HANDOVER * model.records,
    )  # fmt: skip
    if n_leavers:
        _gone(model, found[:n_leavers].tolist())
    if n_arrivals:
        _arrive(model, found[staff.n : staff.n + n_arrivals].tolist())


@numba.njit(cache=True)
def _turn_over(
    streams, present, p_leave, reorganising, reorg_until, year, p_fill, org, trust, cross, handover,
    handover_knowledge, knowledge, interrupted_until, working_tie, interruption_years, records_shortening,
    handover_share, language, records, found,
    a, b, connector_share, connector, connector_pairs, base_motivation, motivation, boost, bonus, floor,
    handover_records,
):  # fmt: skip
    """ODD s.7.10's month, drawn from ``streams.rng_staff`` in the order of the numpy version the kernels
    replaced: ``random(2 n)`` for the month (as ``random((2, n))``: a row for leaving, one for filling),
    the leavers and the posts to fill picked and the leavers vacated (:func:`_leave_month`), then the
    successors start (:func:`_succeed`, shapes ``a``, ``b`` of their motivation's Beta). Writes the
    leavers to ``found[:n]`` and the posts filled to ``found[n:]``; returns how many leave, how many
    start, and the common language."""
    n = present.shape[0]
    u = streams.rng_staff.random(2 * n).reshape((2, n))
    n_leavers, n_arrivals, language = _leave_month(
        u, present, p_leave, reorganising, reorg_until, year, p_fill, org, trust, cross, handover,
        handover_knowledge, knowledge, interrupted_until, working_tie, interruption_years, records_shortening,
        handover_share, language, records, found,
    )  # fmt: skip
    if n_arrivals:
        _succeed(streams, found[n : n + n_arrivals], a, b, connector_share, present, handover, trust, connector,
                 connector_pairs, base_motivation, motivation, knowledge, handover_knowledge, boost, bonus, floor,
                 handover_records)  # fmt: skip
    return n_leavers, n_arrivals, language


@numba.njit(cache=True)
def _succeed(streams, slots, a, b, connector_share, present, handover, trust, connector, connector_pairs,
             base_motivation, motivation, knowledge, handover_knowledge, boost, bonus, floor,
             handover_records):  # fmt: skip
    """ODD s.7.10, successors start in ``slots``, one after another: for each, in slot order, from
    ``streams.rng_staff`` ``random()`` (her connector profile) and a Beta of shapes ``a``, ``b`` (her
    motivation, :func:`collabsim.state.draw_motivation`'s; a scalar draw, the number a draw of size 1
    gives); then :func:`_fill`."""
    draws = np.empty((2, slots.shape[0]))  # per successor: her connector draw, her Beta
    for k in range(slots.shape[0]):
        draws[0, k] = streams.rng_staff.random()
        draws[1, k] = streams.rng_staff.beta(a, b)
    _fill(slots, draws, connector_share, present, handover, trust, connector, connector_pairs, base_motivation,
          motivation, knowledge, handover_knowledge, boost, bonus, floor, handover_records)  # fmt: skip


def room(n: int) -> np.ndarray:
    """Room for :func:`turn_over`'s month among ``n`` posts, written over each month: the ``2 n`` posts
    found (the leavers, then the posts to fill)."""
    return np.empty(2 * n, np.int64)


def leave(model: CollaborationModel, slot: int) -> None:
    """The professional in ``slot`` leaves: her ties go, a handover stays as far as agreements are recorded.

    As :func:`collabsim.mechanisms.handover_ties` (the handover) and
    :func:`collabsim.mechanisms.lose_common_language`; her organisation is interrupted
    (:func:`interrupt`) if she was its :func:`representative`. The arrays in :func:`_vacate`.
    """
    staff, orgs = model.staff, model.orgs
    model.language = _vacate(
        np.array([slot], dtype=np.int64), staff.org, staff.present, staff.trust, staff.cross, staff.handover,
        staff.handover_knowledge, staff.knowledge, orgs.interrupted_until, mech.WORKING_TIE,
        mech.interruption_end(model.year, model.records), mech.HANDOVER_SHARE * model.records, model.language,
        model.records,
    )  # fmt: skip
    _gone(model, [int(slot)])


def _gone(model: CollaborationModel, slots: list[int]) -> None:
    """After :func:`_vacate`: the Mesa agent of each leaver leaves the model."""
    model.staff.pools = None
    professionals = model.professionals
    for slot in slots:
        professionals[slot].remove()
        professionals[slot] = None


@numba.njit(cache=True)
def _leave_month(
    u, present, p_leave, reorganising, reorg_until, year, p_fill, org, trust, cross, handover,
    handover_knowledge, knowledge, interrupted_until, working_tie, interruption_years, records_shortening,
    handover_share, language, records, found,
):  # fmt: skip
    """ODD s.7.10, a month's leavers and vacancies. A present professional leaves if ``u[0]`` is below
    ``p_leave[1]`` where her organisation reorganises (``reorg_until`` > ``year``, looked at only
    while any does, ``reorganising``), else ``p_leave[0]``; the leavers are vacated in slot order
    (:func:`_vacate`, which returns the common language after them), with the interruption's end of
    :func:`collabsim.mechanisms.interruption_end` (INTERRUPTION_YEARS, RECORDS_SHORTENING given) and
    the handover share ``handover_share * records`` (HANDOVER_SHARE R). Then a post vacant now is to be
    filled if ``u[1]`` is below ``p_fill``. Writes the leavers to ``found[:n]`` and the posts to fill
    to ``found[n:]`` (n posts); returns how many leave, how many are filled, and the common language."""
    end = mech.interruption_end_rule(year, records, interruption_years, records_shortening)
    share = handover_share * records
    n = present.shape[0]
    n_leavers = 0
    for i in range(n):
        p = p_leave[1] if reorganising and reorg_until[org[i]] > year else p_leave[0]
        if present[i] and u[0, i] < p:
            found[n_leavers] = i
            n_leavers += 1
    language = _vacate(
        found[:n_leavers], org, present, trust, cross, handover, handover_knowledge, knowledge, interrupted_until,
        working_tie, end, share, language, records,
    )  # fmt: skip
    n_arrivals = 0
    for i in range(n):
        if not present[i] and u[1, i] < p_fill:
            found[n + n_arrivals] = i
            n_arrivals += 1
    return n_leavers, n_arrivals, language


@numba.njit(cache=True)
def _vacate(
    slots, org, present, trust, cross, handover, handover_knowledge, knowledge, interrupted_until, working_tie, end,
    share, language, records,
):  # fmt: skip
    """ODD s.7.10, in place, for each of ``slots`` in turn: if she is her organisation's
    representative (:func:`_representative`), the organisation is interrupted until ``end`` (a
    later end kept, as :func:`interrupt`); her handover is her ties times ``share`` (HANDOVER_SHARE R,
    as :func:`collabsim.mechanisms.handover_ties`) and her knowledge; her ties go both ways and the
    post is vacant; she takes her share of the common ``language``
    (:func:`collabsim.mechanisms.lose_common_language`, with ``records`` and the count of present
    posts after she left). Returns the common language after them all."""
    n = present.shape[0]
    for k in range(slots.shape[0]):
        s = slots[k]
        o = org[s]
        if _representative(np.flatnonzero(org == o), present, trust, cross, working_tie) == s:
            if end > interrupted_until[o]:  # as max(until, end)
                interrupted_until[o] = end
        for j in range(n):
            handover[s, j] = trust[s, j] * share
        handover_knowledge[s] = knowledge[s]
        for j in range(n):
            trust[s, j] = 0.0
        for j in range(n):
            trust[j, s] = 0.0
        present[s] = False
        count = 0
        for j in range(n):
            if present[j]:
                count += 1
        language = mech.language_loss_rule(language, records, count)
    return language


def representative(model: CollaborationModel, org: int) -> int | None:
    """The organisation's representative in the network: its present professional with the most
    working cross-domain ties (the first such post on a tie), None if none of them has one."""
    staff = model.staff
    best = _representative(staff.posts_of(org), staff.present, staff.trust, staff.cross, mech.WORKING_TIE)
    return best if best >= 0 else None


@numba.njit(cache=True)
def _representative(posts, present, trust, cross, working_tie):
    """The post of :func:`representative` among ``posts`` (-1 if none): per present post, its
    working ties to present professionals of other domains; the first post with the most, if any."""
    best, most = -1, 0
    for m in posts:
        if not present[m]:
            continue
        degree = 0
        for j in range(present.shape[0]):
            if present[j] and cross[m, j] and trust[m, j] >= working_tie:
                degree += 1
        if degree > most:
            best, most = m, degree
    return best


def interrupt(model: CollaborationModel, org: int) -> None:
    """A change of representative interrupts the organisation's part (003 ch.3.3.4)."""
    orgs = model.orgs
    end = mech.interruption_end(model.year, model.records)
    orgs.interrupted_until[org] = max(orgs.interrupted_until[org], end)


def representatives_leave(model: CollaborationModel, orgs: list[int]) -> None:
    """The representative of each of ``orgs`` leaves at once (an event, s.7.1; 003 ch.3.3.4)."""
    chosen = [(i, representative(model, i)) for i in orgs]
    for org, slot in chosen:
        if slot is not None:
            interrupt(model, org)  # even if another leaver's going took her the first place
            leave(model, slot)


def fill(model: CollaborationModel, slot: int) -> None:
    """A successor starts: fresh motivation, inherited ties only as far as handed over."""
    _start(model, np.array([slot], dtype=np.int64))


def _start(model: CollaborationModel, slots: np.ndarray) -> None:
    """Successors start in ``slots``, one after another in their order (ODD s.7.10): their draws and
    arrays as the month's (:func:`_succeed`, from the model's stream ``staff``,
    :attr:`CollaborationModel.held`), then each becomes a Mesa agent (:func:`_arrive`)."""
    staff = model.staff
    _succeed(
        model.held, slots, *motivation_shapes(model.staff_motivation), model.connector_share, staff.present,
        staff.handover, staff.trust, staff.connector, staff.connector_pairs, staff.base_motivation, staff.motivation,
        staff.knowledge, staff.handover_knowledge, mech.CONNECTOR_BOOST, mech.CONNECTOR_MOTIVATION_BONUS,
        mech.KNOWLEDGE_FLOOR, mech.KNOWLEDGE_HANDOVER * model.records,
    )  # fmt: skip
    _arrive(model, slots.tolist())


def _arrive(model: CollaborationModel, slots: list[int]) -> None:
    """After :func:`_fill`: each successor becomes a Mesa agent (a successor), in slot order."""
    professionals = model.professionals
    for slot in slots:
        professionals[slot] = Professional(model, slot, successor=True)
    model.staff.pools = None


@numba.njit(cache=True)
def _fill(
    slots, draws, connector_share, present, handover, trust, connector, connector_pairs, base_motivation, motivation,
    knowledge, handover_knowledge, boost, bonus, floor, handover_records,
):  # fmt: skip
    """ODD s.7.10, in place, for each of ``slots`` in turn (``k``): the successor inherits her handover
    to the colleagues present now, both ways; she is a connector if ``draws[0, k]`` is below
    ``connector_share``, and takes her row of the pairwise boost (``boost`` = CONNECTOR_BOOST) as
    :func:`collabsim.mechanisms.connector_boost` computes it; her motivation is her Beta draw
    ``draws[1, k]`` plus ``bonus`` (CONNECTOR_MOTIVATION_BONUS) if a connector, clipped to [0, 1] as
    :func:`collabsim.state.draw_motivation` clips it; her knowledge is ``floor`` + ``handover_records``
    (KNOWLEDGE_HANDOVER R) times the handed-over excess; the post is filled."""
    n = present.shape[0]
    for k in range(slots.shape[0]):
        s = slots[k]
        inherited = np.empty(n)
        for j in range(n):
            inherited[j] = handover[s, j] * (1.0 if present[j] else 0.0)
        for j in range(n):
            trust[s, j] = inherited[j]
        for j in range(n):
            trust[j, s] = inherited[j]
        drawn_connector = draws[0, k] < connector_share
        connector[s] = drawn_connector
        c_s = 1.0 if drawn_connector else 0.0
        for j in range(n):
            pair = 1.0 + boost * (c_s + (1.0 if connector[j] else 0.0))
            connector_pairs[s, j] = pair
            connector_pairs[j, s] = pair
        drawn = draws[1, k] + bonus * c_s
        drawn = drawn if drawn >= 0.0 or drawn != drawn else 0.0  # as np.maximum(drawn, 0.0)
        drawn = drawn if drawn <= 1.0 or drawn != drawn else 1.0  # as np.minimum(drawn, 1.0)
        base_motivation[s] = drawn
        motivation[s] = drawn
        knowledge[s] = floor + handover_records * (handover_knowledge[s] - floor)
        present[s] = True


def remove_professionals(model: CollaborationModel, who: str, count: int) -> None:
    """``count`` present professionals leave at once, as in turnover (pattern E1; 004).

    ``most_connected``: those with the most working cross-domain ties; ``random_professionals``:
    as many drawn from a generator derived from the run's seed (common random numbers between arms).
    """
    staff = model.staff
    present = np.flatnonzero(staff.present)
    if who == "most_connected":
        working = (staff.trust >= mech.WORKING_TIE) & staff.cross
        degree = working[present][:, present].sum(axis=1)
        chosen = present[np.argsort(-degree, kind="stable")[:count]]
    elif who == "random_professionals":
        rng = np.random.default_rng([model.run_seed, 7]) if model.run_seed is not None else model.rng.spawn(1)[0]
        chosen = rng.choice(present, size=min(count, present.size), replace=False)
    else:
        raise ValueError(f"professionals_leave: who = {who!r} is not most_connected or random_professionals")
    for slot in chosen:
        leave(model, slot)
