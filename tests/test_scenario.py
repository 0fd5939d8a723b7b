"""Scenario files: every shipped scenario loads and runs; bad input is one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import collabsim
from collabsim import CollaborationModel, load_scenario
from collabsim.cli import main
from collabsim.errors import InputError
from collabsim.params import PRECONDITION_NAMES
from collabsim.scenario import SCENARIO_DIR, shipped_scenarios

SHIPPED = sorted(SCENARIO_DIR.glob("*.toml"))


ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("folder", ["scenarios", "experiments"])
def test_every_shipped_file_goes_into_the_wheel(folder):
    """The package reads the top-level folder, and pyproject's package-data takes each of its files."""
    import tomllib

    from collabsim.shipped import shipped_folder

    assert shipped_folder(folder).resolve() == ROOT / folder
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["collabsim"]
    files = [p.relative_to(ROOT) for p in (ROOT / folder).rglob("*") if p.is_file()]
    assert files
    def packaged(f: Path) -> bool:
        return any(len(f.parts) == pattern.count("/") + 1 and f.match(pattern) for pattern in patterns)

    missing = [str(f) for f in files if not packaged(f)]
    assert not missing, f"add to [tool.setuptools.package-data] in pyproject.toml: {missing}"


def test_there_are_shipped_scenarios():
    assert "baseline" in shipped_scenarios()
    assert shipped_scenarios() == sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_loads_and_runs(path):
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), "a scenario file opens with a comment citing its sources"
    sc = load_scenario(path)
    assert sc.name == path.stem
    assert sc.title
    assert load_scenario(path.stem) == sc  # by name as well as by path
    # short, but long enough for the scenario's own events
    short = max([2.0, *(e.year for e in sc.events)])
    summary, timeseries = collabsim.run(path, replications=1, overrides={"horizon": short})
    assert len(summary) == 1
    assert summary["scenario"].iloc[0] == path.stem
    assert len(timeseries) == round(short * 12) + 1
    assert summary["sustained"].iloc[0] >= 0.0


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenario_is_valid_on_the_command_line(path, capsys):
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "valid" in out
    assert err == ""


# --- overrides and hashing -----------------------------------------------------------------------


def test_overrides_by_precondition_name_and_dotted_key():
    sc = load_scenario("baseline", {"turnover": 0.3, "neighbourhood.residents": 50, "horizon": 3})
    assert sc.preconditions.turnover == 0.3
    assert sc.neighbourhood.residents == 50
    assert sc.horizon == 3
    assert load_scenario("baseline", {"preconditions.kartrekker": "duo"}).preconditions.kartrekker == "duo"


def test_model_kwargs_drive_the_model():
    kwargs = load_scenario("baseline").model_kwargs()
    assert set(PRECONDITION_NAMES) <= set(kwargs)
    model = CollaborationModel(**kwargs, rng=1)
    assert len(model.organisations) == len(load_scenario("baseline").neighbourhood.organisation_names())


def test_content_hash_ignores_comments_and_layout(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text("[preconditions]\nturnover = 0.2\nurgency = 0.5\n")
    b.write_text("# a comment\n[preconditions]\nurgency   = 0.5   # felt urgency\nturnover = 0.2\n")
    c = tmp_path / "c.toml"
    c.write_text("[preconditions]\nturnover = 0.25\nurgency = 0.5\n")
    ha = load_scenario(a).model_copy(update={"name": "x"}).content_hash()
    hb = load_scenario(b).model_copy(update={"name": "x"}).content_hash()
    hc = load_scenario(c).model_copy(update={"name": "x"}).content_hash()
    assert ha == hb
    assert ha != hc


def test_integers_are_accepted_for_numbers(tmp_path):
    path = tmp_path / "ints.toml"
    path.write_text("[preconditions]\nknowledge_exchange = 12\nurgency = 1\nturnover = 0\n")
    sc = load_scenario(path)
    assert sc.preconditions.knowledge_exchange == 12
    assert sc.preconditions.urgency == 1.0


def test_costs_table_reaches_the_model(tmp_path):
    path = tmp_path / "costs.toml"
    path.write_text(
        "[costs]\nfte_cost_eur = 90000\nmeeting_hours = 2\nhour_cost_eur = { gp_practice = 130, welfare = 60 }\n"
        '[[neighbourhood.organisations]]\ntype = "gp_practice"\n'
        '[[neighbourhood.organisations]]\ntype = "welfare"\n'
        '[[neighbourhood.organisations]]\ntype = "ggd"\nhour_cost_eur = 70\n'
    )
    sc = load_scenario(path)
    assert sc.costs.hour_cost_eur == {"gp_practice": 130.0, "welfare": 60.0}
    model = CollaborationModel(**sc.model_kwargs(), rng=1)
    assert (model.fte_cost_eur, model.meeting_hours) == (90000.0, 2.0)
    assert model.orgs.hour_cost.tolist() == [130.0, 60.0, 70.0]


# --- the bad-input catalogue ----------------------------------------------------------------------

ORG = '[[neighbourhood.organisations]]\ntype = "{type}"\nname = "{name}"\nstaff = 2\n'

#: id -> (file content, the key the one-line error must name, further words it must contain)
BAD_FILES: dict[str, tuple[str | bytes, str, tuple[str, ...]]] = {
    "malformed_toml": ("horizon = \n[preconditions\nturnover = 0.1\n", "TOML", ()),
    "empty_file": ("", "file", ("empty",)),
    "only_comments": ("# nothing here\n", "file", ("empty",)),
    "binary_file": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\x00", "file", ("binary",)),
    "unknown_top_key": ("horizn = 5\n", "horizn", ("did you mean 'horizon'",)),
    "misspelt_precondition": (
        "[preconditions]\nturnovr = 0.2\n",
        "preconditions.turnovr",
        ("did you mean 'turnover'",),
    ),
    "unknown_table": ("[precondition]\nturnover = 0.2\n", "precondition", ("did you mean 'preconditions'",)),
    "string_for_number": ('[preconditions]\nturnover = "high"\n', "preconditions.turnover", ("'high'",)),
    "bool_for_number": ("[preconditions]\nurgency = true\n", "preconditions.urgency", ("true",)),
    "out_of_range": ("[preconditions]\nturnover = 0.9\n", "preconditions.turnover", ("0.9", "0.5")),
    "negative": ("[preconditions]\nknowledge_exchange = -1\n", "preconditions.knowledge_exchange", ("-1",)),
    "nan": ("[preconditions]\nhierarchy = nan\n", "preconditions.hierarchy", ("finite",)),
    "inf": ("[preconditions]\nurgency = inf\n", "preconditions.urgency", ("finite",)),
    "minus_inf": ("[preconditions]\nfunding_years = -inf\n", "preconditions.funding_years", ("finite",)),
    "nan_horizon": ("horizon = nan\n", "horizon", ("finite",)),
    "zero_horizon": ("horizon = 0\n", "horizon", ()),
    "float_replications": ("replications = 2.5\n", "replications", ()),
    "unknown_kartrekker": ('[preconditions]\nkartrekker = "extern"\n', "preconditions.kartrekker", ("'external'",)),
    "unknown_org_type": (
        ORG.format(type="gp", name="Dr Jansen") + ORG.format(type="welfare", name="W"),
        "neighbourhood.organisations[0].type",
        ("gp_practice",),
    ),
    "org_bad_staff": (
        '[[neighbourhood.organisations]]\ntype = "ggd"\nstaff = 0\n' + ORG.format(type="welfare", name="W"),
        "neighbourhood.organisations[0].staff",
        (),
    ),
    "one_domain_only": (
        ORG.format(type="welfare", name="A") + ORG.format(type="wijkteam", name="B"),
        "neighbourhood.organisations",
        ("two domains",),
    ),
    "duplicate_org_names": (
        ORG.format(type="welfare", name="Team") + ORG.format(type="ggd", name="Team"),
        "neighbourhood.organisations",
        ("Team",),
    ),
    "event_after_horizon": (
        'horizon = 5\n[[events]]\nyear = 7\ntype = "funding_stops"\n',
        "events[0].year",
        ("7",),
    ),
    "unknown_event_type": (
        '[[events]]\nyear = 2\ntype = "kartrekker_leave"\n',
        "events[0].type",
        ("kartrekker_leaves",),
    ),
    "reorganise_unknown_org": (
        '[[events]]\nyear = 2\ntype = "reorganisation"\norganisation = "GDD"\n',
        "events[0].organisation",
        ("'GDD'", "did you mean 'GGD'"),
    ),
    "reorganise_without_org": ('[[events]]\nyear = 2\ntype = "reorganisation"\n', "events[0].organisation", ()),
    "kartrekker_leaves_without_kartrekker": (
        '[preconditions]\nkartrekker = "none"\n[[events]]\nyear = 2\ntype = "kartrekker_leaves"\n',
        "events[0].type",
        ("kartrekker",),
    ),
    "unknown_cost_key": ("[costs]\nfte_cost = 90000\n", "costs.fte_cost", ("did you mean 'fte_cost_eur'",)),
    "misspelt_hour_cost_type": (
        "[costs]\nhour_cost_eur = { gp_pratice = 120 }\n",
        "costs.hour_cost_eur.gp_pratice",
        ("did you mean 'gp_practice'",),
    ),
    "hour_cost_not_a_number": ('[costs]\nhour_cost_eur = { welfare = "cheap" }\n', "costs.hour_cost_eur.welfare", ()),
    "hour_cost_not_a_table": ("[costs]\nhour_cost_eur = 80\n", "costs.hour_cost_eur", ()),
    "negative_fte_cost": ("[costs]\nfte_cost_eur = -1\n", "costs.fte_cost_eur", ("-1",)),
    "bool_meeting_hours": ("[costs]\nmeeting_hours = true\n", "costs.meeting_hours", ("true",)),
    "nan_avoided_care": ("[costs]\navoided_care_eur = nan\n", "costs.avoided_care_eur", ("finite",)),
    "too_many_fte": ("[costs]\nkartrekker_fte = 2\n", "costs.kartrekker_fte", ("2",)),
    "org_negative_hour_cost": (
        '[[neighbourhood.organisations]]\ntype = "ggd"\nhour_cost_eur = -5\n' + ORG.format(type="welfare", name="W"),
        "neighbourhood.organisations[0].hour_cost_eur",
        ("-5",),
    ),
    "board_change_unknown_org": (
        '[[events]]\nyear = 2\ntype = "board_change"\norganisation = "GDD"\nsupport = 0.1\n',
        "events[0].organisation",
        ("'GDD'", "all", "did you mean 'GGD'"),
    ),
    "board_change_without_support": (
        '[[events]]\nyear = 2\ntype = "board_change"\norganisation = "all"\n',
        "events[0].support",
        ("0..1",),
    ),
    "board_change_support_above_1": (
        '[[events]]\nyear = 2\ntype = "board_change"\norganisation = "all"\nsupport = 1.5\n',
        "events[0].support",
        ("1.5",),
    ),
    "support_without_board_change": (
        '[[events]]\nyear = 2\ntype = "working_session"\nsupport = 0.5\n',
        "events[0].support",
        ("board_change",),
    ),
    "representatives_change_without_org": (
        '[[events]]\nyear = 2\ntype = "representatives_change"\n',
        "events[0].organisation",
        ("'all'",),
    ),
    "problem_map_with_org": (
        '[[events]]\nyear = 0\ntype = "problem_map"\norganisation = "GGD"\n',
        "events[0].organisation",
        ("only with type",),
    ),
    "second_event_bad": (
        '[[events]]\nyear = 1\ntype = "funding_stops"\n[[events]]\nyear = 2\ntype = "staff_rotation"\nshare = 1.5\n',
        "events[1].share",
        (),
    ),
}


def write_bad(tmp_path: Path, case: str) -> tuple[Path, str, tuple[str, ...]]:
    content, key, words = BAD_FILES[case]
    path = tmp_path / f"{case}.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path, key, words


def check_message(message: str, where: str, key: str, words: tuple[str, ...]) -> None:
    assert where in message
    assert key in message
    for word in words:
        assert word in message, word
    assert "\n" not in message.strip()


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_through_load_scenario(tmp_path, case):
    path, key, words = write_bad(tmp_path, case)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    check_message(str(info.value), str(path), key, words)
    assert info.value.key == key


def run_cli_expect_bad_input(argv: list[str], capsys, out: Path) -> str:
    """Run the CLI; it must stop with exit code 2, one line on stderr, nothing on stdout, nothing written."""
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert not out.exists()
    return lines[0]


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_through_the_cli(tmp_path, capsys, case):
    path, key, words = write_bad(tmp_path, case)
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(
        ["run", str(path), "--out", str(out), "--quiet", "--replications", "1"], capsys, out
    )
    check_message(line, str(path), key, words)


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nosuch.toml"
    with pytest.raises(InputError) as info:
        load_scenario(path)
    check_message(str(info.value), str(path), "scenario", ())
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(["run", str(path), "--out", str(out), "--quiet"], capsys, out)
    check_message(line, str(path), "scenario", ())


def test_misspelt_shipped_name(tmp_path, capsys):
    with pytest.raises(InputError, match="did you mean 'baseline'"):
        load_scenario("baselin")
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(["run", "baselin", "--out", str(out), "--quiet"], capsys, out)
    assert "baselin" in line
    assert "did you mean 'baseline'" in line


def test_a_folder_is_not_a_scenario(tmp_path, capsys):
    folder = tmp_path / "scenario_dir"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        load_scenario(folder)
    check_message(str(info.value), str(folder), "scenario", ("folder",))
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(["run", str(folder), "--out", str(out), "--quiet"], capsys, out)
    check_message(line, str(folder), "scenario", ("folder",))


@pytest.mark.parametrize("case", ["misspelt_precondition", "nan", "duplicate_org_names"])
def test_bad_file_through_cli_validate(tmp_path, capsys, case):
    path, key, words = write_bad(tmp_path, case)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.strip().splitlines()
    check_message(line, str(path), key, words)


# --- bad values on the command line -----------------------------------------------------------------

BAD_SETS = {
    "not_a_number": (["--set", "turnover=abc"], ("preconditions.turnover", "'abc'")),
    "unknown_name": (["--set", "nosuch=1"], ("nosuch",)),
    "no_value": (["--set", "turnover"], ("--set", "turnover", "NAME=VALUE")),
    "empty_name": (["--set", "=0.2"], ("--set",)),
    "out_of_range": (["--set", "turnover=0.9"], ("preconditions.turnover", "0.9")),
    "nan": (["--set", "urgency=nan"], ("preconditions.urgency", "finite")),
    "bad_kind": (["--set", "kartrekker=extern"], ("preconditions.kartrekker", "'external'")),
    "bool": (["--set", "urgency=true"], ("preconditions.urgency",)),
    "second_of_two": (["--set", "turnover=0.2", "--set", "hierarchie=0.5"], ("hierarchie",)),
}


@pytest.mark.parametrize("case", BAD_SETS)
def test_bad_set_values(tmp_path, capsys, case):
    extra, words = BAD_SETS[case]
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(["run", "baseline", "--out", str(out), "--quiet", *extra], capsys, out)
    for word in words:
        assert word in line, word
    if words[0].startswith("preconditions"):
        assert "baseline.toml" in line  # names the file as well as the key


def test_misspelt_precondition_in_set_gets_a_hint(tmp_path, capsys):
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(
        ["run", "baseline", "--out", str(out), "--quiet", "--set", "turnovr=0.2"], capsys, out
    )
    assert "did you mean 'turnover'" in line


@pytest.mark.parametrize("case", ["not_a_number", "unknown_name"])
def test_bad_overrides_through_load_scenario(case):
    extra, words = BAD_SETS[case]
    name, _, value = extra[1].partition("=")
    with pytest.raises(InputError) as info:
        load_scenario("baseline", {name: value if case == "not_a_number" else 1})
    assert words[0] in str(info.value)


BAD_FLAGS = {
    "replications_0": (["--replications", "0"], "--replications"),
    "replications_text": (["--replications", "many"], "--replications"),
    "workers_0": (["--workers", "0"], "--workers"),
    "seed_negative": (["--seed", "-1"], "--seed"),
    "unknown_flag": (["--replicates", "3"], "--replicates"),
}


@pytest.mark.parametrize("case", BAD_FLAGS)
def test_bad_flags(tmp_path, capsys, case):
    extra, key = BAD_FLAGS[case]
    out = tmp_path / "out"
    line = run_cli_expect_bad_input(["run", "baseline", "--out", str(out), "--quiet", *extra], capsys, out)
    assert key in line


def test_out_is_a_file(tmp_path, capsys):
    out = tmp_path / "taken"
    out.write_text("not a folder")
    assert main(["run", "baseline", "--out", str(out), "--quiet", "--set", "horizon=1"]) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert "--out" in line
    assert "folder" in line
    assert out.read_text() == "not a folder"


def test_a_bad_value_leaves_nothing_behind(tmp_path, capsys):
    """No output folder, and no temporary or partial file next to it either."""
    out = tmp_path / "out"
    run_cli_expect_bad_input(["run", "baseline", "--out", str(out), "--quiet", "--set", "turnover=2"], capsys, out)
    assert list(tmp_path.iterdir()) == []
