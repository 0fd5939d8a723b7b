"""Golden numbers: restructuring the code must not change what the model computes.

Pinned in tests/golden.json: the summary outcomes and a few time-series values of every
shipped scenario at fixed seeds, compared within a relative 1e-9. (An exact hash over the
bytes was tried and dropped: OpenBLAS picks its dot-product kernel by CPU, and the last bits
differ between machines.) To re-pin deliberately (a rule changed, on purpose, and the ODD says so):
``python tests/test_golden.py --repin``, and say why in the commit message.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

import collabsim
from collabsim.outcomes import EXTRA_SUMMARY, MODEL_REPORTERS, SUMMARY
from collabsim.scenario import shipped_scenarios

GOLDEN = Path(__file__).with_name("golden.json")
SCENARIOS = tuple(shipped_scenarios())
REPLICATIONS = 2
SEED = 20261201
#: months at which series values are pinned (0 = the initial state)
MONTHS = (0, 6, 24, 60)
OUTCOMES = (*SUMMARY, *EXTRA_SUMMARY)
SERIES = tuple(MODEL_REPORTERS)
RTOL = 1e-9  # room for a different order of floating-point sums (or BLAS kernel), not for a different rule


def pinned(name: str) -> dict[str, list[float]]:
    """What is pinned for one scenario: per replication, its outcomes and the series at MONTHS."""
    summary, series = collabsim.run(name, replications=REPLICATIONS, seed=SEED)
    values: dict[str, list[float]] = {o: [float(v) for v in summary[o]] for o in OUTCOMES}
    for s in SERIES:
        for r in range(REPLICATIONS):
            column = series.loc[series["replication"] == r, s].to_numpy(dtype=float)
            values[f"{s}[r{r}]"] = [float(column[m]) for m in MONTHS] + [float(column[-1])]
    return values


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-12)


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text())


@pytest.mark.parametrize("name", SCENARIOS)
def test_pinned_outcomes_and_series_are_unchanged(golden, name):
    expected = golden["scenarios"][name]
    got = pinned(name)
    assert got.keys() == expected.keys()
    changed = {k: (expected[k], got[k]) for k in got if not all(map(_same, expected[k], got[k]))}
    assert not changed, f"{name}: pinned values changed (was, now): {changed}"


def test_every_shipped_scenario_is_pinned(golden):
    assert sorted(golden["scenarios"]) == sorted(shipped_scenarios())


def test_the_pin_can_fail(golden):
    """A different seed gives different pinned values: the golden test is not vacuous."""
    summary, _ = collabsim.run("baseline", replications=REPLICATIONS, seed=SEED + 1)
    assert [float(v) for v in summary["peak_ties"]] != golden["scenarios"]["baseline"]["peak_ties"]


def repin() -> None:
    data = {
        "note": "written by `python tests/test_golden.py --repin`; see that file's docstring",
        "seed": SEED,
        "replications": REPLICATIONS,
        "scenarios": {name: pinned(name) for name in SCENARIOS},
    }
    GOLDEN.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--repin"]:
        sys.exit("usage: python tests/test_golden.py --repin")
    repin()
