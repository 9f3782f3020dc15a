"""Select to comment: a delegate selects words in paragraph 2 of an article, comments on
them, and finds the comment quoting them, the provision named as people name it and the
words highlighted in the text; in English and in Arabic (right to left)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from draftroom.config import ROOT
from draftroom.kit.i18n import activate, gettext
from tests.fixtures.browser import SHOTS, serious_violations, sign_in

CASES = {
    # lang: (article key, article number, the words selected in paragraph 2, the remark)
    "en": ("art_3", "3", "on the basis of this Law and of reciprocity", "Why reciprocity here?"),
    "ar": ("art_4", "4", "وبحسن نية وعلى نحو يحترم حقوق الإنسان", "ينبغي توضيح حسن النية."),
}


def catalogue(lang: str, message: str) -> str:
    """What the reader's catalogue says (English until the message is translated)."""
    activate(lang, ROOT / "locales")
    try:
        return gettext(message)
    finally:
        activate("en", ROOT / "locales")


def select_with_the_mouse(page: Page, provision: str, words: str) -> None:
    """Drag from the first to the last selected character, as a reader does."""
    edges = page.evaluate(
        """([provision, words]) => {
            const element = document.querySelector(
                `#${CSS.escape(provision)} .provision-text`);
            const node = element.firstChild;
            const start = node.textContent.indexOf(words);
            const box = (i) => {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                return range.getBoundingClientRect();
            };
            const rtl = getComputedStyle(element).direction === "rtl";
            const first = box(start), last = box(start + words.length - 1);
            return {
                x1: rtl ? first.right - 1 : first.left + 1, y1: first.top + first.height / 2,
                x2: rtl ? last.left + 1 : last.right - 1, y2: last.top + last.height / 2,
            };
        }""",
        [provision, words],
    )
    page.mouse.move(edges["x1"], edges["y1"])
    page.mouse.down()
    page.mouse.move(edges["x2"], edges["y2"], steps=8)
    page.mouse.up()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_delegate_comments_on_words_selected_in_paragraph_2(
    page: Page, live_server: str, lang: str
) -> None:
    key, number, words, remark = CASES[lang]
    provision = f"{key}__para_2"
    label = catalogue(lang, "Article {article}, paragraph {paragraph}").format(
        article=number, paragraph=2
    )
    sign_in(page, live_server, "delegate.eg@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/{key}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator(f"#{provision} td").first).to_have_attribute("lang", lang)

    offer = page.locator("#comment-on-selection")
    expect(offer).to_be_hidden()
    select_with_the_mouse(page, provision, words)
    expect(offer).to_be_visible()
    expect(offer).to_have_text(catalogue(lang, "Comment on this"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"select-to-comment-offer-{lang}.png"))
    offer.click()

    # The form now says which provision and which words, and the cursor is in it.
    expect(page.locator("#comment-body")).to_be_focused()
    expect(page.locator("#comment-anchor-label")).to_have_text(
        catalogue(lang, "Your comment is on %(provision)s.") % {"provision": label}
    )
    expect(page.locator("#comment-anchor-quote")).to_have_text(words)
    expect(page.locator("#comment-quote")).to_have_value(words)
    expect(page.locator("#comment-provision")).to_have_value(provision)
    page.keyboard.type(remark)
    page.locator("#new-comment button[type=submit]").click()

    comment = page.locator("#comments article.comment", has_text=remark)
    expect(comment.locator("blockquote")).to_have_text(words)
    expect(comment.locator(".comment-provision")).to_have_text(label)
    mark = page.locator(f"#{provision} mark.quoted")
    expect(mark).to_have_count(1)
    expect(mark).to_contain_text(words)
    expect(page.locator(f"#{provision} .provision-comments")).to_be_visible()

    assert serious_violations(page) == []
    page.locator(f"#{provision}").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"select-to-comment-{lang}.png"))


def test_the_comment_button_beside_a_provision_works_from_the_keyboard(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "delegate.fr@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_6?lang=en")
    button = page.locator("#art_6__para_3 a.comment-on")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#comment-body")).to_be_focused()
    expect(page.locator("#comment-anchor-label")).to_have_text(
        "Your comment is on Article 6, paragraph 3."
    )
    page.keyboard.type("Too slow in practice.")
    page.locator("#new-comment button[type=submit]").click()
    comment = page.locator("#comments article.comment", has_text="Too slow in practice.")
    expect(comment.locator(".comment-provision")).to_have_text("Article 6, paragraph 3")
    expect(page.locator("#art_6__para_3 .provision-comments")).to_contain_text("1 comment")
