"""ODD s.7.9a: partners leave when taking part has not paid for a while, and organisations join
when the network shows results (001; 003 ch.4 *eigen belang*, ch.4-5 *vier je successen*, ch.3.3.5 Zwolle).

:func:`reconsider` hands the organisations' arrays and the model's stream ``org`` to one compiled
call, :func:`_reconsider`: it counts the partners' unpaid time (:func:`_count_unpaid`, in place; with
their patience, and it also counts who leaves and who is outside, so that the usual month, when
nobody does, builds no array), then who leaves and who joins (NumPy's draws; the chance to join is
:func:`collabsim.mechanisms.join_probability_rule`); the events are logged in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def reconsider(model: CollaborationModel) -> None:
    """Each partner counts the time its commitment has been below the leaving level and leaves
    after its patience; each organisation outside may join (and a former partner rejoin).

    One compiled call, :func:`_reconsider`, does the month's arrays and draws (from the model's stream
    ``org``, :attr:`CollaborationModel.held`); the events are logged after it, leavers first.
    """
    orgs = model.orgs
    n_leaving, n_joining, changed = _reconsider(
        model.held, orgs.active, orgs.commitment, orgs.unpaid_years, orgs.own_success, model.dt,
        float(model.formalisation), model.visible_success, model.success_rate,  # float: one signature
        mech.LEAVE_COMMITMENT, mech.PARTNER_PATIENCE, mech.FORMALISATION_BINDING, mech.JOIN_RATE,
    )  # fmt: skip
    if n_leaving or n_joining:
        log(model, changed[:n_leaving].tolist(), changed[n_leaving : n_leaving + n_joining].tolist())


def log(model: CollaborationModel, left: list[int], joined: list[int]) -> None:
    """The events of organisations that have left (``left``) and joined (``joined``) the network this
    month, in that order; each join counts in the tally."""
    names = model.orgs.names
    for i in left:
        model.log_event("partner_leaves", names[i])
    for i in joined:
        model.tally.joins += 1
        model.log_event("partner_joins", names[i])


@numba.njit(cache=True)
def _reconsider(
    streams, active, commitment, unpaid_years, own_success, dt, formalisation, visible_success, success_rate,
    leave_commitment, partner_patience, formalisation_binding, join_rate,
):  # fmt: skip
    """ODD s.7.9a's month, in place: the unpaid time (:func:`_count_unpaid`); the partners whose
    patience ends leave, in order (as :func:`leave`: not taking part, no unpaid time); then, if any
    organisation is outside and the network's success is visible, each one outside (in order) joins
    if its draw of ``random(outside)`` from ``streams.rng_org`` is below its
    :func:`collabsim.mechanisms.join_probability_rule` (JOIN_RATE) (as :func:`join`: taking part, its
    own success the network's rate). Returns how many left, how many joined, and an array of who
    left, then who joined (after them, unused entries)."""
    n_leaving, n_outside, patience = _count_unpaid(
        active, commitment, unpaid_years, dt, formalisation, leave_commitment, partner_patience,
        formalisation_binding,
    )  # fmt: skip
    n = active.shape[0]
    changed = np.empty(n, np.int64)
    left = 0
    if n_leaving:  # (seldom)
        for o in range(n):
            if unpaid_years[o] >= patience:
                active[o] = False
                unpaid_years[o] = 0.0
                changed[left] = o
                left += 1
    joined = 0
    if n_outside and visible_success > 0.0:
        outside = (~active).nonzero()[0]  # the organisations outside now, in order
        u = streams.rng_org.random(outside.shape[0])
        for k in range(outside.shape[0]):
            o = outside[k]
            if u[k] < mech.join_probability_rule(visible_success, commitment[o], dt, join_rate):
                active[o] = True
                own_success[o] = success_rate
                changed[left + joined] = o
                joined += 1
    return left, joined, changed


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
    """Organisation ``i`` stops taking part now: its staff no longer get time for joint work (outside the
    month's reconsideration, which :func:`_reconsider` does to the arrays the same way)."""
    orgs = model.orgs
    orgs.active[i] = False
    orgs.unpaid_years[i] = 0.0
    model.log_event("partner_leaves", orgs.names[i])


def join(model: CollaborationModel, i: int) -> None:
    """Organisation ``i`` joins the network (or comes back) now (outside the month's reconsideration,
    which :func:`_reconsider` does to the arrays the same way)."""
    orgs = model.orgs
    orgs.active[i] = True
    orgs.own_success[i] = model.success_rate
    model.tally.joins += 1
    model.log_event("partner_joins", orgs.names[i])
