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
    table = read_pareto(path)
    levers = pareto_levers(table)
    rows = table.index if pick is None else [_row(pick, len(table))]
    return [{name: _value(table.at[i, name], name, f"row {i + 1}.{name}", where) for name in levers} for i in rows]


def pareto_levers(table: pd.DataFrame) -> list[str]:
    """The lever columns of a pareto.csv, in the file's order."""
    return [c for c in table.columns if c in LEVERS]


def pareto_scenario(table: pd.DataFrame) -> str | None:
    """The name of the scenario the front was searched for (None: the file does not say)."""
    if "scenario" not in table.columns:
        return None
    names = table["scenario"].dropna().astype(str).unique()
    return str(names[0]) if len(names) == 1 else None


def check_scenario(path: str | Path, table: pd.DataFrame, name: str) -> None:
    """A pareto.csv that names its scenario must name ``name`` (its packages belong to that scenario)."""
    found = pareto_scenario(table)
    if found is not None and found != name:
        raise InputError(
            str(path),
            "scenario",
            found,
            f"a front searched for the scenario compared with it ('{name}'): run "
            f"'collabsim optimise {name} ...' or compare '{found}'",
        )


def read_pareto(path: str | Path) -> pd.DataFrame:
    """A pareto.csv as a table, checked to have lever columns, cost and p_working, and rows."""
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
    return table


def check_picks(picks: list[int], rows: int) -> None:
    """``--pick`` values: row numbers from 1 to ``rows``, each once."""
    for i, pick in enumerate(picks):
        _row(pick, rows)
        if pick in picks[:i]:
            raise InputError("--pick", "pick", pick, "each row once")


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
