"""model.streams (ODD s.1, stochasticity): the model's own Generators, drawn from in compiled code as numpy draws.

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

STREAMS = ("rng_meet", "rng_res", "rng_staff", "rng_org")


@numba.njit
def _draw(streams, k, lam, a, b):
    """From each stream in turn: random(), random(k), poisson(lam), beta(a, b)."""
    one = streams.meet.random()
    many = streams.res.random(k)
    count = streams.staff.poisson(lam)
    share = streams.org.beta(a, b)
    return one, many, count, share


def _parts(seed: int) -> types.SimpleNamespace:
    parts = types.SimpleNamespace(**{name: np.random.default_rng([seed, k]) for k, name in enumerate(STREAMS)})
    parts.streams = streams.of(parts)
    return parts


@pytest.mark.parametrize("seed", range(4))
def test_a_kernels_draws_are_numpys_from_the_same_generators(seed):
    parts = _parts(seed)
    numpy_side = _parts(seed)
    rng = np.random.default_rng(seed)
    for _ in range(20):
        k, lam = int(rng.integers(0, 50)), float(rng.choice([0.0, 0.3, 4.0, 15.0, 60.0]))
        a, b = float(rng.uniform(0.2, 5.0)), float(rng.uniform(0.2, 5.0))
        one, many, count, share = _draw(parts.streams, k, lam, a, b)
        assert one == numpy_side.rng_meet.random()
        assert np.array_equal(many, numpy_side.rng_res.random(k))
        assert count == numpy_side.rng_staff.poisson(lam)
        assert share == numpy_side.rng_org.beta(a, b)
    for name in STREAMS:  # the kernel advanced the very Generators numpy draws from
        assert getattr(parts, name).bit_generator.state == getattr(numpy_side, name).bit_generator.state, name


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_models_streams_are_its_copied_generators(make_model, how):
    model = make_model(rng=5)
    model.step()
    other = copy.deepcopy(model) if how == "deepcopy" else pickle.loads(pickle.dumps(model))
    for k, name in enumerate(STREAMS):
        assert other.streams.generators[k] is getattr(other, name)
        assert getattr(other, name) is not getattr(model, name)
    before = {name: getattr(model, name).bit_generator.state for name in STREAMS}
    _draw(other.streams, 7, 3.0, 2.0, 2.0)
    for name in STREAMS:
        assert getattr(model, name).bit_generator.state == before[name], name  # the original untouched
        assert getattr(other, name).bit_generator.state != before[name], name
