"""ODD s.7.8: ties without contact fade, knowledge of others goes out of date, records age (004 introduction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech
from . import records

if TYPE_CHECKING:
    from ..model import CollaborationModel


def fade(model: CollaborationModel) -> None:
    staff = model.staff
    mech.decay_ties(staff.trust, model.tally.contact, model.dt)
    mech.forget_other_domains(staff.knowledge, mech.KNOWLEDGE_FLOOR, model.dt)
    if not model.kartrekker_active:
        records.age(model)
