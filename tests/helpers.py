"""Small helpers shared by the test modules (imported as ``helpers``)."""

from __future__ import annotations

import numpy as np

from collabsim import CollaborationModel


def step_n(model: CollaborationModel, n: int) -> CollaborationModel:
    """Advance ``model`` by ``n`` steps (months)."""
    for _ in range(n):
        model.step()
    return model


def series(model: CollaborationModel, name: str) -> np.ndarray:
    """One collected model series (index 0 = the initial state)."""
    return np.asarray(model.datacollector.model_vars[name], dtype=float)
