"""Parameter sweeps and sensitivity analysis: known answers, crash safety, backends, errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from helpers import SMALL, run_cli, stored_runs

from collabsim.sweep import load_experiment, sweep
from collabsim.sweep.analysis import analyze
from collabsim.sweep.execute import run_seed
from collabsim.sweep.experiment import EXPERIMENT_DIR
from collabsim.sweep.reference import SOBOL_G_A, ishigami_indices
from collabsim.sweep.sampling import sample

FAULTS = Path(__file__).with_name("faults.py")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

ISHIGAMI = """
model = "collabsim.sweep.reference:ishigami"
method = "sobol"
samples = {n}
seed = 11
outputs = ["y"]
resamples = 300
[parameters]
x1 = {{ bounds = [-3.141592653589793, 3.141592653589793] }}
x2 = {{ bounds = [-3.141592653589793, 3.141592653589793] }}
x3 = {{ bounds = [-3.141592653589793, 3.141592653589793] }}
"""



def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path



# --- known answers ----------------------------------------------------------------------


def test_ishigami_indices_within_their_confidence_intervals(tmp_path):
    """Sobol sampling, the run store and SALib analysis recover the analytical indices."""
    exp_file = write(tmp_path, ISHIGAMI.format(n=1024))
    code, _, _ = run_cli("sweep", str(exp_file), "--workers", "1", "--out", str(tmp_path / "s"), "--quiet")
    assert code == 0
    code, out, _ = run_cli("analyze", str(tmp_path / "s"))
    assert code == 0
    assert "x1" in out
    idx = pd.read_csv(tmp_path / "s" / "analysis" / "indices.csv")
    idx = idx[idx["statistic"] == "mean"].set_index("parameter").loc[["x1", "x2", "x3"]]
    truth = ishigami_indices()
    for key in ("S1", "ST"):
        err = np.abs(idx[key].to_numpy() - truth[key])
        assert (err <= idx[f"{key}_conf"].to_numpy()).all(), (key, err, idx[f"{key}_conf"].to_numpy())
    s2 = pd.read_csv(tmp_path / "s" / "analysis" / "second_order.csv")
    assert np.all(np.abs(s2["S2"].to_numpy() - truth["S2"]) <= s2["S2_conf"].to_numpy())
    # the Ishigami function has no replication noise: one replication, no spread output
    assert set(idx.reset_index()["output"]) == {"y"}
    for name in ("sobol_y.png", "convergence_y.png"):
        assert (tmp_path / "s" / "analysis" / name).read_bytes()[:8] == PNG_MAGIC
    conv = pd.read_csv(tmp_path / "s" / "analysis" / "convergence.csv")
    assert sorted(conv["base_samples"].unique()) == [128, 256, 512, 1024]


def test_morris_ranks_sobol_g_inputs_by_their_coefficients(tmp_path):
    """Morris mu* orders the G-function's inputs as their analytical importance (a small = important)."""
    params = "\n".join(f"x{i + 1} = {{ bounds = [0, 1] }}" for i in range(len(SOBOL_G_A)))
    text = 'model = "collabsim.sweep.reference:sobol_g"\nmethod = "morris"\nsamples = 40\nseed = 3\n'
    text += f'outputs = ["y"]\nresamples = 200\n[parameters]\n{params}\n'
    exp = load_experiment(write(tmp_path, text))
    sweep(exp, tmp_path / "m")
    idx = analyze(tmp_path / "m")["indices"].set_index("parameter")
    mu = idx["mu_star"].to_numpy()
    assert list(np.argsort(-mu[:4])) == [0, 1, 2, 3]
    assert mu[0] > 5 * mu[3]
    assert mu[4] < 0.05 * mu[0]
    assert (tmp_path / "m" / "analysis" / "morris_y.png").read_bytes()[:8] == PNG_MAGIC


# --- seeds and design ---------------------------------------------------------------------


def test_seeds_are_common_random_numbers_by_default(tmp_path):
    exp = load_experiment(write(tmp_path, SMALL.format(n=4)))
    seeds = np.array([run_seed(exp, r) for r in range(10)]).reshape(5, 2)
    assert (seeds == seeds[0]).all()
    assert seeds[0, 0] != seeds[0, 1]
    independent = exp.model_copy(update={"common_random_numbers": False})
    other = np.array([run_seed(independent, r) for r in range(10)])
    assert len(set(other)) == 10
    assert (sample(exp) == sample(exp)).all()


def test_categorical_kartrekker_maps_by_floor(tmp_path):
    exp = load_experiment(write(tmp_path, SMALL.format(n=16)))
    sweep(exp, tmp_path / "s", workers=1)
    runs = pd.read_parquet(tmp_path / "s" / "runs.parquet")
    design = sample(exp)
    expected = np.array(["none", "internal", "external", "duo"])[np.floor(design[:, 2]).astype(int)]
    assert (runs["kartrekker"].to_numpy()[:: exp.replications] == expected).all()
    assert set(runs["kartrekker"]) == {"none", "internal", "external", "duo"}


# --- crash safety and backends ------------------------------------------------------------


@pytest.mark.slow
def test_resume_after_kill_9_gives_the_uninterrupted_result(tmp_path):
    """kill -9 the whole sweep mid-way; --resume runs only what is missing; bytes match."""
    exp_file = write(tmp_path, SMALL.format(n=16))
    reference = tmp_path / "reference"
    sweep(load_experiment(exp_file), reference, workers=1)
    out = tmp_path / "killed"
    args = ["sweep", str(exp_file), "--workers", "2", "--out", str(out), "--quiet"]
    proc = subprocess.Popen(
        [sys.executable, str(FAULTS), "publish:6:after", "--", *args],  # 3 setup files, then 3 part files
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert proc.wait(timeout=600) == -signal.SIGKILL  # killed mid-sweep, workers included
    total = json.loads((out / "manifest.json").read_text())["runs"]
    done = stored_runs(out)
    assert 0 < done < total
    assert not (out / "runs.parquet").exists()
    code, stdout, _ = run_cli("sweep", str(exp_file), "--workers", "2", "--out", str(out), "--resume", "--quiet")
    assert code == 0
    assert f"({total - done} now, {done} before)" in stdout
    assert (out / "runs.parquet").read_bytes() == (reference / "runs.parquet").read_bytes()
    runs = pd.read_parquet(out / "runs.parquet")
    assert list(runs["run"]) == list(range(total))


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_results_as_local_processes(tmp_path):
    from distributed import LocalCluster

    exp = load_experiment(write(tmp_path, SMALL.format(n=8)))
    sweep(exp, tmp_path / "local", workers=2)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        code, stdout, _ = run_cli(
            "sweep", str(tmp_path / "exp.toml"), "--scheduler", cluster.scheduler_address, "--out",
            str(tmp_path / "dask"), "--quiet",
        )  # fmt: skip
    assert code == 0
    assert "Dask scheduler" in stdout
    assert (tmp_path / "dask" / "runs.parquet").read_bytes() == (tmp_path / "local" / "runs.parquet").read_bytes()
    remote = pq.read_table(tmp_path / "dask" / "runs.parquet")
    assert remote.schema.metadata[b"collabsim_experiment_hash"] == exp.content_hash().encode()


def test_worker_count_does_not_change_results(tmp_path):
    exp = load_experiment(write(tmp_path, SMALL.format(n=4)))
    sweep(exp, tmp_path / "one", workers=1)
    sweep(exp, tmp_path / "two", workers=2, batch=3)
    assert (tmp_path / "one" / "runs.parquet").read_bytes() == (tmp_path / "two" / "runs.parquet").read_bytes()
    runs = pd.read_parquet(tmp_path / "one" / "runs.parquet")
    assert len(runs) == 4 * 5 * 2
    assert (runs["sustained"] >= 0).all()


# --- bad input ----------------------------------------------------------------------------

BAD = [
    ("samples = 4\n", "samples = 4\nbogus = 1\n", "bogus"),
    ('method = "sobol"', 'method = "sobolx"', "method"),
    ("samples = 4\n", "samples = 5\n", "samples"),
    ("urgency = { bounds = [0, 1] }", "urgncy = { bounds = [0, 1] }", "parameters.urgncy"),
    ("turnover = { bounds = [0, 0.5] }", "turnover = { bounds = [0, 0.9] }", "parameters.turnover.bounds"),
    ("turnover = { bounds = [0, 0.5] }", "turnover = { bounds = [0.5, 0] }", "parameters.turnover.bounds"),
    ('"external", "duo"', '"external", "trio"', "parameters.kartrekker.levels"),
    ('"peak_ties"', '"peak_tie"', "outputs"),
    ("residents = 200", "residents = -1", "fixed.residents"),
    ('scenario = "baseline"', 'scenario = "baselin"', "scenario"),
    ("replications = 2", "replications = 0", "replications"),
    ("[fixed]", "[fixed\n", "TOML"),
]


@pytest.mark.parametrize(("old", "new", "key"), BAD)
def test_bad_experiment_files_give_one_line_and_exit_2(tmp_path, old, new, key):
    text = SMALL.format(n=4)
    assert old in text
    exp_file = write(tmp_path, text.replace(old, new, 1))
    code, out, err = run_cli("sweep", str(exp_file), "--out", str(tmp_path / "o"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert f"{exp_file}: {key}" in err
    assert not (tmp_path / "o").exists()


def test_unknown_model_function_is_a_bad_input(tmp_path):
    text = ISHIGAMI.format(n=4).replace("reference:ishigami", "reference:nope")
    code, _, err = run_cli("sweep", str(write(tmp_path, text)), "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.count("\n") == 1
    assert ": model: got 'collabsim.sweep.reference:nope'" in err


def test_resume_refuses_a_changed_experiment(tmp_path):
    exp_file = write(tmp_path, SMALL.format(n=4))
    assert run_cli("sweep", str(exp_file), "--workers", "1", "--out", str(tmp_path / "o"), "--quiet")[0] == 0
    before = (tmp_path / "o" / "runs.parquet").read_bytes()
    exp_file.write_text(SMALL.format(n=4).replace("seed = 5", "seed = 6"))
    code, _, err = run_cli("sweep", str(exp_file), "--out", str(tmp_path / "o"), "--resume", "--quiet")
    assert code == 2
    assert err.count("\n") == 1
    assert "experiment_hash" in err
    code, _, err = run_cli("sweep", str(exp_file), "--out", str(tmp_path / "o"), "--quiet")
    assert code == 2
    assert "--resume" in err
    assert (tmp_path / "o" / "runs.parquet").read_bytes() == before


def test_unreachable_scheduler_is_a_bad_input(tmp_path):
    exp_file = write(tmp_path, SMALL.format(n=4))
    code, _, err = run_cli("sweep", str(exp_file), "--scheduler", "nowhere:1", "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.count("\n") == 1
    assert "--scheduler" in err


# --- shipped experiments and compatibility ------------------------------------------------


@pytest.mark.parametrize("name", ["preconditions_sobol", "preconditions_morris"])
def test_shipped_experiments_cover_every_canonical_precondition(name):
    from collabsim.params import PRECONDITION_NAMES

    exp = load_experiment(name)
    assert set(exp.names) == set(PRECONDITION_NAMES)
    assert "sustained" in exp.outputs
    assert (EXPERIMENT_DIR / f"{name}.toml").is_file()
