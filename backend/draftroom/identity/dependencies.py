"""Who is asking: a session cookie (browsers) or a bearer API token (scripts).

Cookie-authenticated unsafe requests must carry the session's CSRF token and, when the
browser sends an Origin, come from an allowed origin.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import update
from starlette.requests import HTTPConnection

from draftroom.config import Settings
from draftroom.identity.principal import Principal
from draftroom.identity.sessions import COOKIE, SESSION_QUERY, TOKEN_QUERY, digest
from draftroom.kit.deps import PRINCIPAL_KEY, SAFE_METHODS, get_database, get_settings
from draftroom.kit.errors import Forbidden, Unauthenticated
from draftroom.kit.i18n import _l, activate, activate_time_zone, match_language
from draftroom.kit.locale import LOCALE_KEY
from draftroom.models import Role, User, UserSession
from draftroom.models.base import utcnow

bearer = HTTPBearer(auto_error=False, description="An API token (`draftroom tokens create`)")
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
# Set with the sign-in page, before there is a session; only /sign-in ever reads it.
SIGN_IN_COOKIE = "draftroom_sign_in"
TOUCH_EVERY = timedelta(minutes=1)


class CsrfFailed(Forbidden):
    message = _l(
        "This form has expired or did not come from Draftroom. Reload the page and try again."
    )


class ForeignOrigin(Forbidden):
    message = _l("Requests from another site are not accepted.")


def as_utc(value: Any) -> datetime:
    """Raw SQLite rows give ISO strings; PostgreSQL and the ORM give datetimes."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _from_session(
    request: HTTPConnection, token: str, settings: Settings
) -> Principal | None:
    db = get_database(request)
    row = await db.first(SESSION_QUERY, {"digest": digest(token)})
    if row is None:
        return None
    (user_id, name, email, role, delegation_id, locale, zone) = row[:7]
    session_id, csrf, last_seen, expires = row[7:]
    now = utcnow()
    last_seen = as_utc(last_seen)
    idle = timedelta(minutes=settings.session_idle_minutes)
    if now >= as_utc(expires) or now - last_seen >= idle:
        return None
    if now - last_seen >= TOUCH_EVERY:
        async with db.write_sessions() as session, session.begin():
            await session.execute(
                update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
            )
    return Principal(
        user_id,
        name,
        email,
        Role(role),
        delegation_id,
        locale,
        "session",
        session_id,
        csrf,
        expires_at=min(as_utc(expires), last_seen + idle),
        time_zone=zone,
    )


async def _sent_token(request: Request) -> str | None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    return sent


async def _check_csrf(request: Request, principal: Principal, settings: Settings) -> None:
    if foreign_origin(request, settings):
        raise ForeignOrigin()
    sent = await _sent_token(request)
    if not sent or sent != principal.csrf_token:
        raise CsrfFailed()


def sign_in_form_token(settings: Settings, nonce: str) -> str:
    """The sign-in form's CSRF token: bound to the browser's pre-session cookie by our key."""
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"sign-in form:" + nonce.encode(), hashlib.sha256).hexdigest()


async def check_sign_in_form(request: Request, settings: Settings) -> None:
    """Login CSRF: a sign-in comes from our own page in this browser, like every other form.

    There is no session yet, so the token is tied to a pre-session cookie set with the page;
    a browser already signed in may send its session's token instead.
    """
    if foreign_origin(request, settings):
        raise ForeignOrigin()
    sent = await _sent_token(request)
    if sent:
        nonce = request.cookies.get(SIGN_IN_COOKIE)
        if nonce and hmac.compare_digest(sent, sign_in_form_token(settings, nonce)):
            return
        cookie = request.cookies.get(COOKIE)
        principal = await _from_session(request, cookie, settings) if cookie else None
        if principal and principal.csrf_token and hmac.compare_digest(sent, principal.csrf_token):
            return
    raise CsrfFailed()


async def _apply_language_preference(
    request: Request, principal: Principal, settings: Settings
) -> None:
    """?lang= changes a signed-in user's preference; otherwise the preference applies."""
    chosen = match_language(request.query_params.get("lang"), settings.languages)
    if chosen is not None:
        if principal.time_zone:
            activate_time_zone(principal.time_zone)
        if chosen != principal.locale:
            async with get_database(request).write_sessions() as session, session.begin():
                await session.execute(
                    update(User).where(User.id == principal.id).values(locale=chosen)
                )
        return
    _use_preference(request, principal, settings)


def _use_preference(connection: HTTPConnection, principal: Principal, settings: Settings) -> None:
    if principal.time_zone:
        activate_time_zone(principal.time_zone)
    preferred = match_language(principal.locale, settings.languages)
    if preferred:
        activate(preferred, settings.locales_dir)
        connection.scope[LOCALE_KEY] = preferred


async def _from_token(connection: HTTPConnection, secret: str) -> Principal | None:
    row = await get_database(connection).first(TOKEN_QUERY, {"digest": digest(secret)})
    if row is None:
        return None
    user_id, name, email, role, delegation_id, locale, zone, token_id = row
    return Principal(
        user_id,
        name,
        email,
        Role(role),
        delegation_id,
        locale,
        "token",
        token_id=token_id,
        time_zone=zone,
    )


async def connection_principal(connection: HTTPConnection, settings: Settings) -> Principal | None:
    """Who opens a websocket: a bearer token (scripts) or the session cookie (browsers).

    Nothing is written over a live connection, so no CSRF token; the caller checks Origin.
    The user's interface language applies to what the connection is told.
    """
    principal: Principal | None = None
    scheme, _, credentials = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials:
        principal = await _from_token(connection, credentials)
    elif (cookie := connection.cookies.get(COOKIE)) is not None:
        principal = await _from_session(connection, cookie, settings)
    if principal is not None and connection.query_params.get("lang") is None:
        _use_preference(connection, principal, settings)
    return principal


def foreign_origin(connection: HTTPConnection, settings: Settings) -> bool:
    """The browser says (Origin, else Referer) the page that sent this is on a site not allowed."""
    origin = connection.headers.get("origin")
    if not origin and (referer := connection.headers.get("referer")):
        # No Origin (older browsers, some same-origin POSTs): the page's address says it.
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
    scheme = {"ws": "http", "wss": "https"}.get(connection.url.scheme, connection.url.scheme)
    own = f"{scheme}://{connection.url.netloc}"
    return bool(origin) and origin != own and origin not in settings.allowed_origins


async def optional_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal | None:
    """The signed-in user, or None. Also applies their interface language preference."""
    if PRINCIPAL_KEY in request.scope:
        found: Principal | None = request.scope[PRINCIPAL_KEY]
        return found
    settings = await get_settings(request)
    principal: Principal | None = None
    if credentials is not None:
        principal = await _from_token(request, credentials.credentials)
        if principal is None:
            raise Unauthenticated()
    elif (cookie := request.cookies.get(COOKIE)) is not None:
        principal = await _from_session(request, cookie, settings)
        if principal is not None and request.method not in SAFE_METHODS:
            await _check_csrf(request, principal, settings)
    if principal is not None:
        await _apply_language_preference(request, principal, settings)
    request.scope[PRINCIPAL_KEY] = principal
    return principal


async def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise Unauthenticated()
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
