"""The floor of the present design: what one baseline run costs in calls it cannot avoid.

Usage: python benchmarks/bench_floor.py [--runs 20] [--repeat 5]

The model keeps every random draw NumPy's number (same streams, order and sizes) and calls its
compiled code from Python: since 2026-12-07 a month is mostly two compiled calls (the conditions,
the joint work), which draw from the model's streams themselves, and a few more (the kartrekkers'
introductions, the record). However little Python remained around them, a run would still pay for
(1) Mesa's step machinery, (2) every draw made from Python, (3) every compiled call's dispatch
(numba checks the type of each argument), (4) the compiled code's own work, its draws included,
and (5) the model's creation. This script runs ``runs`` baseline runs with every kernel
and every draw of the monthly streams counted and its arguments kept, then prices each part:

- Mesa: 120 steps of a ``mesa.Model`` whose ``step`` does nothing;
- draws: every recorded call replayed on a fresh ``numpy.random.Generator`` with its arguments;
- dispatch: every recorded kernel call replayed on a compiled kernel of the same arguments
  that does nothing (``return 0``);
- kernels' work: each kernel call timed in the runs, less its dispatch (an upper bound: in a run
  the dispatch costs more than in the replay, and the timer adds about 0.1 microsecond a call);
- creation: ``CollaborationModel(...)`` timed alone.

The floor is their sum; the rest of a run is Python around them. Last, for a design that would
draw inside its kernels: what a draw in compiled code costs a call when handed one of the model's
streams (a NumPy ``Generator``), or all four held in one numba StructRef, beside NumPy's draw from
Python; and what making that StructRef of a run's four new streams costs. Each figure is the best of
``repeat`` passes (the whole runs and the replays alike); the calls and draws are those of one
pass. No figure is asserted.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from typing import Any

import mesa
import numba
import numpy as np
from numba.core import types
from numba.experimental import structref

from collabsim.model import CollaborationModel
from collabsim.runner import replication_seeds, run_model, settle_heap
from collabsim.scenario import load_scenario

STREAMS = ("rng_meet", "rng_res", "rng_staff", "rng_org")  # the streams the month draws from

DRAWS: list[tuple[str, tuple, dict]] = []  # (method, args, kwargs) of every draw in the runs
KERNEL_CALLS: collections.Counter[tuple[str, tuple]] = collections.Counter()  # (kernel, argument types): calls
EXAMPLE: dict[tuple[str, tuple], tuple] = {}  # the arguments of the first call of each (kernel, argument types)
KERNEL_TIME: collections.Counter[str] = collections.Counter()


class CountedStream:
    """A NumPy Generator that records each draw's method and arguments, then draws."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._rng, name)

        def draw(*args: Any, **kwargs: Any) -> Any:
            DRAWS.append((name, args, kwargs))
            return method(*args, **kwargs)

        return draw


def kernels() -> dict[tuple[object, str], numba.core.registry.CPUDispatcher]:
    """Every compiled kernel held by a module of collabsim imported so far, by (module, name)."""
    found = {}
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != "collabsim" or module is None:
            continue
        for name, value in vars(module).items():
            if isinstance(value, numba.core.registry.CPUDispatcher) and value.__module__ == module_name:
                found[(module, name)] = value
    return found


def count_kernels(found: dict) -> None:
    """Replace each kernel, where Python looks it up, by a wrapper that records and times its calls.
    (Kernels calling kernels are compiled together and are not counted.)"""
    for (module, name), kernel in found.items():
        label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"

        def wrapper(*args: Any, _kernel: Any = kernel, _label: str = label) -> Any:
            # only the types count for the dispatch; keeping every call's arrays would change the runs' memory
            key = (_label, tuple(numba.typeof(a) for a in args))
            KERNEL_CALLS[key] += 1
            EXAMPLE.setdefault(key, args)
            start = time.perf_counter()
            try:
                return _kernel(*args)
            finally:
                KERNEL_TIME[_label] += time.perf_counter() - start

        setattr(module, name, wrapper)


def noop_kernel(arity: int) -> Any:
    """A compiled function of ``arity`` arguments that does nothing."""
    names = ", ".join(f"a{i}" for i in range(arity))
    space: dict[str, Any] = {}
    exec(f"def noop({names}):\n    return 0", space)
    return numba.njit(space["noop"])


@numba.njit
def _draw_one(rng):
    """One uniform draw from a NumPy ``Generator`` inside compiled code (its own stream)."""
    return rng.random()


@structref.register
class _StreamsType(types.StructRef):
    """The model's four monthly streams held for compiled code (the same Generators, not copies)."""


class _Streams(structref.StructRefProxy):
    pass


structref.define_boxing(_StreamsType, _Streams)
_GENERATOR = numba.typeof(np.random.default_rng(0))
_STREAMS = _StreamsType([(name, _GENERATOR) for name in ("meet", "res", "staff", "org")])


@numba.njit
def _hold(meet, res, staff, org):
    """The four Generators in one StructRef."""
    held = structref.new(_STREAMS)
    held.meet, held.res, held.staff, held.org = meet, res, staff, org
    return held


@numba.njit
def _draw_one_held(held):
    """One uniform draw inside compiled code from a stream held in the StructRef."""
    return held.res.random()


def generator_call(repeat: int, calls: int = 20_000) -> tuple[float, float, float, float]:
    """Seconds a call of a compiled function that draws once, handed the model's kind of stream (a
    NumPy ``Generator``) or the four streams in one StructRef, and of the same draw made by NumPy
    from Python; and seconds to make the StructRef of four new streams (as a run would)."""
    rng = np.random.default_rng(1)
    held = _hold(rng, rng, rng, rng)
    _draw_one(rng)
    _draw_one_held(held)

    def compiled() -> None:
        for _ in range(calls):
            _draw_one(rng)

    def compiled_held() -> None:
        for _ in range(calls):
            _draw_one_held(held)

    def numpy() -> None:
        for _ in range(calls):
            rng.random()

    runs = 500
    fresh = [np.random.default_rng(k).spawn(4) for k in range(runs * repeat)]  # a run's new streams
    made = iter(fresh)

    def making() -> None:
        for _ in range(runs):
            _hold(*next(made))

    return (
        best_of(repeat, compiled) / calls,
        best_of(repeat, compiled_held) / calls,
        best_of(repeat, numpy) / calls,
        best_of(repeat, making) / runs,
    )


def best_of(repeat: int, replay) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        replay()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    params = load_scenario("baseline").model_kwargs()
    settle_heap()
    seeds = replication_seeds(1000, args.runs)

    def run(seed: int) -> None:  # as runner.run_model, with the month's draws counted
        model = CollaborationModel(**params, rng=seed)
        model.held  # noqa: B018 (the streams held for compiled code before the Python draws are counted)
        for stream in STREAMS:
            setattr(model, stream, CountedStream(getattr(model, stream)))
        while model.running:
            model.step()

    run_model(params, 0)  # compile or load every kernel before they are wrapped
    creation = best_of(args.repeat, lambda: [CollaborationModel(**params, rng=s) for s in seeds]) / args.runs
    plain = best_of(args.repeat, lambda: [run_model(params, s) for s in seeds]) / args.runs
    count_kernels(kernels())
    kernel_time = []
    for r in range(args.repeat):  # the calls and draws of one pass counted; its kernels' time best of all
        KERNEL_TIME.clear()
        KERNEL_CALLS.clear()
        DRAWS.clear()
        for seed in seeds:
            run(seed)
        kernel_time.append(sum(KERNEL_TIME.values()))
        if r == 0:
            counted, draws, by_label = KERNEL_CALLS.copy(), DRAWS.copy(), KERNEL_TIME.copy()
    KERNEL_CALLS.clear()
    KERNEL_CALLS.update(counted)
    DRAWS[:] = draws

    class Empty(mesa.Model):
        def step(self) -> None:
            pass

    def mesa_steps() -> None:
        model = Empty(rng=1)
        for _ in range(120):
            model.step()

    mesa_time = best_of(args.repeat, mesa_steps)

    def replay_draws() -> None:
        rng = np.random.default_rng(1)
        for name, a, kw in DRAWS:
            getattr(rng, name)(*a, **kw)

    draw_time = best_of(args.repeat, replay_draws) / args.runs

    noops: dict[int, Any] = {}
    calls = []
    for key, count in KERNEL_CALLS.items():
        a = EXAMPLE[key]
        if len(a) not in noops:
            noops[len(a)] = noop_kernel(len(a))
        noops[len(a)](*a)  # compiled for these argument types before the replay
        calls += [(noops[len(a)], a)] * count

    def replay_dispatch() -> None:
        for kernel, a in calls:
            kernel(*a)

    dispatch_time = best_of(args.repeat, replay_dispatch) / args.runs
    kernel_total = min(kernel_time) / args.runs
    work = max(0.0, kernel_total - dispatch_time)
    floor = mesa_time + draw_time + dispatch_time + work + creation
    by_kernel: collections.Counter[str] = collections.Counter()
    for (label, _), count in KERNEL_CALLS.items():
        by_kernel[label] += count
    n_calls = sum(KERNEL_CALLS.values())
    arity = sum(len(EXAMPLE[key]) * count for key, count in KERNEL_CALLS.items()) / max(1, n_calls)
    rows = (
        ("a run now (runner.run_model, no counting)", plain),
        ("Mesa's step machinery (120 steps)", mesa_time),
        (f"NumPy draws from Python ({len(DRAWS) / args.runs:.0f} a run)", draw_time),
        (f"kernel dispatch ({n_calls / args.runs:.0f} calls, {arity:.1f} arguments each)", dispatch_time),
        ("kernels' own work", work),
        ("model creation", creation),
        ("floor (their sum)", floor),
        ("Python around them (a run less the floor)", plain - floor),
    )
    print(f"baseline, {args.runs} runs a pass; best of {args.repeat} passes; ms per run")
    for label, seconds in rows:
        print(f"  {label:52s} {1e3 * seconds:7.2f}")
    print("calls a run, per kernel:")
    for label, n in by_kernel.most_common():
        print(f"  {label:36s} {n / args.runs:6.1f}  {1e3 * by_label[label] / args.runs:6.2f} ms with dispatch")
    by_draw = collections.Counter(name for name, _, _ in DRAWS)
    print("draws from Python a run: " + ", ".join(f"{name} {n / args.runs:.1f}" for name, n in by_draw.most_common()))
    compiled, held, numpy_draw, making = generator_call(args.repeat)
    print(
        f"one draw in compiled code, a call: handed a Generator {1e6 * compiled:.2f} us, handed the four streams "
        f"in one StructRef {1e6 * held:.2f} us (NumPy's from Python: {1e6 * numpy_draw:.2f} us); making that "
        f"StructRef of a run's four new streams {1e6 * making:.0f} us"
    )


if __name__ == "__main__":
    main()
