"""Delegations, users and API tokens (sign-in comes with the web reader)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from babel import Locale
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal import service as journal
from draftroom.kit.errors import Conflict, InvalidInput, Unauthenticated
from draftroom.kit.i18n import _l
from draftroom.models import ApiToken, Delegation, DelegationKind, Role, User
from draftroom.text.normalise import normalise

TOKEN_PREFIX = "drt_"  # noqa: S105 - a visible prefix, not a secret


def delegation_name(delegation: Delegation, lang: str) -> str:
    """States are named by CLDR in the reader's language; organisations by their own name."""
    if delegation.kind is DelegationKind.state:
        return str(Locale.parse(lang).territories.get(delegation.code, delegation.code))
    return delegation.name or delegation.code


async def create_delegation(
    session: AsyncSession, kind: DelegationKind, code: str, name: str | None, actor: User | None
) -> Delegation:
    code = code.strip().upper()
    is_country = len(code) == 2 and code.isalpha() and code in Locale.parse("en").territories
    if kind is DelegationKind.state and not is_country:
        raise InvalidInput(_l("“{code}” is not an ISO 3166 country code."), code=code)
    if kind is DelegationKind.organisation and not name:
        raise InvalidInput(_l("An organisation needs a name besides its acronym."))
    if await session.scalar(select(Delegation.id).where(Delegation.code == code)):
        raise Conflict(_l("A delegation with the code “{code}” exists already."), code=code)
    delegation = Delegation(kind=kind, code=code, name=normalise(name) if name else None)
    session.add(delegation)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind="delegation.created",
        object_type="delegation",
        object_id=delegation.id,
        instrument_id=None,
        payload={"code": code},
    )
    return delegation


async def create_user(
    session: AsyncSession,
    email: str,
    name: str,
    role: Role,
    delegation_code: str | None,
    actor: User | None = None,
) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(_l("“{email}” is not an e-mail address."), email=email)
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(_l("A user with the e-mail “{email}” exists already."), email=email)
    delegation_id = None
    if delegation_code:
        delegation_id = await session.scalar(
            select(Delegation.id).where(Delegation.code == delegation_code.strip().upper())
        )
        if delegation_id is None:
            raise InvalidInput(_l("No delegation has the code “{code}”."), code=delegation_code)
    if role is Role.participant and delegation_id is None:
        raise InvalidInput(_l("A participant belongs to a delegation."))
    user = User(email=email, name=normalise(name), role=role, delegation_id=delegation_id)
    session.add(user)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind="user.created",
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"role": role.value},
        visibility=journal.SECRETARIAT,
    )
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(session: AsyncSession, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the token itself, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=normalise(name), token_hash=hash_token(secret))
    session.add(token)
    await session.flush()
    await journal.record(
        session,
        actor=user,
        kind="token.created",
        object_type="api_token",
        object_id=token.id,
        instrument_id=None,
        visibility=journal.SECRETARIAT,
    )
    return token, secret


async def user_for_token(session: AsyncSession, secret: str) -> User:
    row = (
        await session.execute(
            select(User)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None))
        )
    ).scalar_one_or_none()
    if row is None or not row.is_active:
        raise Unauthenticated()
    return row


async def revoke_token(session: AsyncSession, token: ApiToken, when: datetime) -> None:
    token.revoked_at = when
    await session.flush()


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (
        await session.execute(select(User).where(User.email == email.strip().lower()))
    ).scalar_one_or_none()
