"""An account's own settings: the time zone its times are shown in (else the browser's, else
UTC, always named), its password (changed by its owner, reset by an administrator)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from httpx import ASGITransport, AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp

from draftroom.config import Settings
from draftroom.identity.service import create_token
from draftroom.kit.i18n import catalogues
from draftroom.models import ApiToken, JournalEntry, User
from tests.fixtures.clients import FRANCE, PASSWORD, csrf_token, sign_in, signed_in

STATIC = Path(__file__).resolve().parents[2] / "frontend" / "static"


def _in(lang: str, settings: Settings, message: str) -> str:
    """The catalogue's words for ``message`` in ``lang`` (English until it is translated)."""
    return catalogues(settings.locales_dir)[lang].gettext(message)


async def _token_time(session: AsyncSession, email: str, zone: str, locale: str = "en") -> str:
    """How the newest token of the account reads in ``zone``: what the page must show."""
    user = await session.scalar(select(User).where(User.email == email))
    assert user is not None
    token = await session.scalar(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    )
    assert token is not None
    when = format_datetime(token.created_at, format="medium", tzinfo=ZoneInfo(zone), locale=locale)
    return f"{when} ({zone})"


async def test_times_are_shown_in_the_accounts_zone_and_say_so(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    csrf = await signed_in(anonymous, FRANCE)
    await anonymous.post("/account/tokens", data={"csrf_token": csrf, "name": "clock"})
    page = (await anonymous.get("/account?lang=en")).text
    assert "Times are shown in: UTC." in page
    assert await _token_time(session, FRANCE, "UTC") in page
    saved = await anonymous.post(
        "/account/time-zone", data={"csrf_token": csrf, "time_zone": "Asia/Tokyo"}
    )
    assert saved.status_code == 303
    # The account's setting wins over what the browser says.
    anonymous.cookies.set("draftroom_tz", "America/Lima")
    page = (await anonymous.get("/account")).text
    assert "Times are shown in: Asia/Tokyo." in page
    assert await _token_time(session, FRANCE, "Asia/Tokyo") in page
    assert '<option value="Asia/Tokyo" selected>' in page
    me = (await anonymous.get("/api/v1/me")).json()
    assert me["time_zone"] == "Asia/Tokyo"


async def test_without_a_setting_the_browsers_zone_is_used(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    csrf = await signed_in(anonymous, FRANCE)
    await anonymous.post("/account/tokens", data={"csrf_token": csrf, "name": "clock"})
    anonymous.cookies.set("draftroom_tz", "Europe/Paris")
    page = (await anonymous.get("/account?lang=fr")).text
    assert await _token_time(session, FRANCE, "Europe/Paris", "fr") in page
    # A cookie naming no real zone is ignored: UTC, said so.
    anonymous.cookies.set("draftroom_tz", "Mars/Olympus")
    page = (await anonymous.get("/account?lang=en")).text
    assert await _token_time(session, FRANCE, "UTC") in page


async def test_an_unknown_zone_is_refused(anonymous: AsyncClient) -> None:
    await sign_in(anonymous, email=FRANCE)
    refused = await anonymous.put(
        "/api/v1/me/time-zone",
        json={"time_zone": "Mars/Olympus"},
        headers={"X-CSRF-Token": await csrf_token(anonymous), "Accept-Language": "fr"},
    )
    assert refused.status_code == 422
    assert "Mars/Olympus" in refused.json()["detail"]


async def test_a_password_change_needs_the_current_one_and_ends_the_other_sessions(
    asgi_app: ASGIApp, anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    other = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
    await sign_in(other, email=FRANCE)
    assert (await other.get("/account")).status_code == 200
    csrf = await signed_in(anonymous, FRANCE)
    fields = {"csrf_token": csrf, "new_password": "a-new-long-pass", "new_password_again": ""}
    wrong = await anonymous.post(
        "/account/password?lang=fr",
        data={**fields, "current_password": "not-it", "new_password_again": "a-new-long-pass"},
    )
    assert wrong.status_code == 422
    assert _in("fr", settings, "The current password is wrong.") in wrong.text
    assert 'id="password-current_password-error"' in wrong.text
    assert "not-it" not in wrong.text  # passwords are never sent back
    differ = await anonymous.post(
        "/account/password?lang=en",
        data={**fields, "current_password": PASSWORD, "new_password_again": "something-else"},
    )
    assert differ.status_code == 422
    assert "The two new passwords differ." in differ.text
    short = await anonymous.post(
        "/account/password",
        data={**fields, "current_password": PASSWORD, "new_password": "short"},
    )
    assert "A password needs at least 12 characters." in short.text
    changed = await anonymous.post(
        "/account/password",
        data={**fields, "current_password": PASSWORD, "new_password_again": "a-new-long-pass"},
    )
    assert changed.status_code == 200
    assert "Your password was changed. 1 other browser was signed out." in changed.text
    # This browser stays signed in; the other one is signed out.
    assert (await anonymous.get("/account")).status_code == 200
    assert (await other.get("/api/v1/me")).status_code == 401
    await other.aclose()
    fresh = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
    assert (await sign_in(fresh, email=FRANCE))[0] != 303
    assert (await sign_in(fresh, email=FRANCE, password="a-new-long-pass"))[0] == 303
    await fresh.aclose()
    kinds = await session.scalars(
        select(JournalEntry.kind).where(JournalEntry.kind == "user.password_changed")
    )
    assert kinds.all() == ["user.password_changed"]


async def test_the_api_refuses_a_wrong_current_password_in_the_readers_language(
    client: AsyncClient, settings: Settings
) -> None:
    refused = await client.post(
        "/api/v1/me/password",
        json={
            "current_password": "not-it",
            "new_password": "a-new-long-pass",
            "new_password_again": "a-new-long-pass",
        },
        headers={"Accept-Language": "es"},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == _in("es", settings, "The current password is wrong.")
    assert refused.headers["content-language"] == "es"


async def test_an_admin_resets_a_password_shown_once(
    asgi_app: ASGIApp, anonymous: AsyncClient, session: AsyncSession
) -> None:
    victim = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
    await sign_in(victim, email=FRANCE)
    csrf = await signed_in(anonymous, "admin@draftroom.example")
    user = await session.scalar(select(User).where(User.email == FRANCE))
    assert user is not None
    admin_page = (await anonymous.get("/admin")).text
    assert f'action="/admin/users/{user.id}/password"' in admin_page
    reset = await anonymous.post(f"/admin/users/{user.id}/password", data={"csrf_token": csrf})
    assert reset.status_code == 200
    temporary = reset.text.split('id="temporary-password">')[1].split("<")[0]
    assert len(temporary) >= 12
    assert "it will not be shown again" in reset.text
    # The old password and the old sessions are gone; the temporary one signs in.
    assert (await victim.get("/api/v1/me")).status_code == 401
    assert (await sign_in(victim, email=FRANCE))[0] != 303
    assert (await sign_in(victim, email=FRANCE, password=temporary))[0] == 303
    await victim.aclose()
    assert temporary not in (await anonymous.get("/admin")).text
    kinds = await session.scalars(
        select(JournalEntry.kind).where(JournalEntry.kind == "user.password_reset")
    )
    assert kinds.all() == ["user.password_reset"]


async def test_the_api_reset_answers_a_temporary_password_that_signs_in(
    asgi_app: ASGIApp, anonymous: AsyncClient, session: AsyncSession
) -> None:
    admin = await session.scalar(select(User).where(User.email == "admin@draftroom.example"))
    user = await session.scalar(select(User).where(User.email == FRANCE))
    assert admin is not None
    assert user is not None
    _row, secret = await create_token(session, admin, "reset")
    await session.flush()
    reset = await anonymous.post(
        f"/api/v1/users/{user.id}/password-reset", headers={"Authorization": f"Bearer {secret}"}
    )
    assert reset.status_code == 201
    temporary = reset.json()["temporary_password"]
    assert (await sign_in(anonymous, email=FRANCE, password=temporary))[0] == 303


async def test_the_favicon_is_served_and_linked(anonymous: AsyncClient) -> None:
    icon = await anonymous.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")
    assert (await anonymous.get("/static/favicon.svg")).status_code == 200
    page = (await anonymous.get("/sign-in")).text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_the_stylesheet_prints_the_text_without_the_page_around_it() -> None:
    css = (STATIC / "draftroom.css").read_text()
    assert "@media print" in css
    printed = css.split("@media print", 1)[1]
    for hidden in ("header.site", "nav", "form", ".live-status", "button"):
        assert hidden in printed.split("display: none")[0], hidden
