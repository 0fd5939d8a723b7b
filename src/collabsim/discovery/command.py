"""``collabsim discover``: scenario discovery on a stored sweep (reads the sweep, writes the files).

Writes into ``--out`` (default ``SWEEP/discovery``): ``boxes.csv`` (one row per restricted
parameter per box), ``trajectories.csv`` (every peeling trajectory, the chosen steps
marked), ``feature_scores.csv``, ``peeling_trajectory.png``, ``box_limits.png``, the
boxes in words, ``boxes_nl.md`` and ``boxes_en.md``, and ``discovery.json`` (the output,
threshold, runs and sweep the words need, for ``collabsim compare --what-it-takes``). Every check comes before the first
file is written: a bad input leaves nothing behind.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, did_you_mean
from ..output import atomic_write, check_out_folder, write_figure
from ..sweep.analysis import load_runs
from ..sweep.store import read_design, read_manifest
from ..texts import LANGUAGES
from .prim import Discovery, cases, design_frame, discover

DEFAULT_OUTPUT = "sustained"
DEFAULT_THRESHOLD = 0.5
FOLDER = "discovery"
#: what a discovery folder records about itself (output, threshold, runs, cases, sweep)
INFO = "discovery.json"


@dataclass
class SweepDiscovery:
    """A discovery on a sweep, with what the words need to say about it."""

    discovery: Discovery
    output: str
    threshold: float
    sweep: dict[str, Any]  # folder, points, replications, method

    def words(self, lang: str) -> str:
        """The boxes in words (Markdown) in ``lang``: for this command and for reports."""
        from .words import summary

        return summary(self.discovery, self.output, self.threshold, lang, self.sweep)

    def headline(self, lang: str) -> str:
        """The first box in words, or that PRIM found none."""
        from .words import headline

        return headline(self.discovery, self.output, self.threshold, lang)

    def sentences(self, lang: str) -> list[str]:
        """One sentence per box in ``lang``."""
        from .words import box_sentences

        return box_sentences(self.discovery, self.output, self.threshold, lang)


def parse_threshold(text: str | float) -> float:
    """``--threshold`` as a finite number."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise InputError("--threshold", "threshold", text, "a finite number, e.g. 0.5")
    return value


def discover_sweep(
    folder: Path, output: str = DEFAULT_OUTPUT, threshold: str | float = DEFAULT_THRESHOLD
) -> SweepDiscovery:
    """Read a finished sweep and run the scenario discovery (nothing is written)."""
    if not folder.is_dir():
        raise InputError(str(folder), "folder", str(folder), "a sweep folder written by 'collabsim sweep'")
    man = read_manifest(folder)
    outputs = list(man["outputs"])
    if output not in outputs:
        raise InputError(
            "--output",
            "output",
            output,
            f"one of the sweep's outputs{did_you_mean(output, outputs)}: {', '.join(outputs)}",
        )
    limit = parse_threshold(threshold)
    runs = load_runs(folder, [output])
    design = read_design(folder)
    names = list(man["problem"]["names"])
    levels = dict(man.get("levels") or {})
    if design.shape != (man["points"], len(names)):
        raise InputError(str(folder / "design.parquet"), "shape", design.shape, f"{man['points']} rows x {len(names)}")
    x, y = cases(design_frame(design, names, levels), runs["sample"].to_numpy(), runs[output].to_numpy(), limit)
    if y.all() or not y.any():
        values = runs[output].dropna()
        spread = f"from {values.min():g} to {values.max():g}" if len(values) else "NaN in every run"
        held = "all" if y.all() else "none"
        raise InputError(
            "--threshold",
            "threshold",
            limit,
            f"a value {output} is above in some runs but not all (it is above {limit:g} in {held} of the "
            f"{len(y)} runs; its values run {spread}): PRIM has nothing to find",
        )
    ranges: dict[str, Any] = {}
    for name, bounds in zip(names, man["problem"]["bounds"], strict=True):
        ranges[name] = list(levels[name]) if name in levels else (float(bounds[0]), float(bounds[1]))
    found = discover(x, y, ranges, seed=int(man["seed"]))
    sweep = {
        "folder": str(folder),
        "points": man["points"],
        "replications": man["replications"],
        "method": man["method"],
    }
    return SweepDiscovery(found, output, limit, sweep)


def discover_command(
    folder: str | Path,
    output: str = DEFAULT_OUTPUT,
    threshold: str | float = DEFAULT_THRESHOLD,
    lang: str = "nl",
    out: str | Path | None = None,
) -> int:
    """Run the discovery on a sweep and write its tables, figures and words; print a short summary."""
    from .figures import box_limits, trajectory

    folder = Path(folder)
    if lang not in LANGUAGES:
        raise InputError("--lang", "lang", lang, " or ".join(LANGUAGES))
    target = check_out_folder(Path(out) if out is not None else folder / FOLDER)
    result = discover_sweep(folder, output, threshold)
    found = result.discovery
    title = f"{output} > {result.threshold:g} in {found.cases} of {found.runs} runs ({folder.name})"
    _csv(found.boxes, target / "boxes.csv")
    _csv(found.trajectories, target / "trajectories.csv")
    _csv(found.scores, target / "feature_scores.csv")
    write_figure(trajectory(found, f"Peeling trajectories: {title}"), target / "peeling_trajectory.png")
    write_figure(box_limits(found, f"Box limits: {title}"), target / "box_limits.png")
    about = {"output": output, "threshold": result.threshold, "runs": found.runs, "cases": found.cases}
    about["sweep"] = result.sweep
    atomic_write(target / INFO, lambda p: p.write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8"))
    for language in LANGUAGES:
        body = result.words(language)
        atomic_write(target / f"boxes_{language}.md", lambda p, body=body: p.write_text(body, encoding="utf-8"))
    boxes = found.boxes["box"].nunique()
    print(
        f"wrote {target}/: boxes.csv ({boxes} boxes), trajectories.csv, feature_scores.csv, "
        f"peeling_trajectory.png, box_limits.png, boxes_nl.md, boxes_en.md, {INFO} ({found.runs} runs, "
        f"{found.cases} with {output} > {result.threshold:g})"
    )
    print(result.headline(lang))
    return 0


def _csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda p: df.to_csv(p, index=False))
