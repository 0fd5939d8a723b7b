"""Pattern-oriented calibration: constant sets, a known answer, crash safety, the smoke run, errors."""

from __future__ import annotations

import dataclasses
import io
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import run_cli
from scipy.stats import qmc

from collabsim import mechanisms as mech
from collabsim.calibration import analysis
from collabsim.calibration import reference as ref
from collabsim.calibration.command import no_set_text
from collabsim.calibration.design import load_calibration, sample_sets
from collabsim.calibration.ensemble import ensemble_data, ensemble_text, read_ensemble
from collabsim.calibration.run import Plan, calibrate
from collabsim.cli import main
from collabsim.constants import CONSTANTS
from collabsim.mechanisms import CONSTANT_SET
from collabsim.runner import replication_seeds, run_model
from collabsim.scenario import load_scenario
from collabsim.validation.effects import arm_params
from collabsim.validation.experiments import load_pattern_experiments

FAULTS = Path(__file__).with_name("faults.py")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

#: a cheap calibration of the collaboration model: one pattern, three seeds per arm
SMALL = """
name = "small"
constants = ["TIE_DECAY", "TIE_GAIN_MEETING", "KNOWLEDGE_GAIN"]
patterns = ["P1"]
samples = {n}
replications = 3
seed = 5
"""



def write(tmp_path: Path, text: str, name: str = "cal.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def reference_plan(sets: int = 80, conflicting: bool = False, seed: int = 1) -> Plan:
    design = qmc.scale(qmc.LatinHypercube(2, rng=np.random.default_rng(seed)).random(sets), [0, 0], [1, 1])
    patterns = tuple(ref.patterns(10, conflicting))
    return Plan(ref.NAMES, ref.BOUNDS, design, patterns, 10, seed=3, model=ref.MODEL)


# --- a run's constant set ------------------------------------------------------------------


def test_a_constant_set_replaces_constants_for_one_run_only():
    before = mech.TIE_DECAY
    with mech.constant_set({"TIE_DECAY": 0.37}):
        assert mech.TIE_DECAY == 0.37
    assert mech.TIE_DECAY == before == CONSTANTS["TIE_DECAY"].value
    with pytest.raises(KeyError, match="NEED_DOMAIN_SHARE"), mech.constant_set({"NEED_DOMAIN_SHARE": 0.5}):
        pass
    with pytest.raises(KeyError, match="FTE_COST_EUR"), mech.constant_set({"FTE_COST_EUR": 1.0}):
        pass  # set through a scenario's [costs] table, not a constant set


def test_a_constant_set_changes_the_run(baseline_params):
    """Faster fading of ties (TIE_DECAY, s.7.8) leaves fewer working cross-domain ties, on the same seeds."""
    seeds = replication_seeds(11, 3)

    def ties(decay: float) -> float:
        runs = [run_model({**baseline_params, CONSTANT_SET: {"TIE_DECAY": decay}}, s) for s in seeds]
        return float(np.mean([series["cross_domain_ties"].mean() for _, series in runs]))

    assert ties(0.4) < ties(0.1) - 0.02
    plain, _ = run_model(baseline_params, seeds[0])
    same, _ = run_model({**baseline_params, CONSTANT_SET: {"TIE_DECAY": CONSTANTS["TIE_DECAY"].value}}, seeds[0])
    assert same == plain


def test_calibratable_constants_are_the_scalar_ones_the_mechanisms_read():
    names = mech.calibratable()
    assert "TIE_DECAY" in names
    assert "CLOSENESS_RELIEF" in names
    assert "NEED_DOMAIN_SHARE" not in names  # a vector on the simplex
    assert not set(names) & set(mech.COSTS_TABLE)
    assert all(isinstance(CONSTANTS[n].value, float) for n in names)


# --- the calibration file and its sample ---------------------------------------------------


def test_the_shipped_calibration_varies_every_assumed_calibratable_constant():
    cal = load_calibration()
    assumed = [n for n in mech.calibratable() if CONSTANTS[n].status == "assumed"]
    assert cal.varied() == assumed
    assert len(assumed) > 80
    sets = sample_sets(cal)
    assert sets.shape == (cal.samples, len(assumed))
    bounds = cal.bounds()
    assert ((sets >= bounds[:, 0]) & (sets <= bounds[:, 1])).all()
    assert (sample_sets(cal) == sets).all()  # the seed fixes the sets
    assert not (sample_sets(load_calibration(overrides={"seed": 1})) == sets).all()
    conclusions = load_calibration("constants_sensitivity")  # the main conclusions, checked in every set
    assert conclusions.varied() == assumed
    assert conclusions.patterns == ["P1", "P3"]
    assert not conclusions.screen


def test_ranges_replace_the_registrys_and_sobol_wants_a_power_of_two(tmp_path):
    cal = load_calibration(write(tmp_path, SMALL.format(n=8) + '\nranges = { TIE_DECAY = [0.15, 0.25] }\n'))
    bounds = dict(zip(cal.varied(), cal.bounds().tolist(), strict=True))
    assert bounds["TIE_DECAY"] == [0.15, 0.25]
    assert bounds["TIE_GAIN_MEETING"] == [CONSTANTS["TIE_GAIN_MEETING"].low, CONSTANTS["TIE_GAIN_MEETING"].high]
    sobol = load_calibration(write(tmp_path, SMALL.format(n=8) + 'sampling = "sobol"\n'))
    assert sample_sets(sobol).shape == (8, 3)


# --- a known answer ------------------------------------------------------------------------


def test_the_reference_models_accepted_region_is_recovered(tmp_path):
    """R1 (A > 0.5) and R2 (B < A): the accepted sets are the analytic triangle, up to the noise."""
    plan = reference_plan(120)
    result, samples = calibrate(plan, tmp_path / "ref", "h", workers=1)
    assert result.sets == 120
    assert result.runs_per_set == 30
    a, b, accepted = samples["A"].to_numpy(), samples["B"].to_numpy(), samples["accepted"].to_numpy()
    assert (accepted == ref.accepted(a, b)).mean() >= 0.9
    assert (a[accepted] > 0.45).all()
    assert (b[accepted] < a[accepted] + 0.05).all()
    inside = (a > 0.6) & (b < a - 0.1)
    assert accepted[inside].all()  # never misses a set well inside
    ranges = analysis.accepted_ranges(samples, ref.NAMES, ref.BOUNDS).set_index("constant")
    assert 0.45 < ranges.loc["A", "accepted_min"] < 0.6
    assert ranges.loc["A", "accepted_max"] > 0.9
    assert ranges.loc["A", "identified"]
    assert ranges.loc["A", "shifted"]  # the accepted sets' A lie above the rejected ones'
    assert ranges.loc["A", "shift_p"] < 1e-6
    sens = analysis.constant_sensitivity(samples, ref.NAMES, ref.BOUNDS, seed=3).set_index(["output", "constant"])
    assert sens.loc[("R1.effect", "A"), "above_noise"]  # y's effect is A - 0.5
    assert not sens.loc[("R1.effect", "B"), "above_noise"]
    assert sens.loc[("R2.effect", "B"), "above_noise"]  # z = A - B
    fails = analysis.rejections(samples).set_index("pattern")
    assert fails.loc["R1", "fails"] == int((~samples["R1:holds"]).sum()) > 0


def test_conflicting_patterns_are_reported_not_loosened(tmp_path):
    _, samples = calibrate(reference_plan(40, conflicting=True), tmp_path / "ref", "h", workers=1)
    assert not samples["accepted"].any()
    pairs = analysis.conflicts(samples)
    assert {"R1", "R3"} in [{r.pattern, r.other} for r in pairs.itertuples()]
    assert analysis.never_hold(samples) == []


def test_screening_changes_no_verdict_and_runs_fewer(tmp_path):
    """A set is accepted only if every pattern holds, so stopping at its first failure decides the same sets."""
    plan = reference_plan(40)
    full, every = calibrate(plan, tmp_path / "all", "h", workers=1)
    screened_plan = dataclasses.replace(plan, screen=True, order=("R2", "R1"))
    assert [c.id for c in screened_plan.checks()] == ["R2", "R1"]
    screened, table = calibrate(screened_plan, tmp_path / "screened", "h", workers=1)
    assert table["accepted"].tolist() == every["accepted"].tolist()
    first_fails = ~every["R2:holds"].to_numpy(dtype=bool)
    assert first_fails.any()
    assert not first_fails.all()
    assert table.loc[first_fails, "R1:holds"].isna().all()  # never checked: R2 failed first
    assert table.loc[first_fails, "R1.effect:effect"].isna().all()
    pd.testing.assert_series_equal(table.loc[~first_fails, "R1:holds"], every.loc[~first_fails, "R1:holds"])
    assert screened.runs_made == 40 * 10 + int((~first_fails).sum()) * 20 < full.runs_made == 40 * 30
    fails = analysis.rejections(table).set_index("pattern")
    assert fails.loc["R1", "checked"] == int((~first_fails).sum())
    assert fails.loc["R2", "fails_alone"] == 0  # a set that failed R2 was never checked for R1
    assert not list((tmp_path / "screened" / "sets").glob("set-*.R*.parquet"))  # checks of decided sets are gone


def test_under_screening_a_conflict_shows_as_a_pattern_that_never_holds_and_check_all_is_advised(tmp_path):
    """R3 is checked only in sets that passed R1, so it can never hold there: it is named, and the
    text points to --check-all, which finds the pair."""
    plan = dataclasses.replace(reference_plan(40, conflicting=True), screen=True)
    _, samples = calibrate(plan, tmp_path / "ref", "h", workers=1)
    assert not samples["accepted"].any()
    assert analysis.never_hold(samples) == ["R3"]
    assert analysis.conflicts(samples).empty
    text = no_set_text(samples, screened=True)
    assert "R3" in text
    assert "--check-all" in text
    cut = dataclasses.replace(plan, order=("R1",), design=plan.design[plan.design[:, 0] < 0.4])
    _, none_pass = calibrate(cut, tmp_path / "cut", "h", workers=1)  # A < 0.4: R1 (y rises) fails every set
    assert analysis.never_hold(none_pass) == ["R1"]
    assert set(analysis.never_checked(none_pass)) == {"R2", "R3"}
    assert "Not checked in any set" in no_set_text(none_pass, screened=True)


def test_workers_do_not_change_a_calibration(tmp_path):
    _, one = calibrate(reference_plan(12), tmp_path / "one", "h", workers=1)
    _, two = calibrate(reference_plan(12), tmp_path / "two", "h", workers=2)
    pd.testing.assert_frame_equal(one, two)


def test_accepted_sets_make_an_ensemble_file(tmp_path):
    _, samples = calibrate(reference_plan(30), tmp_path / "ref", "h", workers=1)
    samples = samples.rename(columns={"A": "TIE_DECAY", "B": "KNOWLEDGE_GAIN"})  # the file knows real constants
    data = ensemble_data(samples, ["TIE_DECAY", "KNOWLEDGE_GAIN"], {"calibration": "ref", "rule": "interval"})
    path = write(tmp_path, ensemble_text(data, "a test"), "accepted.toml")
    ens = read_ensemble(path)
    assert len(ens.members) == int(samples["accepted"].sum()) > 0
    first = samples[samples["accepted"]].iloc[0]
    assert ens.constant_sets()[0] == {"TIE_DECAY": first["TIE_DECAY"], "KNOWLEDGE_GAIN": first["KNOWLEDGE_GAIN"]}


# --- the command ---------------------------------------------------------------------------


@pytest.mark.slow
def test_smoke_calibration_writes_samples_ensemble_and_figures(tmp_path):
    """The issue's smoke run: --samples 6 --replications 3, every pattern experiment."""
    out = tmp_path / "cal"
    code, stdout, err = run_cli("calibrate", "--samples", "6", "--replications", "3", "--out", str(out), "--quiet")
    assert code == 0, err
    samples = pd.read_parquet(out / "samples.parquet")
    assert list(samples["sample"]) == list(range(6))
    assert analysis.pattern_ids(samples) == ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "E1", "E2", "E3",
                                             "C1", "C2", "C3", "C4", "C5", "C6"]  # fmt: skip
    assert f"{int(samples['accepted'].sum())} of 6 constant sets reproduce every pattern" in stdout
    text = (out / "accepted.toml").read_text()
    assert text.startswith("# The accepted constant sets")
    assert "--samples 6 --replications 3" in text
    for name in ("accepted_ranges.png", "rejections.png"):
        assert (out / name).read_bytes()[:8] == PNG_MAGIC
    ranges = pd.read_csv(out / "accepted_ranges.csv")
    assert len(ranges) == len(load_calibration().varied())
    sens = pd.read_csv(out / "constant_sensitivity.csv")  # too few sets for indices: the columns, no rows
    assert list(sens.columns) == ["output", "constant", "S1", "S1_conf", "noise_S1", "above_noise"]
    assert sens.empty


@pytest.mark.slow
def test_resume_after_kill_9_gives_the_uninterrupted_result(tmp_path):
    cal = write(tmp_path, SMALL.format(n=6))
    code, _, err = run_cli("calibrate", str(cal), "--out", str(tmp_path / "reference"), "--workers", "1", "--quiet")
    assert code == 0, err
    out = tmp_path / "killed"
    args = ["calibrate", str(cal), "--workers", "2", "--out", str(out), "--quiet"]
    proc = subprocess.Popen(
        [sys.executable, str(FAULTS), "publish:5:after", "--", *args],  # 3 setup files, then 2 sets
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert proc.wait(timeout=600) == -signal.SIGKILL
    assert len(list((out / "sets").glob("set-*.parquet"))) == 2
    assert not (out / "samples.parquet").exists()
    code, stdout, err = run_cli("calibrate", str(cal), "--workers", "2", "--out", str(out), "--resume", "--quiet")
    assert code == 0, err
    assert "4 sets now, 2 before" in stdout
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "samples.parquet"), pd.read_parquet(tmp_path / "reference" / "samples.parquet")
    )


def test_resume_with_other_options_is_refused(tmp_path):
    cal = write(tmp_path, SMALL.format(n=2))
    out = tmp_path / "c"
    assert run_cli("calibrate", str(cal), "--out", str(out), "--quiet")[0] == 0
    code, stdout, err = run_cli("calibrate", str(cal), "--samples", "3", "--out", str(out), "--resume", "--quiet")
    assert code == 2
    assert stdout == ""
    assert err.count("\n") == 1
    assert "calibration_hash" in err
    assert "start a new --out folder" in err


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (SMALL.format(n=3) + 'sampling = "sobol"\n', [], "samples: got 3; allowed: a power of 2"),
        ('constants = ["TIE_DECAI"]\n', [], "did you mean 'TIE_DECAY'"),
        ('constants = ["NEED_DOMAIN_SHARE"]\n', [], "a constant a calibration may vary"),
        ('constants = ["TIE_DECAY"]\nranges = { TIE_DECAY = [0.3, 0.1] }\n', [], "low < high"),
        ('constants = ["TIE_DECAY"]\nranges = { TIE_GAIN_MEETING = [0.1, 0.3] }\n', [], "a varied constant"),
        ('patterns = ["P9"]\n', [], "--only: id: got 'P9'"),
        ('seed_factor = { E9 = 5 }\n', [], "seed_factor.E9"),
        ('seed_factor = { E3 = 0 }\n', [], "seed_factor.E3: got 0"),
        ('rule = "loose"\n', [], "one of interval, direction"),
        ('samplez = 3\n', [], "did you mean 'samples'"),
        ("", ["--scheduler", "localhost:8786"], "a Dask scheduler address"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, text, args, expected):
    cal = write(tmp_path, text)
    out = tmp_path / "out"
    code, stdout, err = run_cli("calibrate", str(cal), *args, "--out", str(out), "--quiet")
    assert code == 2
    assert stdout == ""
    assert err.count("\n") == 1, err
    assert expected in err, err
    assert not out.exists()


def test_one_seed_per_arm_is_refused_by_the_command_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["calibrate", "--replications", "2"])
    assert stop.value.code == 2
    assert "a whole number >= 3" in capsys.readouterr().err


def test_an_ensemble_without_members_or_with_unknown_constants_is_refused(tmp_path):
    empty = write(tmp_path, 'calibration = "x"\nmembers = []\n', "empty.toml")
    with pytest.raises(Exception, match="this calibration accepted none"):
        read_ensemble(empty)
    bad = write(tmp_path, '[[members]]\nsample = 0\nconstants = { TIE_DECAI = 0.2 }\n', "bad.toml")
    with pytest.raises(Exception, match=r"members\[0\]\.constants\.TIE_DECAI"):
        read_ensemble(bad)


# --- runs across an ensemble ---------------------------------------------------------------


def ensemble_file(tmp_path: Path, decays: tuple[float, ...]) -> Path:
    members = [{"sample": i, "constants": {"TIE_DECAY": d}} for i, d in enumerate(decays)]
    return write(tmp_path, ensemble_text({"calibration": "test", "members": members}, "test"), "ens.toml")


def test_run_cycles_replications_through_the_ensembles_members(tmp_path):
    """Replication r runs with member r mod K: the same numbers as a run with that constant set."""
    ens = ensemble_file(tmp_path, (0.1, 0.4))
    code, stdout, err = run_cli("run", "baseline", "--replications", "3", "--ensemble", str(ens), "--workers", "1",
                                "--out", str(tmp_path / "r"), "--quiet")  # fmt: skip
    assert code == 0, err
    assert "across 2 constant sets" in stdout
    summary = pd.read_parquet(tmp_path / "r" / "summary.parquet")
    assert list(summary["member"]) == [0, 1, 0]
    params = load_scenario("baseline").model_kwargs()
    for r, decay in enumerate((0.1, 0.4, 0.1)):
        expected, _ = run_model({**params, CONSTANT_SET: {"TIE_DECAY": decay}}, int(summary["seed"][r]))
        assert summary["sustained"][r] == expected["sustained"]


def test_a_missing_ensemble_is_one_line_and_exit_code_2(tmp_path):
    code, stdout, err = run_cli("run", "baseline", "--ensemble", "calibratd", "--out", str(tmp_path / "r"))
    assert code == 2
    assert err.count("\n") == 1
    assert "ensemble" in err
    assert stdout == ""
    assert not (tmp_path / "r").exists()


def test_compare_across_an_ensemble_says_in_how_many_variants_a_difference_holds(tmp_path):
    ens = ensemble_file(tmp_path, (0.1, 0.25, 0.4))
    out = tmp_path / "c"
    code, stdout, err = run_cli("compare", "kartrekker_3y_stop", "kartrekker_3y_cofinanced", "--replications", "6",
                                "--ensemble", str(ens), "--workers", "2", "--out", str(out), "--quiet")  # fmt: skip
    assert code == 0, err
    assert "across 3 constant sets" in stdout
    diffs = pd.read_csv(out / "differences.csv")
    assert (diffs["members"] == 3).all()
    assert diffs["members_agree"].between(0, 3).all()
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["member"]) == [0, 1, 2, 0, 1, 2] * 2  # both scenarios: replication r, member r mod 3
    html = next(out.glob("*.html")).read_text()
    assert "geaccepteerde varianten van het model" in html
    works = diffs.set_index("measure").loc["works_in_year"]
    assert f"In {int(works['members_agree'])} van de 3 geaccepteerde varianten" in html
    assert "--ensemble" in html
    cost = pd.read_csv(out / "cost_differences.csv").set_index("measure").loc["cost_eur"]
    assert f"Het verschil in kosten wijst in {int(cost['members_agree'])} van de 3 geaccepteerde varianten" in html


def test_patterns_across_an_ensemble_run_each_replication_with_its_member(tmp_path):
    ens = ensemble_file(tmp_path, (0.1, 0.4))
    code, stdout, err = run_cli("patterns", "--only", "P1", "--replications", "4", "--ensemble", str(ens),
                                "--workers", "1", "--out", str(tmp_path / "p"), "--quiet")  # fmt: skip
    assert code == 0, err
    assert "across the 2 constant sets" in stdout
    runs = pd.read_csv(tmp_path / "p" / "runs.csv")
    code, _, err = run_cli("patterns", "--only", "P1", "--replications", "4", "--workers", "1",
                           "--out", str(tmp_path / "q"), "--quiet")  # fmt: skip
    assert code == 0, err
    plain = pd.read_csv(tmp_path / "q" / "runs.csv")
    assert list(runs["seed"]) == list(plain["seed"])  # the same seeds, other constants
    assert not np.allclose(runs["sustained"], plain["sustained"])
    p1 = load_pattern_experiments(only=["P1"])[0]
    row = runs[(runs["arm"] == "kartrekker") & (runs["replication"] == 1)].iloc[0]
    params = arm_params(p1.params["kartrekker"], p1.experiment.arms["kartrekker"].intervention)
    expected, _ = run_model({**params, CONSTANT_SET: {"TIE_DECAY": 0.4}}, int(row["seed"]))
    assert row["sustained"] == pytest.approx(expected["sustained"], rel=1e-12)  # replication 1: member 1


def test_sweep_across_an_ensemble_is_part_of_the_experiment(tmp_path):
    from collabsim.sweep import load_experiment, sweep

    ens = ensemble_file(tmp_path, (0.1, 0.4))
    exp_text = ('method = "lhs"\nsamples = 3\nreplications = 2\nseed = 3\noutputs = ["sustained"]\n'
                '[parameters]\nturnover = { bounds = [0, 0.3] }\n')  # fmt: skip
    exp_file = write(tmp_path, exp_text, "exp.toml")
    plain, across = load_experiment(exp_file), load_experiment(exp_file, ensemble=str(ens))
    assert across.ensemble_hash
    assert across.content_hash() != plain.content_hash()
    sweep(across, tmp_path / "s", workers=1)
    runs = pd.read_parquet(tmp_path / "s" / "runs.parquet")
    params = {**across.base_params(), "turnover": float(runs["turnover"][1])}
    expected, _ = run_model({**params, CONSTANT_SET: {"TIE_DECAY": 0.4}}, int(runs["seed"][1]))
    assert runs["sustained"][1] == expected["sustained"]  # replication 1: member 1
    code, _, err = run_cli("sweep", str(exp_file), "--ensemble", str(ens), "--out", str(tmp_path / "s"),
                           "--resume", "--quiet")  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("sweep", str(exp_file), "--out", str(tmp_path / "s"), "--resume", "--quiet")
    assert code == 2
    assert "experiment_hash" in err


def test_fewer_replications_than_members_are_named_and_a_sweep_can_run_more(tmp_path):
    """A sweep's replication r runs member r: with 2 replications and 3 members, member 2 never
    runs, and the command says so; --replications 3 runs each member once, without the note."""
    ens = ensemble_file(tmp_path, (0.1, 0.25, 0.4))
    exp_text = ('method = "lhs"\nsamples = 2\nreplications = 2\nseed = 3\noutputs = ["sustained"]\n'
                '[parameters]\nturnover = { bounds = [0, 0.3] }\n')  # fmt: skip
    exp_file = write(tmp_path, exp_text, "exp.toml")
    code, _, err = run_cli("sweep", str(exp_file), "--ensemble", str(ens), "--out", str(tmp_path / "a"), "--quiet")
    assert code == 0, err
    assert "3 constant sets and 2 replications run only the first 2" in err
    code, _, err = run_cli("sweep", str(exp_file), "--ensemble", str(ens), "--replications", "3",
                           "--out", str(tmp_path / "b"), "--quiet")  # fmt: skip
    assert code == 0, err
    assert "note:" not in err
    runs = pd.read_parquet(tmp_path / "b" / "runs.parquet")
    assert len(runs) == 2 * 3
    assert sorted(runs["replication"].unique()) == [0, 1, 2]
    code, _, err = run_cli("run", "baseline", "--replications", "4", "--ensemble", str(ens), "--workers", "1",
                           "--out", str(tmp_path / "r"), "--quiet")  # fmt: skip
    assert code == 0, err
    assert "run some sets once more than others; a multiple of 3" in err


def test_constants_shows_an_ensembles_accepted_range_beside_the_prior(tmp_path, capsys):
    ens = ensemble_file(tmp_path, (0.15, 0.35))
    assert main(["constants", "--ensemble", str(ens), "--format", "csv"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("name")
    assert rows.loc["TIE_DECAY", "accepted"] == "0.15 .. 0.35"
    assert rows.loc["TIE_GAIN_MEETING", "accepted"] == "-"  # not in the ensemble
    assert main(["constants", "--ensemble", str(ens)]) == 0
    table = capsys.readouterr().out
    assert "accepted" in table.splitlines()[0]
    assert "0.15 .. 0.35" in next(line for line in table.splitlines() if line.startswith("TIE_DECAY "))
