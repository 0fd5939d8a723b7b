"""Reading a written front back: ``pareto.csv`` rows as scenario overrides (for ``compare --from-pareto``)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..params import LEVERS

#: the columns every pareto.csv has besides its levers
REQUIRED = ("cost_eur", "p_working")
WHAT = "a pareto.csv written by 'collabsim optimise'"


def from_pareto(path: str | Path, pick: int | None = None) -> list[dict[str, Any]]:
    """The packages of a pareto.csv as overrides dicts ({lever: value}), in the file's order.

    ``pick`` (1-based, as ``--pick K``): only the K-th row, as a list of one. Every problem is
    one :class:`InputError` line naming the file, the row and the column.
    """
    where = str(path)
    file = Path(path)
    if not file.is_file():
        raise InputError(where, "file", where, f"an existing file: {WHAT}")
    try:
        table = pd.read_csv(file)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(where, "file", type(exc).__name__, f"a readable CSV file: {WHAT}") from None
    levers = [c for c in table.columns if c in LEVERS]
    if not levers:
        raise InputError(
            where, "columns", list(table.columns), f"at least one lever column: one of {', '.join(LEVERS)}"
        )
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(where, "columns", list(table.columns), f"also the columns {' and '.join(REQUIRED)}")
    if table.empty:
        raise InputError(where, "rows", 0, "at least one package")
    rows = table.index if pick is None else [_row(pick, len(table))]
    return [{name: _value(table.at[i, name], name, f"row {i + 1}.{name}", where) for name in levers} for i in rows]


def _row(pick: int, rows: int) -> int:
    if isinstance(pick, bool) or not isinstance(pick, int) or not 1 <= pick <= rows:
        raise InputError("--pick", "pick", pick, f"a row number from 1 to {rows}")
    return pick - 1


def _value(value: Any, name: str, key: str, where: str) -> float | str:
    """One lever's value, checked against the precondition's range or levels."""
    pre = LEVERS[name].precondition
    value = value.item() if hasattr(value, "item") else value  # numpy scalars print as plain numbers
    if pre.categorical:
        if value not in pre.levels:
            raise InputError(where, key, value, pre.allowed())
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(where, key, value, f"a number in {pre.allowed()}") from None
    if not math.isfinite(number) or not pre.low <= number <= pre.high:
        raise InputError(where, key, value, f"a number in {pre.allowed()}")
    return number
