"""ODD s.7.8: ties without contact fade, knowledge of others goes out of date, records age (004 introduction)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech
from . import records

if TYPE_CHECKING:
    from ..model import CollaborationModel


def fade(model: CollaborationModel) -> None:
    """Ties without contact in the month fade, knowledge goes out of date, and records age without a kartrekker.

    As :func:`collabsim.mechanisms.decay_ties` and :func:`collabsim.mechanisms.forget_other_domains`,
    in one kernel, :func:`_fade`.
    """
    staff, dt = model.staff, model.dt
    _fade(
        staff.trust, model.tally.contact, staff.knowledge, mech.TIE_PERSISTENCE, -mech.TIE_DECAY * dt,
        mech.KNOWLEDGE_FLOOR, mech.share_per_step(mech.KNOWLEDGE_FORGETTING, dt),
    )  # fmt: skip
    if not model.kartrekker_active:
        records.age(model)


@numba.njit(cache=True)
def _fade(trust, contact, knowledge, persistence, rate, floor, forgetting):
    """ODD s.7.8, in place: each tie without ``contact`` in the month times its fading factor
    ``exp((1 - persistence * trust) * rate)`` (``persistence`` = TIE_PERSISTENCE, ``rate`` = -TIE_DECAY dt;
    one with contact keeps its trust, as times 1), as :func:`collabsim.mechanisms.decay_ties`; each
    ``knowledge`` above ``floor`` (KNOWLEDGE_FLOOR) loses the share ``forgetting`` of the excess, as
    :func:`collabsim.mechanisms.forget_other_domains`.

    Trust and contact are symmetric (ODD s.2.2), so a pair's factor is computed once and multiplies
    both of its entries; a tie of 0 stays 0 without one. The ``exp`` is the C library's, as everywhere
    in the model (:func:`collabsim.mechanisms.exp_each`): NumPy's differs by machine.
    """
    n = trust.shape[0]
    for a in range(n):
        for b in range(a, n):
            t = trust[a, b]
            if t != 0.0 and not contact[a, b]:
                factor = math.exp((1.0 - persistence * t) * rate)
                trust[a, b] = t * factor
                if b != a:
                    trust[b, a] = trust[b, a] * factor
    for x in range(knowledge.shape[0]):
        excess = knowledge[x] - floor
        knowledge[x] -= (excess if excess > 0.0 else 0.0) * forgetting
