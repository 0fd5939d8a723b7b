"""Writing results atomically: a file appears complete or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from matplotlib.figure import Figure

from . import __version__
from .errors import InputError


def check_out_folder(out: Path) -> Path:
    """``out``, if it is a folder or does not exist yet; a file there is a bad ``--out``."""
    if out.exists() and not out.is_dir():
        raise InputError("--out", "out", str(out), "a folder (this is a file)")
    return out


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write via a temporary file in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_parquet(df: pd.DataFrame, path: Path, metadata: dict[str, str]) -> None:
    """Parquet with the tool's version and the given provenance in the file's metadata."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = {**(table.schema.metadata or {}), b"collabsim_version": __version__.encode()}
    meta.update({f"collabsim_{k}".encode(): str(v).encode() for k, v in metadata.items()})
    atomic_write(path, lambda p: pq.write_table(table.replace_schema_metadata(meta), p))


def write_figure(fig: Figure, path: Path) -> None:
    atomic_write(path, lambda p: fig.savefig(p, format="png", dpi=110))
