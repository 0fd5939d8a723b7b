"""ODD s.7.9a: partners leave when taking part has not paid for a while, and organisations join
when the network shows results (001; 003 ch.4 *eigen belang*, ch.4-5 *vier je successen*, ch.3.3.5 Zwolle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def reconsider(model: CollaborationModel) -> None:
    """Each partner counts the time its commitment has been below the leaving level and leaves
    after its patience; each organisation outside may join (and a former partner rejoin)."""
    orgs, dt = model.orgs, model.dt
    low = orgs.active & (orgs.commitment < mech.LEAVE_COMMITMENT)
    orgs.unpaid_years = np.where(low, orgs.unpaid_years + dt, 0.0)
    for i in (orgs.unpaid_years >= mech.partner_patience(model.formalisation)).nonzero()[0].tolist():
        leave(model, i)
    outside = (~orgs.active).nonzero()[0]
    if outside.size and model.visible_success > 0.0:
        p = mech.join_probability(model.visible_success, orgs.commitment[outside], dt)
        for i in outside[model.rng_org.random(outside.size) < p].tolist():
            join(model, i)


def leave(model: CollaborationModel, i: int) -> None:
    """Organisation ``i`` stops taking part: its staff no longer get time for joint work."""
    orgs = model.orgs
    orgs.active[i] = False
    orgs.unpaid_years[i] = 0.0
    model.log_event("partner_leaves", orgs.names[i])


def join(model: CollaborationModel, i: int) -> None:
    """Organisation ``i`` joins the network (or comes back)."""
    orgs = model.orgs
    orgs.active[i] = True
    orgs.own_success[i] = model.success_rate
    model.tally.joins += 1
    model.log_event("partner_joins", orgs.names[i])
