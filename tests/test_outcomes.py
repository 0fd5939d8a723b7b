"""The outcome registry: every series has a reporter, figures smooth it one way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import CANONICAL_SERIES

from collabsim import mechanisms as mech
from collabsim import outcomes
from collabsim.outcomes import OUTCOMES, SERIES, SUMMARY_OUTCOMES, TIMESERIES, smooth, smooth_frame
from collabsim.params import DEFAULT_ORGANISATIONS, DOMAINS


def test_registry_names_match_design_and_reporters():
    assert TIMESERIES == CANONICAL_SERIES
    assert tuple(outcomes.MODEL_REPORTERS) == SERIES
    assert set(SERIES).isdisjoint(SUMMARY_OUTCOMES)
    assert set(OUTCOMES) == {*SERIES, *SUMMARY_OUTCOMES}
    assert outcomes.SUMMARY == (
        "sustained",
        "time_to_network",
        "collapse_year",
        # DESIGN.md s.8.2
        "cost_eur",
        "project_cost_eur",
        "partner_cost_eur",
        "avoided_care_eur",
        "residents_helped",
        "partners_final",
    )


def test_flows_are_shown_as_the_last_twelve_months():
    months = np.arange(1.0, 25.0)  # 1, 2, ..., 24
    total = smooth("meetings", months)
    assert total[0] == 1.0
    assert total[11] == months[:12].sum()
    assert total[23] == months[12:].sum()
    share = smooth("needs_right_domain", months)
    assert share[1] == 1.5
    assert share[23] == months[12:].mean()
    np.testing.assert_array_equal(smooth("cross_domain_ties", months), months)


def test_smoothing_runs_along_the_last_axis_and_per_replication():
    runs = np.vstack([np.ones(30), 2 * np.ones(30)])
    assert smooth("meetings", runs)[:, -1].tolist() == [12.0, 24.0]
    table = pd.DataFrame(
        {"scenario": "s", "replication": np.repeat([0, 1], 30), "meetings": np.r_[np.ones(30), 2 * np.ones(30)]}
    )
    smoothed = smooth_frame(table, ["meetings"])
    assert smoothed.groupby("replication")["meetings"].first().tolist() == [1.0, 2.0]  # no spill-over
    assert smoothed["meetings"].iloc[-1] == 24.0
    assert table["meetings"].iloc[-1] == 2.0  # the input is left alone


@pytest.mark.parametrize("name", SERIES)
def test_every_series_has_a_unit_and_a_meaning(name):
    assert OUTCOMES[name].unit
    assert OUTCOMES[name].meaning


def _cross_domain_ties_numpy(model) -> float:
    """The density as numpy counts it (the kernel's reference): working cross ties over present pairs."""
    staff = model.staff
    present = np.bincount(staff.domain[staff.present], minlength=len(DOMAINS)).tolist()
    pairs = (sum(present) ** 2 - sum(p * p for p in present)) // 2
    working = np.count_nonzero((staff.trust >= mech.WORKING_TIE) & staff.cross) // 2
    return working / pairs if pairs else 0.0


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("constants", [{}, {"WORKING_TIE": 0.45}])
def test_the_tie_density_kernel_counts_as_numpy(make_model, seed, constants):
    model = make_model(rng=seed, residents=50, turnover=0.6)
    seen = set()
    with mech.constant_set(constants):
        for _ in range(36):
            model.step()
            got = outcomes.cross_domain_ties(model)
            assert got == _cross_domain_ties_numpy(model)
            seen.add(got)
        model.staff.trust[3, 40] = model.staff.trust[40, 3] = mech.WORKING_TIE  # exactly at the level
        assert outcomes.cross_domain_ties(model) == _cross_domain_ties_numpy(model)
        model.staff.present[:] = False  # nobody there: no pairs
        model.staff.trust[:] = 0.0
        assert outcomes.cross_domain_ties(model) == 0.0
    assert len(seen) > 5  # the density moved while staff came and went


#: set-ups whose months go through every branch of the row: no residents, no kartrekker, a duo,
#: partners leaving and joining (no one taking part), project money ending, shared savings
ROW_SET_UPS = [
    {"rng": 1, "residents": 1000},
    {"rng": 2, "residents": 0, "kartrekker": "none", "board_support": 0.05, "integrated_funding": 0.0},
    {"rng": 3, "residents": 700, "kartrekker": "duo", "funding_years": 1.0, "shared_savings": 0.5, "turnover": 0.6},
    {"rng": 4, "kartrekker": "external", "organisations": [{"type": "gp_practice", "count": 2, "partner": False}]},
    {"rng": 4, "organisations": [{**o, "partner": i >= 3} for i, o in enumerate(DEFAULT_ORGANISATIONS)]},  # joins
    {"rng": 5, "urgency": 1, "costs": {"avoided_care_eur": 2000}},  # ints where the row holds floats
]


def _reported(model) -> np.ndarray:
    """The row as the registry's reporters give it (the definition), stored as the record stores it."""
    return np.array([report(model) for report in outcomes.MODEL_REPORTERS.values()], dtype=float)


@pytest.mark.parametrize("kwargs", ROW_SET_UPS)
def test_the_recorded_row_is_the_reporters_row_to_the_bit(make_model, kwargs):
    model = make_model(**kwargs)
    for month in range(48):
        if month:
            model.step()
        row = outcomes.series_row(model)
        assert len(row) == len(SERIES)
        expected = _reported(model)
        assert np.array(row, dtype=float).tobytes() == expected.tobytes(), f"month {month}"
        assert model.series_record.values[model.series_record.rows - 1].tobytes() == expected.tobytes()


def test_the_set_ups_cover_the_row_branches(make_model):
    zero_pairs = no_partners = no_needs = no_kartrekker = False
    nonzero = np.zeros(len(SERIES), dtype=bool)
    for kwargs in ROW_SET_UPS:
        model = make_model(**kwargs)
        for _ in range(48):
            model.step()
            no_partners |= not model.orgs.active.any()
            no_needs |= model.tally.needs_presented == 0
            zero_pairs |= outcomes.cross_domain_ties(model) == 0.0
            no_kartrekker |= not model.kartrekker_team
            nonzero |= _reported(model) != 0.0
    assert no_partners
    assert no_needs
    assert zero_pairs
    assert no_kartrekker
    assert nonzero.all()  # every series took a value other than 0 somewhere


def test_the_row_sums_the_spending_in_the_models_order(make_model):
    model = make_model()
    # 0.1 + 0.2 + 0.3 rounds otherwise than 0.1 + (0.2 + 0.3): all three payers in one month
    model.project_spending_eur, model.partner_spending_eur, model.funder_spending_eur = 0.1, 0.2, 0.3
    row = outcomes.series_row(model)
    assert row[SERIES.index("spending_eur")] == outcomes.spending_eur(model) == model.spending_eur
    assert np.array(row, dtype=float).tobytes() == _reported(model).tobytes()


@pytest.mark.parametrize("seed", range(3))
def test_working_cross_ties_kernel_counts_as_numpy(make_model, seed):
    """The count of working cross-domain ties (ODD s.4), one pass over the flattened ties: as numpy
    counts them, on a model's ties after some months and on ties set at the working level."""
    model = make_model(rng=seed)
    for _ in range(30):
        model.step()
    staff = model.staff
    trust = staff.trust.copy()
    trust[::3, ::4] = mech.WORKING_TIE  # exactly at the working level
    trust[~staff.present] = trust[:, ~staff.present] = 0.0
    for ties in (staff.trust, trust):
        working, pairs = outcomes._working_cross_ties(
            ties, staff.cross, staff.domain, staff.present, len(DOMAINS), mech.WORKING_TIE
        )
        ends = int(np.count_nonzero(staff.cross & (ties >= mech.WORKING_TIE)))
        per_domain = np.bincount(staff.domain[staff.present], minlength=len(DOMAINS))
        assert (working, pairs) == (ends // 2, (per_domain.sum() ** 2 - (per_domain**2).sum()) // 2)
        assert working > 0
