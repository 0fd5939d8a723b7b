"""The compiled kernels of accounts (s.7.13), funding (s.7.3), availability (s.7.4) and membership
(s.7.9a) do what their numpy versions did, value for value, month by month; ``numpy_sum`` adds as
NumPy's ``sum`` does.

The numpy versions below are the submodels as they were before the kernels (the reference); the
cited functions of mechanisms.py stay the documented definitions.
"""

from __future__ import annotations

import contextlib
from unittest import mock

import numpy as np
import pytest

from collabsim import mechanisms as mech
from collabsim.model import CollaborationModel
from collabsim.params import DEFAULT_ORGANISATIONS
from collabsim.submodels import accounts, availability, conditions, funding, joint_work, membership

FEW_ORGANISATIONS = DEFAULT_ORGANISATIONS[:3]
#: (none of them a power of 2, so the order of the products matters)
A_CONSTANT_SET = {"BOARD_WEIGHT": 0.37, "SECTORAL_PULL": 0.61, "COMMITMENT_ROOM_BASE": 0.43, "URGENCY_WEIGHT": 0.29,
                  "LEAVE_COMMITMENT": 0.45, "INTRODUCTION_HOURS": 1.7, "SUCCESS_SMOOTHING": 1.3,
                  "BUDGET_FLOOR": 0.23, "PARTNER_PATIENCE": 0.7, "COST_CHARGE": 0.9}  # fmt: skip
EVENTS = [{"type": "working_session", "year": 0.5}, {"type": "representatives_change", "year": 1.0,
                                                     "organisation": "all"}]  # fmt: skip


# --- the numpy versions, as they were before the kernels (the reference) --------------------


def book_with_numpy(model) -> None:
    """accounts.book before its kernel."""
    orgs, staff, tally, dt = model.orgs, model.staff, model.tally, model.dt
    n_orgs = len(orgs.names)
    hours = tally.attended * model.meeting_hours + tally.introduced * mech.INTRODUCTION_HOURS
    hours_eur = np.bincount(staff.org, weights=hours, minlength=n_orgs) * orgs.hour_cost
    kartrekker = accounts.kartrekker_cost_per_year(model, len(model.kartrekkers)) * dt
    if model.project_money:
        cofinanced, funded = model.cofinancing * kartrekker, 0.0
        project = kartrekker - cofinanced
    else:
        parts = model.continuation_parts
        # the one change: the parts added in their order (the former sum() compensated the rounding
        # when all three parts were Python floats, and not when one was NumPy's: the last bit)
        total = mech.continuation_total(parts)
        paid = kartrekker * model.budget
        cofinanced = paid * parts[0] / total if total > 0.0 else 0.0
        funded, project = paid - cofinanced, 0.0
    weight = orgs.staff * orgs.active
    posts = weight.sum()
    share = weight / posts if posts > 0 else np.zeros(n_orgs)
    orgs.spent_eur = hours_eur + cofinanced * share
    orgs.spent_total_eur += orgs.spent_eur
    model.project_spending_eur = project
    model.partner_spending_eur = float(orgs.spent_eur.sum())
    model.funder_spending_eur = funded
    model.care_avoided_eur = tally.referred_reached * model.avoided_care_eur
    smoothing = mech.share_per_step(mech.SUCCESS_SMOOTHING, dt)
    model.care_avoided_per_year_eur += smoothing * (model.care_avoided_eur / dt - model.care_avoided_per_year_eur)
    model.hours_per_year_eur += smoothing * (float(hours_eur.sum()) / dt - model.hours_per_year_eur)


def mean_commitment_with_numpy(model) -> float:
    """The partners' commitments added in their order (not by BLAS, whose order depends on the CPU)."""
    orgs = model.orgs
    taking_part = int(np.count_nonzero(orgs.active))
    total = 0.0
    for value in orgs.commitment[orgs.active].tolist():
        total += value
    return total / taking_part if taking_part else 0.0


def partner_share_with_numpy(model) -> float:
    orgs = model.orgs
    return float(orgs.staff @ orgs.active / orgs.posts)


def funding_with_numpy(model) -> None:
    """funding.refresh before its kernel."""
    terms = (model.cofinancing, model.shared_savings, model.integrated_funding, model.mean_commitment,
             model.care_avoided_per_year_eur, accounts.full_cost_per_year(model), model.partner_share)  # fmt: skip
    model.continuation_parts = mech.continuation_parts(*terms)
    model.continuation = mech.covered(model.continuation_parts)
    model.budget = 1.0 if model.project_money else model.continuation
    staff = model.staff
    taking_part = staff.motivation[staff.present & model.orgs.active[staff.org]]
    model.motivation = float(taking_part.sum() / taking_part.size) if taking_part.size else 0.0
    model.means = mech.own_means(model.budget, model.motivation)
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.means


def availability_with_numpy(model) -> None:
    """availability.refresh before its kernel."""
    staff, orgs = model.staff, model.orgs
    org = staff.org
    # in place, as the model's arrays are written (compiled code holds them, collabsim.held)
    model.allowed[:] = mech.time_allowed(orgs.board[org], orgs.capacity[org], orgs.commitment[org], staff.motivation,
                                         orgs.subsidy[org], model.integrated_funding) * orgs.active[org]  # fmt: skip
    model.willing[:] = mech.willingness(model.urgency, staff.motivation)


def membership_with_numpy(model) -> None:
    """membership.reconsider before its kernel."""
    orgs, dt = model.orgs, model.dt
    low = orgs.active & (orgs.commitment < mech.LEAVE_COMMITMENT)
    orgs.unpaid_years = np.where(low, orgs.unpaid_years + dt, 0.0)
    for i in (orgs.unpaid_years >= mech.partner_patience(model.formalisation)).nonzero()[0].tolist():
        membership.leave(model, i)
    outside = (~orgs.active).nonzero()[0]
    if outside.size and model.visible_success > 0.0:
        p = mech.join_probability(model.visible_success, orgs.commitment[outside], dt)
        for i in outside[model.rng_org.random(outside.size) < p].tolist():
            membership.join(model, i)


@contextlib.contextmanager
def numpy_versions():
    """The model's step with the reference versions of the four submodels and the two properties."""
    with (
        mock.patch.object(joint_work, "work", joint_work.one_by_one),  # each submodel's Python function
        mock.patch.object(conditions, "set_conditions", conditions.one_by_one),
        mock.patch.object(accounts, "book", book_with_numpy),
        mock.patch.object(funding, "refresh", funding_with_numpy),
        mock.patch.object(availability, "refresh", availability_with_numpy),
        mock.patch.object(membership, "reconsider", membership_with_numpy),
        mock.patch.object(CollaborationModel, "mean_commitment", property(mean_commitment_with_numpy)),
        mock.patch.object(CollaborationModel, "partner_share", property(partner_share_with_numpy)),
    ):
        yield


def _state(model) -> dict:
    """Everything the four submodels read or write (and what follows), with the streams' states."""
    state = {f"staff.{k}": v for k, v in vars(model.staff).items() if isinstance(v, np.ndarray)}
    state |= {f"orgs.{k}": v for k, v in vars(model.orgs).items() if isinstance(v, np.ndarray)}
    state |= {f"tally.{k}": v for k, v in vars(model.tally).items()}
    for name in ("allowed", "willing", "budget", "continuation", "motivation", "means", "budget_factor",
                 "project_spending_eur", "partner_spending_eur", "funder_spending_eur", "care_avoided_eur",
                 "care_avoided_per_year_eur", "hours_per_year_eur", "urgency", "mean_commitment", "partner_share"):
        state[name] = getattr(model, name)
    state["continuation_parts"] = np.array(model.continuation_parts)
    state["event_log"] = repr(model.event_log)
    for name in ("rng_meet", "rng_res", "rng_staff", "rng_org"):
        state[name] = getattr(model, name).bit_generator.state["state"]["state"]
    return state


@pytest.mark.parametrize(
    ("kwargs", "constants"),
    [
        ({}, {}),
        ({"rng": 2, "kartrekker": "none", "funding_years": 1.0, "cofinancing": 0.4}, {}),  # continuation pays
        ({"rng": 3, "organisations": FEW_ORGANISATIONS, "integrated_funding": 0.8}, {}),
        ({"rng": 4, "kartrekker": "duo", "events": EVENTS, "shared_savings": 0.5, "funding_years": 1.5}, {}),
        ({"rng": 5, "board_support": 0.2, "funding_years": 1.0, "turnover": 0.6}, A_CONSTANT_SET),  # partners leave
        ({"rng": 6, "organisations": [*DEFAULT_ORGANISATIONS, {"type": "welfare", "count": 2, "partner": False}],
          "urgency": 0.9}, A_CONSTANT_SET),  # outsiders may join
    ],
    ids=["baseline", "continuation", "few_organisations", "duo_events", "partners_leave", "outsiders_join"],
)
def test_the_four_submodels_do_what_the_numpy_versions_did(kwargs, constants):
    kwargs = {"residents": 200, "rng": 1, **kwargs}
    with mech.constant_set(constants):
        kernel, reference = CollaborationModel(**kwargs), CollaborationModel(**kwargs)
        for month in range(1, 37):
            kernel.step()
            with numpy_versions():
                reference.step()
                expected = _state(reference)
            got = _state(kernel)
            for name, value in expected.items():
                assert np.array_equal(got[name], value), f"month {month}: {name} differs"
                assert np.asarray(got[name]).dtype == np.asarray(value).dtype, name


def test_partners_left_and_joined_in_the_lockstep_runs():
    """The set-ups above reach the membership rules' both ways (else the test above shows little)."""
    with mech.constant_set(A_CONSTANT_SET):
        left = CollaborationModel(residents=200, rng=5, board_support=0.2, funding_years=1.0, turnover=0.6)
        joined = CollaborationModel(residents=200, rng=6, urgency=0.9, organisations=[
            *DEFAULT_ORGANISATIONS, {"type": "welfare", "count": 2, "partner": False}])  # fmt: skip
        for _ in range(36):
            left.step()
            joined.step()
    assert any(kind == "partner_leaves" for _, kind, _ in left.event_log)
    assert any(kind == "partner_joins" for _, kind, _ in joined.event_log)


# --- numpy_sum against NumPy's own sum ------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 200, 255, 256, 257, 1000, 3001])
def test_numpy_sum_adds_as_numpy_does(size):
    rng = np.random.default_rng(size)
    for scale in (1.0, 1e-3, 1e6):
        values = rng.random(size + 5) * scale - 0.3 * scale
        for start in (0, 3):
            assert accounts.numpy_sum(values, start, size) == values[start : start + size].sum()
    assert accounts.numpy_sum(np.full(size + 1, -0.0), 0, size) == np.full(size, -0.0).sum()


# --- the mean commitment's rule against its NumPy definition ------------------------------------


@pytest.mark.parametrize("size", [0, 1, 3, 15, 16, 17, 18, 40])
def test_mean_commitment_rule_is_the_numpy_mean(size):
    """funding.mean_commitment_rule gives what mean_commitment_with_numpy gives (the commitments added in
    order), type included, on random commitments and partners (none, some, all)."""
    rng = np.random.default_rng(size)
    for trial in range(50):
        commitment = rng.random(size) * [1.0, 1e-3, 1e3][trial % 3]
        active = rng.random(size) < [0.0, 0.5, 1.0, 0.9, 0.1][trial % 5]
        model = mock.Mock(orgs=mock.Mock(commitment=commitment, active=active))
        expected = mean_commitment_with_numpy(model)
        got = funding.mean_commitment_rule(commitment, active)
        assert got == expected, (size, trial)
        assert type(got) is type(expected)
        assert CollaborationModel.mean_commitment.fget(model) == expected
