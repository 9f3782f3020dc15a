"""An XSS corpus: payloads in every user-writable field, every page and HTML export that
shows them opened in Chromium; no script runs (a window flag the payloads would set stays
unset, no dialog opens) and no payload becomes an element.

Keep it growing: a new user-writable field gets a line in ``plant`` and its pages in
``PAGES``.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Dialog

from tests.fixtures.browser import BIN
from tests.fixtures.clients import PASSWORD
from tests.fixtures.servers import free_port, serving

# Each sets window.__xss or opens a dialog if it ever runs; each leaves a marker element
# (img#xss-*, svg#xss-*, a#xss-*) if it is ever parsed as markup.
PAYLOADS = [
    '<script id="xss-s">window.__xss=1</script>',
    '<img id="xss-i" src=x onerror="window.__xss=1">',
    '"><svg id="xss-v" onload="window.__xss=1"></svg>',
    '\'><a id="xss-a" href="javascript:window.__xss=1">x</a>',
    '</textarea></title><img id="xss-t" src=x onerror=alert(1)>',
    '{{ 7*7 }}${7*7}<iframe id="xss-f" srcdoc="<script>parent.__xss=1</script>">',
]
PAYLOAD = "".join(PAYLOADS)
MARKERS = "#xss-s, #xss-i, #xss-v, #xss-a, #xss-t, #xss-f"
ARTICLE = "/api/v1/instruments/model-law/articles/art_1"


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "draftroom"), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def plant(base: str, env: dict[str, str]) -> dict[str, int]:
    """A payload in every user-writable field; returns the ids of what it made."""
    cli(env, "delegations", "create", "XSS", "--kind", "organisation", "--name", PAYLOAD)
    cli(
        env,
        "users",
        "create",
        "xss@draftroom.example",
        "--name",
        PAYLOAD,
        "--role",
        "participant",
        "--delegation",
        "FR",
    )
    secretariat = cli(env, "tokens", "create", "secretariat@draftroom.example", "--name", PAYLOAD)
    delegate = cli(env, "tokens", "create", "delegate.fr@draftroom.example", "--name", PAYLOAD)
    made: dict[str, int] = {}
    with (
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {secretariat}"}) as sec,
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {delegate}"}) as fr,
    ):
        latest = sec.get(ARTICLE, params={"language": "en"})
        assert latest.status_code == 200, latest.text
        article = latest.json()
        published = sec.post(
            f"{ARTICLE}/versions",
            json={
                "language": "en",
                "heading": PAYLOAD[:900],
                "provisions": [
                    {"id": p["id"], "number": p["number"], "text": p["text"] + PAYLOAD}
                    for p in article["provisions"]
                ],
                "label": PAYLOAD[:200],
            },
            headers={"If-Match": latest.headers["etag"]},
        )
        assert published.status_code == 201, published.text
        milestone = sec.post(
            "/api/v1/instruments/model-law/milestones",
            json={"name": PAYLOAD[:200], "note": PAYLOAD},
        )
        assert milestone.status_code == 201, milestone.text
        deadline = (datetime.now(UTC) + timedelta(days=30)).isoformat()
        round_ = sec.post(
            "/api/v1/instruments/model-law/rounds",
            json={"name": PAYLOAD[:200], "deadline": deadline},
        )
        assert round_.status_code == 201, round_.text
        comment = fr.post(f"{ARTICLE}/comments", json={"body": PAYLOAD})
        assert comment.status_code == 201, comment.text
        current = fr.get(ARTICLE, params={"language": "en"}).json()
        amendment = fr.post(
            "/api/v1/instruments/model-law/amendments",
            json={
                "article": "art_1",
                "language": "en",
                "heading": PAYLOAD[:900],
                "provisions": [
                    {"id": p["id"], "number": p["number"], "text": p["text"] + " " + PAYLOAD}
                    for p in current["provisions"]
                ],
                "justification": PAYLOAD,
                "note_to_secretariat": PAYLOAD,
            },
        )
        assert amendment.status_code == 201, amendment.text
        made["amendment"] = amendment.json()["id"]
    return made


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    """A server of its own (the payloads would show on the other suites' pages)."""
    folder = tmp_path_factory.mktemp("xss")
    port = free_port()
    env = {
        **os.environ,
        "DRAFTROOM_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'xss.db'}",
        "DRAFTROOM_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
    }
    cli(env, "db", "upgrade")
    cli(env, "demo", "load")
    with serving(env, port, folder / "server.log", stop_seconds=10):
        base = f"http://127.0.0.1:{port}"
        yield base, plant(base, env)


PAGES = {
    "delegate.fr@draftroom.example": [
        "/",
        "/instruments/model-law",
        "/instruments/model-law/articles/art_1",
        "/instruments/model-law/articles/art_1?text=en&text=fr",
        "/instruments/model-law/articles/art_1/compare",
        "/instruments/model-law/articles/art_1/synoptic",
        "/instruments/model-law/compare",
        "/instruments/model-law/synoptic",
        "/instruments/model-law/amendments",
        "/amendments/{amendment}",
        "/amendments/{amendment}/edit",
        "/instruments/model-law/rounds",
        "/account",
        "/api/v1/instruments/model-law/export.html?language=en",
        "/api/v1/instruments/model-law/compare.html?language=en",
        "/api/v1/instruments/model-law/articles/art_1/compare.html?language=en",
        "/api/v1/instruments/model-law/articles/art_1/synoptic.html",
    ],
    "secretariat@draftroom.example": [
        "/instruments/model-law",
        "/instruments/model-law/review",
        "/instruments/model-law/rounds",
        "/instruments/model-law/articles/art_1",
        "/account",
    ],
    "admin@draftroom.example": ["/admin", "/account"],
}


@pytest.mark.parametrize("who", list(PAGES))
def test_no_payload_runs_or_becomes_markup_on_any_page_or_export(
    browser: Browser, planted: tuple[str, dict[str, int]], who: str, tmp_path: Path
) -> None:
    base, made = planted
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    try:
        page.goto(f"{base}/sign-in")
        page.fill("#email", who)
        page.fill("#password", PASSWORD)
        page.click("form.stack button[type=submit]")
        page.wait_for_url(f"{base}/**")
        for path in PAGES[who]:
            url = base + path.format(**made)
            if path.startswith("/api/"):
                # An export is a file opened on its own, where no CSP of ours applies:
                # its content is loaded as is, so only its own escaping protects it.
                download = context.request.get(url)
                assert download.status == 200, url
                page.set_content(download.text())
            else:
                response = page.goto(url)
                assert response is not None, url
                assert response.status == 200, url
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__xss === undefined"), url
            assert page.locator(MARKERS).count() == 0, url
            # The payload is shown as text where the page shows the field.
            if path.startswith("/api/") or "art_1" in path:
                assert "onerror" in (page.text_content("body") or ""), url
        assert not dialogs, dialogs
    finally:
        context.close()
