"""The dashboard's one remembered choice: the trainer's language.

Once the trainer picks a language it stays the default: it is kept in
``$COLLABSIM_CONFIG_DIR/dashboard.json`` (else ``$XDG_CONFIG_HOME/collabsim/`` or
``~/.config/collabsim/``). Without a saved choice the system locale decides.
"""

from __future__ import annotations

import json
import locale
import os
from pathlib import Path

from ..output import atomic_write
from ..texts import LANGUAGES


def config_dir() -> Path:
    if os.environ.get("COLLABSIM_CONFIG_DIR"):
        return Path(os.environ["COLLABSIM_CONFIG_DIR"])
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "collabsim"


def saved_language() -> str | None:
    """The language saved by an earlier pick, if any (a broken file counts as none)."""
    try:
        value = json.loads((config_dir() / "dashboard.json").read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return value if value in LANGUAGES else None


def save_language(lang: str) -> None:
    """Remember ``lang`` for the next start (silently skipped if the folder is not writable)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language: {lang!r} is not one of {LANGUAGES}")
    path = config_dir() / "dashboard.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, lambda tmp: tmp.write_text(json.dumps({"language": lang}), encoding="utf-8"))
    except OSError:
        pass


def start_language() -> str:
    """``$COLLABSIM_DASHBOARD_LANG`` (set by ``--lang``), else the saved pick, else the locale."""
    given = os.environ.get("COLLABSIM_DASHBOARD_LANG")
    if given in LANGUAGES:
        return given
    saved = saved_language()
    if saved:
        return saved
    system = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "nl" if system.lower().startswith("nl") else "en"
