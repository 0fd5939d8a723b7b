"""ODD s.7.13: euros and hours, who pays them, and the care costs a working network avoids.

Pure accounting: what the step's kartrekker time, meetings and introductions cost, and
who pays (the project, the partners, or funders outside the network). Only the smoothed
avoided care and hours feed back, through shared savings (s.7.3).
Sources: 004 *Eigen eilandjes* (the co-leader takes the time herself: partners pay their
own staff's hours), 003 ch.5 (co-financing from the partners' own budgets), 003 ch.3.1
(shared savings: the agreed share of avoided care costs flows back).

:func:`book` hands the model's numbers and the organisations' and posts' arrays to one compiled
kernel, :func:`_book`, which computes who pays the kartrekker's time, books each organisation's euros
(:func:`_pay`, in place), the care avoided and the smoothed flows; the model's numbers stay plain
attributes, set from what it returns. :func:`numpy_sum` adds up as NumPy's ``sum`` does (pairwise),
so that a kernel's sums round as NumPy's did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numba
import numpy as np

from .. import mechanisms as mech
from .kartrekker import ROLES

if TYPE_CHECKING:
    from ..model import CollaborationModel

#: the keys of the model's ``costs`` argument (a scenario's ``[costs]`` table) and their defaults
COST_DEFAULTS: dict[str, Any] = {
    "kartrekker_fte": mech.KARTREKKER_FTE,
    "fte_cost_eur": mech.FTE_COST_EUR,
    "meeting_hours": mech.MEETING_HOURS,
    "hour_cost_eur": {},
    "avoided_care_eur": mech.AVOIDED_CARE_EUR,
}


def settings(costs: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``costs`` argument with the registry's defaults for what it leaves out."""
    unknown = sorted(set(costs or {}) - set(COST_DEFAULTS))
    if unknown:
        raise ValueError(f"costs: {unknown[0]!r} is not one of {tuple(COST_DEFAULTS)}")
    return {**COST_DEFAULTS, **{k: v for k, v in (costs or {}).items() if v is not None}}


def kartrekker_cost_per_year(model: CollaborationModel, holders: int) -> float:
    """EUR per year of ``holders`` kartrekkers at ``kartrekker_fte`` each."""
    return kartrekker_cost_rule(holders, float(model.kartrekker_fte), float(model.fte_cost_eur))


@numba.njit(cache=True)
def kartrekker_cost_rule(holders, kartrekker_fte, fte_cost_eur):
    """ODD s.7.13: :func:`kartrekker_cost_per_year`, compiled, with the model's prices given."""
    return holders * kartrekker_fte * fte_cost_eur


def full_cost_per_year(model: CollaborationModel) -> float:
    """The collaboration's full yearly cost: its kartrekker roles at full FTE, and hours at the recent pace."""
    return full_cost_rule(len(ROLES[model.kartrekker_kind]), float(model.kartrekker_fte), float(model.fte_cost_eur),
                          model.hours_per_year_eur)  # fmt: skip


@numba.njit(cache=True)
def full_cost_rule(roles, kartrekker_fte, fte_cost_eur, hours_per_year):
    """ODD s.7.3: :func:`full_cost_per_year`, compiled, with the model's prices and hours given."""
    return kartrekker_cost_rule(roles, kartrekker_fte, fte_cost_eur) + hours_per_year


def book(model: CollaborationModel) -> None:
    """The step's costs, who pays them, and the care costs avoided (ODD s.7.13)."""
    orgs, staff, tally, dt = model.orgs, model.staff, model.tally, model.dt
    (model.project_spending_eur, model.partner_spending_eur, model.funder_spending_eur, model.care_avoided_eur,
     model.care_avoided_per_year_eur, model.hours_per_year_eur) = _book(
        tally.attended, tally.introduced, staff.org, orgs.hour_cost, orgs.staff, orgs.active, orgs.spent_total_eur,
        orgs.spent_eur, len(model.kartrekker_team), tally.referred_reached, model.project_money,
        model.continuation_parts, model.budget, model.care_avoided_per_year_eur, model.hours_per_year_eur, dt,
        float(model.cofinancing), float(model.kartrekker_fte), float(model.fte_cost_eur),  # floats: one signature
        float(model.meeting_hours), float(model.avoided_care_eur),
        mech.INTRODUCTION_HOURS, mech.share_per_step(mech.SUCCESS_SMOOTHING, dt),  # smoothed as the success rate
    )  # fmt: skip


@numba.njit(cache=True)
def _book(
    attended, introduced, org, hour_cost, posts, active, spent_total, spent, holders, referred_reached,
    project_money, parts, budget, care_avoided_per_year, hours_per_year, dt,
    cofinancing, kartrekker_fte, fte_cost, meeting_hours, avoided_care_eur, introduction_hours, smoothing,
):  # fmt: skip
    """ODD s.7.13 in one call: the kartrekker's time of the ``holders`` and who pays it (the project,
    the partners, or after it in the proportions of the continuation's ``parts``, as
    :func:`collabsim.mechanisms.continuation_total` adds them); the organisations' euros
    (:func:`_pay`, in place); the care avoided by the ``referred_reached`` referrals; and the smoothed
    yearly flows of avoided care and hours (``smoothing``: the success rate's ``share_per_step``).
    Returns the project's, the partners' and the funders' spending, the care avoided, and the two flows.
    """
    # Kartrekker time: the project pays, partners co-finance; afterwards the continuation's parts.
    kartrekker = kartrekker_cost_rule(holders, kartrekker_fte, fte_cost) * dt
    if project_money:
        cofinanced, funded = cofinancing * kartrekker, 0.0
        project = kartrekker - cofinanced
    else:
        total = mech.continuation_total(parts)
        paid = kartrekker * budget  # the unpaid part of her time is not spent
        cofinanced = paid * parts[0] / total if total > 0.0 else 0.0
        funded, project = paid - cofinanced, 0.0
    # Staff hours: every organisation pays its own people's time (004 Eigen eilandjes); partners
    # share the co-financing by their posts.
    hours_eur, partner_eur = _pay(
        attended, introduced, org, hour_cost, posts, active, spent_total, meeting_hours, introduction_hours,
        cofinanced, spent,
    )  # fmt: skip
    # Avoided care: each cross-domain referral that reached the right domain (003 ch.3.1).
    care_avoided = referred_reached * avoided_care_eur
    care_avoided_per_year += smoothing * (care_avoided / dt - care_avoided_per_year)
    hours_per_year += smoothing * (hours_eur / dt - hours_per_year)
    return project, partner_eur, funded, care_avoided, care_avoided_per_year, hours_per_year


@numba.njit(cache=True)
def _pay(
    attended, introduced, org, hour_cost, posts, active, spent_total, meeting_hours, introduction_hours, cofinanced,
    spent,
):  # fmt: skip
    """ODD s.7.13 for each organisation: its staff's hours in euros, and its share of the co-financing.

    Every organisation pays its own people's time (the hours of each post, added up per
    organisation in post order, as ``np.bincount``); the partners taking part share
    ``cofinanced`` by their posts. Writes the step's spending per organisation into ``spent`` and adds
    it to ``spent_total``, in place; returns the hours in euros and the spending of all organisations
    together (summed as NumPy's ``sum``).
    """
    n_orgs = hour_cost.shape[0]
    hours_eur = np.zeros(n_orgs)
    for i in range(org.shape[0]):
        hours_eur[org[i]] += attended[i] * meeting_hours + introduced[i] * introduction_hours
    taking_part = 0
    for o in range(n_orgs):
        if active[o]:
            taking_part += posts[o]
    for o in range(n_orgs):
        hours_eur[o] = hours_eur[o] * hour_cost[o]
        share = (posts[o] if active[o] else 0) / taking_part if taking_part > 0 else 0.0
        spent[o] = hours_eur[o] + cofinanced * share
        spent_total[o] += spent[o]
    return numpy_sum(hours_eur, 0, n_orgs), numpy_sum(spent, 0, n_orgs)


@numba.njit(cache=True)
def numpy_sum(values, start, n):
    """The sum of ``values[start:start + n]`` (float64), added in NumPy's order, so that it rounds
    exactly as ``values[start:start + n].sum()`` does: NumPy starts from 0.0 and adds the values
    pairwise (``pairwise_sum`` in its loops_utils.h): a stretch of more than 128 values is split in
    two halves (the first a multiple of 8 long), each summed so, and the two sums added; shorter
    stretches are summed by :func:`_block`. Without recursion (numba's cache does not keep
    recursive functions): the halves are summed from a stack, in the order recursion would.
    tests/test_kernels_accounts.py checks it against NumPy."""
    if n <= 128:
        return 0.0 + _block(values, start, n)
    # frames of the recursion: the stretch, and the sum of its first half once known
    frame_start, frame_n = np.empty(64, np.int64), np.empty(64, np.int64)
    first_half, halves_done = np.empty(64), np.zeros(64, np.int64)
    frame_start[0], frame_n[0], depth = start, n, 0
    total = 0.0
    while depth >= 0:
        if frame_n[depth] <= 128:  # a leaf: its sum goes to the frame below
            total = _block(values, frame_start[depth], frame_n[depth])
            depth -= 1
        elif halves_done[depth] == 2:  # both halves summed: this stretch's sum goes to the frame below
            total = first_half[depth] + total
            halves_done[depth] = 0
            depth -= 1
        else:
            half = frame_n[depth] // 2
            half -= half % 8
            if halves_done[depth] == 0:  # first half next
                child_start, child_n = frame_start[depth], half
            else:  # the first half's sum is in total: keep it, second half next
                first_half[depth] = total
                child_start, child_n = frame_start[depth] + half, frame_n[depth] - half
            halves_done[depth] += 1
            depth += 1
            frame_start[depth], frame_n[depth], halves_done[depth] = child_start, child_n, 0
    return 0.0 + total


@numba.njit(cache=True)
def _block(values, start, n):
    """NumPy's sum of at most 128 values: below 8 one by one; else 8 running sums over blocks of 8,
    joined as a tree, then the rest one by one."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = start + 8
    blocks_end = start + n - n % 8
    while i < blocks_end:
        r0 += values[i]
        r1 += values[i + 1]
        r2 += values[i + 2]
        r3 += values[i + 3]
        r4 += values[i + 4]
        r5 += values[i + 5]
        r6 += values[i + 6]
        r7 += values[i + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < start + n:
        total += values[i]
        i += 1
    return total
