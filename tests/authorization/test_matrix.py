"""Every route × every role × own/other delegation has an expected outcome.

The routes come from ``app.routes``: a new route without an entry here fails the test, so
access is decided on purpose, never by accident. API routes are called with each role's
bearer token, pages with a signed-in browser session (cookie and CSRF token).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.app import create_app
from draftroom.identity.service import create_token, create_user, user_by_email
from draftroom.models import Role
from tests.identity.test_sign_in import csrf_token, sign_in

ROLES = ("anonymous", "participant", "participant_other", "observer", "secretariat", "admin")
EMAILS = {
    "participant": "delegate.fr@draftroom.example",
    "participant_other": "delegate.eg@draftroom.example",
    "observer": "observer@draftroom.example",
    "secretariat": "secretariat@draftroom.example",
    "admin": "admin@draftroom.example",
}
OK, UNAUTH, FORBIDDEN, ABSENT = "ok", "unauthenticated", "forbidden", "absent"
EVERYONE = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": UNAUTH}
EDITORS = {
    **SIGNED_IN,
    "participant": FORBIDDEN,
    "participant_other": FORBIDDEN,
    "observer": FORBIDDEN,
}
ADMINS = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": UNAUTH, "admin": OK}
# Pages a visitor may see without signing in; signed in, they are sent on.
PUBLIC = EVERYONE
# Single sign-on is off in these settings (404 for everyone); tests/identity/test_sso.py
# covers it switched on, where both routes are open to anyone by nature.
SSO_OFF = dict.fromkeys(ROLES, ABSENT)


@dataclass
class Context:
    """What a request needs: a fresh user and tokens to act on, for each attempt."""

    session: AsyncSession
    role: str
    spare_user_id: int = 0
    own_token_id: int = 0
    other_token_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


Call = Callable[[AsyncClient, Context, dict[str, str]], Awaitable[Response]]
ART = "/api/v1/instruments/model-law/articles/art_3"


def get(path: str) -> Call:
    async def call(c: AsyncClient, _ctx: Context, h: dict[str, str]) -> Response:
        return await c.get(path, headers=h)

    return call


def post_json(
    path: str, body: Callable[[Context], dict[str, Any]], headers: dict[str, str] | None = None
) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.post(path.format(ctx=ctx), json=body(ctx), headers={**h, **(headers or {})})

    return call


def post_form(path: str, body: Callable[[Context], dict[str, Any]]) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.post(path.format(ctx=ctx), data=body(ctx), headers=h)

    return call


def delete(path: str) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.delete(path.format(ctx=ctx), headers=h)

    return call


def version_body(_ctx: Context) -> dict[str, Any]:
    return {
        "language": "en",
        "heading": "Relationship with treaties",
        "provisions": [{"id": "art_3__para_1", "number": "1", "text": "Matrix text."}],
    }


MATRIX: dict[str, tuple[Call, dict[str, str]]] = {
    "GET /healthz": (get("/healthz"), EVERYONE),
    "GET /readyz": (get("/readyz"), EVERYONE),
    "GET /docs": (get("/docs"), EVERYONE),
    "GET /openapi.json": (get("/openapi.json"), EVERYONE),
    "GET /api/v1/me": (get("/api/v1/me"), SIGNED_IN),
    "GET /api/v1/tokens": (get("/api/v1/tokens"), SIGNED_IN),
    "POST /api/v1/tokens": (post_json("/api/v1/tokens", lambda _c: {"name": "m"}), SIGNED_IN),
    # Everyone may revoke their own token; another user's token "does not exist" (404).
    "DELETE /api/v1/tokens/{token_id}": (delete("/api/v1/tokens/{ctx.own_token_id}"), SIGNED_IN),
    "GET /api/v1/instruments": (get("/api/v1/instruments"), SIGNED_IN),
    "GET /api/v1/instruments/{slug}": (get("/api/v1/instruments/model-law"), SIGNED_IN),
    "GET /api/v1/instruments/{slug}/articles/{key}": (get(ART), SIGNED_IN),
    "GET /api/v1/instruments/{slug}/articles/{key}/versions": (get(f"{ART}/versions"), SIGNED_IN),
    "POST /api/v1/instruments/{slug}/articles/{key}/versions": (
        post_json(f"{ART}/versions", version_body, {"If-Match": "*"}),
        EDITORS,
    ),
    "GET /api/v1/instruments/{slug}/milestones": (
        get("/api/v1/instruments/model-law/milestones"),
        SIGNED_IN,
    ),
    "POST /api/v1/instruments/{slug}/milestones": (
        post_json(
            "/api/v1/instruments/model-law/milestones",
            lambda c: {"name": f"Matrix {c.role} {secrets.token_hex(3)}"},
        ),
        EDITORS,
    ),
    "GET /api/v1/instruments/{slug}/milestones/{ref}": (
        get("/api/v1/instruments/model-law/milestones/2007 text"),
        SIGNED_IN,
    ),
    "GET /": (get("/"), SIGNED_IN),
    "GET /instruments/{slug}": (get("/instruments/model-law"), SIGNED_IN),
    "GET /instruments/{slug}/articles/{key}": (
        get("/instruments/model-law/articles/art_1?text=en&text=ar"),
        SIGNED_IN,
    ),
    "GET /sign-in": (get("/sign-in"), PUBLIC),
    "GET /auth/oidc/login": (get("/auth/oidc/login"), SSO_OFF),
    "GET /auth/oidc/callback": (get("/auth/oidc/callback?code=x&state=y"), SSO_OFF),
    "POST /sign-in": (
        post_form(
            "/sign-in",
            lambda _c: {"email": "observer@draftroom.example", "password": "draftroom-demo"},
        ),
        PUBLIC,
    ),
    "POST /sign-out": (post_form("/sign-out", lambda _c: {}), SIGNED_IN),
    "GET /account": (get("/account"), SIGNED_IN),
    "POST /account/tokens": (post_form("/account/tokens", lambda _c: {"name": "m"}), SIGNED_IN),
    "POST /account/tokens/{token_id}/revoke": (
        post_form("/account/tokens/{ctx.own_token_id}/revoke", lambda _c: {}),
        SIGNED_IN,
    ),
    "POST /account/language": (
        post_form("/account/language", lambda _c: {"language": "fr"}),
        SIGNED_IN,
    ),
    "GET /admin": (get("/admin"), ADMINS),
    "POST /admin/delegations": (
        post_form(
            "/admin/delegations",
            lambda c: {
                "kind": "organisation",
                "code": f"O{secrets.token_hex(3)}",
                "name": "An organisation",
            },
        ),
        ADMINS,
    ),
    "POST /admin/users": (
        post_form(
            "/admin/users",
            lambda c: {
                "email": f"m{secrets.token_hex(3)}@example.org",
                "name": "M",
                "role": "observer",
                "password": "a-long-password",
            },
        ),
        ADMINS,
    ),
    "POST /admin/users/{user_id}": (
        post_form(
            "/admin/users/{ctx.spare_user_id}", lambda c: {"role": "observer", "active": "true"}
        ),
        ADMINS,
    ),
    "POST /admin/tokens/{token_id}/revoke": (
        post_form("/admin/tokens/{ctx.other_token_id}/revoke", lambda _c: {}),
        ADMINS,
    ),
}


def routes(app: FastAPI) -> set[str]:
    """ "METHOD path" of every route, looking into included routers."""
    found: set[str] = set()
    pending: list[Any] = list(app.routes)
    while pending:
        route = pending.pop()
        included = getattr(route, "original_router", None)
        if included is not None:
            pending.extend(included.routes)
        elif isinstance(route, APIRoute) or getattr(route, "methods", None):
            found.update(f"{m} {route.path}" for m in route.methods if m != "HEAD")
    assert len(found) > 20
    return found


def outcome(response: Response) -> str:
    # Pages send a visitor who is not signed in to "/sign-in?next=<where they were>".
    if response.status_code == 401 or (
        response.status_code == 303 and response.headers["location"].startswith("/sign-in?next=")
    ):
        return UNAUTH
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code < 400:
        return OK
    if response.status_code == 404:
        return ABSENT
    return f"unexpected {response.status_code}: {response.text[:200]}"


def test_every_route_has_an_entry(settings: Any) -> None:
    app = create_app(settings)
    assert routes(app) - set(MATRIX) == set(), "add the new routes to MATRIX"
    assert set(MATRIX) - routes(app) == set(), "MATRIX names routes that no longer exist"


async def prepare(session: AsyncSession, role: str) -> Context:
    spare = await create_user(
        session, f"spare{secrets.token_hex(3)}@example.org", "Spare", Role.observer, None
    )
    ctx = Context(session, role, spare_user_id=spare.id)
    other, _ = await create_token(session, spare, "other")
    ctx.other_token_id = other.id
    if role != "anonymous":
        me = await user_by_email(session, EMAILS[role])
        assert me is not None
        own, _ = await create_token(session, me, "own")
        ctx.own_token_id = own.id
    await session.flush()
    return ctx


async def test_the_authorization_matrix(asgi_app: Any, session: AsyncSession) -> None:
    failures = []
    bearer: dict[str, str] = {}
    for role in ROLES[1:]:
        me = await user_by_email(session, EMAILS[role])
        assert me is not None
        bearer[role] = (await create_token(session, me, "matrix"))[1]
    await session.flush()
    for name, (call, expected) in sorted(MATRIX.items()):
        api = name.split(" ", 1)[1].startswith("/api/")
        for role in ROLES:
            ctx = await prepare(session, role)
            transport = ASGITransport(app=asgi_app)
            async with AsyncClient(transport=transport, base_url="http://testserver") as client:
                headers: dict[str, str] = {"Accept": "application/json" if api else "text/html"}
                if role != "anonymous":
                    if api:
                        headers["Authorization"] = f"Bearer {bearer[role]}"
                    else:
                        status, _cookie = await sign_in(client, email=EMAILS[role])
                        assert status == 303
                        headers["X-CSRF-Token"] = await csrf_token(client)
                response = await call(client, ctx, headers)
            got = outcome(response)
            if got != expected[role]:
                failures.append(f"{name} as {role}: expected {expected[role]}, got {got}")
    assert failures == []
