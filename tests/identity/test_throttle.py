"""The sign-in throttle: per account and address, then per account, an address only far higher.

The rule (README, "Signing in"): after 5 failures of one account from one address, that pair
waits 1 minute, then 2, 4, ... up to 60; after 20 failures of the account from anywhere, the
whole account waits the same way; an address alone is refused at 100 failures in 15 minutes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import ROOT, Settings
from draftroom.identity.service import create_token, user_by_email
from draftroom.identity.sessions import retry_at
from draftroom.kit.i18n import activate, ngettext
from draftroom.models import JournalEntry, SignInFailure
from draftroom.models.base import utcnow
from tests.fixtures.clients import ADMIN, FRANCE, OBSERVER, csrf_token, sign_in, sign_in_token

ROOM = "127.0.0.1"  # where the test client signs in from


@asynccontextmanager
async def browser_at(asgi_app: object, address: str) -> AsyncIterator[AsyncClient]:
    """A browser signing in from another network address."""
    transport = ASGITransport(app=asgi_app, client=(address, 50000))  # type: ignore[arg-type]
    async with AsyncClient(transport=transport, base_url="http://testserver") as browser:
        yield browser


async def fail(session: AsyncSession, email: str, addresses: list[str], at: datetime) -> None:
    session.add_all(SignInFailure(email=email, address=a, created_at=at) for a in addresses)
    await session.flush()


async def failures(session: AsyncSession, email: str) -> int:
    count = await session.scalar(
        select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
    )
    return count or 0


async def test_five_wrong_passwords_for_one_account_never_lock_another_out(
    anonymous: AsyncClient, asgi_app: object
) -> None:
    # A conference room: everybody signs in from the same address.
    for _ in range(5):
        assert (await sign_in(anonymous, password="a typo"))[0] == 401
    async with browser_at(asgi_app, ROOM) as neighbour:
        assert (await sign_in(neighbour, email=FRANCE))[0] == 303
    assert (await sign_in(anonymous))[0] == 429


async def test_the_owner_signs_in_from_elsewhere_while_that_address_waits(
    anonymous: AsyncClient, asgi_app: object
) -> None:
    async with browser_at(asgi_app, "198.51.100.7") as guesser:
        for _ in range(5):
            assert (await sign_in(guesser, password="guess"))[0] == 401
        assert (await sign_in(guesser))[0] == 429
    assert (await sign_in(anonymous))[0] == 303


async def test_the_wait_doubles_with_every_further_failure_up_to_the_cap(
    session: AsyncSession, settings: Settings
) -> None:
    now = utcnow()
    last = now - timedelta(seconds=10)
    await fail(session, OBSERVER, [ROOM] * 4, last)
    assert await retry_at(session, settings, OBSERVER, ROOM, now) is None
    for count, minutes in ((5, 1), (6, 2), (7, 4), (8, 8), (12, 60), (20, 60)):
        await fail(session, OBSERVER, [ROOM] * (count - await failures(session, OBSERVER)), last)
        assert await retry_at(session, settings, OBSERVER, ROOM, now) == last + timedelta(
            minutes=minutes
        )
    # Failures are forgotten after a day.
    later = now + timedelta(hours=settings.sign_in_memory_hours, minutes=1)
    assert await retry_at(session, settings, OBSERVER, ROOM, later) is None


async def test_the_whole_account_waits_after_many_failures_from_many_addresses(
    session: AsyncSession, asgi_app: object
) -> None:
    spread = [f"203.0.113.{n}" for n in range(20)]
    await fail(session, OBSERVER, spread[:19], utcnow())
    async with browser_at(asgi_app, "192.0.2.1") as owner:
        assert (await sign_in(owner, password="still wrong"))[0] == 401
        # 20 failures from everywhere: the account waits, from any address.
        status, _cookie = await sign_in(owner)
        assert status == 429
    async with browser_at(asgi_app, "192.0.2.2") as elsewhere:
        assert (await sign_in(elsewhere))[0] == 429
        assert (await sign_in(elsewhere, email=FRANCE))[0] == 303


async def test_an_address_alone_is_refused_only_at_the_far_higher_ceiling(
    anonymous: AsyncClient, session: AsyncSession, asgi_app: object
) -> None:
    start = utcnow() - timedelta(minutes=5)
    for n in range(99):
        await fail(session, f"typo{n}@example.org", [ROOM], start + timedelta(seconds=n))
    assert (await sign_in(anonymous))[0] == 303
    anonymous.cookies.clear()
    await fail(session, "typo99@example.org", [ROOM], start + timedelta(seconds=99))
    token = await sign_in_token(anonymous)
    refused = await anonymous.post(
        "/sign-in", data={"email": FRANCE, "password": "draftroom-demo", "csrf_token": token}
    )
    assert refused.status_code == 429
    # Until the oldest of the hundred is 15 minutes old: about 10 minutes from now.
    assert 9 * 60 < int(refused.headers["retry-after"]) <= 10 * 60
    assert "Try again in 10 minutes." in refused.text
    async with browser_at(asgi_app, "192.0.2.3") as elsewhere:
        assert (await sign_in(elsewhere, email=FRANCE))[0] == 303


async def test_signing_in_forgets_the_failures_from_that_address_only(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    await fail(session, OBSERVER, ["192.0.2.9"], utcnow())
    for _ in range(4):
        assert (await sign_in(anonymous, password="a typo"))[0] == 401
    assert await failures(session, OBSERVER) == 5
    assert (await sign_in(anonymous))[0] == 303
    assert await failures(session, OBSERVER) == 1


async def test_the_refusal_says_when_to_try_again_in_the_readers_language(
    anonymous: AsyncClient,
) -> None:
    for _ in range(5):
        await sign_in(anonymous, password="a typo")
    token = await sign_in_token(anonymous)
    page = await anonymous.post(
        "/sign-in",
        data={"email": OBSERVER, "password": "draftroom-demo", "csrf_token": token},
        headers={"Accept-Language": "fr", "Accept": "text/html"},
    )
    assert page.status_code == 429
    assert page.headers["content-language"] == "fr"
    assert '<html lang="fr"' in page.text
    activate("fr", ROOT / "locales")
    try:
        expected = ngettext(
            "Too many failed sign-ins. Try again in {minutes} minute.",
            "Too many failed sign-ins. Try again in {minutes} minutes.",
            1,
        ).format(minutes=1)
    finally:
        activate("en", ROOT / "locales")
    assert expected in page.text
    assert int(page.headers["retry-after"]) <= 60


async def test_an_admin_unlocks_an_account_through_the_api_and_it_is_journaled(
    anonymous: AsyncClient, client: AsyncClient, session: AsyncSession
) -> None:
    for _ in range(5):
        await sign_in(anonymous, password="a typo")
    observer = await user_by_email(session, OBSERVER)
    admin = await user_by_email(session, ADMIN)
    assert observer is not None
    assert admin is not None
    path = f"/api/v1/users/{observer.id}/sign-in-failures"
    refused = await client.delete(path)  # a delegate's token
    assert refused.status_code == 403
    assert await failures(session, OBSERVER) == 5
    _row, secret = await create_token(session, admin, "unlock")
    unlocked = await client.delete(path, headers={"Authorization": f"Bearer {secret}"})
    assert unlocked.status_code == 204
    assert (await sign_in(anonymous))[0] == 303
    entry = await session.scalar(
        select(JournalEntry)
        .where(JournalEntry.kind == "user.unlocked")
        .order_by(JournalEntry.seq.desc())
    )
    assert entry is not None
    assert (entry.actor_id, entry.object_id, entry.payload) == (
        admin.id,
        observer.id,
        {"cleared": 5},
    )
    missing = await client.delete(
        "/api/v1/users/999999/sign-in-failures", headers={"Authorization": f"Bearer {secret}"}
    )
    assert missing.status_code == 404


async def test_an_admin_sees_the_failed_sign_ins_and_unlocks_on_the_admin_page(
    anonymous: AsyncClient, session: AsyncSession, asgi_app: object
) -> None:
    async with browser_at(asgi_app, "198.51.100.8") as guesser:
        for _ in range(6):
            await sign_in(guesser, password="guess")
        assert (await sign_in(guesser))[0] == 429
        await sign_in(anonymous, email=ADMIN)
        page = await anonymous.get("/admin")
        assert "5 failed sign-ins" in page.text
        button = page.text.split("5 failed sign-ins")[1]
        assert "Unlock" in button.split("</form>")[0]
        observer = await user_by_email(session, OBSERVER)
        assert observer is not None
        token = await csrf_token(anonymous)
        done = await anonymous.post(
            f"/admin/users/{observer.id}/unlock", data={"csrf_token": token}
        )
        assert done.status_code == 303
        assert "failed sign-in" not in (await anonymous.get("/admin")).text
        assert (await sign_in(guesser))[0] == 303
    kinds = await session.scalars(
        select(JournalEntry.kind).where(JournalEntry.object_id == observer.id)
    )
    assert "user.unlocked" in kinds.all()
