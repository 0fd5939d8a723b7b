"""Files shipped with collabsim (scenarios and experiments), read from the installed package.

The source tree's top-level ``scenarios/`` and ``experiments/`` folders are linked into the
package (``src/collabsim/scenarios``, ``src/collabsim/experiments``), so the build puts them
into the wheel, and an editable checkout and an installed wheel read the same files.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import InputError, did_you_mean


def shipped_folder(*parts: str) -> Path:
    """A folder of shipped files inside the installed package."""
    return Path(str(resources.files(__package__).joinpath(*parts)))  # collabsim is never installed zipped


def resolve_shipped(name_or_path: str | Path, folder: Path, kind: str) -> Path:
    """A path as given, or the name of a ``kind`` shipped in ``folder`` (with or without ``.toml``)."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    stem = path.name.removesuffix(".toml")
    shipped = folder / f"{stem}.toml"
    if path.parent == Path(".") and shipped.is_file():
        return shipped
    if path.is_dir():
        raise InputError(str(path), kind, str(path), "a .toml file, not a folder")
    hint = did_you_mean(stem, sorted(p.stem for p in folder.glob("*.toml")))
    raise InputError(str(path), kind, str(name_or_path), f"an existing .toml file or a shipped {kind} name{hint}")
