"""Fifteen proposals on one article: the synoptic table scrolls inside its own region with the
base text kept in view, mirrors in Arabic, and becomes one proposal per row on a phone."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.fixtures.browser import BIN, serious_violations, sign_in
from tests.fixtures.servers import free_port, wait_ready
from tests.fixtures.synoptic import ARTICLE

SHOTS = Path(tempfile.gettempdir()) / "shots-synoptic"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own, so the fifteen proposals change no other browser test."""
    folder = tmp_path_factory.mktemp("synoptic")
    url = f"sqlite+aiosqlite:///{folder / 'd.db'}"
    env = {**os.environ, "DRAFTROOM_DATABASE_URL": url}
    draftroom = str(BIN / "draftroom")
    subprocess.run([draftroom, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([draftroom, "demo", "load"], env=env, check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env["DRAFTROOM_ALLOWED_ORIGINS"] = base
    server = subprocess.Popen(
        [draftroom, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(base, server)
        subprocess.run(
            [sys.executable, "-m", "tests.fixtures.synoptic", url, base],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def reader(browser: Browser, base: str, width: int, lang: str) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, base, "delegate.fr@draftroom.example")
    page.goto(f"{base}/instruments/model-law/articles/{ARTICLE}/synoptic?language=en&lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    return page


def edges(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    return {"start": box["x"], "end": box["x"] + box["width"]}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_base_text_stays_in_view_while_fifteen_proposals_scroll(
    browser: Browser, seeded_server: str, lang: str
) -> None:
    page = reader(browser, seeded_server, 1280, lang)
    expect(page.locator("table.synoptic thead th.syn-proposal")).to_have_count(15)
    expect(page.locator("fieldset.delegation-picker input[type=checkbox]")).to_have_count(13)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"synoptic-{lang}-1280.png"), full_page=True)
    region = page.locator(".synoptic-scroll")
    shown = edges(page, ".synoptic-scroll")
    base_before = edges(page, "tbody td.syn-base")
    first_proposal = edges(page, "thead th.syn-proposal")
    # The region scrolls, not the page: the page is no wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # Scroll to the far end of the proposals (towards the left in Arabic).
    sign = -1 if lang == "ar" else 1
    region.evaluate(f"el => {{ el.scrollLeft = {sign} * el.scrollWidth; }}")
    page.wait_for_function("el => Math.abs(el.scrollLeft) > 0", arg=region.element_handle())
    base_after = edges(page, "tbody td.syn-base")
    assert abs(base_after["start"] - base_before["start"]) < 1
    assert shown["start"] - 1 <= base_after["start"]
    assert base_after["end"] <= shown["end"] + 1
    moved = edges(page, "thead th.syn-proposal")
    assert abs(moved["start"] - first_proposal["start"]) > 100
    if lang == "ar":
        # Mirrored: the base column sits at the right-hand edge of the region.
        assert base_after["end"] > shown["end"] - 120
    else:
        assert base_after["start"] < shown["start"] + 120
    page.screenshot(path=str(SHOTS / f"synoptic-{lang}-1280-scrolled.png"))
    assert serious_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_on_a_narrow_screen_each_proposal_is_a_row_of_its_own(
    browser: Browser, seeded_server: str, lang: str
) -> None:
    page = reader(browser, seeded_server, 400, lang)
    expect(page.locator("table.synoptic thead")).to_be_hidden()
    expect(page.locator("tbody td.syn-untouched").first).to_be_hidden()
    proposal = page.locator("tbody td.syn-proposal:not(.syn-untouched)").first
    expect(proposal).to_be_visible()
    box = proposal.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    label = proposal.evaluate("el => getComputedStyle(el, '::before').content")
    assert "·" in label
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"synoptic-{lang}-400.png"), full_page=True)
    proposal.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"synoptic-{lang}-400-rows.png"))
    assert serious_violations(page) == []
    page.context.close()
