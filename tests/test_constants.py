"""The registry of constants (collabsim.constants): complete entries, the CLI listing, and the ODD table."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from collabsim import mechanisms as mech
from collabsim.cli import main
from collabsim.constants import CONSTANTS, STATUSES, Constant, markdown

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def _scalars(c: Constant) -> list[tuple[float, float, float]]:
    if isinstance(c.value, tuple):
        assert isinstance(c.low, tuple), c.name
        assert isinstance(c.high, tuple), c.name
        assert len(c.low) == len(c.value) == len(c.high), c.name
        return list(zip(c.low, c.value, c.high, strict=True))
    return [(c.low, c.value, c.high)]


def _odd_sections() -> set[str]:
    """The section numbers that docs/ODD.md has headings for (``5``, ``7.6``, ...)."""
    return set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", ODD.read_text(encoding="utf-8"), flags=re.MULTILINE))


@pytest.mark.parametrize("name", list(CONSTANTS))
def test_every_constant_is_complete(name):
    c = CONSTANTS[name]
    assert c.name == name
    assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name)
    for low, value, high in _scalars(c):
        assert isinstance(value, float)
        assert low <= value <= high
    assert c.status in STATUSES
    assert c.unit.strip()
    assert c.reason.strip()
    assert "|" not in c.reason + c.unit + c.where  # they go into a Markdown table
    sections = [s.strip() for s in c.where.split(",")]
    assert set(sections) <= _odd_sections(), c.where


def test_names_are_unique():
    assert len(CONSTANTS) == len({c.name.lower() for c in CONSTANTS.values()})


def test_the_code_reads_the_registry():
    for name, c in CONSTANTS.items():
        code = getattr(mech, name)
        assert tuple(code) == c.value if isinstance(c.value, tuple) else code == c.value, name


def test_cli_lists_every_constant(capsys):
    assert main(["constants"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["name", "value", "range"]
    assert [line.split()[0] for line in lines[1:]] == list(CONSTANTS)


def test_cli_status_filter_and_csv(capsys):
    assert main(["constants", "--status", "assumed", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assumed = [c.name for c in CONSTANTS.values() if c.status == "assumed"]
    assert [r["name"] for r in rows] == assumed
    assert {r["status"] for r in rows} == {"assumed"}
    assert float(rows[0]["value"]) == CONSTANTS[assumed[0]].value


def test_cli_markdown_is_the_registry(capsys):
    assert main(["constants", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == markdown()


def test_cli_rejects_an_unknown_status(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["constants", "--status", "guessed"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_odd_table_is_the_registry():
    """ODD s.7.12 shows the registry's table; regenerate it with `collabsim constants --format markdown`."""
    text = ODD.read_text(encoding="utf-8")
    section = text[text.index("### 7.12 Constants") :]
    section = section[: section.index("\n---\n")]
    table = "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))
    assert table == markdown()
