"""A delegate proposes changes from a Word file, on the pages: downloads the article's .docx
from the article page's menu, edits it as Word records it (a replacement, a deletion, a
comment over some words, and a paragraph above the article that the page cannot place),
uploads it (after an old .doc refused beside the field), reads the preview, places or skips
what could not be placed, confirms, and reads the draft amendment's diff and the comment
quoting its words; in English and in Arabic (right to left), axe clean."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Page, expect

from draftroom.kit.i18n import _
from draftroom.text import wordmarks
from draftroom.text.wordmarks import provision_bookmark
from draftroom.wordfiles.service import REASONS, Undecided
from tests.fixtures.browser import serious_violations, sign_in
from tests.fixtures.clients import FRANCE
from tests.fixtures.forms import in_language
from tests.fixtures.wordinputs import ole_file
from tests.fixtures.wordproposals import W, ins, paragraph, revise

SHOTS = Path(tempfile.gettempdir()) / "shots-word"


@dataclass(frozen=True)
class Edits:
    """What the delegate does to the file, in the text's own language."""

    article: str
    replaced: str  # in paragraph 1
    replacement: str
    deleted: str  # in paragraph 3
    quoted: str  # in paragraph 4, under a Word comment
    comment: str
    note: str  # a paragraph typed above the article: nowhere to land by itself
    place_note: bool  # placed on paragraph 2 (else skipped)


EDITS = {
    "en": Edits(
        article="art_3",
        replaced="requesting State",
        replacement="State that asks for assistance",
        deleted="in particular ",
        quoted="more favourable practice",
        comment="Which practice is meant?",
        note="Assistance may also rest on a memorandum of understanding.",
        place_note=True,
    ),
    "ar": Edits(
        article="art_4",
        replaced="أكبر قدر ممكن",
        replacement="أوسع مدى",
        deleted="، ما لم يقتض الطلب استخدام تدابير قسرية",
        quoted="ازدواج التجريم",
        comment="ما المقصود بذلك؟",
        note="ملاحظة من وفد فرنسا.",
        place_note=False,
    ),
}


def with_paragraph_above_the_article(data: bytes, text: str) -> bytes:
    """The file with a paragraph typed (change recording on) above the article's heading:
    Enter at the end of the paragraph before it, then the text, as Word records it (that
    paragraph's mark inserted, the new paragraph's text inserted)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    [heading] = [
        start.getparent()
        for start in root.iter(f"{{{W}}}bookmarkStart")
        if start.get(f"{{{W}}}name", "").startswith(wordmarks.VERSION_PREFIX)
    ]
    before = heading.getprevious()
    marked = etree.fromstring(f'<w:r xmlns:w="{W}">{paragraph("", mark="ins")}</w:r>')[0]
    properties = before.find(f"{{{W}}}pPr")
    if properties is None:
        properties = etree.SubElement(before, f"{{{W}}}pPr")
        before.insert(0, properties)
    properties.append(marked.find(f"{{{W}}}pPr/{{{W}}}rPr"))
    typed = etree.fromstring(f'<w:r xmlns:w="{W}">{paragraph(ins(text))}</w:r>')[0]
    heading.addprevious(typed)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def where(article: str, paragraph: str) -> str:
    """A change's place as the preview names it, in the current language."""
    return _("Article {article}, paragraph {paragraph}").format(
        article=article, paragraph=paragraph
    )


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_delegate_proposes_changes_from_a_word_file(
    page: Page, live_server: str, lang: str, tmp_path: Path
) -> None:
    edits = EDITS[lang]
    direction = "rtl" if lang == "ar" else "ltr"
    sign_in(page, live_server, FRANCE)

    # The article page, read in the reader's language; its Word file from the Download menu.
    page.goto(f"{live_server}/instruments/model-law/articles/{edits.article}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    menu = page.locator("details.downloads").first
    menu.locator("summary").click()
    with page.expect_download() as caught:
        menu.locator('a[data-format="docx"]').click()
    exported = Path(caught.value.path()).read_bytes()
    api = f"{live_server}/api/v1/instruments/model-law/articles/{edits.article}"
    base = page.request.get(f"{api}?language={lang}").json()
    assert base["language"] == lang
    one, two, three, four = base["provisions"]
    assert edits.replaced in one["text"]
    assert edits.deleted in three["text"]
    assert edits.quoted in four["text"]

    # Edited as Word records it, saved under a name the preview shows.
    edited = revise(
        exported,
        [
            (provision_bookmark(one["id"]), "replace", edits.replaced, edits.replacement),
            (provision_bookmark(three["id"]), "delete", edits.deleted, ""),
        ],
        comments=[(provision_bookmark(four["id"]), edits.quoted, edits.comment)],
    )
    upload = tmp_path / f"france-{lang}.docx"
    upload.write_bytes(with_paragraph_above_the_article(edited, edits.note))

    # The upload form, reached from the article page's link.
    with in_language(lang):
        link_name = _("Propose changes from a Word file")
        title = _("Proposals from a Word file")
        file_label = _("Word file (.docx)")
    page.get_by_role("link", name=link_name).click()
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_label(file_label)).to_be_visible()
    expect(page.locator("label[for=w-language]")).to_be_visible()
    assert serious_violations(page, f"upload [{lang}]") == []
    shot(page, f"upload-{lang}")
    # An old binary .doc first: refused beside the field, in the reader's language.
    old = tmp_path / "old.doc"
    old.write_bytes(ole_file("WordDocument"))
    page.set_input_files("#w-file", str(old))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("#word-upload-file-error")).to_be_visible()
    expect(page.locator("#w-file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert serious_violations(page, f"upload refused [{lang}]") == []
    shot(page, f"upload-refused-{lang}")
    page.set_input_files("#w-file", str(upload))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(f"{live_server}/instruments/model-law/word-proposals/*")
    preview_url = page.url

    # The preview: every change with the provision it lands on, the note with its reason.
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("main")).to_contain_text(upload.name)
    with in_language(lang):
        where_one = where(base["number"], one["number"])
        where_three = where(base["number"], three["number"])
        where_four = _("on paragraph %(number)s of article %(article)s") % {
            "number": four["number"],
            "article": base["number"],
        }
        not_placed = _("Not placed")
        reason = str(REASONS["outside_articles"])
    changes = page.locator("section[aria-labelledby=changes-title] tbody tr[id^=item-]")
    expect(changes).to_have_count(3)
    replaced = changes.filter(has=page.locator("del", has_text=edits.replaced.strip()))
    expect(replaced).to_have_count(1)
    expect(replaced.locator("td").first).to_contain_text(where_one)
    expect(replaced.locator("ins")).to_contain_text(edits.replacement)
    expect(replaced.locator("td").nth(1)).to_have_attribute("dir", direction)
    deleted = changes.filter(has=page.locator("del", has_text=edits.deleted.strip()))
    expect(deleted).to_have_count(1)
    expect(deleted.locator("td").first).to_contain_text(where_three)
    note = changes.filter(has=page.locator("ins", has_text=edits.note))
    expect(note.locator("td").first).to_contain_text(not_placed)
    expect(note.locator("td").first).to_contain_text(reason)
    comment = page.locator("section[aria-labelledby=comments-title] li")
    expect(comment).to_have_count(1)
    expect(comment).to_contain_text(edits.comment)
    expect(comment).to_contain_text(edits.quoted)
    expect(comment).to_contain_text(where_four)
    assert serious_violations(page, f"preview [{lang}]") == []
    shot(page, f"preview-{lang}")

    # Confirming while the note waits for a decision is refused, the reason above the button.
    confirm = page.locator('form[action$="/confirm"] button[type=submit]')
    confirm.click()
    error = page.locator("#word-confirm-error")
    expect(error).to_be_visible()
    with in_language(lang):
        undecided = Undecided(count=1).detail
    expect(error).to_have_text(undecided)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert serious_violations(page, f"preview refused [{lang}]") == []
    shot(page, f"preview-refused-{lang}")

    # Placed on paragraph 2, or skipped.
    decision = page.locator('form[action$="/decisions"]')
    expect(decision).to_have_count(1)
    if edits.place_note:
        decision.locator("select").select_option(f"{edits.article} {two['id']}")
        decision.locator("button[type=submit]:not([name=skip])").click()
    else:
        decision.locator("button[name=skip]").click()
    page.wait_for_url(f"{preview_url}#item-*")
    expect(page.locator('form[action$="/confirm"] p')).to_have_count(0)  # nothing waits
    with in_language(lang):
        where_two = where(base["number"], two["number"])
        decided = where_two if edits.place_note else _("skipped")
    expect(note.locator("td").first).to_contain_text(decided)
    if edits.place_note:  # the choice stays offered, showing where the note now lands
        expect(decision.locator("select")).to_have_value(f"{edits.article} {two['id']}")
    shot(page, f"preview-decided-{lang}")

    # Confirmed: the draft amendment is listed; its page shows the edited words and the comment.
    page.locator('form[action$="/confirm"] button[type=submit]').click()
    made = page.locator("section[aria-labelledby=made-title] a[href^='/amendments/']")
    expect(made).to_have_count(1)
    assert serious_violations(page, f"confirmed [{lang}]") == []
    shot(page, f"confirmed-{lang}")
    made.click()
    page.wait_for_url(f"{live_server}/amendments/*")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    diff = page.locator("table.diff").first
    expect(diff.locator("ins", has_text=edits.replacement)).to_have_count(1)
    expect(diff.locator("del", has_text=edits.replaced)).to_have_count(1)
    expect(diff.locator("del", has_text=edits.deleted.strip())).to_have_count(1)
    if edits.place_note:
        expect(diff).to_contain_text(edits.note)
    else:
        expect(diff).not_to_contain_text(edits.note)
    quote = page.locator("blockquote", has_text=edits.quoted)
    expect(quote).to_have_count(1)
    expect(quote).to_have_attribute("lang", lang)
    expect(page.locator("main")).to_contain_text(edits.comment)
    assert serious_violations(page, f"amendment [{lang}]") == []
    shot(page, f"result-{lang}")
