"""Euros and hours (ODD s.7.13): each accounting rule's effect, and shared savings in euros (s.7.3)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from helpers import step_n

from collabsim import CollaborationModel
from collabsim import mechanisms as mech
from collabsim.outcomes import recorded
from collabsim.params import ORGANISATION_TYPES, STEPS_PER_YEAR
from collabsim.runner import run_model

SEED = 11
#: a short run: three years of project money, then three without
BASE: dict[str, Any] = {"horizon": 6.0, "funding_years": 3.0, "residents": 400}


def run(**kwargs: Any) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    return run_model({**BASE, **kwargs}, SEED)


def hours_eur(model: CollaborationModel) -> np.ndarray:
    """This step's staff hours in EUR per organisation, from the tally (the rule of s.7.13)."""
    tally, staff = model.tally, model.staff
    hours = tally.attended * model.meeting_hours + tally.introduced * mech.INTRODUCTION_HOURS
    return np.bincount(staff.org, weights=hours, minlength=len(model.orgs.names)) * model.orgs.hour_cost


def test_the_costs_add_up():
    summary, series = run()
    parts = ("project_cost_eur", "partner_cost_eur", "funder_cost_eur")
    assert summary["cost_eur"] == pytest.approx(sum(summary[p] for p in parts))
    assert summary["cost_eur"] == pytest.approx(series["spending_eur"][1:].sum())
    assert summary["partners_final"] == 15  # every organisation takes part (no membership rule yet)
    assert set(series["partners"]) == {15.0}


def test_no_kartrekker_no_kartrekker_cost():
    summary, _ = run(kartrekker="none", cofinancing=0.5)
    assert summary["project_cost_eur"] == 0.0
    assert summary["funder_cost_eur"] == 0.0
    assert summary["partner_cost_eur"] > 0.0  # the meetings partners hold themselves still cost hours


def test_without_cofinancing_partners_pay_only_their_hours_during_the_project():
    model = CollaborationModel(rng=SEED, **{**BASE, "cofinancing": 0.0})
    kartrekker_month = model.kartrekker_fte * model.fte_cost_eur * model.dt
    paid_months = 0.0
    for _ in range(12 * 3 - 1):  # the months with project money
        model.step()
        np.testing.assert_allclose(model.orgs.spent_eur, hours_eur(model))
        assert model.funder_spending_eur == 0.0
        paid_months += model.project_spending_eur / kartrekker_month
    # the project pays all of her time in every month she holds the role when the books are kept
    assert paid_months == pytest.approx(round(paid_months))
    assert paid_months > 12


def test_cofinancing_is_shared_by_staff_and_partners_always_pay_their_hours():
    model = CollaborationModel(rng=SEED, **{**BASE, "cofinancing": 0.4})
    step_n(model, 6)
    assert model.kartrekker_active
    share = model.orgs.spent_eur - hours_eur(model)
    kartrekker_month = len(model.kartrekkers) * model.kartrekker_fte * model.fte_cost_eur * model.dt
    assert share.sum() == pytest.approx(0.4 * kartrekker_month)
    np.testing.assert_allclose(share / model.orgs.staff, share.sum() / model.orgs.staff.sum())
    assert model.project_spending_eur == pytest.approx(0.6 * kartrekker_month)
    assert model.partner_spending_eur == pytest.approx(model.orgs.spent_eur.sum())


def test_project_cost_stops_growing_when_project_money_ends():
    _, series = run()
    project = series["project_spending_eur"]
    last_paid = 12 * 3 - 1  # funding_years = 3: money in steps 1 .. 35 (ODD s.7.3)
    assert project[1 : last_paid + 1].sum() > 0
    assert not project[last_paid + 1 :].any()


def test_after_the_project_funders_pay_the_paid_kartrekker_time_in_the_parts_proportions():
    model = CollaborationModel(rng=SEED, **{**BASE, "cofinancing": 0.0, "integrated_funding": 0.5})
    step_n(model, 12 * 3)
    one = model.kartrekker_fte * model.fte_cost_eur * model.dt  # one kartrekker's month
    for _ in range(12):
        model.step()
        assert model.project_spending_eur == 0.0
        # the paid part of her time (budget B < 1: the unpaid part is not spent), for each holder
        holders = model.funder_spending_eur / (one * model.budget)
        assert holders == pytest.approx(round(holders))
        assert round(holders) in (0, 1)
        assert model.budget < 1.0
        np.testing.assert_allclose(model.orgs.spent_eur, hours_eur(model))


def test_doubling_the_fte_cost_doubles_the_kartrekker_cost_exactly():
    hours_only, _ = run(costs={"fte_cost_eur": 0.0})
    one, _ = run(costs={"fte_cost_eur": 90_000.0})
    two, _ = run(costs={"fte_cost_eur": 180_000.0})
    assert one["sustained"] == two["sustained"] == hours_only["sustained"]  # accounting only (no shared savings)
    assert two["cost_eur"] - hours_only["cost_eur"] == pytest.approx(2 * (one["cost_eur"] - hours_only["cost_eur"]))
    assert two["project_cost_eur"] == pytest.approx(2 * one["project_cost_eur"])
    assert one["project_cost_eur"] > 0


def test_hour_costs_scale_the_partners_hours():
    cheap, _ = run(cofinancing=0.0, costs={"fte_cost_eur": 0.0})
    dear, _ = run(cofinancing=0.0, costs={"fte_cost_eur": 0.0, "meeting_hours": 6.0})
    assert dear["partner_cost_eur"] > cheap["partner_cost_eur"] > 0
    assert dear["sustained"] == cheap["sustained"]


def test_avoided_care_scales_linearly():
    none, _ = run(costs={"avoided_care_eur": 0.0})
    one, _ = run(costs={"avoided_care_eur": 400.0})
    three, _ = run(costs={"avoided_care_eur": 1200.0})
    assert none["avoided_care_eur"] == 0.0
    assert one["avoided_care_eur"] > 0
    assert three["avoided_care_eur"] == pytest.approx(3 * one["avoided_care_eur"])


def test_residents_helped_counts_referrals_per_1000_residents_per_year():
    summary, _ = run()
    assert summary["residents_helped"] == pytest.approx(summary["referrals_per_year"] * 1000 / BASE["residents"])
    assert summary["avoided_care_eur"] == pytest.approx(
        summary["referrals_per_year"] * BASE["horizon"] * mech.AVOIDED_CARE_EUR
    )


def test_shared_savings_without_avoided_care_add_nothing():
    plain_summary, plain = run(shared_savings=0.0, costs={"avoided_care_eur": 0.0})
    savings_summary, savings = run(shared_savings=0.8, costs={"avoided_care_eur": 0.0})
    for name, values in plain.items():
        np.testing.assert_array_equal(values, savings[name], err_msg=name)
    assert savings_summary["funder_cost_eur"] == plain_summary["funder_cost_eur"]


def test_more_avoided_care_gives_a_higher_continuation_budget_under_shared_savings():
    first_unpaid = 12 * 3  # the first month without project money
    budgets = {}
    for avoided in (100.0, 500.0, 2000.0):
        costs = {"avoided_care_eur": avoided}
        _, series = run(shared_savings=0.5, cofinancing=0.0, integrated_funding=0.0, costs=costs)
        budgets[avoided] = series["budget"]
    # Until project money ends the runs are the same; from then on the savings differ.
    assert budgets[100.0][first_unpaid] < budgets[500.0][first_unpaid] < budgets[2000.0][first_unpaid]
    later = {a: b[first_unpaid:].mean() for a, b in budgets.items()}
    assert later[100.0] < later[2000.0]


def test_the_savings_signal_is_the_smoothed_avoided_care_and_hours():
    model = CollaborationModel(rng=SEED, **BASE)
    step_n(model, 24)
    avoided = recorded(model, "care_avoided_eur")[1:]
    assert 0 < model.care_avoided_per_year_eur < 2 * avoided.max() * STEPS_PER_YEAR
    assert model.hours_per_year_eur > 0


def test_hour_costs_per_type_and_per_organisation():
    organisations = [
        {"type": "gp_practice", "name": "GP", "staff": 2},
        {"type": "welfare", "name": "W", "staff": 2},
        {"type": "ggd", "name": "G", "staff": 2, "hour_cost_eur": 99.0},
    ]
    model = CollaborationModel(rng=1, organisations=organisations, costs={"hour_cost_eur": {"welfare": 50.0}})
    assert model.orgs.hour_cost.tolist() == [ORGANISATION_TYPES["gp_practice"].hour_cost_eur, 50.0, 99.0]


def test_the_model_rejects_an_unknown_cost():
    with pytest.raises(ValueError, match="fte_cost"):
        CollaborationModel(rng=1, costs={"fte_cost": 1.0})


def test_organisation_agents_read_their_spending():
    model = step_n(CollaborationModel(rng=SEED, **BASE), 3)
    assert [o.spent_eur for o in model.organisations] == model.orgs.spent_eur.tolist()
    assert all(o.active for o in model.organisations)
    assert model.orgs.spent_total_eur.sum() >= model.orgs.spent_eur.sum() > 0
