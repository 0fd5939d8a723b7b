"""ODD s.7.4: the time professionals are allowed for joint work, and their willingness (003 ch.4; 000)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    staff, orgs = model.staff, model.orgs
    org = staff.org
    model.allowed = mech.time_allowed(
        orgs.board[org],
        orgs.capacity[org],
        orgs.commitment[org],
        staff.motivation,
        orgs.subsidy[org],
        model.integrated_funding,
    ) * orgs.active[org]  # staff of organisations outside the network get no time for it (s.7.9a)
    model.willing = mech.willingness(model.urgency, staff.motivation)
