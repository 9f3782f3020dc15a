"""Delegations, users and API tokens (sign-in comes with the web reader)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from babel import Locale
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.identity import policy
from draftroom.identity.principal import Principal
from draftroom.identity.sessions import PASSWORDS, hash_password
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Conflict, InvalidInput, NotFound
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l, match_time_zone
from draftroom.models import (
    ApiToken,
    Delegation,
    DelegationKind,
    Role,
    SignInFailure,
    User,
    UserSession,
)
from draftroom.text.normalise import normalise

MIN_PASSWORD = 12
TOKEN_PREFIX = "drt_"  # noqa: S105 - a visible prefix, not a secret


ROLE_NAMES = {
    Role.participant: _l("Participant"),
    Role.secretariat: _l("Secretariat"),
    Role.observer: _l("Observer"),
    Role.admin: _l("Administrator"),
}


def role_name(role: Role) -> str:
    return str(ROLE_NAMES[role])


def delegation_name(delegation: Delegation, lang: str) -> str:
    """States are named by CLDR in the reader's language; organisations by their name in
    that language where they have one, else by their own name."""
    if delegation.kind is DelegationKind.state:
        return str(Locale.parse(lang).territories.get(delegation.code, delegation.code))
    return (delegation.names or {}).get(lang) or delegation.name or delegation.code


async def create_delegation(
    session: AsyncSession,
    kind: DelegationKind,
    code: str,
    name: str | None,
    actor: Actor | None,
    names: Mapping[str, str] | None = None,
) -> Delegation:
    """``names``: an organisation's name per language ({"fr": ...}), beside ``name``."""
    code = check_text(code, _l("the code")).strip().upper()
    if not 2 <= len(code) <= 20:
        raise InvalidInput(_l("A delegation code has 2 to 20 characters.")).at("code")
    is_country = len(code) == 2 and code.isalpha() and code in Locale.parse("en").territories
    if kind is DelegationKind.state and not is_country:
        raise InvalidInput(_l("“{code}” is not an ISO 3166 country code."), code=code).at("code")
    if kind is DelegationKind.organisation and not name:
        raise InvalidInput(_l("An organisation needs a name besides its acronym.")).at("name")
    if await session.scalar(select(Delegation.id).where(Delegation.code == code)):
        raise Conflict(_l("A delegation with the code “{code}” exists already."), code=code).at(
            "code"
        )
    name = check_text(name, _l("the name"))
    delegation = Delegation(
        kind=kind,
        code=code,
        name=normalise(name) if name else None,
        names={lang: normalise(n) for lang, n in names.items() if n} if names else None,
    )
    session.add(delegation)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.delegation_created,
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
    actor: Actor | None = None,
    password: str | None = None,
) -> User:
    email = check_text(email, _l("the e-mail address")).strip().lower()
    check_text(name, _l("the name"))
    if "@" not in email:
        raise InvalidInput(_l("“{email}” is not an e-mail address."), email=email).at("email")
    if await session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(_l("A user with the e-mail “{email}” exists already."), email=email).at(
            "email"
        )
    delegation_id = await _delegation_for(session, role, delegation_code)
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidInput(_l("A password needs at least {n} characters."), n=MIN_PASSWORD).at(
            "password"
        )
    user = User(
        email=email,
        name=normalise(name),
        role=role,
        delegation_id=delegation_id,
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.user_created,
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"role": role.value},
        visibility=journal.SECRETARIAT,
    )
    return user


async def delegation_ids(session: AsyncSession, codes: Sequence[str], field: str) -> list[int]:
    """The ids of the delegations named by code, in the order given, each once, in one
    query; an unknown code is refused (422 at ``field``)."""
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        return []
    rows = await session.execute(
        select(Delegation.code, Delegation.id).where(Delegation.code.in_(wanted))
    )
    found: dict[str, int] = {row.code: row.id for row in rows}
    for code in wanted:
        if code not in found:
            raise InvalidInput(_l("No delegation “{code}”."), code=code).at(field)
    return [found[code] for code in wanted]


async def _delegation_for(
    session: AsyncSession, role: Role, delegation_code: str | None
) -> int | None:
    """The delegation a user acts for; a participant must have one."""
    delegation_id = None
    if delegation_code:
        delegation_id = await session.scalar(
            select(Delegation.id).where(Delegation.code == delegation_code.strip().upper())
        )
        if delegation_id is None:
            raise InvalidInput(_l("No delegation has the code “{code}”."), code=delegation_code).at(
                "delegation"
            )
    if role is Role.participant and delegation_id is None:
        raise InvalidInput(_l("A participant belongs to a delegation.")).at("delegation")
    return delegation_id


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(session: AsyncSession, user: Actor, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the token itself, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = normalise(check_text(name, _l("the name")))
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret))
    session.add(token)
    await session.flush()
    await journal.record(
        session,
        actor=user,
        kind=Kind.token_created,
        object_type="api_token",
        object_id=token.id,
        instrument_id=None,
        visibility=journal.SECRETARIAT,
    )
    return token, secret


async def list_tokens(session: AsyncSession, user_id: int) -> Sequence[ApiToken]:
    return (
        await session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
        )
    ).all()


async def revoke_token(
    session: AsyncSession, token_id: int, actor: Actor, when: datetime
) -> ApiToken:
    """Revoke one's own token (an admin may revoke anyone's); others' tokens do not exist."""
    token = await session.get(ApiToken, token_id)
    if token is None or (token.user_id != actor.id and not policy.can_administer(actor)):
        raise NotFound(_l("No such token."))
    if token.revoked_at is None:
        token.revoked_at = when
        await session.flush()
        await journal.record(
            session,
            actor=actor,
            kind=Kind.token_revoked,
            object_type="api_token",
            object_id=token.id,
            instrument_id=None,
            payload={"user": token.user_id},
            visibility=journal.SECRETARIAT,
        )
    return token


async def all_tokens(session: AsyncSession) -> Sequence[tuple[ApiToken, User]]:
    rows = await session.execute(
        select(ApiToken, User).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id.desc())
    )
    return [(token, user) for token, user in rows]


async def list_users(session: AsyncSession) -> Sequence[User]:
    return (await session.scalars(select(User).order_by(User.name))).all()


async def list_delegations(session: AsyncSession) -> Sequence[Delegation]:
    return (await session.scalars(select(Delegation).order_by(Delegation.code))).all()


async def update_user(
    session: AsyncSession,
    user_id: int,
    *,
    role: Role,
    delegation_code: str | None,
    is_active: bool,
    actor: Actor,
) -> User:
    """An admin assigns role and delegation (single sign-on users arrive with neither)."""
    policy.require_administer(actor)
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(_l("No such user."))
    delegation_id = await _delegation_for(session, role, delegation_code)
    if user.id == actor.id and (role is not Role.admin or not is_active):
        raise InvalidInput(_l("You cannot remove your own administrator rights."))
    user.role, user.delegation_id, user.is_active = role, delegation_id, is_active
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.user_updated,
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"role": role.value, "delegation_id": delegation_id, "active": is_active},
        visibility=journal.SECRETARIAT,
    )
    return user


async def failed_sign_ins(
    session: AsyncSession, settings: Settings, now: datetime
) -> dict[str, int]:
    """Remembered failed sign-ins per account e-mail (what the throttle counts)."""
    since = now - timedelta(hours=settings.sign_in_memory_hours)
    rows = await session.execute(
        select(SignInFailure.email, func.count())
        .where(SignInFailure.created_at >= since)
        .group_by(SignInFailure.email)
    )
    return {str(email): int(count) for email, count in rows}


async def clear_sign_in_failures(session: AsyncSession, user_id: int, actor: Actor) -> int:
    """An admin lifts every sign-in wait of an account, whatever address it came from."""
    policy.require_administer(actor)
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(_l("No such user."))
    cleared = (
        await session.execute(delete(SignInFailure).where(SignInFailure.email == user.email))
    ).rowcount  # type: ignore[attr-defined]
    await journal.record(
        session,
        actor=actor,
        kind=Kind.user_unlocked,
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"cleared": cleared},
        visibility=journal.SECRETARIAT,
    )
    return int(cleared)


async def set_locale(session: AsyncSession, user_id: int, lang: str) -> None:
    user = await session.get(User, user_id)
    if user is not None and user.locale != lang:
        user.locale = lang
        await session.flush()


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return (
        await session.execute(select(User).where(User.email == email.strip().lower()))
    ).scalar_one_or_none()


async def set_time_zone(session: AsyncSession, user_id: int, zone: str | None) -> None:
    """The zone the account's times are shown in; None: the browser's, else UTC."""
    if zone is not None and match_time_zone(zone) is None:
        raise InvalidInput(_l("“{zone}” is not a time zone."), zone=zone).at("time_zone")
    user = await session.get(User, user_id)
    if user is not None and user.time_zone != zone:
        user.time_zone = zone
        await session.flush()


def _check_new_password(new: str, again: str) -> None:
    if len(new) < MIN_PASSWORD:
        raise InvalidInput(_l("A password needs at least {n} characters."), n=MIN_PASSWORD).at(
            "new_password"
        )
    if new != again:
        raise InvalidInput(_l("The two new passwords differ.")).at("new_password_again")


async def _end_sessions(
    session: AsyncSession, user_id: int, now: datetime, keep: int | None = None
) -> int:
    """End the account's signed-in browsers (all but ``keep``): a changed password locks out
    whoever knew the old one."""
    query = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(UserSession.id != keep)
    ended = (await session.execute(query.values(ended_at=now))).rowcount  # type: ignore[attr-defined]
    return int(ended)


async def change_password(
    session: AsyncSession,
    actor: Principal,
    current: str,
    new: str,
    again: str,
    now: datetime,
) -> int:
    """The owner changes their password (the current one first); every other browser
    signed in to the account is signed out. Returns how many were."""
    user = await session.get(User, actor.id)
    if user is None or not user.password_hash:
        raise InvalidInput(_l("This account signs in through single sign-on; it has no password."))
    if not PASSWORDS.verify(current, user.password_hash):
        raise InvalidInput(_l("The current password is wrong.")).at("current_password")
    _check_new_password(new, again)
    user.password_hash = hash_password(new)
    ended = await _end_sessions(session, user.id, now, keep=actor.session_id)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.user_password_changed,
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"sessions_ended": ended, "kept_session": actor.session_id},
        visibility=journal.SECRETARIAT,
    )
    return ended


async def reset_password(
    session: AsyncSession, user_id: int, actor: Actor, now: datetime
) -> tuple[User, str]:
    """An administrator gives an account a temporary password, shown once to hand over; the
    account's sessions and failed sign-ins end with the old one."""
    policy.require_administer(actor)
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(_l("No such user."))
    if user.oidc_subject and not user.password_hash:
        raise InvalidInput(_l("This account signs in through single sign-on; it has no password."))
    temporary = secrets.token_urlsafe(12)
    user.password_hash = hash_password(temporary)
    ended = await _end_sessions(session, user.id, now)
    await session.execute(delete(SignInFailure).where(SignInFailure.email == user.email))
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.user_password_reset,
        object_type="user",
        object_id=user.id,
        instrument_id=None,
        payload={"sessions_ended": ended},
        visibility=journal.SECRETARIAT,
    )
    return user, temporary
