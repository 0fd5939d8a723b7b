"""Scenario discovery with PRIM (EMA workbench): cases, boxes, feature scores. No file I/O, no plots.

Each run of a sweep is one case: ``x`` its sample point's parameter values (parameters with
levels as a pandas categorical of their levels, so PRIM treats them as categories), ``y``
whether its output lies above a threshold. A box is a set of parameter ranges; its
*density* is the share of the runs in the box where ``y`` holds, its *coverage* the share
of all runs where ``y`` holds that lie in the box, its *mass* the share of all runs in it.

Choosing a box: EMA's PRIM peels a box down from the whole sample, trading coverage for
density at each step of the peeling trajectory (then pastes). Of the steps whose coverage
is at least :data:`MIN_COVERAGE` of the cases of interest still outside earlier boxes, we
take the one with the most coverage whose density is within :data:`DENSITY_SLACK` of the
densest of them (the knee a researcher would pick, not the last few runs peeled for a
point of density). We look for at most :data:`MAX_BOXES` boxes, each in the runs the
earlier boxes leave (PRIM's covering approach), and stop early when fewer than
:data:`MIN_CASES` cases of interest are left, or the chosen box restricts no parameter, is
no denser than the whole sample, or has no restriction with a quasi-p value (Bryant and
Lempert's one-sided binomial test, by EMA) of at most :data:`MAX_P`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..sweep.sampling import level

#: at most this many boxes
MAX_BOXES = 3
#: a chosen box covers at least this share of the cases of interest left for it
MIN_COVERAGE = 0.5
#: of the steps with enough coverage: the most coverage within this density of the densest
DENSITY_SLACK = 0.05
#: a box needs a restriction with a quasi-p value at most this
MAX_P = 0.05
#: no further box when fewer cases of interest than this are left
MIN_CASES = 10
#: PRIM's settings (EMA's defaults): share peeled or pasted per step, smallest box mass
PEEL_ALPHA = 0.05
PASTE_ALPHA = 0.05
MASS_MIN = 0.05
#: trees of the extra-trees feature scoring
SCORE_TREES = 100

#: columns of the boxes table: one row per restricted parameter per box
BOX_COLUMNS = (
    "box",
    "parameter",
    "bound",
    "low",
    "high",
    "levels",
    "range_low",
    "range_high",
    "coverage",
    "density",
    "mass",
    "runs",
    "cases",
    "p_value",
)
#: how a box restricts a parameter
BOUNDS = ("upper", "lower", "both", "levels")
#: levels in the ``levels`` column are joined by this
LEVEL_SEP = "|"


def ema() -> tuple[Any, Any]:
    """EMA workbench's ``prim`` and ``feature_scoring`` modules, imported without its warnings."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="ipyparallel not installed", category=UserWarning)
        warnings.filterwarnings("ignore", message="altair based interactive", category=ImportWarning)
        from ema_workbench.analysis import feature_scoring, prim
    return prim, feature_scoring


@contextmanager
def _quiet() -> Iterator[None]:
    """EMA's calls without its pandas and numpy deprecation notices (its business, not the user's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def design_frame(design: np.ndarray, names: list[str], levels: dict[str, list[Any]]) -> pd.DataFrame:
    """One row per sample point; a parameter with levels becomes a categorical of its levels."""
    cols: dict[str, Any] = {}
    for i, name in enumerate(names):
        if name in levels:
            cols[name] = pd.Categorical([level(levels[name], x) for x in design[:, i]], categories=levels[name])
        else:
            cols[name] = design[:, i].astype(float)
    return pd.DataFrame(cols)


def cases(
    points: pd.DataFrame, samples: np.ndarray, values: np.ndarray, threshold: float
) -> tuple[pd.DataFrame, np.ndarray]:
    """One case per run: its sample point's row of ``points`` and whether its value is above ``threshold``.

    A run without a value (NaN) counts as not above.
    """
    x = points.iloc[np.asarray(samples, dtype=int)].reset_index(drop=True)
    with np.errstate(invalid="ignore"):
        y = np.asarray(values, dtype=float) > threshold
    return x, y


@dataclass
class Discovery:
    """What PRIM found: the boxes, every peeling trajectory, and the parameters' feature scores."""

    boxes: pd.DataFrame  # BOX_COLUMNS
    trajectories: pd.DataFrame  # box, step, coverage, density, mass, res_dim, runs, cases, chosen (of kept boxes)
    scores: pd.DataFrame  # parameter, score (descending)
    runs: int
    cases: int
    ranges: dict[str, Any] = field(default_factory=dict)  # (low, high) or the levels of each parameter

    @property
    def share(self) -> float:
        """The share of all runs where the condition holds."""
        return self.cases / self.runs if self.runs else float("nan")

    def box_stats(self) -> pd.DataFrame:
        """One row per box: box, coverage, density, mass, runs, cases."""
        cols = ["box", "coverage", "density", "mass", "runs", "cases"]
        return self.boxes[cols].drop_duplicates("box").reset_index(drop=True)


def discover(
    x: pd.DataFrame,
    y: np.ndarray,
    ranges: dict[str, Any] | None = None,
    max_boxes: int = MAX_BOXES,
    min_coverage: float = MIN_COVERAGE,
    seed: int = 0,
) -> Discovery:
    """Boxes by PRIM and feature scores for cases ``x`` (one row per run) and a boolean ``y``.

    ``ranges`` gives each parameter's full range (default: the data's). See the module
    docstring for how a box is chosen on each peeling trajectory.
    """
    prim_mod, _ = ema()
    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        raise ValueError("y must hold in some cases and not in others")
    ranges = {**_data_ranges(x), **(ranges or {})}
    with _quiet():
        finder = prim_mod.Prim(x, y.astype(int), peel_alpha=PEEL_ALPHA, paste_alpha=PASTE_ALPHA, mass_min=MASS_MIN)
    rows: list[dict[str, Any]] = []
    paths: list[pd.DataFrame] = []
    total, left = int(y.sum()), int(y.sum())
    for number in range(1, max_boxes + 1):
        if left < MIN_CASES:
            break
        with _quiet():
            box = finder.find_box()
        if box is None:
            break
        path = box.peeling_trajectory.reset_index(drop=True)
        i = choose(path, min_coverage * left / total)
        found = _restrictions(box.box_lims[i], finder.box_init, ranges)
        stats = path.loc[i]
        p_values = {name: _p_value(ps) for name, ps in box.p_values[i].items()}
        if not found or stats["density"] <= y.mean() or min(p_values.values(), default=1.0) > MAX_P:
            paths.append(_trajectory(path, number, -1))  # drawn, none of its steps kept
            break
        with _quiet():
            box.select(i)
        left -= int(stats["k"])
        paths.append(_trajectory(path, number, i))
        for name, bound, low, high, levels in found:
            span = ranges.get(name)
            numeric = bound != "levels" and isinstance(span, tuple)
            rows.append(
                {
                    "box": number,
                    "parameter": name,
                    "bound": bound,
                    "low": low,
                    "high": high,
                    "levels": levels,
                    "range_low": span[0] if numeric else np.nan,
                    "range_high": span[1] if numeric else np.nan,
                    "coverage": float(stats["coverage"]),
                    "density": float(stats["density"]),
                    "mass": float(stats["mass"]),
                    "runs": int(stats["n"]),
                    "cases": int(stats["k"]),
                    "p_value": p_values.get(name, np.nan),
                }
            )
    boxes = pd.DataFrame(rows, columns=list(BOX_COLUMNS))
    trajectories = pd.concat(paths, ignore_index=True) if paths else _trajectory(pd.DataFrame(), 0, -1)
    return Discovery(boxes, trajectories, feature_scores(x, y, seed), len(y), total, ranges)


def choose(path: pd.DataFrame, min_coverage: float, slack: float = DENSITY_SLACK) -> int:
    """The step of a peeling trajectory to pick (see the module docstring); 0 if none has the coverage."""
    ok = path[path["coverage"] >= min_coverage - 1e-12]
    if ok.empty:
        return 0
    near = ok[ok["density"] >= ok["density"].max() - slack]
    best = near.sort_values(["coverage", "density"], ascending=[False, False], kind="stable")
    return int(best.index[0])


def _p_value(sides: list[float]) -> float:
    """The quasi-p value of a restriction: the larger of its restricted sides' (EMA marks the others -1)."""
    real = [float(p) for p in sides if p is not None and p >= 0]
    return max(real) if real else np.nan


def feature_scores(x: pd.DataFrame, y: np.ndarray, seed: int = 0) -> pd.DataFrame:
    """Extra-trees feature scores (EMA workbench) of the parameters for a binary ``y``, highest first.

    A parameter EMA leaves out (a categorical with one level only) scores NaN.
    """
    _, scoring = ema()
    n = x.shape[1]
    with _quiet():
        scores, _ = scoring.get_ex_feature_scores(
            x,
            np.asarray(y, dtype=int),
            mode=scoring.RuleInductionType.CLASSIFICATION,
            nr_trees=SCORE_TREES,
            max_features=max(1, round(n / 3)),
            oob_score=False,
            random_state=seed,
        )
    series = scores.iloc[:, 0].reindex(list(x.columns))
    out = pd.DataFrame({"parameter": series.index, "score": series.to_numpy(dtype=float)})
    return out.sort_values("score", ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def _data_ranges(x: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in x.columns:
        col = x[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            out[name] = list(col.cat.categories)
        elif pd.api.types.is_numeric_dtype(col):
            out[name] = (float(col.min()), float(col.max()))
        else:
            out[name] = sorted(set(col))
    return out


def _restrictions(
    lims: pd.DataFrame, init: pd.DataFrame, ranges: dict[str, Any]
) -> list[tuple[str, str, float, float, str]]:
    """(parameter, bound, low, high, levels) of each parameter the box limits ``lims`` restrict."""
    found = []
    for name in lims.columns:
        low, high = lims[name].iloc[0], lims[name].iloc[1]
        if isinstance(low, set):
            if low != init[name].iloc[0]:
                every = ranges[name] if isinstance(ranges.get(name), list) else _ordered(init[name].iloc[0])
                order = [v for v in every if v in low]
                found.append((name, "levels", np.nan, np.nan, LEVEL_SEP.join(str(v) for v in order)))
            continue
        cut_low = bool(low > init[name].iloc[0])
        cut_high = bool(high < init[name].iloc[1])
        if cut_low or cut_high:
            bound = "both" if cut_low and cut_high else "lower" if cut_low else "upper"
            found.append((name, bound, float(low), float(high), ""))
    return found


def _ordered(values: set[Any]) -> list[Any]:
    try:
        return sorted(values)
    except TypeError:
        return list(values)


def _trajectory(path: pd.DataFrame, number: int, chosen: int) -> pd.DataFrame:
    cols = ["coverage", "density", "mass", "res_dim", "n", "k"]
    out = pd.DataFrame({c: path[c] if c in path else pd.Series(dtype=float) for c in cols})
    out = out.rename(columns={"n": "runs", "k": "cases"})
    out.insert(0, "step", np.arange(len(out)))
    out.insert(0, "box", number)
    out["chosen"] = out["step"] == chosen
    return out
