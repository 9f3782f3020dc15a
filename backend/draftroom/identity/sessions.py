"""Server-side sessions: an opaque cookie, a row per signed-in browser, timeouts, throttle."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import AnySelect
from draftroom.identity.principal import Principal
from draftroom.journal import service as journal
from draftroom.kit.errors import DraftroomError, Unauthenticated
from draftroom.kit.i18n import _l
from draftroom.models import ApiToken, SignInFailure, User, UserSession

COOKIE = "draftroom_session"
PASSWORDS = PasswordHash.recommended()
# Verifying against this when the account does not exist keeps the timing the same.
_DUMMY_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))


class TooManyAttempts(DraftroomError):
    status_code = 429
    message = _l("Too many failed sign-ins. Wait {minutes} minutes and try again.")


class WrongCredentials(Unauthenticated):
    message = _l("The e-mail address or the password is wrong.")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


async def check_throttle(
    session: AsyncSession, settings: Settings, email: str, address: str, now: datetime
) -> None:
    since = now - timedelta(minutes=settings.sign_in_window_minutes)
    for column, value in ((SignInFailure.email, email), (SignInFailure.address, address)):
        failures = await session.scalar(
            select(func.count())
            .select_from(SignInFailure)
            .where(column == value, SignInFailure.created_at >= since)
        )
        if (failures or 0) >= settings.sign_in_max_failures:
            raise TooManyAttempts(minutes=settings.sign_in_window_minutes)


async def authenticate(
    session: AsyncSession,
    settings: Settings,
    email: str,
    password: str,
    address: str,
    now: datetime,
) -> User:
    """The user whose password this is; a failure is recorded (and committed) for the throttle."""
    email = email.strip().lower()
    await check_throttle(session, settings, email, address, now)
    user = await session.scalar(select(User).where(User.email == email))
    valid = PASSWORDS.verify(
        password, user.password_hash if user and user.password_hash else _DUMMY_HASH
    )
    if user is None or not user.password_hash or not valid or not user.is_active:
        session.add(SignInFailure(email=email, address=address, created_at=now))
        raise WrongCredentials()
    return user


async def start(
    session: AsyncSession, settings: Settings, user: User, now: datetime, method: str
) -> str:
    """A new session (a new id at every sign-in); returns the cookie value."""
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=digest(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_absolute_hours),
        created_at=now,
    )
    session.add(row)
    await session.flush()
    await journal.record(
        session,
        actor=user,
        kind="session.started",
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"method": method},
        visibility=journal.SECRETARIAT,
    )
    return token


async def end(session: AsyncSession, principal: Principal, now: datetime) -> None:
    if principal.session_id is None:
        return
    await session.execute(
        update(UserSession).where(UserSession.id == principal.session_id).values(ended_at=now)
    )
    # Journaled: live connections opened with this session close when it ends.
    await journal.record(
        session,
        actor=principal,
        kind="session.ended",
        object_type="user",
        object_id=principal.id,
        instrument_id=None,
        payload={"session": principal.session_id},
        visibility=journal.SECRETARIAT,
    )


_PRINCIPAL_COLUMNS = (User.id, User.name, User.email, User.role, User.delegation_id, User.locale)


def session_query() -> AnySelect:
    query: AnySelect = (
        select(
            *_PRINCIPAL_COLUMNS,
            UserSession.id,
            UserSession.csrf_token,
            UserSession.last_seen_at,
            UserSession.expires_at,
        )
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == bindparam("digest"),
            UserSession.ended_at.is_(None),
            User.is_active.is_(True),
        )
    )
    return query


def token_query() -> AnySelect:
    query: AnySelect = (
        select(*_PRINCIPAL_COLUMNS, ApiToken.id)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == bindparam("digest"),
            ApiToken.revoked_at.is_(None),
            User.is_active.is_(True),
        )
    )
    return query


SESSION_QUERY = session_query()
TOKEN_QUERY = token_query()
