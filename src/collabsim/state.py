"""The model's numeric state, grouped: partner organisations, staff posts, residents, a step's tally.

Each group is a small class of numpy arrays (one entry per organisation, post or resident),
built once from the scenario with draws from the model's initialisation stream (ODD s.5).
Only the model and its submodels (:mod:`collabsim.submodels`) write them; the Mesa agents
read their own entry. The arrays are written in place, never replaced: compiled code holds
them (:mod:`collabsim.held`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import mechanisms as mech
from .params import DOMAINS, ORGANISATION_TYPES

#: keeps a Beta's mean off 0 and 1 (numerics, not a model constant)
_MEAN_GUARD = 0.01


@dataclass
class Organisations:
    """One entry per partner organisation (ODD s.2)."""

    names: list[str]
    kinds: list[str]
    domain: np.ndarray  # index into DOMAINS
    status: np.ndarray  # status rank 0..1 (hierarchy)
    spare: np.ndarray  # share of time outside the core task
    subsidy: np.ndarray  # 1.0 if funded by a sectoral subsidy
    culture: np.ndarray  # 0 organic .. 1 result-driven
    pull: np.ndarray  # pull back to the own course under sectoral funding
    board: np.ndarray  # board support
    staff: np.ndarray  # posts
    active: np.ndarray  # taking part in the network now (s.7.9 membership)
    hour_cost: np.ndarray  # EUR per hour of its professionals' time (s.7.13)
    capacity: np.ndarray = field(init=False)
    board_stance: np.ndarray = field(init=False)  # the board's own stance, which support drifts around
    own_success: np.ndarray = field(init=False)  # smoothed share of its own clients' cross-domain needs referred
    closeness: np.ndarray = field(init=False)  # smoothed share of its clients' needs that the joint work touches
    unpaid_years: np.ndarray = field(init=False)  # years its commitment has been below the leaving level
    reorg_until: np.ndarray = field(init=False)  # year a reorganisation ends (-1: none)
    interrupted_until: np.ndarray = field(init=False)  # year an interruption after a change of representative ends
    commitment: np.ndarray = field(init=False)
    spent_eur: np.ndarray = field(init=False)  # what it paid in this step: hours and co-financing (s.7.13)
    spent_total_eur: np.ndarray = field(init=False)  # what it paid so far
    reorganising: bool = False  # any organisation in reorganisation
    posts: int = field(init=False)  # all posts, filled or vacant

    def __post_init__(self) -> None:
        n = len(self.names)
        self.capacity = np.ones(n)
        self.reorg_until = np.full(n, -1.0)
        self.interrupted_until = np.full(n, -1.0)
        self.commitment = self.board.copy()
        self.board_stance = self.board.copy()
        self.own_success = np.zeros(n)
        self.closeness = 1.0 - mech.NEED_DOMAIN_SHARE[self.domain]  # its domain's expected cross-domain share
        self.unpaid_years = np.zeros(n)
        self.spent_eur = np.zeros(n)
        self.spent_total_eur = np.zeros(n)
        self.posts = int(self.staff.sum())

    def rows(self) -> list[tuple[str, str]]:
        """(name, type) of each organisation."""
        return list(zip(self.names, self.kinds, strict=True))

    @classmethod
    def build(
        cls,
        specs: Sequence[Mapping[str, Any]],
        board_support: float,
        integrated_funding: float,
        rng: np.random.Generator,
        hour_cost: Mapping[str, float] | None = None,
    ) -> Organisations:
        """From the scenario's organisation rows (``count`` copies each, numbered names).

        An hour costs the row's ``hour_cost_eur``, else ``hour_cost[type]``, else the type's own.
        """
        rows = []
        for spec in specs:
            count, base = int(spec.get("count", 1)), spec.get("name") or spec["type"]
            names = [base] if count == 1 else [f"{base} {i + 1}" for i in range(count)]
            rows += [(name, spec) for name in names]
        n = len(rows)
        kinds = [ORGANISATION_TYPES[spec["type"]] for _, spec in rows]
        subsidy = np.array([k.subsidy_dependent for k in kinds], dtype=float)
        drawn = np.clip(board_support + rng.normal(0.0, mech.BOARD_SUPPORT_SPREAD, n), 0.0, 1.0)
        given = [spec.get("board_support") for _, spec in rows]
        return cls(
            names=[name for name, _ in rows],
            kinds=[spec["type"] for _, spec in rows],
            domain=np.array([DOMAINS.index(k.domain) for k in kinds]),
            status=np.array([k.status for k in kinds]),
            spare=np.array([k.spare_time for k in kinds]),
            subsidy=subsidy,
            culture=np.array([k.culture for k in kinds]),
            # Sectoral funding pulls subsidy-dependent organisations back to their own course (003 ch.4-5).
            pull=mech.SECTORAL_PULL * (1.0 - integrated_funding) * subsidy,
            board=np.array([drawn[i] if g is None else g for i, g in enumerate(given)], dtype=float),
            staff=np.array([int(spec.get("staff", 4)) for _, spec in rows]),
            active=np.array([bool(spec.get("partner", True)) for _, spec in rows]),
            hour_cost=np.array([_hour_cost(spec, hour_cost or {}) for _, spec in rows], dtype=float),
        )


def _hour_cost(spec: Mapping[str, Any], by_type: Mapping[str, float]) -> float:
    own = spec.get("hour_cost_eur")
    if own is not None:
        return float(own)
    return float(by_type.get(spec["type"], ORGANISATION_TYPES[spec["type"]].hour_cost_eur))


@dataclass
class Staff:
    """One entry per post (slot), filled or vacant; slots are grouped by domain (ODD s.2)."""

    org: np.ndarray
    domain: np.ndarray
    spare: np.ndarray
    planned_spare: np.ndarray  # spare time for meetings a kartrekker plans when GPs can come (002 les 4)
    present: np.ndarray
    connector: np.ndarray
    base_motivation: np.ndarray
    motivation: np.ndarray
    trust: np.ndarray  # symmetric trust between posts; vacant posts hold none
    knowledge: np.ndarray  # knowledge of other domains' offer
    cross: np.ndarray  # pairs of posts in different domains
    status_gap: np.ndarray
    culture_gap: np.ndarray
    connector_pairs: np.ndarray
    handover: np.ndarray = field(init=False)  # the ties a leaver hands to the successor
    handover_knowledge: np.ndarray = field(init=False)
    domain_members: list[np.ndarray] = field(init=False)
    org_posts: dict[int, np.ndarray] = field(init=False)  # each organisation's posts, found on first use
    domain_blocks: list[tuple[int, int]] = field(init=False)
    domain_bounds: np.ndarray = field(init=False)  # first slot of each domain, and the number of slots
    domain_staffed: np.ndarray = field(init=False)  # 1.0 where a domain has posts
    every_domain_staffed: bool = field(init=False)
    # per domain and post: 0 for the domain's own posts, -2 elsewhere (below any trust), so that
    # the argmax of a trust row plus it is the strongest tie there (referrals, s.7.7)
    outside_domain: np.ndarray = field(init=False)
    pools: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # first-contact pools, None: rebuild

    def __post_init__(self) -> None:
        n = self.org.size
        self.handover = np.zeros((n, n))
        self.handover_knowledge = np.zeros(n)
        self.org_posts = {}
        bounds = np.searchsorted(self.domain, np.arange(len(DOMAINS) + 1))
        self.domain_blocks = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
        self.domain_members = [np.arange(start, stop) for start, stop in self.domain_blocks]  # slots by domain
        self.domain_bounds = bounds
        self.domain_staffed = (bounds[1:] > bounds[:-1]).astype(float)
        self.every_domain_staffed = bool(self.domain_staffed.all())
        self.outside_domain = np.where(self.domain[None, :] == np.arange(len(DOMAINS))[:, None], 0.0, -2.0)
        for d in np.flatnonzero(self.domain_staffed == 0.0):
            self.outside_domain[d, :1] = 2.0  # a domain without posts: post 0 is named

    @property
    def n(self) -> int:
        return self.org.size

    def posts_of(self, org: int) -> np.ndarray:
        """The posts of organisation ``org``, filled or vacant, in slot order (none if it has no staff)."""
        posts = self.org_posts.get(org)
        if posts is None:
            posts = self.org_posts[org] = np.flatnonzero(self.org == org)
        return posts

    @classmethod
    def build(
        cls,
        orgs: Organisations,
        connector_share: float,
        existing_network: float,
        staff_motivation: float,
        rng: np.random.Generator,
    ) -> Staff:
        """Posts of every organisation, their profiles, and the ties to build on (003 ch.5, Overvecht)."""
        prof_org = np.repeat(np.arange(len(orgs.names)), orgs.staff)
        # Slots ordered by domain, so each domain's professionals form one contiguous block.
        org = prof_org[np.argsort(orgs.domain[prof_org], kind="stable")]
        n = org.size
        domain = orgs.domain[org]
        spare = np.clip(orgs.spare[org] * rng.normal(1.0, mech.SPARE_TIME_SPREAD, n), mech.SPARE_TIME_MIN, 1.0)
        connector = rng.random(n) < connector_share
        base_motivation = draw_motivation(rng, connector, staff_motivation)
        cross = domain[:, None] != domain[None, :]
        status, culture = orgs.status[org], orgs.culture[org]
        u = rng.random((n, n))
        strength = rng.uniform(mech.TIE_STRENGTH_LOW, mech.TIE_STRENGTH_HIGH, (n, n))
        tie = (u < np.where(cross, existing_network, mech.TIE_PROBABILITY_WITHIN)) & _above_diagonal(n)
        w = np.where(tie, strength, 0.0)  # the ties above the diagonal, as np.triu(..., 1) keeps them
        trust = w + w.T
        cross_share = (trust * cross >= mech.WORKING_TIE).sum(1) / np.maximum(1, cross.sum(1))
        return cls(
            org=org,
            domain=domain,
            spare=spare,
            planned_spare=mech.planned_spare_time(spare, np.array([k == "gp_practice" for k in orgs.kinds])[org]),
            present=np.ones(n, dtype=bool),
            connector=connector,
            base_motivation=base_motivation,
            motivation=base_motivation.copy(),
            trust=trust,
            knowledge=np.clip(
                mech.KNOWLEDGE_FLOOR
                + mech.INITIAL_KNOWLEDGE_FROM_TIES * cross_share
                + rng.uniform(0, mech.INITIAL_KNOWLEDGE_SPREAD, n),
                0,
                1,
            ),
            cross=cross,
            status_gap=np.abs(status[:, None] - status[None, :]),
            culture_gap=np.abs(culture[:, None] - culture[None, :]),
            connector_pairs=mech.connector_boost(connector),
        )


@functools.cache
def _above_diagonal(n: int) -> np.ndarray:
    """The entries above the diagonal of an n x n matrix (True), read only."""
    above = np.arange(n)[:, None] < np.arange(n)
    above.flags.writeable = False
    return above


def draw_motivation(rng: np.random.Generator, connector: np.ndarray, mean: float) -> np.ndarray:
    """Intrinsic motivation: Beta with mean ``staff_motivation``, connectors 0.2 higher (003 ch.4-5; 000).

    Beta(2 k m, 2 k (1 - m)) with k = ``MOTIVATION_BETA``: Beta(2, 2) at the default m = 0.5.
    """
    a, b = motivation_shapes(mean)
    bonus = mech.CONNECTOR_MOTIVATION_BONUS
    return np.minimum(np.maximum(rng.beta(a, b, connector.shape[0]) + bonus * connector, 0.0), 1.0)


def motivation_shapes(mean: float) -> tuple[float, float]:
    """The two shapes of :func:`draw_motivation`'s Beta for the mean ``staff_motivation``."""
    k = 2.0 * mech.MOTIVATION_BETA
    m = min(max(mean, _MEAN_GUARD), 1.0 - _MEAN_GUARD)  # a Beta needs both shapes above 0
    return k * m, k * (1.0 - m)


@dataclass
class Residents:
    """One entry per resident: trust in institutions, needs met so far."""

    trust: np.ndarray
    needs_met: np.ndarray

    @property
    def n(self) -> int:
        return self.trust.size

    @classmethod
    def build(cls, n: int, mean_trust: float, rng: np.random.Generator) -> Residents:
        k = mech.RESIDENT_TRUST_CONCENTRATION  # Beta(1 + k t, 1 + k (1 - t))
        a = 1.0 + k * mean_trust
        trust = rng.beta(a, 1.0 + k - a + 1.0, n) if n else np.zeros(0)
        return cls(trust=trust, needs_met=np.zeros(n, dtype=np.int64))


@dataclass
class Tally:
    """What happened in this step: the flows the outcomes report, and who met whom.

    The per-organisation flows are the rows of one array, ``org_flows`` (in :data:`ORG_FLOWS`' order),
    and the per-post ones those of ``post_flows`` (:data:`POST_FLOWS`): the referrals' kernel (s.7.7)
    takes them as one argument and the reset empties each group at once. Copies (``copy``, pickle)
    keep the rows views of their group.
    """

    #: the rows of ``org_flows`` and of ``post_flows``
    ORG_FLOWS = ("org_needs", "org_cross_needs", "org_referrals", "org_received")
    POST_FLOWS = ("attended", "introduced")

    contact: np.ndarray
    org_cross_needs: np.ndarray  # per organisation: cross-domain needs its staff saw first
    org_referrals: np.ndarray  # per organisation: referrals its staff sent or received
    org_needs: np.ndarray  # per organisation: needs its staff saw first
    org_received: np.ndarray  # per organisation: referrals its staff received
    attended: np.ndarray  # meetings attended, per post
    introduced: np.ndarray  # brokered introductions taken part in, per post
    meetings: int = 0
    joins: int = 0  # organisations that joined the network (s.7.9a)
    referrals: int = 0
    needs_presented: int = 0
    needs_reached: int = 0
    cross_needs: int = 0
    referred_reached: int = 0  # cross-domain referrals that reached the right domain
    org_flows: np.ndarray = field(init=False)  # the per-organisation flows above, one row each
    post_flows: np.ndarray = field(init=False)  # the per-post flows above, one row each

    def __post_init__(self) -> None:
        self.org_flows = np.array([getattr(self, name) for name in self.ORG_FLOWS])  # a copy, as np.stack makes
        self.post_flows = np.array([getattr(self, name) for name in self.POST_FLOWS])
        self._view_rows()

    def _view_rows(self) -> None:
        """Each flow as a row of its group (a view, written in place by everyone)."""
        for group, names in ((self.org_flows, self.ORG_FLOWS), (self.post_flows, self.POST_FLOWS)):
            for row, name in zip(group, names, strict=True):
                setattr(self, name, row)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A copy's rows are views of the copy's groups (``copy.deepcopy`` and pickle copy each array)."""
        self.__dict__.update(state)
        self._view_rows()

    @classmethod
    def empty(cls, n: int, n_orgs: int) -> Tally:
        return cls(
            contact=np.zeros((n, n), dtype=bool),
            org_cross_needs=np.zeros(n_orgs),
            org_referrals=np.zeros(n_orgs),
            org_needs=np.zeros(n_orgs),
            org_received=np.zeros(n_orgs),
            attended=np.zeros(n),
            introduced=np.zeros(n),
        )

    def reset(self) -> None:
        """Back to :meth:`empty`'s state, in place (the model's step starts each month so; nothing
        holds a month's tally beyond it)."""
        self.contact.fill(False)
        self.org_flows.fill(0.0)
        self.post_flows.fill(0.0)
        self.meetings = self.joins = self.referrals = self.needs_presented = 0
        self.needs_reached = self.cross_needs = self.referred_reached = 0
