"""The compiled turnover (ODD s.7.10) agrees with the numpy version it replaces.

The numpy versions of ``turnover.turn_over``, ``leave`` and ``fill`` (and of
``state.draw_motivation``), as they were before the kernels, are kept here as the reference: two
models run side by side, one with the reference patched in, and their whole state must agree bit for
bit, month by month (several seeds, high turnover, reorganisations, events that make professionals
leave, constant sets drawn over the registry's ranges). The kernels are also checked against the
functions of mechanisms.py they re-implement, and the representative against the numpy pick.
"""

from __future__ import annotations

import contextlib
import copy
from unittest import mock

import numpy as np
import pytest

from collabsim import constants
from collabsim import mechanisms as mech
from collabsim.agents import Professional
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.state import _MEAN_GUARD
from collabsim.submodels import joint_work, turnover

FEW_ORGANISATIONS = [o for o in DEFAULT_ORGANISATIONS if o["type"] in ("gp_practice", "ggd", "wijkteam")]
EVENTS = [{"type": "staff_rotation", "year": 0.75, "share": 0.4},
          {"type": "representatives_change", "year": 1.25, "organisation": "all"},
          {"type": "reorganisation", "year": 0.5, "organisation": "wijkteam", "duration": 1.0},
          {"type": "reorganisation", "year": 1.0, "organisation": "gp_practice"}]  # fmt: skip
#: (HANDOVER_SHARE and KNOWLEDGE_HANDOVER not powers of 2, so the order of their products matters)
A_CONSTANT_SET = {"HANDOVER_SHARE": 0.55, "KNOWLEDGE_HANDOVER": 0.35, "KNOWLEDGE_FLOOR": 0.15,
                  "CONNECTOR_BOOST": 0.7, "CONNECTOR_MOTIVATION_BONUS": 0.3, "MOTIVATION_BETA": 1.3,
                  "WORKING_TIE": 0.45, "INTERRUPTION_YEARS": 0.9, "RECORDS_SHORTENING": 0.6,
                  "REORGANISATION_TURNOVER": 3.0, "VACANCY_FILL_RATE": 7.0}  # fmt: skip


def drawn_constant_set(seed: int) -> dict[str, float]:
    """Every constant a constant set may replace, drawn uniformly over the registry's range (as
    benchmarks/same_outputs.py draws them)."""
    rng = np.random.default_rng(seed)
    allowed = mech.calibratable()
    return {c.name: float(c.low + (c.high - c.low) * rng.random()) for c in constants.selected() if c.name in allowed}


# --- the numpy versions, as they were before the kernels (the reference) --------------------


def turn_over_with_numpy(model) -> None:
    """turnover.turn_over before its kernels."""
    staff, orgs = model.staff, model.orgs
    u = model.rng_staff.random((2, staff.n))
    if orgs.reorganising:
        p_leave = model.p_leave[(orgs.reorg_until[staff.org] > model.year).astype(np.int64)]
    else:
        p_leave = model.p_leave[0]
    for slot in (staff.present & (u[0] < p_leave)).nonzero()[0].tolist():
        leave_with_numpy(model, slot)
    arrive = ~staff.present & (u[1] < model.p_fill)
    for slot in arrive.nonzero()[0].tolist():
        fill_with_numpy(model, slot)


def leave_with_numpy(model, slot: int) -> None:
    """turnover.leave before its kernel."""
    staff = model.staff
    if representative_with_numpy(model, int(staff.org[slot])) == slot:
        turnover.interrupt(model, int(staff.org[slot]))
    staff.handover[slot] = mech.handover_ties(staff.trust[slot], model.records)
    staff.handover_knowledge[slot] = staff.knowledge[slot]
    staff.trust[slot, :] = 0.0
    staff.trust[:, slot] = 0.0
    staff.present[slot] = False
    staff.pools = None
    model.language = mech.lose_common_language(model.language, model.records, int(np.count_nonzero(staff.present)))
    model.professionals[slot].remove()
    model.professionals[slot] = None


def fill_with_numpy(model, slot: int) -> None:
    """turnover.fill before its kernel."""
    staff = model.staff
    rng = model.rng_staff
    inherited = staff.handover[slot] * staff.present
    staff.trust[slot, :] = inherited
    staff.trust[:, slot] = inherited
    staff.connector[slot] = rng.random() < model.connector_share
    c = staff.connector.astype(float)
    staff.connector_pairs[slot, :] = staff.connector_pairs[:, slot] = 1.0 + mech.CONNECTOR_BOOST * (c[slot] + c)
    staff.base_motivation[slot] = draw_motivation_with_numpy(
        rng, staff.connector[slot : slot + 1], model.staff_motivation
    )[0]
    staff.motivation[slot] = staff.base_motivation[slot]
    floor = mech.KNOWLEDGE_FLOOR
    staff.knowledge[slot] = floor + mech.KNOWLEDGE_HANDOVER * model.records * (staff.handover_knowledge[slot] - floor)
    staff.present[slot] = True
    model.professionals[slot] = Professional(model, slot, successor=True)
    staff.pools = None


def draw_motivation_with_numpy(rng: np.random.Generator, connector: np.ndarray, mean: float) -> np.ndarray:
    """state.draw_motivation before its shapes were a function of their own."""
    k, bonus = 2.0 * mech.MOTIVATION_BETA, mech.CONNECTOR_MOTIVATION_BONUS
    m = min(max(mean, _MEAN_GUARD), 1.0 - _MEAN_GUARD)
    return np.minimum(np.maximum(rng.beta(k * m, k * (1.0 - m), connector.shape[0]) + bonus * connector, 0.0), 1.0)


def representative_with_numpy(model, org: int) -> int | None:
    """turnover.representative before its kernel (the reference)."""
    staff = model.staff
    posts = staff.posts_of(org)
    members = posts[staff.present[posts]]
    if members.size == 0:
        return None
    ties = staff.trust.take(members, axis=0)
    working = (ties >= mech.WORKING_TIE) & staff.cross.take(members, axis=0) & staff.present
    degree = working.sum(axis=1)
    best = int(degree.argmax())
    return int(members[best]) if degree[best] > 0 else None


@contextlib.contextmanager
def numpy_versions():
    """The model's step, its events and the experiments' removals with the reference turnover."""
    with (
        mock.patch.object(joint_work, "work", joint_work.one_by_one),  # each submodel's Python function
        mock.patch.object(turnover, "turn_over", turn_over_with_numpy),
        mock.patch.object(turnover, "leave", leave_with_numpy),
        mock.patch.object(turnover, "fill", fill_with_numpy),
        mock.patch.object(turnover, "representative", representative_with_numpy),
    ):
        yield


def _state(model) -> dict:
    """Everything turnover reads or writes (and what follows from it), the streams' states and the agents."""
    state = {f"staff.{k}": v for k, v in vars(model.staff).items() if isinstance(v, np.ndarray)}
    state |= {f"orgs.{k}": v for k, v in vars(model.orgs).items() if isinstance(v, np.ndarray)}
    state |= {f"people.{k}": v for k, v in vars(model.people).items() if isinstance(v, np.ndarray)}
    for name in ("language", "urgency", "records", "visible_success", "success_rate"):
        state[name] = getattr(model, name)
    for name in ("rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]["state"]
    state["pools rebuilt"] = model.staff.pools is None
    state["language type"] = type(model.language).__name__
    state["agents"] = repr([(type(a).__name__, a.unique_id) for a in model.agents])
    state["professionals"] = repr(
        [None if p is None else (p.unique_id, p.slot, p.successor, p.started) for p in model.professionals]
    )
    state["event log"] = repr(model.event_log)
    return state


def _assert_same(got: dict, expected: dict, when: str) -> None:
    assert got.keys() == expected.keys()
    for name, value in expected.items():
        assert np.array_equal(got[name], value), f"{when}: {name} differs"
        assert np.asarray(got[name]).dtype == np.asarray(value).dtype, f"{when}: {name}'s type differs"


SET_UPS = {
    "baseline": ({}, {}),
    "high_turnover": ({"rng": 2, "turnover": 0.5}, {}),
    "reorganisations": ({"rng": 3, "turnover": 0.5, "reorganisation_rate": 0.5, "events": EVENTS}, {}),
    "few_organisations_records": ({"rng": 4, "turnover": 0.5, "organisations": FEW_ORGANISATIONS,
                                   "agreements_recorded": 0.9, "connector_share": 0.7, "staff_motivation": 1.0}, {}),
    "constant_set": ({"rng": 5, "turnover": 0.5, "reorganisation_rate": 0.3, "events": EVENTS}, A_CONSTANT_SET),
    "drawn_constant_set": ({"rng": 6, "turnover": 0.5, "existing_network": 0.4, "staff_motivation": 0.2},
                           drawn_constant_set(20261206)),
}  # fmt: skip


@pytest.mark.parametrize(("kwargs", "constant_values"), SET_UPS.values(), ids=SET_UPS.keys())
def test_turnover_does_what_the_numpy_version_did(make_model, kwargs, constant_values):
    """Two models side by side, month by month: the kernels and the numpy reference (with the
    experiments' removals of professionals fired in both at months 7 and 19)."""
    with mech.constant_set(constant_values):
        kernel, reference = make_model(**kwargs), make_model(**kwargs)
        _assert_same(_state(kernel), _state(reference), "start")
        leavers = successors = interruptions = 0
        for month in range(1, 37):
            present, until = kernel.staff.present.copy(), kernel.orgs.interrupted_until.copy()
            kernel.step()
            with numpy_versions():
                reference.step()
            if month in (7, 19):
                who = "most_connected" if month == 7 else "random_professionals"
                kernel.fire("professionals_leave", who=who, count=3)
                with numpy_versions():
                    reference.fire("professionals_leave", who=who, count=3)
            _assert_same(_state(kernel), _state(reference), f"month {month}")
            leavers += int(np.count_nonzero(present & ~kernel.staff.present))
            successors += int(np.count_nonzero(~present & kernel.staff.present))
            interruptions += int(np.count_nonzero(kernel.orgs.interrupted_until != until))
    assert leavers >= 5
    assert successors >= 5
    assert interruptions >= 1


# --- the kernels against the mechanisms they re-implement ----------------------------------


def _run_months(model, months: int) -> None:
    for _ in range(months):
        model.step()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("constant_values", [{}, A_CONSTANT_SET], ids=["registry", "constant_set"])
def test_leave_is_the_mechanisms(make_model, seed, constant_values):
    """A leaver's handover is mechanisms.handover_ties of her ties, the common language
    mechanisms.lose_common_language; her ties go, and her organisation is interrupted until
    mechanisms.interruption_end exactly when she was its representative."""
    with mech.constant_set(constant_values):
        model = make_model(rng=seed, turnover=0.3, existing_network=0.4)
        _run_months(model, 5)
        staff = model.staff
        interrupted = 0
        for slot in np.flatnonzero(staff.present)[seed::3].tolist():
            org = int(staff.org[slot])
            was_representative = turnover.representative(model, org) == slot
            trust, language = staff.trust.copy(), model.language
            until = model.orgs.interrupted_until.copy()
            agent = model.professionals[slot]
            turnover.leave(model, slot)
            assert np.array_equal(staff.handover[slot], mech.handover_ties(trust[slot], model.records))
            assert staff.handover_knowledge[slot] == staff.knowledge[slot]
            assert not staff.trust[slot].any()
            assert not staff.trust[:, slot].any()
            others = np.arange(staff.n) != slot
            assert np.array_equal(staff.trust[others][:, others], trust[others][:, others])
            assert not staff.present[slot]
            assert staff.pools is None
            expected = mech.lose_common_language(language, model.records, int(np.count_nonzero(staff.present)))
            assert model.language == expected
            assert type(model.language) is type(expected)
            if was_representative:
                until[org] = max(until[org], mech.interruption_end(model.year, model.records))
                interrupted += 1
            assert np.array_equal(model.orgs.interrupted_until, until)
            assert model.professionals[slot] is None
            assert agent not in model.agents
    assert interrupted >= 1


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("constant_values", [{}, A_CONSTANT_SET], ids=["registry", "constant_set"])
def test_fill_is_the_mechanisms(make_model, seed, constant_values):
    """A successor inherits her handover to those present, both ways; her row of the boost is
    mechanisms.connector_boost's; her motivation is state.draw_motivation's with the same stream;
    her knowledge the handed-over share above the floor."""
    with mech.constant_set(constant_values):
        model = make_model(rng=seed, turnover=0.5, connector_share=0.5, existing_network=0.4)
        _run_months(model, 8)
        staff = model.staff
        vacant = np.flatnonzero(~staff.present).tolist()
        assert vacant
        for slot in vacant:
            stream = copy.deepcopy(model.rng_staff)
            connector = stream.random() < model.connector_share
            motivation = draw_motivation_with_numpy(stream, np.array([connector]), model.staff_motivation)[0]
            present = staff.present.copy()
            turnover.fill(model, slot)
            assert model.rng_staff.bit_generator.state == stream.bit_generator.state  # the same draws
            inherited = np.where(present, staff.handover[slot], 0.0)
            assert np.array_equal(staff.trust[slot], inherited)
            assert np.array_equal(staff.trust[:, slot], inherited)
            assert staff.connector[slot] == connector
            assert staff.base_motivation[slot] == motivation == staff.motivation[slot]
            floor = mech.KNOWLEDGE_FLOOR
            knowledge = floor + mech.KNOWLEDGE_HANDOVER * model.records * (staff.handover_knowledge[slot] - floor)
            assert staff.knowledge[slot] == knowledge
            assert staff.present[slot]
            assert staff.pools is None
            agent = model.professionals[slot]
            assert isinstance(agent, Professional)
            assert agent.successor
            assert agent.slot == slot
            assert agent in model.agents
        # every successor's row recomputed as at the start: the whole boost is connector_boost's
        assert np.array_equal(staff.connector_pairs, mech.connector_boost(staff.connector))
        assert np.array_equal(staff.trust, staff.trust.T)


def test_the_motivation_kernel_clips_as_draw_motivation():
    """_fill's motivation (a Beta draw plus the bonus, clipped) is draw_motivation's, also where
    the clip acts (a bonus that takes it above 1, or below 0)."""
    rng = np.random.default_rng(3)
    n = 400
    slots = np.arange(n, dtype=np.int64)
    clipped = set()
    for mean, bonus in ((0.5, 0.2), (0.95, 0.6), (0.05, -0.3), (1.0, 0.0)):
        with mech.constant_set({"CONNECTOR_MOTIVATION_BONUS": bonus}):
            draws = np.empty((2, n))
            draws[0] = rng.random(n)
            connector = draws[0] < 0.5
            a, b = turnover.motivation_shapes(mean)
            draws[1] = np.random.default_rng(9).beta(a, b, n)
            expected = draw_motivation_with_numpy(np.random.default_rng(9), connector, mean)
            base, motivation = np.zeros(n), np.zeros(n)
            turnover._fill(
                slots, draws, 0.5, np.zeros(n, bool), np.zeros((n, n)), np.zeros((n, n)), np.zeros(n, bool),
                np.ones((n, n)), base, motivation, np.zeros(n), np.zeros(n), 0.5, mech.CONNECTOR_MOTIVATION_BONUS,
                0.1, 0.3,
            )  # fmt: skip
        assert np.array_equal(base, expected)
        assert np.array_equal(motivation, expected)
        clipped |= set(expected[(expected == 0.0) | (expected == 1.0)].tolist())
    assert clipped == {0.0, 1.0}  # the clip acted at both ends


def test_a_constant_set_reaches_the_kernels(make_model):
    """The kernels take the constants as arguments at each call: a constant set changes what they compute."""
    model = make_model(rng=3, turnover=0.5, existing_network=0.4, connector_share=0.5)
    _run_months(model, 6)
    registry, patched = copy.deepcopy(model), copy.deepcopy(model)
    for m, values in ((registry, {}), (patched, A_CONSTANT_SET)):
        with mech.constant_set(values):
            for slot in np.flatnonzero(m.staff.present)[:10].tolist():
                turnover.leave(m, slot)
            for slot in np.flatnonzero(~m.staff.present).tolist():
                turnover.fill(m, slot)
    for name in ("handover", "trust", "connector_pairs", "knowledge", "base_motivation"):
        assert not np.array_equal(getattr(registry.staff, name), getattr(patched.staff, name)), name


def test_a_month_without_leavers_or_vacancies_changes_nothing_but_the_stream(make_model):
    model = make_model(rng=1, turnover=0.0)
    before = _state(model)
    model.p_fill = 0.0
    turnover.turn_over(model)
    after = _state(model)
    for name, value in before.items():
        if name != "rng_staff":
            assert np.array_equal(after[name], value), name
    assert after["rng_staff"] != before["rng_staff"]


# --- the representative -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("constant_values", [{}, {"WORKING_TIE": 0.45}])
def test_the_representative_kernel_picks_as_numpy(make_model, seed, constant_values):
    model = make_model(rng=seed, residents=50, existing_network=0.3)
    staff, rng = model.staff, np.random.default_rng(seed)
    picked = set()
    with mech.constant_set(constant_values):
        for _ in range(40):  # random states: vacant posts, ties exactly at the working level, ties on degree
            staff.present[:] = rng.random(staff.n) < rng.uniform(0.2, 1.0)
            w = np.triu(
                np.where(
                    rng.random((staff.n, staff.n)) < 0.2, rng.choice([0.1, 0.3, 0.45, 0.6], (staff.n, staff.n)), 0.0
                ),
                1,
            )
            staff.trust[:] = (w + w.T) * staff.present * staff.present[:, None]
            for org in range(len(model.orgs.names)):
                got = turnover.representative(model, org)
                assert got == representative_with_numpy(model, org)
                picked.add(got is None)
    assert picked == {True, False}  # some organisations had a representative, some none


def test_the_compiled_loss_of_common_language_is_the_rule():
    """mechanisms.language_loss_rule (compiled; the turnover kernels call it) gives the bits of the
    rule's formula in Python, on many inputs (counts 0 and 1 too), as lose_common_language does."""
    rng = np.random.default_rng(11)
    for language, records, present in zip(rng.random(2000), rng.random(2000), rng.integers(0, 200, 2000), strict=True):
        language, records, present = float(language), float(records), int(present)
        expected = language * (1.0 - (1.0 - records) / max(1, present))
        assert mech.language_loss_rule(language, records, present) == expected
        assert mech.lose_common_language(language, records, present) == expected


def test_the_compiled_interruption_end_is_the_rule():
    """mechanisms.interruption_end_rule (compiled; the turnover kernel calls it with the constants
    given) gives the bits of the rule's formula, as interruption_end does with the registry's constants."""
    rng = np.random.default_rng(12)
    for year, records, years, shortening in rng.random((1000, 4)).tolist():
        year *= 20.0
        got = mech.interruption_end_rule(year, records, years, shortening)
        assert got == year + years * (1.0 - shortening * records)
        expected = year + mech.INTERRUPTION_YEARS * (1.0 - mech.RECORDS_SHORTENING * records)
        assert mech.interruption_end(year, records) == expected
