"""Test problems with a known front, in the evaluator's ``module:function`` form.

``schaffer``: Schaffer's first problem, f1 = x², f2 = (x − 2)², both to be minimised; its
Pareto front is x in [0, 2], where f2 = (√f1 − 2)². The seed is accepted and ignored.
"""

from __future__ import annotations

import math
from typing import Any

#: the Pareto-optimal set of :func:`schaffer`
SCHAFFER_FRONT = (0.0, 2.0)


def schaffer(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Schaffer's problem N.1 of ``x``."""
    x = float(params["x"])
    return {"f1": x * x, "f2": (x - 2.0) ** 2}


def schaffer_f2(f1: float) -> float:
    """The front's f2 for a given f1 (for x in [0, 2])."""
    return (math.sqrt(f1) - 2.0) ** 2
