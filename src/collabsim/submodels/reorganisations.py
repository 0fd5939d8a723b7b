"""ODD s.7.2: organisations reorganise; capacity drops and staff leave faster meanwhile (003 ch.3.2, ch.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel

def reorganise(model: CollaborationModel) -> None:
    """Reorganisations end when due; new ones start at ``reorganisation_rate`` per organisation per year."""
    orgs = model.orgs
    if orgs.reorganising and model.year >= orgs.reorg_until.max():
        orgs.capacity[:] = 1.0
        orgs.reorganising = False
    elif orgs.reorganising:
        orgs.capacity[orgs.reorg_until <= model.year] = 1.0
    hits = model.rng_org.random(len(orgs.names)) < model.p_reorganise
    for i in hits.nonzero()[0].tolist():
        start(model, i, mech.REORGANISATION_DURATION)


def start(model: CollaborationModel, i: int, duration: float) -> None:
    """Organisation ``i`` reorganises for ``duration`` years."""
    orgs = model.orgs
    orgs.reorg_until[i] = max(orgs.reorg_until[i], model.year + duration)
    orgs.capacity[i] = mech.REORGANISED_CAPACITY
    orgs.reorganising = True
    model.log_event("reorganisation", orgs.names[i])
