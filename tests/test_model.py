"""Mesa integration: the model, its agents, its data collection and determinism."""

from __future__ import annotations

import copy
import dataclasses
import gc
import math
import pickle

import mesa
import numpy as np
import pytest
from helpers import CANONICAL_SERIES, series, step_n
from mesa.experimental.mesa_signals import ModelSignals

from collabsim import CollaborationModel, agents, runner
from collabsim.agents import Kartrekker, Organisation, Professional, Resident
from collabsim.outcomes import COLLAPSE_SHARE, COUNT_SERIES, NETWORK_THRESHOLD, SERIES, TIMESERIES, summarise
from collabsim.params import DEFAULT_ORGANISATIONS, KARTREKKER_KINDS, NUMERIC_PRECONDITIONS, PRECONDITIONS
from collabsim.runner import run_model
from collabsim.state import Tally
from collabsim.submodels import turnover as staff_turnover

SHARES = ("cross_domain_ties", "needs_right_domain", "commitment")
COUNTS = ("meetings", "cross_domain_referrals")


def test_the_six_canonical_series_are_declared():
    assert set(CANONICAL_SERIES) <= set(TIMESERIES)


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["internal", "duo"])
def test_the_kartrekker_list_is_mesas_kartrekker_agents(make_model, kind):
    """The model's own list of kartrekkers (kept for speed) is Mesa's Kartrekker agents, in Mesa's order."""
    model = make_model(
        kartrekker=kind, turnover=0.8, funding_years=1.0,
        events=[{"year": 0.5, "type": "kartrekker_leaves"}, {"year": 2.0, "type": "kartrekker_leaves"}],
    )
    seen = set()
    for _ in range(60):
        model.step()
        held = model.agents_by_type.get(Kartrekker)
        assert model.kartrekkers == (list(held) if held else [])
        assert model.kartrekker_active == bool(held)
        seen.add(len(model.kartrekkers))
    assert len(seen) > 1  # the role was held and vacant


def test_model_is_a_mesa_model_with_four_agent_classes(make_model):
    model = make_model(kartrekker="internal", residents=50)
    assert isinstance(model, mesa.Model)
    assert set(model.agents_by_type) == {Organisation, Professional, Resident, Kartrekker}
    for cls in (Organisation, Professional, Resident, Kartrekker):
        assert issubclass(cls, mesa.Agent)
    assert all(isinstance(a, mesa.Agent) for a in model.agents)
    assert all(a.model is model for a in model.agents)
    ids = [a.unique_id for a in model.agents]
    assert len(ids) == len(set(ids))


def _registered(model: mesa.Model) -> tuple:
    """What Mesa knows of a model's agents: ids, types and attributes, in registration order."""
    def entry(a):
        return a.unique_id, type(a).__name__, a.pos, a.model is model, getattr(a, "index", getattr(a, "slot", None))
    by_type = {cls.__name__: [entry(a) for a in agents] for cls, agents in model.agents_by_type.items()}
    return [entry(a) for a in model.agents], by_type, model.agent_id_counter


@pytest.mark.parametrize("before", [0, 3])
def test_residents_created_in_bulk_are_registered_as_mesa_registers_each(before):
    bulk, each = mesa.Model(rng=1), mesa.Model(rng=1)
    for model in (bulk, each):  # agents registered before, as the model's organisations and staff are
        for _ in range(before):
            mesa.Agent(model)
    made = Resident.create_all(bulk, 40)
    [Resident(each, i) for i in range(40)]
    assert _registered(bulk) == _registered(each)
    assert [r.index for r in made] == list(range(40))
    made[7].remove()  # Mesa's own removal works on them
    next(r for r in each.agents_by_type[Resident] if r.index == 7).remove()
    assert _registered(bulk) == _registered(each)
    Resident(bulk, 40), Resident(each, 40)  # and agents made after them follow on
    assert _registered(bulk) == _registered(each)


def test_residents_created_in_bulk_are_announced_to_a_subscriber():
    model = mesa.Model(rng=1)
    added = []

    def tell(signal):
        added.append(signal)

    model.observe("agents", ModelSignals.AGENT_ADDED, tell)  # Mesa holds a weak reference to it
    Resident.create_all(model, 5)
    assert len(added) == 5  # one signal per resident, as Mesa emits them


def test_a_model_registers_its_residents_as_one_by_one(make_model, monkeypatch):
    bulk = make_model(residents=30)
    monkeypatch.setattr(Resident, "create_all", classmethod(lambda cls, model, n: [cls(model, i) for i in range(n)]))
    assert _registered(make_model(residents=30)) == _registered(bulk)


def test_professionals_come_and_go_as_mesa_registers_them(make_model, monkeypatch):
    """Professionals registered and removed quietly (no one listening) leave Mesa's records as its own way does."""
    quiet = make_model(residents=20, turnover=0.8, reorganisation_rate=0.5)
    quietly = agents.announced

    def announced(cls, model, signal):  # every agent of any other model registered and removed by Mesa itself
        return model is not quiet or quietly(cls, model, signal)

    monkeypatch.setattr(agents, "announced", announced)
    mesas = make_model(residents=20, turnover=0.8, reorganisation_rate=0.5)
    start = {a.unique_id for a in quiet.agents_by_type[Professional]}
    for _ in range(24):
        assert _registered(quiet) == _registered(mesas)
        quiet.step(), mesas.step()
    assert _registered(quiet) == _registered(mesas)
    now = {a.unique_id for a in quiet.agents_by_type[Professional]}
    assert start - now  # professionals left
    assert now - start  # and successors came


def test_professionals_coming_and_going_are_announced_to_a_subscriber(make_model):
    model = make_model(residents=20)
    signals = []

    def tell(signal):
        signals.append(signal.signal_type)

    model.observe("agents", ModelSignals.AGENT_ADDED, tell)
    model.observe("agents", ModelSignals.AGENT_REMOVED, tell)
    leaver = model.professionals[3]
    staff_turnover.leave(model, 3)
    assert leaver not in model.agents
    assert signals == [ModelSignals.AGENT_REMOVED]
    staff_turnover.fill(model, 3)
    assert model.professionals[3] in model.agents_by_type[Professional]
    assert signals == [ModelSignals.AGENT_REMOVED, ModelSignals.AGENT_ADDED]


def test_agent_counts_follow_the_default_neighbourhood(make_model):
    model = make_model(residents=123)
    n_orgs = sum(int(o["count"]) for o in DEFAULT_ORGANISATIONS)
    n_prof = sum(int(o["count"]) * int(o["staff"]) for o in DEFAULT_ORGANISATIONS)
    assert len(model.agents_by_type[Organisation]) == n_orgs
    assert len(model.agents_by_type[Professional]) == n_prof
    assert len(model.agents_by_type[Resident]) == 123
    assert len(model.agents_by_type[Kartrekker]) == 1
    assert len(model.agents) == n_orgs + n_prof + 123 + 1


def test_agent_counts_follow_a_given_neighbourhood(make_model):
    orgs = [
        {"type": "gp_practice", "name": "GP", "count": 2, "staff": 3},
        {"type": "wijkteam", "staff": 5},
        {"type": "ggd", "staff": 2, "board_support": 0.9},
    ]
    model = make_model(organisations=orgs, residents=40, kartrekker="duo")
    assert [o.name for o in model.organisations] == ["GP 1", "GP 2", "wijkteam", "ggd"]
    assert len(model.agents_by_type[Professional]) == 2 * 3 + 5 + 2
    assert len(model.agents_by_type[Resident]) == 40
    assert len(model.agents_by_type[Kartrekker]) == 2
    ggd = model.organisations[3]
    assert ggd.board_support == 0.9
    assert ggd.domain == "public_health"
    staff_per_org = np.bincount(model.staff.org, minlength=4)
    np.testing.assert_array_equal(staff_per_org, [3, 3, 5, 2])
    for p in model.agents_by_type[Professional]:
        assert p.domain == p.organisation.domain


@pytest.mark.parametrize(("kind", "count"), [("none", 0), ("internal", 1), ("external", 1), ("duo", 2)])
def test_kartrekker_count_by_kind(make_model, kind, count):
    model = make_model(kartrekker=kind, residents=10)
    assert len(model.kartrekkers) == count
    assert model.kartrekker_active == (count > 0)


def test_unknown_kartrekker_kind_is_refused():
    with pytest.raises(ValueError, match="kartrekker"):
        CollaborationModel(kartrekker="extern", rng=1)


@pytest.mark.parametrize("horizon", [0.5, 1.5, 3])
def test_running_stops_at_the_horizon(make_model, horizon):
    model = make_model(horizon=horizon)
    steps = 0
    while model.running:
        model.step()
        steps += 1
        assert steps <= 1000
    assert steps == round(horizon * 12)
    assert model.steps == steps
    assert model.year == pytest.approx(horizon)
    for name in CANONICAL_SERIES:
        assert len(model.datacollector.model_vars[name]) == steps + 1


def test_datacollector_has_the_canonical_series_from_step_0(make_model):
    model = make_model()
    df0 = model.datacollector.get_model_vars_dataframe()
    assert len(df0) == 1  # the initial state, collected at construction
    assert set(CANONICAL_SERIES) <= set(df0.columns)
    assert df0["meetings"].iloc[0] == 0
    assert df0["cross_domain_referrals"].iloc[0] == 0
    step_n(model, 5)
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == 6


def test_the_datacollector_holds_the_recorded_series_at_every_read(make_model):
    """Mesa's DataCollector is filled from the model's own record when read: the same values, counts as ints."""
    model = make_model()
    for steps in (2, 3):
        step_n(model, steps)
        collected = model.datacollector
        assert collected is model.datacollector
        assert collected._collection_steps == [float(t) for t in range(model.steps + 1)]  # what batch_run reads
        for name in SERIES:
            values = collected.model_vars[name]
            assert np.array_equal(np.asarray(values, dtype=float), series(model, name))
            assert all(isinstance(v, int) for v in values) == (name in COUNT_SERIES)


def test_existing_network_sets_the_initial_tie_density(make_model):
    empty = make_model(existing_network=0.0)
    dense = make_model(existing_network=0.6)
    assert series(empty, "cross_domain_ties")[0] == 0.0
    assert series(dense, "cross_domain_ties")[0] == pytest.approx(0.6, abs=0.1)


# --- ranges at parameter corners -------------------------------------------------------------

LOW = {name: PRECONDITIONS[name].low for name in NUMERIC_PRECONDITIONS}
HIGH = {name: PRECONDITIONS[name].high for name in NUMERIC_PRECONDITIONS}
CORNERS = {
    "all_low": {**LOW, "kartrekker": "none"},
    "all_low_internal": {**LOW, "kartrekker": "internal"},
    "all_high": {**HIGH, "kartrekker": "duo"},
    "all_high_none": {**HIGH, "kartrekker": "none"},
    **{f"baseline_{kind}": {"kartrekker": kind} for kind in KARTREKKER_KINDS},
    "no_residents": {"residents": 0},
    "tiny_neighbourhood": {
        "organisations": [{"type": "gp_practice", "staff": 1}, {"type": "welfare", "staff": 1}],
        "turnover": 0.5,
        "residents": 20,
    },
}


@pytest.mark.parametrize("corner", CORNERS, ids=list(CORNERS))
def test_series_stay_in_range(corner):
    params = {"horizon": 6, "residents": 300, **CORNERS[corner]}
    _, ts = run_model(params, seed=3)
    n = 6 * 12 + 1
    for name in CANONICAL_SERIES:
        values = ts[name]
        assert values.shape == (n,), name
        assert not np.isnan(values).any(), name
        assert np.isfinite(values).all(), name
    for name in SHARES:
        assert ts[name].min() >= 0.0, name
        assert ts[name].max() <= 1.0, name
    for name in COUNTS:
        assert ts[name].min() >= 0, name
        np.testing.assert_array_equal(ts[name], np.round(ts[name]))
    assert set(np.unique(ts["kartrekker_active"])) <= {0.0, 1.0}
    if params.get("kartrekker") == "none":
        assert np.all(ts["kartrekker_active"] == 0)


@pytest.mark.parametrize("corner", ["all_low", "all_high", "baseline_duo"])
def test_summary_outcomes_in_range(corner):
    summary, _ = run_model({"horizon": 6, "residents": 300, **CORNERS[corner]}, seed=4)
    assert summary["sustained"] >= 0.0
    ttn, collapse = summary["time_to_network"], summary["collapse_year"]
    assert math.isnan(ttn) or 0.0 <= ttn <= 6.0
    assert math.isnan(collapse) or (not math.isnan(ttn) and ttn < collapse <= 6.0)


# --- determinism -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["internal", "duo"])
def test_same_seed_same_run(baseline_params, kind):
    params = {**baseline_params, "horizon": 4, "kartrekker": kind, "turnover": 0.3, "reorganisation_rate": 0.3}
    s1, t1 = run_model(params, seed=99)
    s2, t2 = run_model(params, seed=99)
    assert s1.keys() == s2.keys()
    for key in s1:
        np.testing.assert_equal(s1[key], s2[key])
    for name in t1:
        np.testing.assert_array_equal(t1[name], t2[name])


def test_different_seed_different_run(baseline_params):
    params = {**baseline_params, "horizon": 4}
    _, t1 = run_model(params, seed=99)
    _, t2 = run_model(params, seed=100)
    assert not np.array_equal(t1["cross_domain_ties"], t2["cross_domain_ties"])
    assert not np.array_equal(t1["cross_domain_referrals"], t2["cross_domain_referrals"])


def test_same_seed_same_model_state(make_model):
    a = step_n(make_model(rng=5), 24)
    b = step_n(make_model(rng=5), 24)
    np.testing.assert_array_equal(a.staff.trust, b.staff.trust)
    np.testing.assert_array_equal(a.staff.knowledge, b.staff.knowledge)
    assert a.event_log == b.event_log


def test_the_callers_event_list_is_not_consumed(make_model):
    events = [{"type": "funding_stops", "year": 0.5}]
    step_n(make_model(events=events, horizon=1), 12)
    assert events == [{"type": "funding_stops", "year": 0.5}]


# --- summarise on hand-made series ----------------------------------------------------------------

SPY = 4  # steps per year in the hand-made series
T = NETWORK_THRESHOLD


def made(ties: list[float]) -> dict[str, np.ndarray]:
    n = len(ties)
    return {
        **{name: np.zeros(n) for name in SERIES},
        "cross_domain_ties": np.array(ties, dtype=float),
        "meetings": np.zeros(n),
        "cross_domain_referrals": np.zeros(n),
        "needs_right_domain": np.full(n, 0.5),
        "commitment": np.full(n, 0.5),
        "kartrekker_active": np.ones(n),
    }


def test_summarise_network_forms_and_lasts():
    ties = [0.0] * 9 + [T] + [1.5 * T] * 11  # threshold first reached at step 9 = year 2.25
    out = summarise(made(ties), SPY)
    assert out["time_to_network"] == pytest.approx(9 / SPY)
    assert math.isnan(out["collapse_year"])
    assert out["sustained"] == pytest.approx(1.5)  # 1.5 times the working level, not capped


def test_summarise_never_forms():
    ties = [0.99 * T] * 21
    out = summarise(made(ties), SPY)
    assert math.isnan(out["time_to_network"])
    assert math.isnan(out["collapse_year"])
    assert out["sustained"] == pytest.approx(0.99)


def test_summarise_collapse_after_having_worked():
    half = COLLAPSE_SHARE * T
    # forms at step 4 (year 1), dips to just above half the threshold (no collapse), falls below at step 14
    ties = [0.0] * 4 + [2 * T] * 6 + [1.01 * half] * 4 + [0.5 * half] * 3 + [0.0] * 4
    out = summarise(made(ties), SPY)
    assert out["time_to_network"] == pytest.approx(1.0)
    assert out["collapse_year"] == pytest.approx(14 / SPY)
    assert out["sustained"] == pytest.approx(0.0)


def test_summarise_low_start_is_not_a_collapse():
    ties = [0.0] * 8 + [T] * 13  # below half the threshold before forming: not a collapse
    out = summarise(made(ties), SPY)
    assert out["time_to_network"] == pytest.approx(2.0)
    assert math.isnan(out["collapse_year"])


def test_summarise_sustained_is_the_last_year_mean_density_over_the_working_level():
    # last year (4 steps): 0.75T, T, 2T, 0 -> x/T = 0.75, 1, 2, 0 -> mean 0.9375 (not capped)
    ties = [T] * 9 + [0.75 * T, T, 2 * T, 0.0]
    out = summarise(made(ties), SPY)
    assert out["sustained"] == pytest.approx(0.9375)
    rich = summarise(made([T] * 9 + [2 * T] * 4), SPY)
    barely = summarise(made([T] * 9 + [T] * 4), SPY)
    assert rich["sustained"] == pytest.approx(2 * barely["sustained"])  # a rich network scores higher
    assert out["time_to_network"] == 0.0
    assert out["collapse_year"] == pytest.approx(12 / SPY)


def test_summarise_extra_outcomes():
    s = made([0.0] * 9)  # two years at 4 steps a year
    s["cross_domain_referrals"] = np.array([100, 1, 2, 3, 4, 5, 6, 7, 8], dtype=float)  # index 0 ignored
    s["kartrekker_active"] = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0], dtype=float)
    s["cross_domain_ties"][3] = 0.4
    out = summarise(s, SPY)
    assert out["referrals_per_year"] == pytest.approx(36 / 2)
    assert out["kartrekker_years"] == pytest.approx(5 / SPY)
    assert out["peak_ties"] == pytest.approx(0.4)
    assert out["mean_needs_right_domain"] == pytest.approx(0.5)


# --- the registry and the model agree ------------------------------------------------------------


def test_model_keyword_defaults_are_the_registrys():
    import inspect

    from collabsim.scenario import Scenario

    defaults = {k: v.default for k, v in inspect.signature(CollaborationModel.__init__).parameters.items()}
    for name, p in PRECONDITIONS.items():
        assert defaults[name] == p.default, name
    scenario = Scenario().model_kwargs()  # an empty scenario file: the baseline defaults
    for key in ("residents", "resident_trust", "horizon", *PRECONDITIONS):
        assert scenario[key] == defaults[key], key
    assert scenario["organisations"] == [
        {"name": o["name"], "board_support": None, "hour_cost_eur": None, "partner": True}
        | {k: o[k] for k in ("type", "count", "staff")}
        for o in DEFAULT_ORGANISATIONS
    ]


def test_every_precondition_has_a_range_or_levels():
    for p in PRECONDITIONS.values():
        if p.categorical:
            assert p.default in p.levels
        else:
            assert p.low <= p.default <= p.high, p.name


def test_a_process_lets_its_runs_young_objects_die_before_the_collector_walks_them(baseline_params):
    run_model({**baseline_params, "horizon": 0.5}, 1)
    settled = gc.get_threshold()
    assert settled[0] == runner.YOUNG_OBJECTS  # set once the process runs models
    collections = []

    def count(phase, info):
        collections.append(phase)

    def runs() -> int:
        gc.collect()
        collections.clear()
        gc.callbacks.append(count)
        try:
            for seed in range(6):
                run_model(baseline_params, seed)
        finally:
            gc.callbacks.remove(count)
        return collections.count("start")

    roomy = runs()
    gc.set_threshold(700, *settled[1:])  # CPython's default
    try:
        default = runs()
    finally:
        gc.set_threshold(*settled)
    assert roomy < default / 2  # about 0.2 collections a run against 2


def test_a_process_settles_its_heap_once_before_its_first_run(baseline_params):
    runner.settle_heap.cache_clear()
    gc.unfreeze()
    run_model({**baseline_params, "horizon": 0.5}, 1)
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # the libraries' objects, frozen before the run
    run_model({**baseline_params, "horizon": 0.5}, 2)
    assert gc.get_freeze_count() == frozen  # once per process: later runs' objects stay collectable


def _former_empty(n: int, n_orgs: int) -> Tally:
    """Tally.empty as the step called it each month before the reset in place (the reference)."""
    return Tally(
        contact=np.zeros((n, n), dtype=bool),
        org_cross_needs=np.zeros(n_orgs),
        org_referrals=np.zeros(n_orgs),
        org_needs=np.zeros(n_orgs),
        org_received=np.zeros(n_orgs),
        attended=np.zeros(n),
        introduced=np.zeros(n),
    )


def test_a_tally_reset_in_place_is_a_new_empty_one(make_model):
    model = make_model(knowledge_exchange=12.0)
    tally = model.tally
    arrays = {k: id(v) for k, v in vars(tally).items() if isinstance(v, np.ndarray)}
    for _ in range(6):
        model.step()
    assert model.tally is tally
    assert {k: id(v) for k, v in vars(tally).items() if k in arrays} == arrays
    rng = np.random.default_rng(5)
    for f in dataclasses.fields(Tally):  # every field written, as a month would
        value = getattr(tally, f.name)
        if isinstance(value, np.ndarray):
            value[...] = rng.random(value.shape) < 0.5 if value.dtype == bool else rng.random(value.shape)
        else:
            setattr(tally, f.name, 7)
    tally.reset()
    expected = _former_empty(model.staff.n, len(model.orgs.names))
    assert {f.name for f in dataclasses.fields(Tally)} == set(vars(expected)) == set(vars(tally))
    for name, value in vars(expected).items():
        got = getattr(tally, name)
        if isinstance(value, np.ndarray):
            assert got.dtype == value.dtype, name
            assert got.shape == value.shape, name
            assert np.array_equal(got, value), name
        else:
            assert type(got) is type(value), name
            assert got == value, name
    assert vars(Tally.empty(model.staff.n, len(model.orgs.names))).keys() == vars(expected).keys()


def _rows_are_views_of_their_groups(tally: Tally) -> bool:
    groups = ((tally.org_flows, Tally.ORG_FLOWS), (tally.post_flows, Tally.POST_FLOWS))
    return all(getattr(tally, name).base is group for group, names in groups for name in names)


@pytest.mark.parametrize("duplicate", [copy.deepcopy, copy.copy, lambda t: pickle.loads(pickle.dumps(t))],
                         ids=["deepcopy", "copy", "pickle"])  # fmt: skip
def test_a_tallys_flows_stay_rows_of_their_group_in_a_copy(make_model, duplicate):
    """The referrals' kernel writes a month's organisation flows into ``org_flows`` (s.7.7); the
    flows read by name (results, s.7.9) are its rows, in every copy of a tally too."""
    model = make_model()
    for _ in range(3):
        model.step()
    tally = model.tally
    assert _rows_are_views_of_their_groups(tally)
    assert tally.org_flows.any()
    twin = duplicate(tally)
    assert _rows_are_views_of_their_groups(twin)
    for name in (*Tally.ORG_FLOWS, *Tally.POST_FLOWS, "org_flows", "post_flows", "contact"):
        assert np.array_equal(getattr(twin, name), getattr(tally, name)), name
    for i, name in enumerate(Tally.ORG_FLOWS):
        twin.org_flows[i] += 1.0
        assert np.array_equal(getattr(twin, name), twin.org_flows[i]), name


def _fields(model: mesa.Model) -> list:
    """Every agent's class and own attributes, in the order they were set, in registration order."""
    return [(type(a).__name__, [(k, v) for k, v in vars(a).items() if k != "model"]) for a in model.agents]


@pytest.mark.parametrize("kwargs", [{"kartrekker": "duo"}, {"kartrekker": "none", "residents": 0}])
def test_a_model_makes_every_agent_as_mesa_makes_each(make_model, monkeypatch, kwargs):
    """Organisations, professionals and residents made in bulk (no one listening) are the agents that
    Mesa's own one-by-one way makes: ids, registration, attributes and their order."""
    quiet = make_model(**kwargs)
    monkeypatch.setattr(agents, "announced", lambda cls, model, signal: True)  # Mesa registers every agent
    mesas = make_model(**kwargs)
    assert _registered(quiet) == _registered(mesas)
    assert _fields(quiet) == _fields(mesas)
    assert quiet.organisations == list(quiet.agents_by_type[Organisation])
    assert quiet.professionals == list(quiet.agents_by_type[Professional])
    assert [o.index for o in quiet.organisations] == list(range(len(quiet.orgs.names)))


@pytest.mark.parametrize("before", [0, 3])
def test_organisations_made_in_bulk_are_registered_as_mesa_registers_each(before):
    bulk, each = mesa.Model(rng=1), mesa.Model(rng=1)
    for model in (bulk, each):
        for _ in range(before):
            mesa.Agent(model)
    rows = [("a", "gp_practice"), ("b", "pharmacy"), ("c", "ggd")]
    made = Organisation.create_all(bulk, rows)
    [Organisation(each, i, name, kind) for i, (name, kind) in enumerate(rows)]
    assert _registered(bulk) == _registered(each)
    assert _fields(bulk) == _fields(each)
    made[1].remove()  # Mesa's own removal works on them
    next(o for o in each.agents_by_type[Organisation] if o.index == 1).remove()
    assert _registered(bulk) == _registered(each)
    Organisation(bulk, 3, "d", "ggd"), Organisation(each, 3, "d", "ggd")  # and agents made after them follow on
    assert _registered(bulk) == _registered(each)


def test_organisations_made_in_bulk_are_announced_to_a_subscriber():
    added = []

    def tell(signal):
        added.append(signal)

    model = mesa.Model(rng=1)
    model.observe("agents", ModelSignals.AGENT_ADDED, tell)
    Organisation.create_all(model, [("a", "gp_practice"), ("b", "pharmacy")])
    assert len(added) == 2


@pytest.mark.parametrize("organisations", [None, [{"type": "ggd", "staff": 3}, {"type": "welfare", "staff": 2}]])
def test_staff_start_with_each_domains_posts_and_ties_drawn_above_the_diagonal(make_model, organisations):
    """Staff.build: each domain's posts (a block of slots) and the first ties, as np.triu kept them."""
    model = make_model(organisations=organisations, existing_network=1.0)
    staff = model.staff
    for d, members in enumerate(staff.domain_members):
        assert members.dtype == np.flatnonzero(staff.domain == d).dtype
        assert np.array_equal(members, np.flatnonzero(staff.domain == d))
    assert staff.trust.any()
    assert np.array_equal(staff.trust, staff.trust.T)
    assert np.array_equal(np.triu(staff.trust, 1) + np.triu(staff.trust, 1).T, staff.trust)


@pytest.mark.parametrize("horizon", [0.01, 1.0, 2.5])
def test_run_model_runs_the_months_stepping_while_running_runs(horizon):
    """runner.run_model advances Mesa's clock to the horizon (``run_for``); that is the months stepping
    while ``running`` runs, one at least, with the same series."""
    from collabsim.outcomes import SERIES, recorded
    from collabsim.runner import run_model

    _, series = run_model({"horizon": horizon}, 3)
    model = CollaborationModel(horizon=horizon, rng=3)
    while model.running:
        model.step()
    assert len(series["cross_domain_ties"]) == model.steps + 1 == max(2, round(12 * horizon) + 1)
    for name in SERIES:
        assert np.array_equal(series[name], recorded(model, name), equal_nan=True)
