"""The model's four monthly random streams, held for compiled code.

The model draws a month's random numbers from four NumPy Generators, one per process
(``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``; common random numbers between arms). A
compiled submodel draws from them itself, through a numba StructRef that holds the same Generators
(not copies) in fields of those names: a draw there advances the Generator the model holds, and
gives the number NumPy's own method gives (numba's ``random``, ``poisson`` and ``beta`` are NumPy's
algorithms; tests/test_streams.py holds them alike). Handing numba one Generator costs about 8
microseconds a call; a StructRef of them, made once, under one. The model holds its streams with
its arrays (:class:`collabsim.held.Held`); :class:`Streams` holds just the four, for a submodel's
compiled month called on parts of a model (as the tests do).
"""

from __future__ import annotations

import numba
import numpy as np
from numba.core import types
from numba.experimental import structref

#: the model's monthly streams, by the name :class:`Streams` gives each (the model's attribute ``rng_<name>``)
NAMES = ("meet", "res", "staff", "org")


@structref.register
class StreamsType(types.StructRef):
    """numba's type of :class:`Streams`."""


class Streams(structref.StructRefProxy):
    """The model's four monthly Generators (``meet``, ``res``, ``staff``, ``org``) for compiled code."""


structref.define_boxing(StreamsType, Streams)
_GENERATOR = numba.typeof(np.random.default_rng(0))
_TYPE = StreamsType([(f"rng_{name}", _GENERATOR) for name in NAMES])


@numba.njit(cache=True)
def hold(meet, res, staff, org):
    """A :class:`Streams` of these four Generators."""
    held = structref.new(_TYPE)
    held.rng_meet, held.rng_res, held.rng_staff, held.rng_org = meet, res, staff, org
    return held


