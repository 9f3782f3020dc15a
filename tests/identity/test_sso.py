"""Single sign-on, end to end against a real OpenID provider on loopback.

The browser's part is played by hand: Draftroom's login redirect is followed to the provider
over HTTP, the user signs in there, and the provider's redirect back is taken to Draftroom's
callback with the cookies Draftroom set.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from pydantic import SecretStr
from sqlalchemy import func, select, update

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database
from draftroom.identity import sso
from draftroom.identity.sessions import COOKIE as SESSION_COOKIE
from draftroom.models import JournalEntry, User
from tests.fixtures.clients import FRANCE
from tests.fixtures.oidc import OidcProvider, query_of, running

CLIENT_ID = "draftroom"
COUNT_USERS = select(func.count()).select_from(User)
NOT_STARTED = (
    "This sign-in was not started in this browser, or it took longer than 10 minutes. "
    "Start again from the sign-in page."
)
NOT_VERIFIED = (
    "The identity provider’s answer could not be verified, so you were not signed in. "
    "Start again from the sign-in page."
)


def sso_app(settings: Settings, db: Database) -> FastAPI:
    return create_app(settings, database=db)


@asynccontextmanager
async def browser_for(
    settings: Settings, db: Database, issuer: str | None
) -> AsyncIterator[AsyncClient]:
    """A cookie-keeping client of a Draftroom whose single sign-on trusts ``issuer``."""
    configured = settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr("client-secret"),
        }
    )
    app = sso_app(configured, db)
    async with (
        LifespanManager(app) as manager,
        AsyncClient(transport=ASGITransport(app=manager.app), base_url="http://testserver") as c,
    ):
        yield c


@pytest.fixture
def idp() -> Iterator[OidcProvider]:
    """The provider Draftroom is configured to trust."""
    with running() as provider:
        yield provider


@pytest.fixture
def other_idp() -> Iterator[OidcProvider]:
    """Another provider, with its own key, which Draftroom does not trust."""
    with running() as provider:
        yield provider


@pytest.fixture
async def browser(
    settings: Settings, db: Database, idp: OidcProvider
) -> AsyncIterator[AsyncClient]:
    async with browser_for(settings, db, idp.issuer) as client:
        yield client


async def start(browser: AsyncClient, next: str = "/") -> str:
    """Click "sign in with your organisation's account"; returns the provider's URL."""
    response = await browser.get("/auth/oidc/login", params={"next": next})
    assert response.status_code == 303
    location: str = response.headers["location"]
    return location


async def sign_in(
    browser: AsyncClient,
    idp: OidcProvider,
    sub: str,
    *,
    next: str = "/",
    change: dict[str, str] | None = None,
) -> Response:
    """The whole round trip; returns Draftroom's answer to the provider's redirect back."""
    back = await idp.authorize(await start(browser, next), sub, change=change)
    return await browser.get(back)


async def users(db: Database) -> int:
    count: int = await db.scalar(COUNT_USERS, {})
    return count


def set_cookies(response: Response, name: str) -> list[str]:
    return [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]


def assert_refused(response: Response, status: int, error: str, detail: str) -> None:
    assert response.status_code == status, response.text
    assert response.json() == {"error": error, "detail": detail}
    assert set_cookies(response, SESSION_COOKIE) == []
    # The sign-in in progress is spent: its cookie is cleared.
    [cleared] = set_cookies(response, sso.FLOW_COOKIE)
    assert "Max-Age=0" in cleared


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def test_login_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    browser: AsyncClient, idp: OidcProvider, settings: Settings
) -> None:
    response = await browser.get("/auth/oidc/login", params={"next": "/account"})
    assert response.status_code == 303
    url = response.headers["location"]
    assert url.startswith(f"{idp.issuer}/oauth2/authorize?")
    query = query_of(url)
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/auth/oidc/callback"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32
    assert len(query["nonce"]) >= 32
    [cookie] = set_cookies(response, sso.FLOW_COOKIE)
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=600" in cookie
    assert "Path=/auth/oidc" in cookie
    assert "Secure" not in cookie  # plain http here; https gets Secure
    # The cookie holds what the callback will check, under our signature.
    flow = sso.flow_serializer(settings).loads(browser.cookies[sso.FLOW_COOKIE])
    assert flow["state"] == query["state"]
    assert flow["nonce"] == query["nonce"]
    assert s256(flow["verifier"]) == query["code_challenge"]
    assert flow["next"] == "/account"


async def test_first_sign_in_creates_an_observer_and_starts_a_session(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    before = await users(db)
    await idp.set_user(
        "amira-7",
        {"email": "Amira.Haddad@Justice.example", "email_verified": True, "name": "Amira Haddad"},
    )
    authorization_url = await start(browser, "/account")
    back = await idp.authorize(authorization_url, "amira-7")
    assert back.startswith("http://testserver/auth/oidc/callback?")
    response = await browser.get(back)

    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    [session_cookie] = set_cookies(response, SESSION_COOKIE)
    assert "HttpOnly" in session_cookie
    assert "SameSite=lax" in session_cookie
    [cleared] = set_cookies(response, sso.FLOW_COOKIE)
    assert "Max-Age=0" in cleared
    me = (await browser.get("/api/v1/me")).json()
    assert me["name"] == "Amira Haddad"
    assert me["email"] == "amira.haddad@justice.example"
    assert me["role"] == "observer"
    assert me["delegation_id"] is None
    assert await users(db) == before + 1
    # The account was created in the journal, and the sign-in names its method.
    async with db.read_sessions() as session:
        kinds = await session.scalars(
            select(JournalEntry.kind).where(
                JournalEntry.object_type == "user", JournalEntry.object_id == me["id"]
            )
        )
        assert {"user.created", "session.started"} <= set(kinds)
    # PKCE: the code went back with the verifier whose S256 challenge the provider saw.
    [exchange] = idp.token_requests
    assert exchange["grant_type"] == "authorization_code"
    assert s256(exchange["code_verifier"]) == query_of(authorization_url)["code_challenge"]


async def test_second_sign_in_of_the_same_subject_reuses_the_account(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("li-wei", {"email": "li.wei@mfa.example", "name": "Li Wei"})
    assert (await sign_in(browser, idp, "li-wei")).status_code == 303
    first = (await browser.get("/api/v1/me")).json()
    count = await users(db)
    browser.cookies.clear()
    # The provider may have a new e-mail for them by now: the subject is what counts.
    await idp.set_user("li-wei", {"email": "wei.li@mfa.example", "name": "Wei Li"})

    response = await sign_in(browser, idp, "li-wei")

    assert response.status_code == 303
    again = (await browser.get("/api/v1/me")).json()
    assert again["id"] == first["id"]
    assert again["email"] == "li.wei@mfa.example"
    assert await users(db) == count


async def test_next_that_leaves_the_site_leads_home(
    browser: AsyncClient, idp: OidcProvider
) -> None:
    await idp.set_user("nadia", {"email": "nadia@un.example"})
    response = await sign_in(browser, idp, "nadia", next="//evil.example/phish")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_tampered_state_is_refused_and_nothing_is_written(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("olga", {"email": "olga@mid.example"})
    before = await users(db)
    back = await idp.authorize(await start(browser), "olga")
    query = query_of(back)

    response = await browser.get(
        "/auth/oidc/callback", params={"code": query["code"], "state": query["state"] + "x"}
    )

    assert_refused(response, 400, "SignInNotStarted", NOT_STARTED)
    assert (await browser.get("/api/v1/me")).status_code == 401
    assert await users(db) == before


async def test_callback_without_the_sign_in_cookie_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("pablo", {"email": "pablo@sre.example"})
    before = await users(db)
    back = await idp.authorize(await start(browser), "pablo")
    browser.cookies.clear()

    response = await browser.get(back)

    assert_refused(response, 400, "SignInNotStarted", NOT_STARTED)
    assert await users(db) == before


class _ElevenMinutesAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 11 * 60


@pytest.mark.parametrize("forgery", ["another secret", "eleven minutes old"])
async def test_forged_or_stale_sign_in_cookie_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database, settings: Settings, forgery: str
) -> None:
    await idp.set_user("quentin", {"email": "quentin@justice.example"})
    before = await users(db)
    back = await idp.authorize(await start(browser), "quentin")
    flow = sso.flow_serializer(settings).loads(browser.cookies[sso.FLOW_COOKIE])
    if forgery == "another secret":
        signer = URLSafeTimedSerializer("not-our-secret", salt=sso.FLOW_SALT)
    else:
        signer = URLSafeTimedSerializer(
            settings.secret_key.get_secret_value(), salt=sso.FLOW_SALT, signer=_ElevenMinutesAgo
        )
    browser.cookies.clear()

    response = await browser.get(
        back, headers={"Cookie": f"{sso.FLOW_COOKIE}={signer.dumps(flow)}"}
    )

    assert_refused(response, 400, "SignInNotStarted", NOT_STARTED)
    assert await users(db) == before


async def test_id_token_with_another_nonce_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("rania", {"email": "rania@moj.example"})
    before = await users(db)

    response = await sign_in(browser, idp, "rania", change={"nonce": "replayed-nonce"})

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert await users(db) == before


async def test_code_from_another_sign_in_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    """Two sign-ins in flight: the first one's code cannot finish the second one."""
    await idp.set_user("sergei", {"email": "sergei@mid.example"})
    before = await users(db)
    first = await start(browser)
    second = await start(browser)  # its cookie replaces the first one's
    code = query_of(await idp.authorize(first, "sergei"))["code"]

    response = await browser.get(
        "/auth/oidc/callback", params={"code": code, "state": query_of(second)["state"]}
    )

    # This provider does not check PKCE, so the nonce is what catches it; one that does
    # refuses the exchange already.
    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert await users(db) == before


async def test_id_token_from_a_foreign_issuer_is_refused(
    browser: AsyncClient, idp: OidcProvider, other_idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("tomas", {"email": "tomas@mjus.example"})
    before = await users(db)
    idp.issue_as = other_idp.netloc  # a token naming provider B, signed by the trusted key

    response = await sign_in(browser, idp, "tomas")

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert len(idp.token_requests) == 1
    assert await users(db) == before


async def test_answer_naming_another_issuer_is_refused(
    browser: AsyncClient, idp: OidcProvider, other_idp: OidcProvider, db: Database
) -> None:
    """RFC 9207: the callback's ``iss`` must be the provider the browser was sent to."""
    await idp.set_user("tariq", {"email": "tariq@moj.example"})
    before = await users(db)
    back = await idp.authorize(await start(browser), "tariq")

    response = await browser.get(f"{back}&{urlencode({'iss': other_idp.issuer})}")

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert idp.token_requests == []  # refused before the code was spent
    assert await users(db) == before


async def test_id_token_signed_with_a_key_the_issuer_does_not_publish_is_refused(
    browser: AsyncClient, idp: OidcProvider, other_idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("ursula", {"email": "ursula@bmj.example"})
    before = await users(db)
    idp.jwks_of = other_idp

    response = await sign_in(browser, idp, "ursula")

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert await users(db) == before


async def test_code_issued_by_another_provider_is_refused(
    browser: AsyncClient, idp: OidcProvider, other_idp: OidcProvider, db: Database
) -> None:
    await other_idp.set_user("victor", {"email": "victor@evil.example"})
    before = await users(db)
    trusted = await start(browser)
    foreign = trusted.replace(idp.issuer, other_idp.issuer, 1)
    back = await other_idp.authorize(foreign, "victor")

    response = await browser.get(back)

    assert_refused(
        response,
        400,
        "ProviderRefused",
        "The identity provider did not sign you in (invalid_grant). Try again, or contact "
        "the secretariat.",
    )
    assert await users(db) == before


async def test_id_token_for_another_application_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("wanjiru", {"email": "wanjiru@ag.example"})
    before = await users(db)
    idp.as_client = "someone-else"

    response = await sign_in(browser, idp, "wanjiru", change={"client_id": "someone-else"})

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert await users(db) == before


async def test_expired_id_token_is_refused(settings: Settings, db: Database) -> None:
    before = await users(db)
    with running(access_token_max_age=timedelta(minutes=-10)) as late:
        await late.set_user("xavier", {"email": "xavier@mj.example"})
        async with browser_for(settings, db, late.issuer) as browser:
            response = await sign_in(browser, late, "xavier")

    assert_refused(response, 400, "IdTokenRejected", NOT_VERIFIED)
    assert await users(db) == before


async def test_sign_in_without_an_email_claim_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("yusuf", {"name": "Yusuf"})
    before = await users(db)

    response = await sign_in(browser, idp, "yusuf")

    assert_refused(
        response,
        403,
        "EmailMissing",
        "Your identity provider did not share your e-mail address, which Draftroom needs to "
        "sign you in. Ask your IT department to release it, or contact the secretariat.",
    )
    assert await users(db) == before


async def test_existing_account_is_linked_when_the_provider_verified_the_email(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("fr-delegate", {"email": FRANCE.upper(), "email_verified": True})
    before = await users(db)

    response = await sign_in(browser, idp, "fr-delegate")

    assert response.status_code == 303
    me = (await browser.get("/api/v1/me")).json()
    assert me["email"] == FRANCE
    assert me["role"] == "participant"  # the account keeps its role and delegation
    assert me["delegation_id"] is not None
    assert await users(db) == before
    issuer = await db.scalar(select(User.oidc_issuer).where(User.email == FRANCE), {})
    subject = await db.scalar(select(User.oidc_subject).where(User.email == FRANCE), {})
    assert (issuer, subject) == (idp.issuer, "fr-delegate")
    linked = select(JournalEntry.id).where(
        JournalEntry.kind == "user.sso_linked", JournalEntry.object_id == me["id"]
    )
    assert await db.scalar(linked, {}) is not None


async def test_existing_account_is_not_linked_without_a_verified_email(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("impostor", {"email": FRANCE, "email_verified": False})
    before = await users(db)

    response = await sign_in(browser, idp, "impostor")

    assert_refused(
        response,
        409,
        "EmailNotVerified",
        f"An account with the e-mail address {FRANCE} exists already, and your identity "
        "provider has not confirmed that this address is yours. Sign in with your password, "
        "or ask the secretariat to link the accounts.",
    )
    assert await users(db) == before
    linked = await db.first(select(User.oidc_subject).where(User.email == FRANCE), {})
    assert linked == (None,)


async def test_email_of_an_account_linked_to_another_subject_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("zoe-1", {"email": "zoe@ecowas.example", "email_verified": True})
    assert (await sign_in(browser, idp, "zoe-1")).status_code == 303
    browser.cookies.clear()
    await idp.set_user("zoe-2", {"email": "zoe@ecowas.example", "email_verified": True})
    before = await users(db)

    response = await sign_in(browser, idp, "zoe-2")

    assert_refused(
        response,
        409,
        "EmailTaken",
        "The e-mail address zoe@ecowas.example belongs to another Draftroom account. Contact "
        "the secretariat.",
    )
    assert await users(db) == before


async def test_deactivated_account_is_refused(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    await idp.set_user("ahmed", {"email": "ahmed@moj.example"})
    assert (await sign_in(browser, idp, "ahmed")).status_code == 303
    browser.cookies.clear()
    async with db.write_sessions() as session:
        await session.execute(
            update(User).where(User.email == "ahmed@moj.example").values(is_active=False)
        )
        await session.commit()

    response = await sign_in(browser, idp, "ahmed")

    assert_refused(
        response,
        403,
        "AccountInactive",
        "This account is deactivated. Contact the secretariat to have it reactivated.",
    )


async def test_cancelling_at_the_provider_signs_nobody_in(
    browser: AsyncClient, idp: OidcProvider, db: Database
) -> None:
    before = await users(db)
    back = await idp.deny(await start(browser))
    assert query_of(back)["error"] == "access_denied"

    response = await browser.get(back)

    assert_refused(
        response,
        400,
        "SignInCancelled",
        "The sign-in was cancelled at your identity provider. You are not signed in.",
    )
    assert await users(db) == before


async def test_browsers_see_the_refusal_as_a_page(browser: AsyncClient, idp: OidcProvider) -> None:
    await idp.set_user("beatriz", {"email": "beatriz@mre.example"})
    back = await idp.authorize(await start(browser), "beatriz")
    query = query_of(back)

    response = await browser.get(
        "/auth/oidc/callback",
        params={"code": query["code"], "state": "forged"},
        headers={"Accept": "text/html"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert NOT_STARTED in response.text
    assert set_cookies(response, SESSION_COOKIE) == []


async def test_unreachable_provider_is_reported(settings: Settings, db: Database) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with browser_for(settings, db, f"http://127.0.0.1:{port}") as browser:
        response = await browser.get("/auth/oidc/login")

    assert response.status_code == 502
    assert response.json() == {
        "error": "ProviderUnavailable",
        "detail": "The identity provider is not answering as expected. Try again in a few "
        "minutes; if this goes on, tell the secretariat.",
    }
    assert set_cookies(response, sso.FLOW_COOKIE) == []


async def test_single_sign_on_is_off_without_an_issuer(settings: Settings, db: Database) -> None:
    async with browser_for(settings, db, None) as browser:
        for path in ("/auth/oidc/login", "/auth/oidc/callback?code=a&state=b"):
            response = await browser.get(path)
            assert response.status_code == 404, path
            assert response.json() == {"error": "NotFound", "detail": "Not found."}
