"""ODD s.7.9a: partners leave when taking part has not paid for a while, and organisations join
when the network shows results (001; 003 ch.4 *eigen belang*, ch.4-5 *vier je successen*, ch.3.3.5 Zwolle).

:func:`reconsider` counts the partners' unpaid time in one compiled kernel, :func:`_count_unpaid`
(in place; with their patience, and it also counts who leaves and who is outside, so that the usual
month, when nobody does, builds no array); who leaves and who joins is done in Python (the draws
stay NumPy's; the chance to join is :func:`collabsim.mechanisms.join_probability`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def reconsider(model: CollaborationModel) -> None:
    """Each partner counts the time its commitment has been below the leaving level and leaves
    after its patience; each organisation outside may join (and a former partner rejoin)."""
    orgs, dt = model.orgs, model.dt
    n_leaving, n_outside, patience = _count_unpaid(
        orgs.active, orgs.commitment, orgs.unpaid_years, dt, float(model.formalisation),  # float: one signature
        mech.LEAVE_COMMITMENT, mech.PARTNER_PATIENCE, mech.FORMALISATION_BINDING,
    )  # fmt: skip
    if n_leaving:  # (seldom) the partners whose patience ends now, in order
        for i in (orgs.unpaid_years >= patience).nonzero()[0].tolist():
            leave(model, i)
    if n_outside and model.visible_success > 0.0:
        outside = (~orgs.active).nonzero()[0]  # the organisations outside now, in order
        p = mech.join_probability(model.visible_success, orgs.commitment[outside], dt)
        for i in outside[model.rng_org.random(outside.size) < p].tolist():
            join(model, i)


@numba.njit(cache=True)
def _count_unpaid(active, commitment, unpaid_years, dt, formalisation, leave_commitment, partner_patience,
                  formalisation_binding):  # fmt: skip
    """ODD s.7.9a for each organisation, in place: the years its commitment has been below the leaving
    level (0 when it is not, or outside). Returns how many partners' patience
    (:func:`collabsim.mechanisms.patience_rule`) ends now, how many organisations are outside once
    they have left, and the patience."""
    patience = mech.patience_rule(formalisation, partner_patience, formalisation_binding)
    n_leaving = n_outside = 0
    for o in range(active.shape[0]):
        low = active[o] and commitment[o] < leave_commitment
        unpaid_years[o] = unpaid_years[o] + dt if low else 0.0
        if unpaid_years[o] >= patience:
            n_leaving += 1
        if not active[o] or unpaid_years[o] >= patience:  # leave() takes those out
            n_outside += 1
    return n_leaving, n_outside, patience


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
