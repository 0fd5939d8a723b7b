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
from .submodels import availability, meetings, reorganisations, turnover

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


def reorganisation(model: CollaborationModel, organisation: str, duration: float | None = None) -> None:
    """Each organisation whose name or type is ``organisation`` reorganises for ``duration`` years
    (default ``REORGANISATION_DURATION``; s.7.2)."""
    duration = mech.REORGANISATION_DURATION if duration is None else duration
    for i, (name, kind) in enumerate(model.orgs.rows()):
        if organisation in (name, kind):
            reorganisations.start(model, i, duration)


def staff_rotation(model: CollaborationModel, share: float | None = None) -> None:
    """Each present professional leaves with probability ``share`` (default ``STAFF_ROTATION_SHARE``;
    a rotation wave; 004)."""
    share = mech.STAFF_ROTATION_SHARE if share is None else share
    model.log_event("staff_rotation", f"{share:g}")
    present = np.flatnonzero(model.staff.present)
    for slot in present[model.rng_staff.random(present.size) < share]:
        turnover.leave(model, slot)


def professionals_leave(model: CollaborationModel, who: str = "random_professionals", count: int = 1) -> None:
    """``count`` present professionals leave at once: ``most_connected`` or ``random_professionals`` (E1; 004)."""
    model.log_event("professionals_leave", f"{count} {who}")
    turnover.remove_professionals(model, who, count)


def working_session(model: CollaborationModel) -> None:
    """One large meeting now: most present professionals come, whatever their room (002 les 1).

    Each present professional comes with ``session_attendance`` (s.7.1); the session then works
    as a joint meeting (s.7.6: trust, common language, knowledge; it counts as a meeting).
    """
    model.log_event("working_session", "")
    availability.refresh(model)  # the time allowed now (also before the first step)
    p = mech.session_attendance(model.allowed, model.staff.present)
    rng = event_rng(model, 11)
    attendees = rng.random(p.size) < p
    meetings.meet(model, attendees, model.kartrekker_active, rng)


def problem_map(model: CollaborationModel) -> None:
    """A map of the problem makes it visible: urgency rises, and it gets on the boards' agenda.

    Awareness (003 ch.3.2 l.1250-1258; ch.4 l.2398-2404) and the boards' agenda (003 ch.2.2
    l.401-415; the aldermen, ch.4 l.2404). Board support rises but its stance does not, so the
    attention fades unless results keep it (a yes at the start is not a yes later, ch.3.1).
    """
    model.log_event("problem_map", "")
    model.urgency = float(mech.toward_one(model.urgency, mech.PROBLEM_MAP_URGENCY))
    model.orgs.board[:] = mech.toward_one(model.orgs.board, mech.PROBLEM_MAP_BOARD)  # in place (state.py)


def board_change(model: CollaborationModel, organisation: str, support: float) -> None:
    """The boards of ``organisation`` (a name, a type or ``all``) change their stance to ``support``
    (003 ch.3.1: a yes at the start is not a yes later; ch.4)."""
    model.log_event("board_change", f"{organisation} {support:g}")
    hit = matching(model, organisation)
    model.orgs.board[hit] = support
    model.orgs.board_stance[hit] = support


def representatives_change(model: CollaborationModel, organisation: str) -> None:
    """The representatives of ``organisation`` (a name, a type or ``all``) leave at once; each
    leaving interrupts her organisation's part (s.7.10; 003 ch.3.3.4)."""
    model.log_event("representatives_change", organisation)
    turnover.representatives_leave(model, matching(model, organisation))


def event_rng(model: CollaborationModel, stream: int) -> np.random.Generator:
    """A generator of its own for an event, from the run's seed and the month: the model's
    streams stay as they were, so arms with and without the event keep common random numbers."""
    if model.run_seed is None:
        return model.rng.spawn(1)[0]
    return np.random.default_rng([model.run_seed, stream, int(model.time)])


def matching(model: CollaborationModel, organisation: str) -> list[int]:
    """Indices of the organisations whose name or type is ``organisation`` (every one for ``all``)."""
    return [i for i, (name, kind) in enumerate(model.orgs.rows()) if organisation in ("all", name, kind)]


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
        EventKind("working_session", working_session),
        EventKind("problem_map", problem_map),
        EventKind("board_change", board_change, ("organisation", "support")),
        EventKind("representatives_change", representatives_change, ("organisation",)),
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
