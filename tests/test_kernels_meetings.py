"""The compiled meetings (ODD s.7.6) and fading (s.7.8) agree with the numpy versions they replace.

The numpy versions of ``meetings.hold``, ``meet``, ``interrupted_share`` and ``friction`` and of
``fading.fade``, as they were before the kernels, are kept here as the reference: two models run
side by side, one with the reference patched in, and their whole state must agree bit for bit,
month by month (several seeds, odd set-ups, events and a constant set). The kernels are also
checked against the functions of mechanisms.py they re-implement, on random inputs.
"""

from __future__ import annotations

import collections
import contextlib
import copy
from unittest import mock

import numpy as np
import pytest

from collabsim import mechanisms as mech
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.submodels import fading, joint_work, meetings, records

NO_PUBLIC_HEALTH = [o for o in DEFAULT_ORGANISATIONS if o["type"] not in ("ggd", "youth_health")]
FEW_ORGANISATIONS = DEFAULT_ORGANISATIONS[:3]
#: (TIE_GAIN_MEETING not a power of 2, so the order of its products matters)
A_CONSTANT_SET = {"TIE_GAIN_MEETING": 0.37, "CULTURE_BRAKE": 0.45, "HIERARCHY_BRAKE": 2.0, "KNOWLEDGE_GAIN": 0.3,
                  "ATTENDANCE_FACTOR": 4.5, "ATTENDANCE_CAP": 0.85, "TIE_DECAY": 0.35, "TIE_PERSISTENCE": 0.0,
                  "KNOWLEDGE_FORGETTING": 0.7, "KNOWLEDGE_FLOOR": 0.2, "STANDSTILL": 0.9,
                  "RECORDS_AGEING": 0.4}  # fmt: skip
EVENTS = [{"type": "working_session", "year": 0.5}, {"type": "working_session", "year": 1.5},
          {"type": "representatives_change", "year": 1.0, "organisation": "all"}]  # fmt: skip


# --- the numpy versions, as they were before the kernels (the reference) --------------------


def hold_with_numpy(model) -> None:
    """meetings.hold before its kernels."""
    staff = model.staff
    active = model.kartrekker_active
    organiser = 1.0 if active else mech.SELF_ORGANISED_SHARE * model.mean_commitment
    f = model.formalisation
    start_pace = 1.0 - mech.FORMALISATION_SLOWDOWN * f if model.year < mech.FORMALISATION_DELAY * f else 1.0
    standstill = mech.standstill(interrupted_share_with_numpy(model))
    rate = model.knowledge_exchange * organiser * model.budget_factor * start_pace * standstill
    n_meetings = model.rng_meet.poisson(rate * model.dt)
    spare = staff.planned_spare if active else staff.spare
    for _ in range(n_meetings):
        attendees = mech.decide_attendance(model.rng_meet, spare, model.allowed, model.willing, staff.present)
        meet_with_numpy(model, attendees, active, model.rng_meet)


def meet_with_numpy(model, attendees: np.ndarray, active: bool, rng: np.random.Generator) -> None:
    """meetings.meet before its kernel."""
    staff, tally = model.staff, model.tally
    with_residents = rng.random() < model.resident_involvement
    gain = mech.TIE_GAIN_MEETING * staff.connector_pairs * friction_with_numpy(model, active)
    mech.grow_trust_in_meeting(staff.trust, attendees, gain)
    share = np.count_nonzero(attendees) / max(1, int(np.count_nonzero(staff.present)))
    model.language = mech.grow_common_language(model.language, model.shared_vision, share)
    k_gain = mech.KNOWLEDGE_GAIN * (mech.RESIDENT_KNOWLEDGE_FACTOR if with_residents else 1.0)
    mech.learn_other_domains(staff.knowledge, attendees, k_gain)
    met = attendees.nonzero()[0]
    tally.contact[met[:, None], met] = True
    tally.attended += attendees
    if with_residents:
        model.urgency += mech.RESIDENT_URGENCY_GAIN * (1.0 - model.urgency)
    tally.meetings += 1


def interrupted_share_with_numpy(model) -> float:
    orgs = model.orgs
    taking_part = int(np.count_nonzero(orgs.active))
    if not taking_part:
        return 0.0
    return int(np.count_nonzero(orgs.active & (orgs.interrupted_until > model.year))) / taking_part


def friction_with_numpy(model, attended: bool) -> np.ndarray:
    cache = model.friction_cache
    if attended not in cache:
        attention = model.kartrekker_skill if attended else 0.0
        cache[attended] = mech.status_brake(model.staff.status_gap, model.hierarchy, attention)
    return cache[attended] * mech.culture_brake(model.staff.culture_gap, model.language)


def fade_with_numpy(model) -> None:
    """fading.fade before its kernels."""
    staff = model.staff
    mech.decay_ties(staff.trust, model.tally.contact, model.dt)
    mech.forget_other_domains(staff.knowledge, mech.KNOWLEDGE_FLOOR, model.dt)
    if not model.kartrekker_active:
        records.age(model)


@contextlib.contextmanager
def numpy_versions():
    """The model's step (and its events) with the reference versions of meetings and fading."""
    with (
        mock.patch.object(joint_work, "work", joint_work.one_by_one),  # each submodel's Python function
        mock.patch.object(meetings, "hold", hold_with_numpy),
        mock.patch.object(meetings, "meet", meet_with_numpy),
        mock.patch.object(fading, "fade", fade_with_numpy),
    ):
        yield


def _state(model) -> dict:
    """Everything meetings and fading read or write (and what follows from it), with the streams' states."""
    state = {f"staff.{k}": v for k, v in vars(model.staff).items() if isinstance(v, np.ndarray)}
    state |= {f"orgs.{k}": v for k, v in vars(model.orgs).items() if isinstance(v, np.ndarray)}
    state |= {f"tally.{k}": v for k, v in vars(model.tally).items()}
    for name in ("language", "urgency", "records", "allowed", "willing"):
        state[name] = getattr(model, name)
    for name in ("rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]["state"]
    return state


@pytest.mark.parametrize(
    ("kwargs", "constants"),
    [
        ({}, {}),
        ({"rng": 2, "kartrekker": "none", "knowledge_exchange": 40.0}, {}),  # committed partners meet; records age
        ({"rng": 3, "organisations": FEW_ORGANISATIONS, "knowledge_exchange": 20.0}, {}),
        ({"rng": 4, "organisations": NO_PUBLIC_HEALTH, "kartrekker": "duo", "events": EVENTS}, {}),
        ({"rng": 5, "turnover": 0.8, "existing_network": 0.4, "knowledge_exchange": 15.0}, A_CONSTANT_SET),
        ({"rng": 6, "kartrekker": "external", "resident_involvement": 0.9, "events": EVENTS}, A_CONSTANT_SET),
    ],
    ids=["baseline", "no_kartrekker", "few_organisations", "duo_events", "turnover_constant_set",
         "events_constant_set"],
)
def test_meetings_and_fading_do_what_the_numpy_versions_did(make_model, kwargs, constants):
    with mech.constant_set(constants):
        kernel, reference = make_model(**kwargs), make_model(**kwargs)
        meetings_held = 0
        for month in range(1, 31):
            kernel.step()
            with numpy_versions():
                reference.step()
            got, expected = _state(kernel), _state(reference)
            for name, value in expected.items():
                assert np.array_equal(got[name], value), f"month {month}: {name} differs"
                assert np.asarray(got[name]).dtype == np.asarray(value).dtype, name
            meetings_held += kernel.tally.meetings
    assert meetings_held > 5


# --- hold against its former version (91ea445: a meeting at a time, through meet) -----------


def former_hold(model) -> None:
    """meetings.hold at 91ea445: the attendance chance once, then per meeting random(n) and meet."""
    staff = model.staff
    active = model.kartrekker_active
    organiser = 1.0 if active else mech.SELF_ORGANISED_SHARE * model.mean_commitment
    f = model.formalisation
    start_pace = 1.0 - mech.FORMALISATION_SLOWDOWN * f if model.year < mech.FORMALISATION_DELAY * f else 1.0
    standstill = mech.standstill(meetings.interrupted_share(model))
    rate = model.knowledge_exchange * organiser * model.budget_factor * start_pace * standstill
    rng = model.rng_meet
    n_meetings = rng.poisson(rate * model.dt)
    if not n_meetings:
        return
    spare = staff.planned_spare if active else staff.spare
    p = meetings.attendance_chance(spare, model.allowed, model.willing)
    present = staff.present
    for _ in range(n_meetings):
        attendees = present & (rng.random(p.shape[0]) < p)
        former_meet(model, attendees, active, rng)


def former_meet(model, attendees: np.ndarray, active: bool, rng: np.random.Generator) -> None:
    """meetings.meet at 91ea445."""
    staff, tally = model.staff, model.tally
    with_residents = rng.random() < model.resident_involvement
    k_gain = mech.KNOWLEDGE_GAIN * (mech.RESIDENT_KNOWLEDGE_FACTOR if with_residents else 1.0)
    n_attending = meetings._meet(
        attendees, staff.trust, staff.connector_pairs, meetings.status_brake(model, active), staff.culture_gap,
        staff.knowledge, tally.contact, tally.attended,
        mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE * (1.0 - model.language), k_gain,
    )  # fmt: skip
    share = n_attending / max(1, int(np.count_nonzero(staff.present)))
    model.language = mech.grow_common_language(model.language, model.shared_vision, share)
    if with_residents:
        model.urgency += mech.RESIDENT_URGENCY_GAIN * (1.0 - model.urgency)
    tally.meetings += 1


#: every constant hold and its kernel read, none a power of 2
HOLD_CONSTANTS = {"LANGUAGE_GAIN": 0.37, "RESIDENT_URGENCY_GAIN": 0.11, "RESIDENT_KNOWLEDGE_FACTOR": 1.7,
                  "ATTENDANCE_FACTOR": 4.5, "ATTENDANCE_CAP": 0.85, "STANDSTILL": 0.9, "SELF_ORGANISED_SHARE": 0.55,
                  "FORMALISATION_SLOWDOWN": 0.6, "FORMALISATION_DELAY": 2.5, "TIE_GAIN_MEETING": 0.37,
                  "KNOWLEDGE_GAIN": 0.3, "CULTURE_BRAKE": 0.45, "HIERARCHY_BRAKE": 2.0}  # fmt: skip
HOLD_SET_UPS = [
    ({"rng": 1, "knowledge_exchange": 30.0}, {}),
    ({"rng": 2, "kartrekker": "none", "knowledge_exchange": 60.0, "formalisation": 0.9}, {}),
    ({"rng": 3, "kartrekker": "duo", "turnover": 0.6, "resident_involvement": 0.8, "knowledge_exchange": 30.0,
      "events": EVENTS}, {}),
    ({"rng": 4, "organisations": FEW_ORGANISATIONS, "knowledge_exchange": 40.0, "funding_years": 1.0}, {}),
    ({"rng": 5, "turnover": 0.8, "knowledge_exchange": 25.0, "events": EVENTS}, HOLD_CONSTANTS),
    ({"rng": 6, "kartrekker": "none", "knowledge_exchange": 50.0, "shared_vision": 0.9}, HOLD_CONSTANTS),
    ({"rng": 7}, {}),  # the baseline's pace: most months without a meeting
]


@pytest.mark.parametrize(("kwargs", "constants"), HOLD_SET_UPS, ids=[f"set_up_{k}" for k in range(len(HOLD_SET_UPS))])
def test_hold_is_its_former_version(make_model, kwargs, constants):
    """hold (a month's meetings in one draw and one kernel) against hold at 91ea445, month by month:
    every state array, the scalars, the count and every stream's state, exactly."""
    with mech.constant_set(constants):
        new, former = make_model(**kwargs), make_model(**kwargs)
        months_with = collections.Counter()
        for month in range(1, 49):
            new.step()
            with (
                mock.patch.object(joint_work, "work", joint_work.one_by_one),
                mock.patch.object(meetings, "hold", former_hold),
            ):
                former.step()
            got, expected = _state(new), _state(former)
            assert got.keys() == expected.keys()
            for name, value in expected.items():
                assert np.array_equal(got[name], value), f"month {month}: {name} differs"
                assert np.asarray(got[name]).dtype == np.asarray(value).dtype, name
            assert type(new.tally.meetings) is type(former.tally.meetings)
            months_with[min(new.tally.meetings, 2)] += 1
    assert months_with[0] > 0, months_with
    assert months_with[2] >= (0 if kwargs == {"rng": 7} else 3), months_with  # months of two meetings or more


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("constants", [{}, HOLD_CONSTANTS], ids=["registry", "constant_set"])
def test_hold_kernel_is_the_former_meetings_on_random_states(seed, constants):
    """_hold on random states (chances below 0 and above the cap, NaN, nobody present, 0 to 3 meetings)
    against the former month: attendance_chance, then per meeting present & (random(n) < p) and meet's
    arithmetic, from the same draws."""
    rng = np.random.default_rng(seed)
    n, n_meetings = 40, seed % 4
    state = random_meeting(seed, n)
    spare, allowed, willing = rng.uniform(-0.2, 1.0, n), rng.random(n), rng.uniform(0.0, 1.5, n)
    spare[rng.random(n) < 0.05] = np.nan
    present = rng.random(n) < [0.8, 0.0, 0.5, 1.0, 0.9, 0.3, 0.7, 0.6][seed]
    brake, language, urgency = rng.random((n, n)), float(rng.random()), float(rng.random())
    involvement, vision = [0.0, 0.3, 1.0, 0.6][seed % 4], float(rng.random())
    with mech.constant_set(constants):
        draws = rng.random(n_meetings * (n + 1))
        got, expected = copy.deepcopy(state), copy.deepcopy(state)
        p = meetings.attendance_chance(spare, allowed, willing)
        lang, urg = language, urgency
        for k in range(n_meetings):
            u = draws[k * (n + 1) : (k + 1) * (n + 1)]
            attendees = present & (u[:n] < p)
            with_residents = u[n] < involvement
            k_gain = mech.KNOWLEDGE_GAIN * (mech.RESIDENT_KNOWLEDGE_FACTOR if with_residents else 1.0)
            m = meetings._meet(attendees, expected["trust"], state["connector_pairs"], brake, state["culture_gap"],
                               expected["knowledge"], expected["contact"], expected["attended"],
                               mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE * (1.0 - lang), k_gain)  # fmt: skip
            lang = mech.grow_common_language(lang, vision, m / max(1, int(np.count_nonzero(present))))
            if with_residents:
                urg += mech.RESIDENT_URGENCY_GAIN * (1.0 - urg)
        result = meetings._hold(
            draws, spare, allowed, willing, present, got["trust"], state["connector_pairs"], brake,
            state["culture_gap"], got["knowledge"], got["contact"], got["attended"], mech.ATTENDANCE_FACTOR,
            mech.ATTENDANCE_CAP, mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE, mech.KNOWLEDGE_GAIN,
            mech.RESIDENT_KNOWLEDGE_FACTOR, mech.LANGUAGE_GAIN, mech.RESIDENT_URGENCY_GAIN, involvement, vision,
            language, urgency,
        )  # fmt: skip
    assert result == (lang, urg)
    for name in ("trust", "knowledge", "contact", "attended"):
        assert np.array_equal(got[name], expected[name]), name


# --- the kernels against the mechanisms they re-implement, on random inputs ----------------


def random_meeting(seed: int, n: int = 40) -> dict:
    rng = np.random.default_rng(seed)
    trust = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    trust[rng.random((n, n)) < 0.05] = 1.0
    np.fill_diagonal(trust, rng.random(n) * (seed % 2))  # a diagonal the meeting sets to 0
    return {
        "attendees": rng.random(n) < [0.0, 0.03, 0.3, 0.9][seed % 4],  # none, one or two, some, most
        "trust": trust, "connector_pairs": 1.0 + rng.random((n, n)), "status_gap": rng.random((n, n)),
        "culture_gap": rng.random((n, n)) * (rng.random((n, n)) < 0.6), "knowledge": rng.random(n),
        "contact": rng.random((n, n)) < 0.1, "attended": rng.integers(0, 3, n).astype(float),
        "language": float(rng.random()), "hierarchy": float(rng.random()), "attention": float(rng.random()),
    }  # fmt: skip


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET], ids=["registry", "constant_set"])
def test_meet_kernel_is_the_mechanisms(seed, constants):
    """_meet = grow_trust_in_meeting with the friction (status_brake x culture_brake), learn_other_domains,
    the contacts of all attendees and their attendance."""
    k_gain = 0.17
    with mech.constant_set(constants):
        state = random_meeting(seed)
        got, expected = copy.deepcopy(state), copy.deepcopy(state)
        status = mech.status_brake(state["status_gap"], state["hierarchy"], state["attention"])
        friction = status * mech.culture_brake(state["culture_gap"], state["language"])
        mech.grow_trust_in_meeting(expected["trust"], state["attendees"], mech.TIE_GAIN_MEETING *
                                   state["connector_pairs"] * friction)  # fmt: skip
        mech.learn_other_domains(expected["knowledge"], state["attendees"], k_gain)
        met = state["attendees"].nonzero()[0]
        expected["contact"][met[:, None], met] = True
        expected["attended"] += state["attendees"]
        n = meetings._meet(
            got["attendees"], got["trust"], got["connector_pairs"], status, got["culture_gap"], got["knowledge"],
            got["contact"], got["attended"], mech.TIE_GAIN_MEETING, mech.CULTURE_BRAKE * (1.0 - state["language"]),
            k_gain,
        )  # fmt: skip
    assert n == met.size
    for name in ("trust", "knowledge", "contact", "attended"):
        assert np.array_equal(got[name], expected[name]), name


def test_attendance_chance_is_decide_attendance():
    rng = np.random.default_rng(1)
    n = 500
    spare, allowed, willing = rng.uniform(-0.2, 1.0, n), rng.random(n), rng.uniform(0.0, 1.5, n)
    present = rng.random(n) < 0.8
    for constants in ({}, A_CONSTANT_SET):
        with mech.constant_set(constants):
            expected = mech.decide_attendance(np.random.default_rng(7), spare, allowed, willing, present)
            p = meetings.attendance_chance(spare, allowed, willing)
            got = present & (np.random.default_rng(7).random(n) < p)
            formula = spare * allowed * willing * mech.ATTENDANCE_FACTOR  # decide_attendance's p, written out
            assert np.array_equal(p, np.minimum(np.maximum(formula, 0.0), mech.ATTENDANCE_CAP))
            assert np.array_equal(got, expected)
            assert (p == mech.ATTENDANCE_CAP).any()
            assert (p == 0.0).any()


@pytest.mark.parametrize("seed", range(6))
def test_interrupted_share_kernel_is_the_numpy_share(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 20))
    active = rng.random(n) < [0.0, 0.5, 1.0][seed % 3]
    until = rng.choice([-1.0, 0.5, 1.0, 2.0], n)
    for year in (0.0, 0.5, 1.0, 1.5, 3.0):
        orgs = mock.Mock(active=active, interrupted_until=until)
        model = mock.Mock(orgs=orgs, year=year)
        share = meetings._interrupted_share(active, until, year)
        assert share == interrupted_share_with_numpy(model)
        assert meetings.interrupted_share(model) == share


def symmetric(upper: np.ndarray) -> np.ndarray:
    """The symmetric matrix with ``upper``'s upper triangle (diagonal included), as trust and contact are."""
    return np.triu(upper) + np.triu(upper, 1).T


def random_fading(seed: int, n: int = 60) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    trust = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    trust[rng.random((n, n)) < 0.05] = 1.0
    trust[rng.random((n, n)) < 0.02] = 1e-310  # subnormal
    np.fill_diagonal(trust, 0.0)
    knowledge = rng.random(n)
    knowledge[::5] = mech.KNOWLEDGE_FLOOR  # exactly at the floor
    return symmetric(trust), symmetric(rng.random((n, n)) < [0.0, 0.05, 0.5][seed % 3]), knowledge


@pytest.mark.parametrize("seed", range(9))
@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET], ids=["registry", "constant_set"])
@pytest.mark.parametrize("dt", [1.0 / 12, 0.25, 1.0])
def test_fading_kernels_are_decay_ties_and_forget_other_domains(seed, constants, dt):
    with mech.constant_set(constants):
        trust, contact, knowledge = random_fading(seed)
        expected_trust, expected_knowledge = trust.copy(), knowledge.copy()
        mech.decay_ties(expected_trust, contact, dt)
        mech.forget_other_domains(expected_knowledge, mech.KNOWLEDGE_FLOOR, dt)
        fading._fade(trust, contact, knowledge, mech.TIE_PERSISTENCE, -mech.TIE_DECAY * dt, mech.KNOWLEDGE_FLOOR,
                     mech.share_per_step(mech.KNOWLEDGE_FORGETTING, dt))  # fmt: skip
    assert np.array_equal(trust, expected_trust)
    assert np.array_equal(knowledge, expected_knowledge)
    assert np.count_nonzero(trust != random_fading(seed)[0]) > 100  # ties faded


def test_fading_multiplies_by_the_models_own_exp(make_model):
    """Each tie without contact is multiplied by ``mechanisms.exp`` of its exponent, to the bit (the
    kernel's vectorised loop gives what the scalar function gives; NumPy's ``exp`` differs by machine,
    docs/reliability.md), and a tie with contact keeps its trust."""
    model = make_model(rng=7, existing_network=0.5)
    for _ in range(6):
        model.step()
    before, contact = model.staff.trust.copy(), model.tally.contact
    fading.fade(model)
    rate = -mech.TIE_DECAY * model.dt
    faded = (before != 0) & ~contact
    assert np.count_nonzero(faded) > 1000
    assert np.count_nonzero(contact & (before != 0)) > 10
    for a, b in zip(*faded.nonzero(), strict=True):
        t = float(before[a, b])
        assert model.staff.trust[a, b] == t * mech.exp((1.0 - mech.TIE_PERSISTENCE * t) * rate)
    assert np.array_equal(model.staff.trust[contact], before[contact])


SYMMETRY_EVENTS = [
    {"type": "working_session", "year": 0.5},
    {"type": "staff_rotation", "year": 0.75, "share": 0.4},
    {"type": "reorganisation", "year": 1.0, "organisation": "all", "duration": 0.5},
    {"type": "representatives_change", "year": 1.25, "organisation": "all"},
    {"type": "problem_map", "year": 1.5},
    {"type": "kartrekker_leaves", "year": 2.0},
]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rng": 4, "events": SYMMETRY_EVENTS, "turnover": 0.5},
        {"rng": 5, "kartrekker": "duo", "existing_network": 0.5, "knowledge_exchange": 12.0},
        {"rng": 6, "kartrekker": "none", "hierarchy": 0.9},
    ],
)
def test_trust_and_contact_stay_symmetric_every_month(make_model, kwargs):
    """Trust and contact are symmetric (ODD s.2.2): every rule that writes them (meetings,
    introductions, referrals, fading, turnover, events) writes a pair both ways, to the bit."""
    model = make_model(**kwargs)
    for _ in range(36):
        model.step()
        trust, contact = model.staff.trust, model.tally.contact
        assert np.array_equal(trust, trust.T)
        assert np.array_equal(contact, contact.T)
    assert np.count_nonzero(model.staff.trust) > 10 * model.staff.n  # ties to keep symmetric


def test_a_constant_set_reaches_the_kernels(make_model):
    """The kernels take the constants as arguments at each call: a constant set changes what they compute."""
    model = make_model(rng=3)
    for _ in range(3):
        model.step()
    registry, patched = copy.deepcopy(model), copy.deepcopy(model)
    attendees = model.staff.present.copy()
    meetings.meet(registry, attendees, True, np.random.default_rng(0))
    fading.fade(registry)
    with mech.constant_set(A_CONSTANT_SET):
        meetings.meet(patched, attendees, True, np.random.default_rng(0))
        fading.fade(patched)
    assert not np.array_equal(registry.staff.trust, patched.staff.trust)
    assert not np.array_equal(registry.staff.knowledge, patched.staff.knowledge)


def test_friction_is_the_numpy_friction(make_model):
    """meetings.friction (the numpy definition the kernel's friction follows) is as it was."""
    model = make_model(rng=2)
    for _ in range(4):
        model.step()
    for attended in (True, False):
        assert np.array_equal(meetings.friction(model, attended), friction_with_numpy(copy.deepcopy(model), attended))


def test_the_compiled_standstill_is_the_rule():
    """mechanisms.standstill_rule (compiled, called by the meetings kernel) gives the bits of the
    rule's Python definition with STANDSTILL, on many shares and constants."""
    rng = np.random.default_rng(5)
    for share, constant in zip(rng.random(500), rng.random(500), strict=True):
        with mech.constant_set({"STANDSTILL": float(constant)}):
            assert mech.standstill(float(share)) == 1.0 - mech.STANDSTILL * float(share)
            assert mech.standstill_rule(float(share), float(constant)) == 1.0 - float(constant) * float(share)
