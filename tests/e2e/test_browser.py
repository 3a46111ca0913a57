"""End to end: `streamlit run app.py` in a subprocess, every page opened in system Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import ROOT, require_in_ci

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {"": "Programme health"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not become healthy in {timeout} s")


@pytest.fixture(scope="module")
def server(demo_db) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DASHBOARD_DEMO_PATH": str(demo_db)}
    env.pop("DASHBOARD_DB_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        require_in_ci("no system Chromium: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _settle(page) -> None:
    """Wait the way Streamlit's own e2e tests do: script idle, no skeletons left."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=30_000,
    )


@pytest.mark.parametrize("path,heading", PAGES.items())
def test_page_renders_without_exception(server, browser, path, heading, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/{path}")
    _settle(page)
    page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(tmp_path / f"{path or 'overview'}.png"), full_page=True)
    page.close()


def test_overview_shows_kpis_and_a_chart(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server)
    _settle(page)
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    for label in ("Participation", "Session adherence", "Goal completion", "Satisfaction"):
        assert any(label in text for text in labels), labels
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values and all(v.strip() not in ("", "—") for v in values), values
    page.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    ).first.wait_for(timeout=30_000)
    page.close()


def test_department_in_url_filters_the_overview(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/?dept=Operations")
    _settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Operations" in sidebar.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
