"""ODD s.7.4: the time professionals are allowed for joint work, and their willingness (003 ch.4; 000).

:func:`refresh` hands the organisations' and professionals' arrays to one compiled kernel,
:func:`_allow_time`, which computes both per professional. The constants reach the kernel as
arguments, read from :mod:`collabsim.mechanisms` at each call (``mechanisms.constant_set`` acts on it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """Each professional's time allowed and willingness this month (s.7.4)."""
    staff, orgs = model.staff, model.orgs
    allowed, willing = room(model)
    _allow_time(
        orgs.board, orgs.capacity, orgs.commitment, orgs.subsidy, orgs.active, staff.org, staff.motivation,
        float(model.integrated_funding), model.urgency,  # float, even if given as an int: one signature
        mech.BOARD_WEIGHT, mech.SECTORAL_PULL, mech.COMMITMENT_ROOM_BASE, mech.URGENCY_WEIGHT, allowed, willing,
    )  # fmt: skip


def room(model: CollaborationModel) -> tuple[np.ndarray, np.ndarray]:
    """The model's arrays of the time allowed and the willingness (``model.allowed``, ``model.willing``),
    made at its first refresh, as the model is created; each month writes over them, in place (compiled
    code holds them, :mod:`collabsim.held`)."""
    try:
        return model.allowed, model.willing
    except AttributeError:  # the first month
        n = model.staff.n
        model.allowed, model.willing = np.empty(n), np.empty(n)
        return model.allowed, model.willing


@numba.njit(cache=True)
def _allow_time(
    board, capacity, commitment, subsidy, active, org, motivation, integrated_funding, urgency,
    board_weight, sectoral_pull, commitment_room_base, urgency_weight, allowed, willing,
):  # fmt: skip
    """ODD s.7.4 for each professional: the time allowed and the willingness (written into ``allowed``
    and ``willing``).

    Re-implements :func:`collabsim.mechanisms.time_allowed` (times 1 or 0: staff of organisations
    outside the network get no time for it, s.7.9a) and :func:`collabsim.mechanisms.willingness`,
    with every operation in their order; tests/test_kernels_accounts.py keeps them equal.
    """
    n = org.shape[0]
    pull_factor = sectoral_pull * (1.0 - integrated_funding)
    urgency_part = urgency_weight * urgency
    for i in range(n):
        o = org[i]
        # board support and the professional's own motivation weigh alike (003 ch.4; 000)
        permission = board_weight * board[o] + (1.0 - board_weight) * motivation[i]
        # sectoral subsidies pull subsidy-dependent organisations back to their own course (003 ch.4-5)
        pull = pull_factor * subsidy[o]
        room = commitment_room_base + (1.0 - commitment_room_base) * commitment[o]
        taking_part = 1.0 if active[o] else 0.0
        allowed[i] = capacity[o] * permission * (1.0 - pull) * room * taking_part
        # felt urgency and motivation (003 ch.5)
        willing[i] = urgency_part + (1.0 - urgency_weight) * motivation[i]
