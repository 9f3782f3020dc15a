"""A paragraph a later version removed, as readers see it: its brackets and alternatives kept
after the provisions of the rolling text page (each with its footnote, the secretariat's
form to lift the brackets beside them) and of the downloads, until lifted or retired."""

from __future__ import annotations

import re
from dataclasses import dataclass

from httpx import AsyncClient
from lxml import html as lxml_html
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.models import Alternative, Bracket
from draftroom.negotiation import service
from tests.fixtures.clients import FRANCE, SECRETARIAT, signed_in, submit
from tests.fixtures.negotiation import P2, Table, remove_paragraph, table

PAGE = "/instruments/model-law/articles/art_3/rolling"
HEADING = (
    "Paragraph removed from the text; its brackets and alternatives are kept until lifted or "
    "retired"
)
WORDING = "In the absence of a treaty, assistance shall be provided under this Law."


@dataclass
class Made:
    t: Table
    bracket: Bracket
    alternative: Alternative


async def removed(session: AsyncSession, settings: Settings) -> Made:
    """France's brackets around "of reciprocity" in paragraph 2 (placed, marked in English
    only) and the secretariat's other wording of the paragraph; then paragraph 2 leaves the
    English and the French texts."""
    t = await table(session, settings)
    i, a = t.instrument, t.article
    bracket = await service.request_bracket(
        session, i, a, P2, "en", "of reciprocity", "Contentious.", t.fr
    )
    bracket = await service.decide_bracket(
        session, bracket, "place", "France asked.", t.chair, service.bracket_etag(bracket)
    )
    alternative = await service.add_alternative(
        session, settings, i, a, P2, {"en": WORDING}, None, t.chair
    )
    await remove_paragraph(session, t, P2)
    await remove_paragraph(session, t, P2, "fr")
    await session.flush()
    return Made(t, bracket, alternative)


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def section(html: str) -> str:
    found = re.search(r'<tbody class="removed-paragraphs".*?</tbody>', html, re.S)
    assert found, "no removed paragraphs on the page"
    return found.group(0)


def removed_cells(html: str) -> list[str]:
    found = re.search(rf'<tr id="removed-{P2}".*?</tr>', section(html), re.S)
    assert found
    return re.findall(r"<td lang=[^>]*>(.*?)</td>", found.group(0), re.S)


async def test_the_page_keeps_a_removed_paragraphs_brackets_and_alternatives_apart(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await removed(session, settings)
    csrf = await signed_in(anonymous, SECRETARIAT)
    page = await anonymous.get(PAGE, params={"langs": "en,fr"})
    assert page.status_code == 200
    html = page.text
    # Paragraph 2 is no longer a paragraph of the text...
    assert f'id="p-{P2}"' not in html
    # ...its brackets and alternative are listed after the provisions, with their notes.
    assert HEADING in text_of(section(html))
    english, french = removed_cells(html)
    assert text_of(english) == f"[of reciprocity]Note 1 Alt. 2 {WORDING}Note 2"
    # Not marked in French: the English words, marked as English; the wording untranslated.
    assert '[<span lang="en" dir="ltr">of reciprocity</span>]' in french
    assert text_of(french) == (
        f"[of reciprocity]Note 1 Alt. 2 (not yet in this language) {WORDING}Note 2"
    )
    notes = re.search(r'<ol class="footnotes" id="footnotes-en".*?</ol>', html, re.S)
    assert notes
    assert [text_of(n) for n in re.findall(r"<li [^>]*>(.*?)<a href", notes.group(0), re.S)] == [
        "Bracketed at the request of France. Contentious.",
        "Alt. 2: proposed by the secretariat.",
    ]
    # The secretariat lifts the brackets from there: they leave the page, the wording stays.
    action = f"{PAGE}/brackets/{made.bracket.id}/decide"
    assert f'action="{action}"' in section(html)
    lifted = await submit(
        anonymous,
        action,
        csrf,
        {
            "action": "lift",
            "reason": "The paragraph is gone.",
            "etag": service.bracket_etag(made.bracket),
            "langs": "en,fr",
            "view": "rolling",
        },
    )
    assert lifted.status_code == 303
    html = (await anonymous.get(PAGE, params={"langs": "en,fr"})).text
    english, _french = removed_cells(html)
    assert text_of(english) == f"Alt. 2 {WORDING}Note 1"
    assert "of reciprocity" not in section(html)


async def test_a_delegation_reads_the_removed_paragraph_without_the_secretariats_forms(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await removed(session, settings)
    await signed_in(anonymous, FRANCE)
    html = (await anonymous.get(PAGE)).text
    (english,) = removed_cells(html)
    assert text_of(english) == f"[of reciprocity]Note 1 Alt. 2 {WORDING}Note 2"
    assert "/decide" not in section(html)


async def test_the_download_lists_the_removed_paragraphs_brackets_with_their_notes(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await removed(session, settings)
    response = await client.get(
        "/api/v1/instruments/model-law/articles/art_3/rolling.html", params={"language": "en"}
    )
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    lines = [" ".join(p.text_content().split()) for p in page.xpath('//p[@class="remark"]')]
    at = lines.index(HEADING)
    assert lines[at + 1 : at + 3] == ["[of reciprocity]1", f"Alt. 2: {WORDING}2"]
    # Each line's number is its footnote's: France's request, the secretariat's wording.
    notes = [" ".join(n.text_content().split()) for n in page.xpath('//p[@class="footnote"]')]
    assert notes == [
        "1 Bracketed at the request of France. Contentious.",
        "2 Alt. 2: proposed by the secretariat.",
    ]


async def test_a_paragraph_removed_in_english_only_is_kept_apart_there_and_shown_in_french(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    bracket = await service.request_bracket(
        session, t.instrument, t.article, P2, "en", "of reciprocity", "Contentious.", t.chair
    )
    await service.align_bracket(
        session, t.article, bracket, "fr", "de la réciprocité", t.chair,
        service.bracket_etag(bracket),
    )  # fmt: skip
    await remove_paragraph(session, t, P2)
    await session.flush()
    await signed_in(anonymous, SECRETARIAT)
    html = (await anonymous.get(PAGE, params={"langs": "en,fr"})).text
    english, french = removed_cells(html)
    assert text_of(english) == "[of reciprocity]Note 1"
    # The French text still has the paragraph: its brackets are there, in its words.
    assert text_of(french) == "Still in the text in this language: shown with its paragraph above."
    found = re.search(rf'<tr id="p-{P2}".*?</tr>', html, re.S)
    assert found
    assert "[de la réciprocité]" in text_of(found.group(0))
