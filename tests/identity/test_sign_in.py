"""Local accounts: sign-in, server-side sessions, timeouts, throttle, CSRF, sign-out."""

from __future__ import annotations

from datetime import timedelta

from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.models import ApiToken, SignInFailure, UserSession
from draftroom.models.base import utcnow
from tests.fixtures.clients import (
    OBSERVER,
    PASSWORD,
    csrf_token,
    form_token,
    sign_in,
    sign_in_token,
    signed_in,
)


async def test_sign_in_sets_a_safe_session_cookie_and_redirects(anonymous: AsyncClient) -> None:
    response = await anonymous.post(
        "/sign-in",
        data={
            "email": "Observer@Draftroom.example ",
            "password": PASSWORD,
            "next": "/instruments/model-law",
            "csrf_token": await sign_in_token(anonymous),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/instruments/model-law"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("draftroom_session=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie
    me = await anonymous.get("/api/v1/me")
    assert me.json()["email"] == OBSERVER
    assert me.json()["role"] == "observer"


async def test_behind_https_the_cookie_is_secure(asgi_app: object) -> None:
    from httpx import ASGITransport

    transport = ASGITransport(app=asgi_app)  # type: ignore[arg-type]
    async with AsyncClient(transport=transport, base_url="https://testserver") as client:
        _status, cookie = await sign_in(client)
    assert "secure" in cookie.lower()


async def test_every_sign_in_gets_a_new_session_id(anonymous: AsyncClient) -> None:
    _s, first = await sign_in(anonymous)
    _s, second = await sign_in(anonymous)
    assert first.split(";")[0] != second.split(";")[0]


async def test_wrong_password_or_unknown_account_get_the_same_answer(
    anonymous: AsyncClient,
) -> None:
    token = await sign_in_token(anonymous)
    wrong = await anonymous.post(
        "/sign-in", data={"email": OBSERVER, "password": "nope", "csrf_token": token}
    )
    unknown = await anonymous.post(
        "/sign-in", data={"email": "x@example.org", "password": "nope", "csrf_token": token}
    )
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "The e-mail address or the password is wrong." in response.text
        assert (
            "set-cookie" not in response.headers
            or "draftroom_session" not in response.headers["set-cookie"]
        )


async def test_repeated_failures_are_throttled(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    for _ in range(5):
        status, _cookie = await sign_in(anonymous, password="wrong-password")
        assert status == 401
    token = await sign_in_token(anonymous)
    page = await anonymous.post(
        "/sign-in", data={"email": OBSERVER, "password": PASSWORD, "csrf_token": token}
    )
    assert page.status_code == 429
    assert "draftroom_session" not in page.headers.get("set-cookie", "")
    assert "Too many failed sign-ins. Try again in 1 minute." in page.text
    assert 55 <= int(page.headers["retry-after"]) <= 60
    # The refused attempt was not counted, nor its password tried.
    failures = await session.scalar(select(func.count()).select_from(SignInFailure))
    assert failures == 5


async def test_an_open_redirect_is_not_followed(anonymous: AsyncClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = await anonymous.post(
            "/sign-in",
            data={
                "email": OBSERVER,
                "password": PASSWORD,
                "next": target,
                "csrf_token": await sign_in_token(anonymous),
            },
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/"


async def test_sign_out_ends_the_session_on_the_server(anonymous: AsyncClient) -> None:
    _status, cookie = await sign_in(anonymous)
    session_cookie = cookie.split(";")[0]
    token = await csrf_token(anonymous)
    response = await anonymous.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"
    # Replaying the old cookie no longer works.
    replay = await anonymous.get("/api/v1/me", headers={"Cookie": session_cookie})
    assert replay.status_code == 401


async def test_idle_and_absolute_timeouts_end_a_session(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    await sign_in(anonymous)
    assert (await anonymous.get("/api/v1/me")).status_code == 200
    await session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    await session.flush()
    assert (await anonymous.get("/api/v1/me")).status_code == 401
    anonymous.cookies.clear()
    await sign_in(anonymous)
    await session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    await session.flush()
    assert (await anonymous.get("/api/v1/me")).status_code == 401


async def test_unsafe_requests_by_cookie_need_the_csrf_token(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    await sign_in(anonymous)
    before = await session.scalar(select(func.count()).select_from(ApiToken))
    missing = await anonymous.post("/account/tokens", data={"name": "script"})
    assert missing.status_code == 403
    assert missing.json()["error"] == "CsrfFailed"
    forged = await anonymous.post("/account/tokens", data={"name": "script", "csrf_token": "x"})
    assert forged.status_code == 403
    assert await session.scalar(select(func.count()).select_from(ApiToken)) == before
    token = await csrf_token(anonymous)
    made = await anonymous.post("/account/tokens", data={"name": "script", "csrf_token": token})
    assert made.status_code == 201
    assert "drt_" in made.text


async def test_a_foreign_origin_is_refused(anonymous: AsyncClient) -> None:
    token = await signed_in(anonymous)
    response = await anonymous.post(
        "/account/tokens",
        data={"name": "script", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.json()["error"] == "ForeignOrigin"


async def test_api_tokens_are_listed_used_and_revoked(anonymous: AsyncClient) -> None:
    token = await signed_in(anonymous)
    made = await anonymous.post(
        "/api/v1/tokens", json={"name": "nightly export"}, headers={"X-CSRF-Token": token}
    )
    assert made.status_code == 201
    secret, token_id = made.json()["token"], made.json()["id"]
    listed = await anonymous.get("/api/v1/tokens")
    assert [t["name"] for t in listed.json()].count("nightly export") == 1
    assert "token" not in listed.json()[0]
    anonymous.cookies.clear()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert (await anonymous.get("/api/v1/me", headers=bearer)).status_code == 200
    revoked = await anonymous.delete(f"/api/v1/tokens/{token_id}", headers=bearer)
    assert revoked.status_code == 204
    assert (await anonymous.get("/api/v1/me", headers=bearer)).status_code == 401


async def test_another_users_token_cannot_be_revoked(
    client: AsyncClient, anonymous: AsyncClient
) -> None:
    token = await signed_in(anonymous, "delegate.eg@draftroom.example")
    theirs = await anonymous.post(
        "/api/v1/tokens", json={"name": "mine"}, headers={"X-CSRF-Token": token}
    )
    response = await client.delete(f"/api/v1/tokens/{theirs.json()['id']}")
    assert response.status_code == 404


async def test_security_headers_on_every_response(anonymous: AsyncClient) -> None:
    for path in ("/sign-in", "/api/v1/instruments", "/healthz", "/docs"):
        headers = (await anonymous.get(path)).headers
        csp = headers["content-security-policy"]
        script_src = next(part for part in csp.split(";") if "script-src" in part)
        assert "unsafe-inline" not in script_src
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


async def test_authenticated_pages_are_not_stored(anonymous: AsyncClient) -> None:
    await sign_in(anonymous)
    page = await anonymous.get("/instruments/model-law")
    assert page.headers["cache-control"] == "no-store"


async def test_language_preference_follows_the_user(anonymous: AsyncClient) -> None:
    await sign_in(anonymous)
    chosen = await anonymous.get("/account", params={"lang": "zh"})
    assert chosen.headers["content-language"] == "zh"
    anonymous.cookies.delete("draftroom_lang")
    later = await anonymous.get("/account", headers={"Accept-Language": "fr"})
    assert later.headers["content-language"] == "zh"
    assert '<html lang="zh" dir="ltr">' in later.text


async def test_a_sign_in_posted_from_another_site_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    # Login CSRF: a page elsewhere must not sign this browser in as someone else.
    token = await sign_in_token(anonymous)
    credentials = {"email": OBSERVER, "password": PASSWORD, "csrf_token": token}
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/trap.html"},
    ):
        response = await anonymous.post(
            "/sign-in", data=credentials, headers={**headers, "Accept": "text/html"}
        )
        assert response.status_code == 403
        assert "Requests from another site are not accepted." in response.text
        assert "draftroom_session" not in response.headers.get("set-cookie", "")
    assert (await anonymous.get("/api/v1/me")).status_code == 401
    # A forged form never reaches the throttle either.
    assert await session.scalar(select(func.count()).select_from(SignInFailure)) == 0


async def test_a_sign_in_without_the_forms_token_is_refused(
    anonymous: AsyncClient, asgi_app: object
) -> None:
    from httpx import ASGITransport

    credentials = {"email": OBSERVER, "password": PASSWORD}
    missing = await anonymous.post("/sign-in", data=credentials)
    forged = await anonymous.post("/sign-in", data={**credentials, "csrf_token": "x" * 64})
    # A token from another browser's sign-in page is bound to that browser's cookie.
    transport = ASGITransport(app=asgi_app)  # type: ignore[arg-type]
    async with AsyncClient(transport=transport, base_url="http://testserver") as attacker:
        theirs = await sign_in_token(attacker)
    stolen = await anonymous.post("/sign-in", data={**credentials, "csrf_token": theirs})
    for response in (missing, forged, stolen):
        assert response.status_code == 403
        assert "This form has expired or did not come from Draftroom." in response.text
        assert "draftroom_session" not in response.headers.get("set-cookie", "")
    assert (await anonymous.get("/api/v1/me")).status_code == 401


async def test_the_sign_in_page_issues_its_token_before_there_is_a_session(
    anonymous: AsyncClient,
) -> None:
    page = await anonymous.get("/sign-in", headers={"Origin": "http://testserver"})
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith("draftroom_sign_in=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/sign-in" in cookie
    # After a failure the page offers the same browser a form that still works.
    failed = await anonymous.post(
        "/sign-in",
        data={"email": OBSERVER, "password": "nope", "csrf_token": form_token(page.text)},
        headers={"Origin": "http://testserver"},
    )
    assert failed.status_code == 401
    signed_in = await anonymous.post(
        "/sign-in",
        data={"email": OBSERVER, "password": PASSWORD, "csrf_token": form_token(failed.text)},
        headers={"Origin": "http://testserver"},
    )
    assert signed_in.status_code == 303
    assert (await anonymous.get("/api/v1/me")).json()["email"] == OBSERVER
