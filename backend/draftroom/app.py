"""create_app(): middleware, routers, lifespan (engine and caches in typed state)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import TypedDict

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from draftroom import __version__
from draftroom.amendments import endpoints as amendment_endpoints
from draftroom.amendments import pages as amendment_pages
from draftroom.amendments import service as amendment_service
from draftroom.amendments import translation_endpoints as amendment_translation_endpoints
from draftroom.amendments import translation_pages as amendment_translation_pages
from draftroom.comments import endpoints as comment_endpoints
from draftroom.comments import pages as comment_pages
from draftroom.comments import service as comment_service
from draftroom.comments.present import provision_label
from draftroom.comparisons import endpoints as comparison_endpoints
from draftroom.config import Settings, get_settings
from draftroom.consolidation import endpoints as consolidation_endpoints
from draftroom.consolidation import pages as consolidation_pages
from draftroom.db import Database
from draftroom.exports import endpoints as export_endpoints
from draftroom.health import endpoints as health_endpoints
from draftroom.health.service import schema_state
from draftroom.identity import account_pages as identity_account_pages
from draftroom.identity import endpoints as identity_endpoints
from draftroom.identity import pages as identity_pages
from draftroom.identity import service as identity_service
from draftroom.identity import sso as identity_sso
from draftroom.instruments import endpoints as instrument_endpoints
from draftroom.instruments import manage_pages as instrument_manage_pages
from draftroom.instruments.present import status_name, version_label
from draftroom.journal import kinds as journal_kinds
from draftroom.kit import handlers
from draftroom.kit.fields import check_path_and_query
from draftroom.kit.i18n import current_locale
from draftroom.kit.locale import LocaleMiddleware
from draftroom.kit.middleware import RequestContextMiddleware
from draftroom.kit.openapi import install_error_schema
from draftroom.kit.security import SecurityHeadersMiddleware
from draftroom.kit.storage import StorageHealth
from draftroom.kit.templates import render, templates
from draftroom.live import endpoints as live_endpoints
from draftroom.live.broker import make_broker
from draftroom.live.hub import Hub
from draftroom.meetings import endpoints as meeting_endpoints
from draftroom.meetings import export_endpoints as meeting_export_endpoints
from draftroom.meetings import pages as meeting_pages
from draftroom.negotiation import consistency_endpoints as negotiation_consistency_endpoints
from draftroom.negotiation import endpoints as negotiation_endpoints
from draftroom.negotiation import export_endpoints as negotiation_export_endpoints
from draftroom.negotiation import pages as negotiation_pages
from draftroom.negotiation import present as negotiation_present
from draftroom.reader import amendment as reader_amendment
from draftroom.reader import article as reader_article
from draftroom.reader import compare as reader_compare
from draftroom.reader import instrument as reader_instrument
from draftroom.wordfiles import endpoints as wordfile_endpoints
from draftroom.wordfiles import pages as wordfile_pages

SWAGGER_UI = files("fastapi_offline") / "static"


class State(TypedDict):
    settings: Settings
    db: Database
    # Rendered JSON of immutable article versions, by version id and reader's language.
    version_cache: dict[tuple[int, str], bytes]
    live: Hub
    # Set while writes fail for lack of writable storage; /readyz reports it.
    storage: StorageHealth


class SchemaNotReady(RuntimeError):
    pass


async def check_schema(db: Database, settings: Settings) -> None:
    current, heads = await schema_state(db.engine, settings.migrations_dir)
    if current != heads:
        raise SchemaNotReady(
            f"The database at {db.engine.url.render_as_string(hide_password=True)} is at "
            f"revision {sorted(current) or 'none'}, the code expects {sorted(heads)}. "
            "Run `draftroom db upgrade` first."
        )


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[State]:
        db = database or Database.from_settings(settings)
        try:
            await check_schema(db, settings)
            hub = Hub(db, make_broker(settings.redis_url), settings.live_replay_limit)
            await hub.start()
            try:
                yield State(
                    settings=settings,
                    db=db,
                    version_cache={},
                    live=hub,
                    storage=StorageHealth(),
                )
            finally:
                await hub.stop()
        finally:
            if database is None:
                await db.dispose()

    app = FastAPI(
        title="Draftroom",
        version=__version__,
        description="Drafting a legal text together across the six UN languages.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Path and query text checked once for every route (a NUL is a 4xx, not a 500).
        dependencies=[Depends(check_path_and_query)],
    )
    handlers.install(app)
    templates(settings.frontend_dir).env.globals.update(
        status_name=status_name,
        role_name=identity_service.role_name,
        amendment_status_name=amendment_service.status_name,
        amendment_action_name=amendment_service.action_name,
        live_kinds=journal_kinds.for_browser(),
        comment_etag=comment_service.etag,
        delegation_name=lambda d: identity_service.delegation_name(d, current_locale()),
        version_label=version_label,
        provision_label=provision_label,
        agreement_name=negotiation_present.status_name,
        share_percent=negotiation_pages.percent,
    )
    # Innermost of ours: its answers are translated and carry the security headers.
    app.add_middleware(RequestContextMiddleware, max_request_bytes=settings.max_request_bytes)
    app.add_middleware(LocaleMiddleware, settings=settings)
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(health_endpoints.router)
    app.include_router(identity_endpoints.router)
    app.include_router(identity_pages.router)
    app.include_router(identity_account_pages.router)
    app.include_router(identity_sso.router)
    app.include_router(instrument_endpoints.router)
    # Before the reader's pages: /instruments/import is not an instrument's slug.
    app.include_router(instrument_manage_pages.router)
    app.include_router(amendment_endpoints.router)
    app.include_router(amendment_pages.router)
    app.include_router(amendment_translation_endpoints.router)
    app.include_router(amendment_translation_pages.router)
    app.include_router(comparison_endpoints.router)
    app.include_router(reader_compare.router)
    app.include_router(export_endpoints.router)
    app.include_router(comment_endpoints.router)
    app.include_router(comment_pages.router)
    app.include_router(live_endpoints.router)
    app.include_router(consolidation_endpoints.router)
    app.include_router(negotiation_consistency_endpoints.router)
    app.include_router(negotiation_endpoints.router)
    app.include_router(meeting_endpoints.router)
    app.include_router(meeting_export_endpoints.router)
    app.include_router(negotiation_export_endpoints.router)
    app.include_router(consolidation_pages.router)
    app.include_router(wordfile_endpoints.router)
    app.include_router(wordfile_pages.router)
    app.include_router(negotiation_pages.router)
    app.include_router(meeting_pages.router)
    # The reading room last, as the reader's pages always were.
    app.include_router(reader_amendment.router)
    app.include_router(reader_article.router)
    app.include_router(reader_instrument.router)
    # Swagger UI 5 (it reads OpenAPI 3.1), served from the installed package: works offline.
    app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_UI)), name="swagger")
    app.mount(
        "/static", StaticFiles(directory=str(settings.frontend_dir / "static")), name="static"
    )

    install_error_schema(app)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        """Swagger UI, its assets served from the installed package: works offline."""
        return render(request, "docs.html", {})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        """Browsers ask for this path on their own; the SVG icon answers it."""
        return FileResponse(
            settings.frontend_dir / "static" / "favicon.svg",
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return app
