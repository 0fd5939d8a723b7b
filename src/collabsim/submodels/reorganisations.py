"""ODD s.7.2: organisations reorganise; capacity drops and staff leave faster meanwhile (003 ch.3.2, ch.5).

:func:`reorganise` hands the organisations' arrays and the model's streams to one compiled call,
:func:`_reorganise`: the month's chances (NumPy's numbers, one ``random`` per organisation from
``rng_org``), the reorganisations that end (:func:`_end_and_start`) and those that start
(:func:`_begin`, which :func:`start` calls too); the starts are logged in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def reorganise(model: CollaborationModel) -> None:
    """Reorganisations end when due; new ones start at ``reorganisation_rate`` per organisation per year."""
    orgs = model.orgs
    orgs.reorganising, n_started, started = _reorganise(
        model.held, orgs.reorganising, model.year, orgs.reorg_until, orgs.capacity, model.p_reorganise,
        mech.REORGANISATION_DURATION, mech.REORGANISED_CAPACITY,
    )  # fmt: skip
    log(model, started[:n_started].tolist())


def log(model: CollaborationModel, started: list[int]) -> None:
    """The events of the organisations that started a reorganisation this month, in order."""
    names = model.orgs.names
    for i in started:
        model.log_event("reorganisation", names[i])


@numba.njit(cache=True)
def _reorganise(streams, reorganising, year, reorg_until, capacity, p_reorganise, duration, reorganised_capacity):
    """ODD s.7.2's month: a draw per organisation from ``streams.rng_org`` (``random(n)``); the
    reorganisations that end (:func:`_end_and_start`); each organisation whose draw is below
    ``p_reorganise`` starts one for ``duration`` years (REORGANISATION_DURATION), in order
    (:func:`_begin`). Returns whether any organisation reorganises, how many start and which (an
    array, its first entries)."""
    n = reorg_until.shape[0]
    draws = streams.rng_org.random(n)
    reorganising, starting = _end_and_start(reorganising, year, reorg_until, capacity, draws, p_reorganise)
    started = np.empty(n, np.int64)
    n_started = 0
    if starting:  # (seldom)
        for o in range(n):
            if draws[o] < p_reorganise:
                _begin(o, year + duration, reorg_until, capacity, reorganised_capacity)
                reorganising = True
                started[n_started] = o
                n_started += 1
    return reorganising, n_started, started


@numba.njit(cache=True)
def _end_and_start(reorganising, year, reorg_until, capacity, draws, p_reorganise):
    """ODD s.7.2, the month's array work: if any organisation is reorganising, full capacity again for
    those whose reorganisation is due (for all, and none reorganising any more, once ``year`` reaches
    the last end); returns whether any still reorganises, and how many draws are below
    ``p_reorganise`` (those organisations start one now)."""
    n = reorg_until.shape[0]
    if reorganising:
        latest = reorg_until[0]
        for o in range(1, n):
            if reorg_until[o] > latest:
                latest = reorg_until[o]
        if year >= latest:
            capacity[:] = 1.0
            reorganising = False
        else:
            for o in range(n):
                if reorg_until[o] <= year:
                    capacity[o] = 1.0
    starting = 0
    for o in range(n):
        if draws[o] < p_reorganise:
            starting += 1
    return reorganising, starting


def start(model: CollaborationModel, i: int, duration: float) -> None:
    """Organisation ``i`` reorganises for ``duration`` years (an event's way; :func:`_reorganise` starts
    the month's by the same :func:`_begin`)."""
    orgs = model.orgs
    _begin(i, model.year + duration, orgs.reorg_until, orgs.capacity, mech.REORGANISED_CAPACITY)
    orgs.reorganising = True
    log(model, [i])


@numba.njit(cache=True)
def _begin(o, end, reorg_until, capacity, reorganised_capacity):
    """ODD s.7.2, in place: organisation ``o`` reorganises until ``end`` (a later end kept, as
    ``max(until, end)``), at ``reorganised_capacity`` (REORGANISED_CAPACITY) meanwhile."""
    if end > reorg_until[o]:
        reorg_until[o] = end
    capacity[o] = reorganised_capacity
