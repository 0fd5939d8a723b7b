"""Property-based tests (Hypothesis): generated scenario files and values.

The loader either accepts a file and the model runs it with every series finite and in
range, or rejects it with one line naming the file and the key, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabsim.cli import main
from collabsim.errors import InputError
from collabsim.events import SCENARIO_EVENTS
from collabsim.params import KARTREKKER_KINDS, NUMERIC_PRECONDITIONS, ORGANISATION_TYPES, PRECONDITIONS
from collabsim.runner import run_model
from collabsim.scenario import load_scenario

pytestmark = pytest.mark.slow

SHARES = ("cross_domain_ties", "needs_right_domain", "commitment", "urgency", "budget")
COUNTS = ("meetings", "cross_domain_referrals")
HORIZON = 1.5  # years: long enough for every mechanism to act, short enough for many examples

#: Any TOML scalar, in range or not: numbers (with nan and inf), text, booleans.
anything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.text(max_size=8),
    st.booleans(),
)


def in_range(name: str) -> st.SearchStrategy[float]:
    p = PRECONDITIONS[name]
    return st.floats(min_value=p.low, max_value=p.high)


preconditions_ok = st.fixed_dictionaries(
    {},
    optional={
        "kartrekker": st.sampled_from(KARTREKKER_KINDS),
        **{name: in_range(name) for name in NUMERIC_PRECONDITIONS},
    },
)
preconditions_any = st.dictionaries(
    st.sampled_from([*PRECONDITIONS, "turnovr", "urgncy", "Hierarchy", ""]),
    st.one_of(anything, st.sampled_from(KARTREKKER_KINDS)),
    max_size=5,
)
organisation = st.fixed_dictionaries(
    {"type": st.sampled_from(sorted(ORGANISATION_TYPES))},
    optional={
        "count": st.integers(min_value=1, max_value=3),
        "staff": st.integers(min_value=1, max_value=6),
        "board_support": st.floats(min_value=0, max_value=1),
    },
)
event = st.fixed_dictionaries(
    {"year": st.floats(min_value=0, max_value=HORIZON), "type": st.sampled_from(SCENARIO_EVENTS)},
    optional={"share": st.floats(min_value=0.01, max_value=1.0)},
)


@st.composite
def valid_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Scenario dicts the loader must accept (names made unique, two domains present)."""
    pre = draw(preconditions_ok)
    orgs = draw(st.lists(organisation, min_size=1, max_size=5))
    orgs += [{"type": "gp_practice", "staff": 2}, {"type": "wijkteam", "staff": 3}]
    for i, org in enumerate(orgs):
        org["name"] = f"org {i}"
    events = draw(st.lists(event, max_size=3))
    if pre.get("kartrekker", "internal") == "none":
        events = [e for e in events if e["type"] != "kartrekker_leaves"]
    for e in events:
        if e["type"] == "reorganisation":
            e["organisation"] = orgs[0]["type"]  # a type always matches; a name gets a number when count > 1
        if e["type"] in ("board_change", "representatives_change"):
            e["organisation"] = draw(st.sampled_from(["all", orgs[0]["type"]]))
        if e["type"] == "board_change":
            e["support"] = draw(st.floats(min_value=0, max_value=1))
        if e["type"] != "staff_rotation":
            e.pop("share", None)
    return {
        "horizon": HORIZON,
        "preconditions": pre,
        "neighbourhood": {
            "residents": draw(st.integers(min_value=0, max_value=300)),
            "resident_trust": draw(st.floats(min_value=0, max_value=1)),
            "organisations": orgs,
        },
        "events": events,
    }


@st.composite
def any_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Scenario dicts with anything in them: the loader accepts or rejects them cleanly."""
    data: dict[str, Any] = {"preconditions": draw(preconditions_any)}
    if draw(st.booleans()):
        data["horizon"] = draw(anything)
    if draw(st.booleans()):
        data["neighbourhood"] = {"residents": draw(anything)}
    if draw(st.booleans()):
        data["events"] = [{"year": draw(anything), "type": draw(st.sampled_from([*SCENARIO_EVENTS, "party"]))}]
    if draw(st.booleans()):
        data[draw(st.sampled_from(["seed", "replications", "horizn", "title"]))] = draw(anything)
    return data


def write(data: dict[str, Any], folder: Path) -> Path:
    path = folder / "generated.toml"
    path.write_text("# generated\n" + tomli_w.dumps(data), encoding="utf-8")
    return path


def assert_runs_in_range(params: dict[str, Any], seed: int) -> None:
    summary, series = run_model(params, seed)
    for name in SHARES:
        values = series[name]
        assert np.all(np.isfinite(values)), name
        assert np.all((values >= 0.0) & (values <= 1.0)), name
    for name in COUNTS:
        assert np.all(series[name] >= 0), name
    assert set(np.unique(series["kartrekker_active"])) <= {0.0, 1.0}
    assert summary["sustained"] >= 0.0
    for name in ("time_to_network", "collapse_year"):
        value = summary[name]
        assert math.isnan(value) or 0.0 <= value <= HORIZON, name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=valid_scenarios(), seed=st.integers(min_value=0, max_value=2**32))
def test_accepted_scenarios_run_without_nan_or_out_of_range_values(data, seed):
    with tempfile.TemporaryDirectory() as folder:
        scenario = load_scenario(write(data, Path(folder)))
    assert_runs_in_range(scenario.model_kwargs(), seed)


@settings(max_examples=150, deadline=None)
@given(data=any_scenarios())
def test_any_scenario_is_accepted_or_rejected_in_one_line(data):
    with tempfile.TemporaryDirectory() as folder:
        path = write(data, Path(folder))
        try:
            scenario = load_scenario(path)
        except InputError as exc:
            text = str(exc)
            assert "\n" not in text
            assert text.startswith(str(path))
            assert "got" in text
            assert "allowed" in text
            return
    params = scenario.model_kwargs()
    params["horizon"] = min(params["horizon"], HORIZON)
    params["residents"] = min(params["residents"], 300)
    params["events"] = [e for e in params["events"] if e["year"] <= params["horizon"]]
    assert_runs_in_range(params, seed=1)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from([*PRECONDITIONS, "horizon", "turnovr"]), value=anything)
def test_set_values_are_accepted_or_rejected_on_the_command_line(name, value):
    """Through the CLI's ``validate``: exit 0, or exit 2 with one line naming the key."""
    text = tomli_w.dumps({"v": value}).removeprefix("v = ").strip()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["validate", "baseline", "--set", f"{name}={text}"])
    assert code in (0, 2)
    if code == 2:
        (line,) = err.getvalue().strip().splitlines()
        assert name in line
        assert "Traceback" not in line
