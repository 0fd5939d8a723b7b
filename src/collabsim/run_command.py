"""The ``collabsim run`` command: a scenario's replications, written as Parquet tables and a figure."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from .calibration.ensemble import coverage_note, load_ensemble
from .evaluator import worker_count
from .outcomes import SUMMARY_OUTCOMES
from .output import check_out_folder, write_figure, write_parquet
from .plotting import timeseries_figure
from .runner import run
from .scenario import load_scenario


def run_command(
    name: str,
    overrides: Mapping[str, Any],
    *,
    replications: int | None,
    seed: int | None,
    workers: int | None,
    out: str | None,
    quiet: bool,
    ensemble: str | None = None,
) -> int:
    """Run the scenario ``name`` (with ``overrides``); write summary.parquet, timeseries.parquet and timeseries.png.

    Prints the summary table; every check of the arguments comes before anything runs.
    """
    scenario = load_scenario(name, overrides)
    members = load_ensemble(ensemble) if ensemble else None
    n = replications or scenario.replications
    seed = scenario.seed if seed is None else seed
    if note := coverage_note(members, n):
        print(note, file=sys.stderr)
    workers = worker_count(workers, n)
    folder = check_out_folder(Path(out) if out else Path("results") / scenario.name)
    with tqdm(total=n, desc=f"{scenario.name}", unit="run", disable=quiet, file=sys.stderr) as bar:
        summary, timeseries = run(
            scenario, replications=n, seed=seed, workers=workers, progress=bar.update, ensemble=members
        )
    meta = {"scenario": scenario.name, "scenario_hash": scenario.content_hash(), "seed": seed, "replications": n}
    if members is not None:
        meta["ensemble"] = f"{ensemble} ({len(members.members)} constant sets)"
    events = [(e.year, e.type) for e in scenario.events]
    if scenario.preconditions.funding_years < scenario.horizon:
        events.append((scenario.preconditions.funding_years, "project money ends"))
    fig = timeseries_figure(timeseries, scenario.title or scenario.name, events)
    write_parquet(summary, folder / "summary.parquet", meta)
    write_parquet(timeseries, folder / "timeseries.parquet", meta)
    write_figure(fig, folder / "timeseries.png")
    print(summary_table(summary).to_string())
    across = f", across {len(members.members)} constant sets of {ensemble}" if members is not None else ""
    print(f"\nwrote {folder}/summary.parquet, timeseries.parquet, timeseries.png ({n} runs, seed {seed}{across})")
    return 0


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Mean, spread and quartiles of the summary outcomes over replications."""
    described = summary[list(SUMMARY_OUTCOMES)].describe(percentiles=[0.5]).T
    table = described[["count", "mean", "std", "min", "50%", "max"]]
    table = table.rename(columns={"count": "runs with value", "50%": "median"})
    return table.round(3)
