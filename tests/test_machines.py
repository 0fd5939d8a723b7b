"""The same seed gives the same numbers on another machine (docs/reliability.md).

A laptop and a cluster node differ in what their CPUs offer: NumPy picks SIMD code for some of its
functions by CPU (its ``exp`` on AVX-512 differs in the last bit of about one value in twenty from
the C library's), and OpenBLAS picks its kernels (and their order of adding) by CPU. Here one Python
process runs every shipped scenario as this machine would, and another as a machine without the
optional instructions NumPy finds here and with OpenBLAS's oldest kernels (``NPY_DISABLE_CPU_FEATURES``,
``OPENBLAS_CORETYPE``); each hashes every run's series and final state, to the bit. (C-library
functions, which the model uses instead, differ only on CPUs without FMA, 2013 and older.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

WORKER = r"""
import hashlib
import numpy as np
from collabsim.model import CollaborationModel
from collabsim.scenario import load_scenario, shipped_scenarios

for name in shipped_scenarios():
    model = CollaborationModel(**load_scenario(name).model_kwargs(), rng=20261206)
    while model.running:
        model.step()
    h = hashlib.sha256(model.series_record.values[: model.series_record.rows].tobytes())
    for group in (model.orgs, model.staff, model.people):
        for key, value in sorted(vars(group).items()):
            if isinstance(value, np.ndarray):
                h.update(key.encode())
                h.update(np.ascontiguousarray(value).tobytes())
    print(name, h.hexdigest())
"""


def other_machine() -> dict[str, str]:
    """The environment of a machine without the SIMD extensions NumPy dispatches to here, and with
    OpenBLAS's generic x86-64 kernels."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    found = [feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)]
    return {"NPY_DISABLE_CPU_FEATURES": " ".join(found), "OPENBLAS_CORETYPE": "Prescott"}


def digests(extra: dict[str, str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), **extra}
    for key in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE"):
        if key not in extra:
            env.pop(key, None)
    done = subprocess.run([sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_every_scenario_gives_the_same_numbers_on_another_cpu():
    here, there = digests({}), digests(other_machine())
    assert len(here) >= 10  # every shipped scenario ran
    assert here == there
