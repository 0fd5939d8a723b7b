"""ODD s.7.3: project money pays everything; after it, only continuation funding (003 ch.4-5).

:func:`refresh` hands the model's numbers and the organisations' and professionals' arrays to one
compiled kernel, :func:`_budget`, which computes the partners' mean commitment
(:func:`mean_commitment_rule`, as the model's ``mean_commitment``), their share of the posts and the
mean motivation of their present staff (:func:`_mean_motivation`), and from them the budget, through
the compiled rules of :mod:`collabsim.mechanisms` (``continuation_parts_rule``, ``covered``,
``own_means_rule``). The constants reach the kernel as
arguments, read from :mod:`collabsim.mechanisms` at each call (``mechanisms.constant_set`` acts on
it). The model's numbers stay plain attributes, set from what the kernel returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from .. import mechanisms as mech
from .accounts import full_cost_rule, numpy_sum
from .kartrekker import ROLES

if TYPE_CHECKING:
    from ..model import CollaborationModel


def refresh(model: CollaborationModel) -> None:
    """The continuation budget (its parts, s.7.13), the budget that pays the collaboration this
    month, and the means with the unpaid work motivated staff do in their own time."""
    orgs, staff = model.orgs, model.staff
    # the share of posts in whole numbers, counted by the kernel unless there are no posts to share
    given = not orgs.posts
    partner_share = model.partner_share if given else 0.0
    (model.continuation_parts, model.continuation, model.budget, model.motivation, model.means,
     model.budget_factor) = _budget(
        staff.motivation, staff.present, staff.org, orgs.active, orgs.staff, orgs.posts,
        orgs.commitment, given, partner_share,
        float(model.cofinancing), float(model.shared_savings), float(model.integrated_funding),  # one signature
        model.care_avoided_per_year_eur, model.hours_per_year_eur, model.project_money,
        len(ROLES[model.kartrekker_kind]), float(model.kartrekker_fte), float(model.fte_cost_eur),
        mech.COFINANCING_BASE, mech.INTEGRATED_FUNDING_SHARE, mech.OWN_TIME, mech.BUDGET_FLOOR,
    )  # fmt: skip


@numba.njit(cache=True)
def _budget(
    motivation, present, org, active, posts, n_posts, commitment, given, partner_share,
    cofinancing, shared_savings, integrated_funding, avoided_care_per_year, hours_per_year, project_money,
    roles, kartrekker_fte, fte_cost_eur, cofinancing_base, integrated_funding_share, own_time, budget_floor,
):  # fmt: skip
    """ODD s.7.3 in one call: the partners' mean commitment (the model's, :func:`mean_commitment_rule`),
    their share of the posts (as the model's ``partner_share``, unless ``given``), the mean motivation
    of their present staff, the full yearly cost (:func:`.accounts.full_cost_rule`, of the kartrekker
    ``roles`` and the hours), and from them the continuation's parts, what they cover, the budget,
    the means and the budget factor (returned in that order)."""
    if not given:
        partner_share = _partner_share(active, posts, n_posts)
    cost_per_year = full_cost_rule(roles, kartrekker_fte, fte_cost_eur, hours_per_year)
    mean_commitment = mean_commitment_rule(commitment, active)
    parts = mech.continuation_parts_rule(
        cofinancing, shared_savings, integrated_funding, mean_commitment, avoided_care_per_year, cost_per_year,
        partner_share, cofinancing_base, integrated_funding_share,
    )  # fmt: skip
    continuation = mech.covered(parts)
    budget = 1.0 if project_money else continuation
    mean_motivation = _mean_motivation(motivation, present, org, active)
    means = mech.own_means_rule(budget, mean_motivation, own_time)
    return parts, continuation, budget, mean_motivation, means, budget_floor + (1.0 - budget_floor) * means


@numba.njit(cache=True)
def mean_commitment_rule(commitment, active):
    """ODD s.7.3: the mean commitment of the organisations taking part (``active``), their commitments
    added in order (:func:`collabsim.mechanisms.active_sum`) over their count, 0 if none takes part."""
    taking_part = 0
    for o in range(active.shape[0]):
        if active[o]:
            taking_part += 1
    return mech.active_sum(commitment, active) / taking_part if taking_part else 0.0


@numba.njit(cache=True)
def _partner_share(active, posts, n_posts):
    """ODD s.7.3: the share of the ``n_posts`` posts in organisations taking part, as the model's
    ``partner_share`` (whole numbers: the same quotient)."""
    partner_posts = 0
    for o in range(active.shape[0]):
        if active[o]:
            partner_posts += posts[o]
    return partner_posts / n_posts


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
