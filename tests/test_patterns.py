"""The eight patterns of DESIGN.md s.7, in direction, with common random numbers.

Every comparison runs both arms on the same seeds (``replication_seeds``) and asserts
that the mean paired difference lies beyond a margin. The margins were set well inside
the effect sizes measured over several independent seed sets (the measured range is
noted beside each margin); set COLLABSIM_PATTERN_SEED (and COLLABSIM_PATTERN_RUNS) to
rerun with another seed set.

Each arm is the baseline scenario with one factor changed. Where the baseline cannot
show an effect on ``sustained`` (project money ends in year 4 with hardly any
continuation funding, so every baseline network is gone by year 10), the comparison
uses a base that keeps some continuation funding (``CONTINUED``) or structural funding
(``STRUCTURAL``), or a window of the time series.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np
import pytest

from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import load_scenario

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("COLLABSIM_PATTERN_SEED", "20171"))
N = int(os.environ.get("COLLABSIM_PATTERN_RUNS", "20"))
BASE = load_scenario("baseline").model_kwargs()
HORIZON = float(BASE["horizon"])

#: Partners carry part of the costs after project money ends, so networks can last.
CONTINUED = {"cofinancing": 0.6, "shared_savings": 0.3, "integrated_funding": 0.6}
#: Project money beyond the horizon.
STRUCTURAL = {"funding_years": 20.0}
#: Nothing pays for the collaboration once project money has ended.
NO_CONTINUATION = {"cofinancing": 0.0, "shared_savings": 0.0, "integrated_funding": 0.0}


def _key(changes: dict) -> tuple:
    return tuple(
        sorted((k, tuple(tuple(sorted(e.items())) for e in v) if k == "events" else v) for k, v in changes.items())
    )


@cache
def _arm(key: tuple) -> tuple:
    changes = {k: ([dict(e) for e in v] if k == "events" else v) for k, v in key}
    params = {**BASE, **changes}
    return tuple(run_model(params, seed) for seed in replication_seeds(SEED, N))


def arm(**changes) -> tuple:
    """The runs (summary, series) of the baseline with ``changes``, one per seed (cached per process)."""
    return _arm(_key(changes))


def outcome(runs: tuple, name: str) -> np.ndarray:
    return np.array([summary[name] for summary, _ in runs])


def time_to_network(runs: tuple) -> np.ndarray:
    """Years to a working network; a run that never gets there counts as the horizon (censored)."""
    t = outcome(runs, "time_to_network")
    return np.where(np.isnan(t), HORIZON, t)


def window(runs: tuple, name: str, start: float, end: float) -> np.ndarray:
    """Mean of a series over the steps in years (start, end]."""
    a, b = round(start * 12) + 1, round(end * 12) + 1
    return np.array([series[name][a:b].mean() for _, series in runs])


# --- 1. a funded kartrekker ----------------------------------------------------------------------


def test_1_kartrekker_makes_ties_form_faster():
    faster = time_to_network(arm(kartrekker="none")) - time_to_network(arm())
    assert faster.mean() > 3.0  # measured 7.0 to 8.9 years


def test_1_kartrekker_makes_ties_form_higher():
    none, internal = arm(kartrekker="none"), arm()
    peak = outcome(internal, "peak_ties") - outcome(none, "peak_ties")
    assert peak.mean() > 0.1  # measured 0.19 to 0.28
    early = window(internal, "cross_domain_ties", 0, 4) - window(none, "cross_domain_ties", 0, 4)
    assert early.mean() > 0.08  # measured 0.15 to 0.20
    assert np.mean(early > 0) >= 0.8  # measured 1.0


# --- 2. turnover and losing the kartrekker --------------------------------------------------------


def test_2_higher_turnover_lowers_sustained():
    lost = outcome(arm(turnover=0.05, **CONTINUED), "sustained") - outcome(arm(turnover=0.35, **CONTINUED), "sustained")
    assert lost.mean() > 0.25  # measured 0.52 to 0.84


def test_2_higher_turnover_thins_the_network_while_funded():
    low, high = arm(turnover=0.05), arm(turnover=0.35)
    thinner = window(low, "cross_domain_ties", 3, 4) - window(high, "cross_domain_ties", 3, 4)
    assert thinner.mean() > 0.06  # measured 0.13 to 0.20


def test_2_losing_the_kartrekker_stalls_the_network():
    """She leaves when project money ends (year 4): nobody recruits a successor, the network stalls."""
    stay = arm(**CONTINUED)
    leave = arm(events=[{"type": "kartrekker_leaves", "year": 4.0}], **CONTINUED)
    active = window(stay, "kartrekker_active", 4, 5) - window(leave, "kartrekker_active", 4, 5)
    assert active.mean() > 0.25  # the event did remove her for a while (measured 0.54 to 0.70)
    ties = window(stay, "cross_domain_ties", 4.5, 6) - window(leave, "cross_domain_ties", 4.5, 6)
    assert ties.mean() > 0.04  # measured 0.11 to 0.15
    meetings = window(stay, "meetings", 4, 5) - window(leave, "meetings", 4, 5)
    assert meetings.mean() > 0.05  # meetings per month; measured 0.17 to 0.37


# --- 3. what keeps it going after project money ----------------------------------------------------


def test_3_without_continuation_funding_collaboration_decays():
    runs = arm(**NO_CONTINUATION)
    peak = outcome(runs, "peak_ties")
    last = window(runs, "cross_domain_ties", HORIZON - 1, HORIZON)
    assert np.mean(last < 0.25 * peak) >= 0.9  # measured: all runs
    assert outcome(runs, "sustained").mean() < 0.25  # measured 0.12, 0.11, 0.10 (seeds 20171, 7, 11)


def test_3_with_cofinancing_shared_savings_and_integrated_funding_it_lasts():
    kept = arm(cofinancing=0.8, shared_savings=0.5, integrated_funding=0.8)
    gained = outcome(kept, "sustained") - outcome(arm(**NO_CONTINUATION), "sustained")
    assert gained.mean() > 0.4  # measured 0.73 to 0.94
    assert outcome(kept, "sustained").mean() > 0.5  # measured 0.74 to 0.95


def test_3_cofinancing_alone_helps():
    gained = outcome(arm(**{**NO_CONTINUATION, "cofinancing": 0.8}), "sustained") - outcome(
        arm(**NO_CONTINUATION), "sustained"
    )
    assert gained.mean() > 0.1  # measured 0.26 to 0.44


@pytest.mark.xfail(
    strict=True,
    reason="pattern 3 does not hold for shared savings on their own: savings flow back only in proportion "
    "to the referral success rate (about 0.2-0.35), so the continuation budget stays low, the kartrekker "
    "leaves and the network decays as without any continuation (measured gain in sustained 0.001 to 0.013)",
)
def test_3_shared_savings_alone_help():
    gained = outcome(arm(**{**NO_CONTINUATION, "shared_savings": 0.8}), "sustained") - outcome(
        arm(**NO_CONTINUATION), "sustained"
    )
    assert gained.mean() > 0.1


# --- 4. urgency ------------------------------------------------------------------------------------


def test_4_more_urgency_faster_start():
    low, high = arm(urgency=0.2), arm(urgency=1.0)
    faster = time_to_network(low) - time_to_network(high)
    assert faster.mean() > 1.5  # measured 3.4 to 7.2 years
    early = window(high, "cross_domain_ties", 0, 2) - window(low, "cross_domain_ties", 0, 2)
    assert early.mean() > 0.08  # measured 0.15 to 0.18


# --- 5. hierarchy ----------------------------------------------------------------------------------


def test_5_hierarchy_slows_the_time_to_a_working_network():
    slower = time_to_network(arm(hierarchy=1.0)) - time_to_network(arm(hierarchy=0.0))
    assert slower.mean() > 1.0  # measured 2.3 to 5.2 years


def test_5_hierarchy_slows_trust():
    flat, steep = arm(hierarchy=0.0), arm(hierarchy=1.0)
    early = window(flat, "cross_domain_ties", 0, 2) - window(steep, "cross_domain_ties", 0, 2)
    assert early.mean() > 0.05  # measured 0.10 to 0.12
    assert np.mean(early > 0) >= 0.9  # measured 1.0


# --- 6. knowledge exchange ---------------------------------------------------------------------------


def test_6_more_knowledge_exchange_more_needs_reach_the_right_domain():
    levels = (0.0, 6.0, 18.0)
    means = [outcome(arm(knowledge_exchange=k), "mean_needs_right_domain") for k in levels]
    assert np.all(np.diff([m.mean() for m in means]) > 0)
    gained = means[-1] - means[0]
    assert gained.mean() > 0.1  # measured 0.21 to 0.22
    assert np.mean(gained > 0) >= 0.9  # measured 1.0


# --- 7. existing network -------------------------------------------------------------------------------


def test_7_existing_network_reaches_a_working_network_sooner():
    sooner = time_to_network(arm(existing_network=0.0)) - time_to_network(arm(existing_network=0.15))
    assert sooner.mean() > 0.75  # measured 2.2 to 3.9 years


# --- 8. recorded agreements and turnover ----------------------------------------------------------------


def test_8_recorded_agreements_soften_the_damage_of_turnover():
    def damage(records: float) -> np.ndarray:
        low = arm(agreements_recorded=records, turnover=0.05, **STRUCTURAL)
        high = arm(agreements_recorded=records, turnover=0.35, **STRUCTURAL)
        return outcome(low, "sustained") - outcome(high, "sustained")

    unrecorded, recorded = damage(0.0), damage(1.0)
    assert unrecorded.mean() > 0.15  # turnover does damage without records (measured 0.38 to 0.56)
    assert (unrecorded - recorded).mean() > 0.08  # measured 0.20 to 0.38
