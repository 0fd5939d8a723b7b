"""Events, one registry (collabsim.events): each kind's effect, its timing, and refusals."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import series, step_n

from collabsim import CollaborationModel, outcomes
from collabsim import mechanisms as mech
from collabsim.agents import Kartrekker, Professional
from collabsim.events import EVENTS, SCENARIO_EVENTS
from collabsim.mechanisms import WORKING_TIE
from collabsim.submodels import meetings, turnover
from collabsim.validation.effects import arm_params
from collabsim.validation.experiments import Intervention


def test_every_kind_has_a_handler_and_scenarios_list_the_scheduled_ones():
    assert set(SCENARIO_EVENTS) == {
        "kartrekker_leaves", "funding_stops", "reorganisation", "staff_rotation",
        "working_session", "problem_map", "board_change", "representatives_change",
    }
    assert all(callable(e.handler) for e in EVENTS.values())


def test_the_scenario_schema_has_exactly_the_keys_of_the_scheduled_kinds():
    from collabsim.scenario import Event

    keys = {k for name in SCENARIO_EVENTS for k in EVENTS[name].fields}
    assert set(Event.model_fields) - {"year", "type"} == keys


def test_an_event_refuses_keys_of_another_kind(make_model):
    with pytest.raises(ValueError, match=r"'kartrekker_leaves' takes no keys, not \['share'\]"):
        make_model().fire("kartrekker_leaves", share=0.3)


def test_fire_kartrekker_leaves(make_model):
    model = make_model(kartrekker="duo")
    assert len(model.kartrekkers) == 2
    model.fire("kartrekker_leaves")
    assert model.kartrekkers == []
    assert not model.kartrekker_active
    assert outcomes.kartrekker_active(model) == 0
    assert Kartrekker not in model.agents_by_type or len(model.agents_by_type[Kartrekker]) == 0


def test_kartrekker_leaves_event_at_its_year(make_model):
    # no turnover (she would not leave by herself), money ends with the event, no connectors (no takeover)
    model = make_model(
        turnover=0.0,
        funding_years=2.0,
        connector_share=0.0,
        horizon=4,
        events=[{"type": "kartrekker_leaves", "year": 2.0}],
    )
    step_n(model, 48)
    active = series(model, "kartrekker_active")
    assert np.all(active[:24] == 1)
    assert np.all(active[25:] == 0)


def test_fire_funding_stops(make_model):
    model = make_model(funding_years=10, cofinancing=0.2, shared_savings=0.0, integrated_funding=0.2)
    step_n(model, 3)
    assert model.project_money
    assert model.budget == 1.0
    model.fire("funding_stops")
    assert not model.project_money
    model.step()
    assert model.budget == pytest.approx(model.continuation)
    assert model.budget < 1.0


def test_funding_stops_event_at_its_year(make_model):
    model = make_model(
        funding_years=10,
        cofinancing=0.0,
        integrated_funding=0.0,
        horizon=3,
        events=[{"type": "funding_stops", "year": 1}],
    )
    step_n(model, 36)
    budget = series(model, "budget")
    assert np.all(budget[:13] == 1.0)
    assert np.all(budget[13:] < 0.5)
    assert model.budget == pytest.approx(model.continuation)


@pytest.mark.parametrize("share", [0.1, 0.5])
def test_staff_rotation_removes_about_the_share(make_model, share):
    fractions = []
    for seed in range(8):
        model = make_model(rng=seed)
        before = int(model.staff.present.sum())
        model.fire("staff_rotation", share=share)
        after = int(model.staff.present.sum())
        assert len(model.agents_by_type[Professional]) == after
        fractions.append(1 - after / before)
    assert np.mean(fractions) == pytest.approx(share, abs=0.08)


def test_staff_rotation_event_at_its_year(make_model):
    model = make_model(turnover=0.0, horizon=2, events=[{"type": "staff_rotation", "year": 1.0, "share": 0.5}])
    step_n(model, 12)
    assert model.staff.present.all()
    model.step()
    assert model.staff.present.sum() < 0.8 * model.staff.n
    assert "staff_rotation" in [kind for _, kind, _ in model.event_log]


@pytest.mark.parametrize(("target", "kind"), [("GGD", "ggd"), ("gp_practice", "gp_practice"), ("GP practice 2", None)])
def test_fire_reorganisation_by_name_or_type(make_model, target, kind):
    model = make_model(reorganisation_rate=0.0)
    model.fire("reorganisation", organisation=target, duration=2.0)
    hit = [o for o in model.organisations if o.capacity < 1.0]
    assert hit
    if kind is None:
        assert [o.name for o in hit] == [target]
    else:
        assert {o.kind for o in hit} == {kind}
        assert len(hit) == sum(1 for o in model.organisations if o.kind == kind)
    assert all(o.in_reorganisation for o in hit)


def test_reorganisation_event_at_its_year(make_model):
    model = make_model(
        reorganisation_rate=0.0,
        horizon=3,
        events=[{"type": "reorganisation", "year": 1.0, "organisation": "wijkteam", "duration": 0.5}],
    )
    wijkteam = next(o for o in model.organisations if o.kind == "wijkteam")
    step_n(model, 12)
    assert wijkteam.capacity == 1.0
    model.step()
    assert wijkteam.capacity < 1.0
    step_n(model, 7)
    assert wijkteam.capacity == 1.0


def test_unknown_event_is_refused(make_model):
    with pytest.raises(ValueError, match="nosuch"):
        make_model().fire("nosuch")


def test_most_connected_removal_takes_the_hub_and_random_removal_is_reproducible():
    model = CollaborationModel(residents=100, existing_network=0.3, rng=5)
    for _ in range(6):
        model.step()
    degree = ((model.staff.trust >= WORKING_TIE) & model.staff.cross).sum(axis=1) * model.staff.present
    hub = int(np.argmax(degree))
    present = int(model.staff.present.sum())
    model.fire("professionals_leave", who="most_connected", count=1)
    assert not model.staff.present[hub]
    assert int(model.staff.present.sum()) == present - 1
    assert not model.staff.trust[hub].any()  # her ties went with her

    def removed(seed: int) -> set[int]:
        m = CollaborationModel(residents=100, rng=seed)
        before = m.staff.present.copy()
        m.fire("professionals_leave", who="random_professionals", count=3)
        return set(np.flatnonzero(before & ~m.staff.present).tolist())

    assert removed(1) == removed(1)
    assert len(removed(1)) == 3
    assert removed(1) != removed(2)


def test_an_intervention_is_the_arms_first_event_and_fires_in_its_month():
    base = {"horizon": 2.0, "residents": 100, "events": [{"type": "funding_stops", "year": 1.0}]}

    params = arm_params(base, Intervention(year=1.0, remove="most_connected", count=2))
    assert [e["type"] for e in params["events"]] == ["professionals_leave", "funding_stops"]
    assert base["events"] == [{"type": "funding_stops", "year": 1.0}]  # the scenario's own list is untouched
    model = CollaborationModel(**params, rng=3)
    fired = lambda: [kind for _, kind, _ in model.event_log if kind in ("professionals_leave", "funding_stops")]  # noqa: E731
    for _ in range(12):
        model.step()
    assert fired() == []
    degree = ((model.staff.trust >= WORKING_TIE) & model.staff.cross).sum(axis=1)
    hubs = np.argsort(-degree, kind="stable")[:2]
    before = list(model.professionals)
    model.step()  # month 13: the first step after year 1
    assert fired() == ["professionals_leave", "funding_stops"]
    assert all(model.professionals[h] is not before[h] for h in hubs)  # the two hubs left (a successor may start)


# --- the second version's events (DESIGN.md s.8.1; ODD s.7.1, 7.6, 7.10) -------------------------


def _paired(make_model, events, months=24, seeds=range(6), **kwargs):
    """Models on the same seeds with and without ``events`` (common random numbers), after ``months``."""
    pairs = []
    for seed in seeds:
        pair = [make_model(rng=seed, horizon=months / 12, events=ev, **kwargs) for ev in ([], events)]
        for m in pair:
            step_n(m, months)
        pairs.append(pair)
    return pairs


def test_a_working_session_raises_tie_density_and_counts_as_a_meeting(make_model):
    """002 les 1: a working session brings many together once; trust and the meetings tally grow."""
    session = [{"type": "working_session", "year": 1.0}]
    for without, with_ in _paired(make_model, session, months=13):
        assert outcomes.cross_domain_ties(with_) > outcomes.cross_domain_ties(without)
        assert series(with_, "meetings")[13] == series(without, "meetings")[13] + 1  # the month of the session
        assert "working_session" in [k for _, k, _ in with_.event_log]


def test_most_present_professionals_attend_a_working_session(make_model):
    model = make_model(board_support=0.1)
    before = model.tally.meetings
    model.fire("working_session")  # before the first step too
    assert model.tally.meetings == before + 1
    came = model.tally.contact.any(axis=1)
    assert came.mean() > 0.5  # WORKING_SESSION_ATTENDANCE 0.8, a little less with a board "no"
    s = model.staff
    ordinary = np.minimum(s.spare * model.allowed * model.willing * mech.ATTENDANCE_FACTOR, mech.ATTENDANCE_CAP)
    assert came.mean() > 2 * ordinary.mean()  # far more than an ordinary meeting draws


def test_a_problem_map_raises_urgency_and_board_support(make_model):
    """003 ch.3.2: the map makes the problem visible (urgency) and puts it on the boards' agenda."""
    model = make_model(urgency=0.4)
    board = model.orgs.board.copy()
    stance = model.orgs.board_stance.copy()
    model.fire("problem_map")
    assert model.urgency == pytest.approx(0.4 + 0.6 * mech.PROBLEM_MAP_URGENCY)
    np.testing.assert_allclose(model.orgs.board, board + mech.PROBLEM_MAP_BOARD * (1 - board))
    np.testing.assert_array_equal(model.orgs.board_stance, stance)  # attention, not a new stance
    for without, with_ in _paired(make_model, [{"type": "problem_map", "year": 0.0}], months=6):
        assert with_.urgency > without.urgency
        assert with_.orgs.board.mean() > without.orgs.board.mean()


@pytest.mark.parametrize(("target", "kind"), [("all", None), ("gp_practice", "gp_practice"), ("GGD", None)])
def test_board_change_sets_the_board_support_of_exactly_the_named_organisations(make_model, target, kind):
    model = make_model()
    board = model.orgs.board.copy()
    model.fire("board_change", organisation=target, support=0.1)
    rows = model.orgs.rows()
    hit = np.array([target in ("all", name, k) for name, k in rows])
    assert hit.any()
    np.testing.assert_allclose(model.orgs.board[hit], 0.1)
    np.testing.assert_allclose(model.orgs.board_stance[hit], 0.1)
    np.testing.assert_array_equal(model.orgs.board[~hit], board[~hit])
    if target == "all":
        assert hit.all()


def test_board_change_at_its_year(make_model):
    model = make_model(horizon=2, events=[{"type": "board_change", "year": 1.0, "organisation": "all", "support": 0.0}])
    step_n(model, 12)
    assert model.orgs.board.min() > 0.05
    model.step()
    assert model.orgs.board.max() < 0.05


def _representatives(model):
    return [turnover.representative(model, i) for i in range(len(model.orgs.names))]


def test_representatives_change_removes_each_representative_and_interrupts(make_model):
    model = make_model(turnover=0.0, existing_network=0.3, agreements_recorded=0.0, formalisation=0.0)
    step_n(model, 12)
    reps = _representatives(model)
    assert any(r is not None for r in reps)
    people = list(model.professionals)
    model.fire("representatives_change", organisation="all")
    for i, slot in enumerate(reps):
        if slot is not None:
            assert not model.staff.present[slot]
            assert people[slot] is not None
            assert model.professionals[slot] is None
            assert model.orgs.interrupted_until[i] > model.year
    assert meetings.interrupted_share(model) > 0.5
    assert mech.standstill(meetings.interrupted_share(model)) < 1.0


def test_representatives_change_slows_the_meeting_pace_during_the_interruption(make_model):
    change = [{"type": "representatives_change", "year": 1.0, "organisation": "all"}]
    kwargs = {"turnover": 0.0, "existing_network": 0.3, "agreements_recorded": 0.0, "formalisation": 0.0}
    during = []
    for without, with_ in _paired(make_model, change, months=17, seeds=range(10), **kwargs):
        during.append(series(without, "meetings")[13:].sum() - series(with_, "meetings")[13:].sum())
    assert np.mean(during) > 0.5  # fewer meetings in the months after the change


@pytest.mark.parametrize("records", [0.0, 1.0])
def test_the_interruption_is_shorter_the_more_is_recorded(make_model, records):
    model = make_model(turnover=0.0, existing_network=0.3, agreements_recorded=records, formalisation=0.0)
    step_n(model, 12)
    model.fire("representatives_change", organisation="all")
    length = model.orgs.interrupted_until.max() - model.year
    expected = mech.INTERRUPTION_YEARS * (1 - mech.RECORDS_SHORTENING * model.records)
    assert length == pytest.approx(expected)
    if records == 0.0:
        assert length == pytest.approx(mech.INTERRUPTION_YEARS)
    else:
        assert length < (1 - 0.5 * mech.RECORDS_SHORTENING) * mech.INTERRUPTION_YEARS


def test_an_ordinary_leaving_representative_interrupts_and_others_do_not(make_model):
    model = make_model(turnover=0.0, existing_network=0.3)
    step_n(model, 6)
    org = int(np.flatnonzero(np.array(_representatives(model), dtype=object) != None)[0])  # noqa: E711
    rep = turnover.representative(model, org)
    others = [s for s in np.flatnonzero(model.staff.org == org) if s != rep and model.staff.present[s]]
    if others:
        turnover.leave(model, others[0])
        if turnover.representative(model, org) == rep:
            assert model.orgs.interrupted_until[org] < model.year
    turnover.leave(model, turnover.representative(model, org))
    assert model.orgs.interrupted_until[org] > model.year
