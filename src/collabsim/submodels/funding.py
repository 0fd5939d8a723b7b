"""ODD s.7.3: project money pays everything; after it, only continuation funding (003 ch.4-5).

:func:`refresh` computes the budget in Python (a few numbers, through the functions of
:mod:`collabsim.mechanisms`); one compiled kernel, :func:`_partners`, gives the mean motivation of
the partners' present staff (:func:`_mean_motivation`), and their posts behind the model's
``partner_share``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech
from .accounts import full_cost_per_year, numpy_sum

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """The continuation budget (its parts, s.7.13), the budget that pays the collaboration this
    month, and the means with the unpaid work motivated staff do in their own time."""
    orgs, staff = model.orgs, model.staff
    motivation, partner_posts = _partners(staff.motivation, staff.present, staff.org, orgs.active, orgs.staff)
    # model.partner_share: whole numbers, so the quotient is the same
    partner_share = partner_posts / orgs.posts if orgs.posts else model.partner_share
    terms = (
        model.cofinancing,
        model.shared_savings,
        model.integrated_funding,
        model.mean_commitment,
        model.care_avoided_per_year_eur,
        full_cost_per_year(model),
        partner_share,
    )
    model.continuation_parts = mech.continuation_parts(*terms)
    model.continuation = mech.covered(model.continuation_parts)
    model.budget = 1.0 if model.project_money else model.continuation
    model.motivation = motivation
    model.means = mech.own_means(model.budget, model.motivation)
    model.budget_factor = mech.BUDGET_FLOOR + (1.0 - mech.BUDGET_FLOOR) * model.means


@numba.njit(cache=True)
def _partners(motivation, present, org, active, posts):
    """ODD s.7.3: the partners' figures the budget needs, in one call: the mean motivation of their
    present staff (:func:`_mean_motivation`) and their posts."""
    partner_posts = 0
    for o in range(active.shape[0]):
        if active[o]:
            partner_posts += posts[o]
    return _mean_motivation(motivation, present, org, active), partner_posts


@numba.njit(cache=True)
def _mean_motivation(motivation, present, org, active):
    """ODD s.7.3: the mean motivation of the present staff of organisations taking part (0 if none).

    Their motivation, in post order, summed as NumPy's ``sum`` (:func:`.accounts.numpy_sum`), so
    the mean is the one of ``motivation[present & active[org]]``.
    """
    taking_part = np.empty(motivation.shape[0])
    count = 0
    for i in range(motivation.shape[0]):
        if present[i] and active[org[i]]:
            taking_part[count] = motivation[i]
            count += 1
    return numpy_sum(taking_part, 0, count) / count if count else 0.0
