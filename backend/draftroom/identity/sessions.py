"""Server-side sessions: an opaque cookie, a row per signed-in browser, timeouts, throttle."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import UTC, datetime, timedelta

from babel.support import LazyProxy
from pwdlib import PasswordHash
from sqlalchemy import bindparam, delete, func, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import AnySelect
from draftroom.identity.principal import Principal
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.errors import DraftroomError, Unauthenticated
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l, ngettext
from draftroom.models import ApiToken, SignInFailure, User, UserSession

COOKIE = "draftroom_session"
PASSWORDS = PasswordHash.recommended()
# Verifying against this when the account does not exist keeps the timing the same.
_DUMMY_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))


class TooManyAttempts(DraftroomError):
    """A refusal that says when to try again (in words, and in ``Retry-After`` seconds)."""

    status_code = 429

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        # Translated when shown, so the page renders it in the reader's language.
        message = LazyProxy(
            lambda: ngettext(
                "Too many failed sign-ins. Try again in {minutes} minute.",
                "Too many failed sign-ins. Try again in {minutes} minutes.",
                minutes,
            ),
            enable_cache=False,
        )
        super().__init__(message, headers={"Retry-After": str(retry_after)}, minutes=minutes)


class WrongCredentials(Unauthenticated):
    message = _l("The e-mail address or the password is wrong.")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


def _backoff(settings: Settings, failures: int, free: int, last: datetime | None) -> datetime:
    """After ``free`` failures: 1 minute from the last one, doubling with each more, capped."""
    if failures < free or last is None:
        return datetime.min.replace(tzinfo=UTC)
    minutes = min(2 ** min(failures - free, 30), settings.sign_in_max_wait_minutes)
    return _aware(last) + timedelta(minutes=minutes)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def retry_at(
    session: AsyncSession, settings: Settings, email: str, address: str, now: datetime
) -> datetime | None:
    """When this account may try again from this address, or None if it may now.

    Failures are counted per (account, address) and per account, each with a growing wait;
    an address alone only at a far higher ceiling, so one account's typos never lock out
    the others signing in from the same room.
    """
    remembered = SignInFailure.created_at >= now - timedelta(hours=settings.sign_in_memory_hours)
    waits = []
    for condition, free in (
        (SignInFailure.address == address, settings.sign_in_pair_failures),
        (true(), settings.sign_in_account_failures),
    ):
        failures, last = (
            await session.execute(
                select(func.count(), func.max(SignInFailure.created_at)).where(
                    SignInFailure.email == email, condition, remembered
                )
            )
        ).one()
        waits.append(_backoff(settings, failures, free, last))
    window = timedelta(minutes=settings.sign_in_window_minutes)
    # The ceiling-th latest failure in the window: when it ages out, the address is under it.
    marker = await session.scalar(
        select(SignInFailure.created_at)
        .where(SignInFailure.address == address, SignInFailure.created_at >= now - window)
        .order_by(SignInFailure.created_at.desc())
        .offset(settings.sign_in_address_failures - 1)
        .limit(1)
    )
    if marker is not None:
        waits.append(_aware(marker) + window)
    until = max(waits)
    return until if until > now else None


async def check_throttle(
    session: AsyncSession, settings: Settings, email: str, address: str, now: datetime
) -> None:
    until = await retry_at(session, settings, email, address, now)
    if until is not None:
        raise TooManyAttempts(max(1, math.ceil((until - now).total_seconds())))


async def authenticate(
    session: AsyncSession,
    settings: Settings,
    email: str,
    password: str,
    address: str,
    now: datetime,
) -> User:
    """The user whose password this is; a failure is recorded (and committed) for the throttle."""
    email = check_text(email, _l("the e-mail address")).strip().lower()
    await check_throttle(session, settings, email, address, now)
    user = await session.scalar(select(User).where(User.email == email))
    valid = PASSWORDS.verify(
        password, user.password_hash if user and user.password_hash else _DUMMY_HASH
    )
    if user is None or not user.password_hash or not valid or not user.is_active:
        session.add(SignInFailure(email=email, address=address, created_at=now))
        raise WrongCredentials()
    # The owner got in from here: this address starts afresh (failures elsewhere still count).
    await session.execute(
        delete(SignInFailure).where(SignInFailure.email == email, SignInFailure.address == address)
    )
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
        kind=Kind.session_started,
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
        kind=Kind.session_ended,
        object_type="user",
        object_id=principal.id,
        instrument_id=None,
        payload={"session": principal.session_id},
        visibility=journal.SECRETARIAT,
    )


_PRINCIPAL_COLUMNS = (
    User.id,
    User.name,
    User.email,
    User.role,
    User.delegation_id,
    User.locale,
    User.time_zone,
)


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
