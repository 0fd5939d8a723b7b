"""The one evaluator: batching, the same results on every backend, errors that name the run."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import collabsim
from collabsim.evaluator import (
    COLLABSIM,
    Job,
    ModelError,
    ProcessEvaluator,
    SequentialEvaluator,
    batch_size,
    batches,
    collect,
    evaluator,
)
from collabsim.sweep.reference import ishigami

ISHIGAMI = "collabsim.sweep.reference:ishigami"


def ishigami_jobs(n: int, start: int = 0) -> list[Job]:
    x = np.random.default_rng(4).uniform(-np.pi, np.pi, (n, 3))
    return [Job(start + i, {"x1": a, "x2": b, "x3": c}, i) for i, (a, b, c) in enumerate(x)]


def test_batches_hold_consecutive_ids_and_break_at_gaps():
    jobs = [Job(i, {}, 0) for i in (0, 1, 2, 3, 4, 7, 8, 20)]
    assert [[j.id for j in b] for b in batches(jobs, 3)] == [[0, 1, 2], [3, 4], [7, 8], [20]]


def test_batch_size_is_about_sixteen_batches_per_worker():
    assert batch_size(3200, 2) == 64  # capped
    assert batch_size(320, 2) == 10
    assert batch_size(5, 8) == 1


def test_every_backend_gives_the_results_in_job_order():
    jobs = ishigami_jobs(40)
    expected = [ishigami(dict(j.params), j.seed) for j in jobs]
    one = collect(jobs, model=ISHIGAMI)
    two = collect(jobs, model=ISHIGAMI, workers=2)
    assert [o for o, _ in one] == [o for o, _ in two] == expected


def test_batches_reach_the_callback_as_they_finish_with_their_jobs():
    seen: list[tuple[list[int], list[float]]] = []
    with ProcessEvaluator(2) as ev:
        ev.evaluate(
            ISHIGAMI,
            iter(ishigami_jobs(30)),
            lambda jobs, results: seen.append(([j.id for j in jobs], [r[0]["y"] for r in results])),
            total=30,
            batch=4,
        )
    assert sorted(i for ids, _ in seen for i in ids) == list(range(30))
    assert all(len(ids) <= 4 and ids == list(range(ids[0], ids[0] + len(ids))) for ids, _ in seen)
    expected = {j.id: ishigami(dict(j.params), 0)["y"] for j in ishigami_jobs(30)}
    assert all(y == expected[i] for ids, ys in seen for i, y in zip(ids, ys, strict=True))


def test_progress_counts_every_run_once():
    counted: list[int] = []
    collect(ishigami_jobs(25), model=ISHIGAMI, workers=2, progress=counted.append)
    assert sum(counted) == 25


def test_the_collaboration_model_gives_its_outcomes_and_series():
    (outputs, series), = collect([Job(0, {"horizon": 1.0, "residents": 100}, 7)])
    assert set(outputs) >= {"sustained", "time_to_network", "collapse_year"}
    assert len(series["cross_domain_ties"]) == 13  # the initial state and 12 months
    got = []
    SequentialEvaluator().evaluate(
        COLLABSIM, [Job(0, {"horizon": 1.0, "residents": 100}, 7)], lambda j, r: got.extend(r), total=1, series=False
    )
    np.testing.assert_equal(got, [(outputs, {})])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_run_is_a_model_error_naming_run_and_seed(workers):
    jobs = [Job(10 + s, {"x": 1.0}, s) for s in range(6)]
    with pytest.raises(ModelError, match=r"helpers:fails_at_seed_3 failed at run 13 \(seed 3\): ArithmeticError"):
        collect(jobs, model="helpers:fails_at_seed_3", workers=workers)


def test_missing_output_is_a_model_error():
    with evaluator() as ev, pytest.raises(ModelError, match="returned no 'z' at run 0"):
        ev.evaluate(ISHIGAMI, ishigami_jobs(2), lambda j, r: None, total=2, outputs=("z",))


def test_job_ids_must_be_unique():
    with pytest.raises(ValueError, match="unique"):
        collect([Job(0, {}, 1), Job(0, {}, 2)], model=ISHIGAMI)


def test_only_the_evaluator_creates_process_pools():
    src = Path(collabsim.__file__).parent
    pools = {"ProcessPoolExecutor", "Pool", "get_context", "LocalCluster", "Client"}
    users = set()
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in pools:
                    users.add(path.relative_to(src).as_posix())
    assert users == {"evaluator.py"}
