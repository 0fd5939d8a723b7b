"""ODD s.7.2: organisations reorganise; capacity drops and staff leave faster meanwhile (003 ch.3.2, ch.5).

:func:`reorganise` draws the month's chances with numpy from ``model.rng_org`` (one ``random`` per
organisation, as before, into the model's ``reorganisation_draws``); one compiled kernel,
:func:`_end_and_start`, ends the reorganisations that are due and counts the draws that start one
(named in Python, in the seldom month with any).
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
    try:  # last month's draws are overwritten (nothing keeps them from one month to the next)
        draws = model.reorganisation_draws
    except AttributeError:  # the first month
        draws = model.reorganisation_draws = np.empty(len(orgs.names))
    model.rng_org.random(out=draws)  # (ending reorganisations draws nothing)
    orgs.reorganising, starting = _end_and_start(
        orgs.reorganising, model.year, orgs.reorg_until, orgs.capacity, draws, model.p_reorganise
    )
    if starting:  # (seldom) the organisations whose draw starts a reorganisation, in order
        for i in (draws < model.p_reorganise).nonzero()[0].tolist():
            start(model, i, mech.REORGANISATION_DURATION)


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
    """Organisation ``i`` reorganises for ``duration`` years."""
    orgs = model.orgs
    orgs.reorg_until[i] = max(orgs.reorg_until[i], model.year + duration)
    orgs.capacity[i] = mech.REORGANISED_CAPACITY
    orgs.reorganising = True
    model.log_event("reorganisation", orgs.names[i])
