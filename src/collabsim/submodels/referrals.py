"""ODD s.7.7: residents present needs; cross-domain needs reach the right domain only through ties.

Sources: 002 les 4 (most needs show first at the GP), 000 and 004 (needs across domains).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel
    from ..state import Staff


def refer(model: CollaborationModel) -> None:
    staff, people, tally = model.staff, model.people, model.tally
    rng = model.rng_res
    if people.n == 0 or not staff.present.any():
        return
    n = rng.poisson(people.n * mech.NEEDS_PER_RESIDENT_YEAR * model.dt)
    u = rng.random((3, n))
    who = (u[0] * people.n).astype(np.int64)
    need = mech.NEED_DOMAIN_CUMULATIVE.searchsorted(u[1], side="right")
    wanted = mech.FIRST_CONTACT_CUMULATIVE.searchsorted(u[2], side="right")
    first = first_contacts(staff, wanted, rng.random(n))
    contact_domain = staff.domain[first]
    partner = strongest_partners(staff, first, need)
    tie = staff.trust[first, partner]
    if not staff.every_domain_staffed:
        tie = tie * staff.domain_staffed[need]
    knowledge = staff.knowledge[first] * mech.role_clarity(need, model.records)
    trust = people.trust[who]
    reached, referred = mech.route_needs(rng, need, contact_domain, knowledge, tie, trust)
    people.needs_met[who[reached]] += 1
    gain, loss = mech.RESIDENT_TRUST_GAIN, mech.RESIDENT_TRUST_LOSS
    people.trust[who] = trust + np.where(reached, gain * (1.0 - trust), -loss * trust)
    tally.needs_presented += n
    tally.needs_reached += int(np.count_nonzero(reached))
    cross = need != contact_domain
    tally.cross_needs += int(np.count_nonzero(cross))
    n_orgs = tally.org_cross_needs.size
    tally.org_cross_needs += np.bincount(staff.org[first[cross]], minlength=n_orgs)
    tally.org_needs += np.bincount(staff.org[first], minlength=n_orgs)
    n_referred = int(np.count_nonzero(referred))
    tally.referrals += n_referred
    tally.referred_reached += int(np.count_nonzero(referred & reached))
    if n_referred:  # a referral is contact: it keeps the tie alive
        src, dst = first[referred], partner[referred]
        tally.contact[src, dst] = True
        tally.contact[dst, src] = True
        tally.org_referrals += np.bincount(staff.org[np.concatenate((src, dst))], minlength=n_orgs)
        tally.org_received += np.bincount(staff.org[dst], minlength=n_orgs)


def first_contacts(staff: Staff, wanted_domain: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A present professional of the wanted domain (of any domain if it has none)."""
    if staff.pools is None:  # staff changed since the last look: rebuild the pools
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
    flat, offset, size = staff.pools
    return flat[offset[wanted_domain] + (u * size[wanted_domain]).astype(np.int64)]


def strongest_partners(staff: Staff, professional: np.ndarray, domain: np.ndarray) -> np.ndarray:
    """For each (professional, domain) pair, the colleague there with the strongest tie.

    Vacant posts have no ties; with no tie into a domain, its first member is named (post 0
    for a domain without posts). One argmax over the professionals' trust rows, the posts
    outside the domain pushed below any trust (:attr:`Staff.outside_domain`).
    """
    return (staff.trust.take(professional, axis=0) + staff.outside_domain.take(domain, axis=0)).argmax(axis=1)
