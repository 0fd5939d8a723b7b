"""Ensemble files: the accepted constant sets of a calibration, for runs across the accepted models.

An ensemble file (TOML, written by ``collabsim calibrate`` as ``accepted.toml``) lists its
members, each a constant set ({NAME: value}), and where they come from. Reading one checks
that every member names constants a constant set may replace, with finite values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import tomli_w
from pydantic import Field, ValidationError, field_validator

from ..errors import InputError
from ..inputs import Located, Strict, first_error, read_toml
from ..mechanisms import CONSTANT_SET, calibratable
from ..shipped import resolve_shipped, shipped_folder


class Member(Strict):
    """One accepted constant set, with its row in the calibration's samples."""

    sample: int = Field(ge=0)
    constants: dict[str, float] = Field(min_length=1)


class Ensemble(Strict):
    """An ensemble file."""

    calibration: str = ""
    calibration_hash: str = ""
    rule: str = ""
    samples: int = Field(default=0, ge=0)
    constants: list[str] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)  # empty: the calibration accepted no set

    @field_validator("members", mode="before")
    @classmethod
    def _known(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        allowed = calibratable()
        for i, member in enumerate(value):
            for name, v in (member.get("constants") or {}).items() if isinstance(member, dict) else ():
                key = f"members[{i}].constants.{name}"
                if name not in allowed:
                    raise Located(key, name, "a constant a constant set may replace (see 'collabsim constants')")
                if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v):
                    raise Located(key, v, "a finite number")
        return value

    def constant_sets(self) -> list[dict[str, float]]:
        return [m.constants for m in self.members]


def ensemble_data(samples: pd.DataFrame, names: list[str], meta: dict[str, Any]) -> dict[str, Any]:
    """The ensemble of a calibration's accepted sets, as the data of its TOML file."""
    acc = samples[samples["accepted"]]
    members = [
        {"sample": int(row["sample"]), "constants": {n: float(row[n]) for n in names}} for _, row in acc.iterrows()
    ]
    return {**meta, "samples": len(samples), "constants": list(names), "members": members}


def ensemble_text(data: dict[str, Any], header: str) -> str:
    """The TOML text of an ensemble file, with a comment header."""
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + tomli_w.dumps(data)


def read_ensemble(path: str | Path) -> Ensemble:
    """Read and validate an ensemble file; one without members is an error (nothing to run with)."""
    where = str(path)
    data = read_toml(Path(path), where)
    try:
        ensemble = Ensemble.model_validate(data)
    except ValidationError as exc:
        raise first_error(
            exc, where, lambda loc: list((Member if "members" in loc else Ensemble).model_fields)
        ) from None
    if not ensemble.members:
        raise InputError(
            where, "members", "none", "at least one accepted constant set (this calibration accepted none)"
        )
    return ensemble


ENSEMBLE_DIR = shipped_folder("experiments", "ensembles")


def load_ensemble(name_or_path: str | Path) -> Ensemble:
    """An ensemble file, or a shipped ensemble by name (``calibrated``: the documented calibration's)."""
    return read_ensemble(resolve_shipped(name_or_path, ENSEMBLE_DIR, "ensemble"))


def member_index(ensemble: Ensemble, replication: int) -> int:
    """The member replication ``replication`` runs with: replications cycle through the members."""
    return replication % len(ensemble.members)


def coverage_note(ensemble: Ensemble | None, replications: int) -> str | None:
    """A warning when ``replications`` do not run every member equally often, else None."""
    if ensemble is None:
        return None
    m = len(ensemble.members)
    if replications < m:
        return (f"note: the ensemble has {m} constant sets and {replications} replications run only the first "
                f"{replications} of them; use at least {m} replications (a multiple of {m}) to run each")
    if replications % m:
        return (f"note: {replications} replications over {m} constant sets run some sets once more than others; "
                f"a multiple of {m} weighs each the same")
    return None


def member_params(params: Mapping[str, Any], ensemble: Ensemble | None, replication: int) -> Mapping[str, Any]:
    """A replication's model parameters: with an ensemble, its member's constant set added."""
    if ensemble is None:
        return params
    return {**params, CONSTANT_SET: ensemble.members[member_index(ensemble, replication)].constants}


def member_column(ensemble: Ensemble | None, replication: int) -> dict[str, int]:
    """``{"member": sample}`` of a replication's constant set, or nothing without an ensemble."""
    if ensemble is None:
        return {}
    return {"member": ensemble.members[member_index(ensemble, replication)].sample}


#: the shipped ensemble of the documented calibration run (docs/calibration.md)
CALIBRATED = "calibrated"


def shipped_ensemble() -> str | None:
    """``calibrated`` if the package ships that ensemble, else None."""
    return CALIBRATED if (ENSEMBLE_DIR / f"{CALIBRATED}.toml").is_file() else None


def accepted_spans(name_or_path: str | Path) -> dict[str, tuple[float, float]]:
    """{constant: (lowest, highest)} over an ensemble's members."""
    sets = load_ensemble(name_or_path).constant_sets()
    return {n: (min(s[n] for s in sets), max(s[n] for s in sets)) for n in sets[0]}
