"""The trainers' dashboard in real headless Chromium (Debian's chromium driven by Playwright).

One server per module, started the way a trainer starts it (``collabsim dashboard``), on a
free port, with the CDN Solara would fall back to pointing at a closed local port. Every
request the browser makes is recorded; none may leave 127.0.0.1. A screenshot of the
continuity mode is kept under tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]  # one server, one worker

CHROMIUM = os.environ.get("COLLABSIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
START_TIMEOUT = 150.0
UI_TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``collabsim dashboard`` on a free port; yields its URL once it answers HTTP 200."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (installs Debian's chromium) or set COLLABSIM_CHROMIUM")
    port = _free_port()
    config = str(tmp_path_factory.mktemp("config"))
    # closed pages' sessions are dropped soon, so a session left playing does not slow the next test
    env = dict(os.environ, COLLABSIM_CONFIG_DIR=config, LANG="C.UTF-8", SOLARA_KERNEL_CULL_TIMEOUT="5s")
    env.pop("COLLABSIM_DASHBOARD_LANG", None)
    cli = [sys.executable, "-m", "collabsim.cli", "dashboard", "baseline", "--port", str(port)]
    log_path = tmp_path_factory.mktemp("server") / "dashboard.log"
    log = log_path.open("w")
    proc = subprocess.Popen(cli, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            assert proc.poll() is None, f"dashboard exited early: {log_path.read_text()}"
            assert time.monotonic() < deadline, "dashboard did not answer within the timeout"
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    """A fresh page (a fresh dashboard session) with every request recorded."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))  # type: ignore[attr-defined]
    page.goto(server)
    page.locator(".collabsim-network img").wait_for()
    page.locator(".collabsim-series img").wait_for()
    yield page
    leaving = [u for u in page.requests if not re.match(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob):", u)]
    context.close()
    assert not leaving, f"requests left the machine: {leaving[:5]}"


def _image(page: object, cls: str) -> str:
    return page.locator(f".{cls} img").get_attribute("src")  # type: ignore[attr-defined]


def _wait_changed(page: object, cls: str, before: str) -> str:
    page.wait_for_function(  # type: ignore[attr-defined]
        "([sel, before]) => { const i = document.querySelector(sel); return i && i.src !== before; }",
        arg=[f".{cls} img", before],
    )
    return _image(page, cls)


def _wait_story(page: object, pattern: str, count: int = 1, timeout_ms: float = UI_TIMEOUT_MS) -> None:
    """Wait until the story panel's text matches ``pattern`` at least ``count`` times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            """([pattern, count]) => {
                const e = document.querySelector('.collabsim-story');
                return !!e && (e.innerText.match(new RegExp(pattern, 'g')) || []).length >= count;
            }""",
            arg=[pattern, count],
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        if timeout_ms < UI_TIMEOUT_MS:
            raise
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard-failure.png"), full_page=True)  # type: ignore[attr-defined]
        body = page.locator("body").inner_text()  # type: ignore[attr-defined]
        raise AssertionError(f"no {pattern!r} (x{count}) in the page; it shows:\n{body[:3000]}") from None


def _press(page: object, button: str, pattern: str, count: int = 1) -> None:
    """Press an event button until the story shows its effect.

    A press that lands while Solara is swapping the panel's widgets (right after a reset
    or a mode switch) can be lost; a trainer would press again, and so does the test.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.locator(f".ev-{button}").click()  # type: ignore[attr-defined]
        try:
            _wait_story(page, pattern, count, timeout_ms=15_000)
            return
        except PlaywrightTimeout:
            continue
    _wait_story(page, pattern, count)


def _story(page: object) -> str:
    return page.locator(".collabsim-story").inner_text()  # type: ignore[attr-defined]


def test_page_loads_offline_with_network_and_plots(page: object) -> None:
    story = _story(page)
    assert "Baseline neighbourhood" in story
    assert "Year 0.0" in story
    assert "kartrekker at work" in story
    for cls in ("collabsim-network", "collabsim-series"):
        box = page.locator(f".{cls} img").bounding_box()  # type: ignore[attr-defined]
        assert box is not None
        assert box["width"] > 400
        assert box["height"] > 300
    # every canonical precondition has a control: 18 sliders of our own besides SolaraViz's two
    assert page.get_by_role("slider").count() == 20  # type: ignore[attr-defined]


def test_play_grows_the_network_and_the_kartrekker_button_breaks_it(page: object) -> None:
    before = _image(page, "collabsim-network")
    page.get_by_role("button", name="▶").click()  # type: ignore[attr-defined]
    _wait_story(page, r"Year (0\.[3-9]|[1-9])")
    grown = _wait_changed(page, "collabsim-network", before)
    pause = page.get_by_role("button", name="❚❚")  # type: ignore[attr-defined]
    if pause.is_enabled():  # on a slow machine the run may already have reached its horizon
        pause.click()
    # the kartrekker button, from a known state: a fresh run, one step in
    page.get_by_role("button", name="Reset").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Step").click()  # type: ignore[attr-defined]
    _wait_story(page, r"Year 0\.[1-9]")
    assert "kartrekker at work" in _story(page)
    fresh = _wait_changed(page, "collabsim-network", grown)
    _press(page, "kartrekker_leaves", r"The kartrekker left\.")
    _wait_story(page, "no kartrekker")
    _wait_changed(page, "collabsim-network", fresh)


def test_slider_change_and_reset_change_what_is_drawn(page: object) -> None:
    before_net, before_series = _image(page, "collabsim-network"), _image(page, "collabsim-series")
    assert re.search(r"working cross-domain ties ([0-9]|1[0-9])%", _story(page))
    slider = page.get_by_role("slider", name="Existing network")  # type: ignore[attr-defined]
    slider.focus()
    slider.press("End")  # the densest network there is at the start
    page.get_by_role("button", name="Reset").click()  # type: ignore[attr-defined]
    _wait_story(page, r"working cross-domain ties ([4-9][0-9]|100)%")
    _wait_changed(page, "collabsim-network", before_net)
    assert page.get_by_role("slider", name="Existing network").get_attribute("aria-valuenow") == "1"  # type: ignore[attr-defined]
    _press(page, "funding_stops", "Project money ended")
    _wait_changed(page, "collabsim-series", before_series)


def test_continuity_mode_shows_two_networks_and_dutch_sticks(page: object, server: str) -> None:
    single_width = page.evaluate("() => document.querySelector('.collabsim-network img').naturalWidth")  # type: ignore[attr-defined]
    page.get_by_text("Continuity: with and without measures").click()  # type: ignore[attr-defined]
    page.get_by_text("With continuity measures (recorded agreements, handover, co-financing)").first.wait_for()  # type: ignore[attr-defined]
    assert "Without continuity measures" in _story(page)
    page.wait_for_function(  # type: ignore[attr-defined]
        "(w) => document.querySelector('.collabsim-network img').naturalWidth > 1.8 * w", arg=single_width
    )
    # the same press hits both copies
    page.get_by_role("button", name="Step").click()  # type: ignore[attr-defined]
    _wait_story(page, r"Year 0\.[1-9]")
    _press(page, "staff_rotation", "wave of staff rotation", count=4)  # per copy: headline and log line
    # switch to Dutch: labels change, and a new session starts in Dutch
    page.get_by_role("button", name="NL").click()  # type: ignore[attr-defined]
    page.get_by_text("De kartrekker vertrekt").wait_for()  # type: ignore[attr-defined]
    assert "Met borging" in _story(page)
    assert "Zonder borging" in _story(page)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard-continuity.png"
    page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    print(f"screenshot: {shot}")
    page.goto(server)  # type: ignore[attr-defined]
    page.get_by_text("De kartrekker vertrekt").wait_for()  # type: ignore[attr-defined]
