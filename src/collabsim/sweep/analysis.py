"""Sensitivity analysis of a stored sweep with SALib: tables and figures.

Each output is analysed twice: the mean over a sample point's replications, and the
spread between them (standard deviation, ``<output>:sd``) as a second output. NaN values
(e.g. ``time_to_network`` where no network formed) are left out of the mean; an output
with a sample point that has no value at all is skipped and reported.
``sobol``: S1, ST and S2 with SALib's bootstrap confidence intervals; ``morris``: mu*,
its interval, and sigma; ``lhs``: RBD-FAST S1; ``grid``: main effects (means by level).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from ..errors import InputError
from ..output import atomic_write, write_figure
from . import store

CONVERGENCE_STEPS = 4


def load_runs(out: Path, outputs: list[str]) -> pd.DataFrame:
    """The stored runs of a finished sweep (ids and the given outputs)."""
    path = out / store.RUNS
    if not path.is_file():
        raise InputError(str(out), "runs.parquet", "missing", "a finished sweep (run 'collabsim sweep ... --resume')")
    return pq.read_table(path, columns=["sample", "replication", *outputs]).to_pandas()


def point_outputs(runs: pd.DataFrame, outputs: list[str], points: int) -> dict[str, np.ndarray]:
    """Per sample point: the mean over replications, and their spread (``name:sd``)."""
    grouped = runs.groupby("sample", sort=True)
    mean = grouped[outputs].mean()
    if len(mean) != points:
        raise ValueError(f"the runs cover {len(mean)} of {points} sample points")
    result = {o: mean[o].to_numpy() for o in outputs}
    if runs["replication"].max() >= 1:
        sd = grouped[outputs].std(ddof=1)
        result.update({f"{o}:sd": sd[o].to_numpy() for o in outputs})
    return result


def _problem(man: dict[str, Any]) -> dict[str, Any]:
    prob = man["problem"]
    return {"num_vars": len(prob["names"]), "names": prob["names"], "bounds": prob["bounds"]}


def _usable(y: np.ndarray) -> str | None:
    if np.isnan(y).any():
        return f"{int(np.isnan(y).sum())} sample points without a value (NaN)"
    if np.ptp(y) == 0:
        return "constant over the sample"
    return None


def sobol_indices(
    problem: dict[str, Any], y: np.ndarray, second_order: bool, resamples: int, confidence: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """S1 and ST (with intervals) per parameter, and S2 per pair, by SALib."""
    from SALib.analyze import sobol

    with np.errstate(divide="ignore", invalid="ignore"):
        si = sobol.analyze(
            problem, y, calc_second_order=second_order, num_resamples=resamples, conf_level=confidence, seed=seed
        )
    first = pd.DataFrame(
        {
            "parameter": problem["names"],
            "S1": si["S1"],
            "S1_conf": si["S1_conf"],
            "ST": si["ST"],
            "ST_conf": si["ST_conf"],
        }
    )
    pairs = []
    if second_order:
        names = problem["names"]
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                pairs.append((names[i], names[j], si["S2"][i, j], si["S2_conf"][i, j]))
    second = pd.DataFrame(pairs, columns=["parameter_1", "parameter_2", "S2", "S2_conf"])
    return first, second


def morris_indices(
    problem: dict[str, Any], x: np.ndarray, y: np.ndarray, levels: int, resamples: int, confidence: float, seed: int
) -> pd.DataFrame:
    """mu, mu* (with interval) and sigma per parameter, by SALib."""
    from SALib.analyze import morris

    si = morris.analyze(problem, x, y, num_resamples=resamples, conf_level=confidence, num_levels=levels, seed=seed)
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "mu": si["mu"],
            "mu_star": si["mu_star"],
            "mu_star_conf": si["mu_star_conf"],
            "sigma": si["sigma"],
        }
    )


def rbd_indices(
    problem: dict[str, Any], x: np.ndarray, y: np.ndarray, resamples: int, confidence: float, seed: int
) -> pd.DataFrame:
    from SALib.analyze import rbd_fast

    si = rbd_fast.analyze(problem, x, y, num_resamples=resamples, conf_level=confidence, seed=seed)
    return pd.DataFrame({"parameter": problem["names"], "S1": si["S1"], "S1_conf": si["S1_conf"]})


def grid_effects(runs: pd.DataFrame, design: np.ndarray, names: list[str], output: str) -> pd.DataFrame:
    """Main effects on a full factorial: the mean output at each level of each parameter."""
    rows = []
    y = runs.groupby("sample", sort=True)[output].mean().to_numpy()
    for i, name in enumerate(names):
        for level in np.unique(design[:, i]):
            rows.append({"parameter": name, "level": level, "mean": float(y[design[:, i] == level].mean())})
    return pd.DataFrame(rows)


def _block_rows(man: dict[str, Any]) -> int:
    d = len(man["problem"]["names"])
    if man["method"] == "sobol":
        return 2 * d + 2 if man["analysis"]["second_order"] else d + 2
    return d + 1  # morris trajectory


def convergence(man: dict[str, Any], x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """Indices recomputed on the first 1/8, 1/4, 1/2 and all of the base samples."""
    prob, a = _problem(man), man["analysis"]
    base = man["samples"]
    block = _block_rows(man)
    rows = []
    sizes = sorted({max(min(4, base), base >> k) for k in range(CONVERGENCE_STEPS)})
    for n in sizes:
        if man["method"] == "sobol":
            first, _ = sobol_indices(
                prob, y[: n * block], a["second_order"], a["resamples"], a["confidence"], man["seed"]
            )
            first["base_samples"] = n
            rows.append(first)
        else:
            m = morris_indices(
                prob, x[: n * block], y[: n * block], a["levels"], a["resamples"], a["confidence"], man["seed"]
            )
            m["base_samples"] = n
            rows.append(m)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def analyze(out: Path, figures: bool = True) -> dict[str, pd.DataFrame]:
    """Analyse a finished sweep in ``out``; writes ``analysis/`` tables and figures there.

    Returns the tables by name (``indices``, ``second_order``, ``convergence``, ``skipped``).
    """
    man = store.read_manifest(out)
    outputs = man["outputs"]
    runs = load_runs(out, outputs)
    x = store.read_design(out)
    ys = point_outputs(runs, outputs, man["points"])
    prob, a = _problem(man), man["analysis"]
    method = man["method"]
    tables: dict[str, list[pd.DataFrame]] = {"indices": [], "second_order": [], "convergence": []}
    skipped = []
    for name, y in ys.items():
        why = _usable(y)
        if why:
            skipped.append({"output": name, "reason": why})
            continue
        ident = {"output": name.split(":")[0], "statistic": "sd" if name.endswith(":sd") else "mean"}
        if method == "sobol":
            first, second = sobol_indices(prob, y, a["second_order"], a["resamples"], a["confidence"], man["seed"])
            tables["second_order"].append(second.assign(**ident))
        elif method == "morris":
            first = morris_indices(prob, x, y, a["levels"], a["resamples"], a["confidence"], man["seed"])
        elif method == "lhs":
            first = rbd_indices(prob, x, y, a["resamples"], a["confidence"], man["seed"])
        else:
            if ident["statistic"] == "sd":
                continue
            first = grid_effects(runs, x, prob["names"], name)
        tables["indices"].append(first.assign(**ident))
        if method in ("sobol", "morris") and ident["statistic"] == "mean":
            conv = convergence(man, x, y)
            if not conv.empty:
                tables["convergence"].append(conv.assign(**ident))
    result = {k: _front(pd.concat(v, ignore_index=True)) if v else pd.DataFrame() for k, v in tables.items()}
    result["skipped"] = pd.DataFrame(skipped, columns=["output", "reason"])
    _write_tables(out / "analysis", result, man)
    if figures:
        _write_figures(out / "analysis", result, man)
    return result


def _front(df: pd.DataFrame) -> pd.DataFrame:
    cols = ["output", "statistic"]
    return df[cols + [c for c in df.columns if c not in cols]]


def _write_tables(folder: Path, tables: dict[str, pd.DataFrame], man: dict[str, Any]) -> None:
    for name, df in tables.items():
        if not df.empty:
            text = df.to_csv(index=False, float_format="%.6g")
            atomic_write(folder / f"{name}.csv", lambda p, t=text: p.write_text(t))
    info = {k: man[k] for k in ("collabsim_version", "experiment", "experiment_hash", "seed", "method", "runs")}
    body = json.dumps(info, indent=2) + "\n"
    atomic_write(folder / "provenance.json", lambda p: p.write_text(body))


def ranking(indices: pd.DataFrame, output: str, method: str, statistic: str = "mean") -> pd.DataFrame:
    """Parameters ranked by ST (sobol), mu* (morris) or S1 (lhs) for one output."""
    key = {"sobol": "ST", "morris": "mu_star", "lhs": "S1"}[method]
    sel = indices[(indices["output"] == output) & (indices["statistic"] == statistic)]
    return sel.sort_values(key, ascending=False).reset_index(drop=True)


def _write_figures(folder: Path, tables: dict[str, pd.DataFrame], man: dict[str, Any]) -> None:
    from . import figures

    idx, method = tables["indices"], man["method"]
    if idx.empty:
        return
    title = f"{man['experiment']} ({man['runs']} runs)"
    for (output, stat), df in idx.groupby(["output", "statistic"], sort=False):
        label = output if stat == "mean" else f"{output} (spread between replications)"
        stem = output if stat == "mean" else f"{output}_sd"
        if method == "sobol":
            fig = figures.sobol_bars(df, f"{label}: {title}")
        elif method == "morris":
            fig = figures.morris_plane(df, f"{label}: {title}")
        else:
            continue
        write_figure(fig, folder / f"{method}_{stem}.png")
    conv = tables["convergence"]
    if not conv.empty:
        for output, df in conv.groupby("output", sort=False):
            fig = figures.convergence(df, method, f"{output}: {title}")
            write_figure(fig, folder / f"convergence_{output}.png")
