"""The model's four monthly random streams, held for compiled code.

The model draws a month's random numbers from four NumPy Generators, one per process
(``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``; common random numbers between arms). A
compiled submodel draws from them itself through :class:`Streams`, a numba StructRef that holds the
same four Generators (not copies): a draw there advances the Generator the model holds, and gives
the number NumPy's own method gives (numba's ``random``, ``poisson`` and ``beta`` are NumPy's
algorithms; tests/test_streams.py holds them alike). Handing numba one Generator costs about 8
microseconds a call; the four in one StructRef, made once per model, about half a microsecond.
"""

from __future__ import annotations

from typing import Any

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
_TYPE = StreamsType([(name, _GENERATOR) for name in NAMES])


@numba.njit(cache=True)
def hold(meet, res, staff, org):
    """A :class:`Streams` of these four Generators."""
    held = structref.new(_TYPE)
    held.meet, held.res, held.staff, held.org = meet, res, staff, org
    return held


def hold_streams(model: Any) -> Streams:
    """A :class:`Streams` of the model's four Generators (``model.rng_meet`` and the others)."""
    return hold(*(getattr(model, f"rng_{name}") for name in NAMES))
