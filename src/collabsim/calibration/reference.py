"""A reference model with a known accepted region, for the calibration's known-answer test.

Two constants ``A`` and ``B`` in [0, 1]. Pattern ``R1``: ``y`` rises with ``x`` (the effect is
``A - 0.5``); pattern ``R2``: ``z`` is above zero (``z = A - B``). Without noise the accepted
region is the triangle A > 0.5, B < A (area 0.375 of the unit square). Each arm's runs carry
their own noise (sd :data:`NOISE`), so the boundary is as sharp as the replications allow.
Pattern ``R3`` (``y`` falls with ``x``) conflicts with ``R1``: no set can reproduce both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..mechanisms import CONSTANT_SET
from ..validation.experiments import Arm, Loaded, Measure, PatternExperiment

MODEL = "collabsim.calibration.reference:model"
NAMES = ("A", "B")
BOUNDS = np.array([[0.0, 1.0], [0.0, 1.0]])
NOISE = 0.05


def model(params: dict[str, Any], seed: int) -> dict[str, float]:
    """``y = (A - 0.5) x + noise`` and ``z = A - B + noise``; the noise differs between arms (x)."""
    c = params[CONSTANT_SET]
    x = float(params["x"])
    noise = np.random.default_rng([seed, int(x)]).normal(0.0, NOISE, 2)
    return {"y": (c["A"] - 0.5) * x + noise[0], "z": c["A"] - c["B"] + noise[1]}


def accepted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The analytic accepted region of R1 and R2 (without noise)."""
    return (a > 0.5) & (b < a)


def _pattern(pid: str, outcome: str, contrast: dict[str, float], expected: str, replications: int) -> Loaded:
    arms = {
        name: Arm.model_construct(label=f"x = {x:g}", overrides={}, intervention=None, events=[])
        for name, x in (("lo", 0.0), ("hi", 1.0))
        if name in contrast
    }
    measure = Measure.model_construct(
        name="effect",
        label=f"{outcome} ({expected})",
        outcome=outcome,
        window=None,
        relative_to=None,
        censor_at_horizon=False,
        at_least=None,
        reference=None,
        contrast=contrast,
        expected=expected,
        unit="",
        test_margin=0.0,
    )
    exp = PatternExperiment.model_construct(
        id=pid,
        group="design",
        title=pid,
        design="",
        source="",
        finding="",
        scenario="",
        scenario_events=True,
        common={},
        arms=arms,
        measures=[measure],
        series="cross_domain_ties",
        replications=replications,
        seed=7 + int(pid[1:]),
    )
    params = {name: {"x": 0.0 if name == "lo" else 1.0} for name in arms}
    return Loaded(exp, Path(f"<reference {pid}>"), params, 1.0)


def patterns(replications: int = 10, conflicting: bool = False) -> list[Loaded]:
    """R1 and R2 (and, with ``conflicting``, R3) as pattern experiments of the reference model."""
    out = [
        _pattern("R1", "y", {"hi": 1.0, "lo": -1.0}, "positive", replications),
        _pattern("R2", "z", {"lo": 1.0}, "positive", replications),
    ]
    if conflicting:
        out.append(_pattern("R3", "y", {"hi": 1.0, "lo": -1.0}, "negative", replications))
    return out
