"""CollaborationModel: cross-domain collaboration in one neighbourhood, one step a month.

The model holds the initialisation (ODD s.5), the ordered step (s.3) and the events (s.7.1);
its numeric state is grouped in :mod:`collabsim.state`, and each submodel of s.7 is a
function in :mod:`collabsim.submodels`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mesa
import numpy as np

from . import events as timed_events
from . import mechanisms as mech
from . import outcomes
from .agents import Kartrekker, Organisation, Professional, Resident
from .held import Held, hold_model
from .params import DEFAULT_HORIZON, DEFAULT_ORGANISATIONS, KARTREKKER_KINDS, STEPS_PER_YEAR
from .state import Organisations, Residents, Staff, Tally
from .submodels import accounts, availability, conditions, funding, joint_work
from .submodels import kartrekker as kartrekker_role
from .submodels import turnover as staff_turnover


class CollaborationModel(mesa.Model):
    """Agent-based model of collaboration between public health and the social domain.

    Keyword arguments are the canonical preconditions of DESIGN.md s.5, plus the
    neighbourhood (``organisations``, ``residents``, ``resident_trust``), the
    ``horizon`` in years, timed ``events``, ``costs`` (the keys of a scenario's ``[costs]``
    table, ODD s.7.13; defaults from the constants registry) and ``rng``.
    """

    def __init__(
        self,
        *,
        kartrekker: str = "internal",
        urgency: float = 0.6,
        hierarchy: float = 0.5,
        board_support: float = 0.6,
        staff_motivation: float = 0.5,
        shared_vision: float = 0.3,
        existing_network: float = 0.1,
        kartrekker_skill: float = 0.6,
        knowledge_exchange: float = 6.0,
        agreements_recorded: float = 0.3,
        formalisation: float = 0.3,
        cofinancing: float = 0.1,
        shared_savings: float = 0.0,
        integrated_funding: float = 0.3,
        connector_share: float = 0.2,
        turnover: float = 0.12,
        funding_years: float = 4.0,
        resident_involvement: float = 0.3,
        reorganisation_rate: float = 0.05,
        horizon: float = DEFAULT_HORIZON,
        residents: int = 1000,
        resident_trust: float = 0.6,
        organisations: Sequence[Mapping[str, Any]] | None = None,
        events: Sequence[Mapping[str, Any]] = (),
        costs: Mapping[str, Any] | None = None,
        rng: Any = None,
    ) -> None:
        super().__init__(rng=rng)
        if kartrekker not in KARTREKKER_KINDS:
            raise ValueError(f"kartrekker: {kartrekker!r} is not one of {KARTREKKER_KINDS}")
        self.run_seed = int(rng) if isinstance(rng, int | np.integer) else None
        self.kartrekker_kind = kartrekker
        self.initial_urgency, self.urgency = urgency, urgency
        self.hierarchy, self.board_support = hierarchy, board_support
        self.staff_motivation, self.shared_vision = staff_motivation, shared_vision
        self.existing_network, self.kartrekker_skill = existing_network, kartrekker_skill
        self.knowledge_exchange, self.agreements_recorded = knowledge_exchange, agreements_recorded
        self.formalisation, self.cofinancing = formalisation, cofinancing
        self.shared_savings, self.integrated_funding = shared_savings, integrated_funding
        self.connector_share, self.turnover = connector_share, turnover
        self.funding_years, self.resident_involvement = funding_years, resident_involvement
        self.reorganisation_rate, self.horizon = reorganisation_rate, horizon
        prices = accounts.settings(costs)
        self.kartrekker_fte, self.fte_cost_eur = prices["kartrekker_fte"], prices["fte_cost_eur"]
        self.meeting_hours, self.avoided_care_eur = prices["meeting_hours"], prices["avoided_care_eur"]

        self.dt = 1.0 / STEPS_PER_YEAR
        self.horizon_steps = round(horizon * STEPS_PER_YEAR)
        # Independent streams per process keep common random numbers aligned between arms.
        (self.rng_init, self.rng_meet, self.rng_res, self.rng_staff, self.rng_org) = self.rng.spawn(5)

        self.funding_end = funding_years
        # the chances a month (the model's own exp, the same on every machine: mechanisms.exp)
        self.p_reorganise = 1.0 - mech.exp(-reorganisation_rate * self.dt)
        # normal, and in an organisation in reorganisation
        self.p_leave = 1.0 - mech.exp_each(-turnover * np.array([1.0, mech.REORGANISATION_TURNOVER]) * self.dt)
        self.p_fill = 1.0 - mech.exp(-mech.VACANCY_FILL_RATE * self.dt)
        # Formalisation protects continuity: covenants keep agreements on paper (003 ch.3.3).
        self.records_target = 1.0 - (1.0 - agreements_recorded) * (1.0 - mech.RECORDS_FORMALISATION * formalisation)
        self.records = self.records_target
        self.visible_success = 0.0
        self.success_rate = 0.0
        self.event_log: list[tuple[float, str, str]] = []
        # the Kartrekker agents now, in the order Mesa registered them (kept by Kartrekker itself)
        self.kartrekker_team: list[Kartrekker] = []
        self._events = sorted(events, key=lambda e: e["year"])
        self.friction_cache: dict[object, np.ndarray] = {}  # status brakes: per meeting case, per introducer
        self.language = 0.0  # the network's common language (s.7.6), grown by joint work
        # The step's money (s.7.13), and the smoothed flows that shared savings weigh (s.7.3).
        self.project_spending_eur = self.partner_spending_eur = self.funder_spending_eur = 0.0
        self.care_avoided_eur = self.care_avoided_per_year_eur = self.hours_per_year_eur = 0.0

        orgs = organisations or DEFAULT_ORGANISATIONS
        self.orgs = Organisations.build(orgs, board_support, integrated_funding, self.rng_init, prices["hour_cost_eur"])
        self.organisations = Organisation.create_all(self, self.orgs.rows())
        self.staff = Staff.build(self.orgs, connector_share, existing_network, staff_motivation, self.rng_init)
        self.professionals: list[Professional | None] = Professional.create_all(self, self.staff.n)
        self.people = Residents.build(residents, resident_trust, self.rng_init)
        self.residents = Resident.create_all(self, self.people.n)
        for kind in kartrekker_role.ROLES[kartrekker]:
            kartrekker_role.appoint(self, kind, kartrekker_skill, first=True)
        funding.refresh(self)
        self.tally = Tally.empty(self.staff.n, len(self.orgs.names))
        availability.refresh(self)  # the time allowed and the willingness (s.7.4), refreshed each month
        self.turnover_room = staff_turnover.room(self.staff.n)  # s.7.10's posts found, each month
        self.series_record = outcomes.SeriesRecord(self.horizon_steps)
        self.series_record.record(self)

    # --- the step (ODD s.3) -----------------------------------------------------------

    def step(self) -> None:
        """One month: the submodels of ODD s.7 in this order, then the outcomes are recorded."""
        self.tally.reset()  # the month's tally starts empty (as Tally.empty), in the same arrays
        self.fire_events()  # s.7.1
        # s.7.2 reorganisations.reorganise, s.7.3 funding.refresh, s.7.4 availability.refresh: in one compiled call
        conditions.set_conditions(self)
        kartrekker_role.act(self)  # s.7.5
        # s.7.6 meetings.hold, s.7.7 referrals.refer, s.7.8 fading.fade, s.7.9 results.perceive,
        # s.7.9a membership.reconsider, s.7.13 accounts.book, s.7.10 turnover.turn_over: in one compiled call
        joint_work.work(self)
        kartrekker_role.fill_role(self)  # s.7.11
        self.series_record.record(self)  # the outcomes' series (ODD s.4, observation)
        if self.time >= self.horizon_steps:
            self.running = False

    # --- events (ODD s.7.1) -------------------------------------------------------------

    def fire_events(self) -> None:
        """Timed events from the scenario that fall in this month."""
        while self._events and self._events[0]["year"] * STEPS_PER_YEAR <= self.time - 0.5:
            event = self._events.pop(0)
            self.fire(event["type"], **timed_events.event_fields(event["type"], event))

    def fire(self, kind: str, **fields: Any) -> None:
        """Fire an event now (a kind of :data:`collabsim.events.EVENTS`, with its own keys)."""
        timed_events.fire(self, kind, **fields)

    def log_event(self, kind: str, detail: str) -> None:
        self.event_log.append((self.year, kind, detail))

    # --- the state held for compiled code ---------------------------------------------

    @property
    def held(self) -> Held:
        """The four monthly streams (``rng_meet``, ``rng_res``, ``rng_staff``, ``rng_org``) and the state
        arrays, held for compiled code (:mod:`collabsim.held`), made on first use."""
        held = self.__dict__.get("_held")
        if held is None:
            held = self._held = hold_model(self)
        return held

    def __getstate__(self) -> dict[str, Any]:
        """A copy (``copy.deepcopy``, pickle) leaves out what compiled code holds: it makes its own from
        its own Generators and arrays on first use."""
        state = self.__dict__.copy()
        state.pop("_held", None)
        return state

    # --- what the state means ---------------------------------------------------------

    @property
    def datacollector(self) -> mesa.DataCollector:
        """Mesa's DataCollector of the series (``model_vars``, ``get_model_vars_dataframe``), up to now."""
        return self.series_record.collector()

    @property
    def year(self) -> float:
        """Years since the start (Mesa's clock counts months)."""
        return self.time * self.dt

    @property
    def kartrekkers(self) -> list[Kartrekker]:
        """The people holding the kartrekker role now (two for a duo)."""
        return list(self.kartrekker_team)

    @property
    def kartrekker_active(self) -> bool:
        return bool(self.kartrekker_team)

    @property
    def mean_commitment(self) -> float:
        """Mean commitment of the organisations taking part (0 if none does; s.7.3), by
        :func:`.funding.mean_commitment_rule`, which funding's kernel calls too."""
        orgs = self.orgs
        return funding.mean_commitment_rule(orgs.commitment, orgs.active)

    @property
    def partner_share(self) -> float:
        """Share of posts in organisations taking part."""
        orgs = self.orgs
        return float(orgs.staff.dot(orgs.active) / orgs.posts)  # ndarray.dot: as ``@``, less overhead

    @property
    def project_money(self) -> bool:
        return self.year < self.funding_end

    @property
    def spending_eur(self) -> float:
        """Money spent on the collaboration in this step, all payers together (s.7.13)."""
        return self.project_spending_eur + self.partner_spending_eur + self.funder_spending_eur
