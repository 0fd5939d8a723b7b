"""A training session: one neighbourhood, or two copies side by side (continuity mode).

:class:`TrainingSession` is the Mesa model the dashboard drives. It holds one
:class:`~collabsim.model.CollaborationModel` per arm, steps them together, fires the
trainer's events on all of them, and keeps what the room needs to see: who left when,
who is a successor, and a plain-words story of what happened. It never draws.

In continuity mode both arms get the same seed (common random numbers) and the same
event presses; they differ only in the continuity measures of :data:`WITH_MEASURES`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np

from ..events import SCENARIO_EVENTS
from ..model import CollaborationModel
from ..outcomes import COLLAPSE_SHARE, NETWORK_THRESHOLD, cross_domain_ties, recorded
from ..params import PRECONDITION_NAMES, STRUCTURAL_FUNDING
from ..scenario import load_scenario
from .labels import kartrekker_kind

#: Continuity measures (003 ch.5; 002 tips): written agreements that let successors inherit
#: a role's ties (handover), partners paying from their own budgets, savings flowing back.
WITH_MEASURES: dict[str, float] = {"agreements_recorded": 0.9, "cofinancing": 0.8, "shared_savings": 0.3}
WITHOUT_MEASURES: dict[str, float] = {"agreements_recorded": 0.0, "cofinancing": 0.0, "shared_savings": 0.0}
#: Structural funding: project money that does not end within any horizon.
#: Event kinds marked on the time series.
MARKED = SCENARIO_EVENTS  # the events marked in the plots
STORY_KINDS = (*MARKED, "kartrekker_appointed", "kartrekker_taken_over", "partner_leaves", "partner_joins")
#: Who pays, in the order of the status line (ODD s.7.13).
PAYERS = ("project", "partner", "funder")


@dataclass
class Arm:
    """One simulated neighbourhood and what the dashboard remembers about it."""

    name: str  # "current", "without" or "with"
    model: CollaborationModel
    left_at: np.ndarray  # year each slot's holder last left (NaN: never)
    arrived_at: np.ndarray  # year each slot's successor started (NaN: the original holder)
    holders: list[int | None]  # unique_id of each slot's professional (None: vacant)
    story: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    marks: list[tuple[float, str]] = field(default_factory=list)
    seen_log: int = 0
    funded: bool = True
    network_formed: bool = False
    collapsed: bool = False
    kartrekker_gone_at: float | None = None
    pos: np.ndarray | None = None  # network layout, kept between frames by the drawing code

    @classmethod
    def start(cls, name: str, model: CollaborationModel) -> Arm:
        n = model.staff.n
        arm = cls(name, model, np.full(n, np.nan), np.full(n, np.nan), _holders(model), funded=model.project_money)
        arm.story.append((0.0, "ev_start", {}))
        return arm

    @property
    def year(self) -> float:
        return self.model.year

    def series(self, name: str) -> np.ndarray:
        return recorded(self.model, name)

    def status(self) -> dict[str, Any]:
        """The numbers behind the status line."""
        m = self.model
        recent = self.year - 1.0
        return {
            "year": m.year,
            "kartrekker": m.kartrekker_active,
            "project_money": m.project_money,
            "funding_end": m.funding_end,
            "structural": m.funding_end >= STRUCTURAL_FUNDING,
            "partners_carry": m.continuation,
            "ties": cross_domain_ties(m),
            "present": int(m.staff.present.sum()),
            "total": m.staff.n,
            "left_last_year": int((self.left_at > recent).sum()),
            "successors_last_year": int((self.arrived_at > recent).sum()),
            "partners": int(m.orgs.active.sum()),
            "organisations": int(m.orgs.active.size),
            **{f"{payer}_spent": float(self.series(f"{payer}_spending_eur").sum()) for payer in PAYERS},
        }


def _holders(model: CollaborationModel) -> list[int | None]:
    return [None if p is None else p.unique_id for p in model.professionals]


class TrainingSession(mesa.Model):
    """The model behind the trainers' dashboard (one arm, or two in continuity mode).

    Keyword arguments: ``scenario_name`` (a shipped scenario or a path), ``continuity``
    (two arms), ``seed`` (an int, or text holding one), ``structural_funding`` and any
    canonical precondition, which overrides the scenario's value.
    """

    def __init__(
        self,
        *,
        scenario_name: str = "baseline",
        continuity: bool = False,
        seed: int | str | None = None,
        structural_funding: bool = False,
        scenario: Any = None,
        **preconditions: Any,
    ) -> None:
        del scenario  # Mesa's SolaraViz passes its default mesa Scenario on reset; the seed is ``seed``
        unknown = sorted(set(preconditions) - set(PRECONDITION_NAMES))
        if unknown:
            raise ValueError(f"unknown precondition(s): {', '.join(unknown)}")
        overrides = {k: v for k, v in preconditions.items() if v is not None}
        if "kartrekker" in overrides:
            overrides["kartrekker"] = kartrekker_kind(overrides["kartrekker"])
        if structural_funding:
            overrides["funding_years"] = STRUCTURAL_FUNDING
        scenario = load_scenario(scenario_name, overrides)
        self.seed, self.seed_given = _parse_seed(seed, scenario.seed)
        super().__init__(rng=self.seed)
        self.scenario_name, self.continuity = scenario_name, continuity
        self.title, self.title_nl = scenario.title or scenario.name, scenario.title_nl or scenario.title
        self.horizon = scenario.horizon
        self.settings = scenario.preconditions.model_dump()
        self.organisation_names = scenario.neighbourhood.organisation_names()
        kwargs = scenario.model_kwargs()
        plans = {"without": WITHOUT_MEASURES, "with": WITH_MEASURES} if continuity else {"current": {}}
        self.arms = [
            Arm.start(name, CollaborationModel(**{**kwargs, **plan}, rng=self.seed)) for name, plan in plans.items()
        ]
        # One seed for the network layout, drawn from this model's generator: reproducible.
        self.layout_seed = int(self.rng.integers(2**31 - 1))
        self.lock = threading.Lock()  # drawing and stepping/firing take turns
        # The play loop, the Step button and a leftover play thread may call step() at once;
        # Mesa advances time through its event list, so one step at a time, whole.
        self._stepping = threading.Lock()
        mesa_step = self.step

        def one_step_at_a_time() -> None:
            with self._stepping:
                mesa_step()

        self.step = one_step_at_a_time

    def step(self) -> None:
        with self.lock:
            for arm in self.arms:
                if arm.model.running:
                    arm.model.step()
                    _observe(arm)
            self.running = any(arm.model.running for arm in self.arms)

    def fire(self, kind: str, **kwargs: Any) -> None:
        """Fire an event now in every arm (the same press for both copies)."""
        with self.lock:
            for arm in self.arms:
                if arm.model.running:
                    arm.model.fire(kind, **kwargs)
                    _observe(arm)

    @property
    def year(self) -> float:
        return self.arms[0].year


def _parse_seed(seed: int | str | None, default: int) -> tuple[int, str | None]:
    """The seed as a whole number, and the text given when it was not one."""
    if seed is None or (isinstance(seed, str) and not seed.strip()):
        return default, None
    try:
        value = int(str(seed).strip())
    except ValueError:
        return default, str(seed)
    if not 0 <= value < 2**63:
        return default, str(seed)
    return value, None


def _observe(arm: Arm) -> None:
    """Note who left and who arrived, and turn the model's events into the story."""
    m = arm.model
    year = m.year
    holders = _holders(m)
    for slot, (before, now) in enumerate(zip(arm.holders, holders, strict=True)):
        if before is not None and before != now:
            arm.left_at[slot] = year
        if now is not None and now != before:
            arm.arrived_at[slot] = year
    arm.holders = holders
    for when, kind, detail in m.event_log[arm.seen_log :]:
        if kind not in STORY_KINDS or (kind == "funding_stops" and not arm.funded):
            continue
        if kind == "kartrekker_leaves":
            arm.kartrekker_gone_at = when
        key = "ev_kartrekker_moved_on" if (kind, detail) == ("kartrekker_leaves", "left") else f"ev_{kind}"
        if arm.story and arm.story[-1][:2] == (when, key):
            continue  # a duo leaving together is one line
        fields: dict[str, Any] = {"detail": detail}
        if kind == "staff_rotation":
            fields["detail"] = f"{float(detail):.0%}"
        elif kind == "kartrekker_appointed":
            fields = {"kind": detail}
        elif kind == "board_change":
            organisation, _, support = detail.rpartition(" ")
            fields = {"organisation": organisation, "support": f"{float(support):.0%}"}
        elif kind == "representatives_change":
            fields = {"organisation": detail}
        if kind in ("board_change", "representatives_change") and fields["organisation"] == "all":
            key = f"{key}_all"
            del fields["organisation"]
        arm.story.append((when, key, fields))
        if kind in MARKED:
            arm.marks.append((when, kind))
    arm.seen_log = len(m.event_log)
    if m.kartrekker_active:
        arm.kartrekker_gone_at = None
    if arm.funded and not m.project_money:
        arm.funded = False
        if not any(kind == "funding_stops" for _, kind in arm.marks):  # ended on schedule
            arm.story.append((year, "ev_funding_stops", {}))
            arm.marks.append((year, "funding_stops"))
    ties = cross_domain_ties(m)
    if not arm.network_formed and ties >= NETWORK_THRESHOLD:
        arm.network_formed = True
        arm.story.append((year, "ev_network_works", {}))
    elif arm.network_formed and not arm.collapsed and ties < COLLAPSE_SHARE * NETWORK_THRESHOLD:
        arm.collapsed = True
        arm.story.append((year, "ev_network_collapsed", {}))
    if not m.running:
        arm.story.append((year, "ev_end", {}))
