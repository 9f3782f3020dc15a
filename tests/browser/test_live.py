"""Two delegates on one article: comments appear without reloading, also after a drop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.fixtures.browser import SHOTS, sign_in

ARTICLE = "/instruments/model-law/articles/art_6?text=en"


@pytest.fixture
def two_contexts(browser: Browser) -> Iterator[tuple[BrowserContext, BrowserContext]]:
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield first, second
    first.close()
    second.close()


def _comment(page: Page, text: str) -> None:
    page.fill("#comment-body", text)
    page.click("form[action$='/comments'] >> button[type=submit] >> nth=-1")
    page.wait_for_load_state()


def test_a_comment_appears_on_the_other_page_and_after_a_drop(
    two_contexts: tuple[BrowserContext, BrowserContext], live_server: str
) -> None:
    first_context, second_context = two_contexts
    writer, reader = first_context.new_page(), second_context.new_page()
    sign_in(writer, live_server, "delegate.fr@draftroom.example")
    sign_in(reader, live_server, "delegate.cn@draftroom.example")
    writer.goto(f"{live_server}{ARTICLE}&lang=fr")
    reader.goto(f"{live_server}{ARTICLE}&lang=zh")
    expect(reader.locator("#live")).to_have_text("实时：他人的更改一经作出即在此显示。")
    expect(writer.locator("#presence")).to_contain_text("Li Wei (CN)")
    expect(reader.locator("#presence")).to_contain_text("Claire Martin (FR)")

    # The reader is typing a reply of its own while the comment arrives: it is kept.
    reader.fill("#comment-body", "我们正在起草回复")
    _comment(writer, "Le paragraphe 2 doit viser le stockage en nuage.")
    expect(reader.locator("#comments")).to_contain_text("stockage en nuage")
    expect(reader.locator("#comment-body")).to_have_value("我们正在起草回复")
    reader.screenshot(path=str(SHOTS / "live-zh.png"), full_page=True)

    second_context.set_offline(True)
    expect(reader.locator("#live")).to_contain_text("连接已断开")
    _comment(writer, "Première remarque pendant la coupure.")
    _comment(writer, "Seconde remarque pendant la coupure.")
    reader.wait_for_timeout(500)
    expect(reader.locator("#comments")).not_to_contain_text("pendant la coupure")
    second_context.set_offline(False)
    expect(reader.locator("#comments")).to_contain_text("Première remarque pendant la coupure.")
    expect(reader.locator("#comments")).to_contain_text("Seconde remarque pendant la coupure.")
    expect(reader.locator("#live")).not_to_contain_text("连接已断开")
    assert reader.url.endswith(f"{ARTICLE}&lang=zh")  # never reloaded
