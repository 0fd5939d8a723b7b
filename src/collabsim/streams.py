"""The model's monthly random streams as compiled code draws from them (ODD s.1, stochasticity).

Handed to a compiled kernel, a NumPy ``Generator`` costs about 10 microseconds a call to
unbox. :class:`Streams` holds the model's four monthly streams (``rng_meet``, ``rng_res``,
``rng_staff``, ``rng_org``) in one numba StructRef, which reaches a kernel for under a
microsecond. It holds the same Generators, not copies: a draw in a kernel advances the very
bit generator that numpy draws from in Python, and numba's Generator methods (``random``,
``poisson``, ``beta``) give what numpy's give (tests/test_streams.py holds them alike), so a
kernel that draws for itself makes the draws numpy would have made, in the same order.
"""

from __future__ import annotations

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
    """The model's monthly streams, by what they draw for (ODD s.1 lists each one's draws); made by :func:`of`.

    A copy (``copy.deepcopy``, pickle) holds copies of the Generators: within one deep copy of a
    model, the very copies its ``rng_*`` hold.
    """

    def __reduce__(self):
        return _of, _generators(self)


structref.define_boxing(StreamsType, Streams)

_GENERATOR = numba.typeof(np.random.default_rng(0))
_STREAMS = StreamsType([("meet", _GENERATOR), ("res", _GENERATOR), ("staff", _GENERATOR), ("org", _GENERATOR)])


@numba.njit(cache=True)
def _new(meet, res, staff, org):
    """A :class:`Streams` of the four Generators (a cached constructor: structref's own compiles in every process)."""
    streams = structref.new(_STREAMS)
    streams.meet, streams.res, streams.staff, streams.org = meet, res, staff, org
    return streams


@numba.njit(cache=True)
def _generators(streams):
    """The four Generators themselves (boxed back to the same Python objects)."""
    return streams.meet, streams.res, streams.staff, streams.org


def _of(meet, res, staff, org) -> Streams:
    """A :class:`Streams` of the four Generators (what a copy is rebuilt with)."""
    return _new(meet, res, staff, org)


def of(model) -> Streams:
    """The model's streams (``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``) as one :class:`Streams`."""
    return _new(model.rng_meet, model.rng_res, model.rng_staff, model.rng_org)
