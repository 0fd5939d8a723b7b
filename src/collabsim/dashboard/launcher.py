"""``collabsim dashboard``: start the Solara server for the trainers' dashboard, print its address.

The server runs as ``python -m solara run collabsim.dashboard.app --production --no-open`` in a
child process. It never goes online: its JavaScript comes from the ``solara-assets`` package,
the CDN it would fall back to points at a closed port on this machine, and telemetry is off.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..errors import InputError
from ..scenario import load_scenario, resolve_scenario_path
from ..texts import LANGUAGES

DEFAULT_PORT = 8765
READY_TIMEOUT = 120.0  # seconds; a busy laptop may take a while to import everything
#: Where Solara would fetch JavaScript it lacks: a closed port here, so nothing leaves the machine.
OFFLINE_CDN = "http://127.0.0.1:9/npm/"


def server_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "collabsim.dashboard.app",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def server_env(scenario: str, lang: str | None, continuity: bool) -> dict[str, str]:
    """The child's environment: the trainer's start choices and the offline settings."""
    env = dict(os.environ)
    env.update(
        COLLABSIM_DASHBOARD_SCENARIO=scenario,
        COLLABSIM_DASHBOARD_MODE="continuity" if continuity else "single",
        SOLARA_ASSETS_CDN=OFFLINE_CDN,
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        PYTHONWARNINGS="ignore:Cookies with samesite=none:UserWarning",
    )
    if lang:
        env["COLLABSIM_DASHBOARD_LANG"] = lang
    else:
        env.pop("COLLABSIM_DASHBOARD_LANG", None)
    return env


def check_port(host: str, port: int) -> None:
    """Fail with one line if ``host:port`` cannot be bound (taken, or not an address here)."""
    if not 1 <= port <= 65535:
        raise InputError("--port", "port", port, "a port number from 1 to 65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                "--host/--port", "address", f"{host}:{port}", f"a free address here ({exc.strerror})"
            ) from None


def scenario_argument(name_or_path: str) -> str:
    """Validate the scenario now (one-line error); a file is passed on by its absolute path."""
    load_scenario(name_or_path)
    if Path(name_or_path).is_file():
        return str(Path(name_or_path).resolve())
    return resolve_scenario_path(name_or_path).stem


def wait_until_ready(url: str, process: subprocess.Popen[bytes], timeout: float = READY_TIMEOUT) -> bool:
    """Poll ``url`` until it answers HTTP 200; False if the server died or took too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


def display_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def run_dashboard(
    scenario: str = "baseline",
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    lang: str | None = None,
    continuity: bool = False,
) -> int:
    """Start the dashboard, print its address, and serve until Ctrl+C."""
    if lang is not None and lang not in LANGUAGES:
        raise InputError("--lang", "lang", lang, f"one of {', '.join(LANGUAGES)}")
    name = scenario_argument(scenario)
    check_port(host, port)
    url = display_url(host, port)
    print(f"collabsim dashboard: starting at {url} (scenario {scenario}) ...", flush=True)
    process = subprocess.Popen(server_command(host, port), env=server_env(name, lang, continuity))
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        if not wait_until_ready(url, process):
            print("collabsim: error: the dashboard server did not start (see its messages above)", file=sys.stderr)
            return 1
        print(f"collabsim dashboard: open {url} in a browser; Ctrl+C stops it", flush=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"collabsim dashboard: listening on {host}: others on this network can open it too", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        print("collabsim dashboard: stopped", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM: stop the server like Ctrl+C does
