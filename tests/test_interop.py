"""The model under other tools: Mesa's batch_run and the EMA workbench drive it and get its numbers."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from helpers import CANONICAL_SERIES, series, step_n

from collabsim import CollaborationModel


def test_mesa_batch_run_drives_the_model():
    results = mesa.batch_run(
        CollaborationModel,
        parameters={"kartrekker": ["none", "duo"], "turnover": 0.2, "horizon": 1, "residents": 100},
        rng=[1, 2],
        max_steps=12,
        data_collection_period=-1,
        number_processes=1,
    )
    assert len(results) == 4
    seen = set()
    for row in results:
        assert set(CANONICAL_SERIES) <= set(row)
        assert row["Step"] == 12
        assert row["turnover"] == 0.2
        assert 0.0 <= row["cross_domain_ties"] <= 1.0
        seen.add((row["kartrekker"], row["rng"]))
        if row["kartrekker"] == "none":
            assert row["kartrekker_active"] == 0
    assert seen == {("none", 1), ("none", 2), ("duo", 1), ("duo", 2)}


def test_batch_run_matches_a_direct_run():
    (row,) = mesa.batch_run(
        CollaborationModel,
        parameters={"horizon": 1, "residents": 100},
        rng=[7],
        max_steps=12,
        data_collection_period=-1,
        number_processes=1,
        display_progress=False,
    )
    model = step_n(CollaborationModel(horizon=1, residents=100, rng=7), 12)
    for name in CANONICAL_SERIES:
        assert row[name] == pytest.approx(series(model, name)[-1])


def test_mesa_batch_run_runs_the_model_with_the_same_results():
    """mesa.batch_run drives CollaborationModel; its series give run_model's summary."""
    import mesa

    from collabsim import CollaborationModel
    from collabsim.outcomes import SERIES, summarise
    from collabsim.params import STEPS_PER_YEAR
    from collabsim.runner import run_model

    params = {"turnover": [0.05, 0.4], "residents": 200, "horizon": 1.0}
    results = mesa.batch_run(
        CollaborationModel,
        parameters=params,
        rng=[17],
        number_processes=1,
        data_collection_period=1,
        max_steps=100,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert sorted(frame["turnover"].unique()) == [0.05, 0.4]
    for turnover, rows in frame.groupby("turnover"):
        rows = rows.sort_values("Step")
        assert len(rows) == 13  # initial state plus 12 monthly steps
        series = {name: rows[name].to_numpy(dtype=float) for name in SERIES}
        expected, _ = run_model({"turnover": turnover, "residents": 200, "horizon": 1.0}, 17)
        np.testing.assert_equal(summarise(series, STEPS_PER_YEAR), expected)


@pytest.mark.filterwarnings("ignore:ipyparallel not installed:UserWarning")
def test_ema_workbench_drives_simulate():
    """The EMA workbench can use collabsim.simulate as its model function."""
    from ema_workbench import Constant, Model, RealParameter, ScalarOutcome, SequentialEvaluator, perform_experiments

    import collabsim

    model = Model("collabsim", function=collabsim.simulate)
    model.uncertainties = [RealParameter("turnover", 0.0, 0.5), RealParameter("urgency", 0.0, 1.0)]
    model.constants = [Constant("horizon", 1.0), Constant("residents", 200), Constant("rng", 23)]
    model.outcomes = [ScalarOutcome("sustained"), ScalarOutcome("peak_ties")]
    with SequentialEvaluator(model) as evaluator:
        experiments, outcomes = perform_experiments(model, scenarios=3, evaluator=evaluator)
    assert len(experiments) == 3
    assert outcomes["sustained"].shape == (3,)
    for i, row in experiments.iterrows():
        direct = collabsim.simulate(
            rng=23, turnover=row["turnover"], urgency=row["urgency"], horizon=1.0, residents=200
        )
        assert outcomes["sustained"][i] == direct["sustained"]
        assert outcomes["peak_ties"][i] == direct["peak_ties"]
