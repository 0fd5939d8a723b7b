"""The model's monthly random streams as compiled code draws from them (ODD s.4, stochasticity).

Handed to a compiled kernel, a NumPy ``Generator`` costs about 10 microseconds a call to
unbox. :class:`Streams` holds the model's four monthly streams (``rng_meet``, ``rng_res``,
``rng_staff``, ``rng_org``) in one numba StructRef, which reaches a kernel for under a
microsecond. It holds the same Generators, not copies: a draw in a kernel advances the very
bit generator that numpy draws from in Python, and numba's Generator methods (``random``,
``poisson``, ``beta``) give what numpy's give (tests/test_streams.py holds them alike), so a
kernel that draws for itself makes the draws numpy would have made, in the same order.
"""

from __future__ import annotations

import copy

import numba
import numpy as np
from numba.core import types
from numba.experimental import structref


@structref.register
class StreamsType(types.StructRef):
    """numba's type of :class:`Streams`."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(kind)) for name, kind in fields)


class Streams(structref.StructRefProxy):
    """The model's monthly streams, by what they draw for (ODD s.4 lists each one's draws); made by :func:`of`.

    ``generators`` holds the four Generators on the Python side too (numba cannot box one back), so
    a copy or a pickle of a model rebuilds its streams on the copied Generators (``copy.deepcopy``'s
    and pickle's memo: the model's ``rng_meet`` and its streams' ``meet`` stay one object).
    """

    def __deepcopy__(self, memo) -> Streams:
        return _of(*(copy.deepcopy(generator, memo) for generator in self.generators))

    def __reduce__(self):
        return _of, self.generators


structref.define_boxing(StreamsType, Streams)

_GENERATOR = numba.typeof(np.random.default_rng(0))
_STREAMS = StreamsType([("meet", _GENERATOR), ("res", _GENERATOR), ("staff", _GENERATOR), ("org", _GENERATOR)])


@numba.njit(cache=True)
def _new(meet, res, staff, org):
    """A :class:`Streams` of the four Generators (a cached constructor: structref's own compiles in every process)."""
    streams = structref.new(_STREAMS)
    streams.meet, streams.res, streams.staff, streams.org = meet, res, staff, org
    return streams


def _of(meet, res, staff, org) -> Streams:
    """A :class:`Streams` of the four Generators, which it also keeps as ``generators``."""
    streams = _new(meet, res, staff, org)
    streams.generators = (meet, res, staff, org)
    return streams


def of(model) -> Streams:
    """The model's streams (``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``) as one :class:`Streams`."""
    return _of(model.rng_meet, model.rng_res, model.rng_staff, model.rng_org)
