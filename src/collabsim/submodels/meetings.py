"""ODD s.7.6 (and the introductions of s.7.5): joint meetings and brokered introductions across domains.

Sources: 003 ch.5 (knowledge exchange, equality despite hierarchy), 004 (the network's meetings),
002 les 3 and 5 (a kartrekker connects; residents make the work relevant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def hold(model: CollaborationModel) -> None:
    """A kartrekker organises ``knowledge_exchange`` meetings a year; without one, committed partners hold a few.

    A kartrekker plans them at a time that suits GPs (002 les 4). Means (budget) and detailed
    covenants at the start (formalisation, 003 ch.3.3) slow the pace, and so do partners
    interrupted by a change of representatives (003 ch.3.3.4; s.7.10).
    """
    staff = model.staff
    active = model.kartrekker_active
    organiser = 1.0 if active else mech.SELF_ORGANISED_SHARE * model.mean_commitment
    f = model.formalisation
    start_pace = 1.0 - mech.FORMALISATION_SLOWDOWN * f if model.year < mech.FORMALISATION_DELAY * f else 1.0
    standstill = mech.standstill(interrupted_share(model))
    rate = model.knowledge_exchange * organiser * model.budget_factor * start_pace * standstill
    n_meetings = model.rng_meet.poisson(rate * model.dt)
    spare = staff.planned_spare if active else staff.spare  # a kartrekker plans when GPs can come (002 les 4)
    for _ in range(n_meetings):
        attendees = mech.decide_attendance(model.rng_meet, spare, model.allowed, model.willing, staff.present)
        meet(model, attendees, active, model.rng_meet)


def meet(model: CollaborationModel, attendees: np.ndarray, active: bool, rng: np.random.Generator) -> None:
    """One joint meeting of ``attendees``: trust, common language and knowledge grow; residents may come."""
    staff, tally = model.staff, model.tally
    with_residents = rng.random() < model.resident_involvement
    gain = mech.TIE_GAIN_MEETING * staff.connector_pairs * friction(model, active)
    mech.grow_trust_in_meeting(staff.trust, attendees, gain)
    share = np.count_nonzero(attendees) / max(1, int(np.count_nonzero(staff.present)))
    model.language = mech.grow_common_language(model.language, model.shared_vision, share)
    k_gain = mech.KNOWLEDGE_GAIN * (mech.RESIDENT_KNOWLEDGE_FACTOR if with_residents else 1.0)
    mech.learn_other_domains(staff.knowledge, attendees, k_gain)
    met = attendees.nonzero()[0]
    tally.contact[met[:, None], met] = True
    tally.attended += attendees
    if with_residents:  # residents make the work relevant (002 les 5)
        model.urgency += mech.RESIDENT_URGENCY_GAIN * (1.0 - model.urgency)
    tally.meetings += 1


def interrupted_share(model: CollaborationModel) -> float:
    """Share of the partners taking part whose work is interrupted now (s.7.10)."""
    orgs = model.orgs
    taking_part = int(np.count_nonzero(orgs.active))
    if not taking_part:
        return 0.0
    return int(np.count_nonzero(orgs.active & (orgs.interrupted_until > model.year))) / taking_part


def friction(model: CollaborationModel, attended: bool) -> np.ndarray:
    """Pairwise trust friction: status (cached per case; a kartrekker's attention to equality
    softens hierarchy) times working culture (softened by the common language now)."""
    cache = model.friction_cache
    if attended not in cache:
        attention = model.kartrekker_skill if attended else 0.0
        cache[attended] = mech.status_brake(model.staff.status_gap, model.hierarchy, attention)
    return cache[attended] * mech.culture_brake(model.staff.culture_gap, model.language)


def introduce(model: CollaborationModel, n: int, equality_attention: float) -> None:
    """Broker ``n`` introductions, each between a professional and a weakly tied one of another domain."""
    staff = model.staff
    taking_part = staff.present & model.orgs.active[staff.org]  # partners' staff only (s.7.9a)
    present = taking_part.nonzero()[0]
    if present.size < 2:
        return
    rng = model.rng_meet
    i = present[(rng.random(n) * present.size).astype(np.int64)]
    # Prefer the weakest ties: a random score minus current trust, among present others of other domains.
    candidate = staff.cross.take(i, axis=0) & taking_part
    score = np.where(candidate, rng.random((n, staff.n)) - staff.trust.take(i, axis=0), -np.inf)
    j = score.argmax(1)
    ok = candidate.any(axis=1)  # the argmax is a candidate if there is one
    if not ok.all():
        i, j = i[ok], j[ok]
    fr = mech.tie_friction(
        staff.status_gap[i, j], staff.culture_gap[i, j], model.hierarchy, equality_attention, model.language
    )
    gain = mech.TIE_GAIN_INTRODUCTION * fr * staff.connector_pairs[i, j] * model.willing[j]
    trust = staff.trust
    for a, b, g in zip(i.tolist(), j.tolist(), gain.tolist(), strict=True):  # sequential: a pair may come twice
        t = trust[a, b]
        trust[a, b] = trust[b, a] = t + g * (1.0 - t)
    contact = model.tally.contact
    model.tally.introduced += np.bincount(np.concatenate((i, j)), minlength=staff.n)
    contact[i, j] = True
    contact[j, i] = True
    met = np.zeros(staff.n, dtype=bool)
    met[i] = met[j] = True
    mech.learn_other_domains(staff.knowledge, met, mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN)
