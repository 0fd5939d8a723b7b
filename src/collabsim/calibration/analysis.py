"""What a calibration's samples say: the accepted ranges, their stability, which patterns rule out most,
and which patterns conflict (no I/O, no plots).

The samples table has one row per constant set (:func:`collabsim.calibration.run.set_row`):
its constants, each measure's effect, and ``PATTERN:holds`` and ``accepted`` verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .run import pattern_ids

#: the quantiles that give a constant's accepted range (the central 90% of the accepted sets)
RANGE_QUANTILES = (0.05, 0.95)
#: an accepted range narrower than this share of the prior range counts as pinned down by the patterns
IDENTIFIED_WIDTH = 0.6
#: family-wise level of the test whether the accepted sets' values differ from the rejected ones'
SHIFT_LEVEL = 0.05


def accepted_ranges(
    samples: pd.DataFrame, names: Sequence[str], bounds: np.ndarray, rows: slice | None = None
) -> pd.DataFrame:
    """Per constant: prior range, accepted min/max, the central 90% of the accepted sets, and the
    width of that 90% as a share of the width it has in the prior (0.9 for a uniform prior: 1.0 is
    "not narrowed"). ``shift_p``: a two-sample Kolmogorov-Smirnov test (scipy) of the accepted
    sets' values against the rejected ones'; ``shifted`` where it lies below :data:`SHIFT_LEVEL`
    over the number of constants (Bonferroni): the patterns move the constant without narrowing it."""
    from scipy.stats import ks_2samp

    part = samples if rows is None else samples.iloc[rows]
    is_acc = part["accepted"].to_numpy(dtype=bool)
    acc, rejected = part[is_acc], part[~is_acc]
    out = []
    for name, (low, high) in zip(names, bounds, strict=True):
        values = acc[name].to_numpy(dtype=float)
        others = rejected[name].to_numpy(dtype=float)
        shift_p = ks_2samp(values, others).pvalue if values.size and others.size else np.nan
        q_low, q_high = np.quantile(values, RANGE_QUANTILES) if values.size else (np.nan, np.nan)
        width = (q_high - q_low) / ((high - low) * (RANGE_QUANTILES[1] - RANGE_QUANTILES[0]))
        out.append(
            {
                "constant": name,
                "prior_low": low,
                "prior_high": high,
                "accepted": int(values.size),
                "accepted_min": values.min() if values.size else np.nan,
                "accepted_max": values.max() if values.size else np.nan,
                "q05": q_low,
                "median": float(np.median(values)) if values.size else np.nan,
                "q95": q_high,
                "relative_width": width,
                "identified": bool(width < IDENTIFIED_WIDTH),
                "shift_p": float(shift_p),
                "shifted": bool(shift_p < SHIFT_LEVEL / len(names)),
            }
        )
    return pd.DataFrame(out)


def stability(samples: pd.DataFrame, names: Sequence[str], bounds: np.ndarray) -> pd.DataFrame:
    """The accepted ranges from the first half of the sets beside those from all of them; ``shift``
    is the largest move of q05 or q95, as a share of the prior range."""
    half = accepted_ranges(samples, names, bounds, slice(0, len(samples) // 2))
    full = accepted_ranges(samples, names, bounds)
    width = full["prior_high"] - full["prior_low"]
    shift = np.maximum((half["q05"] - full["q05"]).abs(), (half["q95"] - full["q95"]).abs()) / width
    return pd.DataFrame(
        {
            "constant": full["constant"],
            "half_accepted": half["accepted"],
            "half_q05": half["q05"],
            "half_q95": half["q95"],
            "accepted": full["accepted"],
            "q05": full["q05"],
            "q95": full["q95"],
            "shift": shift,
        }
    )


def verdicts(samples: pd.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The patterns, and (sets x patterns) whether each held and whether each failed; a pattern not
    checked in a set (screened out after an earlier failure) did neither."""
    ids = pattern_ids(samples)
    v = samples[[f"{p}:holds" for p in ids]].astype("boolean")
    return ids, v.fillna(False).to_numpy(dtype=bool), (~v).fillna(False).to_numpy(dtype=bool)


def rejections(samples: pd.DataFrame) -> pd.DataFrame:
    """Per pattern: in how many sets it was checked, holds, fails, and fails as the only pattern that
    fails (counted in the sets where every pattern was checked)."""
    ids, held, fails = verdicts(samples)
    complete = (held | fails).all(axis=1, keepdims=True)
    alone = fails & complete & (fails.sum(axis=1, keepdims=True) == 1)
    table = pd.DataFrame(
        {
            "pattern": ids,
            "checked": (held | fails).sum(axis=0),
            "holds": held.sum(axis=0),
            "fails": fails.sum(axis=0),
            "fails_alone": alone.sum(axis=0),
        }
    )
    return table.sort_values(["fails", "fails_alone"], ascending=False, ignore_index=True)


def conflicts(samples: pd.DataFrame) -> pd.DataFrame:
    """Pairs of patterns that each hold in some sets, were checked together in some, and never hold in the same one."""
    ids, held, fails = verdicts(samples)
    checked = held | fails
    rows = [
        {"pattern": ids[a], "other": ids[b], "holds": int(held[:, a].sum()), "other_holds": int(held[:, b].sum())}
        for a, b in combinations(range(len(ids)), 2)
        if held[:, a].any()
        and held[:, b].any()
        and (checked[:, a] & checked[:, b]).any()
        and not (held[:, a] & held[:, b]).any()
    ]
    return pd.DataFrame(rows, columns=["pattern", "other", "holds", "other_holds"])


def never_hold(samples: pd.DataFrame) -> list[str]:
    """The patterns checked in some set that hold in none."""
    ids, held, fails = verdicts(samples)
    return [p for k, p in enumerate(ids) if fails[:, k].any() and not held[:, k].any()]


def never_checked(samples: pd.DataFrame) -> list[str]:
    """The patterns no set reached (every set failed an earlier one)."""
    ids, held, fails = verdicts(samples)
    return [p for k, p in enumerate(ids) if not (held[:, k] | fails[:, k]).any()]


#: the name of the dummy input of :func:`constant_sensitivity`: a random column no run used
NOISE = "(no constant: noise floor)"
#: fewer constant sets than this give no RBD-FAST indices (SALib's default of 10 harmonics needs many more)
MIN_SETS = 40


def constant_sensitivity(
    samples: pd.DataFrame, names: Sequence[str], bounds: np.ndarray, seed: int, resamples: int = 100
) -> pd.DataFrame:
    """Which constants decide each measure's effect, and acceptance: RBD-FAST first-order indices
    (SALib, on the calibration's Latin hypercube of constant sets), one row per (output, constant).

    A dummy input that no run used (:data:`NOISE`) shows the indices chance alone gives at this
    number of sets; ``above_noise`` marks a constant whose interval lies wholly above the dummy's
    index and above zero (at few sets the intervals are wide and nothing is marked).
    Fewer than :data:`MIN_SETS` sets give an empty table.
    """
    from ..sweep.analysis import rbd_indices

    columns = ["output", "constant", "S1", "S1_conf", "noise_S1", "above_noise"]
    if len(samples) < MIN_SETS:
        return pd.DataFrame(columns=columns)
    x = samples[list(names)].to_numpy(dtype=float)
    dummy = np.random.default_rng(seed).random(len(samples))
    x = np.column_stack([x, bounds[0, 0] + dummy * (bounds[0, 1] - bounds[0, 0])])
    problem = {"num_vars": len(names) + 1, "names": [*names, NOISE], "bounds": [*bounds.tolist(), bounds[0].tolist()]}
    outputs = [c for c in samples.columns if c.endswith(":effect")] + ["accepted"]
    parts = []
    for out in outputs:
        y = samples[out].to_numpy(dtype=float)
        if np.isnan(y).any() or np.ptp(y) == 0:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            si = rbd_indices(problem, x, y, resamples, 0.95, seed).rename(columns={"parameter": "constant"})
        floor = float(si.loc[si["constant"] == NOISE, "S1"].iloc[0])
        si = si[si["constant"] != NOISE].assign(output=out.removesuffix(":effect"), noise_S1=floor)
        si["above_noise"] = (si["S1"] - si["S1_conf"]) > max(floor, 0.0)
        parts.append(si.sort_values("S1", ascending=False))
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
