"""The month's two compiled calls, its conditions (ODD s.7.2 to s.7.4) and its joint work (s.7.6 to
s.7.10, s.7.13), do what the submodels' Python functions do one after another
(``conditions.one_by_one``, ``joint_work.one_by_one``), to the bit: two models in lockstep, every
state array, the model's numbers, the tally, the event log, the Mesa agents and every stream's state
compared after every month."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from collabsim import mechanisms as mech
from collabsim.model import CollaborationModel
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.submodels import conditions, joint_work

NO_PUBLIC_HEALTH = [o for o in DEFAULT_ORGANISATIONS if o["type"] not in ("ggd", "youth_health")]
OUTSIDERS = [*DEFAULT_ORGANISATIONS, {"type": "welfare", "count": 2, "partner": False}]
#: a constant or more of each of the ten submodels, none a power of 2
A_CONSTANT_SET = {"REORGANISATION_DURATION": 0.3, "REORGANISED_CAPACITY": 0.55, "BUDGET_FLOOR": 0.23,
                  "OWN_TIME": 0.31, "BOARD_WEIGHT": 0.37, "URGENCY_WEIGHT": 0.29,
                  "SELF_ORGANISED_SHARE": 0.37, "TIE_GAIN_MEETING": 0.13, "NEEDS_PER_RESIDENT_YEAR": 3.1,
                  "FOLLOW_BASE": 0.21, "TIE_DECAY": 0.55, "KNOWLEDGE_FORGETTING": 0.33, "RECORDS_AGEING": 0.27,
                  "SUCCESS_SMOOTHING": 1.3, "BOARD_LOBBY": 0.19, "LEAVE_COMMITMENT": 0.45, "JOIN_RATE": 1.7,
                  "INTRODUCTION_HOURS": 1.7, "HANDOVER_SHARE": 0.35, "CONNECTOR_BOOST": 0.45}  # fmt: skip
EVENTS = [
    {"type": "reorganisation", "year": 0.5, "organisation": "all", "duration": 0.75},
    {"type": "working_session", "year": 1.0},
    {"type": "representatives_change", "year": 1.25, "organisation": "all"},
    {"type": "kartrekker_leaves", "year": 1.5},
]
SCALARS = ("language", "urgency", "records", "success_rate", "visible_success", "project_spending_eur",
           "partner_spending_eur", "funder_spending_eur", "care_avoided_eur", "care_avoided_per_year_eur",
           "hours_per_year_eur", "continuation_parts", "continuation", "budget", "motivation", "means",
           "budget_factor", "allowed", "willing")  # fmt: skip


def _state(model: CollaborationModel) -> dict:
    state = {f"staff.{k}": v for k, v in vars(model.staff).items() if isinstance(v, np.ndarray)}
    state |= {f"orgs.{k}": v for k, v in vars(model.orgs).items() if isinstance(v, np.ndarray)}
    state |= {f"people.{k}": v for k, v in vars(model.people).items()}
    state |= {f"tally.{k}": v for k, v in vars(model.tally).items()}
    state |= {name: getattr(model, name) for name in SCALARS}
    state["orgs.reorganising"] = model.orgs.reorganising
    state["event_log"] = repr(model.event_log)
    state["agents"] = sorted((type(a).__name__, a.unique_id) for a in model.agents)
    state["professionals"] = [None if p is None else (p.unique_id, p.slot) for p in model.professionals]
    for name in ("rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]["state"]
    return state


@pytest.mark.parametrize(
    ("kwargs", "constants", "reached"),
    [
        ({}, {}, ()),
        ({"kartrekker": "none", "funding_years": 1.0, "cofinancing": 0.4, "rng": 2}, {}, ()),
        ({"kartrekker": "duo", "events": EVENTS, "reorganisation_rate": 2.0, "shared_savings": 0.5, "rng": 3},
         A_CONSTANT_SET, ("reorganisation", "kartrekker_leaves")),
        ({"board_support": 0.2, "funding_years": 1.0, "turnover": 0.6, "rng": 4}, A_CONSTANT_SET,
         ("partner_leaves",)),
        ({"organisations": OUTSIDERS, "urgency": 0.9, "rng": 5}, {}, ("partner_joins",)),
        ({"organisations": NO_PUBLIC_HEALTH, "residents": 15, "knowledge_exchange": 20, "rng": 6}, {}, ()),
        ({"residents": 0, "kartrekker": "external", "formalisation": 1, "rng": 7}, {}, ()),
    ],
    ids=["baseline", "continuation", "duo_events", "partners_leave", "outsiders_join", "few_residents", "no_residents"],
)
def test_the_compiled_calls_are_the_submodels_one_by_one(kwargs, constants, reached):
    kwargs = {"residents": 200, "rng": 1, **kwargs}
    compiled, one_by_one = CollaborationModel(**kwargs), CollaborationModel(**kwargs)
    left = arrived = 0
    with mech.constant_set(constants):
        for month in range(1, 49):
            compiled.step()
            with (
                mock.patch.object(conditions, "set_conditions", conditions.one_by_one),
                mock.patch.object(joint_work, "work", joint_work.one_by_one),
            ):
                one_by_one.step()
            expected, got = _state(one_by_one), _state(compiled)
            assert got.keys() == expected.keys()
            for name, value in expected.items():
                same = np.array_equal(got[name], value) if isinstance(value, np.ndarray) else got[name] == value
                assert same, f"month {month}: {name} differs"
                assert type(got[name]) is type(value), f"month {month}: {name}'s type differs"
            left += int(np.count_nonzero(~compiled.staff.present))
            arrived = max(arrived, max(a.unique_id for a in compiled.agents))
    kinds = [kind for _, kind, _ in compiled.event_log]
    for kind in reached:  # the set-up reaches the rules it is there for
        assert kind in kinds, kind
    assert left > 0  # posts fell vacant (turnover's draws and kernels ran)
    assert arrived > kwargs["residents"] + compiled.staff.n + len(compiled.orgs.names)  # successors arrived
    assert compiled.tally.needs_presented > 0 or kwargs["residents"] == 0


def test_the_constants_record_holds_the_constants_of_the_run():
    """Every constant a constant set may replace is a field; a set's values hold while it is in place."""
    record = mech.constants_record()
    assert set(mech.calibratable()) <= set(record.dtype.names)
    assert all(record[name][0] == getattr(mech, name) for name in record.dtype.names)
    with mech.constant_set({"TIE_DECAY": 0.55, "JOIN_RATE": 1.7}):
        inside = mech.constants_record()
        assert (inside["TIE_DECAY"][0], inside["JOIN_RATE"][0]) == (0.55, 1.7)
    assert mech.constants_record()["TIE_DECAY"][0] == record["TIE_DECAY"][0] != 0.55
