"""What compiled code holds of a model (``collabsim.held``) stays the model's own: after runs with
every kind of event, partners leaving and joining and reorganisations, every array field of
``model.held`` is the memory of the array the model keeps (written in place, never replaced), and
its parameters are the model's (they never change)."""

from __future__ import annotations

import copy

import numba
import numpy as np
import pytest

from collabsim.events import EVENTS
from collabsim.held import ARRAYS, parameters_record
from collabsim.model import CollaborationModel
from collabsim.params import DEFAULT_ORGANISATIONS

#: one event of every kind a model can fire, each at its own month
EVERY_EVENT = [
    {"type": "reorganisation", "year": 0.25, "organisation": "all", "duration": 0.5},
    {"type": "working_session", "year": 0.5},
    {"type": "problem_map", "year": 0.75},
    {"type": "board_change", "year": 1.0, "organisation": "gp_practice", "support": 0.1},
    {"type": "representatives_change", "year": 1.25, "organisation": "all"},
    {"type": "staff_rotation", "year": 1.5, "share": 0.3},
    {"type": "kartrekker_leaves", "year": 1.75},
    {"type": "funding_stops", "year": 2.0},
]
OUTSIDERS = [*DEFAULT_ORGANISATIONS, {"type": "welfare", "count": 2, "partner": False, "board_support": 1}]  # an int

_space: dict = {}
exec(  # one compiled function that hands back every array field, in ARRAYS' order
    "def held_arrays(held):\n    return (" + ", ".join(f"held.{field}" for field, *_ in ARRAYS) + ",)\n", _space
)
held_arrays = numba.njit(_space["held_arrays"])


@numba.njit
def held_parameters(held):
    return held.parameters.copy()


def _address(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def _assert_held(model: CollaborationModel) -> None:
    for (field, group, attribute, _), got in zip(ARRAYS, held_arrays(model.held), strict=True):
        own = getattr(getattr(model, group) if group else model, attribute)
        assert (_address(got), got.shape, got.dtype) == (_address(own), own.shape, own.dtype), field
    assert held_parameters(model.held).tolist() == parameters_record(model).tolist()  # they never change


def test_every_event_kind_is_in_the_set_up():
    kinds = {e["type"] for e in EVERY_EVENT} | {"professionals_leave"}
    assert kinds == set(EVENTS)


@pytest.mark.parametrize(
    ("kwargs", "reached"),
    [
        ({"events": EVERY_EVENT, "reorganisation_rate": 1.0, "turnover": 0.5, "board_support": 0.2, "rng": 1},
         {"partner_leaves", "reorganisation", "problem_map", "staff_rotation", "kartrekker_leaves"}),
        ({"organisations": OUTSIDERS, "urgency": 0.9, "rng": 5}, {"partner_joins"}),
    ],
    ids=["every_event", "outsiders_join"],
)
def test_the_held_arrays_are_the_models_own_after_every_kind_of_event(kwargs, reached):
    model = CollaborationModel(residents=200, **kwargs)
    _assert_held(model)
    for month in range(1, 49):
        model.step()
        if month == 30:
            model.fire("professionals_leave", who="most_connected", count=3)
        _assert_held(model)
    kinds = {kind for _, kind, _ in model.event_log}
    assert reached <= kinds  # the set-up reaches what it is there for
    twin = copy.deepcopy(model)  # a copy holds its own arrays
    _assert_held(twin)
    assert _address(held_arrays(twin.held)[2]) != _address(held_arrays(model.held)[2])
