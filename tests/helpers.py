"""Small helpers shared by the test modules (imported as ``helpers``)."""

from __future__ import annotations

import contextlib
import hashlib
import io
from itertools import chain
from pathlib import Path

import numpy as np

from collabsim import CollaborationModel
from collabsim.cli import main
from collabsim.outcomes import recorded
from collabsim.sweep import store

#: The time series DESIGN.md s.6 and s.8.2 fix by name (written out, so the tests check the code against it).
CANONICAL_SERIES = (
    "cross_domain_ties",
    "meetings",
    "cross_domain_referrals",
    "needs_right_domain",
    "commitment",
    "kartrekker_active",
    "partners",
    "spending_eur",
)


def step_n(model: CollaborationModel, n: int) -> CollaborationModel:
    """Advance ``model`` by ``n`` steps (months)."""
    for _ in range(n):
        model.step()
    return model


def series(model: CollaborationModel, name: str) -> np.ndarray:
    """One collected model series (index 0 = the initial state)."""
    return recorded(model, name)


# A small sweep of the real model (short horizon) used by the crash and backend tests.
SMALL = """
method = "sobol"
scenario = "baseline"
samples = {n}
replications = 2
seed = 5
second_order = false
outputs = ["sustained", "peak_ties", "time_to_network"]
[fixed]
horizon = 1
residents = 200
[parameters]
urgency = {{ bounds = [0, 1] }}
turnover = {{ bounds = [0, 0.5] }}
kartrekker = {{ levels = ["none", "internal", "external", "duo"] }}
"""


def stored_runs(out: Path) -> int:
    """How many runs of the sweep in ``out`` are stored in finished part files."""
    return sum(stop - start for start, stop, _ in store.parts(out))


def fails_at_seed_3(params: dict, seed: int) -> dict[str, float]:
    """A sweep model (``helpers:fails_at_seed_3``) that fails for one seed: for the error-wrapping tests."""
    if seed == 3:
        raise ArithmeticError("no network here")
    return {"y": params["x"] * seed}


#: a Latin hypercube of the reference function ``corner`` (a known box), for discovery tests
CORNER_SWEEP = """
model = "collabsim.sweep.reference:corner"
method = "lhs"
samples = {samples}
seed = 5
outputs = ["y"]
[parameters]
x1 = {{ bounds = [0, 1] }}
x2 = {{ bounds = [0, 1] }}
x3 = {{ bounds = [0, 1] }}
"""


def run_cli(*argv: object) -> tuple[int, str, str]:
    """The command line in this process: (exit code, stdout, stderr); argparse's exits are codes too."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def fresh_compiled_code(package: Path) -> None:
    """Drop numba's on-disk caches of ``package`` when a module with compiled code changed.

    Numba checks a cached function against its own file only: a kernel that calls a compiled rule of
    another module (``mechanisms.py``'s ``*_rule``) would keep that rule as it was when cached. A
    stamp of every such module's text tells whether the caches are still true; if not, they go, and
    the kernels compile again (about 15 s).
    """
    sources = sorted(path for path in package.rglob("*.py") if "numba" in path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
    stamp = package / "__pycache__" / "numba-sources.sha256"
    if stamp.is_file() and stamp.read_text() == digest:
        return
    for cached in chain(package.rglob("*.nbi"), package.rglob("*.nbc")):
        cached.unlink(missing_ok=True)
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(digest)
