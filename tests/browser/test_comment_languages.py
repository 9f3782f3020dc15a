"""One conversation across languages: China comments in Chinese while reading Chinese;
France, reading English on the same article, sees it arrive live, marked as Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.fixtures.browser import SHOTS, sign_in

ARTICLE = "/instruments/model-law/articles/art_5"
REMARK = "第2款应当提及云存储。"


@pytest.fixture
def china_and_france(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    china = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    france = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield china, france
    china.close()
    france.close()


def test_a_chinese_comment_reaches_the_english_reader_live_marked_as_chinese(
    china_and_france: tuple[BrowserContext, BrowserContext], live_server: str
) -> None:
    china_context, france_context = china_and_france
    china, france = china_context.new_page(), france_context.new_page()
    sign_in(china, live_server, "delegate.cn@draftroom.example")
    sign_in(france, live_server, "delegate.fr@draftroom.example")
    china.goto(f"{live_server}{ARTICLE}?lang=zh")
    france.goto(f"{live_server}{ARTICLE}?text=en&lang=en")
    expect(france.locator("#live")).to_have_text(
        "Live: changes by others appear here as they happen."
    )
    # China reads the Chinese text: its comment is written in Chinese unless it says otherwise.
    expect(china.locator("#comment-language")).to_have_value("zh")

    china.fill("#comment-body", REMARK)
    china.click("form.new-comment button[type=submit]")
    china.wait_for_load_state()

    arrived = france.locator("#comments article[data-language='zh']")
    expect(arrived.locator(".prose")).to_have_text(REMARK)
    expect(arrived.locator(".prose")).to_have_attribute("lang", "zh")
    expect(arrived.locator(".prose")).to_have_attribute("dir", "auto")
    expect(arrived.locator(".comment-language")).to_have_text("Chinese")
    expect(france.locator("#comments .comment-count")).to_contain_text("in all languages")
    assert france.url.endswith(f"{ARTICLE}?text=en&lang=en")  # never reloaded
    france.screenshot(path=str(SHOTS / "comment-in-chinese-read-in-english.png"), full_page=True)
