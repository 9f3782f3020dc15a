"""Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce.

What the callback needs from the login (state, nonce, PKCE verifier, where to go next)
travels in a short-lived signed cookie, not in server memory: any worker can finish a sign-in
that another began, and nothing is left behind when the user walks away.
"""

from __future__ import annotations

import re
import secrets
import warnings
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Annotated, Any

import httpx
from authlib.integrations.base_client import OAuthError  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from authlib.oidc.discovery import OpenIDProviderMetadata  # type: ignore[import-untyped]
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadData, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.db import unit_of_work
from draftroom.identity import service, sessions
from draftroom.identity.pages import safe_next, set_session_cookie
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit import handlers
from draftroom.kit.deps import SettingsDep, get_database
from draftroom.kit.errors import Conflict, DraftroomError, Forbidden, InvalidInput, NotFound
from draftroom.kit.i18n import _l
from draftroom.models import Role, User
from draftroom.models.base import utcnow

with warnings.catch_warnings():
    # Authlib 1.7+ prefers the "httpx2" package and warns, on every start, when it falls
    # back to httpx: the one this project uses on purpose. Only that one warning is hushed.
    warnings.filterwarnings(
        "ignore", message="The httpx module is deprecated", category=DeprecationWarning
    )
    from authlib.integrations.httpx_client import (  # type: ignore[import-untyped]
        AsyncOAuth2Client,
    )

router = APIRouter(include_in_schema=False)

FLOW_COOKIE = "draftroom_oidc"
FLOW_PATH = "/auth/oidc"
FLOW_MINUTES = 10
FLOW_SALT = "draftroom.identity.sso.flow"
# Clock skew tolerated between us and the provider when checking exp, iat and nbf.
LEEWAY_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10.0
# Only public-key signatures: an HMAC-signed ID token would need our client secret as key.
ASYMMETRIC = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
# OAuth error codes are short ASCII words; anything else is not shown to the reader.
_ERROR_CODE = re.compile(r"[a-z0-9_.-]{1,64}")


class SignInNotStarted(DraftroomError):
    status_code = 400
    message = _l(
        "This sign-in was not started in this browser, or it took longer than {minutes} "
        "minutes. Start again from the sign-in page."
    )


class ProviderRefused(DraftroomError):
    status_code = 400
    message = _l(
        "The identity provider did not sign you in ({reason}). Try again, or contact the "
        "secretariat."
    )


class SignInCancelled(DraftroomError):
    status_code = 400
    message = _l("The sign-in was cancelled at your identity provider. You are not signed in.")


class ProviderUnavailable(DraftroomError):
    status_code = 502
    message = _l(
        "The identity provider is not answering as expected. Try again in a few minutes; if "
        "this goes on, tell the secretariat."
    )


class IdTokenRejected(DraftroomError):
    status_code = 400
    message = _l(
        "The identity provider’s answer could not be verified, so you were not signed in. "
        "Start again from the sign-in page."
    )


class EmailMissing(Forbidden):
    message = _l(
        "Your identity provider did not share your e-mail address, which Draftroom needs to "
        "sign you in. Ask your IT department to release it, or contact the secretariat."
    )


class EmailNotVerified(Conflict):
    message = _l(
        "An account with the e-mail address {email} exists already, and your identity "
        "provider has not confirmed that this address is yours. Sign in with your password, "
        "or ask the secretariat to link the accounts."
    )


class EmailTaken(Conflict):
    message = _l(
        "The e-mail address {email} belongs to another Draftroom account. Contact the secretariat."
    )


class AccountInactive(Forbidden):
    message = _l("This account is deactivated. Contact the secretariat to have it reactivated.")


@dataclass(frozen=True)
class Provider:
    """Our registration at the identity provider, from the settings."""

    issuer: str
    client_id: str
    client_secret: str | None
    scopes: str


@dataclass(frozen=True)
class Flow:
    """One sign-in in progress, between the login redirect and the callback."""

    state: str
    nonce: str
    verifier: str
    next: str
    issuer: str


async def _write_session(request: Request) -> AsyncIterator[AsyncSession]:
    # The callback is a GET that writes (user, session, journal): take the write factory, so
    # that SQLite takes its write lock up front instead of upgrading a read transaction.
    async with unit_of_work(get_database(request).write_sessions) as session:
        yield session


WriteSessionDep = Annotated[AsyncSession, Depends(_write_session, scope="function")]


def provider(settings: Settings) -> Provider:
    """The configured provider; single sign-on does not exist without one."""
    if not settings.oidc_issuer or not settings.oidc_client_id:
        raise NotFound()
    scopes = settings.oidc_scopes.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    secret = settings.oidc_client_secret
    return Provider(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        scopes=" ".join(scopes),
    )


def flow_serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt=FLOW_SALT)


def read_flow(request: Request, settings: Settings, config: Provider, state: str | None) -> Flow:
    """The sign-in this browser started, if the callback's state is its own and still fresh."""
    refused = SignInNotStarted(minutes=FLOW_MINUTES)
    cookie = request.cookies.get(FLOW_COOKIE)
    if not cookie or not state:
        raise refused
    try:
        data = flow_serializer(settings).loads(cookie, max_age=FLOW_MINUTES * 60)
        flow = Flow(**data)
    except (BadData, TypeError) as error:
        raise refused from error
    fields = (flow.state, flow.nonce, flow.verifier, flow.next, flow.issuer)
    if not all(isinstance(value, str) for value in fields):
        raise refused
    if not secrets.compare_digest(flow.state, state) or flow.issuer != config.issuer:
        raise refused
    return flow


def _client(config: Provider, request: Request) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=config.scopes,
        redirect_uri=str(request.url_for("oidc_callback")),
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT_SECONDS,
    )


async def _get_json(client: AsyncOAuth2Client, url: str) -> dict[str, Any]:
    try:
        response = await client.request("GET", url, withhold_token=True)
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable() from error
    if not isinstance(body, dict):
        raise ProviderUnavailable()
    return body


async def discover(client: AsyncOAuth2Client, issuer: str) -> dict[str, Any]:
    """The provider's metadata, fetched afresh: keys and endpoints may rotate at any time."""
    metadata = await _get_json(client, issuer.rstrip("/") + "/.well-known/openid-configuration")
    try:
        OpenIDProviderMetadata(metadata).validate()
    except ValueError as error:
        raise ProviderUnavailable() from error
    # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer we asked.
    if metadata.get("issuer") != issuer or not isinstance(metadata.get("jwks_uri"), str):
        raise ProviderUnavailable()
    return metadata


def verify_id_token(
    id_token: str,
    jwks: dict[str, Any],
    metadata: dict[str, Any],
    config: Provider,
    nonce: str,
    access_token: str | None,
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, time and nonce hold."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in ASYMMETRIC] or ["RS256"]
    params: dict[str, Any] = {"nonce": nonce, "client_id": config.client_id}
    if access_token:
        params["access_token"] = access_token
    try:
        token = jwt.decode(
            id_token,
            KeySet.import_key_set(jwks),  # type: ignore[arg-type]
            registry=JWSRegistry(algorithms=algorithms, strict_check_header=False),
        )
        claims = CodeIDToken(
            token.claims,
            token.header,
            {
                "iss": {"essential": True, "value": config.issuer},
                "aud": {"essential": True, "value": config.client_id},
                "sub": {"essential": True},
            },
            params,
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise IdTokenRejected() from error
    # OpenID Connect Core 1.0, section 2: a subject is at most 255 ASCII characters.
    if len(claims["sub"]) > 255:
        raise IdTokenRejected()
    return dict(claims)


async def verified_claims(
    request: Request, config: Provider, flow: Flow, code: str
) -> dict[str, Any]:
    """Exchange the code (with the PKCE verifier) and check the ID token that comes back."""
    async with _client(config, request) as client:
        metadata = await discover(client, config.issuer)
        try:
            token = await client.fetch_token(
                metadata["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=flow.verifier,
            )
        except OAuthError as error:
            raise ProviderRefused(reason=_reason(error.error)) from error
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnavailable() from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise IdTokenRejected()
        jwks = await _get_json(client, metadata["jwks_uri"])
    access_token = token.get("access_token")
    return verify_id_token(
        id_token,
        jwks,
        metadata,
        config,
        flow.nonce,
        access_token if isinstance(access_token, str) else None,
    )


def _reason(code: object) -> str:
    text = str(code or "").lower()
    return text if _ERROR_CODE.fullmatch(text) else "unknown_error"


def _is_true(value: object) -> bool:
    # Some providers send the boolean as a string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _display_name(claims: dict[str, Any], email: str) -> str:
    name = claims.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()[:200]
    return email[:200]


async def user_for_claims(session: AsyncSession, issuer: str, claims: dict[str, Any]) -> User:
    """The account of this issuer's subject: found, linked by a verified e-mail, or created.

    A new account is an observer without a delegation: it reads only, until an admin assigns
    a role and a delegation.
    """
    subject = claims["sub"]
    user = await session.scalar(
        select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    )
    if user is not None:
        if not user.is_active:
            raise AccountInactive()
        return user
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise EmailMissing()
    email = email.strip().lower()
    if len(email) > 254:
        raise InvalidInput(_l("“{email}” is not an e-mail address."), email=email)
    existing = await service.user_by_email(session, email)
    if existing is not None:
        if existing.oidc_subject is not None or existing.oidc_issuer is not None:
            raise EmailTaken(email=email)
        if not _is_true(claims.get("email_verified")):
            raise EmailNotVerified(email=email)
        if not existing.is_active:
            raise AccountInactive()
        existing.oidc_issuer, existing.oidc_subject = issuer, subject
        await session.flush()
        await journal.record(
            session,
            actor=existing,
            kind=Kind.user_sso_linked,
            object_type="user",
            object_id=existing.id,
            instrument_id=None,
            payload={"issuer": issuer},
            visibility=journal.SECRETARIAT,
        )
        return existing
    user = await service.create_user(
        session, email, _display_name(claims, email), Role.observer, None, password=None
    )
    user.oidc_issuer, user.oidc_subject = issuer, subject
    await session.flush()
    return user


def _clear_flow(request: Request, response: Response) -> None:
    response.delete_cookie(
        FLOW_COOKIE,
        path=FLOW_PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@router.get("/auth/oidc/login", name="oidc_login")
async def login(request: Request, settings: SettingsDep, next: str = "/") -> Response:
    """Send the browser to the identity provider, remembering the sign-in in a signed cookie."""
    config = provider(settings)
    flow = Flow(
        state=secrets.token_urlsafe(24),
        nonce=secrets.token_urlsafe(24),
        verifier=secrets.token_urlsafe(48),
        next=safe_next(next),
        issuer=config.issuer,
    )
    async with _client(config, request) as client:
        metadata = await discover(client, config.issuer)
        url, _state = client.create_authorization_url(
            metadata["authorization_endpoint"],
            state=flow.state,
            code_verifier=flow.verifier,
            nonce=flow.nonce,
        )
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        FLOW_COOKIE,
        flow_serializer(settings).dumps(asdict(flow)),
        max_age=FLOW_MINUTES * 60,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=FLOW_PATH,
    )
    return response


@router.get("/auth/oidc/callback", name="oidc_callback")
async def callback(
    request: Request,
    session: WriteSessionDep,
    settings: SettingsDep,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
    iss: str | None = None,
) -> Response:
    """The provider sends the browser back here: verify, find or create the user, sign in."""
    config = provider(settings)
    response: Response
    try:
        # An error ends the sign-in whatever its state says (some providers drop the state
        # from error answers): nothing is signed in, the reader only learns why.
        if error is not None:
            if error == "access_denied":
                raise SignInCancelled()
            raise ProviderRefused(reason=_reason(error))
        flow = read_flow(request, settings, config, state)
        # RFC 9207: a provider that names itself must be the one we sent the browser to.
        if iss is not None and iss != config.issuer:
            raise IdTokenRejected()
        if not code:
            raise ProviderRefused(reason="invalid_request")
        claims = await verified_claims(request, config, flow, code)
        user = await user_for_claims(session, config.issuer, claims)
        token = await sessions.start(session, settings, user, utcnow(), "oidc")
    except DraftroomError as refusal:
        # A refusal writes nothing; the flow cookie goes either way, a state is used once.
        await session.rollback()
        response = await handlers.draftroom_error(request, refusal)
    else:
        response = RedirectResponse(safe_next(flow.next), status_code=303)
        set_session_cookie(request, response, token, settings.session_absolute_hours * 3600)
    _clear_flow(request, response)
    return response
