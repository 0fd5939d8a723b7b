"""Shared fixtures for the collabsim test suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import fresh_compiled_code

import collabsim
from collabsim import CollaborationModel
from collabsim.scenario import load_scenario


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, in the controller, before any worker starts
        fresh_compiled_code(Path(collabsim.__file__).parent)


@pytest.fixture(scope="session")
def baseline_params() -> dict[str, Any]:
    """Model keyword arguments of the shipped baseline scenario."""
    return load_scenario("baseline").model_kwargs()


@pytest.fixture
def make_model() -> Callable[..., CollaborationModel]:
    """A small, fast model: defaults of the model with few residents unless told otherwise."""

    def make(rng: int = 1, **kwargs: Any) -> CollaborationModel:
        kwargs.setdefault("residents", 200)
        return CollaborationModel(rng=rng, **kwargs)

    return make
