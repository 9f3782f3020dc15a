"""The meeting pages as their readers see them: the list of meetings and the secretariat's
form to plan one; the chair's console (the pointer, the list of speakers with its timer,
decisions); a delegation asking for the floor; following the chair in Arabic and Chinese,
the paragraph under discussion marked; the projector; observers following without any of
the chair's controls. Forms act, and refused come back with the message on the page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.instruments.schemas import ProvisionIn
from draftroom.kit.i18n import _, language_name
from draftroom.meetings import present, service
from draftroom.models import (
    AgreementStatus,
    AmendmentKind,
    DecisionKind,
    Meeting,
    SpeakerKind,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import service as negotiation
from tests.fixtures.clients import EGYPT, FRANCE, MEXICO, OBSERVER, SECRETARIAT, signed_in, submit
from tests.fixtures.forms import field_error, in_language, shown
from tests.fixtures.negotiation import P1, P2, Table, table

LIST = "/instruments/model-law/meetings"
QUOTE = "mutual legal assistance"


def url(meeting: Meeting, page: str = "", query: str = "") -> str:
    return f"{LIST}/{meeting.id}" + (f"/{page}" if page else "") + (f"?{query}" if query else "")


async def held(session: AsyncSession, t: Table) -> Meeting:
    """A meeting in session on articles 1 to 3, three minutes a turn; the chair's pointer on
    article 3, paragraph 1, the words "mutual legal assistance" under discussion."""
    data = service.MeetingIn(
        title="Second meeting of the Expert Group",
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 2),
        timezone="Europe/Vienna",
        agenda=[{"title": "Part I", "articles": ["art_1", "art_2"]}, {"articles": ["art_3"]}],
        delegations=(),
        speaking_seconds=180,
    )
    meeting = await service.create(session, t.instrument, data, t.chair)
    await service.open_meeting(session, meeting, t.chair, service.etag(meeting))
    await service.move_pointer(
        session, t.instrument, meeting, service.PointerIn("art_3", P1, quote=QUOTE), t.chair, "*"
    )
    await session.flush()
    return meeting


async def page_as(client: AsyncClient, email: str, address: str) -> tuple[Response, str]:
    token = await signed_in(client, email)
    return await client.get(address), token


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def said(msgid: str, lang: str, **params: object) -> str:
    with in_language(lang):
        return _(msgid).format(**params)


def pointed_row(html: str) -> str:
    found = re.search(r'<tr id="mp-[^"]*" class="meeting-provision pointed".*?</tr>', html, re.S)
    assert found, "no paragraph under discussion"
    return found.group(0)


def queue(html: str) -> list[str]:
    found = re.search(r'<ol class="speaker-queue">(.*?)</ol>', html, re.S)
    if not found:
        return []
    return [
        text_of(name)
        for name in re.findall(r'<span class="speaker-name">(.*?)</span>', found.group(1), re.S)
    ]


def form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the first form posting to ``action``."""
    for target, body in re.findall(
        r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.S
    ):
        if target == action:
            hidden = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', body)
            return {name: value.replace("&#34;", '"') for name, value in hidden}
    raise AssertionError(f"no form to {action}")


def message(html: str, form: str) -> str:
    found = re.search(rf'<p class="error" id="{form}-error" role="alert">(.*?)</p>', html)
    assert found, f"no message above {form}"
    return found.group(1)


# --- the list and planning -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_secretariat_plans_a_meeting_and_opens_it_from_the_list(
    anonymous: AsyncClient, session: AsyncSession, lang: str
) -> None:
    page, token = await page_as(anonymous, SECRETARIAT, f"{LIST}?lang={lang}")
    assert page.status_code == 200
    assert 'id="no-meetings"' in page.text
    assert 'id="new-meeting"' in page.text
    made = await submit(
        anonymous,
        f"{LIST}?lang={lang}",
        token,
        {
            "title": "Third meeting",
            "starts_on": "2027-05-10",
            "ends_on": "2027-05-12",
            "timezone": "Europe/Vienna",
            "agenda": "Scope: 1, 2\n3",
            "delegations": ["FR", "EG"],
            "speaking_minutes": "3",
        },
    )
    assert made.status_code == 303
    meeting = await session.get(Meeting, int(made.headers["location"].rsplit("/", 1)[1]))
    assert meeting is not None
    assert meeting.agenda == [
        {"title": "Scope", "articles": ["art_1", "art_2"]},
        {"title": None, "articles": ["art_3"]},
    ]
    assert meeting.speaking_seconds == 180
    listed = await anonymous.get(f"{LIST}?lang={lang}")
    row = re.search(rf'<tr id="meeting-{meeting.id}".*?</tr>', listed.text, re.S)
    assert row
    assert "Third meeting" in row.group(0)
    with in_language(lang):
        assert present.meeting_status_name(meeting.status) in text_of(row.group(0))
    opened = await submit(
        anonymous, f"{url(meeting)}/open", token, form_fields(listed.text, f"{url(meeting)}/open")
    )
    assert opened.status_code == 303
    again = await anonymous.get(f"{LIST}?lang={lang}")
    # The meeting in session is highlighted, with the way to follow it.
    highlighted = 'class="meeting status-open in-session" aria-current="true"'
    assert f'<tr id="meeting-{meeting.id}" {highlighted}>' in again.text
    assert f'href="{url(meeting)}/follow"' in again.text


@pytest.mark.parametrize(
    ("field", "changes", "msgid", "params"),
    [
        ("ends_on", {"ends_on": "2027-05-01"}, "The meeting cannot end before it starts.", {}),
        ("timezone", {"timezone": "Mars/Olympus"}, "“{zone}” is not a time zone.",
         {"zone": "Mars/Olympus"}),
        ("agenda", {"agenda": "Scope: 1, 99"},
         "Agenda item {number}: name articles of this instrument ({unknown}).",
         {"number": 1, "unknown": "99"}),
        ("starts_on", {"starts_on": "tomorrow"}, "Give the date as year-month-day (2026-12-01).",
         {}),
    ],
)  # fmt: skip
async def test_a_refused_meeting_comes_back_as_typed_with_the_message_beside_the_field(
    anonymous: AsyncClient,
    session: AsyncSession,
    field: str,
    changes: dict[str, str],
    msgid: str,
    params: dict[str, object],
) -> None:
    token = await signed_in(anonymous, SECRETARIAT)
    typed = {
        "title": "Third meeting",
        "starts_on": "2027-05-10",
        "ends_on": "2027-05-12",
        "timezone": "Europe/Vienna",
        "agenda": "Scope: 1, 2",
        **changes,
    }
    refused = await submit(anonymous, f"{LIST}?lang=fr", token, typed)
    assert refused.status_code == 422
    assert field_error(refused.text, "new-meeting", field) == shown(msgid, "fr", **params)
    assert 'value="Third meeting"' in refused.text
    assert ">" + typed["agenda"] + "</textarea>" in refused.text
    assert 'id="no-meetings"' in refused.text


async def test_only_the_secretariat_sees_the_planning_form(anonymous: AsyncClient) -> None:
    page, token = await page_as(anonymous, FRANCE, LIST)
    assert page.status_code == 200
    assert 'id="new-meeting"' not in page.text
    refused = await submit(anonymous, LIST, token, {"title": "Ours", "starts_on": "2027-01-01"})
    assert refused.status_code == 403
    assert said("Only the secretariat chairs a meeting.", "en") in refused.text


# --- what the chair shows, followed --------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
async def test_the_follow_page_shows_the_paragraph_under_discussion_in_the_readers_languages(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    page, _token = await page_as(
        anonymous, EGYPT, url(meeting, "follow", f"langs=ar,zh,en&lang={lang}")
    )
    assert page.status_code == 200
    html = page.text
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    # Where the chair is, in the reader's language.
    now = re.search(r'<p id="pointer-now".*?</p>', html, re.S)
    assert now
    with in_language(lang):
        view = present.view_name("text")
    assert text_of(now.group(0)) == said(
        "Under discussion: article %(article)s, paragraph %(paragraph)s (%(view)s)", lang
    ).replace("%(article)s", "3").replace("%(paragraph)s", "1").replace("%(view)s", view)
    # One paragraph is under discussion, in each language read, each cell with its own
    # language and direction.
    row = pointed_row(html)
    assert f'id="mp-{P1}"' in row
    assert row.count("<td ") == 3
    assert '<td lang="ar" dir="rtl">' in row
    assert '<td lang="zh" dir="ltr">' in row
    # The words under discussion marked where they read so (English); in Arabic and Chinese
    # the whole paragraph, the English words quoted above the text.
    english = re.search(r'<td lang="en" dir="ltr">(.*?)</td>', row, re.S)
    assert english
    assert f'<mark class="under-discussion">{QUOTE}</mark>' in english.group(1)
    arabic = re.search(r'<td lang="ar" dir="rtl">(.*?)</td>', row, re.S)
    assert arabic
    assert '<mark class="under-discussion">' in arabic.group(1)
    assert text_of(arabic.group(1)).startswith("1 ")
    with in_language(lang):
        english_name = language_name("en", lang)
    assert said(
        "The words under discussion are quoted above, as they read in %(language)s.", lang
    ).replace("%(language)s", english_name) in text_of(arabic.group(1))
    assert "quote-elsewhere" not in english.group(1)
    assert re.search(rf'<q lang="en" dir="ltr">{QUOTE}</q>', html)
    assert html.count('class="meeting-provision pointed"') == 1
    # Only that paragraph is marked; the others read as they are.
    other = re.search(rf'<tr id="mp-{P2}".*?</tr>', html, re.S)
    assert other
    assert "<mark" not in other.group(0)
    # Follow mode on, one click away from leaving it; the live connection of this meeting.
    assert 'id="follow-toggle"' in html
    assert 'aria-pressed="true"' in html
    assert f'data-meeting-id="{meeting.id}"' in html
    assert "data-follow-region" in html
    assert "/static/meeting.js" in html


async def test_a_new_pointer_moves_the_followers_to_the_next_paragraph_in_the_rolling_text(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    await negotiation.set_status(
        session, t.instrument, t.article, P2, AgreementStatus.agreed, "Agreed.", [], t.chair,
        negotiation.status_etag(None),
    )  # fmt: skip
    await service.move_pointer(
        session, t.instrument, meeting,
        service.PointerIn("art_3", P2, "rolling", None, "reciprocity"), t.chair, "*",
    )  # fmt: skip
    await session.flush()
    page, _token = await page_as(anonymous, FRANCE, url(meeting, "follow", "langs=en,fr"))
    row = pointed_row(page.text)
    assert f'id="mp-{P2}"' in row
    assert '<mark class="under-discussion">reciprocity</mark>' in row
    # The rolling text: each paragraph with its status.
    assert 'data-status="agreed"' in row
    assert said("Rolling text (brackets, alternatives, notes)", "en") in page.text


async def test_the_projector_shows_two_languages_at_most_and_no_forms(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    await session.flush()
    page, _token = await page_as(
        anonymous, SECRETARIAT, url(meeting, "projector", "langs=en,fr,ar")
    )
    assert page.status_code == 200
    html = page.text
    assert 'id="projector"' in html
    row = pointed_row(html)
    assert row.count("<td ") == 2
    assert queue(html) == ["France"]
    # Large type to read, nothing to act on; it follows the chair by itself.
    assert '<form method="post"' not in html.split('id="projector"')[1]
    assert 'id="follow-toggle"' not in html
    assert 'class="timer idle" id="timer"' in html


async def test_before_the_chair_points_anything_the_pages_say_so(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    data = service.MeetingIn("Planned", date(2027, 3, 1), date(2027, 3, 1), "UTC", [], ())
    meeting = await service.create(session, t.instrument, data, t.chair)
    await session.flush()
    page, _token = await page_as(anonymous, OBSERVER, url(meeting, "follow", "lang=zh"))
    assert page.status_code == 200
    assert said("The chair has not chosen anything to show yet.", "zh") in page.text
    assert 'class="meeting-provision' not in page.text


# --- observers --------------------------------------------------------------------------


async def test_observers_follow_and_read_the_published_text_without_the_chairs_controls(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    await session.flush()
    console, _token = await page_as(anonymous, OBSERVER, url(meeting, query="lang=fr"))
    assert console.status_code == 200
    for control in ('id="pointer-form"', 'id="decision-form"', 'class="give-floor"',
                    'id="list-toggle"', 'id="close-meeting"', 'id="ask-form"'):  # fmt: skip
        assert control not in console.text, control
    assert queue(console.text) == ["Égypte"]
    # What the chair shows, as the latest milestone published it.
    assert said("Observers read the published text: {milestone}.", "fr", milestone="2007 text") in (
        console.text
    )
    assert f'id="mp-{P1}"' in pointed_row(console.text)
    follow = await anonymous.get(url(meeting, "follow", "langs=ar"))
    assert follow.status_code == 200
    assert '<td lang="ar" dir="rtl">' in pointed_row(follow.text)
    assert 'id="ask-form"' not in follow.text


# --- the chair's console -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_chair_moves_the_pointer_and_a_quote_not_in_the_text_is_refused(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    page, token = await page_as(anonymous, SECRETARIAT, url(meeting, query=f"lang={lang}"))
    assert page.status_code == 200
    for control in ('id="pointer-form"', 'id="decision-form"', 'id="close-meeting"',
                    'id="next-paragraph"'):  # fmt: skip
        assert control in page.text, control
    action = f"{url(meeting)}/pointer"
    fields = form_fields(page.text, action)
    moved = await submit(
        anonymous, f"{action}?lang={lang}", token,
        {**fields, "target": f"art_3#{P2}", "view": "text", "quote": "reciprocity"},
    )  # fmt: skip
    assert moved.status_code == 303
    await session.refresh(meeting)
    assert meeting.pointer is not None
    assert (meeting.pointer["provision"], meeting.pointer["quote"]) == (P2, "reciprocity")
    # "Next" goes to the following paragraph of the agenda.
    page = await anonymous.get(url(meeting, query=f"lang={lang}"))
    # (The first form to the pointer on the page is "Next".)
    nxt = form_fields(page.text, action)
    assert nxt["target"] == "art_3#art_3__para_3"
    # A stale page: refused, the form as typed.
    refused = await submit(
        anonymous, f"{action}?lang={lang}", token,
        {**fields, "target": f"art_3#{P1}", "view": "text", "quote": "words nowhere"},
    )  # fmt: skip
    assert refused.status_code == 412
    fresh = form_fields((await anonymous.get(url(meeting))).text, action)
    refused = await submit(
        anonymous, f"{action}?lang={lang}", token,
        {**fresh, "target": f"art_3#{P1}", "view": "text", "quote": "words nowhere"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'value="words nowhere"' in refused.text
    assert field_error(refused.text, "pointer", "quote")
    await session.refresh(meeting)
    assert meeting.pointer["provision"] == P2


# --- the list of speakers ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_delegation_asks_for_the_floor_and_asking_twice_is_refused_on_the_page(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    await session.flush()
    page, token = await page_as(anonymous, FRANCE, url(meeting, "follow", f"lang={lang}"))
    assert 'id="ask-form"' in page.text
    action = f"{url(meeting)}/speakers"
    fields = form_fields(page.text, action)
    assert fields["back"] == "follow"
    asked = await submit(
        anonymous, action, token, {**fields, "kind": "floor", "on_behalf_of": "the EU"}
    )
    assert asked.status_code == 303
    assert asked.headers["location"].startswith(url(meeting, "follow"))
    page = await anonymous.get(url(meeting, "follow", f"lang={lang}"))
    with in_language(lang):
        france = {"en": "France", "zh": "法国"}[lang]
        egypt = {"en": "Egypt", "zh": "埃及"}[lang]
        mine = present.speaker_label(france, SpeakerKind.floor, "the EU")
    assert queue(page.text) == [egypt, mine]
    # Asking again: refused, on the page, as typed.
    again = await submit(
        anonymous, action, token, {**fields, "kind": "floor", "on_behalf_of": "the EU"}
    )
    assert again.status_code == 409
    assert message(again.text, "ask") == shown(
        "Your delegation is on the list of speakers already.", lang
    )
    assert 'value="the EU"' in again.text
    # A point of order goes ahead of the list; withdrawing takes France off it.
    order = await submit(anonymous, action, token, {**fields, "kind": "point_of_order"})
    assert order.status_code == 303
    page = await anonymous.get(url(meeting, "follow", f"lang={lang}"))
    with in_language(lang):
        point = present.speaker_label(france, SpeakerKind.point_of_order, None)
    assert queue(page.text) == [point, egypt, mine]
    withdrawals = re.findall(rf'action="{url(meeting)}/speakers/(\d+)/withdraw"', page.text)
    assert len(withdrawals) == 2  # France's own requests only
    gone = await submit(
        anonymous, f"{url(meeting)}/speakers/{withdrawals[0]}/withdraw", token, fields
    )
    assert gone.status_code == 303
    page = await anonymous.get(url(meeting, "follow", f"lang={lang}"))
    assert queue(page.text) == [egypt, mine]


async def test_the_chair_gives_the_floor_moves_requests_and_closes_the_list(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    egypt = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.eg)
    await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.fr)
    mexico = await service.ask_floor(session, meeting, SpeakerKind.floor, None, t.mx)
    await session.flush()
    page, token = await page_as(anonymous, SECRETARIAT, url(meeting))
    assert queue(page.text) == ["Egypt", "France", "Mexico"]
    base = f"{url(meeting)}/speakers"
    up = await submit(
        anonymous, f"{base}/{mexico.id}/move", token,
        {**form_fields(page.text, f"{base}/{mexico.id}/move"), "direction": "up"},
    )  # fmt: skip
    assert up.status_code == 303
    page = await anonymous.get(url(meeting))
    assert queue(page.text) == ["Egypt", "Mexico", "France"]
    given = await submit(
        anonymous,
        f"{base}/{egypt.id}/floor",
        token,
        form_fields(page.text, f"{base}/{egypt.id}/floor"),
    )
    assert given.status_code == 303
    page = await anonymous.get(url(meeting))
    speaking = re.search(r'<li class="speaker speaking[^"]*" data-speaker-id="(\d+)">', page.text)
    assert speaking
    assert speaking.group(1) == str(egypt.id)
    assert said("has the floor", "en") in page.text
    # The timer: three minutes from when the floor was given, counting down.
    timer = re.search(r'<p class="timer" id="timer" role="timer"[^>]*>', page.text)
    assert timer
    assert 'data-budget="180"' in timer.group(0)
    assert "data-given-at=" in timer.group(0)
    value = re.search(r'<span class="timer-value" dir="ltr">(\d+):(\d\d)</span>', page.text)
    assert value
    assert 170 <= int(value.group(1)) * 60 + int(value.group(2)) <= 180
    # A stale copy of a request is refused with the message on the page.
    stale = await submit(
        anonymous, f"{base}/{egypt.id}/floor", token, {"etag": '"sp0.0"', "langs": ""}
    )
    assert stale.status_code in (409, 412)
    assert 'role="alert"' in stale.text
    done = await submit(anonymous, f"{base}/{egypt.id}/done", token, {"langs": ""})
    assert done.status_code == 303
    page = await anonymous.get(url(meeting))
    assert queue(page.text) == ["Mexico", "France"]
    closed = await submit(
        anonymous, f"{url(meeting)}/list", token, form_fields(page.text, f"{url(meeting)}/list")
    )
    assert closed.status_code == 303
    page = await anonymous.get(url(meeting))
    assert said("The chair has closed the list of speakers.", "en") in page.text
    assert said("Reopen the list of speakers", "en") in page.text
    # Closed: a delegation's new request is refused, the reason on its page.
    anonymous.cookies.clear()
    _page, fr_token = await page_as(anonymous, MEXICO, url(meeting, "follow"))
    await session.refresh(mexico)
    await service.withdraw(session, meeting, mexico, t.mx)
    await session.flush()
    refused = await submit(
        anonymous, f"{base}", fr_token, {"kind": "floor", "back": "follow", "langs": ""}
    )
    assert refused.status_code == 409
    assert message(refused.text, "ask") == shown("The chair has closed the list of speakers.", "en")


async def test_a_delegation_cannot_ask_before_the_meeting_opens(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    data = service.MeetingIn("Planned", date(2027, 3, 1), date(2027, 3, 1), "UTC", [], ())
    meeting = await service.create(session, t.instrument, data, t.chair)
    await session.flush()
    page, token = await page_as(anonymous, FRANCE, url(meeting))
    assert 'id="ask-form"' not in page.text
    refused = await submit(
        anonymous, f"{url(meeting)}/speakers", token, {"kind": "floor", "langs": ""}
    )
    assert refused.status_code == 409
    assert message(refused.text, "ask") == shown("The meeting is not in session.", "en")


# --- decisions ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_chair_records_a_decision_on_the_paragraph_under_discussion(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    page, token = await page_as(anonymous, SECRETARIAT, url(meeting, query=f"lang={lang}"))
    action = f"{url(meeting)}/decisions"
    recorded = await submit(
        anonymous, action, token,
        {**form_fields(page.text, action), "kind": "ad_referendum", "confirm": ["EG"],
         "reserved": ["MX"], "note": "Pending Cairo."},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = await anonymous.get(url(meeting, query=f"lang={lang}"))
    decisions = re.search(r'<section id="decisions".*?</section>', page.text, re.S)
    assert decisions
    read = text_of(decisions.group(0))
    with in_language(lang):
        kind = present.decision_kind_name(DecisionKind.ad_referendum)
    assert kind in read
    assert {"en": "Mexico", "ar": "المكسيك"}[lang] in read
    assert {"en": "Egypt", "ar": "مصر"}[lang] in read
    assert "Pending Cairo." in read
    # The rolling text now reads paragraph 1 agreed ad referendum.
    status = await negotiation.get_status(session, t.article, P1)
    assert status is not None
    assert status.status is AgreementStatus.ad_referendum
    # No decision without its kind: refused beside the field.
    refused = await submit(
        anonymous, action, token, {**form_fields(page.text, action), "kind": "", "note": "Hm."}
    )
    assert refused.status_code == 422
    assert field_error(refused.text, "decision", "kind") == shown("Choose what was decided.", lang)
    assert ">Hm.</textarea>" in refused.text


@pytest.mark.parametrize("lang", ["en", "ar"])
async def test_the_contents_page_leads_to_the_meetings_and_the_one_in_session(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings, lang: str
) -> None:
    t = await table(session, settings)
    page, _token = await page_as(anonymous, OBSERVER, f"/instruments/model-law?lang={lang}")
    assert f'href="{LIST}" id="meetings-link">{said("Meetings", lang)}</a>' in page.text
    assert "meeting-in-session" not in page.text
    meeting = await held(session, t)
    page = await anonymous.get(f"/instruments/model-law?lang={lang}")
    line = re.search(
        rf'<p class="meeting-in-session" id="meeting-in-session-{meeting.id}">.*?</p>', page.text
    )
    assert line
    assert said("In session:", lang) in line.group(0)
    assert f'href="{url(meeting)}/follow"' in line.group(0)
    assert meeting.title in line.group(0)


async def test_the_chair_shows_a_proposal_and_a_comparison_to_every_follower(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    proposal = amendments.Proposal(
        kind=AmendmentKind.provisions,
        language="en",
        article_key="art_3",
        provisions=[ProvisionIn(id=P1, number="1", text="Treaties in force prevail.")],
        heading=None,
        justification="Shorter.",
        note=None,
    )
    await amendments.open_round(
        session, t.instrument, name="EGM 2", deadline=utcnow() + timedelta(days=1),
        timezone="UTC", article_keys=None, actor=t.chair,
    )  # fmt: skip
    made = await amendments.create(session, settings, t.instrument, proposal, t.fr)
    await amendments.transition(session, settings, made, "table", t.fr, amendments.etag(made))
    await service.move_pointer(
        session, t.instrument, meeting,
        service.PointerIn("art_3", P1, "proposal", made.id), t.chair, "*",
    )  # fmt: skip
    await session.flush()
    page, _token = await page_as(anonymous, EGYPT, url(meeting, "follow", "langs=ar&lang=ar"))
    assert page.status_code == 200
    with in_language("ar"):
        label = _("Proposal {number} ({delegation})").format(number=made.number, delegation="فرنسا")
    assert f'<p class="view-label" id="view-label">{label}</p>' in page.text
    # The proposal in the language it was written in, as it changes the text.
    row = pointed_row(page.text)
    assert '<td lang="en" dir="ltr">' in row
    assert "<ins>" in row
    assert "Treaties in force prevail." in text_of(row)
    # A comparison: the text now against the 2007 text, in each language read.
    await service.move_pointer(
        session, t.instrument, meeting, service.PointerIn("art_3", P2, "comparison"), t.chair, "*"
    )
    await session.flush()
    page = await anonymous.get(url(meeting, "follow", "langs=en,zh&lang=en"))
    assert said("Changes since {before}", "en", before="2007 text") in page.text
    row = pointed_row(page.text)
    assert f'id="mp-{P2}"' in row
    assert '<td lang="zh" dir="ltr">' in row


async def test_the_chair_sets_the_speaking_time_and_a_wrong_one_is_refused_beside_it(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    page, token = await page_as(anonymous, SECRETARIAT, url(meeting, query="lang=fr"))
    action = f"{url(meeting)}/speaking-time"
    fields = form_fields(page.text, action)
    assert 'id="speaking-time-minutes" name="speaking_minutes" value="3"' in page.text
    changed = await submit(anonymous, action, token, {**fields, "speaking_minutes": "1,5"})
    assert changed.status_code == 303
    await session.refresh(meeting)
    assert meeting.speaking_seconds == 90
    page = await anonymous.get(url(meeting, query="lang=fr"))
    assert 'class="timer idle" id="timer" data-budget="90"' in page.text
    fields = form_fields(page.text, action)
    refused = await submit(anonymous, action, token, {**fields, "speaking_minutes": "two"})
    assert refused.status_code == 422
    assert field_error(refused.text, "speaking-time", "speaking_minutes") == shown(
        "Give the speaking time in minutes (3 or 1.5).", "fr"
    )
    refused = await submit(anonymous, action, token, {**fields, "speaking_minutes": "0.1"})
    assert refused.status_code == 422
    assert field_error(refused.text, "speaking-time", "speaking_minutes") == shown(
        "Speaking time is between 10 seconds and an hour.", "fr"
    )
    assert 'value="0.1"' in refused.text
    # Delegations see the time per turn, not the form.
    anonymous.cookies.clear()
    page, _token = await page_as(anonymous, FRANCE, url(meeting))
    assert 'id="speaking-time-form"' not in page.text
    assert 'data-budget="90"' in page.text


async def test_the_meeting_page_offers_its_documents_in_the_readers_language(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    t = await table(session, settings)
    meeting = await held(session, t)
    await session.flush()
    page, _token = await page_as(anonymous, OBSERVER, url(meeting, query="lang=ar"))
    assert page.status_code == 200
    section = re.search(r'<section id="meeting-documents".*?</section>', page.text, re.S)
    assert section, "no documents section"
    with in_language("ar"):
        names = [
            str(_(m))
            for m in (
                "List of decisions",
                "Status of negotiations",
                "Compilation of proposals by delegation",
            )
        ]
    summaries = re.findall(r"<summary>(.*?)</summary>", section.group(0))
    assert summaries == names
    links = re.findall(r'href="([^"]+)"', section.group(0))
    assert len(links) == 3 * 6
    assert all(link.endswith("?lang=ar") for link in links)
    html = await anonymous.get(next(link for link in links if "/decisions.html" in link))
    assert html.status_code == 200
    assert 'lang="ar"' in html.text
