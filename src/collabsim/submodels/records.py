"""Recorded agreements: renewed while a kartrekker keeps them current (s.7.5), ageing otherwise (s.7.8; 003 ch.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import mechanisms as mech

if TYPE_CHECKING:
    from ..model import CollaborationModel


def renew(model: CollaborationModel, renewal: float) -> None:
    """Towards the level that ``agreements_recorded`` and ``formalisation`` allow, at ``RECORDS_RENEWAL``
    per year (``renewal``: its ``share_per_step``, the share of the gap closed in a step)."""
    model.records += (model.records_target - model.records) * renewal


def age(model: CollaborationModel) -> None:
    """Without anyone keeping them current, agreements go out of date."""
    model.records *= mech.decay_per_step(mech.RECORDS_AGEING, model.dt)
