"""The streams compiled submodels draw from: the model's own Generators, giving NumPy's numbers."""

from __future__ import annotations

import copy

import numba
import numpy as np
import pytest

from collabsim import streams
from collabsim.model import CollaborationModel


@numba.njit(cache=True)
def _draw_each(held, means, sizes, shapes):
    """In turn from ``held.rng_res``: a Poisson of each mean, then ``random`` of each size; then from
    ``held.rng_staff`` a ``random()`` and a Beta of each pair of shapes."""
    counts = np.empty(means.shape[0], np.int64)
    for k in range(means.shape[0]):
        counts[k] = held.rng_res.poisson(means[k])
    total = 0
    for k in range(sizes.shape[0]):
        total += sizes[k]
    uniform = np.empty(total)
    at = 0
    for k in range(sizes.shape[0]):
        uniform[at : at + sizes[k]] = held.rng_res.random(sizes[k])
        at += sizes[k]
    betas = np.empty(shapes.shape[0])
    for k in range(shapes.shape[0]):
        held.rng_staff.random()
        betas[k] = held.rng_staff.beta(shapes[k, 0], shapes[k, 1])
    return counts, uniform, betas


def _numpy_each(res, staff, means, sizes, shapes):
    counts = np.array([res.poisson(m) for m in means], np.int64)
    uniform = np.concatenate([res.random(s) for s in sizes])
    betas = []
    for a, b in shapes:
        staff.random()
        betas.append(staff.beta(a, b))
    return counts, uniform, np.array(betas)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_draws_are_numpys_draws_and_advance_the_models_generators(seed):
    """Poisson means below and above 10 (NumPy's two algorithms), 0 too; sizes 0 to 606; Beta shapes
    below and above 1: the same numbers, and the Generators end in the same state."""
    pick = np.random.default_rng(seed + 100)
    means = np.concatenate([[0.0, 0.5, 9.99, 10.0, 100.0], pick.uniform(0, 200, 300)])
    sizes = np.concatenate([[0, 1, 606], pick.integers(0, 100, 50)]).astype(np.int64)
    shapes = np.concatenate([[[2.0, 2.0], [0.5, 0.5], [1.0, 3.0]], pick.uniform(0.2, 8.0, (200, 2))])
    held_res, held_staff = np.random.default_rng(seed), np.random.default_rng(seed + 50)
    numpy_res, numpy_staff = copy.deepcopy(held_res), copy.deepcopy(held_staff)
    unused = np.random.default_rng(9)
    got = _draw_each(streams.hold(unused, held_res, held_staff, unused), means, sizes, shapes)
    expected = _numpy_each(numpy_res, numpy_staff, means, sizes, shapes)
    for g, e in zip(got, expected, strict=True):
        assert np.array_equal(g, e)
    assert held_res.bit_generator.state == numpy_res.bit_generator.state
    assert held_staff.bit_generator.state == numpy_staff.bit_generator.state
    assert unused.bit_generator.state == np.random.default_rng(9).bit_generator.state


def test_a_models_copy_draws_from_its_own_generators():
    """The streams (held with the arrays, :attr:`CollaborationModel.held`) are made on first use and
    left out of a copy, which holds its own."""
    model = CollaborationModel(residents=20, rng=4)
    before = model.rng_res.bit_generator.state
    held = model.held
    assert model.held is held
    twin = copy.deepcopy(model)
    _draw_each(twin.held, np.array([5.0]), np.array([3], np.int64), np.zeros((0, 2)))
    assert model.rng_res.bit_generator.state == before
    assert twin.rng_res.bit_generator.state != before
    _draw_each(held, np.array([5.0]), np.array([3], np.int64), np.zeros((0, 2)))
    assert model.rng_res.bit_generator.state == twin.rng_res.bit_generator.state
