"""Pattern-experiment files: their schema (pydantic on :class:`~collabsim.inputs.Strict`), listing and loading.

Each experiment (a TOML file in ``experiments/patterns/``) names a pattern of DESIGN.md
s.7 (or an emergent pattern nobody programmed directly), the seed passage it rests on,
a base scenario, arms that differ only in the factor named, and one or more measures:
an outcome per run (a summary column or the mean of a time series over a window of
years) combined over arms with weights (a contrast, e.g. treatment - control).
:func:`load_pattern_experiments` validates the files; a mistake is one line
(:class:`~collabsim.errors.InputError`) naming the file, the key and what is allowed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..errors import InputError, did_you_mean
from ..inputs import Strict, first_error, one_of, read_toml
from ..outcomes import SERIES, SUMMARY_OUTCOMES
from ..scenario import Scenario, load_scenario, validate_scenario
from ..shipped import shipped_folder

PATTERN_DIR = shipped_folder("experiments", "patterns")


class Intervention(Strict):
    """Remove professionals during a run: the most connected ones, or random ones (same count)."""

    year: float = Field(ge=0, allow_inf_nan=False)
    remove: Literal["most_connected", "random_professionals"]
    count: int = Field(default=1, ge=1, le=100)


class Arm(Strict):
    """One arm: the base scenario with these overrides (precondition names or dotted keys), and
    ``events`` appended to the scenario's own (validated as a scenario's ``[[events]]``)."""

    label: str = Field(min_length=1)
    overrides: dict[str, Any] = Field(default_factory=dict)
    intervention: Intervention | None = None
    events: list[Any] = Field(default_factory=list)


class Measure(Strict):
    """An outcome per run, combined over arms with weights (a paired contrast)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    outcome: str
    window: tuple[float, float] | None = None
    relative_to: tuple[float, float] | None = None
    censor_at_horizon: bool = False
    at_least: float | None = Field(default=None, allow_inf_nan=False)  # a run counts 1 at or above it, else 0
    reference: float | None = Field(default=None, allow_inf_nan=False)  # a level the one arm is compared with
    contrast: dict[str, float]
    expected: Literal["positive", "negative"]
    unit: str = ""
    test_margin: float = Field(ge=0, allow_inf_nan=False)

    @field_validator("outcome")
    @classmethod
    def _known_outcome(cls, value: str) -> str:
        return one_of(value, (*SUMMARY_OUTCOMES, *SERIES))

    @field_validator("window", "relative_to", mode="before")
    @classmethod
    def _window_numbers(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
                raise ValueError("[start, end] in years, two numbers")
            return (float(value[0]), float(value[1]))
        return value

    @model_validator(mode="after")
    def _check(self) -> Measure:
        if self.outcome in SERIES:
            if self.window is None:
                raise ValueError(f"window: a time series ('{self.outcome}') needs window = [start, end] in years")
            for key, w in (("window", self.window), ("relative_to", self.relative_to)):
                if w is not None and not 0 <= w[0] < w[1]:
                    raise ValueError(f"{key}: got {list(w)}; allowed: 0 <= start < end")
        elif self.window is not None or self.relative_to is not None:
            raise ValueError(f"window: only for a time series, not the summary outcome '{self.outcome}'")
        if not self.contrast or not any(self.contrast.values()):
            raise ValueError("contrast: at least one arm with a weight other than 0")
        if self.reference is not None and list(self.contrast.values()) != [1.0]:
            raise ValueError(f"reference: only with a contrast of one arm with weight 1, got {self.contrast}")
        return self


class PatternExperiment(Strict):
    """One experiment file: a pattern, its source, its arms and its measures."""

    id: str = Field(pattern=r"^[PEC][0-9]+$")
    group: Literal["design", "emergent", "case"]
    title: str = Field(min_length=1)
    design: str = Field(min_length=1)
    source: str = Field(min_length=1)
    finding: str = Field(min_length=1)
    scenario: str = "baseline"
    scenario_events: bool = True  # False: the arms start from the base scenario without its own events
    common: dict[str, Any] = Field(default_factory=dict)
    arms: dict[str, Arm] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)
    series: str = "cross_domain_ties"
    replications: int = Field(ge=2, le=10_000)
    seed: int = Field(ge=0, le=2**63 - 1)

    @field_validator("series")
    @classmethod
    def _known_series(cls, value: str) -> str:
        return one_of(value, SERIES)

    @model_validator(mode="after")
    def _check(self) -> PatternExperiment:
        names = [m.name for m in self.measures]
        if len(set(names)) != len(names):
            raise ValueError(f"measures: names must be unique, got {names}")
        for i, m in enumerate(self.measures):
            unknown = [a for a in m.contrast if a not in self.arms]
            if unknown:
                hint = did_you_mean(unknown[0], self.arms)
                arms = ", ".join(self.arms)
                raise ValueError(f"measures[{i}].contrast: unknown arm '{unknown[0]}'{hint}; arms: {arms}")
        return self


@dataclass(frozen=True)
class Loaded:
    """A validated experiment with each arm's model keyword arguments."""

    experiment: PatternExperiment
    path: Path
    params: dict[str, dict[str, Any]]
    horizon: float

    @property
    def id(self) -> str:
        return self.experiment.id


def pattern_files(directory: Path = PATTERN_DIR) -> list[Path]:
    """The experiment files of a folder, in the order of their ids (P1..P8, then E1.., then C1..)."""
    return sorted(directory.glob("*.toml"), key=_file_order)


def _file_order(path: Path) -> tuple[int, int, str]:
    match = re.match(r"^([pec])(\d+)", path.stem)
    if not match:
        return (3, 0, path.stem)
    return ("pec".index(match[1]), int(match[2]), path.stem)


def load_pattern_experiment(path: Path) -> Loaded:
    """Read and validate one experiment file and build its arms' model parameters."""
    where = str(path)
    data = read_toml(path, where)
    try:
        exp = PatternExperiment.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, where) from None
    params: dict[str, dict[str, Any]] = {}
    horizon = math.nan
    for name, arm in exp.arms.items():
        try:
            scenario = arm_scenario(exp, name, where)
        except InputError as err:
            key = f"arms.{name}.overrides ({err.key})" if err.where != where else err.key
            raise InputError(where, key, err.given, err.allowed) from None
        if arm.intervention is not None and arm.intervention.year > scenario.horizon:
            raise InputError(
                where, f"arms.{name}.intervention.year", arm.intervention.year, f"0..{scenario.horizon:g}"
            )
        params[name] = scenario.model_kwargs()
        horizon = scenario.horizon
    for i, m in enumerate(exp.measures):
        for key, w in (("window", m.window), ("relative_to", m.relative_to)):
            if w is not None and w[1] > horizon:
                raise InputError(where, f"measures[{i}].{key}", list(w), f"years within 0..{horizon:g}")
    return Loaded(exp, path, params, horizon)


def load_pattern_experiments(directory: Path = PATTERN_DIR, only: Sequence[str] = ()) -> list[Loaded]:
    """All experiments of a folder (or only the given ids), validated."""
    files = pattern_files(directory)
    if not files:
        raise InputError(str(directory), "experiments", "no .toml files", "a folder with experiment files")
    loaded = [load_pattern_experiment(p) for p in files]
    ids = [e.id for e in loaded]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(str(directory), "id", dupes[0], "a different id in each experiment file")
    if only:
        wanted = {o.upper() for o in only}
        unknown = sorted(wanted - set(ids))
        if unknown:
            raise InputError("--only", "id", unknown[0], f"one of {', '.join(ids)}{did_you_mean(unknown[0], ids)}")
        loaded = [e for e in loaded if e.id in wanted]
    return loaded


def _known_keys(loc: list[str]) -> list[str]:
    models = {"arms": Arm, "measures": Measure, "intervention": Intervention}
    return list(next((models[p] for p in reversed(loc[:-1]) if p in models), PatternExperiment).model_fields)


def _first_error(exc: ValidationError, where: str) -> InputError:
    return first_error(exc, where, _known_keys)


def arm_scenario(exp: PatternExperiment, arm: str, where: str = "<experiment>") -> Scenario:
    """The validated scenario of one arm: the base scenario with the common and the arm's overrides,
    and the common and the arm's ``events`` appended to the scenario's own (or, with
    ``scenario_events = false``, in their place).

    The events are validated as the scenario's (:class:`~collabsim.scenario.Event` and its
    checks); a mistake names its place in the experiment file (``arms.NAME.events[0].type``).
    """
    common = {k: v for k, v in exp.common.items() if k != "events"}
    scenario = load_scenario(exp.scenario, {**common, **exp.arms[arm].overrides})
    shared = exp.common.get("events", [])
    if not isinstance(shared, list):
        raise InputError(where, "common.events", shared, "a list of events, e.g. [{ year = 1, type = 'problem_map' }]")
    extra = [("common.events", i, e) for i, e in enumerate(shared)]
    extra += [(f"arms.{arm}.events", i, e) for i, e in enumerate(exp.arms[arm].events)]
    if not extra and exp.scenario_events:
        return scenario
    data = scenario.model_dump()
    if not exp.scenario_events:  # the experiment schedules the case's events itself, per arm
        data["events"] = []
    n_own = len(data["events"])
    data["events"] = [*data["events"], *(e for _, _, e in extra)]
    try:
        return validate_scenario(data, where)
    except InputError as err:
        found = re.match(r"^events\[(\d+)\](.*)$", err.key)
        if found is None or int(found[1]) < n_own:
            raise
        place, i, _ = extra[int(found[1]) - n_own]
        raise InputError(where, f"{place}[{i}]{found[2]}", err.given, err.allowed) from None
