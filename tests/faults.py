"""Run the collabsim command line and SIGKILL it, workers included, at a moment of observable progress.

    python tests/faults.py WHEN -- ARGS...    (run in its own session: start_new_session=True)

WHEN is one of

- ``publish:K:before``: the K-th output file the tool publishes is fully written to its
  temporary file, but not yet renamed into place (the middle of a write);
- ``publish:K:after``: right after the K-th output file is renamed into place;
- ``runs:K``: when any process begins its K-th model run (before anything is written).

The kill goes to the whole process group, so pool workers die with the parent. Progress is
counted, never timed, so the fault lands at the same point on a fast and on a slow machine.
The exit status is then -9; a command that finishes before the moment comes exits normally,
and a test can tell that its fault missed.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

#: temporary files of ``collabsim.output.atomic_write``: ``.NAME.RANDOM.part``
_TEMPORARY = re.compile(r"^\..+\.part$")


def _kill() -> None:
    os.killpg(os.getpgrp(), signal.SIGKILL)


def _on_publish(k: int, when: str) -> None:
    real = os.replace
    count = 0

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        if not _TEMPORARY.match(Path(os.fsdecode(src)).name):
            return real(src, dst, *args, **kwargs)
        count += 1
        if count == k and when == "before":
            _kill()
        result = real(src, dst, *args, **kwargs)
        if count == k and when == "after":
            _kill()
        return result

    os.replace = replace


def _on_runs(k: int) -> None:
    from collabsim.model import CollaborationModel

    real = CollaborationModel.__init__
    count = 0

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if count == k:
            _kill()
        real(self, *args, **kwargs)

    CollaborationModel.__init__ = init  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    when, sep, *args = argv
    assert sep == "--", "usage: faults.py WHEN -- ARGS..."
    kind, k, *rest = when.split(":")
    if kind == "publish":
        _on_publish(int(k), rest[0])
    elif kind == "runs":
        _on_runs(int(k))
    else:
        raise SystemExit(f"unknown fault {when!r}")
    from collabsim.cli import main as cli

    return cli(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
