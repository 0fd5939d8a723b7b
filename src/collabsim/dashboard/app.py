"""The trainers' dashboard: a Mesa SolaraViz page (run with ``collabsim dashboard``).

SolaraViz gives the play / pause / step / reset controls and the sliders; this module adds
the trainer's choices (scenario, continuity mode, language) and three components: what is
happening (with the event buttons), the network of professionals, and the time series.
"""

from __future__ import annotations

import os
from typing import Any

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import force_update, update_counter

from ..params import NUMERIC_PRECONDITIONS, PRECONDITIONS, STRUCTURAL_FUNDING
from ..scenario import load_scenario, shipped_scenarios
from ..texts import LANGUAGES, euros
from .drawing import ARM_STYLES, network_figure, series_figure
from .labels import kartrekker_choices, text
from .prefs import save_language, start_language
from .session import PAYERS, Arm, TrainingSession

PLAY_INTERVAL_MS = 100
RENDER_INTERVAL = 2  # months per picture while playing
STORY_LINES = 5

# SolaraViz puts components in a draggable grid of equal tiles; a room wants a fixed page:
# the story beside the network, the time series below (continuity mode: all full width).
_LAYOUT_CSS = """
.collabsim-page .v-tabs { display: none; }
.collabsim-page .vue-grid-layout { height: auto !important; display: flex; flex-wrap: wrap; gap: 10px; }
.collabsim-page .vue-grid-item { position: relative !important; transform: none !important;
  top: auto !important; left: auto !important; height: auto !important; touch-action: auto !important; }
.collabsim-page .vue-grid-item > .vue-resizable-handle { display: none; }
.collabsim-page .vue-grid-item:nth-child(1) { width: calc(40% - 10px) !important; }
.collabsim-page .vue-grid-item:nth-child(2) { width: 58% !important; }
.collabsim-page .vue-grid-item:nth-child(3) { width: 100% !important; }
.collabsim-continuity-on .vue-grid-item:nth-child(n) { width: 100% !important; }
"""

language = solara.reactive("")  # "" until the trainer picks one: then start_language() decides
scenario_choice = solara.reactive(os.environ.get("COLLABSIM_DASHBOARD_SCENARIO", "baseline"))
continuity_mode = solara.reactive(os.environ.get("COLLABSIM_DASHBOARD_MODE", "") == "continuity")


# --- sliders and switches -------------------------------------------------------------


def _slider(name: str, value: float, lang: str, high: float | None = None) -> dict[str, Any]:
    p = PRECONDITIONS[name]
    high = p.high if high is None else high
    if name == "knowledge_exchange":
        return {
            "type": "SliderInt",
            "value": round(value),
            "min": 0,
            "max": int(high),
            "step": 1,
            "label": text(lang, f"p_{name}"),
        }
    step = 0.5 if name == "funding_years" else (0.01 if high <= 0.5 else 0.05)
    return {
        "type": "SliderFloat",
        "value": min(float(value), high),
        "min": float(p.low),
        "max": float(high),
        "step": step,
        "label": text(lang, f"p_{name}"),
    }


def model_params(session: TrainingSession, lang: str) -> dict[str, Any]:
    """SolaraViz ``model_params``: every canonical precondition, the seed and two fixed choices."""
    settings = session.settings
    structural = settings["funding_years"] >= min(STRUCTURAL_FUNDING, session.horizon + 1)
    params: dict[str, Any] = {
        "scenario_name": session.scenario_name,
        "continuity": session.continuity,
        "seed": {"type": "InputText", "value": str(session.seed), "label": text(lang, "seed")},
        "kartrekker": {
            "type": "Select",
            "value": text(lang, f"k_{settings['kartrekker']}"),
            "values": kartrekker_choices(lang),
            "label": text(lang, "p_kartrekker"),
        },
    }
    for name in NUMERIC_PRECONDITIONS:
        high = session.horizon if name == "funding_years" else None
        params[name] = _slider(name, settings[name], lang, high)
    params["structural_funding"] = {"type": "Checkbox", "value": structural, "label": text(lang, "structural")}
    return params


# --- components shown by SolaraViz ------------------------------------------------------


def current_language() -> str:
    """The language picked in this browser session, else the remembered or system one."""
    return language.value or start_language()


def _html(tag: str, content: str, style: str = "") -> None:
    solara.HTML(tag=tag, unsafe_innerHTML=content, style=style)


def _status_line(arm: Arm, lang: str) -> str:
    s = arm.status()
    parts = [text(lang, "st_kartrekker_yes" if s["kartrekker"] else "st_kartrekker_no")]
    if s["structural"]:
        parts.append(text(lang, "st_money_structural"))
    elif s["project_money"]:
        parts.append(text(lang, "st_money_yes", until=s["funding_end"]))
    else:
        parts.append(text(lang, "st_money_no", share=s["partners_carry"]))
    parts.append(text(lang, "st_ties", ties=s["ties"]))
    parts.append(text(lang, "st_staff", present=s["present"], total=s["total"]))
    parts.append(text(lang, "st_partners", n=s["partners"], total=s["organisations"]))
    parts.append(text(lang, "st_spent", **{p: euros(lang, s[f"{p}_spent"]) for p in PAYERS}))
    return " · ".join(parts)


def _story_line(entry: tuple[float, str, dict[str, Any]], lang: str) -> str:
    when, key, fields = entry
    return f"{text(lang, 'year', year=when)}: {text(lang, key, **_shown(fields, lang))}"


def StoryPanel(model: TrainingSession) -> None:
    """The current year, what is happening in plain words, and the event buttons."""
    lang = current_language()
    org, set_org = solara.use_state(_default_organisation(model.organisation_names))
    if org not in model.organisation_names:
        org = model.organisation_names[0]

    def event_button(label: str, kind: str, **kwargs: Any) -> None:
        """A button that fires ``kind`` now (in every copy) and redraws."""

        def press() -> None:
            model.fire(kind, **kwargs)
            force_update()

        solara.Button(label, on_click=press, color="warning", disabled=not model.running, classes=[f"ev-{kind}"])

    with solara.Column(style={"padding": "6px"}, classes=["collabsim-story"]):
        title = model.title_nl if lang == "nl" else model.title
        _html(
            "div",
            f"{title} — {text(lang, 'year', year=model.year)}",
            "font-size: 26px; font-weight: 700; margin-bottom: 4px",
        )
        # continuity mode: the two copies side by side, in the order of the two networks
        with solara.Columns([1] * len(model.arms)):
            for arm in model.arms:
                _arm_story(model, arm, lang)
        if model.seed_given is not None:
            solara.Warning(text(lang, "bad_seed", given=model.seed_given, seed=model.seed))
        _html("div", text(lang, "events_now"), "font-weight:700; margin-top:10px")
        with solara.Row(style={"flex-wrap": "wrap", "gap": "6px"}):
            event_button(text(lang, "btn_kartrekker_leaves"), "kartrekker_leaves")
            event_button(text(lang, "btn_funding_stops"), "funding_stops")
            event_button(text(lang, "btn_staff_rotation"), "staff_rotation", share=0.3)
            event_button(text(lang, "btn_working_session"), "working_session")
            event_button(text(lang, "btn_problem_map"), "problem_map")
            event_button(text(lang, "btn_board_no"), "board_change", organisation="all", support=0.1)
        with solara.Row(style={"align-items": "center", "gap": "6px"}):
            event_button(f"{text(lang, 'btn_reorganisation')} {org}", "reorganisation", organisation=org)
            solara.Select(text(lang, "organisation"), value=org, values=model.organisation_names, on_value=set_org)


def _arm_story(model: TrainingSession, arm: Arm, lang: str) -> None:
    """One copy's headline (what just happened), status line and the last events."""
    colour = ARM_STYLES[arm.name][0]
    with solara.Column(gap="2px"):
        if len(model.arms) > 1:
            _html("div", text(lang, f"arm_{arm.name}"), f"color:{colour}; font-weight:700; margin-top:6px")
        latest = arm.story[-1] if arm.story else None
        now = (
            text(lang, latest[1], **_shown(latest[2], lang)) if latest and model.year > 0 else text(lang, "nothing_yet")
        )
        _html("div", now, f"font-size: 20px; color:{colour}; font-weight:600")
        _html("div", _status_line(arm, lang), "font-size: 14px; color:#444")
        shown = STORY_LINES if len(model.arms) == 1 else STORY_LINES - 2
        lines = [_story_line(e, lang) for e in reversed(arm.story[-shown:])]
        _html("ul", "".join(f"<li>{line}</li>" for line in lines), "font-size: 13px; margin: 2px 0 0 0")


def _shown(fields: dict[str, Any], lang: str) -> dict[str, Any]:
    return {k: (text(lang, f"k_{v}") if k == "kind" else v) for k, v in fields.items()}


def _default_organisation(names: list[str]) -> str:
    return next((n for n in names if n.lower() in ("ggd", "wijkteam")), names[0])


def NetworkView(model: TrainingSession) -> None:
    """The network of professionals: one picture, or two side by side in continuity mode."""
    lang = current_language()
    with model.lock:
        fig = network_figure(model.arms, lang, model.layout_seed)
    with solara.Column(classes=["collabsim-network"]):
        solara.FigureMatplotlib(fig, format="png", dependencies=[update_counter.value, lang, id(model)])


def SeriesView(model: TrainingSession) -> None:
    """The outcomes over time, events marked."""
    lang = current_language()
    with model.lock:
        fig = series_figure(model.arms, lang, model.horizon)
    with solara.Column(classes=["collabsim-series"]):
        solara.FigureMatplotlib(fig, format="png", dependencies=[update_counter.value, lang, id(model)])


# --- the page ---------------------------------------------------------------------------


def _scenario_titles(lang: str, current: str) -> dict[str, str]:
    """Shown title -> scenario name, for the shipped scenarios (and the one started with)."""
    names = shipped_scenarios()
    if current not in names:
        names = [current, *names]
    out = {}
    for name in names:
        sc = load_scenario(name)
        out[(sc.title_nl if lang == "nl" else sc.title) or name] = name
    return out


@solara.component
def Page() -> None:
    lang = current_language()
    initial = solara.use_memo(
        lambda: TrainingSession(scenario_name=scenario_choice.value, continuity=continuity_mode.value), []
    )
    model = solara.use_reactive(initial)
    session = model.value
    titles = solara.use_memo(lambda: _scenario_titles(lang, scenario_choice.value), [lang])
    shown_title = next(t for t, n in titles.items() if n == session.scenario_name)

    def choose_scenario(shown: str) -> None:
        scenario_choice.set(titles[shown])
        model.set(TrainingSession(scenario_name=titles[shown], continuity=continuity_mode.value))

    def choose_mode(on: bool) -> None:
        continuity_mode.set(on)
        s = model.value
        model.set(TrainingSession(scenario_name=s.scenario_name, continuity=on, seed=s.seed, **s.settings))

    def choose_language(value: str) -> None:
        language.set(value)
        save_language(value)

    with solara.AppBar():
        solara.ToggleButtonsSingle(
            value=lang, values=list(LANGUAGES), on_value=choose_language, classes=["collabsim-language"]
        )
    with solara.Sidebar(), solara.Card(text(lang, "trainer")):
        solara.Select(text(lang, "scenario"), value=shown_title, values=list(titles), on_value=choose_scenario)
        solara.Switch(
            label=text(lang, "mode_continuity"),
            value=session.continuity,
            on_value=choose_mode,
            classes=["collabsim-continuity"],
        )
        solara.Text(text(lang, "press_reset"), style={"font-size": "12px", "color": "#555"})
    solara.Style(_LAYOUT_CSS)
    mode_class = "collabsim-continuity-on" if session.continuity else "collabsim-continuity-off"
    with solara.Column(classes=["collabsim-page", mode_class]):
        _viz(model, session, lang)


def _viz(model: solara.Reactive[TrainingSession], session: TrainingSession, lang: str) -> None:
    SolaraViz(
        model,
        components=[StoryPanel, NetworkView, SeriesView],
        model_params=model_params(session, lang),
        name=text(lang, "title"),
        play_interval=PLAY_INTERVAL_MS,
        render_interval=RENDER_INTERVAL,
    ).key(f"viz-{lang}-{id(session)}")
