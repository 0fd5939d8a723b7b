"""ODD s.7.8: ties without contact fade, knowledge of others goes out of date, records age (004 introduction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech
from . import records

if TYPE_CHECKING:
    from ..model import CollaborationModel

#: ties fading in one block of rows: a block's ties and factors (8 bytes each) fill about 1 MB
#: together, a core's cache here (numerics, not a model constant: the values do not depend on it)
BLOCK_ENTRIES = 65_536


def fade(model: CollaborationModel) -> None:
    """Ties without contact in the month fade, knowledge goes out of date, and records age without a kartrekker.

    As :func:`collabsim.mechanisms.decay_ties` and :func:`collabsim.mechanisms.forget_other_domains`,
    a block of rows of the ties at a time (one block up to :data:`BLOCK_ENTRIES` ties; a large
    neighbourhood's blocks stay in a core's cache through the three passes): one kernel,
    :func:`_fading_exponents`, computes the exponent ``-TIE_DECAY dt (1 - TIE_PERSISTENCE trust)`` of
    every tie; numpy's ``exp`` turns them into factors (compiled code's ``exp`` differs in the last bit;
    numpy's gives an entry the same value wherever it stands); a second kernel, :func:`_fade`,
    multiplies the ties without contact by them and lets the block's knowledge go out of date.
    """
    staff = model.staff
    trust, contact, dt = staff.trust, model.tally.contact, model.dt
    factors = model.fading_factors  # room for a block's factors, written over each month
    rows = factors.shape[0]
    persistence, rate = mech.TIE_PERSISTENCE, -mech.TIE_DECAY * dt
    floor, forgetting = mech.KNOWLEDGE_FLOOR, mech.share_per_step(mech.KNOWLEDGE_FORGETTING, dt)
    knowledge = staff.knowledge
    if rows == trust.shape[0]:  # one block, the whole: no views to make (about 1 us of a 7 us month)
        _fading_exponents(trust, persistence, rate, factors)
        np.exp(factors, out=factors)
        _fade(trust, contact, factors, knowledge, floor, forgetting)
    else:
        for start in range(0, trust.shape[0], rows):
            block = slice(start, start + rows)
            ties = trust[block]
            block_factors = factors[: ties.shape[0]]
            _fading_exponents(ties, persistence, rate, block_factors)
            np.exp(block_factors, out=block_factors)
            _fade(ties, contact[block], block_factors, knowledge[block], floor, forgetting)
    if not model.kartrekker_active:
        records.age(model)


@numba.njit(cache=True)
def _fading_exponents(trust, persistence, rate, exponents):
    """ODD s.7.8: the exponent ``(1 - persistence * trust) * rate`` of every tie's fading factor,
    written into ``exponents`` (rows of the model's ``fading_factors``, not a new array each month).

    ``persistence`` = TIE_PERSISTENCE, ``rate`` = -TIE_DECAY dt, as in
    :func:`collabsim.mechanisms.decay_ties` (the operations in its order).
    """
    n_rows, n_cols = trust.shape
    for a in range(n_rows):
        for b in range(n_cols):
            exponents[a, b] = (1.0 - persistence * trust[a, b]) * rate


def factor_room(n: int) -> np.ndarray:
    """Room for the fading factors of a block of rows of the n x n ties: as many rows as keep a
    block's ties and factors in a core's cache together (:data:`BLOCK_ENTRIES`), all n if fewer."""
    return np.empty((max(1, min(n, BLOCK_ENTRIES // max(1, n))), n))


@numba.njit(cache=True)
def _fade(trust, contact, factors, knowledge, floor, forgetting):
    """ODD s.7.8, in place, for a block of rows (posts): each of their ties without ``contact`` in the
    month times its factor (one with contact keeps its trust, as times 1), as
    :func:`collabsim.mechanisms.decay_ties`; their ``knowledge`` above ``floor`` (KNOWLEDGE_FLOOR)
    loses the share ``forgetting`` of the excess, as :func:`collabsim.mechanisms.forget_other_domains`."""
    n_rows, n_cols = trust.shape
    for a in range(n_rows):
        for b in range(n_cols):
            trust[a, b] *= 1.0 if contact[a, b] else factors[a, b]
    for x in range(knowledge.shape[0]):
        excess = knowledge[x] - floor
        knowledge[x] -= (excess if excess > 0.0 else 0.0) * forgetting
