"""Input files, one layer: reading TOML and turning the first validation error into one line.

Scenario files (:mod:`collabsim.scenario`), sweep experiments (:mod:`collabsim.sweep.experiment`)
and pattern experiments (:mod:`collabsim.validation.experiments`) are pydantic models on :class:`Strict`,
read with :func:`read_toml`; a bad file raises :class:`~collabsim.errors.InputError` from
:func:`first_error`, naming the file, the key, what was given and what is allowed.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import InputError, did_you_mean


class Strict(BaseModel):
    """No unknown keys, no silent type conversion, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def not_a_bool(value: Any) -> Any:
    """A "before" field validator: TOML's true/false is not a number (``x = field_validator(...)(not_a_bool)``)."""
    if isinstance(value, bool):
        raise ValueError("a number, not true/false")
    return value


class Located(ValueError):
    """Raised inside validators to report a precise key, value and what is allowed."""

    def __init__(self, key: str, given: object, allowed: str) -> None:
        super().__init__(allowed)
        self.key, self.given, self.allowed = key, given, allowed


def one_of(value: str, known: Collection[str]) -> str:
    """``value``, if it is one of ``known``; else a ValueError that lists them (with a did-you-mean hint)."""
    if value not in known:
        raise ValueError(f"one of {', '.join(known)}{did_you_mean(value, known)}")
    return value


def read_toml(path: Path, where: str | None = None) -> dict[str, Any]:
    """A TOML file as a dict; an unreadable, binary or malformed file is one :class:`InputError`."""
    where = str(path) if where is None else where
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(where, "file", where, f"a readable file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(where, "file", "binary content", "a UTF-8 TOML text file") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, "TOML", str(exc), "valid TOML syntax") from None


def dotted(loc: Sequence[object]) -> str:
    """A pydantic location as the user wrote it: ``events[0].year``."""
    out = ""
    for part in map(str, loc):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "file"


#: a model-level check that names its own key: "measures[0].window: ..."
_INNER_KEY = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+)*): (.*)$")

#: a hook for one kind of file: (error, location, key) -> its own (key, given, allowed), or None
Special = Callable[[dict[str, Any], list[str], str], tuple[str, object, str] | None]


def first_error(
    exc: ValidationError,
    where: str,
    known_keys: Callable[[list[str]], Iterable[str]],
    special: Special | None = None,
) -> InputError:
    """The first of pydantic's errors as one line.

    ``known_keys(location)`` lists the keys allowed beside an unknown one; ``special`` lets
    a kind of file word an error of its own first.
    """
    err = exc.errors(include_url=False)[0]
    loc = [str(p) for p in err["loc"]]
    ctx_error = (err.get("ctx") or {}).get("error")
    if isinstance(ctx_error, Located):
        return InputError(where, ctx_error.key, ctx_error.given, ctx_error.allowed)
    key = dotted(loc)
    given = err.get("input")
    if special is not None and (own := special(err, loc, key)) is not None:
        return InputError(where, *own)
    if err["type"] == "extra_forbidden":
        allowed = list(known_keys(loc))
        return InputError(where, key, given, f"a known key{did_you_mean(loc[-1], allowed)}: {', '.join(allowed)}")
    if err["type"] == "missing":
        return InputError(where, key, "nothing", "a value is required")
    if err["type"] == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        hint = did_you_mean(given, options) if isinstance(given, str) else ""
        return InputError(where, key, given, f"one of {', '.join(options)}{hint}")
    msg = err["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
    inner = _INNER_KEY.match(msg)
    if err["type"] == "value_error" and inner:
        key = inner[1] if key == "file" else f"{key}.{inner[1]}"
        msg = inner[2]
    if isinstance(given, float) and not math.isfinite(given):
        msg = "a finite number"
    if isinstance(given, dict):
        given = f"a table with {', '.join(given)}" if given else "an empty table"
    return InputError(where, key, given, msg)
