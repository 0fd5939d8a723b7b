"""Sampling designs with SALib, and mapping sample rows to model parameters."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from .experiment import Experiment


def problem(exp: Experiment) -> dict[str, Any]:
    """The SALib problem: discrete parameters with ``k`` levels span ``[0, k)``."""
    bounds = [
        [0.0, float(len(spec.levels))] if spec.levels is not None else [spec.bounds[0], spec.bounds[1]]
        for spec in exp.parameters.values()
    ]
    return {"num_vars": len(bounds), "names": exp.names, "bounds": bounds}


def sample(exp: Experiment) -> np.ndarray:
    """The design matrix (one row per sample point, one column per parameter), from the seed.

    ``sobol``: Saltelli/Sobol' sequence of ``samples`` base points (N(2D+2) rows with
    second-order indices, N(D+2) without); ``morris``: ``samples`` trajectories of D+1
    points on ``levels`` grid levels; ``lhs``: ``samples`` Latin hypercube points;
    ``grid``: the full factorial of every parameter's levels (numeric bounds give
    ``grid_points`` evenly spaced values).
    """
    prob = problem(exp)
    if exp.method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, exp.samples, calc_second_order=exp.second_order, scramble=True, seed=exp.seed)
    if exp.method == "morris":
        from SALib.sample import morris

        return morris.sample(prob, exp.samples, num_levels=exp.levels, seed=exp.seed)
    if exp.method == "lhs":
        from SALib.sample import latin

        return latin.sample(prob, exp.samples, seed=exp.seed)
    axes = []
    for spec in exp.parameters.values():
        if spec.levels is not None:
            axes.append(np.arange(len(spec.levels)) + 0.5)  # mid-point of each level's interval
        else:
            axes.append(np.linspace(spec.bounds[0], spec.bounds[1], exp.grid_points))
    return np.array(list(itertools.product(*axes)), dtype=float)


def level(levels: list[Any], x: float) -> Any:
    """The level a design value ``x`` on ``[0, k)`` stands for: ``levels[floor(x)]``, clipped."""
    return levels[min(len(levels) - 1, max(0, int(np.floor(x))))]


def row_params(exp: Experiment, row: np.ndarray) -> dict[str, Any]:
    """The parameter values of one design row (levels by ``floor``, clipped to the last)."""
    out: dict[str, Any] = {}
    for x, (name, spec) in zip(row, exp.parameters.items(), strict=True):
        out[name] = level(spec.levels, x) if spec.levels is not None else float(x)
    return out
