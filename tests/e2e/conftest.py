"""End-to-end fixtures: a real JupyterLab (started by `fabrique-course lab`) and Chromium.

The server runs on a free loopback port with a temporary workspace, and is stopped at the
end of the session even when a test fails. Screenshots of failed tests are written to
``test-results/screenshots/``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("FABRIQUE_COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-dev-shm-usage",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-results" / "screenshots"


@dataclass
class Lab:
    """A running JupyterLab server for the tests."""

    url: str
    workspace: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """`fabrique-course lab` serving a fresh workspace on a free loopback port."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez les tests avec « make test », "
                    "qui l'installe (paquet Debian chromium).")
    workspace = tmp_path_factory.mktemp("espace-e2e")
    log = tmp_path_factory.mktemp("logs") / "jupyterlab.log"
    port = _free_port()
    cli = Path(sys.executable).with_name("fabrique-course")
    env = dict(os.environ, FABRIQUE_COURSE_WORKSPACE=str(workspace))
    env.pop("FABRIQUE_COURSE_VERIFIER_STRICT", None)  # learners' copies have no solutions
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(cli), "lab", "--espace", str(workspace), "--sans-navigateur", "--port", str(port),
             "--", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
             "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
             "--ServerApp.open_browser=False", "--ServerApp.port_retries=0"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab n'a pas démarré :\n" + log.read_text()[-3000:])
                time.sleep(0.3)
        yield Lab(url, workspace, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import expect, sync_playwright

    # Widgets render a few seconds after the kernel answers (cold widget bundle).
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, for the screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Any, lab: Lab, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page; a screenshot is saved if the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{request.node.name}.png"
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(target), full_page=True)
            print(f"\nCapture d'écran de l'échec : {target}")
        log_copy = SCREENSHOTS.parent / "jupyterlab.log"
        with contextlib.suppress(Exception):
            shutil.copyfile(lab.log, log_copy)
    # Stop this test's kernels: a room of idle kernels slows the next page loads.
    with contextlib.suppress(Exception):
        pg.evaluate("window.jupyterapp && jupyterapp.serviceManager.sessions.shutdownAll()")
    context.close()
