"""Reference functions with known answers, in the ``module:function`` form.

SALib's functions with analytical indices check the sweep and analysis pipeline, e.g.
``model = "collabsim.sweep.reference:ishigami"`` with parameters x1..x3 on [-pi, pi];
:func:`corner` has a known box for scenario discovery (``collabsim discover``).
The seed is accepted and ignored: the functions are deterministic.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from SALib.test_functions import Ishigami, Sobol_G

#: Sobol' G-function coefficients of the known-answer tests (small a: important input).
SOBOL_G_A = (0.0, 1.0, 4.5, 9.0, 99.0, 99.0)


def ishigami(params: dict[str, Any], seed: int) -> dict[str, float]:
    """The Ishigami function (a=7, b=0.1) of x1, x2, x3."""
    x = np.array([[params["x1"], params["x2"], params["x3"]]], dtype=float)
    return {"y": float(Ishigami.evaluate(x)[0])}


def ishigami_indices() -> dict[str, np.ndarray]:
    """Analytical S1, ST and S2 (pairs 12, 13, 23) of the Ishigami function (a=7, b=0.1)."""
    a, b = 7.0, 0.1
    v1 = 0.5 * (1 + b * np.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * np.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return {
        "S1": np.array([v1, v2, 0.0]) / v,
        "ST": np.array([v1 + v13, v2, v13]) / v,
        "S2": np.array([0.0, v13, 0.0]) / v,
    }


def sobol_g(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Sobol's G-function of x1..x6 on [0, 1] with the coefficients :data:`SOBOL_G_A`."""
    x = np.array([[params[f"x{i + 1}"] for i in range(len(SOBOL_G_A))]], dtype=float)
    return {"y": float(Sobol_G.evaluate(x, np.array(SOBOL_G_A))[0])}


#: The known box of :func:`corner`: x1 below the first number, x2 above the second.
CORNER = (0.3, 0.6)


def corner(params: dict[str, Any], seed: int) -> dict[str, float]:
    """1 inside the box x1 < 0.3 and x2 > 0.6 (and ``kind`` "on", if given), else 0; x3 plays no part."""
    inside = params["x1"] < CORNER[0] and params["x2"] > CORNER[1] and params.get("kind", "on") == "on"
    return {"y": float(inside)}
