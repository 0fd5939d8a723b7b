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
from ..state import draw_motivation

if TYPE_CHECKING:
    from ..model import CollaborationModel


def turn_over(model: CollaborationModel) -> None:
    staff, orgs = model.staff, model.orgs
    u = model.rng_staff.random((2, staff.n))
    if orgs.reorganising:  # staff leave faster from an organisation in reorganisation
        p_leave = model.p_leave[(orgs.reorg_until[staff.org] > model.year).astype(np.int64)]
    else:
        p_leave = model.p_leave[0]
    for slot in (staff.present & (u[0] < p_leave)).nonzero()[0].tolist():
        leave(model, slot)
    arrive = ~staff.present & (u[1] < model.p_fill)
    for slot in arrive.nonzero()[0].tolist():
        fill(model, slot)


def leave(model: CollaborationModel, slot: int) -> None:
    """The professional in ``slot`` leaves: her ties go, a handover stays as far as agreements are recorded."""
    staff = model.staff
    if representative(model, int(staff.org[slot])) == slot:
        interrupt(model, int(staff.org[slot]))
    staff.handover[slot] = mech.handover_ties(staff.trust[slot], model.records)
    staff.handover_knowledge[slot] = staff.knowledge[slot]
    staff.trust[slot, :] = 0.0
    staff.trust[:, slot] = 0.0
    staff.present[slot] = False
    staff.pools = None
    model.language = mech.lose_common_language(model.language, model.records, int(np.count_nonzero(staff.present)))
    model.professionals[slot].remove()
    model.professionals[slot] = None


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
    staff = model.staff
    rng = model.rng_staff
    inherited = staff.handover[slot] * staff.present
    staff.trust[slot, :] = inherited
    staff.trust[:, slot] = inherited
    staff.connector[slot] = rng.random() < model.connector_share
    c = staff.connector.astype(float)  # as at the start (mechanisms.connector_boost): two connectors add up
    staff.connector_pairs[slot, :] = staff.connector_pairs[:, slot] = 1.0 + mech.CONNECTOR_BOOST * (c[slot] + c)
    staff.base_motivation[slot] = draw_motivation(rng, staff.connector[slot : slot + 1], model.staff_motivation)[0]
    staff.motivation[slot] = staff.base_motivation[slot]
    floor = mech.KNOWLEDGE_FLOOR
    staff.knowledge[slot] = floor + mech.KNOWLEDGE_HANDOVER * model.records * (staff.handover_knowledge[slot] - floor)
    staff.present[slot] = True
    model.professionals[slot] = Professional(model, slot, successor=True)
    staff.pools = None


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
