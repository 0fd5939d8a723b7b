"""The compiled kernels (numba) agree with the numpy definitions they re-implement, on random inputs.

A kernel re-implements a cited function of mechanisms.py or a submodel's numpy definition; the
numpy function stays the documented definition (docs/ODD.md), and these tests keep the two alike,
value for value, including under a calibration's constant set (the kernels take the constants as
arguments, read from mechanisms at each call).
"""

from __future__ import annotations

import copy
import types

import numpy as np
import pytest
from helpers import fresh_compiled_code, step_n

from collabsim import mechanisms as mech
from collabsim import streams
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.submodels import meetings, referrals, results, turnover

NO_PUBLIC_HEALTH = [o for o in DEFAULT_ORGANISATIONS if o["type"] not in ("ggd", "youth_health")]
A_CONSTANT_SET = {"WORKING_TIE": 0.45, "FOLLOW_BASE": 0.2, "GGD_ROLE_CLARITY": 0.1, "RESIDENT_TRUST_GAIN": 0.1,
                  "RESIDENT_TRUST_LOSS": 0.05, "NEEDS_PER_RESIDENT_YEAR": 3.0}  # fmt: skip


# --- referrals (ODD s.7.7) ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET])
def test_referral_kernel_routes_as_route_needs(seed, constants):
    rng = np.random.default_rng(seed)
    n = 4000
    need, contact = rng.integers(0, 3, n), rng.integers(0, 3, n)
    knowledge, tie, trust = rng.random(n), rng.uniform(0.0, 0.7, n), rng.random(n)
    tie[::7] = mech.WORKING_TIE  # exactly at the working level
    with mech.constant_set(constants):
        reached, referred = mech.route_needs(np.random.default_rng(seed + 9), need, contact, knowledge, tie, trust)
        v = np.random.default_rng(seed + 9).random((2, n))  # the draws route_needs made
        kernel = np.array([
            referrals._referred(need[k] == contact[k], knowledge[k], tie[k], trust[k], v[0, k], v[1, k],
                                mech.WORKING_TIE, mech.FOLLOW_BASE)
            for k in range(n)
        ])  # fmt: skip
    assert referred.any()
    assert (~referred & (need != contact)).any()
    np.testing.assert_array_equal(kernel, referred)
    np.testing.assert_array_equal(kernel | (need == contact), reached)


@pytest.mark.parametrize("seed", range(4))
def test_no_referral_with_the_draw_at_or_above_the_knowledge(seed):
    """The referrals' kernel looks for the strongest partner only if the referral draw is below the
    knowledge (times the role clarity, when that is not negative): no tie refers a need otherwise."""
    rng = np.random.default_rng(seed)
    n = 20_000
    knowledge, trust = rng.uniform(0.0, 1.0, n), rng.random(n)
    knowledge[::5] = rng.choice([0.0, 1.0, mech.WORKING_TIE], n // 5)
    v_refer = knowledge + rng.uniform(0.0, 1e-12, n) * rng.integers(0, 2, n)  # at the knowledge or just above
    tie = np.concatenate([rng.uniform(-0.5, 3.0, n - 4), [mech.WORKING_TIE, np.inf, 0.0, -0.0]])
    referred = [
        referrals._referred(False, knowledge[k], tie[k], trust[k], 0.0, v_refer[k], mech.WORKING_TIE, mech.FOLLOW_BASE)
        for k in range(n)
    ]
    assert not any(referred)


@pytest.mark.parametrize("constants", [{}, A_CONSTANT_SET])
def test_public_health_clarity_is_its_compiled_rule_under_the_constants_now(constants):
    """role_clarity's public-health value (ODD s.7.7), compiled for the referrals' kernel: the
    Python rule hands it the constant of the moment, and both follow a constant set."""
    records = np.concatenate([np.random.default_rng(3).random(500), [0.0, 1.0]])
    with mech.constant_set(constants):
        expected = mech.GGD_ROLE_CLARITY + (1.0 - mech.GGD_ROLE_CLARITY) * records  # the formula, ODD s.7.7
        compiled = [mech.public_health_clarity_rule(r, mech.GGD_ROLE_CLARITY) for r in records]
        python = [mech.public_health_clarity(r) for r in records]
        clarity = [mech.role_clarity(np.array([mech.PUBLIC_HEALTH]), r)[0] for r in records]
    np.testing.assert_array_equal(compiled, expected)
    np.testing.assert_array_equal(python, expected)
    np.testing.assert_array_equal(clarity, expected)


def test_category_kernel_is_searchsorted_right():
    cumulative = mech.NEED_DOMAIN_CUMULATIVE
    u = np.concatenate([np.random.default_rng(0).random(2000), cumulative, np.nextafter(cumulative, 0.0), [0.0]])
    kernel = np.array([referrals._category(cumulative, x) for x in u])
    np.testing.assert_array_equal(kernel, cumulative.searchsorted(u, side="right"))


@pytest.mark.parametrize("organisations", [None, NO_PUBLIC_HEALTH], ids=["baseline", "no_public_health"])
@pytest.mark.parametrize("seed", range(3))
def test_strongest_partner_kernel_is_strongest_partners(make_model, organisations, seed):
    model = make_model(rng=seed, organisations=organisations, turnover=0.6, existing_network=0.3)
    staff = step_n(model, 18).staff
    assert not staff.present.all()  # vacant posts: rows without ties
    staff.trust[staff.trust < 0.2] = 0.0  # many rows with equal ties (zeros): the first is named
    staff.trust[:, ::5] = np.round(staff.trust[:, ::5], 1)
    pairs = [(i, d) for i in range(staff.n) for d in range(3)]
    professional, domain = np.array(pairs).T
    kernel = [referrals._strongest_partner(staff.trust, staff.domain_bounds, i, d) for i, d in pairs]
    np.testing.assert_array_equal(kernel, referrals.strongest_partners(staff, professional, domain))


def refer_with_numpy(model) -> None:
    """ODD s.7.7 with numpy, as referrals.refer did before its kernel (kept here as the reference)."""
    staff, people, tally = model.staff, model.people, model.tally
    rng = model.rng_res
    if people.n == 0 or not staff.present.any():
        return
    n = rng.poisson(people.n * mech.NEEDS_PER_RESIDENT_YEAR * model.dt)
    u = rng.random((3, n))
    who = (u[0] * people.n).astype(np.int64)
    need = mech.NEED_DOMAIN_CUMULATIVE.searchsorted(u[1], side="right")
    wanted = mech.FIRST_CONTACT_CUMULATIVE.searchsorted(u[2], side="right")
    first = referrals.first_contacts(staff, wanted, rng.random(n))
    contact_domain = staff.domain[first]
    partner = referrals.strongest_partners(staff, first, need)
    tie = staff.trust[first, partner]
    if not staff.every_domain_staffed:
        tie = tie * staff.domain_staffed[need]
    knowledge = staff.knowledge[first] * mech.role_clarity(need, model.records)
    trust = people.trust[who]
    reached, referred = mech.route_needs(rng, need, contact_domain, knowledge, tie, trust)
    people.needs_met[who[reached]] += 1
    gain, loss = mech.RESIDENT_TRUST_GAIN, mech.RESIDENT_TRUST_LOSS
    people.trust[who] = trust + np.where(reached, gain * (1.0 - trust), -loss * trust)
    tally.needs_presented += n
    tally.needs_reached += int(np.count_nonzero(reached))
    cross = need != contact_domain
    tally.cross_needs += int(np.count_nonzero(cross))
    n_orgs = tally.org_cross_needs.size
    tally.org_cross_needs += np.bincount(staff.org[first[cross]], minlength=n_orgs)
    tally.org_needs += np.bincount(staff.org[first], minlength=n_orgs)
    n_referred = int(np.count_nonzero(referred))
    tally.referrals += n_referred
    tally.referred_reached += int(np.count_nonzero(referred & reached))
    if n_referred:
        src, dst = first[referred], partner[referred]
        tally.contact[src, dst] = True
        tally.contact[dst, src] = True
        tally.org_referrals += np.bincount(staff.org[np.concatenate((src, dst))], minlength=n_orgs)
        tally.org_received += np.bincount(staff.org[dst], minlength=n_orgs)


def _parts(model) -> types.SimpleNamespace:
    """What referrals read and write, copied (the rng with its state)."""
    parts = types.SimpleNamespace(
        staff=copy.deepcopy(model.staff), people=copy.deepcopy(model.people), tally=copy.deepcopy(model.tally),
        rng_res=copy.deepcopy(model.rng_res), dt=model.dt, records=model.records,
    )  # fmt: skip
    unused = np.random.default_rng(0)  # referrals draw from ``res`` only
    parts.held = streams.hold(unused, parts.rng_res, unused, unused)
    return parts


def _state(parts) -> dict:
    staff, people, tally = parts.staff, parts.people, parts.tally
    arrays = {"trust": staff.trust, "knowledge": staff.knowledge, "resident_trust": people.trust,
              "needs_met": people.needs_met, **{k: v for k, v in vars(tally).items()}}  # fmt: skip
    arrays["rng"] = parts.rng_res.bit_generator.state["state"]["state"]
    return arrays


@pytest.mark.parametrize(
    ("kwargs", "constants"),
    [
        ({}, {}),
        ({"residents": 15}, {"NEEDS_PER_RESIDENT_YEAR": 12.0}),  # residents with several needs a month
        ({"organisations": NO_PUBLIC_HEALTH}, {}),  # a domain without posts
        ({"turnover": 0.8, "existing_network": 0.4}, A_CONSTANT_SET),
        ({"residents": 40, "kartrekker": "duo", "knowledge_exchange": 20.0}, A_CONSTANT_SET),
    ],
    ids=["baseline", "few_residents", "no_public_health", "turnover_constant_set", "duo_constant_set"],
)
def test_refer_kernel_does_what_the_numpy_version_did(make_model, kwargs, constants):
    with mech.constant_set(constants):
        model = make_model(rng=5, **kwargs)
        presented = referred = 0
        for months in range(1, 37):
            kernel, reference = _parts(model), _parts(model)
            referrals.refer(kernel)
            refer_with_numpy(reference)
            presented += kernel.tally.needs_presented - model.tally.needs_presented
            referred += kernel.tally.referrals - model.tally.referrals
            got, expected = _state(kernel), _state(reference)
            for name, value in expected.items():
                assert np.array_equal(got[name], value), f"month {months}: {name} differs"
                assert np.asarray(got[name]).dtype == np.asarray(value).dtype, name
            model.step()
    assert presented > 100
    assert referred > 0


@pytest.mark.parametrize("vacated", [(0,), (2,), (0, 1, 2)], ids=["medical", "social", "everyone"])
def test_refer_kernel_sends_a_vacated_domains_needs_to_anyone_present(make_model, vacated):
    """The kernel finds the first-contact pools from ``present`` each month: a domain with posts but
    nobody present now sends its needs to anyone present, as first_contact_pools does; with
    nobody present at all, nothing is drawn."""
    model = step_n(make_model(rng=7, turnover=0.3), 6)
    presented = 0
    for months in range(12):
        for slot in np.flatnonzero(model.staff.present & np.isin(model.staff.domain, vacated)):
            turnover.leave(model, int(slot))
        kernel, reference = _parts(model), _parts(model)
        referrals.refer(kernel)
        refer_with_numpy(reference)
        presented += kernel.tally.needs_presented - model.tally.needs_presented
        got, expected = _state(kernel), _state(reference)
        for name, value in expected.items():
            assert np.array_equal(got[name], value), f"month {months}: {name} differs"
        model.step()
    assert (presented == 0) if len(vacated) == 3 else (presented > 100)


# --- perceived results (ODD s.7.9) ----------------------------------------------------------


def perceive_with_numpy(model) -> None:
    """ODD s.7.9 with numpy, as results.perceive did before its kernel (kept here as the reference)."""
    dt, tally, staff, orgs = model.dt, model.tally, model.staff, model.orgs
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)
    model.success_rate += smoothing * (tally.referrals / max(1, tally.cross_needs) - model.success_rate)
    own = np.minimum(1.0, tally.org_referrals / np.maximum(1.0, tally.org_cross_needs))
    orgs.own_success += smoothing * (own - orgs.own_success)
    orgs.closeness = mech.update_closeness(
        orgs.closeness, tally.org_cross_needs, tally.org_needs, tally.org_received, smoothing
    )
    base, damping = mech.CELEBRATION_BASE, mech.FORMALISATION_DAMPING
    celebrated = (base + (1.0 - base) * model.kartrekker_active) * (1.0 - damping * model.formalisation)
    model.visible_success = model.success_rate * celebrated
    model.urgency = mech.update_urgency(model.urgency, model.initial_urgency, model.visible_success, dt)
    seen = np.where(orgs.active, orgs.own_success * celebrated, model.visible_success)
    benefit = mech.partner_benefit(model.urgency, seen, model.resident_involvement)
    charge = mech.cofinancing_charge(model.cofinancing, orgs.active, orgs.closeness)
    cost = mech.partner_cost(model.means, orgs.pull, charge)
    orgs.commitment = mech.update_commitment(orgs.commitment, orgs.board, benefit, cost, dt)
    team = model.kartrekkers
    lobbying = team[0].effectiveness if team else 0.0
    orgs.board = mech.drift_board(orgs.board, orgs.board_stance, seen, lobbying, dt)
    lift = mech.MOTIVATION_GAIN * (model.visible_success - mech.MOTIVATION_TARGET)
    target = np.minimum(np.maximum(staff.base_motivation + lift, 0.0), 1.0)
    staff.motivation += mech.share_per_step(mech.MOTIVATION_RATE, dt) * (target - staff.motivation)


def random_results_state(seed: int, n_orgs: int = 15, n_posts: int = 60) -> types.SimpleNamespace:
    """What results.perceive reads, drawn at random: tallies (with organisations that handled
    nothing), partners in and out, results, boards and motivation anywhere in [0, 1]."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 8, (4, n_orgs)).astype(float)
    counts[:, rng.random(n_orgs) < 0.3] = 0.0
    cross, referrals = counts[0], np.minimum(counts[0], counts[1]) + counts[3]
    tally = types.SimpleNamespace(
        referrals=int(rng.integers(0, 20)), cross_needs=int(rng.integers(0, 30)),
        org_referrals=referrals, org_cross_needs=cross, org_needs=cross + counts[2], org_received=counts[3],
    )  # fmt: skip
    orgs = types.SimpleNamespace(
        own_success=rng.random(n_orgs), closeness=rng.random(n_orgs), commitment=rng.random(n_orgs),
        board=rng.random(n_orgs), board_stance=rng.random(n_orgs), active=rng.random(n_orgs) < 0.7,
        pull=rng.random(n_orgs) * 0.2,
    )  # fmt: skip
    staff = types.SimpleNamespace(motivation=rng.random(n_posts), base_motivation=rng.random(n_posts))
    team = [types.SimpleNamespace(effectiveness=rng.random())] if seed % 3 else []
    return types.SimpleNamespace(
        dt=1.0 / 12, tally=tally, orgs=orgs, staff=staff, kartrekkers=team, kartrekker_team=team,
        kartrekker_active=bool(team),
        success_rate=rng.random(), formalisation=rng.random(), urgency=rng.random(), initial_urgency=rng.random(),
        resident_involvement=rng.random(), cofinancing=rng.random(), means=rng.random(), visible_success=0.0,
    )  # fmt: skip


A_RESULTS_CONSTANT_SET = {"SUCCESS_SMOOTHING": 4.0, "MOTIVATION_GAIN": 3.0, "BOARD_DRIFT": 2.0, "BOARD_LOBBY": 0.9,
                          "COST_CHARGE": 0.6, "CLOSENESS_RELIEF": 0.9, "BENEFIT_SUCCESS": 1.5, "COMMITMENT_RATE": 3.0,
                          "CELEBRATION_BASE": 0.2, "URGENCY_REFRESH": 2.0}  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("constants", [{}, A_RESULTS_CONSTANT_SET], ids=["registry", "constant_set"])
def test_results_kernel_does_what_the_numpy_version_did(seed, constants):
    state = random_results_state(seed)
    with mech.constant_set(constants):
        for month in range(12):  # a year of months, each from the state the last one left
            kernel, reference = copy.deepcopy(state), copy.deepcopy(state)
            results.perceive(kernel)
            perceive_with_numpy(reference)
            for part in ("orgs", "staff"):
                for name, expected in vars(getattr(reference, part)).items():
                    got = getattr(getattr(kernel, part), name)
                    assert np.array_equal(got, expected), f"month {month}: {part}.{name} differs"
                    assert got.dtype == expected.dtype, name
            for name in ("success_rate", "visible_success", "urgency"):
                assert getattr(kernel, name) == getattr(reference, name), name
            state = kernel


def test_a_constant_set_reaches_the_results_kernel():
    """The kernel takes the constants as arguments at each call: a constant set changes what it computes."""
    registry, patched = random_results_state(1), random_results_state(1)
    results.perceive(registry)
    with mech.constant_set(A_RESULTS_CONSTANT_SET):
        results.perceive(patched)
    for name in ("own_success", "closeness", "commitment", "board"):
        assert not np.array_equal(getattr(registry.orgs, name), getattr(patched.orgs, name)), name
    assert not np.array_equal(registry.staff.motivation, patched.staff.motivation)


# --- introductions (ODD s.7.5) --------------------------------------------------------------


def random_pairing_state(seed: int, n_posts: int = 40) -> dict:
    """Random inputs of the pair picking: three domains, professionals taking part or not, and
    coarse trust and draws, so that scores tie often. Seeds 1, 4: pairs across domains at random
    (some rows without any candidate); seeds 2, 5: only one domain takes part (no candidate at all)."""
    rng = np.random.default_rng(seed)
    domain = np.sort(rng.integers(0, 3, n_posts))
    cross = domain[:, None] != domain[None, :]
    taking_part = rng.random(n_posts) < 0.7
    if seed % 3 == 1:
        cross = np.triu(rng.random((n_posts, n_posts)) < 0.05, 1)
        cross = cross | cross.T
    elif seed % 3 == 2:
        taking_part &= domain == 0
    trust = np.round(rng.random((n_posts, n_posts)), 1)
    n = 50
    return {
        "who": rng.random(n), "u": np.round(rng.random((n, n_posts)), 1), "present": taking_part.nonzero()[0],
        "taking_part": taking_part, "cross": cross, "trust": (trust + trust.T) / 2,
        "status_gap": rng.random((n_posts, n_posts)), "culture_gap": rng.random((n_posts, n_posts)),
    }  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_pick_partners_kernel_is_weakest_tie_partners(seed):
    s = random_pairing_state(seed)
    pairs = np.full((2, s["who"].size), -1, np.int64)
    m = meetings._pick_partners(s["who"], s["u"], s["present"], s["taking_part"], s["cross"], s["trust"], pairs)
    i, j = pairs[0, :m], pairs[1, :m]
    drawn = s["present"][(s["who"] * s["present"].size).astype(np.int64)]
    ok, partner = meetings.weakest_tie_partners(s["cross"], s["taking_part"], s["trust"], drawn, s["u"])
    assert ok.all() if seed % 3 == 0 else not ok.all()  # seeds 1, 4, 2, 5: some (all) dropped
    assert ok.any() == (seed % 3 != 2)
    np.testing.assert_array_equal(i, drawn[ok])
    np.testing.assert_array_equal(j, partner[ok])
    assert i.dtype == j.dtype == np.int64


def introduce_pairs_with_numpy(i, j, fr, trust, connector_pairs, willing, knowledge, contact, introduced, gain_k):
    """What introduce did with the pairs before its kernel (numpy and mechanisms.learn_other_domains)."""
    gain = mech.TIE_GAIN_INTRODUCTION * fr * connector_pairs[i, j] * willing[j]
    for a, b, g in zip(i.tolist(), j.tolist(), gain.tolist(), strict=True):
        t = trust[a, b]
        trust[a, b] = trust[b, a] = t + g * (1.0 - t)
    introduced += np.bincount(np.concatenate((i, j)), minlength=trust.shape[0])
    contact[i, j] = True
    contact[j, i] = True
    met = np.zeros(trust.shape[0], dtype=bool)
    met[i] = met[j] = True
    mech.learn_other_domains(knowledge, met, gain_k)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "constants", [{}, {"TIE_GAIN_INTRODUCTION": 0.8, "CULTURE_BRAKE": 0.6}], ids=["registry", "constant_set"]
)
def test_introduce_pairs_kernel_is_the_numpy_updates(seed, constants):
    rng = np.random.default_rng(seed)
    n_posts, n = 30, 80  # many more pairs than posts: pairs and people come more than once
    i, j = rng.integers(0, n_posts, n), rng.integers(0, n_posts, n)
    i, j = i[i != j], j[i != j]
    trust = rng.random((n_posts, n_posts))
    trust = (trust + trust.T) / 2
    arrays = {"trust": trust, "knowledge": rng.random(n_posts), "contact": rng.random((n_posts, n_posts)) < 0.1,
              "introduced": rng.integers(0, 3, n_posts).astype(float)}  # fmt: skip
    status, connector_pairs = rng.random((n_posts, n_posts)), 1.0 + rng.random((n_posts, n_posts))
    culture_gap, language, willing = rng.random((n_posts, n_posts)), float(rng.random()), rng.random(n_posts)
    got, expected = copy.deepcopy(arrays), copy.deepcopy(arrays)
    with mech.constant_set(constants):
        gain_k = mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN
        fr = status[i, j] * mech.culture_brake(culture_gap[i, j], language)  # as mechanisms.tie_friction
        meetings._introduce_pairs(np.stack((i, j)), status, culture_gap, mech.CULTURE_BRAKE * (1.0 - language),
                                  got["trust"], connector_pairs, willing, got["knowledge"], got["contact"],
                                  got["introduced"], mech.TIE_GAIN_INTRODUCTION, gain_k)  # fmt: skip
        introduce_pairs_with_numpy(i, j, fr, expected["trust"], connector_pairs, willing, expected["knowledge"],
                                   expected["contact"], expected["introduced"], gain_k)  # fmt: skip
    for name, value in expected.items():
        assert np.array_equal(got[name], value), name
        assert got[name].dtype == value.dtype, name


def introduce_with_numpy(model, n: int, equality_attention: float) -> None:
    """ODD s.7.5's introductions with numpy, as meetings.introduce did before its kernels (the reference)."""
    staff = model.staff
    taking_part = staff.present & model.orgs.active[staff.org]
    present = taking_part.nonzero()[0]
    if present.size < 2:
        return
    rng = model.rng_meet
    i = present[(rng.random(n) * present.size).astype(np.int64)]
    candidate = staff.cross.take(i, axis=0) & taking_part
    score = np.where(candidate, rng.random((n, staff.n)) - staff.trust.take(i, axis=0), -np.inf)
    j = score.argmax(1)
    ok = candidate.any(axis=1)
    if not ok.all():
        i, j = i[ok], j[ok]
    fr = mech.tie_friction(
        staff.status_gap[i, j], staff.culture_gap[i, j], model.hierarchy, equality_attention, model.language
    )
    gain = mech.TIE_GAIN_INTRODUCTION * fr * staff.connector_pairs[i, j] * model.willing[j]
    trust = staff.trust
    for a, b, g in zip(i.tolist(), j.tolist(), gain.tolist(), strict=True):
        t = trust[a, b]
        trust[a, b] = trust[b, a] = t + g * (1.0 - t)
    contact = model.tally.contact
    model.tally.introduced += np.bincount(np.concatenate((i, j)), minlength=staff.n)
    contact[i, j] = True
    contact[j, i] = True
    met = np.zeros(staff.n, dtype=bool)
    met[i] = met[j] = True
    mech.learn_other_domains(staff.knowledge, met, mech.INTRODUCTION_KNOWLEDGE_SHARE * mech.KNOWLEDGE_GAIN)


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


A_MEETING_CONSTANT_SET = {"TIE_GAIN_INTRODUCTION": 0.9, "HIERARCHY_BRAKE": 2.5, "EQUALITY_SOFTENING": 0.2,
                          "CULTURE_BRAKE": 0.6, "KNOWLEDGE_GAIN": 0.3, "INTRODUCTION_KNOWLEDGE_SHARE": 0.9}  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "constants"),
    [
        ({}, {}),
        ({"organisations": NO_PUBLIC_HEALTH, "hierarchy": 0.9}, {}),  # a domain without posts
        ({"turnover": 0.8, "existing_network": 0.4}, A_MEETING_CONSTANT_SET),
        ({"kartrekker": "duo", "hierarchy": 0.3}, A_MEETING_CONSTANT_SET),
    ],
    ids=["baseline", "no_public_health", "turnover_constant_set", "duo_constant_set"],
)
def test_introduce_kernels_do_what_the_numpy_version_did(make_model, kwargs, constants):
    with mech.constant_set(constants):
        model = step_n(make_model(rng=7, **kwargs), 1)  # the first step sets the willingness
        rng = np.random.default_rng(11)
        dropped = 0
        for months in range(1, 31):
            n = int(rng.integers(1, 40))  # up to ten times a month's usual number: pairs come twice
            attention = float(rng.random())
            if months % 5 == 0:  # only some partners take part
                model.orgs.active[:] = rng.random(model.orgs.active.size) < 0.3
            if months % 7 == 0:  # only one domain's partners take part: nobody to introduce them to
                model.orgs.active[:] = False
                model.orgs.active[model.staff.org[model.staff.domain == 0]] = True
            kernel, reference = _introduction_parts(model), _introduction_parts(model)
            meetings.introduce(kernel, n, attention)
            introduce_with_numpy(reference, n, attention)
            dropped += n - int(kernel.tally.introduced.sum() - model.tally.introduced.sum()) // 2
            for part in ("staff", "tally"):
                for name, expected in vars(getattr(reference, part)).items():
                    if isinstance(expected, np.ndarray):
                        got = getattr(getattr(kernel, part), name)
                        assert np.array_equal(got, expected), f"month {months}: {part}.{name} differs"
                        assert got.dtype == expected.dtype, name
            assert kernel.rng_meet.bit_generator.state == reference.rng_meet.bit_generator.state
            model.step()
    assert dropped > 0


def test_a_constant_set_reaches_the_introduction_kernels(make_model):
    """The kernels take the constants as arguments at each call: a constant set changes what they compute."""
    model = step_n(make_model(rng=3), 6)
    registry, patched = _introduction_parts(model), _introduction_parts(model)
    meetings.introduce(registry, 10, 0.5)
    with mech.constant_set(A_MEETING_CONSTANT_SET):
        meetings.introduce(patched, 10, 0.5)
    assert not np.array_equal(registry.staff.trust, patched.staff.trust)
    assert not np.array_equal(registry.staff.knowledge, patched.staff.knowledge)


def test_numbas_caches_go_when_a_module_with_compiled_code_changes(tmp_path):
    """The suite's guard (helpers.fresh_compiled_code): a kernel cached before a compiled rule of another
    module changed must not run as it was."""
    rule, other = tmp_path / "rules.py", tmp_path / "plain.py"
    rule.write_text("import numba\n")
    other.write_text("x = 1\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    kernel = cache / "kernels._k-1.py312.nbi"

    def cached_after_a_session() -> bool:
        kernel.touch()
        fresh_compiled_code(tmp_path)
        return kernel.exists()

    assert not cached_after_a_session()  # no stamp yet: nothing is known to be true
    assert cached_after_a_session()  # nothing changed
    other.write_text("x = 2\n")
    assert cached_after_a_session()  # no compiled code in it
    rule.write_text("import numba\n# the rule changed\n")
    assert not cached_after_a_session()
