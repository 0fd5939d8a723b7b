"""The ``collabsim patterns`` command: run the experiments, write tables, figures and the report."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .. import __version__
from ..calibration.ensemble import Ensemble, coverage_note, load_ensemble
from ..errors import InputError
from ..evaluator import worker_count
from ..output import atomic_write, check_out_folder, write_figure
from .document import markdown_table, validation_markdown
from .effects import effects, run_experiments, run_table, unique_runs
from .experiments import PATTERN_DIR, Loaded, load_pattern_experiments
from .figures import experiment_figure, overview_figure


def patterns_command(
    *,
    replications: int | None,
    seed: int | None,
    workers: int | None,
    out: str,
    only: Sequence[str],
    doc: str | None,
    experiments: str | None,
    quiet: bool,
    ensemble: str | None = None,
) -> int:
    """Run the pattern experiments; write effects.csv, effects.md, runs.csv and the figures to ``out``.

    With ``doc``, also the validation report (Markdown) with figure paths relative to it.
    Every check of the arguments comes before anything runs.
    """
    directory = Path(experiments) if experiments else PATTERN_DIR
    if not directory.is_dir():
        raise InputError("--experiments", "experiments", str(directory), "a folder with experiment .toml files")
    loaded = load_pattern_experiments(directory, only)
    folder = check_out_folder(Path(out))
    if doc and Path(doc).is_dir():
        raise InputError("--doc", "doc", doc, "a Markdown file path, not a folder")
    members = load_ensemble(ensemble) if ensemble else None
    n_runs = unique_runs(loaded, replications, seed, members)
    if note := coverage_note(members, replications or min(e.replications for e in loaded)):
        print(note, file=sys.stderr)
    workers = worker_count(workers, n_runs)
    start = time.perf_counter()
    with tqdm(total=n_runs, desc="patterns", unit="run", disable=quiet, file=sys.stderr) as bar:
        arms = run_experiments(loaded, replications, seed, workers, bar.update, members)
    seconds = time.perf_counter() - start
    table = effects(loaded, arms, seed=seed or 0)
    figures = {}
    for e in loaded:
        path = folder / f"{e.id.lower()}.png"
        write_figure(experiment_figure(e, arms, table), path)
        figures[e.id] = path
    write_figure(overview_figure(table), folder / "overview.png")
    atomic_write(folder / "effects.csv", lambda p: table.to_csv(p, index=False))
    atomic_write(folder / "effects.md", lambda p: p.write_text(markdown_table(table), encoding="utf-8"))
    runs = run_table(loaded, arms)
    atomic_write(folder / "runs.csv", lambda p: runs.to_csv(p, index=False))
    note = run_note(loaded, table, replications, seed, n_runs, seconds, workers, ensemble, members)
    if doc:
        where = Path(doc).parent
        rel = {k: os.path.relpath(v, where) for k, v in figures.items()}
        text = validation_markdown(loaded, table, rel, os.path.relpath(folder / "overview.png", where), note)
        atomic_write(Path(doc), lambda p: p.write_text(text, encoding="utf-8"))
    shown = table[["id", "label", "effect", "ci_low", "ci_high", "d_z", "reproduced"]].round(3)
    print(shown.to_string(index=False))
    n_ok = int(table.groupby("id")["reproduced"].all().sum())
    print(f"\n{n_ok} of {len(loaded)} experiments reproduced in every measure; {note}")
    print(f"wrote {folder}/effects.csv, effects.md, runs.csv, overview.png and one figure per experiment")
    return 0


def run_note(
    loaded: Sequence[Loaded],
    table: pd.DataFrame,
    replications: int | None,
    seed: int | None,
    n_runs: int,
    seconds: float,
    workers: int,
    ensemble: str | None = None,
    members: Ensemble | None = None,
) -> str:
    """What was run: the command, the version, seeds, runs, time and date (for the report and the terminal)."""
    reps = sorted({int(n) for n in table["replications"]})
    horizons = "/".join(sorted({f"{e.horizon:g}" for e in loaded}))
    seeds = "the seed of each experiment file" if seed is None else f"base seed {seed}"
    across = f", across the {len(members.members)} constant sets of {ensemble}" if members is not None else ""
    return (
        f"`collabsim patterns{f' --replications {replications}' if replications else ''}"
        f"{f' --seed {seed}' if seed is not None else ''}{f' --ensemble {ensemble}' if ensemble else ''}` "
        f"with collabsim {__version__}: "
        f"{len(loaded)} experiments, {'/'.join(map(str, reps))} seeds per arm ({seeds}{across}), "
        f"{n_runs} runs of {horizons} simulated years in {seconds / 60:.1f} minutes on {workers} worker processes "
        f"({pd.Timestamp.now(tz='UTC'):%Y-%m-%d})."
    )
