"""Words for users in Dutch and English: one way to look them up, for the report and the dashboard.

Each string table maps a key to its templates per language (:meth:`str.format` templates);
both languages have every key with the same placeholders (the tests check each table).
``text(lang, key, **values)`` of a :class:`Texts` fills one in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("nl", "en")


class Texts:
    """A string table, called as ``text(lang, key, **values)``."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self.table = table

    def __call__(self, lang: str, key: str, **values: object) -> str:
        template = self.table[key][lang]
        return template.format(**values) if values else template

    def missing(self) -> list[tuple[str, str]]:
        """(key, language) pairs without a template: empty for a complete table."""
        return [(key, lang) for key, entry in self.table.items() for lang in LANGUAGES if not entry.get(lang)]


def by_key(by_language: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """A table written per language ({lang: {key: template}}) turned into {key: {lang: template}}."""
    keys = {k for strings in by_language.values() for k in strings}
    return {k: {lang: strings[k] for lang, strings in by_language.items() if k in strings} for k in sorted(keys)}


def euros(lang: str, value: float, signed: bool = False) -> str:
    """An amount in euros, to the thousand from 10,000 up ('€ 348.000' in Dutch, '€348,000'); '-' for NaN."""
    if value is None or not math.isfinite(value):
        return "-"
    amount = round(value, -3 if abs(value) >= 10_000 else 0)
    digits = f"{abs(amount):,.0f}"
    body = ("\u20ac " + digits.replace(",", ".")) if lang == "nl" else "\u20ac" + digits
    sign = "\u2212" if amount < 0 else "+" if signed else ""
    return sign + body
