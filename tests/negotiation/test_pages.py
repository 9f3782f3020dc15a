"""The rolling text's pages as a reader sees them: brackets, alternatives, footnotes naming
delegations and the status of every paragraph, in English and in Arabic or Chinese; the
clean text; the forms of the negotiation, refused with the message on the page; observers
reading what a milestone froze; the progress page, the contents and article pages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from httpx import AsyncClient, Response
from markupsafe import escape
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.instruments import service as instruments
from draftroom.kit.i18n import _
from draftroom.models import AgreementStatus, Bracket
from draftroom.negotiation import present, service
from tests.fixtures.clients import EGYPT, FRANCE, OBSERVER, SECRETARIAT, people, signed_in
from tests.fixtures.factories import act, draft, open_round
from tests.fixtures.forms import field_error, in_language, input_value, shown
from tests.fixtures.negotiation import P1, P2, P3, P4, Table, reword, table

PAGE = "/instruments/model-law/articles/art_3/rolling"
A = AgreementStatus


@dataclass
class Made:
    """The negotiation set up on article 3: two placed brackets in paragraph 1 (Egypt's,
    then the secretariat's with an alternative wording), France's request on paragraph 2
    with an alternative for the whole paragraph, paragraph 3 agreed, paragraph 4 agreed ad
    referendum awaiting Egypt."""

    t: Table
    egypt_bracket: Bracket
    chair_bracket: Bracket
    requested: Bracket


async def negotiate(session: AsyncSession, settings: Settings) -> Made:
    t = await table(session, settings)
    i, a = t.instrument, t.article
    egypt = await service.request_bracket(
        session, i, a, P1, "en", "the requesting State", "Too narrow.", t.eg
    )
    egypt = await service.decide_bracket(
        session, egypt, "place", "Egypt asked.", t.chair, service.bracket_etag(egypt)
    )
    chair = await service.request_bracket(
        session, i, a, P1, "en", "shall apply", "Pending the discussion on treaties.", t.chair
    )
    await service.add_alternative(
        session, settings, i, a, P1, {"en": "should apply"}, chair.id, t.chair
    )
    requested = await service.request_bracket(
        session, i, a, P2, "en", "reciprocity", "Reciprocity is contentious.", t.fr
    )
    await service.add_alternative(
        session,
        settings,
        i,
        a,
        P2,
        {"en": "In the absence of a treaty, assistance shall be provided under this Law."},
        None,
        t.chair,
    )
    await service.set_status(
        session, i, a, P3, A.agreed, "Agreed at EGM 1.", [], t.chair, service.status_etag(None)
    )
    await service.set_status(
        session, i, a, P4, A.ad_referendum, "Pending Cairo.", ["EG"], t.chair, '"s0"'
    )
    await session.flush()
    return Made(t, egypt, chair, requested)


async def page_as(client: AsyncClient, email: str, url: str) -> tuple[Response, str]:
    token = await signed_in(client, email)
    return await client.get(url), token


def row(html: str, key: str) -> str:
    found = re.search(rf'<tr id="p-{key}".*?</tr>', html, re.S)
    assert found, f"no row for {key}"
    return found.group(0)


def cells(html: str, key: str) -> list[str]:
    return re.findall(r"<td lang=[^>]*>(.*?)</td>", row(html, key), re.S)


def text_of(fragment: str) -> str:
    """What a reader reads: the tags taken out, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def footnotes(html: str, code: str) -> list[str]:
    found = re.search(rf'<ol class="footnotes" id="footnotes-{code}".*?</ol>', html, re.S)
    assert found, f"no footnotes in {code}"
    return [text_of(n) for n in re.findall(r"<li [^>]*>(.*?)<a href", found.group(0), re.S)]


def badge(html: str, key: str) -> str:
    found = re.search(r'<span class="status-badge[^"]*"[^>]*>(.*?)</span>\s*</?', row(html, key))
    assert found
    return text_of(found.group(1))


def said(msgid: str, lang: str, **params: object) -> str:
    """The words as a page in ``lang`` says them (unescaped, for text_of)."""
    with in_language(lang):
        return _(msgid).format(**params)


def named(status: AgreementStatus, lang: str) -> str:
    with in_language(lang):
        return present.status_name(status)


EGYPT_NAME = {"en": "Egypt", "ar": "مصر", "zh": "埃及"}
FRANCE_NAME = {"en": "France", "ar": "فرنسا", "zh": "法国"}


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_rolling_text_shows_brackets_alternatives_footnotes_and_statuses(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    made = await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,ar&lang={lang}")
    assert page.status_code == 200
    html = page.text
    english, arabic = cells(html, P1)
    # Two pairs of brackets in the English words, each closed by its footnote mark.
    assert english.count('class="bracket bracket-open"') == 2
    assert text_of(english).startswith(
        "Where a treaty on mutual legal assistance is in force between [name of State] and "
        f"[the requesting State]{said('Note', lang)} 1, the provisions of that treaty "
        f"[shall apply]{said('Note', lang)} 2, and the provisions of this Law"
    )
    # The bracketed words' alternatives: [shall apply] / [should apply].
    alternatives = re.search(
        r'<ol class="alternatives bracket-alternatives".*?</ol>', english, re.S
    )
    assert alternatives
    assert text_of(alternatives.group(0)) == (
        f"{said('Alt. {number}', lang, number=1)} [shall apply] "
        f"{said('Alt. {number}', lang, number=2)} [should apply]{said('Note', lang)} 3"
    )
    # Not yet marked in Arabic: flagged, never dropped.
    flags = re.findall(r'<p class="flag bracket-unplaced".*?</p>', arabic, re.S)
    assert len(flags) == 2
    assert said("Bracketed in the source text; not yet marked in this language.", lang) in (
        text_of(flags[0])
    )
    # Paragraph 2: Alt. 1 (the text as it stands) and Alt. 2, with its footnote mark.
    paragraph2 = re.search(r'<ol class="alternatives" .*?</ol>', cells(html, P2)[0], re.S)
    assert paragraph2
    assert text_of(paragraph2.group(0)) == (
        f"{said('Alt. {number}', lang, number=1)} In the absence of a treaty, assistance may be "
        "provided on the basis of this Law and of reciprocity. "
        f"{said('Alt. {number}', lang, number=2)} In the absence of a treaty, assistance shall "
        f"be provided under this Law.{said('Note', lang)} 4"
    )
    # Each paragraph's status in words (and a symbol), in the reader's language.
    assert badge(html, P1) == f"[ ] {named(A.bracketed, lang)}"
    assert badge(html, P2) == f"[ ] {named(A.bracketed, lang)}"
    assert badge(html, P3) == f"✓ {named(A.agreed, lang)}"
    assert badge(html, P4) == f"◐ {named(A.ad_referendum, lang)}"
    awaiting = re.search(r'<span class="status-note" id="awaiting-[^"]*">(.*?)</span>', html)
    assert awaiting
    assert awaiting.group(1) == str(
        escape(
            said(
                "Agreed ad referendum: awaiting confirmation from {delegations}.",
                lang,
                delegations=EGYPT_NAME[lang],
            )
        )
    )
    # The footnotes at the end of each language's column, naming the delegations.
    with in_language(lang):
        expected = [
            present.bracket_note([EGYPT_NAME[lang]], ["Too narrow."]),
            present.bracket_note([], []),
            present.alternative_note(present.alternative_label(2), [], None),
            present.alternative_note(present.alternative_label(2), [], None),
        ]
    assert footnotes(html, "en") == expected
    assert footnotes(html, "ar") == expected
    # France's request is listed for the secretariat, not in the text.
    requests = re.search(r'<ul class="bracket-requests">.*?</ul>', html, re.S)
    assert requests
    assert "reciprocity" in text_of(requests.group(0))
    assert FRANCE_NAME[lang] in text_of(requests.group(0))
    assert "[reciprocity]" not in text_of(row(html, P2))
    # The page follows the negotiation live: its regions reload on this article's events.
    assert 'id="live"' in html
    assert f'data-article-id="{made.t.article.id}"' in html
    assert '<div id="rolling-text" data-live-region>' in html


async def test_brackets_aligned_in_arabic_and_chinese_sit_around_their_own_words(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    t = made.t
    aligned = await service.align_bracket(
        session, t.article, made.egypt_bracket, "ar", "والدولة الطالبة", t.chair,
        service.bracket_etag(made.egypt_bracket),
    )  # fmt: skip
    await service.align_bracket(
        session, t.article, aligned, "zh", "请求国", t.chair, service.bracket_etag(aligned)
    )
    await session.flush()
    page, _token = await page_as(anonymous, FRANCE, f"{PAGE}?langs=ar,zh&lang=zh")
    assert page.status_code == 200
    arabic_cell = re.search(r'<td lang="ar" dir="rtl">(.*?)</td>', row(page.text, P1), re.S)
    chinese_cell = re.search(r'<td lang="zh" dir="ltr">(.*?)</td>', row(page.text, P1), re.S)
    assert arabic_cell
    assert chinese_cell
    arabic, chinese = arabic_cell.group(1), chinese_cell.group(1)
    # Plain "[" and "]" in a right-to-left cell: the bidi algorithm mirrors them.
    assert f"بين [اسم الدولة] [والدولة الطالبة]{said('Note', 'zh')} 1، تطبق" in text_of(arabic)
    assert f"[国名]与[请求国]{said('Note', 'zh')} 1之间" in text_of(chinese)
    # The secretariat's brackets are not marked in these languages yet: flagged.
    assert arabic.count('class="flag bracket-unplaced"') == 1
    assert chinese.count('class="flag bracket-unplaced"') == 1
    with in_language("zh"):
        note = present.bracket_note([EGYPT_NAME["zh"]], ["Too narrow."])
    assert footnotes(page.text, "ar")[0] == note
    assert footnotes(page.text, "zh")[0] == note


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_clean_text_shows_agreed_words_only(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    made = await negotiate(session, settings)
    t = made.t
    await service.set_status(
        session, t.instrument, t.article, "art_3__para_2", A.deleted, "Redundant.", [], t.chair,
        "*",
    )  # fmt: skip
    await session.flush()
    page, _token = await page_as(
        anonymous, SECRETARIAT, f"{PAGE}?langs=en,zh&view=clean&lang={lang}"
    )
    assert page.status_code == 200
    pending, deleted = said("[pending]", lang), said("[Deleted]", lang)
    assert [text_of(c) for c in cells(page.text, P1)] == [pending, pending]
    assert [text_of(c) for c in cells(page.text, P2)] == [deleted, deleted]
    # The interface's words in a text cell say which language they are in (the English cell
    # of a Chinese reader holds "[待定]": read as Chinese, not as English).
    direction = "ltr"
    assert f'<span class="pending-text" lang="{lang}" dir="{direction}">' in cells(page.text, P1)[0]
    english, chinese = (text_of(c) for c in cells(page.text, P3))
    assert english.startswith("The absence of reciprocity shall not, in itself, prevent")
    assert chinese.startswith("不存在互惠关系本身不妨碍提供协助")
    # Agreed ad referendum counts as agreed text; no brackets, no notes in the clean text.
    assert text_of(cells(page.text, P4)[0]).startswith("Nothing in this Law shall prevent")
    assert 'class="bracket ' not in page.text
    assert 'class="footnotes"' not in page.text


async def test_observers_are_refused_the_working_text_and_offered_the_milestones(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, OBSERVER, f"{PAGE}?langs=en&lang=fr")
    assert page.status_code == 403
    refused = re.search(r'<p class="error" role="alert" id="rolling-refused">(.*?)</p>', page.text)
    assert refused
    assert refused.group(1) == shown(
        "Observers read the rolling text of a published milestone: choose a milestone.", "fr"
    )
    offered = re.search(r'<ul class="milestones" id="rolling-milestones">.*?</ul>', page.text, re.S)
    assert offered
    assert "2007 text" in offered.group(0)
    assert "rolling?milestone=" in offered.group(0)
    # Nothing of the working state shows.
    assert "the requesting State" not in page.text
    assert 'class="status-badge' not in page.text


async def test_a_milestone_shows_what_it_froze_to_everyone(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    t = made.t
    frozen = await instruments.create_milestone(session, t.instrument, "Rev.1", None, t.chair)
    # After the milestone, paragraph 3's agreement is reopened and Egypt's brackets lifted.
    status = await service.get_status(session, t.article, P3)
    await service.set_status(
        session, t.instrument, t.article, P3, A.open, "Reopened.", [], t.chair,
        service.status_etag(status),
    )  # fmt: skip
    await service.decide_bracket(
        session, made.egypt_bracket, "lift", "Agreed.", t.chair,
        service.bracket_etag(made.egypt_bracket),
    )  # fmt: skip
    await session.flush()
    url = f"{PAGE}?langs=en&milestone={frozen.id}"
    page, _token = await page_as(anonymous, OBSERVER, url)
    assert page.status_code == 200
    assert badge(page.text, P3) == f"✓ {named(A.agreed, 'en')}"
    assert cells(page.text, P1)[0].count('class="bracket bracket-open"') == 2
    assert "Milestone: <bdi>Rev.1</bdi>" in page.text
    # A milestone is read, not worked on: no forms.
    assert '<form method="post"' not in page.text.split('id="rolling-head"')[1]
    # The working text now, for the secretariat.
    anonymous.cookies.clear()
    now, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en")
    assert badge(now.text, P3) == f"○ {named(A.open, 'en')}"
    assert cells(now.text, P1)[0].count('class="bracket bracket-open"') == 1


# --- forms ---------------------------------------------------------------------------------


def form_of(html: str, action: str, provision: str | None = None) -> dict[str, str]:
    """The hidden fields of the page's form posting to ``action`` (on ``provision``)."""
    for target, body in re.findall(
        r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.S
    ):
        if target != f"{PAGE}{action}":
            continue
        if provision and f'name="provision" value="{provision}"' not in body:
            continue
        hidden = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', body)
        return {name: value.replace("&#34;", '"') for name, value in hidden}
    raise AssertionError(f"no form to {action} ({provision})")


def form_message(html: str, form: str) -> str:
    found = re.search(rf'<p class="error" id="{form}-error" role="alert">(.*?)</p>', html)
    assert found, f"no message above {form}"
    return found.group(1)


async def post(
    client: AsyncClient, action: str, fields: Mapping[str, object], lang: str = "en"
) -> Response:
    return await client.post(
        f"{PAGE}{action}?lang={lang}", data=dict(fields), headers={"Accept": "text/html"}
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_secretariat_sets_a_status_and_a_refusal_is_said_beside_the_form(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,ar")
    fields = form_of(page.text, "/status", P2)
    # Agreeing words that are still bracketed: refused, the reason above the form.
    refused = await post(
        anonymous, "/status", {**fields, "status": "agreed", "reason": "Done."}, lang
    )
    assert refused.status_code == 409
    assert form_message(refused.text, f"status-{P2}") == shown(
        "Paragraph {number} still has brackets or alternatives: lift the brackets and choose "
        "a wording before recording an agreement.", lang, number="2",
    )  # fmt: skip
    # No reason: said beside the reason, what was chosen kept.
    refused = await post(anonymous, "/status", {**fields, "status": "deleted", "reason": " "}, lang)
    assert refused.status_code == 422
    assert field_error(refused.text, f"status-{P2}", "reason") == shown(
        "Say why: a reason is required.", lang
    )
    assert '<option value="deleted" selected>' in refused.text
    # Ad referendum without naming who must confirm.
    refused = await post(
        anonymous, "/status", {**fields, "status": "ad_referendum", "reason": "Close."}, lang
    )
    assert refused.status_code == 422
    assert field_error(refused.text, f"status-{P2}", "confirm") == shown(
        "Name the delegations that must confirm an agreement ad referendum.", lang
    )
    # Paragraph 3, agreed: reopened, with Mexico and France to confirm a new agreement later.
    fields3 = form_of(page.text, "/status", P3)
    done = await post(
        anonymous, "/status",
        {**fields3, "status": "ad_referendum", "reason": "Close.", "confirm": ["MX", "FR"]}, lang,
    )  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"#p-{P3}")
    after = await anonymous.get(done.headers["location"])
    assert badge(after.text, P3) == f"◐ {named(A.ad_referendum, lang)}"
    # The page read before that change is stale now: 412, the message above the form.
    stale = await post(
        anonymous, "/status", {**fields3, "status": "open", "reason": "Again."}, lang
    )
    assert stale.status_code == 412
    assert form_message(stale.text, f"status-{P3}").startswith(
        shown(
            "Someone else changed this in the meantime (current version {current}). "
            "Reload, review their change and try again.",
            lang,
            current=2,
        )[:20]
    )
    assert badge(stale.text, P3) == f"◐ {named(A.ad_referendum, lang)}"


async def test_a_delegation_asks_for_brackets_and_the_secretariat_places_them(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await table(session, settings)
    page, _token = await page_as(anonymous, FRANCE, f"{PAGE}?langs=en,ar")
    fields = form_of(page.text, "/brackets", P2)
    # Words the paragraph does not read: said beside the quote, in Arabic, as typed.
    refused = await post(
        anonymous, "/brackets",
        {**fields, "language": "en", "quote": "no such words", "reason": "Unclear."}, "ar",
    )  # fmt: skip
    assert refused.status_code == 422
    assert field_error(refused.text, f"request-{P2}", "quote") == shown(
        "Paragraph {number} does not read “{quote}” in this language now.", "ar",
        number="2", quote="no such words",
    )  # fmt: skip
    assert input_value(refused.text, f"request-{P2}-quote") == "no such words"
    asked = await post(
        anonymous, "/brackets",
        {**fields, "language": "en", "quote": "reciprocity", "reason": "Contentious."},
    )  # fmt: skip
    assert asked.status_code == 303
    mine = await anonymous.get(asked.headers["location"])
    request = re.search(r'<li class="bracket-request".*?</li>', mine.text, re.S)
    assert request
    assert "“reciprocity”" in text_of(request.group(0)) or "reciprocity" in text_of(
        request.group(0)
    )
    assert "France" in text_of(request.group(0))
    assert "Contentious." in text_of(request.group(0))
    assert 'class="bracket bracket-open"' not in row(mine.text, P2)
    # The secretariat places them: the words are in brackets, France's reason in the note.
    anonymous.cookies.clear()
    chair, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en")
    bracket_id = re.search(r'<li class="bracket-request" id="bracket-(\d+)"', chair.text)
    assert bracket_id
    decide = f"/brackets/{bracket_id.group(1)}/decide"
    fields = form_of(chair.text, decide)
    refused = await post(anonymous, decide, {**fields, "action": "place", "reason": ""})
    assert refused.status_code == 422
    assert field_error(refused.text, f"decide-{bracket_id.group(1)}", "reason") == shown(
        "Say why: a reason is required.", "en"
    )
    placed = await post(anonymous, decide, {**fields, "action": "place", "reason": "Agreed."})
    assert placed.status_code == 303
    after = await anonymous.get(placed.headers["location"])
    assert "[reciprocity]" in text_of(cells(after.text, P2)[0])
    assert footnotes(after.text, "en") == ["Bracketed at the request of France. Contentious."]
    assert badge(after.text, P2) == f"[ ] {named(A.bracketed, 'en')}"


async def test_another_delegation_supports_brackets_and_the_awaited_one_confirms(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    page, _token = await page_as(anonymous, EGYPT, f"{PAGE}?langs=en")
    # Egypt supports France's request on paragraph 2.
    support = f"/brackets/{made.requested.id}/support"
    done = await post(anonymous, support, {**form_of(page.text, support), "reason": "Indeed."})
    assert done.status_code == 303
    # Egypt is awaited on paragraph 4: its confirmation makes the agreement final.
    assert f"/brackets/{made.egypt_bracket.id}/support" not in page.text  # its own brackets
    done = await post(anonymous, "/confirm", form_of(page.text, "/confirm", P4))
    assert done.status_code == 303
    after = await anonymous.get(done.headers["location"])
    assert badge(after.text, P4) == f"✓ {named(A.agreed, 'en')}"
    assert "/rolling/confirm" not in after.text
    request = re.search(r'<li class="bracket-request".*?</li>', after.text, re.S)
    assert request
    assert "by France, Egypt" in text_of(request.group(0))
    # Confirming again, from the page read before: the page says why not.
    again = await post(anonymous, "/confirm", form_of(page.text, "/confirm", P4))
    assert again.status_code == 412
    # The form is gone (nothing is awaited any more): the message stands above the text.
    assert "Someone else changed this in the meantime" in form_message(again.text, "refusal")


async def test_the_secretariat_adds_chooses_and_keeps_alternatives_through_the_forms(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,fr")
    fields = form_of(page.text, "/alternatives", P3)
    # A wording in French only: the source language's comes first.
    refused = await post(
        anonymous, "/alternatives", {**fields, "text-fr": "Autre formulation."}, "fr"
    )
    assert refused.status_code == 422
    assert field_error(refused.text, f"alternative-{P3}", "text-en") == shown(
        "Give the alternative in the source language ({language}) first.", "fr", language="en"
    )
    assert "Autre formulation." in refused.text
    wordings = {
        "text-en": "Reciprocity is not required.",
        "text-fr": "La réciprocité n’est pas requise.",
    }
    added = await post(anonymous, "/alternatives", {**fields, **wordings})
    assert added.status_code == 303
    after = await anonymous.get(added.headers["location"])
    english, french = cells(after.text, P3)
    assert "Alt. 2 Reciprocity is not required." in text_of(english)
    assert "Alt. 2 La réciprocité n’est pas requise." in text_of(french)
    # Paragraph 2's Alt. 2 chosen: it becomes the text, the alternative is gone.
    alternative = re.search(
        r'<div class="alternative-tools" id="alternative-(\d+)"[^>]*>\s*'
        r'<span class="alternative-label">Alt. 2</span> <span[^>]*>In the absence',
        after.text,
    )
    assert alternative
    choose = f"/alternatives/{alternative.group(1)}/choose"
    refused = await post(anonymous, choose, {**form_of(after.text, choose), "reason": ""})
    assert refused.status_code == 422
    chosen = await post(anonymous, choose, {**form_of(after.text, choose), "reason": "Consensus."})
    assert chosen.status_code == 303
    now = await anonymous.get(chosen.headers["location"])
    assert text_of(cells(now.text, P2)[0]).startswith(
        "In the absence of a treaty, assistance shall be provided under this Law."
    )
    assert 'class="alternatives"' not in row(now.text, P2)
    # Paragraph 1: the bracketed words kept, their alternative retired, the brackets lifted.
    keep = form_of(now.text, "/keep", P1)
    assert keep["bracket"] == str(made.chair_bracket.id)
    kept = await post(anonymous, "/keep", {**keep, "reason": "Keep “shall”."})
    assert kept.status_code == 303
    last = await anonymous.get(kept.headers["location"])
    assert "[shall apply]" not in text_of(cells(last.text, P1)[0])
    assert "[the requesting State]" in text_of(cells(last.text, P1)[0])
    assert 'class="alternatives bracket-alternatives"' not in last.text


async def test_a_tabled_proposal_becomes_an_alternative_supported_by_its_delegation(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    who = await people(session)
    await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="Where a treaty is in force, it applies.")
    assert (await act(anonymous, who["fr"], made["id"], "table")).status_code == 200
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en")
    assert f'<option value="{made["id"]}"' in page.text
    fields = form_of(page.text, "/alternatives/from-proposal")
    done = await post(
        anonymous, "/alternatives/from-proposal", {**fields, "amendment": str(made["id"])}
    )
    assert done.status_code == 303
    after = await anonymous.get(done.headers["location"])
    assert "Alt. 2 Where a treaty is in force, it applies." in text_of(cells(after.text, P1)[0])
    assert "supported by France" in text_of(after.text)
    assert footnotes(after.text, "en")[-1].endswith("supported by France.")


# --- progress, contents, article ------------------------------------------------------------


def counts(html: str, row_id: str) -> dict[str, str]:
    found = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)
    assert found, f"no row {row_id}"
    return dict(re.findall(r'<td class="num" data-count="([^"]*)">([^<]*)</td>', found.group(1)))


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_progress_page_counts_per_article_in_all_and_over_the_milestones(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    made = await negotiate(session, settings)
    await instruments.create_milestone(session, made.t.instrument, "Rev.1", None, made.t.chair)
    await session.flush()
    page, _token = await page_as(
        anonymous, SECRETARIAT, f"/instruments/model-law/progress?lang={lang}"
    )
    assert page.status_code == 200
    with in_language(lang):
        from draftroom.negotiation.pages import percent

        half = percent(0.5)
    article = counts(page.text, "progress-art_3")
    # Arabic pages write Western digits (CLDR's default numbering system for "ar").
    number = str
    assert article == {
        "provisions": number(4),
        "open": number(0),
        "bracketed": number(2),
        "ad_referendum": number(1),
        "agreed": number(1),
        "deleted": number(0),
        "brackets": number(2),
        "requested": number(1),
        "alternatives": number(2),
        "settled": half,
    }
    assert (
        counts(page.text, "progress-art_1")["open"]
        == counts(page.text, "progress-art_1")["provisions"]
    )
    everything = counts(page.text, "progress-all")
    assert everything["brackets"] == number(2)
    assert everything["agreed"] == number(1)
    # Over the milestones: the 2007 text settled nothing; Rev.1 froze today's state.
    rows = re.findall(
        r'<tr id="progress-milestone-\d+">\s*<th scope="row" dir="auto">([^<]*)</th>', page.text
    )
    assert rows == ["2007 text", "Rev.1"]
    milestones = re.findall(r'<tr id="(progress-milestone-\d+)">', page.text)
    assert counts(page.text, milestones[0])["brackets"] == number(0)
    assert counts(page.text, milestones[1])["brackets"] == number(2)
    assert counts(page.text, milestones[1])["agreed"] == number(1)
    assert counts(page.text, "progress-now")["requested"] == number(1)
    # In words too: headers name the statuses, never colour alone.
    assert f'<th scope="col" class="num">{named(A.ad_referendum, lang)}</th>' in page.text


async def test_observers_see_the_progress_the_latest_milestone_froze(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    await instruments.create_milestone(session, made.t.instrument, "Rev.1", None, made.t.chair)
    # After Rev.1: another agreement the observers do not see yet.
    await service.set_status(
        session, made.t.instrument, made.t.article, "art_3__para_1", A.deleted, "Gone.", [],
        made.t.chair, "*",
    )  # fmt: skip
    await session.flush()
    page, _token = await page_as(anonymous, OBSERVER, "/instruments/model-law/progress")
    assert page.status_code == 200
    assert "As the latest milestone froze it: <bdi>Rev.1</bdi>" in page.text
    assert counts(page.text, "progress-art_3")["deleted"] == "0"
    assert counts(page.text, "progress-art_3")["agreed"] == "1"
    assert 'id="progress-now"' not in page.text


async def test_the_contents_page_shows_the_agreement_per_article_and_in_all(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, FRANCE, "/instruments/model-law")
    assert page.status_code == 200
    summary = re.search(
        r'<p class="agreement-summary" id="agreement-summary">(.*?)</p>', page.text, re.S
    )
    assert summary
    assert re.fullmatch(
        r"Agreement in all: 2 of \d+ paragraphs settled · 2 open brackets · 1 bracket requested"
        r" · 2 open alternatives · Progress towards agreement",
        text_of(summary.group(1)),
    )
    cell = re.search(r'<td class="agreement" data-article="art_3">(.*?)</td>', page.text, re.S)
    assert cell
    assert text_of(cell.group(1)) == (
        "[ ] bracketed 2 ◐ agreed ad referendum 1 ✓ agreed 1 "
        "2 open brackets · 1 bracket requested · 2 open alternatives"
    )
    assert 'href="/instruments/model-law/articles/art_3/rolling"' in cell.group(1)
    untouched = re.search(r'<td class="agreement" data-article="art_1">(.*?)</td>', page.text, re.S)
    assert untouched
    assert text_of(untouched.group(1)).startswith("○ open")
    # The observer's contents page: the 2007 text's, where nothing was yet decided.
    anonymous.cookies.clear()
    seen, _token = await page_as(anonymous, OBSERVER, "/instruments/model-law")
    cell = re.search(r'<td class="agreement" data-article="art_3">(.*?)</td>', seen.text, re.S)
    assert cell
    assert text_of(cell.group(1)) == "○ open 4"


async def test_the_article_page_links_to_the_rolling_text_with_a_badge_per_provision(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(
        anonymous, SECRETARIAT, "/instruments/model-law/articles/art_3?text=en&text=ar&lang=ar"
    )
    assert page.status_code == 200
    assert 'id="rolling-link"' in page.text
    assert f'href="{PAGE}?langs=en%2Car"' in page.text
    badges = re.findall(r'<span class="status-badge status-([a-z_]+)"', page.text)
    assert badges == ["bracketed", "bracketed", "agreed", "ad_referendum"]
    assert named(A.agreed, "ar") in page.text


async def test_the_secretariat_marks_brackets_in_arabic_from_the_flag(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,ar")
    align = f"/brackets/{made.egypt_bracket.id}/align"
    fields = form_of(page.text, align)
    assert fields["language"] == "ar"
    refused = await post(anonymous, align, {**fields, "quote": "كلمات غير موجودة"}, "ar")
    assert refused.status_code == 422
    assert field_error(refused.text, f"align-{made.egypt_bracket.id}-ar", "quote") == shown(
        "Paragraph {number} does not read “{quote}” in this language now.", "ar",
        number="1", quote="كلمات غير موجودة",
    )  # fmt: skip
    done = await post(anonymous, align, {**fields, "quote": "والدولة الطالبة"})
    assert done.status_code == 303
    after = await anonymous.get(done.headers["location"])
    arabic = cells(after.text, P1)[1]
    assert "[والدولة الطالبة]" in text_of(arabic)
    assert arabic.count('class="flag bracket-unplaced"') == 1


async def test_the_rolling_text_offers_its_downloads_in_each_language(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,zh&view=clean")
    menu = re.search(r'<details class="downloads" id="downloads-zh">.*?</details>', page.text, re.S)
    assert menu
    links = re.findall(r'<a href="([^"]*)" download data-format="([^"]*)"', menu.group(0))
    assert {"docx", "pdf", "html", "xlsx", "csv"} <= {fmt for _url, fmt in links}
    docx = next(url for url, fmt in links if fmt == "docx").replace("&amp;", "&")
    assert (
        docx == "/api/v1/instruments/model-law/articles/art_3/rolling.docx?language=zh&view=clean"
    )
    assert (await anonymous.get(docx)).status_code == 200


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_languages_beyond_three_or_unknown_are_refused_beside_the_choice(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, FRANCE, f"{PAGE}?langs=en,ar,zh,fr&lang={lang}")
    assert page.status_code == 422
    assert field_error(page.text, "texts", "langs") == shown(
        "Up to {n} languages can be read side by side.", lang, n=3
    )
    # The first three are shown meanwhile.
    assert re.findall(r'<th scope="col" lang="([a-z]+)">', page.text) == ["en", "ar", "zh"]
    unknown = await anonymous.get(f"{PAGE}?langs=en,xx&lang={lang}")
    assert unknown.status_code == 422
    assert re.findall(r'<th scope="col" lang="([a-z]+)">', unknown.text) == ["en"]


async def test_the_secretariat_gives_an_alternative_in_chinese_where_it_lacks_one(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    await negotiate(session, settings)
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en,zh&lang=zh")
    chinese = cells(page.text, P2)[1]
    assert said("(not yet in this language)", "zh") in text_of(chinese)
    alternative = re.search(r'id="translate-(\d+)-zh-text"', chinese)
    assert alternative
    translate = f"/alternatives/{alternative.group(1)}/translate"
    fields = form_of(page.text, translate)
    assert fields["language"] == "zh"
    refused = await post(anonymous, translate, {**fields, "text": "  "}, "zh")
    assert refused.status_code == 422
    assert field_error(refused.text, f"translate-{alternative.group(1)}-zh", "text") == shown(
        "An alternative needs its wording.", "zh"
    )
    done = await post(
        anonymous, translate, {**fields, "text": "没有条约的，应当根据本法提供协助。"}
    )
    assert done.status_code == 303
    after = await anonymous.get(done.headers["location"])
    assert "没有条约的，应当根据本法提供协助。" in text_of(cells(after.text, P2)[1])
    assert said("(not yet in this language)", "zh") not in text_of(cells(after.text, P2)[1])


async def test_an_agreement_on_words_changed_since_reads_open_again_with_why(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    made = await negotiate(session, settings)
    agreement = await service.get_status(session, made.t.article, P3)
    assert agreement
    agreed_on = agreement.version_seq
    await reword(session, made.t, {P3: "The absence of reciprocity shall not prevent assistance."})
    await session.flush()
    page, _token = await page_as(anonymous, SECRETARIAT, f"{PAGE}?langs=en&lang=fr")
    assert badge(page.text, P3) == f"○ {named(A.open, 'fr')}"
    changed = re.search(
        r'<span class="status-note status-changed" id="changed-[^"]*">(.*?)</span>', page.text
    )
    assert changed
    assert changed.group(1) == shown(
        "Agreed on version {seq}; the words have changed since: open again.", "fr", seq=agreed_on
    )
