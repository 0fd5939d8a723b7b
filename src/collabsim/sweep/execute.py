"""Running a sweep: every sample point with its replications, through the one evaluator.

Runs are numbered ``run = sample * replications + replication``. Work goes out in
batches of consecutive run ids (:mod:`collabsim.evaluator`); the store is the callback
that receives each finished batch and writes it as its own part file (see
:mod:`collabsim.sweep.store`), so memory stays flat and a killed sweep resumes where it
stopped. Seeds depend only on the experiment's seed and the run id, so the results are
the same whatever the backend, the number of workers or the batching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..calibration.ensemble import load_ensemble, member_params
from ..evaluator import Job, Result, evaluator
from ..runner import replication_seeds
from . import store
from .experiment import Experiment
from .sampling import row_params, sample


def run_seed(exp: Experiment, run: int, crn_seeds: list[int] | None = None) -> int:
    """The seed of one run, derived from the experiment's seed.

    With common random numbers (the default) replication r uses the same seed at every
    sample point, so differences between points come from the parameters alone.
    """
    sample_index, rep = divmod(run, exp.replications)
    if exp.common_random_numbers:
        seeds = crn_seeds if crn_seeds is not None else replication_seeds(exp.seed, exp.replications)
        return seeds[rep]
    seq = np.random.SeedSequence(exp.seed, spawn_key=(sample_index, rep))
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> 1)


@dataclass
class SweepResult:
    """What a sweep did: where it wrote, how many runs existed, were done before, and ran now."""

    out: Path
    total: int
    done_before: int
    ran: int


def sweep(
    exp: Experiment,
    out: Path,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Callable[[int, int], Any] | None = None,
    batch: int | None = None,
) -> SweepResult:
    """Run (or finish) a sweep into ``out``; returns counts. See the module docstring.

    ``progress(total, done)`` is called once and must return a callable taking the
    number of newly finished runs (e.g. a tqdm bar's ``update``), or None.
    """
    design = sample(exp)
    store.prepare(out, exp, design, resume)
    total = len(design) * exp.replications
    missing = np.flatnonzero(~store.done_runs(out, total))
    done_before = total - missing.size
    base = exp.base_params()
    crn = replication_seeds(exp.seed, exp.replications) if exp.common_random_numbers else None
    members = load_ensemble(exp.ensemble) if exp.ensemble else None

    def jobs() -> Iterator[Job]:  # made as the evaluator asks for them: flat memory
        for run in map(int, missing):
            sample_index, rep = divmod(run, exp.replications)
            params = member_params({**base, **row_params(exp, design[sample_index])}, members, rep)
            yield Job(run, params, run_seed(exp, run, crn))

    update = progress(total, done_before) if progress else None

    def write(done: list[Job], results: list[Result]) -> None:
        rows = []
        for job, (outputs, _) in zip(done, results, strict=True):
            sample_index, rep = divmod(job.id, exp.replications)
            row = {"run": job.id, "sample": sample_index, "replication": rep, "seed": job.seed}
            row.update({n: job.params[n] for n in exp.names})
            row.update({o: float(outputs[o]) for o in exp.outputs})
            rows.append(row)
        store.write_part(out, exp, rows)
        if update:
            update(len(rows))

    if missing.size:
        with evaluator(workers, scheduler) as ev:
            ev.evaluate(
                exp.model, jobs(), write, total=int(missing.size), outputs=tuple(exp.outputs), series=False, batch=batch
            )
    store.consolidate(out, exp, total)
    return SweepResult(out, total, done_before, int(missing.size))
