import os
from collections.abc import Iterator

import pytest
from conftest import require_in_ci
from e2e.live import CHROMIUM, serve


# One app and one Chromium per worker for every browser test: each test opens its own page or
# context, so nothing a test does in the browser reaches another, and starting them again per
# module only repeated a few seconds of start-up and the app's first, uncached load.
@pytest.fixture(scope="session")
def server(demo_db) -> Iterator[str]:
    with serve(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
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
