"""The ``collabsim compare`` command: run scenarios on common random numbers, write the report."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ..calibration.ensemble import load_ensemble
from ..evaluator import worker_count
from ..output import check_out_folder
from ..scenario import load_scenario
from .analysis import check_distinct, evaluation_year, run_comparison
from .render import write_report


def compare_command(
    names: Sequence[str],
    overrides: Mapping[str, Any],
    *,
    settings: Sequence[str],
    replications: int | None,
    seed: int | None,
    workers: int | None,
    lang: str,
    year: int | None,
    out: str | None,
    quiet: bool,
    ensemble: str | None = None,
) -> int:
    """Compare the scenarios ``names`` (each with ``overrides``); write the HTML report and CSV tables.

    ``settings`` are the ``--set NAME=VALUE`` items as given, for the command line the report
    quotes. Every check of the arguments comes before anything runs.
    """
    scenarios = [load_scenario(name, overrides) for name in names]
    members = load_ensemble(ensemble) if ensemble else None
    check_distinct(scenarios)
    evaluation_year(scenarios, year)  # a bad --year stops here, before anything runs
    n = replications or max(sc.replications for sc in scenarios)
    seed = scenarios[0].seed if seed is None else seed
    default = Path("results") / "compare" / "_vs_".join(sc.name for sc in scenarios)
    folder = check_out_folder(Path(out) if out else default)
    total = n * len(scenarios)
    workers = worker_count(workers, total)
    with tqdm(total=total, desc="compare", unit="run", disable=quiet, file=sys.stderr) as bar:
        comp = run_comparison(
            scenarios, n, seed, workers=workers, year=year, progress=bar.update,
            ensemble=members, ensemble_name=ensemble,
        )  # fmt: skip
    command = ["collabsim", "compare", *names]
    for item in settings:
        command += ["--set", item]
    command += ["--replications", str(n), "--seed", str(seed), "--lang", lang]
    if year is not None:
        command += ["--year", str(year)]
    if ensemble:
        command += ["--ensemble", ensemble]
    written = write_report(comp, folder, lang, shlex.join(command))
    across = f", across {len(members.members)} constant sets of {ensemble}" if members is not None else ""
    print(
        f"wrote {written[-1]} and {len(written) - 1} CSV tables in {folder} "
        f"({n} runs per scenario, seed {seed}{across})"
    )
    return 0
