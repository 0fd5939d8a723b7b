"""The outcome registry: every series has a reporter, figures smooth it one way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import CANONICAL_SERIES

from collabsim import mechanisms as mech
from collabsim import outcomes
from collabsim.outcomes import OUTCOMES, SERIES, SUMMARY_OUTCOMES, TIMESERIES, smooth, smooth_frame
from collabsim.params import DOMAINS


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
