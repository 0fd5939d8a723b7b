"""ODD s.7.2 to s.7.4: the month's conditions for joint work, in one compiled call.

Before the kartrekkers' month (s.7.5) the step runs three submodels that need no Python between
them: reorganisations (s.7.2), funding (s.7.3) and the time allowed (s.7.4). :func:`set_conditions`
hands the model's arrays and streams (:attr:`CollaborationModel.held`), its numbers and the
constants (:func:`collabsim.mechanisms.constants_record`) to :func:`_set_conditions`, which does what
each submodel's own Python function does, in that order (:func:`one_by_one` calls those:
``reorganisations.reorganise``, ``funding.refresh``, ``availability.refresh``; tests/test_joint_work.py
holds the two ways alike, month by month, to the bit). The model's numbers are set from what it
returns, and the reorganisations that start are logged after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba

from .. import mechanisms as mech
from . import availability, funding, reorganisations

if TYPE_CHECKING:
    from ..model import CollaborationModel


def one_by_one(model: CollaborationModel) -> None:
    """What :func:`set_conditions` does, one submodel's Python function after another (the definition)."""
    reorganisations.reorganise(model)  # s.7.2
    funding.refresh(model)  # s.7.3
    availability.refresh(model)  # s.7.4


def set_conditions(model: CollaborationModel) -> None:
    """The month's reorganisations, budget and time allowed (ODD s.7.2 to s.7.4), in that order, in one
    compiled call (:func:`_set_conditions`)."""
    orgs = model.orgs
    given = not orgs.posts  # the share of posts, as funding.refresh gives it
    (orgs.reorganising, n_started, started, model.continuation_parts, model.continuation, model.budget,
     model.motivation, model.means, model.budget_factor) = _set_conditions(
        model.held, mech.constants_record(), model.year, orgs.reorganising, orgs.posts, given,
        model.partner_share if given else 0.0, model.care_avoided_per_year_eur, model.hours_per_year_eur,
        model.project_money, float(model.urgency),  # a float, even if a scenario gave an int: one signature
    )  # fmt: skip
    reorganisations.log(model, started[:n_started].tolist())


@numba.njit(cache=True)
def _set_conditions(
    held, constants, year, reorganising, n_posts, given, partner_share, care_avoided_per_year, hours_per_year,
    project_money, urgency,
):  # fmt: skip
    """The three submodels' compiled months in the step's order, on the model's arrays, streams and
    parameters (``held``, :class:`collabsim.held.Held`), each given what its Python function gives it
    (the constants read from ``constants``, the record of :func:`collabsim.mechanisms.constants_record`):
    s.7.2, :func:`.reorganisations._reorganise`; s.7.3, :func:`.funding._budget`; s.7.4,
    :func:`.availability._allow_time`, into the time allowed and the willingness. Returns whether any
    organisation reorganises, how many start and which (an array, its first entries), then funding's
    numbers in the order :func:`.funding._budget` returns them."""
    reorg_until, capacity, active, commitment = held.reorg_until, held.capacity, held.active, held.commitment
    motivation, present, org = held.motivation, held.present, held.org
    k, run = constants[0], held.parameters[0]
    integrated_funding = run.integrated_funding
    # s.7.2 reorganisations (reorganisations.reorganise; its starts are logged by set_conditions)
    reorganising, n_started, started = reorganisations._reorganise(
        held, reorganising, year, reorg_until, capacity, run.p_reorganise, k.REORGANISATION_DURATION,
        k.REORGANISED_CAPACITY,
    )  # fmt: skip
    # s.7.3 funding (funding.refresh)
    parts, continuation, budget, mean_motivation, means, budget_factor = funding._budget(
        motivation, present, org, active, held.posts, n_posts, commitment, given, partner_share, run.cofinancing,
        run.shared_savings, integrated_funding, care_avoided_per_year, hours_per_year, project_money, run.roles,
        run.kartrekker_fte, run.fte_cost_eur, k.COFINANCING_BASE, k.INTEGRATED_FUNDING_SHARE, k.OWN_TIME,
        k.BUDGET_FLOOR,
    )  # fmt: skip
    # s.7.4 the time allowed (availability.refresh)
    availability._allow_time(
        held.board, capacity, commitment, held.subsidy, active, org, motivation, integrated_funding, urgency,
        k.BOARD_WEIGHT, k.SECTORAL_PULL, k.COMMITMENT_ROOM_BASE, k.URGENCY_WEIGHT, held.allowed, held.willing,
    )  # fmt: skip
    return (reorganising, n_started, started, parts, continuation, budget, mean_motivation, means,
            budget_factor)  # fmt: skip
