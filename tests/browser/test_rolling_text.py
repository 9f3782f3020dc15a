"""The rolling text in a browser, in Arabic and Chinese interfaces: article 7 with two placed
brackets (one of them "[shall][should]"), two alternatives, paragraphs agreed, agreed ad
referendum, bracketed and open; the clean text beside it; the progress on the contents and
progress pages; the secretariat's forms by keyboard; a bracket placed over the API appearing
on a delegate's open page.

The state is made over the API on the browser suite's server, as a client would make it;
article 7 (six languages) is not used by the other browser tests.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.numbers import format_decimal, format_percent
from playwright.sync_api import Browser, Locator, Page, expect

from draftroom.config import ROOT
from draftroom.kit.i18n import activate, force_locale, gettext, language_name, ngettext
from tests.fixtures.browser import serious_violations, sign_in, sign_out

SLUG = "model-law"
ARTICLE = "art_7"
API = f"/api/v1/instruments/{SLUG}/articles/{ARTICLE}"
ROLLING = f"/instruments/{SLUG}/articles/{ARTICLE}/rolling"
P1, P2, P2A, P2B, P2C, P3 = (
    f"{ARTICLE}__para_{n}" for n in ("1", "2", "2__point_a", "2__point_b", "2__point_c", "3")
)
# Paragraph 1: "[shall][should]", asked for by France, supported by Mexico.
SHALL = {"en": "shall", "ar": "تحال", "zh": "应当"}
SHOULD = {"en": "should", "ar": "ينبغي أن تحال", "zh": "宜"}
# Paragraph 3: "[secure electronic means]", asked for by Egypt.
ELECTRONIC = {"en": "secure electronic means", "ar": "بوسائل إلكترونية", "zh": "电子方式"}
# Paragraph 2(b): Alt. 2 for the whole subparagraph, supported by Egypt.
POLICE = {
    "en": "through INTERPOL or other channels of police cooperation;",
    "ar": "عن طريق الإنتربول أو غيره من قنوات التعاون الشرطي؛",
    "zh": "通过国际刑警组织或者其他警务合作渠道；",
}


def catalogue(lang: str, message: str) -> str:
    """What the reader's catalogue says (English until the message is translated)."""
    activate(lang, ROOT / "locales")
    try:
        return gettext(message)
    finally:
        activate("en", ROOT / "locales")


def token_for(page: Page, base: str, email: str) -> str:
    """Sign in in the browser and make an API token on the account page."""
    sign_in(page, base, email)
    page.goto(f"{base}/account")
    page.fill("#token-name", "rolling text")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("p.notice code").inner_text()
    sign_out(page)
    return token


@dataclass
class Table:
    """API clients for the secretariat and three delegations, on the live server."""

    chair: httpx.Client
    fr: httpx.Client
    eg: httpx.Client
    mx: httpx.Client

    def close(self) -> None:
        for client in (self.chair, self.fr, self.eg, self.mx):
            client.close()


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def place(table: Table, asker: httpx.Client, pid: str, words: dict[str, str], why: str) -> int:
    """Brackets asked for by a delegation, placed by the chair, marked in Arabic and Chinese."""
    asked = ok(
        asker.post(
            f"{API}/provisions/{pid}/brackets",
            json={"language": "en", "quote": words["en"], "reason": why},
        ),
        201,
    )
    assert asked["status"] == "requested"
    url = f"{API}/brackets/{asked['id']}"
    etag = table.chair.get(url).headers["etag"]
    placed = table.chair.post(
        f"{url}/place", json={"reason": "As the room agreed."}, headers={"If-Match": etag}
    )
    assert ok(placed)["status"] == "placed"
    etag = placed.headers["etag"]
    for language in ("ar", "zh"):
        aligned = table.chair.put(
            f"{url}/spans/{language}",
            json={"quote": words[language]},
            headers={"If-Match": etag},
        )
        ok(aligned)
        etag = aligned.headers["etag"]
    return int(asked["id"])


def set_status(table: Table, pid: str, status: str, confirm: list[str] | None = None) -> None:
    url = f"{API}/provisions/{pid}/status"
    etag = table.chair.get(url).headers["etag"]
    ok(
        table.chair.put(
            url,
            json={"status": status, "reason": "Decided in the plenary.", "confirm": confirm or []},
            headers={"If-Match": etag},
        )
    )


def seed(table: Table) -> dict[str, int]:
    """Article 7's rolling text, as the tests read it: the brackets' and alternatives' ids."""
    shall = place(table, table.fr, P1, SHALL, "An obligation of means, not of result.")
    ok(
        table.mx.post(
            f"{API}/brackets/{shall}/support", json={"reason": "Mexico prefers a recommendation."}
        )
    )
    should = ok(
        table.chair.post(
            f"{API}/provisions/{P1}/alternatives", json={"texts": SHOULD, "bracket_id": shall}
        ),
        201,
    )
    ok(table.mx.post(f"{API}/alternatives/{should['id']}/support"))
    electronic = place(
        table, table.eg, P3, ELECTRONIC, "Not every central authority has a secure channel."
    )
    police = ok(
        table.chair.post(f"{API}/provisions/{P2B}/alternatives", json={"texts": POLICE}), 201
    )
    ok(table.eg.post(f"{API}/alternatives/{police['id']}/support"))
    for pid in (P1, P3):
        set_status(table, pid, "bracketed")
    for pid in (P2, P2A):
        set_status(table, pid, "agreed")
    set_status(table, P2C, "ad_referendum", ["FR", "EG"])
    url = f"{API}/provisions/{P2C}/status"
    etag = table.fr.get(url).headers["etag"]
    ok(table.fr.post(f"{url}/confirm", headers={"If-Match": etag}))
    return {
        "shall": shall,
        "should": int(should["id"]),
        "electronic": electronic,
        "police": int(police["id"]),
    }


def clients(base: str, tokens: dict[str, str]) -> Table:
    def client(who: str) -> httpx.Client:
        return httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {tokens[who]}"}, timeout=20
        )

    return Table(client("secretariat"), client("fr"), client("eg"), client("mx"))


# --- what the reader sees -------------------------------------------------------------

NAMES = {  # the delegations as CLDR names them in the reader's language
    "ar": {"FR": "فرنسا", "MX": "المكسيك", "EG": "مصر"},
    "zh": {"FR": "法国", "MX": "墨西哥", "EG": "埃及"},
}
READERS = {"ar": "delegate.eg@draftroom.example", "zh": "delegate.cn@draftroom.example"}
COLUMNS = ("en", "ar", "zh")
SHOTS = Path(tempfile.gettempdir()) / "shots"


@dataclass(frozen=True)
class Seeded:
    base: str
    tokens: dict[str, str]
    ids: dict[str, int]


@pytest.fixture(scope="module")
def seeded(browser: Browser, live_server: str) -> Iterator[Seeded]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    emails = {
        "secretariat": "secretariat@draftroom.example",
        "fr": "delegate.fr@draftroom.example",
        "eg": "delegate.eg@draftroom.example",
        "mx": "delegate.mx@draftroom.example",
    }
    tokens = {who: token_for(page, live_server, email) for who, email in emails.items()}
    context.close()
    table = clients(live_server, tokens)
    try:
        yield Seeded(live_server, tokens, seed(table))
    finally:
        table.close()


def row(page: Page, pid: str) -> Locator:
    return page.locator(f"#p-{pid}")


def cell(page: Page, pid: str, code: str) -> Locator:
    return row(page, pid).locator(f"td[lang={code}]")


def assert_brackets_drawn_around(words: Locator, rtl: bool) -> None:
    """In a left-to-right cell "[" is left of the words and "]" right of them; in a
    right-to-left cell the opening bracket is right of the words, the closing one left. The
    words may wrap (Chinese breaks between characters): each bracket is compared with the
    line it shares with them (no line breaks after "[" nor before "]")."""
    drawn = words.evaluate(
        """(words) => {
            const open = words.previousElementSibling, close = words.nextElementSibling;
            const box = (e) => { const b = e.getBoundingClientRect();
                                 return {left: b.left, right: b.right, top: b.top}; };
            const lines = [...words.getClientRects()].map(
                (b) => ({left: b.left, right: b.right, top: b.top}));
            return {
                open: open.classList.contains("bracket-open") ? box(open) : null,
                close: close.classList.contains("bracket-close") ? box(close) : null,
                first: lines[0], last: lines[lines.length - 1],
            };
        }"""
    )
    opening, closing, first, last = (drawn[k] for k in ("open", "close", "first", "last"))
    assert opening, drawn
    assert closing, drawn
    assert abs(opening["top"] - first["top"]) < 8
    assert abs(closing["top"] - last["top"]) < 8
    if rtl:
        assert opening["left"] >= first["right"] - 1, drawn
        assert closing["right"] <= last["left"] + 1, drawn
    else:
        assert opening["right"] <= first["left"] + 1, drawn
        assert closing["left"] >= last["right"] - 1, drawn


def assert_note(page: Page, words: Locator, code: str, *parts: str) -> None:
    """The footnote mark after the brackets leads to a note in the column's notes that
    says each of ``parts``."""
    mark = words.locator("xpath=following-sibling::sup[1]/a")
    href = mark.get_attribute("href")
    assert href is not None
    assert href.startswith(f"#note-{code}-"), href
    note = page.locator(f"#footnotes-{code} li{href}")
    for part in parts:
        expect(note).to_contain_text(part)


def message_parts(lang: str, message: str) -> list[str]:
    """A catalogue message's words around its placeholders."""
    return [
        piece.strip(" .。،")
        for piece in re.split(r"\{\w+\}", catalogue(lang, message))
        if piece.strip(" .。،")
    ]


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_the_rolling_text_with_two_bracketed_spans_and_two_alternatives(
    page: Page, seeded: Seeded, lang: str
) -> None:
    names = NAMES[lang]
    sign_in(page, seeded.base, READERS[lang])
    page.goto(f"{seeded.base}{ROLLING}?langs=en,ar,zh&view=rolling&lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    headers = page.locator("#rolling-table thead th[lang]")
    expect(headers).to_have_count(3)
    for code in COLUMNS:
        rtl = code == "ar"
        expect(cell(page, P1, code)).to_have_attribute("dir", "rtl" if rtl else "ltr")
        # Two bracketed spans, each around the right words, a footnote mark after it.
        shall = cell(page, P1, code).locator(".provision-text .bracketed")
        expect(shall).to_have_text(SHALL[code])
        assert_brackets_drawn_around(shall, rtl)
        assert_note(
            page,
            shall.locator("xpath=following-sibling::span[contains(@class,'bracket-close')][1]"),
            code,
            *message_parts(lang, "Bracketed at the request of {delegations}."),
            names["FR"],
            names["MX"],
            "An obligation of means, not of result.",
        )
        electronic = cell(page, P3, code).locator(".provision-text .bracketed")
        expect(electronic).to_have_text(ELECTRONIC[code])
        assert_brackets_drawn_around(electronic, rtl)
        assert_note(
            page,
            electronic.locator(
                "xpath=following-sibling::span[contains(@class,'bracket-close')][1]"
            ),
            code,
            names["EG"],
            "Not every central authority has a secure channel.",
        )
        expect(cell(page, P2, code).locator(".bracket")).to_have_count(0)

        # "[shall][should]": Alt. 1 the words as they read, Alt. 2 the other wording.
        alt_one = catalogue(lang, "Alt. {number}").format(number=1)
        alt_two = catalogue(lang, "Alt. {number}").format(number=2)
        wordings = cell(page, P1, code).locator(
            f"ol.bracket-alternatives[data-bracket='{seeded.ids['shall']}'] > li"
        )
        expect(wordings).to_have_count(2)
        expect(wordings.nth(0).locator(".alternative-label")).to_have_text(alt_one)
        expect(wordings.nth(0)).to_contain_text(f"[{SHALL[code]}]")
        expect(wordings.nth(1).locator(".alternative-label")).to_have_text(alt_two)
        expect(wordings.nth(1)).to_contain_text(f"[{SHOULD[code]}]")
        should_note = wordings.nth(1).locator("sup.footnote-ref a").get_attribute("href")
        expect(page.locator(f"#footnotes-{code} li{should_note}")).to_contain_text(names["MX"])
        # Alt. 2 for the whole of paragraph 2(b).
        whole = cell(page, P2B, code).locator("ol.alternatives:not(.bracket-alternatives) > li")
        expect(whole).to_have_count(2)
        expect(whole.nth(0).locator(".alternative-label")).to_have_text(alt_one)
        expect(whole.nth(1).locator(".alternative-label")).to_have_text(alt_two)
        expect(whole.nth(1)).to_contain_text(POLICE[code])
        police_note = whole.nth(1).locator("sup.footnote-ref a").get_attribute("href")
        expect(page.locator(f"#footnotes-{code} li{police_note}")).to_contain_text(names["EG"])
        # The notes are in the reader's language and direction.
        expect(page.locator(f"#footnotes-{code}")).to_have_attribute("lang", lang)

    # Each paragraph's status, in words and a symbol; who must still confirm.
    for pid, status, name in [
        (P1, "bracketed", "bracketed"),
        (P2, "agreed", "agreed"),
        (P2A, "agreed", "agreed"),
        (P2B, "bracketed", "bracketed"),
        (P2C, "ad_referendum", "agreed ad referendum"),
        (P3, "bracketed", "bracketed"),
    ]:
        badge = row(page, pid).locator("th .status-badge")
        expect(badge).to_have_attribute("data-status", status)
        expect(badge).to_contain_text(catalogue(lang, name))
    awaiting = catalogue(lang, "Agreed ad referendum: awaiting confirmation from {delegations}.")
    expect(page.locator(f"#awaiting-{P2C}")).to_have_text(awaiting.format(delegations=names["EG"]))
    assert serious_violations(page, f"rolling [{lang}]") == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rolling_{lang}.png"), full_page=True)

    # The clean text beside it: agreed words only, the others pending, no brackets.
    page.locator("#view-clean").click()
    expect(page).to_have_url(re.compile(r"view=clean"))
    pending = catalogue(lang, "[pending]")
    agreed = {
        "en": "Where a treaty so provides",
        "ar": "إذا نصت على ذلك معاهدة",
        "zh": "条约有此规定的",
    }
    for code in COLUMNS:
        for pid in (P1, P2B, P3):
            expect(cell(page, pid, code)).to_have_text(pending)
        expect(cell(page, P2, code).locator(".clean-text")).to_contain_text(agreed[code])
        expect(cell(page, P2A, code).locator(".clean-text")).to_be_visible()
    expect(page.locator("#rolling-table .bracket")).to_have_count(0)
    expect(page.locator("#rolling-table .footnotes")).to_have_count(0)
    assert serious_violations(page, f"clean [{lang}]") == []
    page.screenshot(path=str(SHOTS / f"rolling_clean_{lang}.png"), full_page=True)


def plural(lang: str, singular: str, plural_: str, count: int, **numbers: int) -> str:
    """A Jinja ``{% trans count=... %}`` message as the reader's catalogue words it, its
    numbers (``k``: the count, unless given) written as the reader's language does."""
    words = {"k": count, **numbers}
    with force_locale(lang, ROOT / "locales"):
        return ngettext(singular, plural_, count) % {
            name: format_decimal(value, locale=lang) for name, value in words.items()
        }


@pytest.mark.parametrize("lang", ["ar", "zh"])
def test_progress_on_the_contents_page_and_the_progress_page(
    page: Page, seeded: Seeded, lang: str
) -> None:
    sign_in(page, seeded.base, READERS[lang])
    page.goto(f"{seeded.base}/instruments/{SLUG}?lang={lang}")
    summary = page.locator("#agreement-summary").inner_text()
    agreement = page.locator(f"td.agreement[data-article={ARTICLE}]")
    for status, n in [("bracketed", 3), ("ad_referendum", 1), ("agreed", 2)]:
        badge = agreement.locator(f".status-badge[data-status={status}]")
        expect(badge).to_have_count(1)
        count = badge.evaluate("(b) => b.nextSibling.textContent.trim()")
        assert count == format_decimal(n, locale=lang)
    expect(agreement).to_contain_text(plural(lang, "%(k)s open bracket", "%(k)s open brackets", 2))
    expect(agreement).to_contain_text(
        plural(lang, "%(k)s open alternative", "%(k)s open alternatives", 2)
    )
    # Brackets marked in Arabic and Chinese: only the other translations are out of step.
    differences = page.locator(f"tr:has(td.agreement[data-article={ARTICLE}]) details")
    expect(differences.first).to_be_visible()
    listed = " ".join(differences.locator("summary").all_inner_texts())
    assert language_name("fr", lang) in listed
    assert language_name("ar", lang) not in listed
    assert language_name("zh", lang) not in listed
    axe = serious_violations(page, f"contents [{lang}]")
    page.screenshot(path=str(SHOTS / f"rolling_contents_{lang}.png"), full_page=True)

    page.locator("#progress-link").click()
    expect(page).to_have_url(f"{seeded.base}/instruments/{SLUG}/progress")
    line = page.locator(f"#progress-{ARTICLE}")
    expect(line.locator("th a")).to_have_attribute("href", ROLLING)
    expected = {
        "provisions": 6,
        "open": 0,
        "bracketed": 3,
        "ad_referendum": 1,
        "agreed": 2,
        "deleted": 0,
        "brackets": 2,
        "requested": 0,
        "alternatives": 2,
    }
    for name, n in expected.items():
        expect(line.locator(f"td[data-count={name}]")).to_have_text(format_decimal(n, locale=lang))
    # Agreed ad referendum counts as settled: three of six paragraphs.
    expect(line.locator("td[data-count=settled]")).to_have_text(format_percent(0.5, locale=lang))
    # The instrument's line adds up the articles'.
    for name in expected:
        column = page.locator(f"#progress-articles tbody td[data-count={name}]")
        total = page.locator(f"#progress-all td[data-count={name}]").inner_text()
        assert sum(int(t) for t in column.all_inner_texts()) == int(total), name
    # The contents page's summary (and the progress page's) says the same in words: agreed
    # and agreed ad referendum are settled.
    totals = {
        name: int(page.locator(f"#progress-all td[data-count={name}]").inner_text())
        for name in ("provisions", "agreed", "ad_referendum", "brackets", "alternatives")
    }
    settled = totals["agreed"] + totals["ad_referendum"]
    for said in (
        plural(
            lang,
            "%(settled)s of %(n)s paragraph settled",
            "%(settled)s of %(n)s paragraphs settled",
            totals["provisions"],
            settled=settled,
            n=totals["provisions"],
        ),
        plural(lang, "%(k)s open bracket", "%(k)s open brackets", totals["brackets"]),
        plural(lang, "%(k)s open alternative", "%(k)s open alternatives", totals["alternatives"]),
    ):
        assert said in summary, (said, summary)
        expect(page.locator("#progress-total")).to_contain_text(said)
    axe += serious_violations(page, f"progress [{lang}]")
    page.screenshot(path=str(SHOTS / f"rolling_progress_{lang}.png"), full_page=True)
    assert axe == []


FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    '[tabindex]:not([tabindex="-1"])'
)


def focusable_count(page: Page) -> int:
    script = f"""() => [...document.querySelectorAll('{FOCUSABLE}')]
        .filter(e => !e.disabled && e.offsetParent !== null)
        // Controls inside a closed <details> are reached once its summary opens it.
        .filter(e => e.tagName === "SUMMARY" || !e.closest("details:not([open])")).length"""
    return int(page.evaluate(script))


def tab_until(page: Page, target: Locator, limit: int = 500) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(e) => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_the_secretariat_reaches_every_form_and_places_brackets_by_keyboard(
    page: Page, seeded: Seeded
) -> None:
    sign_in(page, seeded.base, "secretariat@draftroom.example")
    page.goto(f"{seeded.base}{ROLLING}?langs=en,ar,zh&lang=ar")
    expect(page.locator(f"#actions-{P1} details.action").first).to_be_visible()
    expected = focusable_count(page)
    seen: set[str] = set()
    for _ in range(expected + 10):
        page.keyboard.press("Tab")
        marker = page.evaluate(
            """() => { const e = document.activeElement;
                       if (!e || e === document.body) return '';
                       if (!e.dataset.kbd) e.dataset.kbd = String(Math.random());
                       return e.dataset.kbd; }"""
        )
        if marker:
            seen.add(marker)
    assert expected > 30
    assert len(seen) == expected
    # The forms opened are clean too (the status form, its delegations to confirm).
    for summary in page.locator(f"#actions-{P2C} details.action > summary").all():
        summary.click()
    assert serious_violations(page, "secretariat's forms [ar]") == []

    # Brackets put on article 8 with the keyboard alone.
    key = "art_8__para_1__point_c"
    page.goto(f"{seeded.base}/instruments/{SLUG}/articles/art_8/rolling?langs=en,ar&lang=ar")
    form = f"request-{key}"
    summary = page.locator(f"#actions-{key} details.action", has=page.locator(f"#{form}-quote"))
    tab_until(page, summary.locator("summary"))
    page.keyboard.press("Enter")
    tab_until(page, page.locator(f"#{form}-quote"), limit=3)
    page.keyboard.type("searches and seizures")
    tab_until(page, page.locator(f"#{form}-reason"), limit=3)
    page.keyboard.type("Seizures differ from one legal system to another.")
    tab_until(page, summary.locator("button[type=submit]"), limit=3)
    page.keyboard.press("Enter")
    words = cell(page, key, "en").locator(".provision-text .bracketed")
    expect(words).to_have_text("searches and seizures")
    expect(page.locator("#footnotes-en")).to_contain_text(
        catalogue("ar", "Bracketed by the secretariat.")
    )
    # Not yet marked in Arabic: the Arabic cell says so, and offers to mark them.
    expect(cell(page, key, "ar").locator(".bracket-unplaced")).to_contain_text(
        catalogue("ar", "Bracketed in the source text; not yet marked in this language.")
    )
    page.screenshot(path=str(SHOTS / "rolling_keyboard_ar.png"), full_page=True)


def test_a_bracket_placed_over_the_api_appears_on_a_delegates_open_page(
    page: Page, seeded: Seeded
) -> None:
    key = "art_8__para_2__point_e"
    sign_in(page, seeded.base, READERS["zh"])
    opened = f"{seeded.base}/instruments/{SLUG}/articles/art_8/rolling?langs=en,zh&lang=zh"
    page.goto(opened)
    expect(page.locator("#live")).to_have_text(
        catalogue("zh", "Live: changes by others appear here as they happen.")
    )
    expect(cell(page, key, "zh").locator(".bracket")).to_have_count(0)
    page.evaluate("() => { window.__notReloaded = true; }")

    with httpx.Client(
        base_url=seeded.base,
        headers={"Authorization": f"Bearer {seeded.tokens['secretariat']}"},
        timeout=20,
    ) as chair:
        api = f"/api/v1/instruments/{SLUG}/articles/art_8"
        made = ok(
            chair.post(
                f"{api}/provisions/{key}/brackets",
                json={
                    "language": "en",
                    "quote": "recovery and return of assets",
                    "reason": "Asset recovery is for article 30 bis.",
                },
            ),
            201,
        )
        assert made["status"] == "placed"
        etag = chair.get(f"{api}/brackets/{made['id']}").headers["etag"]
        ok(
            chair.put(
                f"{api}/brackets/{made['id']}/spans/zh",
                json={"quote": "追回和返还资产"},
                headers={"If-Match": etag},
            )
        )

    expect(cell(page, key, "en").locator(".provision-text .bracketed")).to_have_text(
        "recovery and return of assets"
    )
    expect(cell(page, key, "zh").locator(".provision-text .bracketed")).to_have_text(
        "追回和返还资产"
    )
    mark = cell(page, key, "zh").locator(".bracket-close + sup.footnote-ref a")
    note = page.locator(f"#footnotes-zh li{mark.get_attribute('href')}")
    expect(note).to_contain_text(catalogue("zh", "Bracketed by the secretariat."))
    expect(page.locator("#live")).to_have_text(catalogue("zh", "Updated with the latest changes."))
    assert page.evaluate("() => window.__notReloaded") is True
    assert page.url == opened
    page.screenshot(path=str(SHOTS / "rolling_live_zh.png"), full_page=True)
