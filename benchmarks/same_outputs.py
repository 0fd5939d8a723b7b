"""Do two source trees give the same outputs, bit for bit? For changes that must not change any number.

Usage: python benchmarks/same_outputs.py OLD_SRC NEW_SRC [--seeds 3]

Runs, in one worker process per tree (``PYTHONPATH`` set to it), every shipped scenario at
``--seeds`` seeds, the baseline at scale 2 (bench_growth.py), with a small and an empty
neighbourhood, and under three constant sets drawn over the registry's ranges. For each case
it hashes the bytes of every recorded series, the final state arrays (organisations, staff,
residents), the scalars the model keeps and the event log, and prints the cases whose hashes
differ. Exit code 1 if any does. Slow code and fast code must agree on every case.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

WORKER = r"""
import hashlib, json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from bench_growth import scaled
from collabsim import constants
from collabsim.mechanisms import calibratable, constant_set
from collabsim.model import CollaborationModel
from collabsim.scenario import load_scenario, shipped_scenarios

def digest(model):
    h = hashlib.sha256()
    h.update(model.series_record.values[: model.series_record.rows].tobytes())
    for group in (model.orgs, model.staff, model.people):
        for name, value in sorted(vars(group).items()):
            if isinstance(value, np.ndarray):
                h.update(name.encode()); h.update(np.ascontiguousarray(value).tobytes())
    for name in ("records", "language", "visible_success", "success_rate", "urgency", "budget", "means",
                 "motivation", "care_avoided_per_year_eur", "hours_per_year_eur", "continuation"):
        h.update(repr(float(getattr(model, name, 0.0))).encode())
    h.update(repr(model.event_log).encode())
    h.update(repr(sorted((type(a).__name__, a.unique_id) for a in model.agents)).encode())
    return h.hexdigest()

def run(kwargs, seed, consts):
    with constant_set(consts):
        model = CollaborationModel(**kwargs, rng=seed)
        while model.running:
            model.step()
    return digest(model)

seeds = int(sys.argv[2])
cases = []
for name in shipped_scenarios():
    kw = load_scenario(name).model_kwargs()
    cases += [(f"{name} seed {s}", kw, s, {}) for s in range(1, seeds + 1)]
base = load_scenario("baseline").model_kwargs()
cases.append(("baseline x2", scaled(2).model_kwargs(), 5, {}))
cases.append(("three organisations", {**base, "organisations": base["organisations"][:3], "residents": 50}, 6, {}))
cases.append(("no residents", {**base, "residents": 0}, 7, {}))
rng = np.random.default_rng(20261202)
for k in range(3):
    consts = {}
    for c in constants.selected():
        if c.name not in calibratable():
            continue
        consts[c.name] = float(c.low + (c.high - c.low) * rng.random())
    cases.append((f"baseline, constant set {k}", base, 10 + k, consts))
out = {label: run(kw, seed, consts) for label, kw, seed, consts in cases}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the reference tree's src directory")
    parser.add_argument("new", help="the candidate's src directory")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    here = str(Path(__file__).resolve().parent)
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", WORKER, here, str(args.seeds)],
            env={**os.environ, "PYTHONPATH": os.path.abspath(src)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, src in (("old", args.old), ("new", args.new))
    }
    digests = {}
    for name, proc in procs.items():
        out, _ = proc.communicate()
        if proc.returncode:
            sys.exit(f"{name}: the worker failed (exit code {proc.returncode})")
        digests[name] = json.loads(out.strip().splitlines()[-1])
    differ = [label for label in digests["old"] if digests["old"][label] != digests["new"].get(label)]
    for label in differ:
        print(f"differs: {label}")
    print(f"{len(digests['old']) - len(differ)} of {len(digests['old'])} cases the same")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
