"""Calibration files (TOML): which constants to vary over which ranges, which patterns to check, how.

A calibration names the constants to vary (default: every constant of the registry with
status ``assumed`` that a constant set may replace, :func:`collabsim.mechanisms.calibratable`),
optional narrower or wider ranges, the pattern experiments to check (default: every file of
``experiments/patterns/``), the sampling (a Latin hypercube or a scrambled Sobol' sequence,
both from :mod:`scipy.stats.qmc`), the number of constant sets, the replications per arm, the
rule by which a pattern holds, whether a set is screened out at its first failing pattern (and
in which order the patterns are checked), and a seed. Every problem is one
:class:`~collabsim.errors.InputError` line naming the file, the key and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import Field, ValidationError, field_validator, model_validator
from scipy.stats import qmc

from ..constants import CONSTANTS, STATUSES
from ..errors import did_you_mean
from ..inputs import Located, Strict, first_error, read_toml
from ..mechanisms import calibratable
from ..shipped import resolve_shipped, shipped_folder

SAMPLINGS = ("lhs", "sobol")
#: ``interval``: a measure holds when its 95% interval lies on the expected side of zero (as
#: ``collabsim patterns`` judges); ``direction``: when its mean does.
RULES = ("interval", "direction")
EXPERIMENT_DIR = shipped_folder("experiments")


class CalibrationFile(Strict):
    """One calibration file."""

    name: str = Field(default="calibration", pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    statuses: list[Literal[STATUSES]] = Field(default=["assumed"], min_length=1)  # type: ignore[valid-type]
    constants: list[str] = Field(default_factory=list)  # empty: every calibratable constant of ``statuses``
    ranges: dict[str, tuple[float, float]] = Field(default_factory=dict)  # NAME = [low, high] instead of the registry's
    patterns: list[str] = Field(default_factory=list)  # pattern ids; empty: every pattern experiment
    seed_factor: dict[str, int] = Field(default_factory=dict)  # these patterns run this many times the seeds
    sampling: Literal["lhs", "sobol"] = "lhs"
    samples: int = Field(default=200, ge=1, le=100_000)
    replications: int = Field(default=20, ge=3, le=10_000)  # a bootstrap interval needs 3
    rule: Literal["interval", "direction"] = "interval"
    screen: bool = True  # decide a set at its first failing pattern; false: check every pattern of every set
    order: list[str] = Field(default_factory=list)  # pattern ids checked first, in this order
    seed: int = Field(default=20261202, ge=0, le=2**63 - 1)

    @field_validator("ranges", mode="before")
    @classmethod
    def _ranges(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out = {}
        for name, bounds in value.items():
            ok = isinstance(bounds, list) and len(bounds) == 2
            ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in bounds)
            if not ok or bounds[0] >= bounds[1]:
                raise Located(f"ranges.{name}", bounds, "two numbers [low, high] with low < high")
            out[name] = (float(bounds[0]), float(bounds[1]))
        return out

    @model_validator(mode="after")
    def _check(self) -> CalibrationFile:
        allowed = calibratable()
        for name in self.constants:
            if name not in allowed:
                raise Located(
                    "constants", name, f"a constant a calibration may vary{_hint(name)} (see 'collabsim constants')"
                )
        if len(set(self.constants)) != len(self.constants):
            raise Located("constants", self.constants, "each name once")
        varied = self.varied()
        for name in self.ranges:
            if name not in varied:
                raise Located(f"ranges.{name}", name, f"a varied constant{did_you_mean(name, varied)}")
        for name, n in self.seed_factor.items():
            if not 1 <= n <= 100:
                raise Located(f"seed_factor.{name}", n, "a whole number from 1 to 100")
        if len(set(self.order)) != len(self.order):
            raise Located("order", self.order, "each pattern id once")
        if self.sampling == "sobol" and self.samples & (self.samples - 1):
            raise Located("samples", self.samples, "a power of 2 for a Sobol' sequence (e.g. 128, 256)")
        return self

    def varied(self) -> list[str]:
        """The constants this calibration varies, in the registry's order."""
        if self.constants:
            return [n for n in CONSTANTS if n in self.constants]
        return [n for n in calibratable() if CONSTANTS[n].status in self.statuses]

    def replications_by_pattern(self) -> dict[str, int]:
        """The seeds per arm of the patterns with a ``seed_factor``."""
        return {pid: factor * self.replications for pid, factor in self.seed_factor.items()}

    def bounds(self) -> np.ndarray:
        """(constants x 2): each varied constant's range (the file's, else the registry's)."""
        rows = [self.ranges.get(n, (CONSTANTS[n].low, CONSTANTS[n].high)) for n in self.varied()]
        return np.array(rows, dtype=float)

    def content_hash(self, pattern_files: list[Path]) -> str:
        """A hash of the validated content, the varied constants' ranges and the pattern files' bytes."""
        text = json.dumps(
            {
                "calibration": self.model_dump(mode="json"),
                "bounds": self.bounds().tolist(),
                "patterns": [hashlib.sha256(p.read_bytes()).hexdigest() for p in pattern_files],
            },
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _hint(name: str) -> str:
    return did_you_mean(name, calibratable())


def sample_sets(cal: CalibrationFile) -> np.ndarray:
    """(samples x constants): the constant sets, from the file's sampler and seed, scaled to the ranges."""
    bounds = cal.bounds()
    d = len(bounds)
    if cal.sampling == "sobol":
        unit = qmc.Sobol(d, scramble=True, rng=np.random.default_rng(cal.seed)).random(cal.samples)
    else:
        unit = qmc.LatinHypercube(d, rng=np.random.default_rng(cal.seed)).random(cal.samples)
    return qmc.scale(unit, bounds[:, 0], bounds[:, 1])


def resolve_calibration_path(name_or_path: str | Path) -> Path:
    """A path as given, or the name of a shipped calibration file (``calibration``)."""
    return resolve_shipped(name_or_path, EXPERIMENT_DIR, "calibration")


def load_calibration(path: str | Path = "calibration", overrides: dict[str, Any] | None = None) -> CalibrationFile:
    """Read and validate a calibration file; ``overrides`` (e.g. from ``--samples``) replace its keys."""
    resolved = resolve_calibration_path(path)
    where = str(path) if Path(path).is_file() else str(resolved)
    data = read_toml(resolved, where)
    data.setdefault("name", resolved.stem)
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    try:
        return CalibrationFile.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, where, lambda loc: list(CalibrationFile.model_fields)) from None
