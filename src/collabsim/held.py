"""The model's state held for compiled code: its four monthly streams and its state arrays, in one StructRef.

The month's compiled calls (``conditions.set_conditions``, ``joint_work.work``; ODD s.3) take
:class:`Held`, made once per model (:attr:`CollaborationModel.held`): the same Generators and the
same arrays the model holds, not copies, so that a draw there advances the model's Generator and a
write there is the model's array. Numba checks the type of every argument of a call, about 40
nanoseconds an array; one StructRef of them all costs about as much as twenty. The arrays are
written in place and never replaced (the state's rule, :mod:`collabsim.state`); tests/test_held.py
holds every field to the model's own object after runs with every kind of event.

:data:`ARRAYS` names each array: its field here, and where the model keeps it. The run's numbers that
never change after the model is made (its parameters, prices and monthly chances, :data:`PARAMETERS`)
are held too, as floats in one NumPy record (``held.parameters[0].cofinancing``).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numba.core import types
from numba.experimental import structref

from .streams import NAMES as STREAM_NAMES
from .submodels.kartrekker import ROLES

_F1, _F2 = types.float64[::1], types.float64[:, ::1]
_B1, _B2 = types.boolean[::1], types.boolean[:, ::1]
_I1 = types.int64[::1]

#: (field, where the model keeps it: its group and attribute, its numba type)
ARRAYS = (
    ("present", "staff", "present", _B1),
    ("org", "staff", "org", _I1),
    ("trust", "staff", "trust", _F2),
    ("cross", "staff", "cross", _B2),
    ("domain", "staff", "domain", _I1),
    ("domain_bounds", "staff", "domain_bounds", _I1),
    ("knowledge", "staff", "knowledge", _F1),
    ("spare", "staff", "spare", _F1),
    ("planned_spare", "staff", "planned_spare", _F1),
    ("connector_pairs", "staff", "connector_pairs", _F2),
    ("culture_gap", "staff", "culture_gap", _F2),
    ("connector", "staff", "connector", _B1),
    ("base_motivation", "staff", "base_motivation", _F1),
    ("motivation", "staff", "motivation", _F1),
    ("handover", "staff", "handover", _F2),
    ("handover_knowledge", "staff", "handover_knowledge", _F1),
    ("allowed", None, "allowed", _F1),
    ("willing", None, "willing", _F1),
    ("p_leave", None, "p_leave", _F1),
    ("found", None, "turnover_room", _I1),
    ("active", "orgs", "active", _B1),
    ("interrupted_until", "orgs", "interrupted_until", _F1),
    ("commitment", "orgs", "commitment", _F1),
    ("unpaid_years", "orgs", "unpaid_years", _F1),
    ("own_success", "orgs", "own_success", _F1),
    ("closeness", "orgs", "closeness", _F1),
    ("board", "orgs", "board", _F1),
    ("board_stance", "orgs", "board_stance", _F1),
    ("pull", "orgs", "pull", _F1),
    ("reorg_until", "orgs", "reorg_until", _F1),
    ("capacity", "orgs", "capacity", _F1),
    ("subsidy", "orgs", "subsidy", _F1),
    ("hour_cost", "orgs", "hour_cost", _F1),
    ("posts", "orgs", "staff", _I1),
    ("spent_total", "orgs", "spent_total_eur", _F1),
    ("spent", "orgs", "spent_eur", _F1),
    ("resident_trust", "people", "trust", _F1),
    ("needs_met", "people", "needs_met", _I1),
    ("contact", "tally", "contact", _B2),
    ("org_flows", "tally", "org_flows", _F2),
    ("attended", "tally", "attended", _F1),
    ("introduced", "tally", "introduced", _F1),
)


#: the run's numbers that never change after the model is made: the model's attribute of each name
#: (``roles``: how many kartrekker roles its kind fills, ``ROLES``)
PARAMETERS = (
    "knowledge_exchange", "formalisation", "resident_involvement", "shared_vision", "cofinancing", "shared_savings",
    "integrated_funding", "connector_share", "initial_urgency", "kartrekker_fte", "fte_cost_eur", "meeting_hours",
    "avoided_care_eur", "p_fill", "p_reorganise", "dt", "roles",
)  # fmt: skip
_PARAMETERS = np.dtype([(name, np.float64) for name in PARAMETERS])


def parameters_record(model: Any) -> np.ndarray:
    """The model's :data:`PARAMETERS` now, as floats in a NumPy record (a structured array of one row)."""
    values = [len(ROLES[model.kartrekker_kind]) if name == "roles" else getattr(model, name) for name in PARAMETERS]
    return np.array([tuple(float(v) for v in values)], _PARAMETERS)


@structref.register
class HeldType(types.StructRef):
    """numba's type of :class:`Held`."""


class Held(structref.StructRefProxy):
    """The model's streams (``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``) and arrays
    (:data:`ARRAYS`) for compiled code."""


structref.define_boxing(HeldType, Held)
_GENERATOR = numba.typeof(np.random.default_rng(0))
_TYPE = HeldType(
    [(f"rng_{name}", _GENERATOR) for name in STREAM_NAMES]
    + [(field, kind) for field, _, _, kind in ARRAYS]
    + [("parameters", numba.from_dtype(_PARAMETERS)[::1])]
)


def hold_model(model: Any) -> Held:
    """A :class:`Held` of the model's four Generators, its arrays and its :data:`PARAMETERS`."""
    streams = [getattr(model, f"rng_{name}") for name in STREAM_NAMES]
    arrays = [getattr(getattr(model, group) if group else model, attribute) for _, group, attribute, _ in ARRAYS]
    return _hold(*streams, *arrays, parameters_record(model))


@numba.njit(cache=True)
def _hold(
    rng_meet, rng_res, rng_staff, rng_org,
    present, org, trust, cross, domain, domain_bounds, knowledge, spare, planned_spare, connector_pairs, culture_gap,
    connector, base_motivation, motivation, handover, handover_knowledge, allowed, willing, p_leave, found,
    active, interrupted_until, commitment, unpaid_years, own_success, closeness, board, board_stance, pull,
    reorg_until, capacity, subsidy, hour_cost, posts, spent_total, spent, resident_trust, needs_met, contact,
    org_flows, attended, introduced, parameters,
):  # fmt: skip
    """The :class:`Held` of these objects, in :data:`ARRAYS`' order after the four streams, then the parameters."""
    held = structref.new(_TYPE)
    held.rng_meet, held.rng_res, held.rng_staff, held.rng_org = rng_meet, rng_res, rng_staff, rng_org
    held.present, held.org, held.trust, held.cross, held.domain = present, org, trust, cross, domain
    held.domain_bounds, held.knowledge, held.spare, held.planned_spare = domain_bounds, knowledge, spare, planned_spare
    held.connector_pairs, held.culture_gap, held.connector = connector_pairs, culture_gap, connector
    held.base_motivation, held.motivation, held.handover = base_motivation, motivation, handover
    held.handover_knowledge, held.allowed, held.willing, held.p_leave = handover_knowledge, allowed, willing, p_leave
    held.found, held.active, held.interrupted_until, held.commitment = found, active, interrupted_until, commitment
    held.unpaid_years, held.own_success, held.closeness, held.board = unpaid_years, own_success, closeness, board
    held.board_stance, held.pull, held.reorg_until, held.capacity = board_stance, pull, reorg_until, capacity
    held.subsidy, held.hour_cost, held.posts, held.spent_total = subsidy, hour_cost, posts, spent_total
    held.spent, held.resident_trust, held.needs_met, held.contact = spent, resident_trust, needs_met, contact
    held.org_flows, held.attended, held.introduced, held.parameters = org_flows, attended, introduced, parameters
    return held
