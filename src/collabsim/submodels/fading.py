"""ODD s.7.8: ties without contact fade, knowledge of others goes out of date, records age (004 introduction)."""

from __future__ import annotations

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


@numba.njit(cache=True, error_model="numpy")
def _fade(trust, contact, knowledge, persistence, rate, floor, forgetting):
    """ODD s.7.8, in place: each tie without ``contact`` in the month times its fading factor
    ``exp((1 - persistence * trust) * rate)`` (``persistence`` = TIE_PERSISTENCE, ``rate`` = -TIE_DECAY dt;
    one with contact keeps its trust, as times 1), as :func:`collabsim.mechanisms.decay_ties`; each
    ``knowledge`` above ``floor`` (KNOWLEDGE_FLOOR) loses the share ``forgetting`` of the excess, as
    :func:`collabsim.mechanisms.forget_other_domains`.

    The ``exp`` is the model's own (:func:`collabsim.mechanisms.exp`, the same on every machine). With
    trust in [0, 1] every exponent lies within ``|rate| max(1, |1 - persistence|)`` of 0; in a month
    (not a year) that is within ln 2 / 2, where its branch-free part
    (:func:`collabsim.mechanisms.exp_near_zero`) gives the same value, and the loop is vectorised.
    """
    n_rows, n_cols = trust.shape
    if abs(rate) * max(1.0, abs(1.0 - persistence)) <= mech.HALF_LN2:
        for a in range(n_rows):
            for b in range(n_cols):
                factor = mech.exp_near_zero((1.0 - persistence * trust[a, b]) * rate)
                trust[a, b] *= 1.0 if contact[a, b] else factor
    else:
        for a in range(n_rows):
            for b in range(n_cols):
                if not contact[a, b]:
                    trust[a, b] *= mech.exp((1.0 - persistence * trust[a, b]) * rate)
    for x in range(knowledge.shape[0]):
        excess = knowledge[x] - floor
        knowledge[x] -= (excess if excess > 0.0 else 0.0) * forgetting
