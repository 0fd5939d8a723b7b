"""What it takes: ``compare --from-pareto/--pick``, the section "Wat is er minimaal nodig?", ``optimise --ensemble``.

Sizes are tiny: a four-year baseline of 200 residents, two or three runs per scenario.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from helpers import CORNER_SWEEP, run_cli

from collabsim.calibration.ensemble import ensemble_text
from collabsim.discovery.command import discover_sweep
from collabsim.mechanisms import CONSTANT_SET
from collabsim.optimisation import search as search_module
from collabsim.report import analysis as analysis_module
from collabsim.sweep.execute import sweep
from collabsim.sweep.experiment import validate_experiment

ROOT = Path(__file__).resolve().parents[1]
RUNS = ("--replications", "2", "--workers", "1", "--quiet")
#: the hand-written front: package 1 is cheap and rarely works, package 2 works in 80% of the runs
PARETO = {
    "package": [1, 2],
    "cofinancing": [0.5, 0.7],
    "kartrekker": ["duo", "external"],
    "cost_eur": [120_000.0, 250_000.0],
    "p_working": [0.3, 0.8],
    "project_cost_eur": [40_000.0, 90_000.0],
    "partner_cost_eur": [70_000.0, 130_000.0],
    "funder_cost_eur": [10_000.0, 30_000.0],
    "avoided_care_eur": [1.0, 2.0],
    "residents_helped": [1.0, 2.0],
    "helped_total": [1.0, 2.0],
    "runs_working": [3, 8],
    "runs": [10, 10],
    "year": [3, 3],
    "scenario": ["small", "small"],
}



def small_scenario(folder: Path, name: str, cofinancing: float = 0.1) -> Path:
    text = (ROOT / "scenarios" / "baseline.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^horizon = 10$", "horizon = 4", text)
    text = re.sub(r"(?m)^residents = 1000$", "residents = 200", text)
    text = re.sub(r"(?m)^funding_years = 4$", "funding_years = 2", text)
    text = re.sub(r"(?m)^cofinancing = 0.1$", f"cofinancing = {cofinancing}", text)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def page_text(path: Path) -> str:
    """The report's visible text (tags dropped, entities resolved)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def takes_text(path: Path) -> str:
    found = re.search(r'<section id="takes">(.*?)</section>', path.read_text(encoding="utf-8"), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("takes")
    opt = folder / "opt"
    opt.mkdir()
    pd.DataFrame(PARETO).to_csv(opt / "pareto.csv", index=False)
    return {
        "small": small_scenario(folder, "small"),
        "other": small_scenario(folder, "other", cofinancing=0.4),
        "pareto": opt / "pareto.csv",
        "opt": opt,
        "folder": folder,
    }


@pytest.fixture
def no_runs(monkeypatch):
    """Any model run fails the test: bad input must stop before anything runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("a model run started")

    monkeypatch.setattr(analysis_module, "collect", refuse)
    monkeypatch.setattr(search_module, "collect", refuse)


# --- compare --from-pareto ----------------------------------------------------------------


@pytest.fixture(scope="module")
def from_pareto(files, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cmp") / "report"
    code, _, err = run_cli(
        "compare", files["small"], "--from-pareto", files["pareto"], "--pick", "1", "--pick", "2", *RUNS, "--out", out
    )
    assert code == 0, err
    return out


def test_from_pareto_compares_the_picked_packages_against_the_base(from_pareto):
    pre = pd.read_csv(from_pareto / "preconditions.csv").set_index("scenario")
    assert list(pre.index) == ["small", "small_pareto1", "small_pareto2"]
    assert pre.loc["small", "cofinancing"] == 0.1
    assert pre.loc["small", "kartrekker"] == "internal"
    assert (pre.loc["small_pareto1", ["cofinancing", "kartrekker"]] == [0.5, "duo"]).all()
    assert (pre.loc["small_pareto2", ["cofinancing", "kartrekker"]] == [0.7, "external"]).all()
    # every other precondition stays the base's
    rest = [c for c in pre.columns if c not in ("cofinancing", "kartrekker", "scenario_hash")]
    assert (pre.loc["small_pareto1", rest] == pre.loc["small", rest]).all()
    runs = pd.read_csv(from_pareto / "runs.csv")
    assert runs.groupby("scenario").size().to_dict() == {"small": 2, "small_pareto1": 2, "small_pareto2": 2}
    # common random numbers: the same seeds in every scenario
    seeds = runs.groupby("scenario")["seed"].apply(tuple)
    assert seeds["small"] == seeds["small_pareto1"] == seeds["small_pareto2"]
    differences = pd.read_csv(from_pareto / "differences.csv")
    assert set(differences["reference"]) == {"small"}
    assert set(differences["scenario"]) == {"small_pareto1", "small_pareto2"}
    # judged in the optimisation's year, and the page says why
    assert (runs["year"] == 3).all()
    page = page_text(from_pareto / "report_nl.html")
    assert "het jaar waarin de optimalisatie de pakketten beoordeelde" in page
    assert "Basiswijk, pakket 2: cofinanciering 70%, kartrekker: extern" in page
    assert "--from-pareto" in page
    assert "--pick 1 --pick 2" in page


def test_from_pareto_fills_what_it_takes_from_the_same_file(from_pareto):
    takes = takes_text(from_pareto / "report_nl.html")
    assert "Wat is er minimaal nodig?" in takes
    assert "pakket 2" in takes
    assert "€ 250.000" in takes  # the cheapest package working in at least half of the runs
    assert "€ 90.000 uit projectgeld" in takes
    assert "€ 130.000" in takes  # the partners
    assert "€ 30.000" in takes  # outside funders
    assert "ook het meest robuuste" in takes
    assert 'href="#takes"' in (from_pareto / "report_nl.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--pick", "3"], "--pick: pick: got 3; allowed: a row number from 1 to 2"),
        (["--pick", "0"], "--pick"),
        (["--pick", "2", "--pick", "2"], "each row once"),
        ([], "at least one row number"),
        (["--pick", "1", "--from-pareto", "missing.csv"], "an existing file"),
    ],
)
def test_bad_picks_and_files_are_one_line_exit_2_nothing_written(files, extra, says, tmp_path, no_runs):
    out = tmp_path / "out"
    argv = ["compare", files["small"], "--from-pareto", files["pareto"], *extra, *RUNS, "--out", out]
    code, _, err = run_cli(*[str(files["folder"] / a) if a == "missing.csv" else a for a in argv])
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert says in err
    assert not out.exists()


def test_a_front_of_another_scenario_is_refused(files, tmp_path, no_runs):
    out = tmp_path / "out"
    code, _, err = run_cli("compare", files["other"], "--from-pareto", files["pareto"], "--pick", "1", *RUNS,
                           "--out", out)  # fmt: skip
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "scenario: got 'small'" in err
    assert "'other'" in err
    assert not out.exists()


def test_pick_without_from_pareto_is_refused(files, tmp_path, no_runs):
    code, _, err = run_cli("compare", files["small"], files["other"], "--pick", "1", *RUNS, "--out", tmp_path / "o")
    assert code == 2
    assert "only with --from-pareto" in err
    assert not (tmp_path / "o").exists()


# --- the section from an optimise or a discover folder ------------------------------------


def test_what_it_takes_from_an_optimise_folder_in_dutch_and_english(files, tmp_path):
    cases = (("nl", "Wat is er minimaal nodig?", "€ 250.000"), ("en", "What does it take?", "€250,000"))
    for lang, heading, cost in cases:
        out = tmp_path / lang
        code, _, err = run_cli("compare", files["small"], files["other"], "--what-it-takes", files["opt"],
                               "--lang", lang, *RUNS, "--out", out)  # fmt: skip
        assert code == 0, err
        takes = takes_text(out / f"report_{lang}.html")
        assert heading in takes
        assert cost in takes
        assert ("pakket 2" if lang == "nl" else "package 2") in takes


def test_no_section_without_a_source(files, tmp_path):
    out = tmp_path / "plain"
    code, _, err = run_cli("compare", files["small"], files["other"], *RUNS, "--out", out)
    assert code == 0, err
    page = (out / "report_nl.html").read_text(encoding="utf-8")
    assert 'id="takes"' not in page
    assert "Wat is er minimaal nodig?" not in page


@pytest.fixture(scope="module")
def discovery(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("corner") / "sweep"
    sweep(validate_experiment(tomllib.loads(CORNER_SWEEP.format(samples=200)) | {"name": "corner"}), folder, workers=1)
    code, _, err = run_cli("discover", folder, "--output", "y")
    assert code == 0, err
    return folder, folder / "discovery"


def test_discover_records_what_the_words_need(discovery):
    _, found = discovery
    info = json.loads((found / "discovery.json").read_text(encoding="utf-8"))
    assert info["output"] == "y"
    assert info["threshold"] == 0.5
    assert info["runs"] == 200


def test_what_it_takes_from_a_discover_folder_gives_the_first_box_in_words(files, discovery, tmp_path):
    sweep_folder, found = discovery
    first = {lang: discover_sweep(sweep_folder, "y", 0.5).sentences(lang)[0] for lang in ("nl", "en")}
    assert first["nl"].startswith("Met x1 onder")
    for lang, heading in (("nl", "Wat is er minimaal nodig?"), ("en", "What does it take?")):
        out = tmp_path / lang
        code, _, err = run_cli("compare", files["small"], files["other"], "--what-it-takes", found, "--lang", lang,
                               *RUNS, "--out", out)  # fmt: skip
        assert code == 0, err
        takes = " ".join(takes_text(out / f"report_{lang}.html").split())
        assert heading in takes
        assert first[lang] in takes


@pytest.mark.parametrize("kind", ["empty", "missing", "no_info"])
def test_a_folder_of_neither_is_one_line_exit_2(files, discovery, kind, tmp_path, no_runs):
    if kind == "empty":
        folder = tmp_path / "empty"
        folder.mkdir()
    elif kind == "missing":
        folder = tmp_path / "nowhere"
    else:
        folder = tmp_path / "boxes_only"
        folder.mkdir()
        (folder / "boxes.csv").write_bytes((discovery[1] / "boxes.csv").read_bytes())
    out = tmp_path / "out"
    code, _, err = run_cli("compare", files["small"], files["other"], "--what-it-takes", folder, *RUNS, "--out", out)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("collabsim: error: --what-it-takes: folder:")
    assert not out.exists()


# --- optimise --ensemble ------------------------------------------------------------------


def ensemble_file(folder: Path, decays: tuple[float, ...]) -> Path:
    members = [{"sample": i, "constants": {"TIE_DECAY": d}} for i, d in enumerate(decays)]
    path = folder / "ens.toml"
    path.write_text(ensemble_text({"calibration": "test", "members": members}, "test"), encoding="utf-8")
    return path


def test_optimise_across_an_ensemble_cycles_members_through_the_replications(files, tmp_path, monkeypatch):
    decays = (0.05, 0.4)
    ens = ensemble_file(tmp_path, decays)
    jobs = []
    real = search_module.collect

    def record(batch, *args, **kwargs):
        jobs.extend(batch)
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(search_module, "collect", record)
    small = ("--levers", "cofinancing", "--evaluations", "4", "--population", "4", "--replications", "3",
             "--workers", "1", "--quiet")  # fmt: skip
    code, stdout, err = run_cli("optimise", files["small"], *small, "--ensemble", ens, "--out", tmp_path / "with")
    assert code == 0, err
    assert "across 2 constant sets" in stdout
    with_jobs, jobs[:] = list(jobs), []
    code, _, err = run_cli("optimise", files["small"], *small, "--out", tmp_path / "without")
    assert code == 0, err
    # replication r of every package runs with member r mod 2
    assert with_jobs
    assert len(with_jobs) % 3 == 0  # packages met twice run once
    for job in with_jobs:
        assert job.params[CONSTANT_SET] == {"TIE_DECAY": decays[(job.id % 3) % 2]}
    assert all(CONSTANT_SET not in job.params for job in jobs)
    # the same packages and seeds, other outcomes
    a = pd.read_csv(tmp_path / "with" / "evaluations.csv")
    b = pd.read_csv(tmp_path / "without" / "evaluations.csv")
    assert list(a["cofinancing"]) == list(b["cofinancing"])
    assert not a["cost_eur"].equals(b["cost_eur"]) or not a["p_working"].equals(b["p_working"])
    assert (pd.read_csv(tmp_path / "with" / "pareto.csv")["ensemble_members"] == 2).all()
    summary = (tmp_path / "with" / "summary.md").read_text(encoding="utf-8")
    assert "2 geaccepteerde varianten van het model" in summary
    assert f"--ensemble {ens}" in summary
    assert "geaccepteerde varianten" not in (tmp_path / "without" / "summary.md").read_text(encoding="utf-8")


def test_optimise_refuses_a_bad_ensemble_before_running(files, tmp_path, no_runs):
    out = tmp_path / "out"
    code, _, err = run_cli("optimise", files["small"], "--levers", "cofinancing", "--ensemble", "calibratd",
                           "--out", out, "--quiet")  # fmt: skip
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "ensemble" in err
    assert not out.exists()
