"""The model's streams in compiled code (collabsim.streams): numpy's numbers, from the model's own Generators."""

from __future__ import annotations

import copy
import types

import numba
import numpy as np
import pytest

from collabsim import streams
from collabsim.model import CollaborationModel

NAMES = ("rng_meet", "rng_res", "rng_staff", "rng_org")


@numba.njit(cache=True)
def _draw_each(streams, lam, a, b, k):
    """From each stream in turn: k uniforms one by one, k at once, k Poissons, k Betas (one by one)."""
    out = np.empty((4, 4 * k))
    for s, stream in enumerate((streams.meet, streams.res, streams.staff, streams.org)):
        for i in range(k):
            out[s, i] = stream.random()
        out[s, k : 2 * k] = stream.random(k)
        for i in range(k):
            out[s, 2 * k + i] = stream.poisson(lam)
        for i in range(k):
            out[s, 3 * k + i] = stream.beta(a, b)
    return out


def _numpy_each(generators, lam, a, b, k):
    return np.array(
        [np.concatenate((g.random(k), g.random(k), g.poisson(lam, k), g.beta(a, b, k))) for g in generators]
    )


@pytest.mark.parametrize("lam", [0.4, 9.5, 10.0, 120.0])  # Poisson: both of numpy's methods (below and from 10)
@pytest.mark.parametrize("shapes", [(0.6, 0.9), (2.5, 4.0), (7.0, 1.3)])  # Beta: both of numpy's methods
def test_compiled_draws_are_numpys(lam, shapes):
    owner = types.SimpleNamespace(**{name: np.random.default_rng(i) for i, name in enumerate(NAMES)})
    reference = [np.random.default_rng(i) for i in range(len(NAMES))]
    drawn = _draw_each(streams.of(owner), lam, *shapes, 50)
    np.testing.assert_array_equal(drawn, _numpy_each(reference, lam, *shapes, 50))
    for name, generator in zip(NAMES, reference, strict=True):  # and each stream is where numpy's is
        assert getattr(owner, name).bit_generator.state == generator.bit_generator.state


def test_the_streams_are_the_models_own_generators():
    """A draw in compiled code advances the model's Generator itself: numpy's next draw follows on."""
    model = CollaborationModel(residents=50, rng=5)
    before = {name: copy.deepcopy(getattr(model, name)) for name in NAMES}
    drawn = _draw_each(model.streams, 3.0, 2.0, 3.0, 5)
    np.testing.assert_array_equal(drawn, _numpy_each(before.values(), 3.0, 2.0, 3.0, 5))
    for name, copied in before.items():
        assert getattr(model, name).random() == copied.random()


def test_a_copied_model_draws_from_its_own_streams():
    """A deep copy's compiled draws come from the copy's Generators, and leave the original's alone."""
    model = CollaborationModel(residents=50, rng=6)
    twin = copy.deepcopy(model)
    before = copy.deepcopy(model.rng_res)
    np.testing.assert_array_equal(
        _draw_each(twin.streams, 3.0, 2.0, 3.0, 5), _draw_each(model.streams, 3.0, 2.0, 3.0, 5)
    )
    assert twin.rng_res.bit_generator.state == model.rng_res.bit_generator.state != before.bit_generator.state
