"""Timed events: the one registry of their names, their fields and what they do (ODD s.7.1).

Scenario files list events by these names (``[[events]]``, schema in :mod:`collabsim.scenario`),
the model fires them (:meth:`CollaborationModel.fire`), the dashboard's buttons fire them now,
and a pattern experiment's intervention is one (``professionals_leave``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import mechanisms as mech
from .submodels import reorganisations, turnover

if TYPE_CHECKING:
    from .model import CollaborationModel


def kartrekker_leaves(model: CollaborationModel) -> None:
    """Every kartrekker leaves (the role may be filled again, s.7.9)."""
    for k in list(model.kartrekkers):
        k.leave("event")


def funding_stops(model: CollaborationModel) -> None:
    """Project money ends in this very step."""
    model.funding_end = min(model.funding_end, model.year)
    model.log_event("funding_stops", "")


def reorganisation(
    model: CollaborationModel, organisation: str, duration: float = mech.REORGANISATION_DURATION
) -> None:
    """Each organisation whose name or type is ``organisation`` reorganises for ``duration`` years (s.7.2)."""
    for i, (name, kind) in enumerate(model.orgs.rows()):
        if organisation in (name, kind):
            reorganisations.start(model, i, duration)


def staff_rotation(model: CollaborationModel, share: float = mech.STAFF_ROTATION_SHARE) -> None:
    """Each present professional leaves with probability ``share`` (a rotation wave; 004)."""
    model.log_event("staff_rotation", f"{share:g}")
    present = np.flatnonzero(model.staff.present)
    for slot in present[model.rng_staff.random(present.size) < share]:
        turnover.leave(model, slot)


def professionals_leave(model: CollaborationModel, who: str = "random_professionals", count: int = 1) -> None:
    """``count`` present professionals leave at once: ``most_connected`` or ``random_professionals`` (E1; 004)."""
    model.log_event("professionals_leave", f"{count} {who}")
    turnover.remove_professionals(model, who, count)


@dataclass(frozen=True)
class EventKind:
    """One kind of event: its handler, the keys it takes besides ``type`` and ``year``, and its meaning."""

    name: str
    handler: Callable[..., None]
    fields: tuple[str, ...] = ()
    in_scenarios: bool = True  # may a scenario file list it


EVENTS: dict[str, EventKind] = {
    e.name: e
    for e in (
        EventKind("kartrekker_leaves", kartrekker_leaves),
        EventKind("funding_stops", funding_stops),
        EventKind("reorganisation", reorganisation, ("organisation", "duration")),
        EventKind("staff_rotation", staff_rotation, ("share",)),
        EventKind("professionals_leave", professionals_leave, ("who", "count"), in_scenarios=False),
    )
}
#: the kinds a scenario file may list
SCENARIO_EVENTS: tuple[str, ...] = tuple(n for n, e in EVENTS.items() if e.in_scenarios)


def fire(model: CollaborationModel, kind: str, **fields: Any) -> None:
    """Fire an event of ``kind`` in ``model`` now; ``fields`` are the kind's own keys."""
    event = EVENTS.get(kind)
    if event is None:
        raise ValueError(f"unknown event {kind!r}; known: {', '.join(EVENTS)}")
    unknown = set(fields) - set(event.fields)
    if unknown:
        raise ValueError(f"event {kind!r} takes {list(event.fields) or 'no keys'}, not {sorted(unknown)}")
    event.handler(model, **fields)


def event_fields(kind: str, event: dict[str, Any]) -> dict[str, Any]:
    """The keys of a scheduled event (a scenario's, with every key) that its kind takes."""
    return {k: event[k] for k in EVENTS[kind].fields if event.get(k) is not None}
