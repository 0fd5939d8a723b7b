"""The eight patterns of DESIGN.md s.7 (and the emergent ones), in direction, with common random numbers.

The tests run the very experiment definitions that ``collabsim patterns`` runs and
docs/validation.md reports (``experiments/patterns/*.toml``), at fewer seeds: every arm
of an experiment runs on the same seeds (``replication_seeds``), and each measure's mean
paired contrast must lie beyond its ``test_margin`` in the expected direction. The
margins were set well inside the effects measured over five independent seed sets of
20 seeds (noted beside each margin in the files); set COLLABSIM_PATTERN_SEED (a base
seed for every experiment) and COLLABSIM_PATTERN_RUNS to rerun with another seed set.

Where the baseline shows little of an effect on ``sustained`` (project money ends in year 4
with little continuation funding, so little of most baseline networks is left by year 10),
an experiment uses a base that keeps some continuation funding (P2) or structural funding
(P8), or a window of the time series. A few checks beyond the margins follow below.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np
import pytest

from collabsim.validation.effects import ArmRuns, contrast_values, measure_values, run_experiments
from collabsim.validation.experiments import Loaded, load_pattern_experiments

pytestmark = pytest.mark.slow

_seed = os.environ.get("COLLABSIM_PATTERN_SEED")
SEED = int(_seed) if _seed else None  # None: each experiment file's own seed
N = int(os.environ.get("COLLABSIM_PATTERN_RUNS", "20"))
EXPERIMENTS = {e.id: e for e in load_pattern_experiments()}


@cache
def runs(exp_id: str) -> dict[tuple[str, str], ArmRuns]:
    """All arms of one experiment on the same N seeds (cached per test process)."""
    return run_experiments([EXPERIMENTS[exp_id]], replications=N, seed=SEED)


def contrast(exp_id: str, measure: str) -> np.ndarray:
    loaded = EXPERIMENTS[exp_id]
    m = next(m for m in loaded.experiment.measures if m.name == measure)
    return contrast_values(loaded, m, runs(exp_id))


def arm_values(exp_id: str, arm: str, measure: str) -> np.ndarray:
    loaded = EXPERIMENTS[exp_id]
    m = next(m for m in loaded.experiment.measures if m.name == measure)
    return measure_values(runs(exp_id)[(exp_id, arm)].runs, m, loaded.horizon)


#: Measures the model does not reproduce robustly, with why: reported in docs/validation.md, not hidden.
#: None on 2026-12-02: E3's threshold and C4's slower recovery hold at 20 seeds.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def assert_margins(loaded: Loaded) -> None:
    """Every measure's mean paired contrast lies beyond its margin in the expected direction."""
    for m in loaded.experiment.measures:
        if (loaded.id, m.name) in KNOWN_GAPS:
            continue
        sign = 1.0 if m.expected == "positive" else -1.0
        effect = sign * contrast(loaded.id, m.name).mean()
        assert effect > m.test_margin, f"{loaded.id} {m.name}: {effect:.3f} not beyond {m.test_margin}"


def test_all_eight_design_patterns_and_the_emergent_ones_are_defined():
    design = sorted(i for i, e in EXPERIMENTS.items() if e.experiment.group == "design")
    assert design == [f"P{i}" for i in range(1, 9)]
    assert any(e.experiment.group == "emergent" for e in EXPERIMENTS.values())


def test_the_seeds_cases_with_events_are_defined():
    """DESIGN.md s.8.3: C2 (working session), C4 (change of representatives), C6 (map of the problem)."""
    cases = sorted(i for i, e in EXPERIMENTS.items() if e.experiment.group == "case")
    assert {"C2", "C4", "C6"} <= set(cases)


# --- checks beyond the mean (run inside the experiment's test, so each experiment runs once) ---------


def check_p1() -> None:
    """The kartrekker's network is higher in nearly every seed, not only on average."""
    assert np.mean(contrast("P1", "early_higher") > 0) >= 0.8  # measured 1.0 in five seed sets of 20


def check_p3() -> None:
    """Without continuation funding the network decays in nearly every run; with all three it lasts."""
    nothing = runs("P3")[("P3", "nothing")].runs
    peak = np.array([s["peak_ties"] for s, _ in nothing])
    last = np.array([series["cross_domain_ties"][-12:].mean() for _, series in nothing])
    # measured 0.95 to 1.0 (five seed sets of 20) until motivated staff could take the kartrekker role
    # over without money (2026-12-02, docs/ODD.md s.7.11); since then 0.70 at the file's seed: a
    # motivated work floor carries some networks on (004), most still fade
    assert np.mean(last < 0.25 * peak) >= 0.6
    # sustained, well below working (1); measured 0.10 to 0.13 before 2026-12-02, 0.29 at the file's seed since
    assert arm_values("P3", "nothing", "all_help").mean() < 0.5
    assert arm_values("P3", "all", "all_help").mean() > 0.5  # with all three it lasts; measured 0.92 to 1.0


def check_p5() -> None:
    """Hierarchy slows trust in nearly every seed."""
    assert np.mean(contrast("P5", "early_lower") > 0) >= 0.9  # measured 1.0 in five seed sets of 20


def check_p6() -> None:
    """More knowledge exchange helps in nearly every seed."""
    assert np.mean(contrast("P6", "more_18_vs_0") > 0) >= 0.9  # measured 1.0 in five seed sets of 20


EXTRA_CHECKS = {"P1": check_p1, "P3": check_p3, "P5": check_p5, "P6": check_p6}


@pytest.mark.parametrize("exp_id", sorted(EXPERIMENTS))
def test_pattern_in_direction_beyond_margin(exp_id):
    assert_margins(EXPERIMENTS[exp_id])
    if exp_id in EXTRA_CHECKS:
        EXTRA_CHECKS[exp_id]()

