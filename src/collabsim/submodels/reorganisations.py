"""ODD s.7.2: organisations reorganise; capacity drops and staff leave faster meanwhile (003 ch.3.2, ch.5).

:func:`reorganise` draws the month's chances with numpy from ``model.rng_org`` (one ``random`` per
organisation, as before); one compiled kernel, :func:`_end_and_start`, ends the reorganisations that
are due and names the organisations whose draw starts one.
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
    draws = model.rng_org.random(len(orgs.names))  # (ending reorganisations draws nothing)
    orgs.reorganising, hits = _end_and_start(
        orgs.reorganising, model.year, orgs.reorg_until, orgs.capacity, draws, model.p_reorganise
    )
    for i in hits.tolist():
        start(model, i, mech.REORGANISATION_DURATION)


@numba.njit(cache=True)
def _end_and_start(reorganising, year, reorg_until, capacity, draws, p_reorganise):
    """ODD s.7.2, the month's array work: if any organisation is reorganising, full capacity again for
    those whose reorganisation is due (for all, and none reorganising any more, once ``year`` reaches
    the last end); returns whether any still reorganises, and the organisations whose draw is below
    ``p_reorganise`` (indices, in order), which start one now."""
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
    hits = np.empty(n, np.int64)
    n_hits = 0
    for o in range(n):
        if draws[o] < p_reorganise:
            hits[n_hits] = o
            n_hits += 1
    return reorganising, hits[:n_hits]


def start(model: CollaborationModel, i: int, duration: float) -> None:
    """Organisation ``i`` reorganises for ``duration`` years."""
    orgs = model.orgs
    orgs.reorg_until[i] = max(orgs.reorg_until[i], model.year + duration)
    orgs.capacity[i] = mech.REORGANISED_CAPACITY
    orgs.reorganising = True
    model.log_event("reorganisation", orgs.names[i])
