"""Every route × every role × own/other delegation has an expected outcome.

The routes come from ``app.routes``: a new route without an entry here fails the test, so
access is decided on purpose, never by accident. API routes are called with each role's
bearer token, pages with a signed-in browser session (cookie and CSRF token).
"""

from __future__ import annotations

import secrets
import types
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx import ASGITransport, AsyncClient, Response
from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.app import create_app
from draftroom.comments import service as comments
from draftroom.config import Settings
from draftroom.identity.service import create_token, create_user, user_by_email
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import get_article, get_instrument
from draftroom.models import AmendmentKind, CommentVisibility, Instrument, Role, UserSession
from draftroom.models.base import utcnow
from draftroom.wordfiles import service as wordfiles
from tests.fixtures.clients import PASSWORD, sign_in_token, signed_in
from tests.fixtures.meetings import seed as meetings_seed
from tests.fixtures.negotiation_http import seed as negotiation_seed
from tests.fixtures.wordproposals import article, ins, paragraph, provision, run, word_file

ROLES = ("anonymous", "participant", "participant_other", "observer", "secretariat", "admin")
EMAILS = {
    "participant": "delegate.fr@draftroom.example",
    "participant_other": "delegate.eg@draftroom.example",
    "observer": "observer@draftroom.example",
    "secretariat": "secretariat@draftroom.example",
    "admin": "admin@draftroom.example",
}
OK, UNAUTH, FORBIDDEN, ABSENT, CONFLICT = (
    "ok",
    "unauthenticated",
    "forbidden",
    "absent",
    "conflict",
)
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
DECIDERS = EDITORS
# Everyone signed in but observers, who follow the discussion without writing.
WRITERS = {**SIGNED_IN, "observer": FORBIDDEN}
# The working drafts: observers read the published milestones only.
DRAFT_READERS = {**SIGNED_IN, "observer": FORBIDDEN}
PARTICIPANTS = {
    **dict.fromkeys(ROLES, FORBIDDEN),
    "anonymous": UNAUTH,
    "participant": OK,
    "participant_other": OK,
}
# The French delegation's draft: only France sees it; for everyone else it does not exist.
OWN_DRAFT = {**dict.fromkeys(ROLES, ABSENT), "anonymous": UNAUTH, "participant": OK}
# Rebasing a draft that is not stale: France may try and is told why not (409).
OWN_DRAFT_NOT_STALE = {**OWN_DRAFT, "participant": CONFLICT}
# Co-sponsoring France's tabled amendment: another delegation only.
OTHER_DELEGATION = {**dict.fromkeys(ROLES, FORBIDDEN), "anonymous": UNAUTH, "participant_other": OK}
# Leaving a co-sponsorship Egypt holds: Egypt only; nobody else co-sponsors.
COSPONSOR = {**dict.fromkeys(ROLES, ABSENT), "anonymous": UNAUTH, "participant_other": OK}
# Translating France's tabled proposal: the secretariat (and admins) and France itself.
TRANSLATORS = {
    **dict.fromkeys(ROLES, FORBIDDEN),
    "anonymous": UNAUTH,
    "participant": OK,
    "secretariat": OK,
    "admin": OK,
}
# France's Word import: France and the secretariat; for everyone else it does not exist.
WORD_IMPORT = {
    **dict.fromkeys(ROLES, ABSENT),
    "anonymous": UNAUTH,
    "participant": OK,
    "secretariat": OK,
    "admin": OK,
}
WORD = "/api/v1/instruments/model-law/word-proposals"
WORD_PAGE = "/instruments/model-law/word-proposals"
# Single sign-on is off in these settings (404 for everyone); tests/identity/test_sso.py
# covers it switched on, where both routes are open to anyone by nature.
SSO_OFF = dict.fromkeys(ROLES, ABSENT)


@dataclass
class Context:
    """What a request needs: a fresh user and tokens to act on, for each attempt."""

    session: AsyncSession
    role: str
    spare_user_id: int = 0
    draft_id: int = 0
    draft_etag: str = ""
    tabled_id: int = 0
    accepted_id: int = 0
    comment_id: int = 0
    round_id: int = 0
    own_token_id: int = 0
    other_token_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


Call = Callable[[AsyncClient, Context, dict[str, str]], Awaitable[Response]]
ART = "/api/v1/instruments/model-law/articles/art_3"
NEG = "/api/v1/instruments/{slug}/articles/{key}"


def get_ctx(path: str) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.get(path.format(ctx=ctx), headers=h)

    return call


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


def sign_in_form(body: Callable[[Context], dict[str, Any]]) -> Call:
    """The sign-in form with the token its page issued (signed in: the session's token)."""

    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        token = h.get("X-CSRF-Token") or await sign_in_token(c)
        return await c.post("/sign-in", data={**body(ctx), "csrf_token": token}, headers=h)

    return call


def delete(path: str, headers: dict[str, str] | None = None) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.delete(path.format(ctx=ctx), headers={**h, **(headers or {})})

    return call


def patch_json(path: str, body: Callable[[Context], dict[str, Any]]) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.patch(path.format(ctx=ctx), json=body(ctx), headers={**h, "If-Match": "*"})

    return call


def put_json(
    path: str, body: Callable[[Context], dict[str, Any]], if_match: str | None = None
) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.put(
            path.format(ctx=ctx),
            json=body(ctx),
            headers={**h, "If-Match": if_match or ctx.draft_etag},
        )

    return call


def same_password(path: str, form: bool) -> Call:
    """Change one's password to the same one. A change signs the account's other browsers
    out; those it ended are let back in, so the role's browser goes on through the matrix."""

    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        fields = {
            "current_password": PASSWORD,
            "new_password": PASSWORD,
            "new_password_again": PASSWORD,
        }
        before = utcnow()
        if form:
            response = await c.post(path, data=fields, headers=h)
        else:
            response = await c.post(path, json=fields, headers=h)
        await ctx.session.execute(
            update(UserSession).where(UserSession.ended_at >= before).values(ended_at=None)
        )
        return response

    return call


def import_preview() -> Call:
    """The import page's preview of a small outline: reads the file, writes nothing."""

    async def call(c: AsyncClient, _ctx: Context, h: dict[str, str]) -> Response:
        outline = b"# Matrix Law\n\n## Article 1. Purpose\n1. It governs.\n"
        data = {"kind": "new", "language": "en", "slug": f"matrix-{secrets.token_hex(4)}"}
        return await c.post(
            "/instruments/import", data=data, files={"file": ("m.md", outline)}, headers=h
        )

    return call


def api_import() -> Call:
    """The API's import of a small outline as a new instrument (each attempt its own slug)."""

    async def call(c: AsyncClient, _ctx: Context, h: dict[str, str]) -> Response:
        outline = b"# Matrix Law\n\n## Article 1. Purpose\n1. It governs.\n"
        data = {"language": "en", "instrument": f"matrix-{secrets.token_hex(4)}"}
        return await c.post(
            "/api/v1/instruments/import", data=data, files={"file": ("m.md", outline)}, headers=h
        )

    return call


def remove_scratch() -> Call:
    """Removing an instrument made for the attempt: model-law stays for the other routes."""

    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        slug = f"scratch-{secrets.token_hex(4)}"
        ctx.session.add(Instrument(slug=slug, title={"en": "Scratch"}, source_language="en"))
        await ctx.session.flush()
        return await c.post(f"/instruments/{slug}/remove", data={"typed": slug}, headers=h)

    return call


def amendment_body(_ctx: Context) -> dict[str, Any]:
    return {
        "article": "art_3",
        "justification": "j",
        "provisions": [{"id": "art_3__para_1", "number": "1", "text": "Matrix."}],
    }


def editor_form(ctx: Context) -> dict[str, Any]:
    return {
        "language": "en",
        "justification": "j",
        "etag": ctx.draft_etag,
        "provision_id": ["art_3__para_1"],
        "number": ["1"],
        "text": ["Matrix."],
        "position": ["1"],
    }


def version_body(_ctx: Context) -> dict[str, Any]:
    return {
        "language": "en",
        "heading": "Relationship with treaties",
        "provisions": [{"id": "art_3__para_1", "number": "1", "text": "Matrix text."}],
    }


def word_file_for_france() -> bytes:
    """Article 3 with one change placed and one (outside any article) still undecided."""
    return word_file(
        [
            paragraph(run("Covering note ") + ins("from France")),
            *article("3", "Relationship with treaties"),
            provision("1", run("Where a treaty ") + ins("in writing ")),
        ]
    )


def upload_word_file(path: str) -> Call:
    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        return await c.post(
            path,
            files={"file": ("p.docx", word_file_for_france(), "application/octet-stream")},
            data={"delegation": str(ctx.extra["france_delegation_id"])},
            headers=h,
        )

    return call


ROLLING = "/instruments/model-law/articles/art_3/rolling"


async def rolling_setup(ctx: Context, what: str) -> int:
    """What a rolling-text form acts on, made for the attempt: France awaited on paragraph 4
    (agreed ad referendum), Mexico's request for brackets, or an alternative wording."""
    from draftroom.config import Settings as Languages
    from draftroom.models import AgreementStatus
    from draftroom.negotiation import service as negotiation

    instrument = await get_instrument(ctx.session, "model-law")
    article = await get_article(ctx.session, instrument, "art_3")
    chair = await user_by_email(ctx.session, EMAILS["secretariat"])
    mexico = await user_by_email(ctx.session, "delegate.mx@draftroom.example")
    assert chair
    assert mexico
    made: Any
    if what == "awaited":
        made = await negotiation.set_status(
            ctx.session, instrument, article, "art_3__para_4", AgreementStatus.ad_referendum,
            "Pending Paris.", ["FR"], chair, "*",
        )  # fmt: skip
    elif what == "requested":
        made = await negotiation.request_bracket(
            ctx.session, instrument, article, "art_3__para_1", "en", "the requesting State",
            "Too narrow.", mexico,
        )  # fmt: skip
    else:
        made = await negotiation.add_alternative(
            ctx.session, Languages(environment="test"), instrument, article, "art_3__para_2",
            {"en": "Another wording."}, None, chair,
        )  # fmt: skip
    await ctx.session.flush()
    return int(made.id)


MEETINGS = "/api/v1/instruments/{slug}/meetings"
MEETING = "/api/v1/instruments/model-law/meetings/{ctx.extra[meeting]}"
SPEAKER = MEETING + "/speakers/{ctx.extra[speaker]}"
MEETING_PAGE = "/instruments/model-law/meetings/{ctx.extra[meeting]}"
SPEAKER_PAGE = MEETING_PAGE + "/speakers/{ctx.extra[speaker]}"
# Delegations ask for the floor: the seeded request is France's (Egypt: another's, 404).
FLOOR_OWNER = {**OWN_DRAFT, "observer": FORBIDDEN, "secretariat": OK, "admin": OK}


def speaker_speaking(path: str) -> Call:
    """The chair's "done" on France's request, given the floor for the attempt."""

    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        from draftroom.meetings import service as meetings

        chair = await user_by_email(ctx.session, EMAILS["secretariat"])
        assert chair
        instrument = await get_instrument(ctx.session, "model-law")
        held = await meetings.get(ctx.session, instrument, ctx.extra["meeting"])
        speaker = await meetings.get_speaker(ctx.session, held, ctx.extra["speaker"])
        await meetings.give_floor(ctx.session, held, speaker, chair, "*")
        await ctx.session.flush()
        return await c.post(path.format(ctx=ctx), headers=h)

    return call


def rolling_form(path: str, body: Callable[[Context], dict[str, Any]], what: str = "") -> Call:
    """A rolling-text form, on what ``rolling_setup`` made (its id as ``{made}``)."""

    async def call(c: AsyncClient, ctx: Context, h: dict[str, str]) -> Response:
        made = await rolling_setup(ctx, what) if what else 0
        url = ROLLING + path.format(made=made)
        return await c.post(url, data=body(ctx), headers=h)

    return call


MATRIX: dict[str, tuple[Call, dict[str, str]]] = {
    "GET /healthz": (get("/healthz"), EVERYONE),
    "GET /readyz": (get("/readyz"), EVERYONE),
    "GET /docs": (get("/docs"), EVERYONE),
    "GET /favicon.ico": (get("/favicon.ico"), EVERYONE),
    "GET /openapi.json": (get("/openapi.json"), EVERYONE),
    "GET /api/v1/me": (get("/api/v1/me"), SIGNED_IN),
    "GET /api/v1/tokens": (get("/api/v1/tokens"), SIGNED_IN),
    "POST /api/v1/tokens": (post_json("/api/v1/tokens", lambda _c: {"name": "m"}), SIGNED_IN),
    # Everyone may revoke their own token; another user's token "does not exist" (404).
    "DELETE /api/v1/tokens/{token_id}": (delete("/api/v1/tokens/{ctx.own_token_id}"), SIGNED_IN),
    "PUT /api/v1/me/time-zone": (
        put_json("/api/v1/me/time-zone", lambda _c: {"time_zone": "Europe/Paris"}),
        SIGNED_IN,
    ),
    "POST /api/v1/me/password": (same_password("/api/v1/me/password", form=False), SIGNED_IN),
    "POST /api/v1/users/{user_id}/password-reset": (
        post_json("/api/v1/users/{ctx.spare_user_id}/password-reset", lambda _c: {}),
        ADMINS,
    ),
    "DELETE /api/v1/users/{user_id}/sign-in-failures": (
        delete("/api/v1/users/{ctx.spare_user_id}/sign-in-failures"),
        ADMINS,
    ),
    "GET /api/v1/instruments": (get("/api/v1/instruments"), SIGNED_IN),
    "GET /api/v1/instruments/{slug}": (get("/api/v1/instruments/model-law"), SIGNED_IN),
    "GET /api/v1/instruments/{slug}/articles/{key}": (get(ART), DRAFT_READERS),
    "GET /api/v1/instruments/{slug}/articles/{key}/versions": (
        get(f"{ART}/versions"),
        DRAFT_READERS,
    ),
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
    "GET /api/v1/instruments/{slug}/amendments": (
        get("/api/v1/instruments/model-law/amendments"),
        SIGNED_IN,
    ),
    "POST /api/v1/instruments/{slug}/amendments": (
        post_json("/api/v1/instruments/model-law/amendments", amendment_body),
        PARTICIPANTS,
    ),
    "GET /api/v1/amendments/{amendment_id}": (
        get_ctx("/api/v1/amendments/{ctx.draft_id}"),
        OWN_DRAFT,
    ),
    "GET /api/v1/amendments/{amendment_id}/timeline": (
        get_ctx("/api/v1/amendments/{ctx.draft_id}/timeline"),
        OWN_DRAFT,
    ),
    "PUT /api/v1/amendments/{amendment_id}": (
        put_json("/api/v1/amendments/{ctx.draft_id}", amendment_body),
        OWN_DRAFT,
    ),
    "POST /api/v1/amendments/{amendment_id}/transitions": (
        post_json(
            "/api/v1/amendments/{ctx.tabled_id}/transitions",
            lambda c: {"action": "review"},
            {"If-Match": "*"},
        ),
        DECIDERS,
    ),
    "POST /api/v1/amendments/{amendment_id}/rebase": (
        post_json("/api/v1/amendments/{ctx.draft_id}/rebase", lambda c: {}, {"If-Match": "*"}),
        OWN_DRAFT_NOT_STALE,
    ),
    "POST /api/v1/amendments/{amendment_id}/cosponsors": (
        post_json("/api/v1/amendments/{ctx.tabled_id}/cosponsors", lambda c: {}),
        {**OTHER_DELEGATION, "participant_other": CONFLICT},
    ),
    "DELETE /api/v1/amendments/{amendment_id}/cosponsors": (
        delete("/api/v1/amendments/{ctx.tabled_id}/cosponsors"),
        COSPONSOR,
    ),
    "GET /api/v1/amendments/{amendment_id}/translations": (
        get_ctx("/api/v1/amendments/{ctx.tabled_id}/translations"),
        SIGNED_IN,
    ),
    "PUT /api/v1/amendments/{amendment_id}/translations/{language}": (
        put_json(
            "/api/v1/amendments/{ctx.tabled_id}/translations/fr",
            lambda c: {"provisions": [{"id": "art_3__para_1", "text": "Traduction."}]},
            if_match="*",
        ),
        TRANSLATORS,
    ),
    "POST /api/v1/amendments/preview": (
        post_json(
            "/api/v1/amendments/preview",
            lambda c: {"provisions": [{"id": "x", "number": "1", "text": "t"}]},
        ),
        SIGNED_IN,
    ),
    "GET /api/v1/instruments/{slug}/rounds": (
        get("/api/v1/instruments/model-law/rounds"),
        SIGNED_IN,
    ),
    "POST /api/v1/instruments/{slug}/rounds": (
        post_json(
            "/api/v1/instruments/model-law/rounds",
            lambda c: {"name": "R", "deadline": "2040-01-01T00:00:00"},
        ),
        DECIDERS,
    ),
    "POST /api/v1/rounds/{round_id}/close": (
        post_json("/api/v1/rounds/{ctx.round_id}/close", lambda c: {}),
        DECIDERS,
    ),
    "POST /api/v1/rounds/{round_id}/extend": (
        post_json(
            "/api/v1/rounds/{ctx.round_id}/extend", lambda c: {"deadline": "2040-01-01T00:00"}
        ),
        DECIDERS,
    ),
    # The matrix's round is open: the secretariat may reopen rounds, but extends this one.
    "POST /api/v1/rounds/{round_id}/reopen": (
        post_json(
            "/api/v1/rounds/{ctx.round_id}/reopen", lambda c: {"deadline": "2040-01-01T00:00"}
        ),
        {**DECIDERS, "secretariat": CONFLICT, "admin": CONFLICT},
    ),
    "GET /instruments/{slug}/amendments": (
        get("/instruments/model-law/amendments?status=tabled"),
        SIGNED_IN,
    ),
    "GET /instruments/{slug}/review": (get("/instruments/model-law/review"), DECIDERS),
    "GET /instruments/{slug}/articles/{key}/propose": (
        get("/instruments/model-law/articles/art_3/propose"),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/articles/{key}/propose": (
        post_form("/instruments/model-law/articles/art_3/propose", editor_form),
        PARTICIPANTS,
    ),
    "GET /instruments/{slug}/propose-article": (
        get("/instruments/model-law/propose-article"),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/propose-article": (
        post_form(
            "/instruments/model-law/propose-article",
            lambda c: {**editor_form(c), "heading": "New", "provision_id": [""]},
        ),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/articles/{key}/propose-deletion": (
        post_form(
            "/instruments/model-law/articles/art_31/propose-deletion",
            lambda c: {"language": "en", "justification": "Redundant."},
        ),
        PARTICIPANTS,
    ),
    "GET /amendments/{amendment_id}": (get_ctx("/amendments/{ctx.draft_id}"), OWN_DRAFT),
    "GET /amendments/{amendment_id}/edit": (get_ctx("/amendments/{ctx.draft_id}/edit"), OWN_DRAFT),
    "POST /amendments/{amendment_id}/edit": (
        post_form("/amendments/{ctx.draft_id}/edit", editor_form),
        OWN_DRAFT,
    ),
    "POST /amendments/{amendment_id}/transition": (
        post_form(
            "/amendments/{ctx.tabled_id}/transition", lambda c: {"action": "review", "etag": "*"}
        ),
        DECIDERS,
    ),
    "GET /amendments/{amendment_id}/rebase": (
        get_ctx("/amendments/{ctx.draft_id}/rebase"),
        OWN_DRAFT_NOT_STALE,
    ),
    "POST /amendments/{amendment_id}/rebase": (
        post_form("/amendments/{ctx.draft_id}/rebase", lambda c: {"etag": c.draft_etag}),
        OWN_DRAFT_NOT_STALE,
    ),
    "POST /amendments/{amendment_id}/cosponsors": (
        post_form("/amendments/{ctx.tabled_id}/cosponsors", lambda c: {"leave": "true"}),
        COSPONSOR,
    ),
    "POST /amendments/{amendment_id}/translations": (
        post_form(
            "/amendments/{ctx.tabled_id}/translations",
            lambda c: {
                "language": "fr",
                "provision_id": ["art_3__para_1"],
                "text": ["Traduction."],
            },
        ),
        TRANSLATORS,
    ),
    "GET /instruments/{slug}/rounds": (get("/instruments/model-law/rounds"), SIGNED_IN),
    "POST /instruments/{slug}/rounds": (
        post_form(
            "/instruments/model-law/rounds",
            lambda c: {"name": "R", "deadline": "2040-01-01T10:00", "timezone": "UTC"},
        ),
        DECIDERS,
    ),
    "GET /rounds/{round_id}/close": (get_ctx("/rounds/{ctx.round_id}/close"), DECIDERS),
    "POST /rounds/{round_id}/close": (
        post_form("/rounds/{ctx.round_id}/close", lambda c: {"confirm": "yes"}),
        DECIDERS,
    ),
    "POST /rounds/{round_id}/extend": (
        post_form("/rounds/{ctx.round_id}/extend", lambda c: {"deadline": "2040-01-01T10:00"}),
        DECIDERS,
    ),
    "POST /rounds/{round_id}/reopen": (
        post_form("/rounds/{ctx.round_id}/reopen", lambda c: {"deadline": "2040-01-01T10:00"}),
        {**DECIDERS, "secretariat": CONFLICT, "admin": CONFLICT},
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/compare": (
        get("/api/v1/instruments/model-law/articles/art_1/compare"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/compare": (
        get("/api/v1/instruments/model-law/compare"),
        DRAFT_READERS,
    ),
    # Observers read what a milestone froze (tests/negotiation/test_consistency.py).
    "GET /api/v1/instruments/{slug}/negotiation/consistency": (
        get("/api/v1/instruments/model-law/negotiation/consistency"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/synoptic": (
        get("/api/v1/instruments/model-law/articles/art_3/synoptic"),
        DRAFT_READERS,
    ),
    # Observers compare milestones: the form's defaults are milestones for them.
    "GET /instruments/{slug}/articles/{key}/compare": (
        get("/instruments/model-law/articles/art_1/compare?view=side"),
        SIGNED_IN,
    ),
    "GET /instruments/{slug}/compare": (get("/instruments/model-law/compare"), DRAFT_READERS),
    "GET /instruments/{slug}/articles/{key}/synoptic": (
        get("/instruments/model-law/articles/art_3/synoptic"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/export.{fmt}": (
        get("/api/v1/instruments/model-law/export.html?milestone=2007 text"),
        SIGNED_IN,
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/export.{fmt}": (
        get("/api/v1/instruments/model-law/articles/art_3/export.html?milestone=2007 text"),
        SIGNED_IN,
    ),
    "GET /api/v1/instruments/{slug}/compare.{fmt}": (
        get("/api/v1/instruments/model-law/compare.csv"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/compare.{fmt}": (
        get("/api/v1/instruments/model-law/articles/art_1/compare.docx"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/synoptic.{fmt}": (
        get("/api/v1/instruments/model-law/articles/art_3/synoptic.xlsx"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/synoptic": (
        get("/api/v1/instruments/model-law/synoptic"),
        DRAFT_READERS,
    ),
    "GET /instruments/{slug}/synoptic": (get("/instruments/model-law/synoptic"), DRAFT_READERS),
    "POST /api/v1/instruments/{slug}/articles/{key}/consolidation/preview": (
        post_json(
            "/api/v1/instruments/model-law/articles/art_3/consolidation/preview",
            lambda c: {"amendments": [c.accepted_id]},
        ),
        EDITORS,
    ),
    "POST /api/v1/instruments/{slug}/articles/{key}/consolidation": (
        post_json(
            "/api/v1/instruments/model-law/articles/art_3/consolidation",
            lambda c: {"amendments": [c.accepted_id]},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    "POST /api/v1/instruments/{slug}/articles/{key}/restore": (
        post_json(
            "/api/v1/instruments/model-law/articles/art_3/restore",
            lambda c: {"version": 1},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    "GET /instruments/{slug}/articles/{key}/consolidate": (
        get("/instruments/model-law/articles/art_3/consolidate"),
        EDITORS,
    ),
    "POST /instruments/{slug}/articles/{key}/consolidate": (
        post_form(
            "/instruments/model-law/articles/art_3/consolidate",
            lambda c: {"language": "en", "amendment": [str(c.accepted_id)]},
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/articles/{key}/consolidate/confirm": (
        post_form(
            "/instruments/model-law/articles/art_3/consolidate/confirm",
            lambda c: {"language": "en", "etag": "*", "amendment": [str(c.accepted_id)]},
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/articles/{key}/restore": (
        post_form(
            "/instruments/model-law/articles/art_3/restore",
            lambda c: {"language": "en", "version": "1", "etag": "*"},
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/milestones": (
        post_form(
            "/instruments/model-law/milestones",
            lambda c: {"name": f"Page {c.role} {secrets.token_hex(3)}"},
        ),
        EDITORS,
    ),
    "GET /api/v1/instruments/{slug}/articles/{key}/comments": (
        get("/api/v1/instruments/model-law/articles/art_3/comments"),
        SIGNED_IN,
    ),
    "POST /api/v1/instruments/{slug}/articles/{key}/comments": (
        post_json(
            "/api/v1/instruments/model-law/articles/art_3/comments", lambda c: {"body": "A remark."}
        ),
        WRITERS,
    ),
    # Each role acts on its own comment (observers on someone else's: they cannot write).
    "PATCH /api/v1/comments/{comment_id}": (
        patch_json("/api/v1/comments/{ctx.comment_id}", lambda c: {"body": "Edited."}),
        WRITERS,
    ),
    "DELETE /api/v1/comments/{comment_id}": (
        delete("/api/v1/comments/{ctx.comment_id}", {"If-Match": "*"}),
        WRITERS,
    ),
    "POST /api/v1/comments/{comment_id}/resolve": (
        post_json("/api/v1/comments/{ctx.comment_id}/resolve", lambda c: {}, {"If-Match": "*"}),
        WRITERS,
    ),
    "POST /api/v1/comments/{comment_id}/reopen": (
        post_json("/api/v1/comments/{ctx.comment_id}/reopen", lambda c: {}, {"If-Match": "*"}),
        WRITERS,
    ),
    "POST /comments/{comment_id}/edit": (
        post_form("/comments/{ctx.comment_id}/edit", lambda c: {"body": "Edited.", "etag": "*"}),
        WRITERS,
    ),
    "POST /comments/{comment_id}/delete": (
        post_form("/comments/{ctx.comment_id}/delete", lambda c: {"etag": "*"}),
        WRITERS,
    ),
    "POST /comments/{comment_id}/{action}": (
        post_form("/comments/{ctx.comment_id}/resolve", lambda c: {"etag": "*"}),
        WRITERS,
    ),
    "POST /instruments/{slug}/articles/{key}/comments": (
        post_form(
            "/instruments/model-law/articles/art_3/comments",
            lambda c: {"body": "A remark.", "language": "en"},
        ),
        WRITERS,
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
        sign_in_form(
            lambda _c: {"email": "observer@draftroom.example", "password": "draftroom-demo"}
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
    "POST /account/time-zone": (
        post_form("/account/time-zone", lambda _c: {"time_zone": "Asia/Tokyo"}),
        SIGNED_IN,
    ),
    "POST /account/password": (same_password("/account/password", form=True), SIGNED_IN),
    "POST /admin/users/{user_id}/password": (
        post_form("/admin/users/{ctx.spare_user_id}/password", lambda _c: {}),
        ADMINS,
    ),
    "POST /account/language": (
        post_form("/account/language", lambda _c: {"language": "fr"}),
        SIGNED_IN,
    ),
    "GET /admin": (get("/admin"), ADMINS),
    "GET /admin/instruments": (get("/admin/instruments"), ADMINS),
    "GET /instruments/import": (get("/instruments/import"), EDITORS),
    "POST /instruments/import": (import_preview(), EDITORS),
    "POST /api/v1/instruments/import": (api_import(), EDITORS),
    "GET /instruments/{slug}/remove": (get("/instruments/model-law/remove"), ADMINS),
    "POST /instruments/{slug}/remove": (remove_scratch(), ADMINS),
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
    "POST /admin/users/{user_id}/unlock": (
        post_form("/admin/users/{ctx.spare_user_id}/unlock", lambda _c: {}),
        ADMINS,
    ),
    # A Word file in as France's proposals: France itself, or the secretariat for France.
    "POST /api/v1/instruments/{slug}/word-proposals": (upload_word_file(WORD), TRANSLATORS),
    "GET /instruments/{slug}/word-proposals": (get(WORD_PAGE), WRITERS),
    "POST /instruments/{slug}/word-proposals": (upload_word_file(WORD_PAGE), TRANSLATORS),
    "GET /instruments/{slug}/word-proposals/{import_id}": (
        get_ctx(WORD_PAGE + "/{ctx.extra[word_import_id]}"),
        WORD_IMPORT,
    ),
    "POST /instruments/{slug}/word-proposals/{import_id}/decisions": (
        post_form(
            WORD_PAGE + "/{ctx.extra[word_import_id]}/decisions",
            lambda _c: {"item": "c1", "skip": "1"},
        ),
        WORD_IMPORT,
    ),
    "POST /instruments/{slug}/word-proposals/{import_id}/confirm": (
        post_form(WORD_PAGE + "/{ctx.extra[word_import_id]}/confirm", lambda _c: {}),
        {**WORD_IMPORT, "participant": CONFLICT, "secretariat": CONFLICT, "admin": CONFLICT},
    ),
    "GET /api/v1/instruments/{slug}/word-proposals/{import_id}": (
        get_ctx(WORD + "/{ctx.extra[word_import_id]}"),
        WORD_IMPORT,
    ),
    "POST /api/v1/instruments/{slug}/word-proposals/{import_id}/decisions": (
        post_json(
            WORD + "/{ctx.extra[word_import_id]}/decisions", lambda _c: {"item": "c1", "skip": True}
        ),
        WORD_IMPORT,
    ),
    # Confirming with a change still undecided: those who may are told why not (409).
    "POST /api/v1/instruments/{slug}/word-proposals/{import_id}/confirm": (
        post_json(WORD + "/{ctx.extra[word_import_id]}/confirm", lambda _c: {}),
        {**WORD_IMPORT, "participant": CONFLICT, "secretariat": CONFLICT, "admin": CONFLICT},
    ),
    # The rolling text (tests/fixtures/negotiation_http.seed): delegations ask, the
    # secretariat decides, observers read milestones only (so not the working state).
    f"GET {NEG}/rolling": (get(f"{ART}/rolling"), DRAFT_READERS),
    # Its downloads: the same rule (a milestone's for observers: tests/negotiation/test_exports.py).
    f"GET {NEG}/rolling.{{fmt}}": (get(f"{ART}/rolling.csv"), DRAFT_READERS),
    "GET /api/v1/instruments/{slug}/rolling.{fmt}": (
        get("/api/v1/instruments/model-law/rolling.html?view=clean"),
        DRAFT_READERS,
    ),
    "GET /api/v1/instruments/{slug}/progress": (
        get("/api/v1/instruments/model-law/progress"),
        SIGNED_IN,
    ),
    f"GET {NEG}/progress": (get(f"{ART}/progress"), DRAFT_READERS),
    f"GET {NEG}/provisions/{{pid}}": (get(f"{ART}/provisions/art_3__para_1"), DRAFT_READERS),
    f"GET {NEG}/provisions/{{pid}}/status": (
        get(f"{ART}/provisions/art_3__para_1/status"),
        DRAFT_READERS,
    ),
    f"PUT {NEG}/provisions/{{pid}}/status": (
        put_json(
            f"{ART}/provisions/art_3__para_1/status",
            lambda _c: {"status": "open", "reason": "Matrix."},
            if_match="*",
        ),
        EDITORS,
    ),
    # Paragraph 4 awaits France's confirmation only: Egypt is told it is not awaited.
    f"POST {NEG}/provisions/{{pid}}/status/confirm": (
        post_json(
            f"{ART}/provisions/art_3__para_4/status/confirm", lambda _c: {}, {"If-Match": "*"}
        ),
        {**PARTICIPANTS, "participant_other": CONFLICT},
    ),
    f"POST {NEG}/provisions/{{pid}}/brackets": (
        post_json(
            f"{ART}/provisions/art_3__para_3/brackets",
            lambda _c: {"language": "en", "quote": "in itself", "reason": "Matrix."},
        ),
        WRITERS,
    ),
    f"GET {NEG}/brackets/{{bracket_id}}": (
        get_ctx(ART + "/brackets/{ctx.extra[placed_bracket]}"),
        DRAFT_READERS,
    ),
    # France asked for these brackets: it is told so; Egypt joins.
    f"POST {NEG}/brackets/{{bracket_id}}/support": (
        post_json(
            ART + "/brackets/{ctx.extra[requested_bracket]}/support",
            lambda _c: {"reason": "Matrix."},
        ),
        {**PARTICIPANTS, "participant": CONFLICT},
    ),
    f"POST {NEG}/brackets/{{bracket_id}}/place": (
        post_json(
            ART + "/brackets/{ctx.extra[requested_bracket]}/place",
            lambda _c: {"reason": "Matrix."},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    f"POST {NEG}/brackets/{{bracket_id}}/decline": (
        post_json(
            ART + "/brackets/{ctx.extra[requested_bracket]}/decline",
            lambda _c: {"reason": "Matrix."},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    f"POST {NEG}/brackets/{{bracket_id}}/lift": (
        post_json(
            ART + "/brackets/{ctx.extra[placed_bracket]}/lift",
            lambda _c: {"reason": "Matrix."},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    f"PUT {NEG}/brackets/{{bracket_id}}/spans/{{language}}": (
        put_json(
            ART + "/brackets/{ctx.extra[placed_bracket]}/spans/fr",
            lambda _c: {"quote": "et de la réciprocité"},
            if_match="*",
        ),
        EDITORS,
    ),
    f"POST {NEG}/provisions/{{pid}}/alternatives": (
        post_json(
            f"{ART}/provisions/art_3__para_2/alternatives",
            lambda _c: {"texts": {"en": "Matrix wording."}},
        ),
        EDITORS,
    ),
    f"POST {NEG}/provisions/{{pid}}/alternatives/from-proposal": (
        post_json(
            f"{ART}/provisions/art_3__para_1/alternatives/from-proposal",
            lambda c: {"amendment": c.tabled_id},
        ),
        EDITORS,
    ),
    f"POST {NEG}/provisions/{{pid}}/alternatives/keep": (
        post_json(
            f"{ART}/provisions/art_3__para_3/alternatives/keep", lambda _c: {"reason": "Matrix."}
        ),
        EDITORS,
    ),
    f"GET {NEG}/alternatives/{{alternative_id}}": (
        get_ctx(ART + "/alternatives/{ctx.extra[alternative]}"),
        DRAFT_READERS,
    ),
    f"POST {NEG}/alternatives/{{alternative_id}}/support": (
        post_json(ART + "/alternatives/{ctx.extra[alternative]}/support", lambda _c: {}),
        PARTICIPANTS,
    ),
    f"PUT {NEG}/alternatives/{{alternative_id}}/texts/{{language}}": (
        put_json(
            ART + "/alternatives/{ctx.extra[alternative]}/texts/fr",
            lambda _c: {"text": "La réciprocité n'est pas requise."},
            if_match="*",
        ),
        EDITORS,
    ),
    f"POST {NEG}/alternatives/{{alternative_id}}/choose": (
        post_json(
            ART + "/alternatives/{ctx.extra[alternative]}/choose",
            lambda _c: {"reason": "Matrix."},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    # The rolling text's pages: observers read a milestone's (the working text refused them);
    # delegations ask, the secretariat decides.
    "GET /instruments/{slug}/articles/{key}/rolling": (
        get(ROLLING + "?langs=en,ar"),
        DRAFT_READERS,
    ),
    "GET /instruments/{slug}/progress": (get("/instruments/model-law/progress"), SIGNED_IN),
    "POST /instruments/{slug}/articles/{key}/rolling/status": (
        rolling_form(
            "/status",
            lambda c: {"provision": "art_3__para_1", "status": "open", "reason": "r", "etag": "*"},
        ),
        DECIDERS,
    ),
    # France is awaited; Egypt is not (409).
    "POST /instruments/{slug}/articles/{key}/rolling/confirm": (
        rolling_form("/confirm", lambda c: {"provision": "art_3__para_4", "etag": "*"}, "awaited"),
        {**PARTICIPANTS, "participant_other": CONFLICT},
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/brackets": (
        rolling_form(
            "/brackets",
            lambda c: {
                "provision": "art_3__para_1",
                "language": "en",
                "quote": "the requesting State",
                "reason": "r",
            },
        ),
        WRITERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/support": (
        rolling_form("/brackets/{made}/support", lambda c: {"reason": "r"}, "requested"),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/decide": (
        rolling_form(
            "/brackets/{made}/decide",
            lambda c: {"action": "place", "reason": "r", "etag": "*"},
            "requested",
        ),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/brackets/{bracket_id}/align": (
        rolling_form(
            "/brackets/{made}/align",
            lambda c: {"language": "ar", "quote": "والدولة الطالبة", "etag": "*"},
            "requested",
        ),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/alternatives": (
        rolling_form("/alternatives", lambda c: {"provision": "art_3__para_2", "text-en": "W."}),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/alternatives/from-proposal": (
        rolling_form("/alternatives/from-proposal", lambda c: {"amendment": str(c.tabled_id)}),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/support": (
        rolling_form("/alternatives/{made}/support", lambda c: {}, "alternative"),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/translate": (
        rolling_form(
            "/alternatives/{made}/translate",
            lambda c: {"language": "fr", "text": "Autre formulation.", "etag": "*"},
            "alternative",
        ),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/alternatives/{alternative_id}/choose": (
        rolling_form(
            "/alternatives/{made}/choose", lambda c: {"reason": "r", "etag": "*"}, "alternative"
        ),
        DECIDERS,
    ),
    "POST /instruments/{slug}/articles/{key}/rolling/keep": (
        rolling_form("/keep", lambda c: {"provision": "art_3__para_2", "reason": "r"}),
        DECIDERS,
    ),
    # Meetings (tests/fixtures/meetings.seed): only the secretariat chairs; only a
    # delegation's members ask for its floor; everyone signed in, observers too, follows.
    f"GET {MEETINGS}": (get("/api/v1/instruments/model-law/meetings"), SIGNED_IN),
    f"POST {MEETINGS}": (
        post_json(
            "/api/v1/instruments/model-law/meetings",
            lambda _c: {
                "title": "Matrix",
                "starts_on": "2027-01-04",
                "ends_on": "2027-01-05",
                "timezone": "Europe/Vienna",
                "agenda": [{"articles": ["art_3"]}],
            },
        ),
        EDITORS,
    ),
    f"GET {MEETINGS}/{{meeting_id}}": (get_ctx(MEETING), SIGNED_IN),
    f"PUT {MEETINGS}/{{meeting_id}}": (
        put_json(
            MEETING,
            lambda _c: {
                "title": "Matrix, resumed",
                "starts_on": "2027-03-01",
                "ends_on": "2027-03-02",
                "timezone": "Europe/Vienna",
            },
            if_match="*",
        ),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/open": (
        post_json(
            "/api/v1/instruments/model-law/meetings/{ctx.extra[planned_meeting]}/open",
            lambda _c: {},
            {"If-Match": "*"},
        ),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/close": (
        post_json(MEETING + "/close", lambda _c: {}, {"If-Match": "*"}),
        EDITORS,
    ),
    f"GET {MEETINGS}/{{meeting_id}}/state": (get_ctx(MEETING + "/state"), SIGNED_IN),
    f"PUT {MEETINGS}/{{meeting_id}}/pointer": (
        put_json(
            MEETING + "/pointer",
            lambda _c: {"article": "art_3", "provision": "art_3__para_2", "view": "rolling"},
            if_match="*",
        ),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/speakers": (
        post_json(MEETING + "/speakers", lambda _c: {"kind": "point_of_order"}),
        PARTICIPANTS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/speakers/{{speaker_id}}/withdraw": (
        post_json(SPEAKER + "/withdraw", lambda _c: {}),
        FLOOR_OWNER,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/speakers/{{speaker_id}}/floor": (
        post_json(SPEAKER + "/floor", lambda _c: {}, {"If-Match": "*"}),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/speakers/{{speaker_id}}/done": (
        speaker_speaking(SPEAKER + "/done"),
        EDITORS,
    ),
    f"PUT {MEETINGS}/{{meeting_id}}/speakers/{{speaker_id}}/position": (
        put_json(SPEAKER + "/position", lambda _c: {"index": 0}, if_match="*"),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/list/close": (
        post_json(MEETING + "/list/close", lambda _c: {}, {"If-Match": "*"}),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/list/reopen": (
        post_json(MEETING + "/list/reopen", lambda _c: {}, {"If-Match": "*"}),
        EDITORS,
    ),
    f"POST {MEETINGS}/{{meeting_id}}/decisions": (
        post_json(
            MEETING + "/decisions",
            lambda _c: {"kind": "deferred", "provision": "art_3__para_1", "reserved": ["EG"]},
        ),
        EDITORS,
    ),
    f"GET {MEETINGS}/{{meeting_id}}/decisions": (get_ctx(MEETING + "/decisions"), SIGNED_IN),
    # The meeting's documents: read by everyone signed in, observers included.
    f"GET {MEETINGS}/{{meeting_id}}/decisions.{{fmt}}": (
        get_ctx(MEETING + "/decisions.csv?lang=fr"),
        SIGNED_IN,
    ),
    f"GET {MEETINGS}/{{meeting_id}}/status.{{fmt}}": (
        get_ctx(MEETING + "/status.html?lang=ar"),
        SIGNED_IN,
    ),
    f"GET {MEETINGS}/{{meeting_id}}/proposals.{{fmt}}": (
        get_ctx(MEETING + "/proposals.akn"),
        SIGNED_IN,
    ),
    # The meeting pages (meetings/pages.py): everyone signed in follows, observers too;
    # the chair's console acts for the secretariat; a delegation asks for its own floor.
    "GET /instruments/{slug}/meetings": (get("/instruments/model-law/meetings"), SIGNED_IN),
    "POST /instruments/{slug}/meetings": (
        post_form(
            "/instruments/model-law/meetings",
            lambda _c: {
                "title": "Matrix",
                "starts_on": "2027-01-04",
                "ends_on": "2027-01-05",
                "timezone": "Europe/Vienna",
                "agenda": "3",
            },
        ),
        EDITORS,
    ),
    "GET /instruments/{slug}/meetings/{meeting_id}": (get_ctx(MEETING_PAGE), SIGNED_IN),
    "GET /instruments/{slug}/meetings/{meeting_id}/follow": (
        get_ctx(MEETING_PAGE + "/follow?langs=ar,zh"),
        SIGNED_IN,
    ),
    "GET /instruments/{slug}/meetings/{meeting_id}/projector": (
        get_ctx(MEETING_PAGE + "/projector?langs=en,fr"),
        SIGNED_IN,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/open": (
        post_form(
            "/instruments/model-law/meetings/{ctx.extra[planned_meeting]}/open",
            lambda _c: {"etag": "*"},
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/close": (
        post_form(MEETING_PAGE + "/close", lambda _c: {"etag": "*"}),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/pointer": (
        post_form(
            MEETING_PAGE + "/pointer",
            lambda _c: {"target": "art_3#art_3__para_2", "view": "rolling", "etag": "*"},
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/list": (
        post_form(MEETING_PAGE + "/list", lambda _c: {"closed": "1", "etag": "*"}),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speaking-time": (
        post_form(
            MEETING_PAGE + "/speaking-time", lambda _c: {"speaking_minutes": "2", "etag": "*"}
        ),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speakers": (
        post_form(MEETING_PAGE + "/speakers", lambda _c: {"kind": "point_of_order"}),
        PARTICIPANTS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/withdraw": (
        post_form(SPEAKER_PAGE + "/withdraw", lambda _c: {}),
        FLOOR_OWNER,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/floor": (
        post_form(SPEAKER_PAGE + "/floor", lambda _c: {"etag": "*"}),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/done": (
        speaker_speaking(SPEAKER_PAGE + "/done"),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/speakers/{speaker_id}/move": (
        post_form(SPEAKER_PAGE + "/move", lambda _c: {"direction": "up", "etag": "*"}),
        EDITORS,
    ),
    "POST /instruments/{slug}/meetings/{meeting_id}/decisions": (
        post_form(MEETING_PAGE + "/decisions", lambda _c: {"kind": "deferred", "reserved": "EG"}),
        EDITORS,
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
    if response.status_code == 409:
        return CONFLICT
    return f"unexpected {response.status_code}: {response.text[:200]}"


def test_every_route_has_an_entry(settings: Any) -> None:
    app = create_app(settings)
    assert routes(app) - set(MATRIX) == set(), "add the new routes to MATRIX"
    assert set(MATRIX) - routes(app) == set(), "MATRIX names routes that no longer exist"


async def prepare(session: AsyncSession, settings: Settings, role: str) -> Context:
    """What ``role``'s attempt acts on: the shared objects, then its own."""
    ctx = await prepare_shared(session, settings, role)
    await prepare_own(session, ctx)
    return ctx


async def prepare_shared(session: AsyncSession, settings: Settings, role: str) -> Context:
    """A spare user, a round, France's draft, tabled (Egypt co-sponsoring) and accepted
    amendments, a token of the spare user's."""
    spare = await create_user(
        session, f"spare{secrets.token_hex(8)}@example.org", "Spare", Role.observer, None
    )
    ctx = Context(session, role, spare_user_id=spare.id)
    france = await user_by_email(session, EMAILS["participant"])
    egypt = await user_by_email(session, EMAILS["participant_other"])
    secretariat = await user_by_email(session, EMAILS["secretariat"])
    assert france
    assert egypt
    assert secretariat
    instrument = await get_instrument(session, "model-law")
    found = await amendments.open_round(
        session,
        instrument,
        name="Matrix",
        deadline=utcnow() + timedelta(days=1),
        timezone="UTC",
        article_keys=None,
        actor=secretariat,
    )
    ctx.round_id = found.id

    def proposal() -> amendments.Proposal:
        return amendments.Proposal(
            kind=AmendmentKind.provisions,
            language="en",
            article_key="art_3",
            provisions=[ProvisionIn(id="art_3__para_1", number="1", text=secrets.token_hex(8))],
            heading=None,
            justification="Because.",
            note=NOTE,
        )

    draft = await amendments.create(session, settings, instrument, proposal(), france)
    ctx.draft_id, ctx.draft_etag = draft.id, amendments.etag(draft)
    tabled = await amendments.create(session, settings, instrument, proposal(), france)
    await amendments.transition(session, settings, tabled, "table", france, amendments.etag(tabled))
    await amendments.join(session, tabled, egypt)
    ctx.tabled_id = tabled.id
    accepted = await amendments.create(session, settings, instrument, proposal(), france)
    for action, actor in (("table", france), ("review", secretariat), ("accept", secretariat)):
        await amendments.transition(
            session, settings, accepted, action, actor, amendments.etag(accepted)
        )
    ctx.accepted_id = accepted.id
    other, _ = await create_token(session, spare, "other")
    ctx.other_token_id = other.id
    word_import = await wordfiles.upload(
        session,
        settings,
        instrument,
        france,
        data=word_file_for_france(),
        filename="p.docx",
        language="en",
        delegation_id=None,
    )
    ctx.extra["word_import_id"] = word_import.id
    ctx.extra["france_delegation_id"] = france.delegation_id
    ctx.extra.update(await negotiation_seed(session, settings, secretariat, france))
    ctx.extra.update(await meetings_seed(session, settings, secretariat, france))
    await session.flush()
    return ctx


async def prepare_own(session: AsyncSession, ctx: Context) -> None:
    """The role's own: a comment of its own (France's for those who cannot comment), a token."""
    role = ctx.role
    france = await user_by_email(session, EMAILS["participant"])
    assert france
    instrument = await get_instrument(session, "model-law")
    article = await get_article(session, instrument, "art_3")
    mine = await user_by_email(session, EMAILS[role]) if role != "anonymous" else None
    if mine is not None and mine.role is not Role.observer:
        note = await comments.create(
            session,
            instrument,
            article,
            language="en",
            body="Note.",
            actor=mine,
            visibility_=CommentVisibility.everyone,
        )
        ctx.comment_id = note.id
    else:
        note = await comments.create(
            session,
            instrument,
            article,
            language="en",
            body="Note.",
            actor=france,
            visibility_=CommentVisibility.everyone,
        )
        ctx.comment_id = note.id
    if role != "anonymous":
        me = await user_by_email(session, EMAILS[role])
        assert me is not None
        own, _ = await create_token(session, me, "own")
        ctx.own_token_id = own.id
    await session.flush()


@pytest.mark.parametrize("name", sorted(MATRIX))
async def test_the_authorization_matrix(
    name: str, asgi_app: Any, session: AsyncSession, settings: Settings
) -> None:
    """This route answers each role as MATRIX says (each role on a fresh ``prepare``)."""
    call, expected = MATRIX[name]
    api = name.split(" ", 1)[1].startswith("/api/")
    failures = []
    bearer: dict[str, str] = {}
    for role in ROLES[1:]:
        me = await user_by_email(session, EMAILS[role])
        assert me is not None
        bearer[role] = (await create_token(session, me, "matrix"))[1]
    await session.flush()
    browsers: dict[str, tuple[AsyncClient, str]] = {}

    async def browser(role: str, fresh: bool = False) -> tuple[AsyncClient, str]:
        """One signed-in browser per role, kept while its session lasts."""
        if role not in browsers or fresh:
            client = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
            browsers[role] = (client, await signed_in(client, EMAILS[role]))
        return browsers[role]

    anonymous = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
    shared = await prepare_shared(session, settings, "anonymous")
    for role in ROLES:
        # Each role's attempt in a savepoint, rolled back after it: the next role finds the
        # shared objects as they were made, as if prepared afresh.
        attempt = await session.begin_nested()
        ctx = replace(shared, role=role)
        await prepare_own(session, ctx)
        headers: dict[str, str] = {"Accept": "application/json" if api else "text/html"}
        client = anonymous
        if role != "anonymous" and api:
            headers["Authorization"] = f"Bearer {bearer[role]}"
        elif role != "anonymous":
            client, headers["X-CSRF-Token"] = await browser(role)
        response = await call(client, ctx, headers)
        anonymous.cookies.clear()
        if "draftroom_session" in response.headers.get("set-cookie", "") and role in browsers:
            # Signing in or out replaced this browser's session: start a new one.
            await browser(role, fresh=True)
        got = outcome(response)
        if got != expected[role]:
            failures.append(f"{name} as {role}: expected {expected[role]}, got {got}")
        await attempt.rollback()
        session.expunge_all()
    assert failures == []


# --- fields ----------------------------------------------------------------------------
# Per response schema (every pydantic model a route answers with, nested ones included),
# which roles may see each field of a resource they may read at all (MATRIX decides that).
# ``prepare`` has France ("participant") propose every amendment, Egypt
# ("participant_other") co-sponsor one. A field added without a rule fails
# test_every_field_of_every_response_schema_has_a_rule.
NOTE = "Matrix: a note for the secretariat only."
READERS = frozenset(ROLES)
PROPOSER_AND_SECRETARIAT = frozenset({"participant", "secretariat", "admin"})


def readers(*names: str) -> dict[str, frozenset[str]]:
    return dict.fromkeys(names, READERS)


# What a version's summary says, and its full read repeats.
VERSION_FIELDS = (
    "id",
    "seq",
    "language",
    "label",
    "origin",
    "author_id",
    "created_at",
    "parent_id",
    "translated_from_id",
    "content_hash",
    "sources",
)

FIELDS: dict[str, dict[str, frozenset[str]]] = {
    # A Word import is read whole by those who may read it (France and the secretariat).
    "WordArticleOut": readers(
        "article",
        "number",
        "version_id",
        "latest_id",
        "how",
        "exact",
        "paragraphs",
        "rebased",
        "collisions",
    ),
    "WordChangeOut": readers(
        "id",
        "kind",
        "number",
        "before",
        "after",
        "authors",
        "pieces",
        "article",
        "provision",
        "reason",
        "decision",
    ),
    "WordCollisionOut": readers("provision", "number", "proposed", "current"),
    "WordCommentOut": readers(
        "id", "author", "body", "quote", "article", "provision", "reason", "decision"
    ),
    "WordImportOut": readers(
        "id",
        "filename",
        "sha256",
        "language",
        "delegation_id",
        "status",
        "undecided",
        "articles",
        "changes",
        "comments",
        "unsafe",
        "amendments",
        "created_at",
    ),
    "WordPieceOut": readers("kind", "text", "author"),
    # An import's report goes to the secretariat that made it.
    "ImportOut": readers(
        "instrument",
        "language",
        "title",
        "articles",
        "provisions",
        "missing",
        "imported",
        "created_articles",
        "new_versions",
        "unchanged",
        "milestone",
    ),
    "ImportedArticle": readers("number", "heading", "provisions", "exists"),
    "WordUnsafeOut": readers("kind", "text", "author", "message"),
    "AmendmentOut": {
        **readers(
            "id",
            "number",
            "instrument",
            "kind",
            "article",
            "language",
            "base_version_id",
            "parent_id",
            "delegation_id",
            "delegation",
            "status",
            "version",
            "heading",
            "provisions",
            "new_article_number",
            "justification",
            "secretariat_heading",
            "secretariat_text",
            "proposer_response",
            "cosponsors",
            "stale",
            "tabled_at",
            "decided_at",
            "created_at",
            "updated_at",
        ),
        # The page promises "not shown to other delegations".
        "note_to_secretariat": PROPOSER_AND_SECRETARIAT,
    },
    "AnchorOut": readers("found", "start", "end"),
    "ArticleOutline": readers("key", "number", "position", "headings", "languages"),
    "ArticleVersionOut": readers(
        *VERSION_FIELDS,
        "instrument",
        "article",
        "number",
        "heading",
        "provisions",
        "illustrative",
    ),
    # Which comments a reader gets is the comments policy's (route level); a comment read
    # is read whole.
    "CommentOut": readers(
        "id",
        "article",
        "provision",
        "amendment_id",
        "parent_id",
        "language",
        "quote",
        "quote_withheld",
        "anchor",
        "author_id",
        "delegation_id",
        "visibility",
        "body",
        "deleted",
        "resolved",
        "version",
        "created_at",
        "updated_at",
    ),
    "CosponsorOut": readers("delegation_id", "delegation", "since"),
    "InstrumentDetail": readers(
        "slug", "title", "source_language", "illustrative", "created_at", "articles"
    ),
    "InstrumentSummary": readers("slug", "title", "source_language", "illustrative", "created_at"),
    # Only ever about the reader themselves.
    "Me": readers("id", "name", "email", "role", "delegation_id", "locale", "time_zone"),
    "PasswordChanged": readers("sessions_ended"),
    "TemporaryPassword": readers("user_id", "temporary_password"),
    "MilestoneOut": readers("id", "name", "note", "created_at", "author_id", "content_hashes"),
    # Only the secretariat publishes, so only it receives the warnings.
    "MilestoneCreated": readers(
        "id", "name", "note", "created_at", "author_id", "content_hashes", "warnings"
    ),
    "TranslationWarning": readers("article", "number", "language", "status", "detail"),
    "MilestoneText": readers(
        "id",
        "name",
        "note",
        "created_at",
        "author_id",
        "content_hashes",
        "instrument",
        "language",
        "articles",
    ),
    # The secret is shown once, to whoever made the token.
    "NewToken": readers("id", "name", "created_at", "revoked_at", "token"),
    "Page": readers("items", "total", "limit", "offset"),
    "PreviewOut": readers(
        "base_version_id",
        "provisions",
        "provenance",
        "compromises",
        "collisions",
        "spans",
        "comparison",
    ),
    "PreviewRow": readers("id", "kind", "number", "html"),
    "ProvisionOut": readers("id", "number", "text"),
    # What differs between a translation and its source (negotiation/consistency_endpoints).
    "ConsistencyOut": readers("instrument", "source_language", "milestone", "articles"),
    "ArticleConsistencyOut": readers("article", "number", "languages"),
    "LanguageConsistencyOut": readers("language", "consistent", "differences"),
    "DifferenceOut": readers(
        "provision",
        "number",
        "kind",
        "source_count",
        "count",
        "alternative_id",
        "label",
        "quote",
        "message",
    ),
    "RoundOut": readers(
        "id",
        "name",
        "deadline",
        "timezone",
        "deadline_text",
        "articles",
        "open",
        "closed_at",
        "closed_early",
        "closed_text",
        "countdown",
    ),
    # The reason is for everyone who sees the amendment; drafting steps are filtered out
    # (rows, not fields) by amendments.policy.can_see_step.
    "TimelineEntryOut": readers(
        "seq", "at", "at_text", "step", "step_name", "by", "delegation", "reason"
    ),
    "TokenOut": readers("id", "name", "created_at", "revoked_at"),
    "TranslatedProvisionOut": readers("id", "text"),
    "TranslationOut": readers(
        "amendment_id",
        "language",
        "provisions",
        "justification",
        "base_version_id",
        "translator",
        "by",
        "by_secretariat",
        "version",
        "created_at",
        "updated_at",
    ),
    "VersionSummary": readers(*VERSION_FIELDS),
    # A meeting is followed whole by everyone signed in, observers included: its pointer,
    # the list of speakers and the decisions are read out in the room.
    "AgendaItemOut": readers("title", "articles"),
    "DecisionOut": readers(
        "id",
        "kind",
        "kind_name",
        "article",
        "provision",
        "amendment_id",
        "amendment_number",
        "version_id",
        "version_seq",
        "words",
        "words_hash",
        "reserved",
        "confirm",
        "note",
        "created_at",
        "at_text",
    ),
    "MeetingOut": readers(
        "id",
        "instrument",
        "title",
        "starts_on",
        "ends_on",
        "timezone",
        "agenda",
        "delegations",
        "status",
        "status_name",
        "pointer",
        "speaking_seconds",
        "list_closed",
        "opened_at",
        "closed_at",
        "version",
        "etag",
    ),
    "MeetingStateOut": readers(
        "meeting",
        "speakers",
        "speaking",
        "speaking_since",
        "speaking_seconds",
        "remaining_seconds",
        "list_closed",
        "decisions",
        "now",
        "seq",
    ),
    "PointerOut": readers(
        "article",
        "article_number",
        "provision",
        "provision_number",
        "view",
        "view_name",
        "amendment_id",
        "amendment_number",
        "quote",
    ),
    "SpeakerOut": readers(
        "id",
        "delegation",
        "kind",
        "kind_name",
        "on_behalf_of",
        "label",
        "status",
        "status_name",
        "place",
        "given_at",
        "ended_at",
        "version",
        "etag",
    ),
    # The rolling text's objects are read whole by those who may read them (MATRIX: the
    # working state by all but observers; milestones by everyone).
    "AlternativeOut": readers(
        "id",
        "article",
        "provision",
        "bracket_id",
        "texts",
        "base_seq",
        "amendment_id",
        "amendment_number",
        "supporters",
        "status",
        "status_name",
        "version",
        "etag",
    ),
    "ArticleProgressOut": readers("article", "number", "milestone", "progress"),
    "BracketOut": readers(
        "id",
        "article",
        "provision",
        "status",
        "status_name",
        "spans",
        "requests",
        "reason",
        "version",
    ),
    "ChosenOut": readers("alternative", "version"),
    "DelegationRef": readers("id", "code", "name"),
    "InstrumentProgressOut": readers("instrument", "now", "articles", "milestones"),
    "MilestoneProgressOut": readers("id", "name", "progress"),
    "NoteOut": readers("number", "text"),
    "ProgressOut": readers(
        "provisions",
        "open",
        "bracketed",
        "ad_referendum",
        "agreed",
        "deleted",
        "brackets",
        "requested",
        "alternatives",
        "settled",
    ),
    "ProvisionStateOut": readers("article", "provision", "status", "brackets", "alternatives"),
    "RequestOut": readers("delegation", "reason"),
    "RollingAlternativeOut": readers(
        "id",
        "number",
        "label",
        "text",
        "source_text",
        "supporters",
        "amendment_id",
        "amendment_number",
        "note",
        "etag",
    ),
    "RollingBracketOut": readers(
        "id",
        "note",
        "status",
        "status_name",
        "quote",
        "found",
        "start",
        "end",
        "delegations",
        "reasons",
        "reason",
        "alternatives",
        "etag",
    ),
    "RollingOut": readers(
        "instrument",
        "article",
        "number",
        "language",
        "heading",
        "version_seq",
        "source_seq",
        "milestone",
        "provisions",
        "notes",
    ),
    "RollingProvisionOut": readers(
        "id",
        "number",
        "text",
        "bracketed",
        "clean",
        "status",
        "status_name",
        "status_note",
        "reason",
        "changed_since",
        "confirm",
        "confirmed",
        "pending",
        "status_etag",
        "brackets",
        "unplaced",
        "requested",
        "alternatives",
    ),
    "SpanOut": readers("language", "quote", "seq", "start"),
    "StatusOut": readers(
        "article",
        "provision",
        "status",
        "status_name",
        "reason",
        "version_seq",
        "confirm",
        "confirmed",
        "version",
    ),
}
# Reads of resources every signed-in role may see, beyond MATRIX's own calls (which read
# France's draft, visible to France alone).
FIELD_READS: dict[str, Call] = {
    "GET /api/v1/amendments/{amendment_id}": get_ctx("/api/v1/amendments/{ctx.tabled_id}"),
    "GET /api/v1/amendments/{amendment_id}/timeline": get_ctx(
        "/api/v1/amendments/{ctx.tabled_id}/timeline"
    ),
}


def schema_name(model: type[BaseModel]) -> str:
    """ "Page[AmendmentOut]" is a Page."""
    return model.__name__.split("[", 1)[0]


def response_schemas(annotation: Any, found: dict[str, type[BaseModel]]) -> None:
    """Every pydantic model reachable from a route's response model."""
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            response_schemas(argument, found)
    elif (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation.__name__ not in found
    ):
        found[annotation.__name__] = annotation
        for model_field in annotation.model_fields.values():
            response_schemas(model_field.annotation, found)


def api_routes(app: FastAPI) -> dict[str, APIRoute]:
    found: dict[str, APIRoute] = {}
    pending: list[Any] = list(app.routes)
    while pending:
        route = pending.pop()
        included = getattr(route, "original_router", None)
        if included is not None:
            pending.extend(included.routes)
        elif isinstance(route, APIRoute):
            found.update({f"{m} {route.path}": route for m in route.methods or ()})
    return found


def unseen(annotation: Any, value: Any, role: str, where: str) -> list[str]:
    """The fields of ``value`` (JSON shaped by ``annotation``) ``role`` may not see, and
    the fields no schema declares."""
    if value is None:
        return []
    if typing.get_origin(annotation) is not None or isinstance(annotation, types.UnionType):
        arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (list, tuple, set) and isinstance(value, list):
            return [p for item in value for p in unseen(arguments[0], item, role, where)]
        models = [a for a in arguments if isinstance(a, type) and issubclass(a, BaseModel)]
        return unseen(models[0], value, role, where) if models else []
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return []
    name = schema_name(annotation)
    problems = []
    for key, item in value.items():
        model_field = annotation.model_fields.get(key)
        if model_field is None:
            problems.append(f"{where}: {name}.{key} is in no schema")
            continue
        allowed = FIELDS.get(name, {}).get(key, frozenset())
        if role not in allowed and item not in (None, [], {}):
            problems.append(f"{where}: {role} sees {name}.{key}")
        problems.extend(unseen(model_field.annotation, item, role, where))
    return problems


def visible(annotation: Any, value: Any, schema: str, key: str) -> bool:
    """Whether ``value`` holds a non-empty ``schema.key`` somewhere."""
    if isinstance(value, list):
        return any(visible(annotation, item, schema, key) for item in value)
    if not isinstance(value, dict):
        return False
    if value.get(key) not in (None, [], {}) and schema_name(annotation) == schema:
        return True
    return any(visible(Any, item, schema, key) for item in value.values())


def test_every_field_of_every_response_schema_has_a_rule(settings: Any) -> None:
    found: dict[str, type[BaseModel]] = {}
    for route in api_routes(create_app(settings)).values():
        response_schemas(route.response_model, found)
    declared = {(schema_name(model), key) for model in found.values() for key in model.model_fields}
    ruled = {(schema, key) for schema, rules in FIELDS.items() for key in rules}
    assert declared - ruled == set(), "add the new fields to FIELDS"
    assert ruled - declared == set(), "FIELDS names fields that no longer exist"


async def test_no_response_holds_a_field_its_reader_may_not_see(
    asgi_app: Any, session: AsyncSession, settings: Settings
) -> None:
    routes = api_routes(create_app(settings))
    calls = [
        (name, call)
        for name, (call, _expected) in sorted(MATRIX.items())
        if name.startswith("GET /api/")
    ]
    calls += [(name, call) for name, call in sorted(FIELD_READS.items())]
    client = AsyncClient(transport=ASGITransport(app=asgi_app), base_url="http://t")
    problems: list[str] = []
    seen_by: set[str] = set()
    checked = 0
    for role in ROLES:
        ctx = await prepare(session, settings, role)
        headers = {"Accept": "application/json"}
        if role != "anonymous":
            me = await user_by_email(session, EMAILS[role])
            assert me is not None
            headers["Authorization"] = f"Bearer {(await create_token(session, me, 'f'))[1]}"
            await session.flush()
        for name, call in calls:
            response = await call(client, ctx, headers)
            model = routes[name].response_model
            if response.status_code != 200 or model is None:
                continue
            checked += 1
            body = response.json()
            problems.extend(unseen(model, body, role, name))
            if visible(model, body, "AmendmentOut", "note_to_secretariat"):
                seen_by.add(role)
    assert problems == []
    assert checked > 50
    # The rule is checked against real data: those allowed do get the note.
    assert seen_by == PROPOSER_AND_SECRETARIAT
