"""The pattern-experiment machinery: file validation, paired effects, interventions, CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabsim.cli import main
from collabsim.errors import InputError
from collabsim.validation.document import validation_markdown
from collabsim.validation.effects import effects, paired_effect, run_experiments
from collabsim.validation.experiments import load_pattern_experiment, load_pattern_experiments

SMALL = """
id = "P1"
group = "design"
title = "A small test"
design = "A kartrekker helps."
source = "seed 002 les 3"
finding = "The kartrekker adds {{ties}}."
scenario = "baseline"
replications = 3
seed = 11

[common]
horizon = 3.0
"neighbourhood.residents" = 200

[arms.none]
label = "none"
overrides = {{ kartrekker = "none" }}

[arms.kartrekker]
label = "internal"
{extra_arm}

[[measures]]
name = "ties"
label = "tie density, years 0-3"
outcome = "{outcome}"
window = [0, 3]
contrast = {{ kartrekker = 1, none = -1 }}
expected = "positive"
test_margin = 0.0
"""


ARM = 'label = "internal"'
BOARD_NO_SUPPORT = 'events = [{ year = 1, type = "board_change", organisation = "all" }]'


def write(folder: Path, name: str = "p1_small.toml", outcome: str = "cross_domain_ties", extra_arm: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SMALL.format(outcome=outcome, extra_arm=extra_arm), encoding="utf-8")
    return path


def test_shipped_experiments_load_and_name_their_arms_in_every_contrast():
    experiments = load_pattern_experiments()
    assert [e.id for e in experiments][:8] == [f"P{i}" for i in range(1, 9)]
    for e in experiments:
        for m in e.experiment.measures:
            assert set(m.contrast) <= set(e.experiment.arms)
        assert set(e.params) == set(e.experiment.arms)


@pytest.mark.parametrize(
    ("edit", "key", "allowed"),
    [
        (lambda t: t.replace('outcome = "cross_domain_ties"', 'outcome = "cross_domain_tie"'), "measures[0].outcome",
         "did you mean 'cross_domain_ties'"),
        (lambda t: t.replace("kartrekker = 1, none", "kartreker = 1, none"), "measures[0].contrast",
         "unknown arm 'kartreker'"),
        (lambda t: t.replace('kartrekker = "none"', "turnover = 2.0"), "arms.none.overrides (preconditions.turnover)",
         "less than or equal to 0.5"),
        (lambda t: t.replace("window = [0, 3]", "window = [0, 30]"), "measures[0].window", "years within 0..3"),
        (lambda t: t.replace("replications = 3", "replications = 1"), "replications", "greater than or equal to 2"),
        (lambda t: t.replace('group = "design"', 'group = "other"'), "group", "one of design, emergent, case"),
        (lambda t: t.replace(ARM, ARM + '\nevents = [{ year = 1, type = "funding_stop" }]'),
         "arms.kartrekker.events[0].type", "did you mean 'funding_stops'"),
        (lambda t: t.replace(ARM, ARM + '\nevents = [{ year = 9, type = "funding_stops" }]'),
         "arms.kartrekker.events[0].year", "within the horizon"),
        (lambda t: t.replace("horizon = 3.0", "horizon = 3.0\n" + BOARD_NO_SUPPORT),
         "common.events[0].support", "0..1"),
        (lambda t: t.replace("test_margin = 0.0", "test_margin = 0.0\nmargin = 1"), "measures[0].margin", "known key"),
        (lambda t: t.replace("[common]", "[common"), "TOML", "valid TOML syntax"),
    ],
)
def test_a_bad_experiment_file_is_one_line_naming_file_key_and_what_is_allowed(tmp_path, edit, key, allowed):
    path = write(tmp_path)
    path.write_text(edit(path.read_text()), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_pattern_experiment(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert info.value.key == key
    assert allowed in message


def test_cli_bad_experiment_file_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    folder = tmp_path / "experiments"
    path = write(folder)
    path.write_text(path.read_text().replace('expected = "positive"', 'expected = "up"'), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["patterns", "--experiments", str(folder), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "measures[0].expected" in err
    assert "one of positive, negative" in err
    assert not out.exists()


def test_cli_bad_event_in_an_experiment_file_exits_2_with_one_line(tmp_path, capsys):
    folder = tmp_path / "experiments"
    path = write(folder, extra_arm='events = [{ year = 1, type = "reorganisation", organisation = "GDD" }]')
    out = tmp_path / "out"
    code = main(["patterns", "--experiments", str(folder), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert f"{path}: arms.kartrekker.events[0].organisation: got 'GDD'" in err
    assert "did you mean 'GGD'" in err
    assert not out.exists()


def test_an_arm_event_is_appended_to_the_scenarios_and_changes_the_run(tmp_path):
    """An arm with a funding_stops event in year 1 differs from the same arm without, on the same seeds."""
    arm = 'overrides = { kartrekker = "none" }\nevents = [{ year = 1, type = "funding_stops" }]'
    path = write(tmp_path, extra_arm=arm)
    loaded = load_pattern_experiment(path)
    assert loaded.params["none"]["events"] == []
    assert [e["type"] for e in loaded.params["kartrekker"]["events"]] == ["funding_stops"]
    runs = run_experiments([loaded], replications=2, seed=5)
    for (_, without), (_, with_) in zip(runs[("P1", "none")].runs, runs[("P1", "kartrekker")].runs, strict=True):
        np.testing.assert_array_equal(without["budget"][:13], with_["budget"][:13])  # the same until the event
        assert with_["budget"][14:].mean() < without["budget"][14:].mean()


def test_common_events_come_after_the_scenarios_own(tmp_path):
    path = write(tmp_path)
    text = path.read_text().replace("[common]", '[common]\nevents = [{ year = 2, type = "problem_map" }]')
    text = text.replace('scenario = "baseline"', 'scenario = "hp4all"')
    path.write_text(text, encoding="utf-8")
    loaded = load_pattern_experiment(path)
    for params in loaded.params.values():
        assert [e["type"] for e in params["events"]] == ["problem_map", "reorganisation", "problem_map"]


def test_without_scenario_events_the_arms_start_from_none_of_the_scenarios_own(tmp_path):
    """C2, C4 and C6 give the case's own event to one arm only (experiments/patterns/README.md)."""
    path = write(tmp_path, extra_arm='events = [{ year = 1, type = "problem_map" }]')
    text = path.read_text().replace('scenario = "baseline"', 'scenario = "hp4all"\nscenario_events = false')
    path.write_text(text, encoding="utf-8")
    loaded = load_pattern_experiment(path)
    assert loaded.params["none"]["events"] == []
    assert [(e["year"], e["type"]) for e in loaded.params["kartrekker"]["events"]] == [(1, "problem_map")]


def test_cli_unknown_only_id_exits_2(tmp_path, capsys):
    code = main(["patterns", "--only", "P9", "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    assert "--only: id: got 'P9'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_paired_effect_uses_the_pairing():
    rng = np.random.default_rng(1)
    shared = rng.normal(0.0, 10.0, 40)  # large between-seed spread, common to both arms
    control = shared + rng.normal(0.0, 0.1, 40)
    treated = shared + 1.0 + rng.normal(0.0, 0.1, 40)
    e = paired_effect([treated, control], [1.0, -1.0], seed=3)
    diff = treated - control
    assert e.mean == pytest.approx(diff.mean())
    assert e.low < e.mean < e.high
    assert e.high - e.low < 0.2  # the shared spread cancels; unpaired it would be about 9
    assert e.d == pytest.approx(diff.mean() / diff.std(ddof=1))
    assert e.d_low < e.d < e.d_high
    again = paired_effect([treated, control], [1.0, -1.0], seed=3)
    assert again == e


def test_paired_effect_without_an_effect_has_a_ci_around_zero():
    rng = np.random.default_rng(2)
    a, b = rng.normal(0, 1, 50), rng.normal(0, 1, 50)
    e = paired_effect([a, b], [1.0, -1.0], seed=1)
    assert e.low < 0 < e.high


def test_paired_effect_of_identical_contrasts_is_exact():
    e = paired_effect([np.full(10, 2.0), np.ones(10)], [1.0, -1.0], seed=1)
    assert (e.mean, e.low, e.high) == (1.0, 1.0, 1.0)
    assert np.isnan(e.d)


def test_same_numbers_whatever_the_worker_count(tmp_path):
    write(tmp_path, extra_arm='intervention = { year = 1.0, remove = "most_connected", count = 2 }')
    experiments = load_pattern_experiments(tmp_path)
    one = effects(experiments, run_experiments(experiments, workers=1))
    two = effects(experiments, run_experiments(experiments, workers=2))
    pd.testing.assert_frame_equal(one, two)


def test_cli_writes_table_figures_and_report(tmp_path, capsys):
    folder = tmp_path / "experiments"
    write(folder)
    out, doc = tmp_path / "out", tmp_path / "docs" / "validation.md"
    code = main(
        ["patterns", "--experiments", str(folder), "--replications", "4", "--out", str(out), "--doc", str(doc),
         "--workers", "2", "--quiet"]
    )
    assert code == 0
    table = pd.read_csv(out / "effects.csv")
    assert list(table["measure"]) == ["ties"]
    assert table.loc[0, "replications"] == 4
    assert table.loc[0, "ci_low"] <= table.loc[0, "effect"] <= table.loc[0, "ci_high"]
    assert (out / "p1.png").stat().st_size > 10_000
    assert (out / "overview.png").is_file()
    assert "| P1 |" in (out / "effects.md").read_text()
    text = doc.read_text()
    assert "../out/p1.png" in text
    assert "4 seeds per arm" in text
    assert "The kartrekker adds " in text
    assert "95% CI" in text
    assert len(pd.read_csv(out / "runs.csv")) == 8
    assert "P1" in capsys.readouterr().out


def test_report_states_what_was_not_reproduced(tmp_path):
    write(tmp_path)
    experiments = load_pattern_experiments(tmp_path)
    table = effects(experiments, run_experiments(experiments, replications=3))
    table["reproduced"] = False
    text = validation_markdown(experiments, table, {"P1": "p1.png"}, "overview.png", "a test run")
    assert "0 of the 1 patterns" in text
    assert "not reproduced in every measure" in text
    assert "**no**" in text
