"""CollaborationModel: cross-domain collaboration in one neighbourhood, one step a month."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mesa
import numpy as np

from . import events, outcomes
from . import mechanisms as mech
from .agents import Kartrekker, Organisation, Professional, Resident
from .params import (
    DEFAULT_HORIZON,
    DEFAULT_ORGANISATIONS,
    DOMAINS,
    KARTREKKER_KINDS,
    ORGANISATION_TYPES,
    STEPS_PER_YEAR,
)

NEED_DOMAIN_SHARE = np.array([0.3, 0.2, 0.5])  # medical, public health, social (000; 004)
FIRST_CONTACT_SHARE = np.array([0.6, 0.1, 0.3])  # most needs show first at the GP (002 les 4)
NEED_DOMAIN_CUMULATIVE = np.cumsum(NEED_DOMAIN_SHARE)[:-1]
FIRST_CONTACT_CUMULATIVE = np.cumsum(FIRST_CONTACT_SHARE)[:-1]
NEEDS_PER_RESIDENT_YEAR = 1.2
VACANCY_FILL_RATE = 4.0  # per year: a post stays empty three months on average
SELF_ORGANISED_SHARE = 0.4  # meetings partners hold without a kartrekker, at full commitment
RECORDS_AGEING = 0.2  # per year, without anyone keeping agreements current


class CollaborationModel(mesa.Model):
    """Agent-based model of collaboration between public health and the social domain.

    Keyword arguments are the canonical preconditions of DESIGN.md s.5, plus the
    neighbourhood (``organisations``, ``residents``, ``resident_trust``), the
    ``horizon`` in years, timed ``events`` and ``rng``.
    """

    def __init__(
        self,
        *,
        kartrekker: str = "internal",
        urgency: float = 0.6,
        hierarchy: float = 0.5,
        board_support: float = 0.6,
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
        rng: Any = None,
    ) -> None:
        super().__init__(rng=rng)
        self.run_seed = int(rng) if isinstance(rng, int | np.integer) else None
        if kartrekker not in KARTREKKER_KINDS:
            raise ValueError(f"kartrekker: {kartrekker!r} is not one of {KARTREKKER_KINDS}")
        self.kartrekker_kind = kartrekker
        self.initial_urgency, self.urgency = urgency, urgency
        self.hierarchy, self.board_support = hierarchy, board_support
        self.existing_network, self.kartrekker_skill = existing_network, kartrekker_skill
        self.knowledge_exchange, self.agreements_recorded = knowledge_exchange, agreements_recorded
        self.formalisation, self.cofinancing = formalisation, cofinancing
        self.shared_savings, self.integrated_funding = shared_savings, integrated_funding
        self.connector_share, self.turnover = connector_share, turnover
        self.funding_years, self.resident_involvement = funding_years, resident_involvement
        self.reorganisation_rate, self.horizon = reorganisation_rate, horizon

        self.dt = 1.0 / STEPS_PER_YEAR
        self.month = 0
        self.horizon_steps = round(horizon * STEPS_PER_YEAR)
        self.domain_names = DOMAINS
        # Independent streams per process keep common random numbers aligned between arms.
        (self.rng_init, self.rng_meet, self.rng_res, self.rng_staff, self.rng_org) = self.rng.spawn(5)

        self.funding_end = funding_years
        self._p_reorganise = 1.0 - np.exp(-reorganisation_rate * self.dt)
        self._p_leave = 1.0 - np.exp(-turnover * np.array([1.0, 2.0]) * self.dt)  # normal, in reorganisation
        self._p_fill = 1.0 - np.exp(-VACANCY_FILL_RATE * self.dt)
        # Formalisation protects continuity: covenants keep agreements on paper (003 ch.3.3).
        self.records_target = 1.0 - (1.0 - agreements_recorded) * (1.0 - 0.5 * formalisation)
        self.records = self.records_target
        self.visible_success = 0.0
        self.success_rate = 0.0
        self.kartrekker_left_at: float | None = None
        self.event_log: list[tuple[float, str, str]] = []
        self._events = sorted(events, key=lambda e: e["year"])

        self._create_organisations(organisations or DEFAULT_ORGANISATIONS)
        self._create_professionals()
        self._create_residents(residents, resident_trust)
        self._create_kartrekkers()
        self._refresh_funding()
        self._reset_step_counters()
        self.datacollector = mesa.DataCollector(model_reporters=outcomes.MODEL_REPORTERS)
        self.datacollector.collect(self)

    # --- initialisation ---------------------------------------------------------------

    def _create_organisations(self, specs: Sequence[Mapping[str, Any]]) -> None:
        rows = []
        for spec in specs:
            count, base = int(spec.get("count", 1)), spec.get("name") or spec["type"]
            names = [base] if count == 1 else [f"{base} {i + 1}" for i in range(count)]
            rows += [(name, spec) for name in names]
        n = len(rows)
        kinds = [ORGANISATION_TYPES[spec["type"]] for _, spec in rows]
        self.org_domain = np.array([DOMAINS.index(k.domain) for k in kinds])
        self.org_status = np.array([k.status for k in kinds])
        self.org_spare = np.array([k.spare_time for k in kinds])
        self.org_subsidy = np.array([k.subsidy_dependent for k in kinds], dtype=float)
        self.org_culture = np.array([k.culture for k in kinds])
        # Sectoral funding pulls subsidy-dependent organisations back to their own course (003 ch.4-5).
        self.org_pull = mech.SECTORAL_PULL * (1.0 - self.integrated_funding) * self.org_subsidy
        drawn = np.clip(self.board_support + self.rng_init.normal(0.0, 0.15, n), 0.0, 1.0)
        given = [spec.get("board_support") for _, spec in rows]
        self.org_board = np.array([drawn[i] if g is None else g for i, g in enumerate(given)])
        self.org_capacity = np.ones(n)
        self.reorganising = False
        self.org_reorg_until = np.full(n, -1.0)
        self.org_commitment = self.org_board.copy()
        self.org_staff = np.array([int(spec.get("staff", 4)) for _, spec in rows])
        self.organisations = [Organisation(self, i, name, spec["type"]) for i, (name, spec) in enumerate(rows)]

    def _create_professionals(self) -> None:
        rng = self.rng_init
        prof_org = np.repeat(np.arange(len(self.organisations)), self.org_staff)
        # Slots ordered by domain, so each domain's professionals form one contiguous block.
        self.prof_org = prof_org[np.argsort(self.org_domain[prof_org], kind="stable")]
        n = self.prof_org.size
        self.n_slots = n
        self.prof_domain = self.org_domain[self.prof_org]
        self.prof_spare = np.clip(self.org_spare[self.prof_org] * rng.normal(1.0, 0.15, n), 0.05, 1.0)
        self.prof_present = np.ones(n, dtype=bool)
        self.prof_connector = rng.random(n) < self.connector_share
        self.prof_base_motivation = self._draw_motivation(rng, self.prof_connector)
        self.prof_motivation = self.prof_base_motivation.copy()
        self.cross = self.prof_domain[:, None] != self.prof_domain[None, :]
        self.domain_members = [np.flatnonzero(self.prof_domain == d) for d in range(len(DOMAINS))]
        bounds = np.searchsorted(self.prof_domain, np.arange(len(DOMAINS) + 1))
        self.domain_blocks = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        self.domain_staffed = (bounds[1:] > bounds[:-1]).astype(float)  # a domain may have no posts
        status = self.org_status[self.prof_org]
        culture = self.org_culture[self.prof_org]
        self.status_gap = np.abs(status[:, None] - status[None, :])
        self.culture_gap = np.abs(culture[:, None] - culture[None, :])
        self.connector_pairs = mech.connector_boost(self.prof_connector)
        self._friction_cache: dict[bool, np.ndarray] = {}
        self.trust = self._initial_ties(rng)
        self.knowledge_floor = 0.1
        cross_share = (self.trust * self.cross >= mech.WORKING_TIE).sum(1) / np.maximum(1, self.cross.sum(1))
        self.prof_knowledge = np.clip(0.1 + 0.6 * cross_share + rng.uniform(0, 0.1, n), 0, 1)
        self.handover = np.zeros((n, n))
        self.handover_knowledge = np.zeros(n)
        self.professionals: list[Professional | None] = [Professional(self, i) for i in range(n)]
        self._pools: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @staticmethod
    def _draw_motivation(rng: np.random.Generator, connector: np.ndarray) -> np.ndarray:
        return np.minimum(np.maximum(rng.beta(2.0, 2.0, connector.shape[0]) + 0.2 * connector, 0.0), 1.0)

    def _initial_ties(self, rng: np.random.Generator) -> np.ndarray:
        """Existing dynamics and networks to build on (003 ch.5, Overvecht)."""
        n = self.prof_org.size
        u = rng.random((n, n))
        strength = rng.uniform(0.35, 0.7, (n, n))
        p = np.where(self.cross, self.existing_network, 0.3)
        w = np.triu(np.where(u < p, strength, 0.0), 1)
        return w + w.T

    def _create_residents(self, n: int, mean_trust: float) -> None:
        rng = self.rng_init
        self.n_residents = n
        a = 1.0 + 4.0 * mean_trust
        self.res_trust = rng.beta(a, 5.0 - a + 1.0, n) if n else np.zeros(0)
        self.res_needs_met = np.zeros(n, dtype=np.int64)
        self.residents = [Resident(self, i) for i in range(n)]

    def _create_kartrekkers(self) -> None:
        kinds = {"none": [], "internal": ["internal"], "external": ["external"], "duo": ["internal", "external"]}
        for kind in kinds[self.kartrekker_kind]:
            self._appoint_kartrekker(kind, self.kartrekker_skill, first=True)

    def _appoint_kartrekker(self, kind: str, skill: float, first: bool = False) -> None:
        """An internal kartrekker knows the local network; an external one starts without ties."""
        if kind == "internal":
            familiarity = 1.0 if first else 0.6 + 0.4 * self.records
        else:
            familiarity = 0.0 if first else 0.5 * self.records
        Kartrekker(self, kind, skill, familiarity)

    # --- properties -----------------------------------------------------------------------

    @property
    def year(self) -> float:
        return self.month * self.dt

    @property
    def kartrekkers(self) -> list[Kartrekker]:
        """The people holding the kartrekker role now (two for a duo)."""
        held = self.agents_by_type.get(Kartrekker)
        return list(held) if held else []

    @property
    def kartrekker_active(self) -> bool:
        return bool(self.agents_by_type.get(Kartrekker))

    @property
    def mean_commitment(self) -> float:
        """Mean commitment of the partner organisations."""
        return float(np.add.reduce(self.org_commitment) / self.org_commitment.size)

    @property
    def project_money(self) -> bool:
        return self.year < self.funding_end

    # --- the step ---------------------------------------------------------------------

    def step(self) -> None:
        self.month += 1
        self._reset_step_counters()
        self.fire_events()
        self.reorganise()
        self._refresh_funding()
        self._refresh_availability()
        if self.kartrekker_active:
            self.agents_by_type[Kartrekker].shuffle_do("step")
        self.hold_meetings()
        self.refer_residents()
        self.let_ties_fade()
        self.perceive_results()
        self.turn_over_staff()
        self.fill_kartrekker_role()
        self.datacollector.collect(self)
        if self.month >= self.horizon_steps:
            self.running = False

    def _reset_step_counters(self) -> None:
        self.contact = np.zeros((self.n_slots, self.n_slots), dtype=bool)
        self.meetings_held = 0
        self.referrals = 0
        self.needs_presented = 0
        self.needs_reached = 0
        self.cross_needs = 0

    def _refresh_funding(self) -> None:
        """Project money pays everything; after it, only continuation funding (003 ch.4-5)."""
        self.continuation = mech.continuation_budget(
            self.cofinancing,
            self.shared_savings,
            self.integrated_funding,
            self.mean_commitment,
            self.success_rate,
        )
        self.budget = 1.0 if self.project_money else self.continuation
        self.budget_factor = 0.3 + 0.7 * self.budget

    def _refresh_availability(self) -> None:
        org = self.prof_org
        self.allowed = mech.time_allowed(
            self.org_board[org],
            self.org_capacity[org],
            self.org_commitment[org],
            self.prof_motivation,
            self.org_subsidy[org],
            self.integrated_funding,
        )
        self.willing = mech.willingness(self.urgency, self.prof_motivation)

    # --- events -------------------------------------------------------------------------

    def fire_events(self) -> None:
        """Timed events from the scenario that fall in this month."""
        while self._events and self._events[0]["year"] * STEPS_PER_YEAR <= self.month - 0.5:
            event = self._events.pop(0)
            self.fire(event["type"], **events.event_fields(event["type"], event))

    def fire(self, kind: str, **fields: Any) -> None:
        """Fire an event now (a kind of :data:`collabsim.events.EVENTS`, with its own keys)."""
        events.fire(self, kind, **fields)

    def remove_professionals(self, who: str, count: int) -> None:
        """``count`` present professionals leave at once, as in turnover (pattern E1; 004).

        ``most_connected``: those with the most working cross-domain ties; ``random_professionals``:
        as many drawn from a generator derived from the run's seed (common random numbers between arms).
        """
        present = np.flatnonzero(self.prof_present)
        if who == "most_connected":
            working = (self.trust >= mech.WORKING_TIE) & self.cross
            degree = working[present][:, present].sum(axis=1)
            chosen = present[np.argsort(-degree, kind="stable")[:count]]
        elif who == "random_professionals":
            rng = np.random.default_rng([self.run_seed, 7]) if self.run_seed is not None else self.rng.spawn(1)[0]
            chosen = rng.choice(present, size=min(count, present.size), replace=False)
        else:
            raise ValueError(f"professionals_leave: who = {who!r} is not most_connected or random_professionals")
        for slot in chosen:
            self.professionals[slot].leave()

    def log_event(self, kind: str, detail: str) -> None:
        self.event_log.append((self.year, kind, detail))

    # --- mechanisms composed in step ------------------------------------------------------

    def reorganise(self) -> None:
        """Organisations reorganise at ``reorganisation_rate`` per year (003 ch.3.2, ch.5)."""
        if self.reorganising and self.year >= self.org_reorg_until.max():
            self.org_capacity[:] = 1.0
            self.reorganising = False
        elif self.reorganising:
            self.org_capacity[self.org_reorg_until <= self.year] = 1.0
        hits = self.rng_org.random(len(self.organisations)) < self._p_reorganise
        for i in np.flatnonzero(hits):
            self.organisations[i].reorganise(1.0)

    def hold_meetings(self) -> None:
        """Joint meetings, trainings and case meetings across domains (003 ch.5; 004).

        A kartrekker organises ``knowledge_exchange`` meetings a year; without one,
        committed partners hold a few on their own. Means (budget) and detailed
        covenants at the start (formalisation, 003 ch.3.3) slow the pace.
        """
        organiser = 1.0 if self.kartrekker_active else SELF_ORGANISED_SHARE * self.mean_commitment
        start_pace = 1.0 - 0.7 * self.formalisation if self.year < 1.5 * self.formalisation else 1.0
        rate = self.knowledge_exchange * organiser * self.budget_factor * start_pace
        n_meetings = self.rng_meet.poisson(rate * self.dt)
        if n_meetings:
            gain = mech.TIE_GAIN_MEETING * self.connector_pairs * self._friction(self.kartrekker_active)
        for _ in range(n_meetings):
            attendees = mech.decide_attendance(
                self.rng_meet, self.prof_spare, self.allowed, self.willing, self.prof_present
            )
            with_residents = self.rng_meet.random() < self.resident_involvement
            mech.grow_trust_in_meeting(self.trust, attendees, gain)
            k_gain = mech.KNOWLEDGE_GAIN * (1.3 if with_residents else 1.0)
            mech.learn_other_domains(self.prof_knowledge, attendees, k_gain)
            self.contact[np.ix_(attendees, attendees)] = True
            if with_residents:  # residents make the work relevant (002 les 5)
                self.urgency += 0.04 * (1.0 - self.urgency)
            self.meetings_held += 1

    def _friction(self, attended: bool) -> np.ndarray:
        """Pairwise trust friction; a kartrekker's attention to equality softens hierarchy."""
        if attended not in self._friction_cache:
            attention = self.kartrekker_skill if attended else 0.0
            self._friction_cache[attended] = mech.tie_friction(
                self.status_gap, self.culture_gap, self.hierarchy, attention
            )
        return self._friction_cache[attended]

    def introduce(self, n: int, equality_attention: float) -> None:
        """Broker ``n`` introductions, each between a professional and a weakly tied one of another domain."""
        present = np.flatnonzero(self.prof_present)
        if present.size < 2:
            return
        rng = self.rng_meet
        i = present[(rng.random(n) * present.size).astype(np.int64)]
        # Prefer the weakest ties: a random score minus current trust, among present others of other domains.
        score = rng.random((n, self.n_slots)) - self.trust[i]
        score[~(self.cross[i] & self.prof_present[None, :])] = -np.inf
        j = score.argmax(1)
        ok = np.isfinite(score[np.arange(n), j])
        i, j = i[ok], j[ok]
        friction = mech.tie_friction(self.status_gap[i, j], self.culture_gap[i, j], self.hierarchy, equality_attention)
        gain = mech.TIE_GAIN_INTRODUCTION * friction * self.connector_pairs[i, j] * self.willing[j]
        for a, b, g in zip(i, j, gain, strict=True):  # sequential: the same pair may come twice
            self.trust[a, b] += g * (1.0 - self.trust[a, b])
            self.trust[b, a] = self.trust[a, b]
        self.contact[i, j] = True
        self.contact[j, i] = True
        met = np.zeros(self.n_slots, dtype=bool)
        met[i] = met[j] = True
        mech.learn_other_domains(self.prof_knowledge, met, 0.5 * mech.KNOWLEDGE_GAIN)

    def refer_residents(self) -> None:
        """Residents present needs; cross-domain needs reach the right domain only via ties."""
        rng = self.rng_res
        if self.n_residents == 0 or not self.prof_present.any():
            return
        n = rng.poisson(self.n_residents * NEEDS_PER_RESIDENT_YEAR * self.dt)
        u = rng.random((3, n))
        who = (u[0] * self.n_residents).astype(np.int64)
        need = np.searchsorted(NEED_DOMAIN_CUMULATIVE, u[1], side="right")
        wanted = np.searchsorted(FIRST_CONTACT_CUMULATIVE, u[2], side="right")
        first = self._first_contacts(wanted, rng.random(n))
        contact_domain = self.prof_domain[first]
        partner = self._strongest_partner_per_domain()[first, need]
        tie = self.trust[first, partner] * self.domain_staffed[need]
        reached, referred = mech.route_needs(
            rng, need, contact_domain, self.prof_knowledge[first], tie, self.res_trust[who]
        )
        self.res_needs_met[who[reached]] += 1
        trust = self.res_trust[who]
        self.res_trust[who] = trust + np.where(reached, 0.02 * (1.0 - trust), -0.01 * trust)
        self.needs_presented += n
        self.needs_reached += int(np.count_nonzero(reached))
        self.cross_needs += int(np.count_nonzero(need != contact_domain))
        n_referred = int(np.count_nonzero(referred))
        self.referrals += n_referred
        if n_referred:  # a referral is contact: it keeps the tie alive
            src, dst = first[referred], partner[referred]
            self.contact[src, dst] = True
            self.contact[dst, src] = True

    def _first_contacts(self, wanted_domain: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A present professional of the wanted domain (of any domain if it has none)."""
        if self._pools is None:  # staff changed since the last look: rebuild the pools
            present = np.flatnonzero(self.prof_present)  # slots are grouped by domain
            sizes = np.bincount(self.prof_domain[present], minlength=len(DOMAINS))
            if sizes.all():
                self._pools = (present, np.cumsum(sizes) - sizes, sizes)
            else:  # a domain nobody staffs now: its needs go to anyone present
                pools = [members[self.prof_present[members]] for members in self.domain_members]
                pools = [pool if pool.size else present for pool in pools]
                sizes = np.array([pool.size for pool in pools])
                self._pools = (np.concatenate(pools), np.cumsum(sizes) - sizes, sizes)
        flat, offset, size = self._pools
        return flat[offset[wanted_domain] + (u * size[wanted_domain]).astype(np.int64)]

    def _strongest_partner_per_domain(self) -> np.ndarray:
        """For each professional and domain, the colleague there with the strongest tie.

        Vacant posts have no ties; with no tie into a domain, its first member is named.
        """
        partner = np.zeros((self.n_slots, len(DOMAINS)), dtype=np.int64)
        for d, (a, b) in enumerate(self.domain_blocks):
            if b > a:
                partner[:, d] = a + self.trust[:, a:b].argmax(axis=1)
        return partner

    def let_ties_fade(self) -> None:
        """Ties without contact fade; knowledge of others goes out of date; records age."""
        mech.decay_ties(self.trust, self.contact, self.dt)
        mech.forget_other_domains(self.prof_knowledge, self.knowledge_floor, self.dt)
        if not self.kartrekker_active:
            self.records *= np.exp(-RECORDS_AGEING * self.dt)

    def perceive_results(self) -> None:
        """Visible success refreshes urgency and motivation and draws partners in (003 ch.5; 001)."""
        dt = self.dt
        self.success_rate += (1 - np.exp(-2.0 * dt)) * (self.referrals / max(1, self.cross_needs) - self.success_rate)
        celebrated = (0.6 + 0.4 * self.kartrekker_active) * (1.0 - 0.4 * self.formalisation)
        self.visible_success = self.success_rate * celebrated
        self.urgency = mech.update_urgency(self.urgency, self.initial_urgency, self.visible_success, dt)
        benefit = 0.3 * self.urgency + 0.7 * self.visible_success + 0.1 * self.resident_involvement
        cost = 0.45 * (1.0 - self.budget) + 0.15 * self.org_pull
        self.org_commitment = mech.update_commitment(self.org_commitment, self.org_board, benefit, cost, dt)
        target = np.minimum(np.maximum(self.prof_base_motivation + 0.3 * (self.visible_success - 0.3), 0.0), 1.0)
        self.prof_motivation += (1 - np.exp(-dt)) * (target - self.prof_motivation)

    def turn_over_staff(self) -> None:
        """People change jobs; a post stays vacant, then a successor arrives (004; 003 Deventer)."""
        u = self.rng_staff.random((2, self.n_slots))
        if self.reorganising:  # staff leave faster from an organisation in reorganisation
            p_leave = self._p_leave[(self.org_reorg_until[self.prof_org] > self.year).astype(np.int64)]
        else:
            p_leave = self._p_leave[0]
        for slot in np.flatnonzero(self.prof_present & (u[0] < p_leave)):
            self.professionals[slot].leave()
        arrive = ~self.prof_present & (u[1] < self._p_fill)
        for slot in np.flatnonzero(arrive):
            self.fill(slot)

    def vacate(self, slot: int) -> None:
        """The leaver's ties go; recorded agreements keep a handover for the successor."""
        self.handover[slot] = mech.handover_ties(self.trust[slot], self.records)
        self.handover_knowledge[slot] = self.prof_knowledge[slot]
        self.trust[slot, :] = 0.0
        self.trust[:, slot] = 0.0
        self.prof_present[slot] = False
        self.professionals[slot] = None
        self._pools = None

    def fill(self, slot: int) -> None:
        """A successor starts: fresh motivation, inherited ties only as far as handed over."""
        rng = self.rng_staff
        inherited = self.handover[slot] * self.prof_present
        self.trust[slot, :] = inherited
        self.trust[:, slot] = inherited
        self.prof_connector[slot] = rng.random() < self.connector_share
        self.connector_pairs[slot, :] = self.connector_pairs[:, slot] = 1.0 + 0.5 * (
            self.prof_connector[slot] + self.prof_connector
        )
        self.connector_pairs[slot, slot] = 1.0 + self.prof_connector[slot]
        self.prof_base_motivation[slot] = self._draw_motivation(rng, self.prof_connector[slot : slot + 1])[0]
        self.prof_motivation[slot] = self.prof_base_motivation[slot]
        floor = self.knowledge_floor
        self.prof_knowledge[slot] = floor + 0.5 * self.records * (self.handover_knowledge[slot] - floor)
        self.prof_present[slot] = True
        self.professionals[slot] = Professional(self, slot, successor=True)
        self._pools = None

    def fill_kartrekker_role(self) -> None:
        """A vacant kartrekker role: the project recruits, or a connector takes over (003 ch.5)."""
        if self.kartrekker_kind == "none":
            return
        wanted = ["internal", "external"] if self.kartrekker_kind == "duo" else [self.kartrekker_kind]
        held = [k.kind for k in self.kartrekkers]
        missing = [k for k in wanted if k not in held]
        if not missing:
            return
        rng = self.rng_staff
        if self.project_money:
            if rng.random() < 1.0 - np.exp(-3.0 * self.dt):
                self._appoint_kartrekker(missing[0], self.kartrekker_skill)
                self.log_event("kartrekker_appointed", missing[0])
        elif not held:
            candidates = self.prof_present & self.prof_connector & (self.prof_motivation > 0.5)
            hazard = 1.5 * self.records * (0.25 + 0.75 * self.continuation)
            if candidates.any() and rng.random() < 1.0 - np.exp(-hazard * self.dt):
                self._appoint_kartrekker("internal", 0.5 * (self.kartrekker_skill + 0.6))
                self.log_event("kartrekker_taken_over", "connector")
