"""The four agent classes. Numeric state lives in the model's arrays (:mod:`collabsim.state`);
each agent is a real Mesa agent that owns one entry of those arrays and reads it through
properties. Only the kartrekker acts on her own; she does so through the submodels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import mesa
import numpy as np
from mesa.experimental.mesa_signals import ModelSignals

from . import mechanisms as mech
from .params import DOMAINS
from .submodels import meetings, records

if TYPE_CHECKING:
    from .model import CollaborationModel

AGENT_ADDED = ModelSignals.AGENT_ADDED  # the signal Mesa emits for each agent it registers
AGENT_REMOVED = ModelSignals.AGENT_REMOVED  # and for each agent it deregisters


def announced(cls: type[mesa.Agent], model: mesa.Model, signal: ModelSignals) -> bool:
    """Would Mesa tell anyone of an agent of ``cls`` added or removed (``signal``): a subscriber
    to it, a batch of signals being gathered, or a dataset tracking ``cls``?"""
    return bool(cls._datasets) or model._batch_context is not None or model._has_subscribers("agents", signal)


def register_quietly(model: mesa.Model, agents: list[mesa.Agent]) -> None:
    """Register new ``agents`` of one class with ``model`` as ``mesa.Agent.__init__`` does for each
    in turn (``model``, ``unique_id``, ``pos`` None, ``model.agents``, ``agents_by_type``), without
    the signal and the log line: only where :func:`announced` is False."""
    unique_id = model.agent_id_counter
    for agent in agents:
        agent.model = model
        agent.unique_id = unique_id
        agent.pos = None
        unique_id += 1
    enrol_quietly(model, agents)


def made_quietly(cls: type[mesa.Agent], model: mesa.Model, n: int) -> Iterator[tuple[int, mesa.Agent]]:
    """``n`` new agents of ``cls`` (its ``__init__`` not run), each with Mesa's attributes as
    ``mesa.Agent.__init__`` sets them (``model``, ``unique_id`` from ``model.agent_id_counter`` on,
    ``pos`` None), one at a time with its number: the caller sets its own attributes, as ``cls.__init__``
    would, then enters them all with :func:`enrol_quietly`."""
    new, first = cls.__new__, model.agent_id_counter
    for i in range(n):
        agent = new(cls)
        agent.model, agent.unique_id, agent.pos = model, first + i, None
        yield i, agent


def enrol_quietly(model: mesa.Model, agents: list[mesa.Agent]) -> None:
    """Enter ``agents`` of one class, whose ``model``, ``unique_id`` (from ``model.agent_id_counter``
    on, in turn) and ``pos`` are set, in Mesa's records of ``model`` (``model.agents``,
    ``agents_by_type``) and move its ``agent_id_counter`` past them, as ``mesa.Agent.__init__`` does
    for each in turn (:func:`register_quietly`).

    Mesa registers one agent at a time (about 1.5 microseconds each, most of a run's set-up, and
    about 2 for each successor); tests/test_model.py holds the two ways alike.
    """
    model.agent_id_counter += len(agents)
    entered = dict.fromkeys(agents)  # Mesa's records are such dicts; copying one is cheaper than making it
    model.agents._agents.update(entered)
    if agents:
        by_type = model.agents_by_type
        cls = type(agents[0])
        if cls not in by_type:
            by_type[cls] = type(model.agents)((), random=model.random)
        by_type[cls]._agents.update(entered)


def unregister_quietly(model: mesa.Model, agent: mesa.Agent) -> None:
    """Deregister ``agent`` as ``mesa.Agent.remove`` does (nothing if it is not registered),
    without the signal and the log line: only where :func:`announced` is False."""
    by_type = model.agents_by_type.get(type(agent))
    if by_type is not None and agent in by_type._agents:
        del by_type._agents[agent]
        del model.agents._agents[agent]


class Organisation(mesa.Agent):
    """A partner organisation (GP practice, GGD, municipality, welfare, wijkteam, ...)."""

    def __init__(self, model: CollaborationModel, index: int, name: str, kind: str) -> None:
        super().__init__(model)
        self.index, self.name, self.kind = index, name, kind

    @classmethod
    def create_all(cls, model: CollaborationModel, rows: list[tuple[str, str]]) -> list[Organisation]:
        """One organisation per (name, type) row, registered with the model as ``Organisation(model, i,
        name, kind)`` for each would be (in bulk where Mesa would tell no one: :func:`enrol_quietly`)."""
        if announced(cls, model, AGENT_ADDED):
            return [cls(model, i, name, kind) for i, (name, kind) in enumerate(rows)]
        made = []
        for i, organisation in made_quietly(cls, model, len(rows)):
            organisation.index, (organisation.name, organisation.kind) = i, rows[i]
            made.append(organisation)
        enrol_quietly(model, made)
        return made

    @property
    def domain(self) -> str:
        return DOMAINS[self.model.orgs.domain[self.index]]

    @property
    def board_support(self) -> float:
        return float(self.model.orgs.board[self.index])

    @property
    def capacity(self) -> float:
        return float(self.model.orgs.capacity[self.index])

    @property
    def commitment(self) -> float:
        return float(self.model.orgs.commitment[self.index])

    @property
    def in_reorganisation(self) -> bool:
        return bool(self.model.orgs.reorg_until[self.index] > self.model.year)

    @property
    def active(self) -> bool:
        """Takes part in the collaboration (every organisation, until a membership rule exists)."""
        return bool(self.model.orgs.active[self.index])

    @property
    def spent_eur(self) -> float:
        """What it paid in this step: its staff's hours and its co-financing share (ODD s.7.13)."""
        return float(self.model.orgs.spent_eur[self.index])


class Professional(mesa.Agent):
    """A professional employed by an organisation; holds one row of the trust matrix."""

    def __init__(self, model: CollaborationModel, slot: int, successor: bool = False) -> None:
        if announced(Professional, model, AGENT_ADDED):
            super().__init__(model)
        else:
            register_quietly(model, [self])
        self.slot, self.successor, self.started = slot, successor, model.year

    @classmethod
    def create_all(cls, model: CollaborationModel, n: int) -> list[Professional]:
        """Professionals in slots 0..n-1, as ``Professional(model, slot)`` for each makes them (in bulk
        where Mesa would tell no one: :func:`enrol_quietly`; tests/test_model.py holds the two alike)."""
        if announced(cls, model, AGENT_ADDED):
            return [cls(model, i) for i in range(n)]
        made, started = [], model.year
        for i, professional in made_quietly(cls, model, n):
            professional.slot, professional.successor, professional.started = i, False, started
            made.append(professional)
        enrol_quietly(model, made)
        return made

    def remove(self) -> None:
        """Leave the model, as Mesa's ``Agent.remove`` (quietly where Mesa would tell no one)."""
        if announced(Professional, self.model, AGENT_REMOVED):
            super().remove()
        else:
            unregister_quietly(self.model, self)

    @property
    def organisation(self) -> Organisation:
        return self.model.organisations[self.model.staff.org[self.slot]]

    @property
    def domain(self) -> str:
        return DOMAINS[self.model.staff.domain[self.slot]]

    @property
    def motivation(self) -> float:
        return float(self.model.staff.motivation[self.slot])

    @property
    def connector(self) -> bool:
        return bool(self.model.staff.connector[self.slot])

    @property
    def knowledge(self) -> float:
        return float(self.model.staff.knowledge[self.slot])

    @property
    def tenure(self) -> float:
        return self.model.year - self.started

    def ties(self) -> dict[int, float]:
        """Trust towards other professionals' slots, for the ties that are not zero."""
        row = self.model.staff.trust[self.slot]
        return {int(j): float(row[j]) for j in np.flatnonzero(row)}


class Resident(mesa.Agent):
    """A resident whose medical and social needs professionals see."""

    def __init__(self, model: CollaborationModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @classmethod
    def create_all(cls, model: CollaborationModel, n: int) -> list[Resident]:
        """Residents 0..n-1, registered with the model as ``Resident(model, i)`` for each would be
        (in bulk where Mesa would tell no one: :func:`enrol_quietly`)."""
        if announced(cls, model, AGENT_ADDED):
            return [cls(model, i) for i in range(n)]
        made = []
        for i, resident in made_quietly(cls, model, n):
            resident.index = i
            made.append(resident)
        enrol_quietly(model, made)
        return made

    @property
    def trust_in_institutions(self) -> float:
        return float(self.model.people.trust[self.index])

    @property
    def needs_met(self) -> int:
        return int(self.model.people.needs_met[self.index])


class Kartrekker(mesa.Agent):
    """The dedicated project leader: internal, external, or one of a duo (003 ch.5; 002 les 3).

    Holds meetings, brokers introductions across domains, keeps agreements current and
    keeps momentum. Paid by project money unless the partners carry the role.
    """

    def __init__(self, model: CollaborationModel, kind: str, skill: float, familiarity: float) -> None:
        super().__init__(model)
        self.kind, self.skill, self.familiarity = kind, skill, familiarity
        self.started = model.year
        model.kartrekker_team.append(self)

    def remove(self) -> None:
        """Leave the model (Mesa), and the model's list of the people holding the role."""
        super().remove()
        team = self.model.kartrekker_team
        if self in team:
            team.remove(self)

    @property
    def effectiveness(self) -> float:
        """Skill x local familiarity x neutrality, of the team holding the role (003 ch.5).

        An internal kartrekker knows the local network but is less neutral; an external one
        is neutral and brings experience from elsewhere but must learn the network; a duo
        brings both: the team has the best of each of its members.
        """
        team = self.model.kartrekker_team
        if len(team) < 2:  # one member (or none holds the role: herself alone): her own values
            k = team[0] if team else self
            if k.kind == "internal":
                neutrality, experience = mech.INTERNAL_NEUTRALITY, 0.0
            elif k.kind == "external":
                neutrality, experience = 1.0, mech.EXTERNAL_EXPERIENCE
            else:
                neutrality, experience = 1.0, 0.0
            return min(1.0, k.skill + experience) * neutrality * k.familiarity
        neutrality = max([mech.INTERNAL_NEUTRALITY if k.kind == "internal" else 1.0 for k in team])
        experience = max([mech.EXTERNAL_EXPERIENCE if k.kind == "external" else 0.0 for k in team])
        skill = max([k.skill for k in team])
        familiarity = max([k.familiarity for k in team])
        return min(1.0, skill + experience) * neutrality * familiarity

    def step(self) -> None:
        """Her month (ODD s.7.5), its four parts in order: she gets to know the neighbourhood, brokers
        introductions, keeps the agreements current and considers leaving. The month's ``share_per_step``
        factors come in one look-up (:func:`collabsim.mechanisms.shares_per_step`)."""
        m = self.model
        rates = (mech.FAMILIARITY_LEARNING, mech.RECORDS_RENEWAL, m.turnover)
        learning, renewal, turnover = mech.shares_per_step(m.dt, *rates)
        self.get_to_know_the_neighbourhood(learning)
        self.broker_introductions()
        self.keep_agreements_current(renewal)
        self.consider_leaving(turnover)

    def get_to_know_the_neighbourhood(self, learning: float) -> None:
        """An outsider has no local ties at first and learns the network in about a year (``learning``:
        the share of ``FAMILIARITY_LEARNING`` a step)."""
        self.familiarity += (1.0 - self.familiarity) * learning

    def broker_introductions(self) -> None:
        """Introduce professionals of different domains to each other (003 ch.5; 002 les 3)."""
        m = self.model
        share = 1.0 / len(m.kartrekker_team)
        expected = mech.INTRODUCTIONS_PER_YEAR * self.effectiveness * m.budget_factor * share * m.dt
        meetings.broker(m, expected, equality_attention=self.skill)  # a Poisson count of them

    def keep_agreements_current(self, renewal: float) -> None:
        """Recorded agreements stay current while someone renews them (003 ch.5; ``renewal``: the share
        of ``RECORDS_RENEWAL`` a step)."""
        records.renew(self.model, renewal)

    def consider_leaving(self, turnover: float) -> None:
        """Leave on changing jobs (``turnover``: its chance a step), or when nobody pays for the role any more."""
        m = self.model
        if m.project_money:
            chance = turnover
        else:
            embedded = mech.INTERNAL_EMBEDDING if self.kind == "internal" else 0.0
            hazard = m.turnover + mech.UNPAID_LEAVING * (1.0 - m.means) * (1.0 - embedded)
            chance = 1.0 - mech.exp(-hazard * m.dt)
        if m.rng_staff.random() < chance:
            self.leave("left")

    def leave(self, why: str) -> None:
        self.model.log_event("kartrekker_leaves", why)
        self.remove()
