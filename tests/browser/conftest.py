"""The browser suite: a real server as `make run` starts it, driven by Debian's Chromium.

Run by `.ci/run` (`pytest -m browser`); `make test` leaves it out, since a fresh machine
has no Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.fixtures.browser import BIN
from tests.fixtures.servers import free_port, wait_ready

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DRAFTROOM_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'd.db'}"}
    draftroom = str(BIN / "draftroom")
    subprocess.run([draftroom, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([draftroom, "demo", "load"], env=env, check=True, capture_output=True)
    port = free_port()
    env["DRAFTROOM_ALLOWED_ORIGINS"] = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [draftroom, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(base, server)
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "install Debian's chromium (apt-get install -y chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    yield opened
    context.close()
