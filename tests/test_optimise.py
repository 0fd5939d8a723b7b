"""``collabsim optimise``: platypus's NSGA-II through the evaluator, the front, the files, bad input."""

from __future__ import annotations

import random
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabsim.cli import main
from collabsim.errors import InputError
from collabsim.optimisation import search as search_module
from collabsim.optimisation import words
from collabsim.optimisation.pareto import from_pareto
from collabsim.optimisation.problem import OUTCOME_COLUMNS, check_levers, default_year, variables
from collabsim.optimisation.reference import SCHAFFER_FRONT, schaffer_f2
from collabsim.optimisation.search import Problem, Variable, front, search
from collabsim.params import LEVERS, PRECONDITIONS
from collabsim.scenario import load_scenario

LEVERS_CHOSEN = ("cofinancing", "agreements_recorded", "knowledge_exchange")
SMALL = ("--evaluations", "8", "--population", "4", "--replications", "3", "--quiet")


def schaffer_problem(step: float = 0.0) -> Problem:
    def outcomes(package, results):
        return {k: float(np.mean([out[k] for out, _ in results])) for k in ("f1", "f2")}

    return Problem(
        variables=(Variable("x", -10.0, 10.0, step),),
        objectives=(("f1", "min"), ("f2", "min")),
        seeds=(1, 2),
        params=dict,
        outcomes=outcomes,
        model="collabsim.optimisation.reference:schaffer",
    )


def dominated(rows: pd.DataFrame, objectives) -> list[int]:
    """Rows another row beats: at least as good on every objective and better on one."""
    x = np.column_stack([(1 if how == "min" else -1) * rows[name].to_numpy() for name, how in objectives])
    return [
        i for i in range(len(x)) if any(j != i and (x[j] <= x[i]).all() and (x[j] < x[i]).any() for j in range(len(x)))
    ]


# --- the search on a problem with a known front ------------------------------------------


def test_nsga2_finds_schaffers_front_through_the_evaluator():
    result = search(schaffer_problem(), evaluations=600, population=20, seed=11)
    got = result.front
    low, high = SCHAFFER_FRONT
    assert len(got) >= 20
    assert got["x"].between(low - 0.05, high + 0.05).all()  # on the Pareto set, within a margin
    assert np.allclose(got["f2"], [schaffer_f2(max(f, 0.0)) for f in got["f1"]], atol=0.05)
    # spread over the front: both ends reached and every quarter of [0, 2] visited
    assert got["x"].min() < low + 0.1
    assert got["x"].max() > high - 0.1
    quarters = np.floor((got["x"].clip(low, high - 1e-9) - low) / (high - low) * 4)
    assert set(quarters) == {0, 1, 2, 3}
    assert dominated(got, (("f1", "min"), ("f2", "min"))) == []
    # the archive holds every package: the front is its non-dominated part, dominated ones exist too
    assert len(result.evaluations) > len(got)
    assert result.nfe >= 600
    assert result.generations == 30
    assert result.runs == 2 * len(result.evaluations)


def test_search_is_reproducible_and_leaves_the_callers_random_state_alone():
    random.seed(123)
    before = random.getstate()
    a = search(schaffer_problem(), evaluations=60, population=10, seed=5)
    assert random.getstate() == before
    b = search(schaffer_problem(), evaluations=60, population=10, seed=5, workers=2)
    c = search(schaffer_problem(), evaluations=60, population=10, seed=6)
    pd.testing.assert_frame_equal(a.evaluations, b.evaluations)
    assert not a.evaluations["x"].equals(c.evaluations["x"])


def test_each_generation_is_one_batch_of_jobs_on_common_random_numbers(monkeypatch):
    calls = []
    real = search_module.collect

    def counting(jobs, *args, **kwargs):
        calls.append(jobs)
        return real(jobs, *args, **kwargs)

    monkeypatch.setattr(search_module, "collect", counting)
    result = search(schaffer_problem(), evaluations=40, population=10, seed=2)
    assert len(calls) == result.generations == 4  # one call to the evaluator per generation
    assert len(calls[0]) == 10 * 2  # the whole first population, every package on both seeds
    for jobs in calls:
        assert [j.seed for j in jobs] == [1, 2] * (len(jobs) // 2)


def test_a_package_met_again_is_not_run_again():
    result = search(schaffer_problem(step=1.0), evaluations=100, population=10, seed=1)
    assert len(result.evaluations) <= 21  # x is rounded to whole numbers in -10..10
    assert not result.evaluations["x"].duplicated().any()
    assert result.runs == 2 * len(result.evaluations) < 2 * result.nfe


def test_front_keeps_every_tie_and_drops_the_dominated():
    rows = pd.DataFrame(
        {
            "name": ["a", "b", "c", "d", "e"],
            "cost_eur": [100.0, 100.0, 200.0, 150.0, 300.0],
            "p_working": [0.5, 0.5, 0.9, 0.4, 0.9],
        }
    )
    got = front(rows, (("cost_eur", "min"), ("p_working", "max")))
    assert list(got["name"]) == ["a", "b", "c"]  # d: dearer and worse than a; e: dearer than c, no better


def test_variables_round_to_each_levers_step():
    v = Variable("cofinancing", 0.0, 1.0, 0.05)
    assert v.value(0.4312) == 0.45
    assert v.value(0.42) == 0.4
    assert v.value(1.7) == 1.0
    assert v.value(-3) == 0.0
    k = Variable("kartrekker", levels=("none", "internal", "external", "duo"))
    assert k.value(2) == "external"


# --- the levers ------------------------------------------------------------------------------


def test_levers_are_preconditions_with_ranges_inside_theirs():
    sc = load_scenario("funding_cliff")
    for name, lever in LEVERS.items():
        pre = PRECONDITIONS[name]
        if lever.levels:
            assert lever.levels == pre.levels
            continue
        low, high = lever.bounds(sc.horizon)
        assert pre.low <= low < high <= pre.high
    assert LEVERS["funding_years"].bounds(10) == (0.0, 10.0)
    chosen = variables(sc, ("funding_years", "kartrekker"))
    assert chosen[0].high == 10.0
    assert chosen[1].levels == ("none", "internal", "external", "duo")


def test_the_default_year_follows_compare_unless_the_money_is_a_lever():
    sc = load_scenario("funding_cliff")  # money for 3 years, horizon 10
    assert default_year(sc, ("cofinancing",), None) == 6
    assert default_year(sc, ("funding_years",), None) == 10
    assert default_year(sc, ("funding_years",), 4) == 4


def test_check_levers_suggests_a_name():
    with pytest.raises(InputError, match="did you mean 'cofinancing'"):
        check_levers(["cofinancin"])


# --- the command -------------------------------------------------------------------------------


def optimise(out: Path, capsys, *extra: str) -> tuple[int, str, str]:
    argv = ["optimise", "funding_cliff", "--levers", *LEVERS_CHOSEN, "--year", "6", "--out", str(out), *extra]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.slow
def test_optimise_writes_an_undominated_front_the_same_with_one_or_two_workers(tmp_path, capsys):
    one, two = tmp_path / "one", tmp_path / "two"
    code, out, _ = optimise(one, capsys, *SMALL, "--workers", "1")
    assert code == 0
    assert len(out.strip().splitlines()) == 2
    assert "front:" in out
    assert optimise(two, capsys, *SMALL, "--workers", "2")[0] == 0
    for name in ("pareto.csv", "evaluations.csv", "summary.md"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert (one / "front.png").stat().st_size > 10_000
    pareto = pd.read_csv(one / "pareto.csv")
    assert list(pareto.columns) == ["package", *LEVERS_CHOSEN, *OUTCOME_COLUMNS, "year", "scenario"]
    for col in ("project_cost_eur", "partner_cost_eur", "funder_cost_eur", "residents_helped"):
        assert col in pareto.columns
    assert pareto["cost_eur"].is_monotonic_increasing
    assert (pareto["year"] == 6).all()
    assert (pareto["runs"] == 3).all()
    # pairwise: no row is cheaper-or-equal and works-as-often-or-more with one of them strictly better
    for i, a in pareto.iterrows():
        for j, b in pareto.iterrows():
            if i != j:
                assert not (
                    b["cost_eur"] <= a["cost_eur"]
                    and b["p_working"] >= a["p_working"]
                    and (b["cost_eur"] < a["cost_eur"] or b["p_working"] > a["p_working"])
                ), (i, j)
    tried = pd.read_csv(one / "evaluations.csv")
    assert len(tried) >= len(pareto)
    assert tried["on_front"].sum() == len(pareto)
    assert tried["p_working"].between(0, 1).all()
    # the front's first package back as overrides, for compare --from-pareto
    (first,) = from_pareto(one / "pareto.csv", pick=1)
    assert first == {name: pareto.loc[0, name] for name in LEVERS_CHOSEN}
    assert "Wat kost het?" in (one / "summary.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_optimise_summary_in_english(tmp_path, capsys):
    code, _, _ = optimise(tmp_path / "en", capsys, *SMALL, "--workers", "1", "--lang", "en")
    assert code == 0
    text = (tmp_path / "en" / "summary.md").read_text(encoding="utf-8")
    assert "What does it take?" in text
    assert "co-financing" in text
    assert "in year 6" in text


@pytest.fixture
def no_runs(monkeypatch):
    """Any model run fails the test: bad input must stop before anything runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("a model run started")

    monkeypatch.setattr(search_module, "collect", refuse)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["optimise", "no_such_scenario", "--levers", "cofinancing"], "scenario"),
        (["optimise", "funding_cliff", "--levers", "cofinancin"], "did you mean 'cofinancing'"),
        (["optimise", "funding_cliff", "--levers", "cofinancing", "cofinancing"], "each lever once"),
        (["optimise", "funding_cliff", "--levers"], "levers: got 'nothing'"),
        (["optimise", "funding_cliff"], "levers: got 'nothing'"),
        (["optimise", "funding_cliff", "--levers", "cofinancing", "--year", "11"], "--year"),
        (["optimise", "funding_cliff", "--levers", "cofinancing", "--evaluations", "10"], "one generation"),
        (["optimise", "funding_cliff", "--levers", "cofinancing", "--population", "5"], "even"),
        (["optimise", "funding_cliff", "--levers", "cofinancing", "--year", "0"], "--year"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(argv, says, tmp_path, capsys, no_runs):
    out = tmp_path / "out"
    try:
        code = main([*argv, "--out", str(out), "--quiet"])
    except SystemExit as exc:  # argparse's own checks (here --year 0) exit at once
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("collabsim")
    assert says in err
    assert not out.exists()


def test_out_a_file_is_bad_input(tmp_path, capsys, no_runs):
    file = tmp_path / "taken"
    file.write_text("mine")
    assert main(["optimise", "funding_cliff", "--levers", "cofinancing", "--out", str(file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("collabsim: error: --out: out:")
    assert len(err.strip().splitlines()) == 1
    assert file.read_text() == "mine"


# --- reading a front back ------------------------------------------------------------------


def write_pareto(path: Path, **columns) -> Path:
    base = {"package": [1, 2], "cofinancing": [0.2, 0.6], "kartrekker": ["internal", "duo"]}
    base |= {"cost_eur": [1.0, 2.0], "p_working": [0.3, 0.9]}
    pd.DataFrame(base | columns).to_csv(path, index=False)
    return path


def test_from_pareto_gives_overrides(tmp_path):
    path = write_pareto(tmp_path / "pareto.csv")
    assert from_pareto(path) == [
        {"cofinancing": 0.2, "kartrekker": "internal"},
        {"cofinancing": 0.6, "kartrekker": "duo"},
    ]
    assert from_pareto(path, pick=2) == [{"cofinancing": 0.6, "kartrekker": "duo"}]


@pytest.mark.parametrize(
    ("columns", "pick", "says"),
    [
        ({"cofinancing": [0.2, 1.5]}, None, "row 2.cofinancing: got 1.5; allowed: a number in 0..1"),
        ({"kartrekker": ["internal", "boss"]}, None, "row 2.kartrekker: got 'boss'"),
        ({"cofinancing": [0.2, "lots"]}, None, "row 2.cofinancing"),
        ({}, 3, "--pick: pick: got 3; allowed: a row number from 1 to 2"),
        ({}, 0, "--pick"),
    ],
)
def test_from_pareto_refuses_bad_files(tmp_path, columns, pick, says):
    path = write_pareto(tmp_path / "pareto.csv", **columns)
    with pytest.raises(InputError) as exc:
        from_pareto(path, pick=pick)
    assert says in str(exc.value)
    assert "\n" not in str(exc.value)


def test_from_pareto_needs_a_front_file(tmp_path):
    with pytest.raises(InputError, match="an existing file"):
        from_pareto(tmp_path / "missing.csv")
    other = tmp_path / "other.csv"
    pd.DataFrame({"a": [1]}).to_csv(other, index=False)
    with pytest.raises(InputError, match="lever column"):
        from_pareto(other)
    no_cost = tmp_path / "no_cost.csv"
    pd.DataFrame({"cofinancing": [0.1]}).to_csv(no_cost, index=False)
    with pytest.raises(InputError, match="cost_eur and p_working"):
        from_pareto(no_cost)


# --- the words -------------------------------------------------------------------------------


def test_dutch_and_english_texts_are_complete_with_the_same_placeholders():
    assert words.text.missing() == []
    for key, entry in words.text.table.items():
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(t) if f} for lang, t in entry.items()}
        assert fields["nl"] == fields["en"], key


def test_packages_in_words_reuse_the_reports_labels():
    package = {"cofinancing": 0.4, "knowledge_exchange": 8.0, "kartrekker": "external", "funding_years": 3.0}
    names = ("cofinancing", "knowledge_exchange", "kartrekker", "funding_years")
    assert words.package_words("nl", package, names) == (
        "cofinanciering 40%, kennisuitwisseling 8 per jaar, kartrekker: extern, projectgeld 3 jaar"
    )
    assert words.package_words("en", package, names) == (
        "co-financing 40%, knowledge exchange 8 a year, kartrekker: external, project money 3 years"
    )


def test_summary_names_the_cheapest_package_that_works_half_the_time():
    front_rows = pd.DataFrame(
        {
            "cofinancing": [0.0, 0.4, 0.8],
            "cost_eur": [200_000.0, 310_000.0, 500_000.0],
            "p_working": [0.1, 0.6, 0.9],
            "project_cost_eur": [100_000.0] * 3,
            "partner_cost_eur": [90_000.0] * 3,
            "funder_cost_eur": [10_000.0] * 3,
        }
    )
    text = words.summary(
        "nl",
        scenario_title="Geld op",
        horizon=10,
        levers=("cofinancing",),
        year=6,
        evaluations=front_rows,
        front=front_rows,
        replications=10,
        seed=1,
        command="collabsim optimise funding_cliff --levers cofinancing",
    )
    assert "kost € 310.000 (cofinanciering 40%)" in text
    assert (
        "Voor € 500.000 over 10 jaar (cofinanciering 80%) werkt het netwerk in jaar 6 nog in 90% van de runs." in text
    )
