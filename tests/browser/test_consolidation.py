"""The secretariat consolidates three proposals to one article, one of them colliding,
resolves the collision, publishes a milestone; the diff from 2007 shows the provenance."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect

from tests.fixtures.browser import SHOTS, sign_in


def api(
    base: str,
    path: str,
    token: str,
    body: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[dict[str, object], str]:
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + path,
        method="POST" if body is not None else "GET",
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read()), response.headers.get("ETag", "")


def token_for(page: Page, base: str, email: str) -> str:
    """Sign in in the browser and make an API token on the account page."""
    sign_in(page, base, email)
    page.goto(f"{base}/account")
    page.fill("#token-name", "browser test")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("p.notice code").inner_text()
    page.locator("header form[action='/sign-out'] button").click()
    return token


def test_consolidate_with_a_collision_publish_and_see_the_provenance(
    page: Page, live_server: str
) -> None:
    tokens = {
        who: token_for(page, live_server, f"{who}@draftroom.example")
        for who in ("secretariat", "delegate.fr", "delegate.eg", "delegate.mx")
    }
    secretariat = tokens["secretariat"]
    api(
        live_server,
        "/api/v1/instruments/model-law/rounds",
        secretariat,
        {"name": "Consolidation round", "deadline": "2041-01-01T12:00:00", "timezone": "UTC"},
    )
    article = "/api/v1/instruments/model-law/articles/art_6"
    base, _etag = api(live_server, article, secretariat)
    provisions = base["provisions"]
    assert isinstance(provisions, list)
    first, second = provisions[0]["text"], provisions[1]["text"]
    changes = {
        "delegate.fr": {0: first.replace("shall", "must", 1)},
        "delegate.eg": {1: second + " It shall act promptly."},
        "delegate.mx": {0: first.replace("shall", "is to", 1)},
    }
    for delegate, change in changes.items():
        proposed = [dict(p) for p in provisions]
        for index, text in change.items():
            proposed[index]["text"] = text
        made, etag = api(
            live_server,
            "/api/v1/instruments/model-law/amendments",
            tokens[delegate],
            {"article": "art_6", "provisions": proposed, "justification": "Clarity."},
        )
        url = f"/api/v1/amendments/{made['id']}/transitions"
        _body, etag = api(
            live_server, url, tokens[delegate], {"action": "table"}, {"If-Match": etag}
        )
        _body, etag = api(live_server, url, secretariat, {"action": "review"}, {"If-Match": etag})
        api(live_server, url, secretariat, {"action": "accept"}, {"If-Match": etag})

    sign_in(page, live_server, "secretariat@draftroom.example")
    page.goto(f"{live_server}/instruments/model-law/articles/art_6")
    page.get_by_role("link", name="Consolidate accepted amendments").click()
    page.get_by_role("button", name="Preview the consolidated text").click()
    expect(page.locator("section.collision")).to_have_count(1)
    expect(page.locator("section.collision")).to_contain_text("France")
    expect(page.locator("section.collision")).to_contain_text("Mexico")
    page.locator("section.collision textarea").fill(
        first.replace("shall", "must without exception", 1)
    )
    page.get_by_role("button", name="Preview the consolidated text").click()
    expect(page.locator("main")).to_contain_text("compromise text")
    page.get_by_role("button", name="Consolidate into a new version").click()
    expect(page.locator("main")).to_contain_text("must without exception")
    expect(page.locator(".history")).to_contain_text("Based on proposals")

    page.goto(f"{live_server}/instruments/model-law")
    page.locator("details.publish summary").click()
    page.fill("#m-name", "Draft after EGM 2")
    page.get_by_role("button", name="Publish the current text of every article").click()
    # The consolidation left the other languages behind: listed, then published on confirming.
    expect(page.get_by_role("alert")).to_contain_text("outdated")
    page.get_by_role("button", name="Publish the milestone all the same").click()
    expect(page.locator("p.hashes")).to_contain_text("en")

    page.goto(
        f"{live_server}/instruments/model-law/articles/art_6/compare"
        "?after=milestone:Draft after EGM 2"
    )
    provenance = page.locator("small.provenance")
    expect(provenance.first).to_contain_text("France")
    expect(page.locator("main")).to_contain_text("Egypt")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "consolidation-provenance.png"), full_page=True)
