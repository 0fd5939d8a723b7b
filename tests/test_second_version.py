"""The mechanisms of the model's second version (DESIGN.md s.8.1), each in the direction its seed says.

Model-level claims compare arms on the same seeds (common random numbers) and average over
several, with margins well inside the effects measured.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import series, step_n

from collabsim import CollaborationModel
from collabsim import mechanisms as mech
from collabsim.agents import Kartrekker
from collabsim.errors import InputError
from collabsim.scenario import validate_scenario
from collabsim.state import draw_motivation
from collabsim.submodels import membership

SEEDS = range(6)


def mean_over_seeds(steps: int, name: str, **kwargs) -> float:
    """Mean over SEEDS of a series' last value after ``steps`` months."""
    values = []
    for seed in SEEDS:
        model = CollaborationModel(residents=200, rng=seed, **kwargs)
        step_n(model, steps)
        values.append(series(model, name)[-1])
    return float(np.mean(values))


# --- staff_motivation (003 ch.4; 000) ---------------------------------------------------------------


def test_staff_motivation_sets_the_mean_of_drawn_motivation():
    rng = np.random.default_rng(1)
    connector = np.zeros(4000, dtype=bool)
    for mean in (0.2, 0.5, 0.8):
        assert draw_motivation(rng, connector, mean).mean() == pytest.approx(mean, abs=0.02)


def test_a_motivated_work_floor_builds_more_ties_after_a_board_no():
    low = mean_over_seeds(36, "cross_domain_ties", board_support=0.1, staff_motivation=0.2)
    high = mean_over_seeds(36, "cross_domain_ties", board_support=0.1, staff_motivation=0.8)
    assert high > low + 0.03


# --- shared_vision: a common language (001; 002 les 2; 003 ch.5) ----------------------------------


def test_common_language_narrows_the_culture_brake():
    gap = np.array([0.0, 0.5, 1.0])
    without, with_ = mech.culture_brake(gap, 0.0), mech.culture_brake(gap, 0.8)
    assert np.all(with_[1:] > without[1:])
    assert mech.culture_brake(gap, 1.0) == pytest.approx(np.ones(3))


def test_language_grows_with_joint_work_only_with_attention_to_a_joint_ambition():
    assert mech.grow_common_language(0.2, 0.0, 0.5) == 0.2
    assert mech.grow_common_language(0.2, 1.0, 0.5) > mech.grow_common_language(0.2, 0.3, 0.5) > 0.2


def test_a_leaver_takes_language_along_unless_recorded():
    assert mech.lose_common_language(0.5, records=0.0, present=10) == pytest.approx(0.45)
    assert mech.lose_common_language(0.5, records=1.0, present=10) == pytest.approx(0.5)


def test_shared_vision_grows_language_and_ties_in_the_model():
    none = [CollaborationModel(residents=200, shared_vision=0.0, rng=s) for s in SEEDS]
    full = [CollaborationModel(residents=200, shared_vision=1.0, rng=s) for s in SEEDS]
    for m in (*none, *full):
        step_n(m, 36)
    assert all(m.language == 0.0 for m in none)
    assert np.mean([m.language for m in full]) > 0.3
    assert np.mean([series(m, "cross_domain_ties")[-1] for m in full]) > np.mean(
        [series(m, "cross_domain_ties")[-1] for m in none]
    )


# --- kartrekker kinds (003 ch.5) ------------------------------------------------------------------


@pytest.mark.parametrize("familiarity", [0.0, 0.5])
def test_a_duo_brings_both_local_knowledge_and_neutrality(familiarity):
    model = CollaborationModel(residents=0, kartrekker="none", rng=1)
    internal = Kartrekker(model, "internal", 0.6, 1.0)
    alone_internal = internal.effectiveness
    internal.remove()
    external = Kartrekker(model, "external", 0.6, familiarity)
    alone_external = external.effectiveness
    Kartrekker(model, "internal", 0.6, 1.0)
    duo = external.effectiveness
    assert duo > alone_internal
    assert duo > alone_external
    assert all(k.effectiveness == duo for k in model.kartrekkers)  # one team


def test_a_duo_builds_ties_faster_than_an_internal_kartrekker_alone():
    duo = mean_over_seeds(24, "cross_domain_ties", kartrekker="duo")
    internal = mean_over_seeds(24, "cross_domain_ties", kartrekker="internal")
    assert duo > internal


# --- board support over time (003 ch.3.1, ch.4; 002 les 3) ---------------------------------------


def test_board_support_drifts_with_results_and_lobbying():
    stance = np.array([0.5])
    up = mech.drift_board(stance, stance, np.array([0.8]), 0.0, 1.0)
    down = mech.drift_board(stance, stance, np.array([0.0]), 0.0, 1.0)
    lobbied = mech.drift_board(stance, stance, np.array([0.0]), 1.0, 1.0)
    assert up[0] > 0.5 > down[0]
    assert lobbied[0] > down[0]


# --- co-financing is a real charge (003 ch.5) ------------------------------------------------------


def test_co_financing_is_a_charge_on_the_partner_that_pays():
    pull = np.zeros(2)
    cost = mech.partner_cost(0.5, pull, np.array([0.0, 0.8]))
    assert cost[1] > cost[0]


def test_motivated_staff_do_part_of_the_unpaid_work():
    assert mech.own_means(1.0, 0.0) == 1.0
    assert mech.own_means(0.2, 0.0) == pytest.approx(0.2)
    assert mech.own_means(0.2, 0.9) > mech.own_means(0.2, 0.3) > 0.2


# --- partners leave and join (001; 003 ch.4-5; ch.3.3.5) -------------------------------------------


def test_a_partner_leaves_after_its_patience_and_formalisation_binds_it_longer():
    left = {}
    for f in (0.0, 1.0):
        model = CollaborationModel(residents=0, formalisation=f, rng=3)
        model.orgs.commitment[:] = 0.0
        months = 0
        while model.orgs.active[0]:
            model.orgs.commitment[:] = 0.0  # taking part does not pay
            membership.reconsider(model)
            months += 1
        left[f] = months
        assert ("partner_leaves" in {kind for _, kind, _ in model.event_log})
    assert left[0.0] == round(mech.partner_patience(0.0) * 12)
    assert left[1.0] > left[0.0]


def test_staff_of_an_organisation_outside_get_no_time_for_joint_work():
    model = CollaborationModel(residents=0, rng=2)
    membership.leave(model, 0)
    step_n(model, 1)
    outside = model.staff.org == 0
    assert np.all(model.allowed[outside] == 0.0)
    assert np.all(model.allowed[~outside & model.staff.present] > 0.0)


def test_visible_success_draws_organisations_in():
    orgs = [{"type": "gp_practice", "staff": 3}, {"type": "welfare", "staff": 4},
            {"type": "sport", "name": "outsider", "staff": 3, "partner": False}]
    joined = []
    for success in (0.0, 0.5):
        model = CollaborationModel(residents=0, organisations=orgs, rng=4)
        model.visible_success = success
        for _ in range(60):
            membership.reconsider(model)
        joined.append(bool(model.orgs.active[2]))
    assert joined == [False, True]


def test_a_scenario_needs_one_partner_at_the_start():
    data = {"neighbourhood": {"organisations": [
        {"type": "gp_practice", "partner": False}, {"type": "welfare", "partner": False}]}}
    with pytest.raises(InputError, match="partner = true"):
        validate_scenario(data, "x.toml")


# --- the GGD's role (002 les 6; 003 ch.3.3.5) --------------------------------------------------------


def test_public_health_needs_are_recognised_less_unless_its_role_is_recorded():
    need = np.array([0, 1, 2])  # medical, public health, social
    unclear, recorded = mech.role_clarity(need, 0.0), mech.role_clarity(need, 1.0)
    assert unclear[1] < recorded[1] == 1.0
    assert unclear[[0, 2]].tolist() == [1.0, 1.0]


# --- GP time (002 les 4) ------------------------------------------------------------------------------


def test_a_meeting_planned_for_gps_lifts_only_their_scarce_time():
    spare = np.array([0.25, 0.25, 0.8])
    planned = mech.planned_spare_time(spare, np.array([True, False, False]))
    assert planned[0] > spare[0]
    assert planned[1:] == pytest.approx(spare[1:])


def gp_attendance(monkeypatch, timing: float, kartrekker: str) -> float:
    """Meetings attended by GP practice staff in two years, over SEEDS (same seeds in each arm)."""
    monkeypatch.setattr(mech, "GP_TIMING", timing)
    total = 0.0
    for seed in SEEDS:
        model = CollaborationModel(residents=200, rng=seed, kartrekker=kartrekker, knowledge_exchange=12.0)
        gp = np.array([model.orgs.kinds[o] == "gp_practice" for o in model.staff.org])
        for _ in range(24):
            model.step()
            total += float(model.tally.attended[gp].sum())
    return total


def test_gps_come_more_often_to_meetings_a_kartrekker_plans_at_a_time_that_suits_them(monkeypatch):
    assert gp_attendance(monkeypatch, 0.3, "internal") > 1.15 * gp_attendance(monkeypatch, 0.0, "internal")


def test_meetings_without_a_kartrekker_are_not_planned_around_gps(monkeypatch):
    assert gp_attendance(monkeypatch, 0.3, "none") == gp_attendance(monkeypatch, 0.0, "none")


def test_co_financing_weighs_less_where_the_joint_work_lies_close_to_regular_work():
    active = np.ones(3)
    charge = mech.cofinancing_charge(0.6, active, np.array([0.0, 0.5, 1.0]))
    assert charge[0] == pytest.approx(0.6)
    assert charge[0] > charge[1] > charge[2] > 0.0
    assert mech.cofinancing_charge(0.6, np.zeros(1), np.zeros(1))[0] == 0.0  # outside: no charge
    # closeness: the share of the needs an organisation handles that cross domains (at full smoothing)
    close = mech.update_closeness(np.zeros(3), np.array([8.0, 1.0, 0.0]), np.array([10.0, 10.0, 0.0]),
                                  np.array([2.0, 0.0, 0.0]), 1.0)
    assert close.tolist() == pytest.approx([10 / 12, 0.1, 0.0])  # the third handled nothing: unchanged


def commitment_after(relief: float) -> float:
    with mech.constant_set({"CLOSENESS_RELIEF": relief}):
        return mean_over_seeds(48, "commitment", cofinancing=0.8, funding_years=2.0)


def test_partners_stay_more_committed_when_co_financing_their_kind_of_work():
    assert commitment_after(0.8) > commitment_after(0.0) + 0.03  # measured 0.08
