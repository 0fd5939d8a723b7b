"""End to end: the command line and the Python API."""

from __future__ import annotations

import contextlib
import io
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from helpers import CANONICAL_SERIES

import collabsim
from collabsim.cli import main
from collabsim.params import PRECONDITION_NAMES
from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import SCENARIO_DIR, load_scenario

SUMMARY_OUTCOMES = ("sustained", "time_to_network", "collapse_year")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HORIZON = 3
REPLICATIONS = 3
BIN = Path(sys.executable).parent


def cli_run(out: Path, capsys, *extra: str, scenario: str = "baseline", workers: int = 2) -> str:
    argv = [
        "run",
        scenario,
        "--replications",
        str(REPLICATIONS),
        "--workers",
        str(workers),
        "--out",
        str(out),
        "--quiet",
        "--set",
        f"horizon={HORIZON}",
        *extra,
    ]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # --quiet: no progress bar
    return captured.out


@pytest.fixture(scope="module")
def two_worker_run(tmp_path_factory):
    """One CLI run with two workers, shared by the tests that only read its output: (folder, stdout)."""
    out = tmp_path_factory.mktemp("run2") / "baseline"
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["run", "baseline", "--replications", str(REPLICATIONS), "--workers", "2"]
    argv += ["--out", str(out), "--quiet", "--set", f"horizon={HORIZON}"]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(argv)
    assert code == 0
    assert stderr.getvalue() == ""
    return out, stdout.getvalue()


def test_run_writes_summary_parquet(two_worker_run):
    out, _ = two_worker_run
    summary = pd.read_parquet(out / "summary.parquet")
    assert len(summary) == REPLICATIONS
    for col in ("scenario", "replication", "seed", *PRECONDITION_NAMES, *SUMMARY_OUTCOMES):
        assert col in summary.columns, col
    assert len(PRECONDITION_NAMES) == 19
    assert (summary["scenario"] == "baseline").all()
    assert list(summary["replication"]) == list(range(REPLICATIONS))
    sc = load_scenario("baseline")
    assert list(summary["seed"]) == replication_seeds(sc.seed, REPLICATIONS)
    assert summary["seed"].is_unique
    assert (summary["sustained"] >= 0).all()
    # the run's parameters sit beside its outcomes
    assert (summary["turnover"] == sc.preconditions.turnover).all()
    assert (summary["kartrekker"] == sc.preconditions.kartrekker).all()
    for col in ("time_to_network", "collapse_year"):
        assert all(math.isnan(v) or 0 <= v <= HORIZON for v in summary[col])


def test_run_writes_timeseries_parquet(two_worker_run):
    out, _ = two_worker_run
    ts = pd.read_parquet(out / "timeseries.parquet")
    for col in ("replication", "seed", "step", "year", *CANONICAL_SERIES):
        assert col in ts.columns, col
    steps = HORIZON * 12 + 1
    assert len(ts) == REPLICATIONS * steps
    for _, one in ts.groupby("replication"):
        assert list(one["step"]) == list(range(steps))
        np.testing.assert_allclose(one["year"], one["step"] / 12)
        assert one["seed"].nunique() == 1
    assert ts[["cross_domain_ties", "needs_right_domain", "commitment"]].stack().between(0, 1).all()
    assert (ts[["meetings", "cross_domain_referrals"]] >= 0).all().all()
    assert set(ts["kartrekker_active"].unique()) <= {0, 1}
    assert not ts[list(CANONICAL_SERIES)].isna().any().any()


def test_parquet_records_provenance(two_worker_run):
    out, _ = two_worker_run
    meta = pq.read_schema(out / "summary.parquet").metadata
    assert meta[b"collabsim_version"] == collabsim.__version__.encode()
    assert meta[b"collabsim_scenario"] == b"baseline"
    assert meta[b"collabsim_replications"] == str(REPLICATIONS).encode()


def test_run_writes_a_png(two_worker_run):
    out, _ = two_worker_run
    png = out / "timeseries.png"
    data = png.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 10_000
    assert sorted(p.name for p in out.iterdir()) == ["summary.parquet", "timeseries.parquet", "timeseries.png"]


def test_run_prints_a_summary_table(two_worker_run):
    out, printed = two_worker_run
    for word in ("sustained", "time_to_network", "collapse_year", "mean", "median"):
        assert word in printed
    assert str(out) in printed


def test_results_do_not_depend_on_workers(two_worker_run, tmp_path, capsys):
    out2, _ = two_worker_run
    out1 = tmp_path / "one"
    cli_run(out1, capsys, workers=1)
    for name in ("summary.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(out1 / name), pd.read_parquet(out2 / name))


def test_scenario_name_and_path_give_the_same_result(two_worker_run, tmp_path, capsys):
    out_name, _ = two_worker_run
    out_path = tmp_path / "by_path"
    cli_run(out_path, capsys, scenario=str(SCENARIO_DIR / "baseline.toml"))
    for name in ("summary.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(out_name / name), pd.read_parquet(out_path / name))


def test_seed_and_set_change_the_result(tmp_path, capsys):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    cli_run(a, capsys, "--seed", "1", workers=1)
    cli_run(b, capsys, "--seed", "2", workers=1)
    cli_run(c, capsys, "--seed", "1", "--set", "kartrekker=none", workers=1)
    sa, sb, sc = (pd.read_parquet(p / "summary.parquet") for p in (a, b, c))
    assert list(sa["seed"]) == replication_seeds(1, REPLICATIONS)
    assert list(sa["seed"]) != list(sb["seed"])
    assert list(sa["seed"]) == list(sc["seed"])
    assert (sc["kartrekker"] == "none").all()
    tc = pd.read_parquet(c / "timeseries.parquet")
    assert (tc["kartrekker_active"] == 0).all()


def test_list_shows_baseline(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert "baseline" in names
    assert "Baseline" in out
    assert main(["list", "--lang", "nl"]) == 0
    assert "Basiswijk" in capsys.readouterr().out


def test_validate_baseline(capsys):
    assert main(["validate", "baseline"]) == 0
    captured = capsys.readouterr()
    assert "valid" in captured.out
    assert "60 professionals" in captured.out
    assert captured.err == ""


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert collabsim.__version__ in capsys.readouterr().out


def test_console_script_exists_and_runs():
    script = BIN / "collabsim"
    assert script.is_file()
    done = subprocess.run([str(script), "list"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "baseline" in done.stdout


def test_console_script_bad_input_exit_code(tmp_path):
    done = subprocess.run(
        [str(BIN / "collabsim"), "validate", str(tmp_path / "nosuch.toml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(
    not (Path(collabsim.__file__).parent / "__main__.py").exists(), reason="collabsim has no __main__.py"
)
def test_python_dash_m():
    done = subprocess.run(
        [sys.executable, "-m", "collabsim", "list"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "baseline" in done.stdout


# --- the Python API ----------------------------------------------------------------------------------


def test_api_run_returns_two_dataframes():
    summary, timeseries = collabsim.run("baseline", replications=2, seed=5, overrides={"horizon": 2})
    assert isinstance(summary, pd.DataFrame)
    assert isinstance(timeseries, pd.DataFrame)
    assert len(summary) == 2
    assert len(timeseries) == 2 * (2 * 12 + 1)
    assert list(summary["seed"]) == replication_seeds(5, 2)
    again, _ = collabsim.run("baseline", replications=2, seed=5, overrides={"horizon": 2})
    pd.testing.assert_frame_equal(summary, again)


def test_api_run_rows_belong_to_their_seeds():
    """Each row's outcomes are those of a run with that row's seed, whatever the number of workers."""
    summary, timeseries = collabsim.run("baseline", replications=3, seed=8, overrides={"horizon": 2}, workers=2)
    params = load_scenario("baseline", {"horizon": 2}).model_kwargs()
    for r, seed in enumerate(summary["seed"]):
        expected, series = run_model(params, int(seed))
        row = summary.iloc[r]
        assert row["replication"] == r
        for key, value in expected.items():
            assert row[key] == pytest.approx(value, nan_ok=True), key
        ts = timeseries[timeseries["replication"] == r]
        np.testing.assert_allclose(ts["cross_domain_ties"], series["cross_domain_ties"])


def test_api_run_accepts_a_scenario_object_and_refuses_bad_replications():
    sc = load_scenario("baseline", {"horizon": 1})
    summary, _ = collabsim.run(sc, replications=1)
    assert len(summary) == 1
    with pytest.raises(ValueError, match="replications"):
        collabsim.run(sc, replications=0)


def test_api_simulate():
    out = collabsim.simulate(rng=1, horizon=2, kartrekker="external", funding_years=1)
    assert isinstance(out, dict)
    assert out["sustained"] >= 0.0
    assert set(SUMMARY_OUTCOMES) <= set(out)
    assert collabsim.simulate(rng=1, horizon=2, kartrekker="external", funding_years=1) == pytest.approx(
        out, nan_ok=True
    )
