"""Experiment files (TOML): what to vary, how to sample it, and what to analyse.

An experiment names a base scenario (or another model as ``module:function``), a
sampling method (``sobol``, ``morris``, ``lhs``, ``grid``), the parameters to vary with
their bounds or levels, the sample size, replications per sample point, the outputs to
analyse and a seed. Every problem is one :class:`InputError` line naming the file, the
key, what was given and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..calibration.ensemble import load_ensemble
from ..errors import InputError, did_you_mean
from ..evaluator import COLLABSIM, model_function
from ..inputs import Located, Strict, first_error, read_toml
from ..outcomes import SUMMARY_OUTCOMES
from ..params import PRECONDITIONS
from ..scenario import load_scenario, resolve_scenario_path
from ..shipped import resolve_shipped, shipped_folder

#: The default model: the collaboration model of this package, driven by a base scenario.
DEFAULT_MODEL = COLLABSIM
COLLAB_OUTPUTS = SUMMARY_OUTCOMES
METHODS = ("sobol", "morris", "lhs", "grid")
EXPERIMENT_DIR = shipped_folder("experiments")


class ParameterSpec(Strict):
    """One varied parameter: numeric ``bounds = [low, high]`` or discrete ``levels = [...]``.

    In ``sobol``, ``morris`` and ``lhs`` designs a parameter with ``k`` levels is sampled as
    a continuous variable on ``[0, k)`` and mapped to ``levels[floor(x)]``.
    """

    bounds: tuple[float, float] | None = None
    levels: list[str] | list[float] | None = Field(default=None, min_length=2, max_length=100)

    @field_validator("bounds", mode="before")
    @classmethod
    def _bounds(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, bool) for v in value):
            if all(isinstance(v, int | float) for v in value):
                if not all(math.isfinite(v) for v in value):
                    raise ValueError("two finite numbers [low, high]")
                if value[0] >= value[1]:
                    raise ValueError("[low, high] with low < high")
                return (float(value[0]), float(value[1]))
        raise ValueError("two numbers [low, high], low < high")

    @field_validator("levels", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        if isinstance(value, list) and value and not any(isinstance(v, bool) for v in value):
            if all(isinstance(v, int | float) for v in value):
                return [float(v) for v in value]
        return value

    @model_validator(mode="after")
    def _one_of(self) -> ParameterSpec:
        if (self.bounds is None) == (self.levels is None):
            raise ValueError("exactly one of bounds = [low, high] or levels = [...]")
        if self.levels is not None and len(set(self.levels)) != len(self.levels):
            raise ValueError("levels without repeats")
        return self


class Experiment(Strict):
    """A whole experiment file."""

    name: str = ""
    description: str = ""
    scenario: str | None = None
    model: str = DEFAULT_MODEL
    method: Literal["sobol", "morris", "lhs", "grid"]
    samples: int = Field(default=64, ge=1, le=1_000_000)
    replications: int = Field(default=1, ge=1, le=1000)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)
    outputs: list[str] = Field(default_factory=lambda: list(COLLAB_OUTPUTS), min_length=1)
    second_order: bool = True
    levels: int = Field(default=4, ge=2, le=100)
    grid_points: int = Field(default=3, ge=2, le=100)
    common_random_numbers: bool = True
    confidence: float = Field(default=0.95, gt=0, lt=1)
    resamples: int = Field(default=1000, ge=10, le=100_000)
    fixed: dict[str, Any] = Field(default_factory=dict)
    parameters: dict[str, ParameterSpec] = Field(min_length=1)
    ensemble: str = ""  # an ensemble file (or 'calibrated'): replication r runs with its member r

    # filled in by load_experiment
    source: str = Field(default="", exclude=True)
    scenario_hash: str = ""
    ensemble_hash: str = ""

    @model_validator(mode="after")
    def _check(self) -> Experiment:
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise Located("samples", self.samples, "a power of 2 for method = 'sobol' (e.g. 256, 512)")
        if self.method == "morris" and self.samples < 2:
            raise Located("samples", self.samples, "at least 2 trajectories for method = 'morris'")
        if self.method == "morris" and self.levels % 2:
            raise Located("levels", self.levels, "an even number of Morris grid levels (e.g. 4)")
        if len(set(self.outputs)) != len(self.outputs):
            raise Located("outputs", self.outputs, "output names without repeats")
        if self.model == DEFAULT_MODEL:
            self._check_collab()
        else:
            if self.scenario is not None:
                raise Located("scenario", self.scenario, "no scenario with model = 'module:function'; use [fixed]")
            if ":" not in self.model:
                raise Located("model", self.model, f"'{DEFAULT_MODEL}' or 'module:function'")
        return self

    def _check_collab(self) -> None:
        for name, spec in self.parameters.items():
            key = f"parameters.{name}"
            if name not in PRECONDITIONS:
                names = list(PRECONDITIONS)
                raise Located(key, name, f"a canonical precondition{did_you_mean(name, names)}: {', '.join(names)}")
            p = PRECONDITIONS[name]
            if p.categorical:
                if spec.levels is None:
                    raise Located(f"{key}.bounds", list(spec.bounds or ()), f"levels = a list from {list(p.levels)}")
                bad = [v for v in spec.levels if v not in p.levels]
                if bad:
                    raise Located(f"{key}.levels", bad[0], f"{p.allowed()}{did_you_mean(str(bad[0]), p.levels)}")
                continue
            values = spec.bounds if spec.bounds is not None else spec.levels
            if any(isinstance(v, str) for v in values):
                raise Located(f"{key}.levels", values, "numbers")
            if min(values) < p.low or max(values) > p.high:
                field = "bounds" if spec.bounds is not None else "levels"
                raise Located(f"{key}.{field}", list(values), f"values within {p.allowed()}")
        for out in self.outputs:
            if out not in COLLAB_OUTPUTS:
                raise Located(
                    "outputs",
                    out,
                    f"outputs of the model{did_you_mean(out, COLLAB_OUTPUTS)}: {', '.join(COLLAB_OUTPUTS)}",
                )
        clash = sorted(set(self.fixed) & set(self.parameters))
        if clash:
            raise Located(f"fixed.{clash[0]}", self.fixed[clash[0]], "a name that is not also varied in [parameters]")

    @property
    def names(self) -> list[str]:
        return list(self.parameters)

    def content_hash(self) -> str:
        """A hash of the validated content (and the base scenario's), independent of layout."""
        content = self.model_dump(mode="json", exclude={"ensemble", "ensemble_hash"} if not self.ensemble else None)
        text = json.dumps({"experiment": content, "scenario": self.scenario_hash}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def base_params(self) -> dict[str, Any]:
        """The fixed inputs of every run: the base scenario's model arguments, or ``[fixed]``."""
        if self.model != DEFAULT_MODEL:
            return dict(self.fixed)
        return _load_base(self).model_kwargs()


#: [fixed] names of the model's keyword arguments that live in a scenario's [neighbourhood].
_NEIGHBOURHOOD_KEYS = ("residents", "resident_trust", "organisations")


def _load_base(exp: Experiment) -> Any:
    """The base scenario with ``[fixed]`` applied; errors name the experiment file."""
    where = exp.source or "<experiment>"
    name = exp.scenario or "baseline"
    path = Path(name)
    if not path.is_absolute() and exp.source and (Path(exp.source).parent / path).is_file():
        path = Path(exp.source).parent / path
    try:
        path = resolve_scenario_path(path)
    except InputError as exc:
        raise InputError(where, "scenario", name, exc.allowed) from None
    dotted = {(f"neighbourhood.{k}" if k in _NEIGHBOURHOOD_KEYS else k): k for k in exp.fixed}
    try:
        return load_scenario(path, {k: exp.fixed[v] for k, v in dotted.items()})
    except InputError as exc:
        user_key = dotted.get(exc.key, dotted.get(exc.key.removeprefix("preconditions.")))
        if user_key is not None:
            raise InputError(where, f"fixed.{user_key}", exc.given, exc.allowed) from None
        raise InputError(where, "scenario", name, f"a valid scenario ({exc})") from None


def resolve_experiment_path(name_or_path: str | Path) -> Path:
    """A path as given, or the name of a shipped experiment (with or without ``.toml``)."""
    return resolve_shipped(name_or_path, EXPERIMENT_DIR, "experiment")


def load_experiment(path: str | Path, ensemble: str | None = None, replications: int | None = None) -> Experiment:
    """Read, parse and validate an experiment file (or the name of a shipped one); ``ensemble``
    (``--ensemble``) and ``replications`` (``--replications``) replace the file's."""
    resolved = resolve_experiment_path(path)
    where = str(path) if Path(path).is_file() else str(resolved)
    data = read_toml(resolved, where)
    data.setdefault("name", resolved.stem)
    if ensemble:
        data["ensemble"] = ensemble
    if replications:
        data["replications"] = replications
    return validate_experiment(data, where, source=str(resolved))


def validate_experiment(data: dict[str, Any], where: str = "<experiment>", source: str = "") -> Experiment:
    """Validate an experiment given as a dict; resolves the model and the base scenario."""
    if data.get("model", DEFAULT_MODEL) != DEFAULT_MODEL and "outputs" not in data:
        raise InputError(
            where, "outputs", "nothing", "the names of the outputs to store, with model = 'module:function'"
        )
    try:
        exp = Experiment.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise _first_error(exc, where) from None
    scenario_hash = ""
    if exp.model == DEFAULT_MODEL:
        scenario_hash = _load_base(exp).content_hash()
    else:
        try:
            model_function(exp.model)
        except (ImportError, AttributeError, TypeError, ValueError) as exc:
            raise InputError(where, "model", exp.model, f"an importable 'module:function' ({exc})") from None
    ensemble_hash = ""
    if exp.ensemble:
        if exp.model != DEFAULT_MODEL:
            raise InputError(where, "ensemble", exp.ensemble, f"an ensemble only with model = '{DEFAULT_MODEL}'")
        members = load_ensemble(exp.ensemble).constant_sets()
        ensemble_hash = hashlib.sha256(json.dumps(members, sort_keys=True).encode()).hexdigest()[:16]
    return exp.model_copy(update={"scenario_hash": scenario_hash, "ensemble_hash": ensemble_hash})


def _known_keys(loc: list[str]) -> list[str]:
    parent = ParameterSpec if len(loc) == 3 and loc[0] == "parameters" else Experiment
    return [f for f in parent.model_fields if f not in ("source", "scenario_hash")]


def _parameter_error(err: dict[str, Any], loc: list[str], key: str) -> tuple[str, object, str] | None:
    """A parameter that is not a table, or whose levels are neither names nor numbers."""
    if loc and loc[0] == "parameters":
        if err["type"] in ("model_type", "model_attributes_type", "dict_type"):
            return key, err.get("input"), "a table: { bounds = [low, high] } or { levels = [...] }"
        if len(loc) > 3:  # union members of levels report as levels.list[str].N; keep the user's key
            return ".".join(loc[:3]), err.get("input"), "a list of at least 2 names or at least 2 numbers"
    return None


def _first_error(exc: ValidationError, where: str) -> InputError:
    return first_error(exc, where, _known_keys, _parameter_error)
