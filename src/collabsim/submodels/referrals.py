"""ODD s.7.7: residents present needs; cross-domain needs reach the right domain only through ties.

Sources: 002 les 4 (most needs show first at the GP), 000 and 004 (needs across domains).

:func:`refer` hands the model's stream ``res`` and the state arrays to one compiled call,
:func:`_refer`, which draws every random number of the month (NumPy's draws, the same, in the same
order and sizes, as the numpy version before the kernels, including those of
:func:`collabsim.mechanisms.route_needs`) and hands them to :func:`_present_needs`, which does the
rest need by need. The constants reach the kernel
as arguments, read from :mod:`collabsim.mechanisms` at each call, so a calibration's constant set
(``mechanisms.constant_set``) acts on it as on the rest of the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel
    from ..state import Staff


def refer(model: CollaborationModel) -> None:
    """The month's needs (ODD s.7.7): one compiled call, :func:`_refer`, which draws them from the
    model's stream ``res`` (:attr:`CollaborationModel.held`), presents them and counts them in the
    month's tally."""
    staff, tally = model.staff, model.tally
    (tally.needs_presented, tally.needs_reached, tally.cross_needs, tally.referrals,
     tally.referred_reached) = _refer(
        model.held, mech.NEEDS_PER_RESIDENT_YEAR, model.dt,
        staff.present, staff.org, staff.trust, staff.domain_bounds, staff.knowledge,
        model.people.trust, model.people.needs_met, tally.contact, tally.org_flows,
        mech.NEED_DOMAIN_CUMULATIVE, mech.FIRST_CONTACT_CUMULATIVE, mech.PUBLIC_HEALTH,
        mech.GGD_ROLE_CLARITY, model.records, mech.WORKING_TIE, mech.FOLLOW_BASE,
        mech.RESIDENT_TRUST_GAIN, mech.RESIDENT_TRUST_LOSS,
        tally.needs_presented, tally.needs_reached, tally.cross_needs, tally.referrals, tally.referred_reached,
    )  # fmt: skip


@numba.njit(cache=True)
def _refer(
    streams, needs_per_resident_year, dt, present, org, trust, domain_bounds, knowledge, resident_trust, needs_met,
    contact, org_flows, need_cumulative, first_contact_cumulative, public_health, ggd_role_clarity, records,
    working_tie, follow_base, gain, loss, needs_presented, needs_reached, cross_needs, referrals, referred_reached,
):  # fmt: skip
    """ODD s.7.7's month, drawn from ``streams.rng_res`` (NumPy's draws, in the order and sizes of the numpy
    version before the kernels): nothing without residents or without anyone present; else the count
    of needs, a Poisson of mean ``residents * needs_per_resident_year * dt`` (NEEDS_PER_RESIDENT_YEAR),
    then their ``6 n`` draws in one call, in the order three calls would make them (per need the
    resident, the need's domain, the first-contact domain, the first contact within her domain, and
    :func:`collabsim.mechanisms.route_needs`' draws: the resident follows, a referral), handed to
    :func:`_present_needs`. Returns the month's tally counts after them (needs presented, reached,
    across domains, referrals, referrals that reached the need's domain: every referral does)."""
    if resident_trust.shape[0] == 0 or not present.any():
        return needs_presented, needs_reached, cross_needs, referrals, referred_reached
    n = streams.rng_res.poisson(resident_trust.shape[0] * needs_per_resident_year * dt)
    reached, cross, referred = _present_needs(
        streams.rng_res.random(6 * n), present, org, trust, domain_bounds, knowledge, resident_trust, needs_met,
        contact, org_flows, need_cumulative, first_contact_cumulative, public_health, ggd_role_clarity, records,
        working_tie, follow_base, gain, loss,
    )  # fmt: skip
    return (needs_presented + n, needs_reached + reached, cross_needs + cross, referrals + referred,
            referred_reached + referred)  # fmt: skip


def first_contact_pools(staff: Staff) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per domain, the present professionals a need shown there goes to (any present one if the
    domain has none now): (the pools one after another, where each domain's starts, its size).
    Rebuilt only when staff changed (``staff.pools`` is None). (The numpy definition, with
    :func:`first_contacts`; :func:`_present_needs` finds the same pools from ``staff.present`` each month.)"""
    if staff.pools is None:
        present = staff.present.nonzero()[0]
        cut = present.searchsorted(staff.domain_bounds)  # slots are grouped by domain
        sizes = cut[1:] - cut[:-1]
        if sizes.all():
            staff.pools = (present, cut[:-1], sizes)
        else:  # a domain nobody staffs now: its needs go to anyone present
            pools = [members[staff.present[members]] for members in staff.domain_members]
            pools = [pool if pool.size else present for pool in pools]
            sizes = np.array([pool.size for pool in pools])
            staff.pools = (np.concatenate(pools), np.cumsum(sizes) - sizes, sizes)
    return staff.pools


def first_contacts(staff: Staff, wanted_domain: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A present professional of the wanted domain (of any domain if it has none), for each draw ``u``
    (the numpy definition; :func:`_present_needs` does the same per need)."""
    flat, offset, size = first_contact_pools(staff)
    return flat[offset[wanted_domain] + (u * size[wanted_domain]).astype(np.int64)]


def strongest_partners(staff: Staff, professional: np.ndarray, domain: np.ndarray) -> np.ndarray:
    """For each (professional, domain) pair, the colleague there with the strongest tie.

    Vacant posts have no ties; with no tie into a domain, its first member is named (post 0
    for a domain without posts). One argmax over the professionals' trust rows, the posts
    outside the domain pushed below any trust (:attr:`Staff.outside_domain`). (The numpy
    definition; :func:`_strongest_partner` does the same for one pair.)
    """
    return (staff.trust.take(professional, axis=0) + staff.outside_domain.take(domain, axis=0)).argmax(axis=1)


@numba.njit(cache=True)
def _present_needs(
    draws, present, org, trust, domain_bounds, knowledge, resident_trust, needs_met,
    contact, org_flows,
    need_cumulative, first_contact_cumulative, public_health, ggd_role_clarity, records,
    working_tie, follow_base, gain, loss,
):  # fmt: skip
    """ODD s.7.7 for the month's needs, given their draws (``draws``, six blocks of ``n``, see :func:`refer`).

    Per need ``k``: the resident (``draws[k]``), the need's domain (``draws[n + k]`` over
    ``NEED_DOMAIN_SHARE``), the first-contact domain (``draws[2 n + k]`` over ``FIRST_CONTACT_SHARE``), a
    present professional there (``draws[3 n + k]``, as :func:`first_contacts` from the pools of
    :func:`first_contact_pools`, here found each month from ``present``), her strongest-tied colleague
    in the need's domain (as :func:`strongest_partners`; looked for only if that is not her own domain,
    the resident follows and the referral draw is below her knowledge times the role clarity, as only
    such a need can be referred, and once a month per professional and domain, as no tie changes here; the tie is none
    into a domain without posts), then the routing of
    :func:`collabsim.mechanisms.route_needs` with its draws ``draws[4 n + k]`` and ``draws[5 n + k]``
    (re-implemented here per need, :func:`_referred`; a test keeps the two alike) with the role clarity
    of :func:`collabsim.mechanisms.role_clarity` (1, but :func:`collabsim.mechanisms.public_health_clarity_rule`
    of ``records`` for the domain ``public_health``).
    Every resident's trust is read as it was at the start of the month; a resident with several needs
    this month gets the trust update of her last need, and one ``needs_met`` if any was reached (as the
    numpy version's fancy-indexed updates did). Writes the residents' trust and needs met, the month's
    contacts and the organisations' tallies (``org_flows``: the rows of
    :attr:`collabsim.state.Tally.ORG_FLOWS`) in place; returns (needs reached, cross-domain needs,
    referrals); every referral reaches the need's domain, so the referrals are also those that reached it.
    """
    n = draws.shape[0] // 6
    n_residents, n_domains = resident_trust.shape[0], domain_bounds.shape[0] - 1
    org_needs, org_cross_needs, org_referrals, org_received = org_flows[0], org_flows[1], org_flows[2], org_flows[3]
    public_health_clarity = mech.public_health_clarity_rule(records, ggd_role_clarity)
    # the first-contact pools: the present professionals in slot order, ``cut[d]`` of them before domain d's
    present_slots, cut = np.empty(present.shape[0], np.int64), np.empty(n_domains + 1, np.int64)
    anyone = 0
    for d in range(n_domains):
        cut[d] = anyone
        for slot in range(domain_bounds[d], domain_bounds[d + 1]):
            if present[slot]:
                present_slots[anyone] = slot
                anyone += 1
    cut[n_domains] = anyone
    # per need, the resident, her trust after it (from her trust at the start of the month) and her
    # needs met after it (-1: not reached)
    who, trust_after, met = np.empty(n, np.int64), np.empty(n), np.empty(n, np.int64)
    n_reached = n_cross = n_referred = 0
    # each professional's strongest-tied colleague per domain, once found (-1: not yet; no tie changes here)
    partner = np.full((trust.shape[0], n_domains), -1, np.int64)
    for k in range(n):
        r = np.int64(draws[k] * n_residents)
        d = _category(need_cumulative, draws[n + k])
        wanted = _category(first_contact_cumulative, draws[2 * n + k])
        size = cut[wanted + 1] - cut[wanted]  # the first contact: of her domain, anyone if it has none present
        if size:
            i = present_slots[cut[wanted] + np.int64(draws[3 * n + k] * size)]
        else:
            i = present_slots[np.int64(draws[3 * n + k] * anyone)]
        same = domain_bounds[d] <= i < domain_bounds[d + 1]  # her domain is the need's (slots grouped by domain)
        clarity = public_health_clarity if d == public_health else 1.0  # role_clarity
        knows = knowledge[i] * clarity
        # her strongest-tied colleague in the need's domain, and the tie (none into a domain without
        # posts), matter only for a need shown outside its domain (route_needs refers no other) whose
        # resident follows and whose draw is below ``knows`` (the chance to refer, ``knows`` times at
        # most 1, is not above it)
        j, referred = i, False
        if (
            not same
            and _follows(draws[4 * n + k], follow_base, resident_trust[r])
            and not (knows >= 0.0 and draws[5 * n + k] >= knows)
        ):
            j = partner[i, d]
            if j < 0:
                j = partner[i, d] = _strongest_partner(trust, domain_bounds, i, d)
            staffed = 1.0 if domain_bounds[d + 1] > domain_bounds[d] else 0.0  # Staff.domain_staffed[d]
            referred = _referred(same, knows, trust[i, j] * staffed, resident_trust[r], draws[4 * n + k],
                                 draws[5 * n + k], working_tie, follow_base)  # fmt: skip
        who[k], theta = r, resident_trust[r]
        if same or referred:
            n_reached += 1
            trust_after[k], met[k] = theta + gain * (1.0 - theta), needs_met[r] + 1
        else:
            trust_after[k], met[k] = theta + -loss * theta, -1
        org_needs[org[i]] += 1.0
        if not same:
            n_cross += 1
            org_cross_needs[org[i]] += 1.0
        if referred:  # a referral is contact: it keeps the tie alive
            n_referred += 1
            contact[i, j] = contact[j, i] = True
            org_referrals[org[i]] += 1.0
            org_referrals[org[j]] += 1.0
            org_received[org[j]] += 1.0
    # residents' trust and needs met (s.7.7): found first, then written, last need last
    for k in range(n):
        resident_trust[who[k]] = trust_after[k]
        if met[k] >= 0:
            needs_met[who[k]] = met[k]
    return n_reached, n_cross, n_referred


@numba.njit(cache=True)
def _category(cumulative, u):
    """The category a uniform draw ``u`` falls in, given the shares' cumulative sums without the
    last: ``cumulative.searchsorted(u, side="right")``."""
    c = 0
    while c < cumulative.shape[0] and cumulative[c] <= u:
        c += 1
    return c


@numba.njit(cache=True)
def _strongest_partner(trust, domain_bounds, i, d):
    """The colleague in domain ``d`` with ``i``'s strongest tie, the first on a tie (post 0 for a
    domain without posts), as :func:`strongest_partners`; the domain's posts are the slots
    ``domain_bounds[d]`` to ``domain_bounds[d + 1]``, so only they are looked at."""
    start, stop = domain_bounds[d], domain_bounds[d + 1]
    if start == stop:
        return 0
    best, best_j = trust[i, start], start
    for j in range(start + 1, stop):
        x = trust[i, j]
        if x > best:
            best, best_j = x, j
    return best_j


@numba.njit(cache=True)
def _referred(same, knowledge, tie, resident_trust, v_follow, v_refer, working_tie, follow_base):
    """Whether one need shown outside its domain is referred: :func:`collabsim.mechanisms.route_needs`
    for one need (ODD s.7.7; 003 ch.5, 004, 003 ch.3.1), with its two draws."""
    p_refer = knowledge * min(1.0, tie / working_tie)
    return not same and v_refer < p_refer and _follows(v_follow, follow_base, resident_trust)


@numba.njit(cache=True)
def _follows(v_follow, follow_base, resident_trust):
    """Whether the resident follows a referral, given its draw ``v_follow`` (ODD s.7.7, as
    :func:`collabsim.mechanisms.route_needs`)."""
    return v_follow < follow_base + (1.0 - follow_base) * resident_trust
