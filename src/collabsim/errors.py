"""The one error type users see: a bad input, reported on one line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(ValueError):
    """A bad file or value: names where, what was given and what is allowed."""

    def __init__(self, where: str, key: str, given: object, allowed: str) -> None:
        self.where, self.key, self.given, self.allowed = where, key, given, allowed
        given_text = _short(given)
        super().__init__(f"{where}: {key}: got {given_text}; allowed: {allowed}")


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest option, or ''."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
