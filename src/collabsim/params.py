"""Canonical parameter names, their ranges and defaults, and the organisation types.

This is the single source of truth for names shared by scenario files, the model's
keyword arguments, the CLI and sensitivity-analysis problem specs (DESIGN.md s.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

KARTREKKER_KINDS: tuple[str, ...] = ("none", "internal", "external", "duo")
KartrekkerKind = Literal["none", "internal", "external", "duo"]

DOMAINS: tuple[str, ...] = ("medical", "public_health", "social")


#: ``funding_years`` at or beyond this means structural funding: the money never ends.
#: It is also the upper bound of ``funding_years`` (horizons are at most 50 years).
STRUCTURAL_FUNDING = 100.0


@dataclass(frozen=True)
class Precondition:
    """One canonical precondition: its range (or levels), default and meaning."""

    name: str
    default: float | str
    meaning: str
    low: float = 0.0
    high: float = 1.0
    levels: tuple[str, ...] = ()  # a categorical precondition's values
    #: how its values are said: a share (0..1), a rate a year, meetings a year, years, or a kind
    unit: Literal["share", "rate", "meetings", "years", "kind"] = "share"

    @property
    def categorical(self) -> bool:
        return bool(self.levels)

    def allowed(self) -> str:
        """What a value may be, in words: ``0..1`` or ``one of none, internal, ...``."""
        return f"one of {', '.join(self.levels)}" if self.categorical else f"{self.low:g}..{self.high:g}"


PRECONDITIONS: dict[str, Precondition] = {
    p.name: p
    for p in (
        Precondition("kartrekker", "internal", "who drives the collaboration", levels=KARTREKKER_KINDS, unit="kind"),
        Precondition("urgency", 0.6, "shared, felt urgency of the neighbourhood problem"),
        Precondition("hierarchy", 0.5, "how much status differences between partners slow trust"),
        Precondition("board_support", 0.6, "mean board support of partner organisations"),
        Precondition("staff_motivation", 0.5, "mean intrinsic motivation of professionals for cross-domain work"),
        Precondition("shared_vision", 0.3, "attention to a joint ambition and common language"),
        Precondition("existing_network", 0.1, "density of cross-domain ties at the start"),
        Precondition("kartrekker_skill", 0.6, "brokering skill of the kartrekker"),
        Precondition(
            "knowledge_exchange", 6, "joint meetings, trainings, case meetings per year", high=24, unit="meetings"
        ),
        Precondition("agreements_recorded", 0.3, "how well agreements and roles are written down"),
        Precondition("formalisation", 0.3, "detail of covenants before starting"),
        Precondition("cofinancing", 0.1, "share of costs partners carry from their own budgets"),
        Precondition("shared_savings", 0.0, "share of avoided care costs flowing back"),
        Precondition("integrated_funding", 0.3, "how much funders' terms reward cross-domain work"),
        Precondition("connector_share", 0.2, "share of professionals with a connector profile"),
        Precondition("turnover", 0.12, "staff turnover per year", high=0.5, unit="rate"),
        Precondition(
            "funding_years",
            4,
            f"years of project money (beyond the horizon, or {STRUCTURAL_FUNDING:g}: structural)",
            high=STRUCTURAL_FUNDING,
            unit="years",
        ),
        Precondition("resident_involvement", 0.3, "share of working sessions with residents present"),
        Precondition("reorganisation_rate", 0.05, "reorganisations per organisation per year", high=0.5, unit="rate"),
    )
}
assert get_args(KartrekkerKind) == PRECONDITIONS["kartrekker"].levels

#: Every canonical precondition name, the categorical ``kartrekker`` first.
PRECONDITION_NAMES: tuple[str, ...] = tuple(PRECONDITIONS)
#: The numeric ones (every precondition but ``kartrekker``).
NUMERIC_PRECONDITIONS: tuple[str, ...] = tuple(n for n, p in PRECONDITIONS.items() if not p.categorical)

DEFAULT_HORIZON = 10.0


@dataclass(frozen=True)
class Lever:
    """A precondition a municipality (with its partners) can set: its range and step for optimisation.

    ``high=None`` means the scenario's horizon (``funding_years``: money for 0 years up to the
    whole run; beyond the horizon it makes no difference). Values are rounded to ``step``,
    so that packages read as policy (40% co-financing, 8 meetings a year, 3 years of money).
    """

    name: str
    step: float
    low: float = 0.0
    high: float | None = 1.0

    @property
    def precondition(self) -> Precondition:
        return PRECONDITIONS[self.name]

    @property
    def unit(self) -> str:
        return self.precondition.unit

    @property
    def levels(self) -> tuple[str, ...]:
        return self.precondition.levels

    def bounds(self, horizon: float) -> tuple[float, float]:
        """The lowest and highest value the optimiser may try in a scenario of ``horizon`` years."""
        return self.low, (float(math.floor(horizon)) if self.high is None else self.high)


#: The levers of ``collabsim optimise``: what a municipality can set, not what it finds
#: (urgency, hierarchy, turnover and the existing network are left out).
LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        Lever("funding_years", 1.0, high=None),
        Lever("cofinancing", 0.05),
        Lever("agreements_recorded", 0.05),
        Lever("knowledge_exchange", 1.0, high=24.0),
        Lever("kartrekker", 1.0),
        Lever("shared_savings", 0.05),
        Lever("integrated_funding", 0.05),
        Lever("resident_involvement", 0.05),
        Lever("formalisation", 0.05),
        Lever("shared_vision", 0.05),
    )
}
assert all(
    lever.low >= lever.precondition.low and (lever.high is None or lever.high <= lever.precondition.high)
    for lever in LEVERS.values()
)
STEPS_PER_YEAR = 12


@dataclass(frozen=True)
class OrganisationType:
    """Defaults for one kind of organisation (domain, status rank, spare time, funding)."""

    domain: str
    status: float  # status rank in [0, 1]; GPs and insurers highest (hierarchy)
    spare_time: float  # share of a professional's time available outside the core task
    subsidy_dependent: bool  # funded by sectoral subsidy that pulls back to its own course
    culture: float  # 0 organic .. 1 result-driven
    hour_cost_eur: float  # all-in cost of an hour of a professional's time (ODD s.2.5, s.7.13)


ORGANISATION_TYPES: dict[str, OrganisationType] = {
    "gp_practice": OrganisationType("medical", 1.0, 0.25, False, 0.8, 120.0),
    "district_nursing": OrganisationType("medical", 0.6, 0.5, False, 0.6, 65.0),
    "physiotherapy": OrganisationType("medical", 0.6, 0.4, False, 0.7, 65.0),
    "pharmacy": OrganisationType("medical", 0.7, 0.3, False, 0.8, 80.0),
    "mental_health": OrganisationType("medical", 0.8, 0.4, False, 0.7, 95.0),
    "hospital": OrganisationType("medical", 1.0, 0.2, False, 0.9, 120.0),
    "insurer": OrganisationType("medical", 0.9, 0.4, False, 0.9, 90.0),
    "ggd": OrganisationType("public_health", 0.7, 0.7, True, 0.6, 80.0),
    "youth_health": OrganisationType("public_health", 0.6, 0.6, True, 0.5, 75.0),
    "municipality": OrganisationType("social", 0.8, 0.6, False, 0.7, 80.0),
    "welfare": OrganisationType("social", 0.3, 0.8, True, 0.2, 65.0),
    "wijkteam": OrganisationType("social", 0.4, 0.7, True, 0.3, 70.0),
    "social_work": OrganisationType("social", 0.3, 0.7, True, 0.3, 65.0),
    "debt_counselling": OrganisationType("social", 0.4, 0.6, True, 0.5, 65.0),
    "sport": OrganisationType("social", 0.2, 0.8, True, 0.3, 45.0),
    "housing": OrganisationType("social", 0.5, 0.4, False, 0.7, 75.0),
    "school": OrganisationType("social", 0.4, 0.4, False, 0.5, 65.0),
    "volunteer_org": OrganisationType("social", 0.1, 0.6, True, 0.1, 15.0),
    "residents_org": OrganisationType("social", 0.1, 0.6, True, 0.1, 15.0),
}

#: The default neighbourhood: 15 organisations, 60 professionals (cf. seed 004's network
#: of about 60 professionals). Each row: type, name, count, staff.
DEFAULT_ORGANISATIONS: tuple[dict[str, object], ...] = tuple(
    {"type": t, "name": n, "count": c, "staff": s}
    for t, n, c, s in (
        ("gp_practice", "GP practice", 3, 3),
        ("district_nursing", None, 1, 4),
        ("pharmacy", None, 1, 2),
        ("mental_health", None, 1, 3),
        ("ggd", "GGD", 1, 4),
        ("youth_health", None, 1, 3),
        ("municipality", None, 1, 5),
        ("welfare", None, 1, 7),
        ("wijkteam", None, 1, 9),
        ("debt_counselling", None, 1, 3),
        ("sport", None, 1, 3),
        ("housing", None, 1, 4),
        ("volunteer_org", None, 1, 4),
    )
)
