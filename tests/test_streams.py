"""model.streams (ODD s.4, stochasticity): the model's own Generators, drawn from in compiled code as numpy draws.

A kernel's draws through ``streams`` are numpy's numbers from the same bit generator, and a copy
or a pickle of a model draws from its own copied Generators.
"""

from __future__ import annotations

import copy
import pickle
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



@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_models_streams_are_its_copied_generators(make_model, how):
    model = make_model(rng=5)
    model.step()
    other = copy.deepcopy(model) if how == "deepcopy" else pickle.loads(pickle.dumps(model))
    for k, name in enumerate(NAMES):
        assert other.streams.generators[k] is getattr(other, name)
        assert getattr(other, name) is not getattr(model, name)
    before = {name: getattr(model, name).bit_generator.state for name in NAMES}
    drawn = _draw_each(other.streams, 3.0, 2.0, 3.0, 5)
    np.testing.assert_array_equal(drawn, _draw_each(model.streams, 3.0, 2.0, 3.0, 5))
    for name in NAMES:  # each drew from its own Generators: the same numbers, from the same states
        assert getattr(model, name).bit_generator.state == getattr(other, name).bit_generator.state != before[name]
