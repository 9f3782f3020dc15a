"""Meeting mode in a browser (issue 18's proof): the chair in English on the console, a
participant following in Arabic (Egypt) and one in Chinese (China), each in a browser context
of its own. The participants ask for the floor from their pages and the chair sees them on
the list; the chair moves to the next paragraph and records a decision; both followers go
there (the paragraph scrolled into view, its words marked) within a second of the chair's
click; the list of decisions reads in Arabic and in Chinese. Leaving follow mode and coming
back is one click; the projector shows large type and the list of speakers.

The meeting is planned and run through the pages, as the secretariat would; its agenda is
article 4 (General principles, in the six languages), on which no other browser test decides
anything.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel import Locale
from playwright.sync_api import Browser, BrowserContext, Page, expect

from draftroom.config import ROOT
from draftroom.kit.i18n import force_locale, gettext
from draftroom.meetings import present
from draftroom.models import DecisionKind, MeetingStatus
from tests.fixtures.browser import serious_violations, sign_in

SLUG = "model-law"
MEETINGS = f"/instruments/{SLUG}/meetings"
P1, P2, P3 = (f"art_4__para_{n}" for n in range(1, 4))
CHAIR = "secretariat@draftroom.example"
# The followers: who, in which language, reading which texts side by side.
FOLLOWERS = {
    "ar": ("delegate.eg@draftroom.example", "EG", "ar,en"),
    "zh": ("delegate.cn@draftroom.example", "CN", "zh,en"),
}
SHOTS = Path(tempfile.gettempdir()) / "shots"
# The figures measured (from the chair's click to each screen), one line each, appended.
TIMINGS = SHOTS / "meeting_timings.txt"
# From the chair's click to a follower's screen.
WITHIN_MS = 1000


def said(lang: str, message: str) -> str:
    """What the reader's catalogue says (English until the message is translated)."""
    with force_locale(lang, ROOT / "locales"):
        return gettext(message)


def decision_name(lang: str, kind: DecisionKind) -> str:
    with force_locale(lang, ROOT / "locales"):
        return present.decision_kind_name(kind)


def status_name(lang: str, status: MeetingStatus) -> str:
    with force_locale(lang, ROOT / "locales"):
        return present.meeting_status_name(status)


def country(code: str, lang: str) -> str:
    """A State as CLDR names it in the reader's language."""
    return str(Locale.parse(lang).territories[code])


# A row in full view: below the sticky bar that says where the chair is (the projector's
# head), its bottom inside the window (a row taller than that space: its top at the bar).
IN_VIEW = """(row) => {
  const bar = document.querySelector('.follow-bar, .projector-head');
  const top = bar ? Math.max(0, bar.getBoundingClientRect().bottom) : 0;
  const box = row.getBoundingClientRect();
  const fits = box.height <= innerHeight - top;
  return box.top >= top - 1 && (fits ? box.bottom <= innerHeight + 1 : box.top < top + 40);
}"""
# Started on a page before the chair clicks: notes the moment (the page's clock, which is the
# machine's) the paragraph `key` is the one under discussion with its words marked, and the
# moment its row is in full view. A live reload keeps the page (and this watch); a
# navigation would lose it, and the wait for it would fail.
WATCH = f"""(key) => {{
  const inView = {IN_VIEW};
  window.arrived = window.arrived || {{}};
  const check = () => {{
    if (window.arrived[key]) return;
    const row = document.querySelector('#pointer tr.pointed');
    if (row && row.dataset.provision === key && row.querySelector('mark.under-discussion')) {{
      window.arrived[key + ':marked'] = window.arrived[key + ':marked'] || Date.now();
      if (inView(row)) {{
        window.arrived[key] = Date.now();
        return;
      }}
    }}
    requestAnimationFrame(check);
  }};
  check();
}}"""
ARRIVED = "(key) => (window.arrived || {})[key] || false"
# The moment a page lists a decision (the first of the meeting).
WATCH_DECISIONS = """() => {
  const check = () => {
    if (document.querySelector('#decisions li.decision')) window.decided = Date.now();
    else requestAnimationFrame(check);
  };
  check();
}"""


def report(line: str) -> None:
    with TIMINGS.open("a", encoding="utf-8") as timings:
        timings.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n")


def watch(page: Page, key: str) -> None:
    page.evaluate(WATCH, key)


def arrived(page: Page, key: str, since_ms: float) -> tuple[float, float]:
    """Milliseconds from ``since_ms`` to the paragraph marked, and to its row in full view."""
    seen = float(page.wait_for_function(ARRIVED, arg=key, timeout=10_000).json_value())
    marked = float(page.evaluate(f"() => window.arrived[{key + ':marked'!r}]"))
    return marked - since_ms, seen - since_ms


def in_view(page: Page, key: str) -> bool:
    return bool(page.locator(f"#mp-{key}").evaluate(IN_VIEW))


def pointed(page: Page) -> str:
    return str(page.locator("#pointer tr.pointed").get_attribute("data-provision"))


@dataclass
class Room:
    """A meeting in session, the chair's console open in English and two followers, each
    screen a browser of its own (one page a context: a page in the background of its
    browser is not drawn, and would not be a reader's screen)."""

    browser: Browser
    base: str
    meeting_id: int = 0
    contexts: list[BrowserContext] = field(default_factory=list)
    chair: Page = field(init=False)
    followers: dict[str, Page] = field(default_factory=dict)

    def screen(self, locale: str, height: int = 800) -> Page:
        context = self.browser.new_context(
            viewport={"width": 1280, "height": height}, locale=locale
        )
        self.contexts.append(context)
        return context.new_page()

    def url(self, page: str = "", langs: str = "") -> str:
        address = f"{self.base}{MEETINGS}/{self.meeting_id}" + (f"/{page}" if page else "")
        return address + (f"?langs={langs}" if langs else "")


def plan_and_open(chair: Page, base: str) -> int:
    """The secretariat plans the meeting on the list of meetings and opens it."""
    chair.goto(f"{base}{MEETINGS}?lang=en")
    chair.fill("#meeting-title", "Third meeting of the Expert Group (browser)")
    chair.fill("#meeting-timezone", "Europe/Vienna")
    chair.fill("#meeting-agenda", "General principles: 4")
    chair.fill("#meeting-speaking_minutes", "3")
    chair.click("#create-meeting")
    chair.wait_for_url(re.compile(r".*/meetings/\d+$"))
    meeting_id = int(chair.url.rsplit("/", 1)[1])
    chair.click("#open-meeting")
    expect(chair.locator("#meeting-status")).to_have_text(status_name("en", MeetingStatus.open))
    return meeting_id


def follow(page: Page, base: str, lang: str, meeting_id: int) -> Page:
    email, _code, langs = FOLLOWERS[lang]
    sign_in(page, base, email)
    page.goto(f"{base}{MEETINGS}/{meeting_id}/follow?langs={langs}&lang={lang}")
    connected(page, lang)
    return page


def connected(page: Page, lang: str) -> None:
    """The page's live connection is up: what the chair does from now on reaches it."""
    expect(page.locator("#live")).to_have_text(
        said(lang, "Live: changes by others appear here as they happen.")
    )


@pytest.fixture
def room(browser: Browser, live_server: str) -> Iterator[Room]:
    SHOTS.mkdir(exist_ok=True)
    room = Room(browser, live_server)
    chair = room.chair = room.screen("en-GB")
    sign_in(chair, live_server, CHAIR)
    room.meeting_id = plan_and_open(chair, live_server)
    # The chair starts on the agenda's first paragraph.
    chair.click("#next-paragraph")
    expect(chair.locator("#pointer tr.pointed")).to_have_attribute("data-provision", P1)
    chair.goto(room.url(langs="en"))
    connected(chair, "en")
    for lang, locale in (("ar", "ar-EG"), ("zh", "zh-CN")):
        # A laptop's screen, less the browser's own bars.
        screen = room.screen(locale, height=640)
        room.followers[lang] = follow(screen, live_server, lang, room.meeting_id)
    yield room
    if chair.locator("#close-meeting").count():
        chair.click("#close-meeting")
    for context in room.contexts:
        context.close()


def move_and_time(room: Room, button: str, key: str, pages: dict[str, Page]) -> dict[str, float]:
    """The chair clicks ``button``; each page in ``pages`` must show paragraph ``key``
    (marked, in view) within a second. Returns the milliseconds to each, in view."""
    for page in pages.values():
        watch(page, key)
    start = time.time() * 1000
    room.chair.click(button)
    figures = {}
    for name, page in pages.items():
        marked, seen = arrived(page, key, start)
        report(f"{key} on {name}: marked after {marked:.0f} ms, in full view after {seen:.0f} ms")
        figures[name] = seen
    assert all(ms < WITHIN_MS for ms in figures.values()), figures
    return figures


def test_the_chair_leads_and_the_arabic_and_chinese_followers_go_along_within_a_second(
    room: Room,
) -> None:
    chair, ar = room.chair, room.followers["ar"]
    # Both followers start where the chair is, in their own languages side by side.
    for lang, page in room.followers.items():
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert pointed(page) == P1
        row = page.locator(f"#mp-{P1}")
        expect(row.locator(f"td[lang={lang}] mark.under-discussion")).to_be_visible()
        expect(row.locator("td[lang=en] mark.under-discussion")).to_be_visible()
        expect(page.locator("#follow-toggle")).to_have_attribute("aria-pressed", "true")
    expect(ar.locator(f"#mp-{P1} td[lang=ar]")).to_have_attribute("dir", "rtl")

    # Each participant asks for the floor from its page; the chair sees them in that order,
    # and so does every follower, each in its own language.
    for lang, page in room.followers.items():
        page.locator("#ask-kind-floor").check()
        with page.expect_navigation():
            page.click("#ask-floor")
        connected(page, lang)
        expect(page.locator("#speakers li.mine .speaker-name")).to_have_text(
            country(FOLLOWERS[lang][1], lang)
        )
        expect(page.locator("#speakers li.mine button.withdraw")).to_be_visible()
    queue = chair.locator("#speakers .speaker-queue li .speaker-name")
    expect(queue).to_have_text([country("EG", "en"), country("CN", "en")])
    for lang, page in room.followers.items():
        expect(page.locator("#speakers .speaker-queue li .speaker-name")).to_have_text(
            [country("EG", lang), country("CN", lang)]
        )
    # The chair gives the floor to Egypt: the timer runs on every screen.
    chair.locator("#speakers .speaker-queue li").first.locator("button.give-floor").click()
    expect(chair.locator("#speakers li.speaking .speaker-name")).to_have_text(country("EG", "en"))
    for lang, page in room.followers.items():
        expect(page.locator("#speakers li.speaking .speaker-name")).to_have_text(
            country("EG", lang)
        )
        expect(page.locator("#timer[data-given-at]")).to_be_visible()

    # The chair moves to the next paragraph: both followers go there within a second, without
    # reloading (the watch started on each page before the click is still there to say so).
    for page in room.followers.values():
        # The reader is back at the top of the page: the chair's next paragraph is below the
        # fold, the screen must move to show it.
        page.evaluate("() => window.scrollTo(0, 0)")
        assert not in_view(page, P2)
    expect(chair.locator("#next-paragraph")).to_contain_text("4")
    move_and_time(room, "#next-paragraph", P2, room.followers)
    for lang, page in room.followers.items():
        assert pointed(page) == P2
        expect(page.locator(f"#mp-{P2} td[lang={lang}] mark.under-discussion")).to_be_visible()
        expect(page.locator(f"#mp-{P1} mark")).to_have_count(0)
        expect(page.locator("#follow-toggle")).to_have_attribute("aria-pressed", "true")
    words = {
        lang: page.locator(f"#mp-{P2} td[lang={lang}] .provision-text").inner_text().strip()
        for lang, page in room.followers.items()
    }
    assert words["ar"]
    assert words["zh"]

    # The chair records the decision on it, Mexico reserving its position: every follower
    # lists it in its own language.
    chair.select_option("#decision-kind", "agreed")
    chair.select_option("#decision-reserved", ["MX"])
    for page in room.followers.values():
        page.evaluate(WATCH_DECISIONS)
    start = time.time() * 1000
    chair.click("#decision-submit")
    for lang, page in room.followers.items():
        decided = page.wait_for_function("() => window.decided || false", timeout=10_000)
        took = float(decided.json_value()) - start
        report(f"the decision on {lang}: listed after {took:.0f} ms")
        assert took < WITHIN_MS
    decision = chair.locator("#decisions li.decision")
    expect(decision).to_have_count(1)
    expect(decision.locator(".decision-kind")).to_have_text(
        decision_name("en", DecisionKind.agreed)
    )
    for lang, page in room.followers.items():
        listed = page.locator("#decisions li.decision")
        expect(listed).to_have_count(1)
        expect(listed.locator(".decision-kind")).to_have_text(
            decision_name(lang, DecisionKind.agreed)
        )
        expect(listed.locator(".reserved")).to_contain_text(country("MX", lang))
    chair.screenshot(path=str(SHOTS / "meeting_chair.png"), full_page=True)
    for lang, page in room.followers.items():
        page.screenshot(path=str(SHOTS / f"meeting_follow_{lang}.png"))

    # The list of decisions, in Arabic and in Chinese: the decision in that language, on the
    # paragraph's words as they read in that language, Mexico's reservation named there too.
    for lang, page in room.followers.items():
        downloaded = page.context.request.get(
            f"{room.base}/api/v1/instruments/{SLUG}/meetings/{room.meeting_id}"
            f"/decisions.html?lang={lang}"
        )
        assert downloaded.status == 200
        assert downloaded.headers["content-disposition"].startswith("attachment")
        assert (
            f"meeting-{room.meeting_id}_decisions_{lang}.html"
            in (downloaded.headers["content-disposition"])
        )
        document = room.screen(page.evaluate("() => navigator.language"))
        document.set_content(downloaded.text())
        expect(document.locator("html")).to_have_attribute("lang", lang)
        body = document.locator("body")
        expect(body).to_contain_text(said(lang, "List of decisions"))
        expect(body).to_contain_text(said(lang, "Agreed"))
        expect(body).to_contain_text(words[lang])
        expect(body).to_contain_text(country("MX", lang))
        document.screenshot(path=str(SHOTS / f"meeting_decisions_{lang}.png"), full_page=True)
        document.close()

    axe = serious_violations(chair, "console [en]")
    for lang, page in room.followers.items():
        axe += serious_violations(page, f"follow [{lang}]")
    assert axe == []


def test_leaving_follow_mode_and_coming_back_is_one_click_and_the_projector_follows(
    room: Room,
) -> None:
    ar, zh = room.followers["ar"], room.followers["zh"]
    zh.locator("#ask-kind-floor").check()
    with zh.expect_navigation():
        zh.click("#ask-floor")
    connected(zh, "zh")
    # The projector is a screen of its own (its own browser), the secretariat signed in.
    projector = room.screen("en-GB")
    sign_in(projector, room.base, CHAIR)
    projector.goto(room.url("projector", "en,ar"))
    connected(projector, "en")

    # The Arabic reader leaves follow mode with one click: the chair moves on, the Chinese
    # follower and the projector go along, the Arabic reader's text stays where it was.
    toggle = ar.locator("#follow-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_have_text(said("ar", "Follow the chair again"))
    move_and_time(room, "#next-paragraph", P2, {"zh": zh, "projector": projector})
    # The line saying where the chair is stays current; the button says the chair moved on.
    expect(ar.locator("#pointer-now")).to_have_attribute("data-target", f"art_4#{P2}")
    expect(toggle).to_have_text(said("ar", "The chair has moved on: follow"))
    assert pointed(ar) == P1

    # One click, and the reader is back where the chair is.
    watch(ar, P2)
    start = time.time() * 1000
    toggle.click()
    _marked, back = arrived(ar, P2, start)
    report(f"{P2} on ar, one click back to following: in full view after {back:.0f} ms")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_have_text(said("ar", "Following the chair"))
    assert in_view(ar, P2)

    # Followed again, the Arabic reader goes along with the next move by itself.
    move_and_time(room, "#next-paragraph", P3, {"ar": ar, "zh": zh, "projector": projector})

    # The projector: large type, the list of speakers beside the text, nothing to act on.
    text_size = projector.locator(f"#mp-{P3} td[lang=en]").evaluate(
        "(cell) => parseFloat(getComputedStyle(cell).fontSize)"
    )
    follow_size = zh.locator(f"#mp-{P3} td[lang=en]").evaluate(
        "(cell) => parseFloat(getComputedStyle(cell).fontSize)"
    )
    assert text_size >= 1.5 * follow_size, (text_size, follow_size)
    side = projector.locator(".projector-side #speakers")
    expect(side.locator("#speakers-title")).to_be_in_viewport()
    expect(side.locator(".speaker-queue li .speaker-name")).to_have_text([country("CN", "en")])
    expect(projector.locator(f"#mp-{P3} td[lang=ar]")).to_have_attribute("dir", "rtl")
    expect(projector.locator("#projector form")).to_have_count(0)
    projector.screenshot(path=str(SHOTS / "meeting_projector.png"))
    assert serious_violations(projector, "projector [en]") == []
