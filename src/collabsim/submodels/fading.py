"""ODD s.7.8: ties without contact fade, knowledge of others goes out of date, records age (004 introduction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech
from . import records

if TYPE_CHECKING:
    from ..model import CollaborationModel


def fade(model: CollaborationModel) -> None:
    """Ties without contact in the month fade, knowledge goes out of date, and records age without a kartrekker.

    As :func:`collabsim.mechanisms.decay_ties` and :func:`collabsim.mechanisms.forget_other_domains`:
    one kernel, :func:`_fading_exponents`, computes the exponent ``-TIE_DECAY dt (1 - TIE_PERSISTENCE
    trust)`` of every tie; numpy's ``exp`` turns them into factors (compiled code's ``exp`` differs in
    the last bit); a second kernel, :func:`_fade`, multiplies the ties without contact by them and
    lets knowledge go out of date.
    """
    staff = model.staff
    trust, contact, dt = staff.trust, model.tally.contact, model.dt
    factors = model.fading_factors  # the month's factors, written over each month
    _fading_exponents(trust, mech.TIE_PERSISTENCE, -mech.TIE_DECAY * dt, factors)
    np.exp(factors, out=factors)
    _fade(trust, contact, factors, staff.knowledge, mech.KNOWLEDGE_FLOOR,
          mech.share_per_step(mech.KNOWLEDGE_FORGETTING, dt))  # fmt: skip
    if not model.kartrekker_active:
        records.age(model)


@numba.njit(cache=True)
def _fading_exponents(trust, persistence, rate, exponents):
    """ODD s.7.8: the exponent ``(1 - persistence * trust) * rate`` of every tie's fading factor,
    written into ``exponents`` (the model's ``fading_factors``, not a new n x n array each month).

    ``persistence`` = TIE_PERSISTENCE, ``rate`` = -TIE_DECAY dt, as in
    :func:`collabsim.mechanisms.decay_ties` (the operations in its order).
    """
    n_rows, n_cols = trust.shape
    for a in range(n_rows):
        for b in range(n_cols):
            exponents[a, b] = (1.0 - persistence * trust[a, b]) * rate


@numba.njit(cache=True)
def _fade(trust, contact, factors, knowledge, floor, forgetting):
    """ODD s.7.8, in place: each tie without ``contact`` in the month times its factor (one with contact
    keeps its trust, as times 1); knowledge above ``floor`` (KNOWLEDGE_FLOOR) loses the share
    ``forgetting`` of the excess, as :func:`collabsim.mechanisms.forget_other_domains`."""
    n_rows, n_cols = trust.shape
    for a in range(n_rows):
        for b in range(n_cols):
            trust[a, b] *= 1.0 if contact[a, b] else factors[a, b]
    for x in range(knowledge.shape[0]):
        excess = knowledge[x] - floor
        knowledge[x] -= (excess if excess > 0.0 else 0.0) * forgetting
