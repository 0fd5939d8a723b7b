"""The kartrekker's month (ODD s.7.5 and s.7.11) agrees with the version before its speed-up, bit for bit.

The former versions (as at a42f4dc) of ``kartrekker.act`` and ``fill_role``, of the Kartrekker's
``step``, ``effectiveness``, ``broker_introductions`` and ``consider_leaving``, and of
``meetings.introduce`` with its two kernels are kept here as the reference. Two models run side by
side, one with the reference patched in, and their whole state must agree bit for bit month by
month, with the state of every random stream (the model's Python ``random`` too): a team of one
(internal, external, taken over), a duo under turnover, the role left unpaid, events and a
constant set. The parts are also checked on their own: the introductions on random states, the
effectiveness on random teams, the takeover's candidates on random arrays.
"""

from __future__ import annotations

import contextlib
import copy
import random
import types
from unittest import mock

import numba
import numpy as np
import pytest
from helpers import step_n

from collabsim import mechanisms as mech
from collabsim import streams
from collabsim.agents import Kartrekker
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.submodels import kartrekker as kartrekker_role
from collabsim.submodels import meetings

NO_PUBLIC_HEALTH = [o for o in DEFAULT_ORGANISATIONS if o["type"] not in ("ggd", "youth_health")]
#: constants of the kartrekker's month, none a power of 2 (so the order of products matters)
A_CONSTANT_SET = {"INTRODUCTIONS_PER_YEAR": 70.0, "TIE_GAIN_INTRODUCTION": 0.37, "HIERARCHY_BRAKE": 3.1,
                  "EQUALITY_SOFTENING": 0.3, "CULTURE_BRAKE": 0.45, "INTERNAL_NEUTRALITY": 0.7,
                  "EXTERNAL_EXPERIENCE": 0.3, "UNPAID_LEAVING": 1.7, "INTERNAL_EMBEDDING": 0.3,
                  "TAKEOVER_MOTIVATION": 0.3, "TAKEOVER_RATE": 3.0, "APPOINTMENT_RATE": 5.0,
                  "FAMILIARITY_LEARNING": 0.9, "KNOWLEDGE_GAIN": 0.3, "INTRODUCTION_KNOWLEDGE_SHARE": 0.7}  # fmt: skip
EVENTS = [{"type": "kartrekker_leaves", "year": 1.0}, {"type": "funding_stops", "year": 2.5},
          {"type": "working_session", "year": 3.0}]  # fmt: skip


# --- the former versions, as they were before the speed-up (the reference) -----------------


@numba.njit
def former_pick_partners(who, u, present, taking_part, cross, trust, status_gap, culture_gap):
    """meetings._pick_partners at a42f4dc."""
    n, n_posts = u.shape
    i, j = np.empty(n, np.int64), np.empty(n, np.int64)
    m = 0
    for k in range(n):
        a = present[np.int64(who[k] * present.shape[0])]
        best, best_b = -np.inf, -1
        for b in range(n_posts):
            if cross[a, b] and taking_part[b]:
                score = u[k, b] - trust[a, b]
                if score > best:
                    best, best_b = score, b
        if best_b >= 0:
            i[m], j[m] = a, best_b
            m += 1
    i, j = i[:m], j[:m]
    gap_status, gap_culture = np.empty(m), np.empty(m)
    for k in range(m):
        gap_status[k], gap_culture[k] = status_gap[i[k], j[k]], culture_gap[i[k], j[k]]
    return i, j, gap_status, gap_culture


@numba.njit
def former_introduce_pairs(i, j, friction, trust, connector_pairs, willing, knowledge, contact, introduced,
                           tie_gain, knowledge_gain):  # fmt: skip
    """meetings._introduce_pairs at a42f4dc."""
    met = np.zeros(knowledge.shape[0], np.bool_)
    for k in range(i.shape[0]):
        a, b = i[k], j[k]
        g = tie_gain * friction[k] * connector_pairs[a, b] * willing[b]
        t = trust[a, b]
        trust[a, b] = trust[b, a] = t + g * (1.0 - t)
        contact[a, b] = contact[b, a] = True
        introduced[a] += 1.0
        introduced[b] += 1.0
        met[a] = met[b] = True
    for x in range(knowledge.shape[0]):
        if met[x]:
            knowledge[x] += knowledge_gain * (1.0 - knowledge[x])


def former_introduce(model, n: int, equality_attention: float) -> None:
    """meetings.introduce at a42f4dc."""
    staff = model.staff
    taking_part = staff.present & model.orgs.active[staff.org]
    present = taking_part.nonzero()[0]
    if present.size < 2:
        return
    rng = model.rng_meet
    who = rng.random(n)
    u = rng.random((n, staff.n))
    i, j, status_gap, culture_gap = former_pick_partners(who, u, present, taking_part, staff.cross, staff.trust,
                                                         staff.status_gap, staff.culture_gap)  # fmt: skip
    fr = mech.tie_friction(status_gap, culture_gap, model.hierarchy, equality_attention, model.language)
    former_introduce_pairs(
        i, j, fr, staff.trust, staff.connector_pairs, model.willing, staff.knowledge,
        model.tally.contact, model.tally.introduced,
        mech.TIE_GAIN_INTRODUCTION, mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN,
    )  # fmt: skip


def former_effectiveness(k) -> float:
    """Kartrekker.effectiveness at a42f4dc."""
    team = k.model.kartrekker_team or [k]
    neutrality = max([mech.INTERNAL_NEUTRALITY if k.kind == "internal" else 1.0 for k in team])
    experience = max([mech.EXTERNAL_EXPERIENCE if k.kind == "external" else 0.0 for k in team])
    skill = max([k.skill for k in team])
    familiarity = max([k.familiarity for k in team])
    return min(1.0, skill + experience) * neutrality * familiarity


def former_step(k) -> None:
    """Kartrekker.step at a42f4dc, with its parts."""
    m = k.model
    k.familiarity += (1.0 - k.familiarity) * mech.share_per_step(mech.FAMILIARITY_LEARNING, m.dt)
    share = 1.0 / len(m.kartrekker_team)  # broker_introductions
    rate = mech.INTRODUCTIONS_PER_YEAR * former_effectiveness(k) * m.budget_factor * share
    n = m.rng_meet.poisson(rate * m.dt)
    if n:
        former_introduce(m, n, equality_attention=k.skill)
    m.records += (m.records_target - m.records) * mech.share_per_step(mech.RECORDS_RENEWAL, m.dt)  # records.renew
    hazard = m.turnover  # consider_leaving
    if not m.project_money:
        embedded = mech.INTERNAL_EMBEDDING if k.kind == "internal" else 0.0
        hazard += mech.UNPAID_LEAVING * (1.0 - m.means) * (1.0 - embedded)
    if m.rng_staff.random() < 1.0 - np.exp(-hazard * m.dt):
        k.leave("left")


def former_act(model) -> None:
    """kartrekker.act at a42f4dc (Mesa's shuffle_do, with the former step)."""
    if model.kartrekker_active:
        model.agents_by_type[Kartrekker].shuffle_do(former_step)


def former_fill_role(model) -> None:
    """kartrekker.fill_role at a42f4dc."""
    wanted = kartrekker_role.ROLES[model.kartrekker_kind]
    if not wanted:
        return
    held = [k.kind for k in model.kartrekkers]
    missing = [k for k in wanted if k not in held]
    if not missing:
        return
    rng = model.rng_staff
    if model.project_money:
        if rng.random() < mech.share_per_step(mech.APPOINTMENT_RATE, model.dt):
            kartrekker_role.appoint(model, missing[0], model.kartrekker_skill)
            model.log_event("kartrekker_appointed", missing[0])
    elif not held:
        staff = model.staff
        candidates = staff.present & staff.connector & (staff.motivation > mech.TAKEOVER_MOTIVATION)
        hazard = mech.takeover_hazard(model.records, model.motivation, model.means)
        if candidates.any() and rng.random() < 1.0 - np.exp(-hazard * model.dt):
            kartrekker_role.appoint(model, "internal", 0.5 * (model.kartrekker_skill + mech.TAKEOVER_SKILL))
            model.log_event("kartrekker_taken_over", "connector")


@contextlib.contextmanager
def former_versions():
    """The model's step with the former kartrekker month (act, fill_role; the step looks them up in the module)."""
    with (
        mock.patch.object(kartrekker_role, "act", former_act),
        mock.patch.object(kartrekker_role, "fill_role", former_fill_role),
    ):
        yield


# --- the month, side by side ------------------------------------------------------------------


def _state(model) -> dict:
    """The whole state: arrays, the kartrekkers, the scalars, the event log, every stream's state."""
    state = {}
    for part in ("staff", "orgs", "people", "tally"):
        state |= {f"{part}.{k}": v for k, v in vars(getattr(model, part)).items() if isinstance(v, np.ndarray | int)}
    for name in ("records", "language", "urgency", "budget_factor", "means", "motivation", "visible_success",
                 "success_rate", "funding_end", "willing", "allowed"):  # fmt: skip
        state[name] = getattr(model, name)
    state["team"] = [(k.unique_id, k.kind, k.skill, k.familiarity, k.started) for k in model.kartrekker_team]
    state["agents"] = sorted((type(a).__name__, a.unique_id) for a in model.agents)
    state["event_log"] = list(model.event_log)
    for name in ("rng_init", "rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]
    state["random"] = model.random.getstate()
    return state


SET_UPS = [
    ({"rng": 1}, {}),
    ({"rng": 2, "kartrekker": "external", "hierarchy": 0.9}, {}),
    ({"rng": 3, "kartrekker": "duo", "turnover": 0.6}, {}),  # leaving and re-appointed, shuffled two
    ({"rng": 4, "kartrekker": "duo", "turnover": 0.5, "funding_years": 1.0, "connector_share": 0.5}, {}),
    ({"rng": 5, "turnover": 0.9, "funding_years": 0.5, "staff_motivation": 0.8}, {}),  # unpaid: taken over
    ({"rng": 6, "kartrekker": "external", "organisations": NO_PUBLIC_HEALTH, "events": EVENTS}, {}),
    ({"rng": 7, "kartrekker": "duo", "events": EVENTS, "turnover": 0.4}, A_CONSTANT_SET),
    ({"rng": 8, "turnover": 0.8, "funding_years": 1.5, "staff_motivation": 0.8}, A_CONSTANT_SET),
    ({"rng": 9, "kartrekker": "none"}, {}),
]
MONTHS = 72


def _same(got, expected) -> bool:
    if isinstance(expected, np.ndarray):
        return got.dtype == expected.dtype and np.array_equal(got, expected, equal_nan=expected.dtype.kind == "f")
    if isinstance(expected, float) and np.isnan(expected):
        return isinstance(got, float) and np.isnan(got)
    return type(got) is type(expected) and got == expected


@pytest.mark.parametrize(("kwargs", "constants"), SET_UPS, ids=[f"set_up_{k}" for k in range(len(SET_UPS))])
def test_the_kartrekkers_month_is_the_former_one(make_model, kwargs, constants):
    with mech.constant_set(constants):
        new, former = make_model(**kwargs), make_model(**kwargs)
        for month in range(1, MONTHS + 1):
            new.step()
            with former_versions():
                former.step()
            got, expected = _state(new), _state(former)
            assert got.keys() == expected.keys()
            for name, value in expected.items():
                assert _same(got[name], value), f"month {month}: {name} differs"
            for k in new.kartrekker_team:
                assert k.effectiveness == former_effectiveness(k), f"month {month}"


def test_the_set_ups_cover_the_month(make_model):
    """The side-by-side set-ups go through what the month does: introductions, a team of one and of two,
    leaving, appointments, a takeover and months without anyone in the role."""
    sizes, kinds, introduced = set(), set(), 0.0
    for kwargs, constants in SET_UPS:
        with mech.constant_set(constants):
            model = make_model(**kwargs)
            for _ in range(MONTHS):
                model.step()
                sizes.add(len(model.kartrekker_team))
                introduced += model.tally.introduced.sum()
        kinds |= {kind for _, kind, _ in model.event_log}
    assert sizes == {0, 1, 2}
    assert {"kartrekker_leaves", "kartrekker_appointed", "kartrekker_taken_over"} <= kinds
    assert introduced > 1000


# --- the parts on their own -----------------------------------------------------------------


def test_a_team_of_one_steps_without_a_draw_and_a_duo_is_shuffled_as_mesa_does(make_model):
    one, duo = make_model(rng=3), make_model(rng=3, kartrekker="duo")
    for model in (one, duo):
        step_n(model, 2)
        stepped = []
        before = model.random.getstate()
        expected = random.Random()
        expected.setstate(before)
        order = list(model.agents_by_type[Kartrekker])
        expected.shuffle(order)  # what Mesa's shuffle_do draws and the order it calls them in
        with mock.patch.object(Kartrekker, "step", lambda k, record=stepped: record.append(k)):
            kartrekker_role.act(model)
        assert stepped == order
        assert model.random.getstate() == expected.getstate()
    assert len(one.kartrekker_team) == 1  # (shuffling one draws nothing: the state checked above is unchanged)


def _random_team(model, rng: np.random.Generator, size: int) -> list:
    """``size`` kartrekkers of random kinds, skills and familiarity, ties included."""
    values = [0.0, 0.25, 0.5, 1.0]
    team = []
    for _ in range(size):
        kind = ["internal", "external"][int(rng.integers(0, 2))]
        skill = values[int(rng.integers(0, 4))] if rng.random() < 0.5 else float(rng.random())
        familiarity = values[int(rng.integers(0, 4))] if rng.random() < 0.5 else float(rng.random())
        team.append(Kartrekker(model, kind, skill, familiarity))
    return team


@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET], ids=["registry", "constant_set"])
def test_effectiveness_is_the_former_one(make_model, constants):
    model = make_model(rng=1, kartrekker="none")
    rng = np.random.default_rng(5)
    with mech.constant_set(constants):
        for trial in range(300):
            for k in list(model.kartrekker_team):
                k.remove()
            size = trial % 4  # none (herself alone), one, a duo, three
            team = _random_team(model, rng, max(size, 1))
            if size == 0:
                team[0].remove()  # she has left: the role is empty
            elif trial % 5 == 0:
                model.kartrekker_team.reverse()
            outsider = Kartrekker(model, "external", float(rng.random()), float(rng.random()))
            outsider.remove()  # not in the team: the team's effectiveness, or her own if nobody holds the role
            for k in [*team, outsider]:
                got, expected = k.effectiveness, former_effectiveness(k)
                assert got == expected, (trial, size)
                assert type(got) is type(expected)


def _introduction_parts(model) -> types.SimpleNamespace:
    """What introduce reads and writes, copied (the rng with its state)."""
    parts = types.SimpleNamespace(
        staff=copy.deepcopy(model.staff), orgs=copy.deepcopy(model.orgs), tally=copy.deepcopy(model.tally),
        rng_meet=copy.deepcopy(model.rng_meet), hierarchy=model.hierarchy, language=model.language,
        willing=model.willing.copy(), friction_cache={},
    )  # fmt: skip
    unused = np.random.default_rng(0)  # introductions draw from ``meet`` only
    parts.held = streams.hold(parts.rng_meet, unused, unused, unused)
    return parts


@pytest.mark.parametrize(
    ("kwargs", "constants"),
    [
        ({}, {}),
        ({"organisations": NO_PUBLIC_HEALTH, "hierarchy": 0.9}, {}),
        ({"turnover": 0.8, "existing_network": 0.4}, A_CONSTANT_SET),
        ({"kartrekker": "duo", "hierarchy": 0.3}, A_CONSTANT_SET),
    ],
    ids=["baseline", "no_public_health", "turnover_constant_set", "duo_constant_set"],
)
def test_introduce_is_the_former_one(make_model, kwargs, constants):
    with mech.constant_set(constants):
        model = step_n(make_model(rng=7, **kwargs), 1)
        rng = np.random.default_rng(11)
        cache: dict = {}  # one cache over the months, as a model keeps it
        for month in range(1, 49):
            n = int(rng.integers(1, 40))
            attention = [0.6, 0.3, float(rng.random())][month % 3]  # the cache's keys come back
            if month % 5 == 0:
                model.orgs.active[:] = rng.random(model.orgs.active.size) < 0.3
            if month % 7 == 0:  # only one domain's partners take part: nobody to introduce them to
                model.orgs.active[:] = False
                model.orgs.active[model.staff.org[model.staff.domain == 0]] = True
            new, former = _introduction_parts(model), _introduction_parts(model)
            new.friction_cache = cache
            if month % 4 == 2:  # one or nobody works for a partner: no introduction, nothing drawn
                alone = int(rng.choice(model.staff.present.nonzero()[0]))
                for parts in (new, former):
                    parts.orgs.active[:] = False
                    parts.orgs.active[parts.staff.org[alone]] = month % 8 == 2
                    parts.staff.present &= parts.staff.org != parts.staff.org[alone]
                    parts.staff.present[alone] = True
            meetings.introduce(new, n, attention)
            former_introduce(former, n, attention)
            for part in ("staff", "tally"):
                for name, expected in vars(getattr(former, part)).items():
                    if isinstance(expected, np.ndarray):
                        got = getattr(getattr(new, part), name)
                        assert np.array_equal(got, expected), f"month {month}: {part}.{name} differs"
                        assert got.dtype == expected.dtype, name
            assert new.rng_meet.bit_generator.state == former.rng_meet.bit_generator.state
            model.step()
        assert len(cache) >= 3


@pytest.mark.parametrize("seed", range(4))
def test_introduction_brake_is_status_brake_pair_by_pair(make_model, seed):
    """The cached brake on every pair gives, for any pairs, what status_brake gives on those pairs alone."""
    model = make_model(rng=seed, hierarchy=[0.5, 0.9, 0.0, 1.0][seed])
    rng = np.random.default_rng(seed)
    for _ in range(20):
        attention = float(rng.random())
        brake = meetings.introduction_brake(model, attention)
        i, j = rng.integers(0, model.staff.n, (2, int(rng.integers(1, 50))))
        alone = mech.status_brake(model.staff.status_gap[i, j], model.hierarchy, attention)
        assert np.array_equal(brake[i, j], alone)
        assert meetings.introduction_brake(model, attention) is brake
    with mech.constant_set({"HIERARCHY_BRAKE": 3.3}):  # a constant set is a new entry
        changed = meetings.introduction_brake(model, attention)
        assert np.array_equal(changed, mech.status_brake(model.staff.status_gap, model.hierarchy, attention))
    assert changed is not brake


@pytest.mark.parametrize("seed", range(6))
def test_any_candidate_is_the_numpy_mask(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    present, connector = rng.random(n) < 0.8, rng.random(n) < [0.0, 0.05, 0.3, 1.0, 0.2, 0.1][seed]
    motivation = np.round(rng.random(n), 1)  # values at the threshold itself
    motivation[rng.random(n) < 0.1] = np.nan
    for threshold in (0.0, 0.3, 0.5, 0.9, 1.0):
        expected = bool((present & connector & (motivation > threshold)).any())
        assert kartrekker_role._any_candidate(present, connector, motivation, threshold) is expected


@pytest.mark.parametrize(
    "kwargs",
    [{"kartrekker": "duo", "turnover": 0.8, "events": EVENTS}, {"kartrekker": "external", "funding_years": 0.5}],
    ids=["duo_events", "unpaid"],
)
def test_the_team_list_is_the_kartrekkers_mesa_has(make_model, kwargs):
    """act looks a team of one up in model.kartrekker_team: it holds the Kartrekker agents Mesa has,
    in Mesa's order, every month (appointed, left, taken over)."""
    model = make_model(rng=4, **kwargs)
    sizes = set()
    for _ in range(72):
        model.step()
        assert model.kartrekker_team == list(model.agents_by_type.get(Kartrekker, []))
        sizes.add(len(model.kartrekker_team))
    assert len(sizes) >= 2  # the team changed on the way


@pytest.mark.parametrize("expected", [0.0, 0.3, 2.04, 15.0])
def test_brokering_draws_the_count_then_introduces_as_many(make_model, expected):
    """broker: a Poisson count of mean ``expected`` from ``rng_meet``, then introduce's, in one compiled
    call on the model's held arrays; the same numbers and state as the draw from NumPy followed by introduce."""
    model = step_n(make_model(rng=9), 3)
    for month in range(12):
        brokered, drawn = copy.deepcopy(model), copy.deepcopy(model)
        meetings.broker(brokered, expected, 0.6)
        n = int(drawn.rng_meet.poisson(expected))
        if n:
            meetings.introduce(drawn, n, 0.6)
        for part in ("staff", "tally"):
            for name, value in vars(getattr(drawn, part)).items():
                if isinstance(value, np.ndarray):
                    assert np.array_equal(getattr(getattr(brokered, part), name), value), (month, part, name)
        assert brokered.rng_meet.bit_generator.state == drawn.rng_meet.bit_generator.state
        model.step()
