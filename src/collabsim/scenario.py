"""Scenario files (TOML): schema, validation and loading.

A scenario holds the preconditions, the neighbourhood, the horizon, a seed and timed
events. Every problem is raised as one :class:`InputError` line naming the file, the
key, what was given and what is allowed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from .errors import InputError, did_you_mean
from .events import SCENARIO_EVENTS
from .inputs import Located, Strict, first_error, not_a_bool, one_of, read_toml
from .mechanisms import (
    AVOIDED_CARE_EUR,
    FTE_COST_EUR,
    KARTREKKER_FTE,
    MEETING_HOURS,
)
from .params import (
    DEFAULT_HORIZON,
    DEFAULT_ORGANISATIONS,
    ORGANISATION_TYPES,
    PRECONDITIONS,
    KartrekkerKind,
)
from .shipped import resolve_shipped, shipped_folder

SCENARIO_DIR = shipped_folder("scenarios")
MAX_HORIZON = 50.0
#: the highest hour cost a scenario may give (EUR per hour)
MAX_HOUR_COST = 1000.0


def _precondition_field(name: str) -> Any:
    p = PRECONDITIONS[name]
    return Field(default=p.default, ge=p.low, le=p.high, allow_inf_nan=False, description=p.meaning)


class Preconditions(Strict):
    """The canonical preconditions of DESIGN.md s.5 (numbers may be written as ints)."""

    kartrekker: KartrekkerKind = PRECONDITIONS["kartrekker"].default  # type: ignore[assignment]
    urgency: float = _precondition_field("urgency")
    hierarchy: float = _precondition_field("hierarchy")
    board_support: float = _precondition_field("board_support")
    staff_motivation: float = _precondition_field("staff_motivation")
    shared_vision: float = _precondition_field("shared_vision")
    existing_network: float = _precondition_field("existing_network")
    kartrekker_skill: float = _precondition_field("kartrekker_skill")
    knowledge_exchange: float = _precondition_field("knowledge_exchange")
    agreements_recorded: float = _precondition_field("agreements_recorded")
    formalisation: float = _precondition_field("formalisation")
    cofinancing: float = _precondition_field("cofinancing")
    shared_savings: float = _precondition_field("shared_savings")
    integrated_funding: float = _precondition_field("integrated_funding")
    connector_share: float = _precondition_field("connector_share")
    turnover: float = _precondition_field("turnover")
    funding_years: float = _precondition_field("funding_years")
    resident_involvement: float = _precondition_field("resident_involvement")
    reorganisation_rate: float = _precondition_field("reorganisation_rate")

    _no_bool = field_validator("*", mode="before")(not_a_bool)


class OrganisationSpec(Strict):
    """One organisation (or ``count`` alike) in the neighbourhood."""

    type: str
    name: str | None = Field(default=None, min_length=1, max_length=80)
    count: int = Field(default=1, ge=1, le=50)
    staff: int = Field(default=4, ge=1, le=100)
    board_support: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)
    partner: bool = True  # taking part at the start; false: may join later (s.7.9a)
    hour_cost_eur: float | None = Field(default=None, ge=0, le=MAX_HOUR_COST, allow_inf_nan=False)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        return one_of(value, ORGANISATION_TYPES)

    @field_validator("board_support", "hour_cost_eur", mode="before")
    @classmethod
    def _int_ok(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def names(self) -> list[str]:
        base = self.name or self.type
        return [base] if self.count == 1 else [f"{base} {i + 1}" for i in range(self.count)]


def _default_organisations() -> list[OrganisationSpec]:
    return [OrganisationSpec.model_validate(o) for o in DEFAULT_ORGANISATIONS]


class Neighbourhood(Strict):
    """The partner organisations, their staff, and the residents."""

    residents: int = Field(default=1000, ge=0, le=100_000)
    resident_trust: float = Field(default=0.6, ge=0, le=1, allow_inf_nan=False)
    organisations: list[OrganisationSpec] = Field(default_factory=_default_organisations)

    @model_validator(mode="after")
    def _check(self) -> Neighbourhood:
        if not self.organisations:
            raise ValueError("organisations: at least one organisation")
        names = [n for o in self.organisations for n in o.names()]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"organisations: names must be unique, '{dupes[0]}' repeats")
        if not any(o.partner for o in self.organisations):
            raise ValueError("organisations: at least one organisation with partner = true")
        if len({ORGANISATION_TYPES[o.type].domain for o in self.organisations}) < 2:
            raise ValueError("organisations: at least two domains (medical, public_health, social)")
        if sum(o.count * o.staff for o in self.organisations) > 2000:
            raise ValueError("organisations: at most 2000 professionals in all")
        return self

    def organisation_names(self) -> list[str]:
        return [n for o in self.organisations for n in o.names()]


class Costs(Strict):
    """Euros and hours (ODD s.7.13); the defaults are the constants registry's assumptions."""

    kartrekker_fte: float = Field(default=KARTREKKER_FTE, ge=0, le=1, allow_inf_nan=False)
    fte_cost_eur: float = Field(default=FTE_COST_EUR, ge=0, le=1_000_000, allow_inf_nan=False)
    meeting_hours: float = Field(default=MEETING_HOURS, ge=0, le=40, allow_inf_nan=False)
    hour_cost_eur: dict[str, float] = Field(default_factory=dict)  # per organisation type
    avoided_care_eur: float = Field(default=AVOIDED_CARE_EUR, ge=0, le=100_000, allow_inf_nan=False)

    _no_bool = field_validator(
        "kartrekker_fte", "fte_cost_eur", "meeting_hours", "avoided_care_eur", mode="before"
    )(not_a_bool)

    @field_validator("hour_cost_eur", mode="before")
    @classmethod
    def _known_types(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        for kind, cost in value.items():
            key = f"costs.hour_cost_eur.{kind}"
            if kind not in ORGANISATION_TYPES:
                hint = did_you_mean(kind, ORGANISATION_TYPES)
                raise Located(key, kind, f"an organisation type: one of {', '.join(ORGANISATION_TYPES)}{hint}")
            number = isinstance(cost, int | float) and not isinstance(cost, bool)
            if not number or not (0 <= cost <= MAX_HOUR_COST):  # also NaN
                raise Located(key, cost, f"EUR per hour, a number in 0..{MAX_HOUR_COST:g}")
        return {kind: float(cost) for kind, cost in value.items()}


#: the event kinds that name organisations, and whether ``"all"`` may stand for every one
ORGANISATION_EVENTS: dict[str, bool] = {"reorganisation": False, "board_change": True, "representatives_change": True}


class Event(Strict):
    """A timed event: the kartrekker leaves, funding stops, a reorganisation, a rotation wave, a
    working session, a map of the problem, a board's change of stance, a change of representatives."""

    year: float = Field(ge=0, allow_inf_nan=False)
    type: Literal[SCENARIO_EVENTS]  # type: ignore[valid-type]
    organisation: str | None = None  # an organisation's name or type (or "all"), see ORGANISATION_EVENTS
    # staff_rotation's share and a reorganisation's duration; None: the constant (STAFF_ROTATION_SHARE,
    # REORGANISATION_DURATION) as the run has it, so a calibration's constant set reaches them too
    share: float | None = Field(default=None, gt=0, le=1, allow_inf_nan=False)
    duration: float | None = Field(default=None, gt=0, le=10, allow_inf_nan=False)
    support: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)  # board_change

    _no_bool = field_validator("year", "share", "duration", "support", mode="before")(not_a_bool)


class Scenario(Strict):
    """A whole scenario file."""

    name: str = ""
    title: str = ""
    title_nl: str = ""
    description: str = ""
    description_nl: str = ""
    horizon: float = Field(default=DEFAULT_HORIZON, gt=0, le=MAX_HORIZON, allow_inf_nan=False)
    seed: int = Field(default=0, ge=0, le=2**63 - 1, strict=True)
    replications: int = Field(default=8, ge=1, le=10_000, strict=True)
    preconditions: Preconditions = Field(default_factory=Preconditions)
    neighbourhood: Neighbourhood = Field(default_factory=Neighbourhood)
    events: list[Event] = Field(default_factory=list)
    costs: Costs = Field(default_factory=Costs)

    @model_validator(mode="after")
    def _check_events(self) -> Scenario:
        orgs = self.neighbourhood.organisation_names()
        types = {o.type for o in self.neighbourhood.organisations}
        for i, ev in enumerate(self.events):
            key = f"events[{i}]"
            if ev.year > self.horizon:
                raise Located(f"{key}.year", ev.year, f"a year within the horizon (0..{self.horizon:g})")
            if ev.type in ORGANISATION_EVENTS:
                _check_organisation(key, ev, orgs, types)
            elif ev.organisation is not None:
                kinds = ", ".join(f"'{k}'" for k in ORGANISATION_EVENTS)
                raise Located(f"{key}.organisation", ev.organisation, f"only with type = {kinds}")
            if ev.type == "board_change" and ev.support is None:
                raise Located(f"{key}.support", None, "the board support it becomes, 0..1")
            if ev.type != "board_change" and ev.support is not None:
                raise Located(f"{key}.support", ev.support, "only with type = 'board_change'")
            if ev.type == "kartrekker_leaves" and self.preconditions.kartrekker == "none":
                raise Located(
                    f"{key}.type", ev.type, "a kartrekker event needs preconditions.kartrekker other than 'none'"
                )
        return self

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :class:`CollaborationModel` (without ``rng``)."""
        return {
            **self.preconditions.model_dump(),
            "horizon": self.horizon,
            "residents": self.neighbourhood.residents,
            "resident_trust": self.neighbourhood.resident_trust,
            "organisations": [o.model_dump() for o in self.neighbourhood.organisations],
            "events": [e.model_dump() for e in self.events],
            "costs": self.costs.model_dump(),
        }

    def content_hash(self) -> str:
        """A short hash of the validated content (independent of comments and layout)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


def _check_organisation(key: str, ev: Event, orgs: list[str], types: set[str]) -> None:
    """An event's ``organisation``: required, a known name or type (or ``all`` where the kind allows it)."""
    every = ORGANISATION_EVENTS[ev.type]
    allowed = [*orgs, *(["all"] if every else [])]
    what = "the name or type of an organisation" + (" or 'all'" if every else "")
    if ev.organisation is None:
        raise Located(f"{key}.organisation", None, what)
    if ev.organisation not in allowed and ev.organisation not in types:
        hint = did_you_mean(ev.organisation, [*allowed, *types])
        raise Located(f"{key}.organisation", ev.organisation, f"one of {', '.join(allowed)}{hint}")


# --- loading -------------------------------------------------------------------------


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """A path as given, or the name of a shipped scenario (with or without ``.toml``)."""
    return resolve_shipped(name_or_path, SCENARIO_DIR, "scenario")


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped in ``scenarios/``."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, parse and validate a scenario file (or shipped name), with optional overrides.

    ``overrides`` map dotted keys (``turnover`` or ``preconditions.turnover``,
    ``horizon``, ``neighbourhood.residents``) to values.
    """
    resolved = resolve_scenario_path(path)
    where = str(path) if Path(path).is_file() else str(resolved)
    data = read_toml(resolved, where)
    if not data:
        raise InputError(where, "file", "an empty file", "a scenario with at least a [preconditions] table")
    data.setdefault("name", resolved.stem)
    for key, value in (overrides or {}).items():
        _apply_override(data, key, value, where)
    return validate_scenario(data, where)


def validate_scenario(data: dict[str, Any], where: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a dict (as parsed from TOML)."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, where) from None


def _apply_override(data: dict[str, Any], key: str, value: Any, where: str) -> None:
    parts = key.split(".")
    if len(parts) == 1 and parts[0] in Preconditions.model_fields:
        parts = ["preconditions", parts[0]]
    elif len(parts) == 1 and parts[0] not in Scenario.model_fields:
        known = [*Preconditions.model_fields, *Scenario.model_fields]
        hint = did_you_mean(parts[0], known)
        raise InputError(
            "--set", key, value, f"a precondition, a scenario key or a dotted key such as neighbourhood.residents{hint}"
        )
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise InputError(where, key, value, "a key inside a table")
    node[parts[-1]] = value


_MODELS: dict[str, type[BaseModel]] = {
    "preconditions": Preconditions,
    "neighbourhood": Neighbourhood,
    "organisations": OrganisationSpec,
    "events": Event,
    "costs": Costs,
}


def _known_keys(loc: list[str]) -> list[str]:
    parent = next((_MODELS[p] for p in reversed(loc[:-1]) if p in _MODELS), Scenario)
    return list(parent.model_fields)


def _neighbourhood_error(err: dict[str, Any], loc: list[str], key: str) -> tuple[str, object, str] | None:
    """Model-level checks of the neighbourhood carry their own key in the message."""
    if err["type"] != "value_error" or not (key.endswith("organisations") or key == "neighbourhood"):
        return None
    sub, _, rest = err["msg"].removeprefix("Value error, ").partition(": ")
    return f"neighbourhood.{sub}", "these organisations", rest or sub


def _first_error(exc: ValidationError, where: str) -> InputError:
    return first_error(exc, where, _known_keys, _neighbourhood_error)
