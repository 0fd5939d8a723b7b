"""The dashboard's parts without a browser: labels, the training session, layout and figures,
the slider set, the remembered language and the launcher's checks."""

from __future__ import annotations

import socket
import string

import numpy as np
import pytest

from collabsim.cli import main
from collabsim.dashboard import labels, prefs
from collabsim.dashboard.app import _status_line, _story_line, model_params
from collabsim.dashboard.drawing import network_figure, series_figure, update_layout
from collabsim.dashboard.launcher import check_port, server_env
from collabsim.dashboard.session import WITH_MEASURES, WITHOUT_MEASURES, TrainingSession
from collabsim.errors import InputError
from collabsim.outcomes import TIMESERIES
from collabsim.params import PRECONDITION_NAMES
from collabsim.submodels import membership
from collabsim.texts import LANGUAGES

SEED = 11


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_label_has_english_and_dutch_with_the_same_fields() -> None:
    for key, entry in labels.LABELS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry.values()), key
        assert _fields(entry["en"]) == _fields(entry["nl"]), key
    assert labels.text.missing() == []
    assert labels.text("nl", "year", year=3.25) == "Jaar 3.2"
    assert labels.kartrekker_kind("geen") == "none"
    assert labels.kartrekker_kind("extern") == "external"
    with pytest.raises(ValueError, match="kartrekker"):
        labels.kartrekker_kind("somebody")


def test_every_canonical_precondition_has_a_control() -> None:
    session = TrainingSession(seed=SEED)
    for lang in LANGUAGES:
        params = model_params(session, lang)
        assert set(PRECONDITION_NAMES) <= set(params)
        for name in PRECONDITION_NAMES:
            assert params[name]["label"] == labels.text(lang, f"p_{name}")
        values = {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}
        again = TrainingSession(**values)  # what Reset does with untouched controls
        assert again.settings == session.settings
        assert again.seed == session.seed


def test_continuity_mode_runs_two_copies_with_the_same_seed_and_presses() -> None:
    session = TrainingSession(continuity=True, seed=SEED)
    without, with_ = session.arms
    assert (without.name, with_.name) == ("without", "with")
    np.testing.assert_array_equal(without.model.staff.trust, with_.model.staff.trust)  # same neighbourhood
    for name, value in WITHOUT_MEASURES.items():
        assert getattr(without.model, name) == value
    for name, value in WITH_MEASURES.items():
        assert getattr(with_.model, name) == value
    for _ in range(6):
        session.step()
    session.fire("kartrekker_leaves")
    session.fire("staff_rotation", share=0.3)
    for arm in session.arms:
        assert not arm.model.kartrekker_active
        assert [kind for _, kind in arm.marks] == ["kartrekker_leaves", "staff_rotation"]
        assert [key for _, key, _ in arm.story][-2:] == ["ev_kartrekker_leaves", "ev_staff_rotation"]
        left = np.flatnonzero(np.isclose(arm.left_at, 0.5))
        assert left.size > 5  # the wave: about 30% of 60
        assert not arm.model.staff.present[left].any()


def test_successors_are_recorded_and_inherit_ties_only_with_measures() -> None:
    session = TrainingSession(continuity=True, seed=SEED, turnover=0.0, reorganisation_rate=0.0)
    for _ in range(24):
        session.step()
    session.fire("staff_rotation", share=0.5)
    for _ in range(18):
        session.step()
    inherited = {}
    for arm in session.arms:
        successors = np.flatnonzero(~np.isnan(arm.arrived_at))
        assert successors.size > 10
        assert (arm.arrived_at[successors] > arm.left_at[successors] - 1e-9).all()
        inherited[arm.name] = arm.model.staff.trust[successors].max(axis=1).mean()
    assert inherited["with"] > inherited["without"] + 0.05


def test_project_money_ending_on_schedule_is_told_and_marked() -> None:
    session = TrainingSession(seed=SEED, funding_years=1.0)
    for _ in range(14):
        session.step()
    arm = session.arms[0]
    assert (1.0, "funding_stops") in [(round(t, 6), k) for t, k in arm.marks]
    assert "ev_funding_stops" in [key for _, key, _ in arm.story]
    session.fire("funding_stops")  # pressing it again changes nothing in the story
    assert [key for _, key, _ in arm.story].count("ev_funding_stops") == 1


def test_a_partner_leaving_is_told_and_the_status_counts_partners_and_euros() -> None:
    session = TrainingSession(seed=SEED)
    arm = session.arms[0]
    for _ in range(3):
        session.step()
    name = arm.model.orgs.names[0]
    membership.leave(arm.model, 0)
    session.step()
    when, key, fields = next(e for e in arm.story if e[1] == "ev_partner_leaves")
    assert fields == {"detail": name}
    assert _story_line((when, key, fields), "nl").endswith(f"{name} doet niet meer mee: meedoen leverde te weinig op.")
    assert _story_line((when, key, fields), "en").endswith(f"{name} no longer takes part: taking part did not pay off.")
    status = arm.status()
    total = status["organisations"]
    assert status["partners"] <= total - 1
    assert status["project_spent"] == pytest.approx(arm.series("project_spending_eur").sum())
    assert status["project_spent"] > 0
    nl, en = _status_line(arm, "nl"), _status_line(arm, "en")
    assert f"{status['partners']} van {total} partners doen mee" in nl
    assert f"{status['partners']} of {total} partners take part" in en
    assert "tot nu toe uitgegeven: project € " in nl
    assert "spent so far: project €" in en
    membership.join(arm.model, 0)
    session.step()
    assert any(e[1] == "ev_partner_joins" and e[2] == {"detail": name} for e in arm.story)


def test_same_seed_same_session_and_layout() -> None:
    a, b = TrainingSession(seed=SEED), TrainingSession(seed=SEED)
    positions = []
    for session in (a, b):
        for _ in range(5):
            session.step()
            update_layout(session.arms[0], session.layout_seed)
        positions.append(session.arms[0].pos)
    np.testing.assert_array_equal(a.arms[0].series("cross_domain_ties"), b.arms[0].series("cross_domain_ties"))
    np.testing.assert_allclose(positions[0], positions[1])
    assert np.abs(positions[0]).max() <= 1.1 + 1e-9
    c = TrainingSession(seed=SEED + 1)
    assert c.layout_seed != a.layout_seed


def test_a_seed_that_is_not_a_number_falls_back_and_says_so() -> None:
    session = TrainingSession(seed="abc")
    assert session.seed_given == "abc"
    assert session.seed == 20171  # the baseline scenario's seed
    assert TrainingSession(seed=" 42 ").seed == 42
    with pytest.raises(ValueError, match="unknown precondition"):
        TrainingSession(turnoverr=0.2)


def test_figures_show_one_or_two_networks_and_the_canonical_series() -> None:
    single, double = TrainingSession(seed=SEED), TrainingSession(seed=SEED, continuity=True)
    for session in (single, double):
        for _ in range(3):
            session.step()
        session.fire("funding_stops")
    assert len(network_figure(single.arms, "en", single.layout_seed).axes) == 1
    assert len(network_figure(double.arms, "nl", double.layout_seed).axes) == 2
    fig = series_figure(double.arms, "nl", double.horizon)
    assert [ax.get_title() for ax in fig.axes] == [labels.text("nl", f"ts_{name}") for name in TIMESERIES]
    ties = fig.axes[0]
    assert len(ties.lines) >= 2  # both copies (plus the threshold and the event marks)
    assert [t.get_text() for t in ties.texts] == [labels.text("nl", "mk_funding_stops")]


def test_language_is_remembered(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLLABSIM_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("COLLABSIM_DASHBOARD_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    assert prefs.start_language() == "en"
    prefs.save_language("nl")
    assert prefs.start_language() == "nl"
    monkeypatch.setenv("COLLABSIM_DASHBOARD_LANG", "en")  # --lang wins for this start
    assert prefs.start_language() == "en"
    (tmp_path / "dashboard.json").write_text("not json")
    assert prefs.saved_language() is None


def test_dashboard_rejects_bad_input_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dashboard", "nosuch_scenario"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "nosuch_scenario" in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
        assert "free address" in capsys.readouterr().err
        with pytest.raises(InputError, match="1 to 65535"):
            check_port("127.0.0.1", 70000)


def test_server_is_told_to_stay_offline() -> None:
    env = server_env("baseline", "nl", continuity=True)
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["COLLABSIM_DASHBOARD_MODE"] == "continuity"
    assert env["COLLABSIM_DASHBOARD_LANG"] == "nl"


def test_steps_from_several_threads_are_whole_steps() -> None:
    """Play loop and Step button may step at once: every call must be one whole month."""
    import threading

    session = TrainingSession(seed=SEED)
    threads = [threading.Thread(target=lambda: [session.step() for _ in range(10)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert session.steps == 40
    assert session.arms[0].model.time == 40


@pytest.mark.parametrize(
    ("kind", "fields", "key", "words"),
    [
        ("working_session", {}, "ev_working_session", {"en": "working session", "nl": "werksessie"}),
        ("problem_map", {}, "ev_problem_map", {"en": "map", "nl": "kaart"}),
        ("board_change", {"organisation": "all", "support": 0.1}, "ev_board_change_all", {"en": "10%", "nl": "10%"}),
        ("board_change", {"organisation": "GGD", "support": 0.1}, "ev_board_change", {"en": "GGD", "nl": "GGD"}),
        ("representatives_change", {"organisation": "all"}, "ev_representatives_change_all",
         {"en": "interrupted", "nl": "stil"}),
    ],
)
def test_the_new_events_show_in_the_story(kind, fields, key, words) -> None:
    """The buttons' events (a working session, a map, a board "no") and a change of representatives
    are told in both copies' stories, in both languages."""
    session = TrainingSession(continuity=True, seed=SEED)
    for _ in range(3):
        session.step()
    session.fire(kind, **fields)
    for arm in session.arms:
        when, last, shown = arm.story[-1]
        assert (round(when, 6), last) == (0.25, key)
        assert (round(arm.marks[-1][0], 6), arm.marks[-1][1]) == (0.25, kind)
        for lang, word in words.items():
            assert word in labels.text(lang, last, **shown)
