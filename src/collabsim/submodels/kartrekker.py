"""ODD s.7.5 and s.7.11: the kartrekkers at work, and filling a vacant kartrekker role (003 ch.5; 002 les 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech
from ..agents import Kartrekker

if TYPE_CHECKING:
    from ..model import CollaborationModel

#: the roles each kind of kartrekker precondition fills
ROLES = {"none": [], "internal": ["internal"], "external": ["external"], "duo": ["internal", "external"]}


def act(model: CollaborationModel) -> None:
    """Each kartrekker, in random order, does her month's work (``Kartrekker.step``).

    Mesa's ``shuffle_do`` shuffles the team with the model's ``random`` and calls each one's ``step``;
    a team of one is shuffled without a draw (``random.shuffle`` of one item draws nothing), so she is
    called directly: the same call, the same random numbers. ``model.kartrekker_team`` holds the
    Kartrekker agents Mesa has (each joins and leaves both at once), so a team of one is looked up there.
    """
    team = model.kartrekker_team
    if len(team) == 1:
        team[0].step()
    elif team:
        model.agents_by_type[Kartrekker].shuffle_do("step")


def appoint(model: CollaborationModel, kind: str, skill: float, first: bool = False) -> None:
    """An internal kartrekker knows the local network; an external one starts without ties."""
    if kind == "internal":
        familiarity = 1.0 if first else mech.SUCCESSOR_FAMILIARITY + (1.0 - mech.SUCCESSOR_FAMILIARITY) * model.records
    else:
        familiarity = 0.0 if first else mech.EXTERNAL_FAMILIARITY * model.records
    Kartrekker(model, kind, skill, familiarity)


def fill_role(model: CollaborationModel) -> None:
    """A vacant kartrekker role: the project recruits, or a motivated connector takes over (003 ch.5; 004)."""
    wanted = ROLES[model.kartrekker_kind]
    if not wanted:
        return
    held = [k.kind for k in model.kartrekker_team]
    missing = [k for k in wanted if k not in held]
    if not missing:
        return
    rng = model.rng_staff
    if model.project_money:
        if rng.random() < mech.share_per_step(mech.APPOINTMENT_RATE, model.dt):
            appoint(model, missing[0], model.kartrekker_skill)
            model.log_event("kartrekker_appointed", missing[0])
    elif not held:
        staff = model.staff
        hazard = mech.takeover_hazard(model.records, model.motivation, model.means)
        candidate = _any_candidate(staff.present, staff.connector, staff.motivation, mech.TAKEOVER_MOTIVATION)
        if candidate and rng.random() < 1.0 - mech.exp(-hazard * model.dt):
            appoint(model, "internal", 0.5 * (model.kartrekker_skill + mech.TAKEOVER_SKILL))
            model.log_event("kartrekker_taken_over", "connector")


@numba.njit(cache=True)
def _any_candidate(present, connector, motivation, threshold):
    """ODD s.7.11: whether a present connector is motivated above ``threshold`` (TAKEOVER_MOTIVATION),
    as ``(present & connector & (motivation > threshold)).any()``."""
    for k in range(present.shape[0]):
        if present[k] and connector[k] and motivation[k] > threshold:
            return True
    return False
