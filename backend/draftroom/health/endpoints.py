from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from draftroom.health.service import schema_state
from draftroom.kit.deps import SettingsDep
from draftroom.kit.i18n import _

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process answers."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Database unreachable or not migrated"}})
async def readyz(request: Request, settings: SettingsDep) -> JSONResponse:
    """The database is reachable and its schema is at the head revision."""
    try:
        current, heads = await schema_state(request.state.db.engine, settings.migrations_dir)
    except Exception:
        return JSONResponse(
            {"status": "unavailable", "detail": _("The database cannot be reached.")},
            status_code=503,
        )
    storage = request.state.storage
    if storage.failing and not await storage.probe(request.state.db):
        return JSONResponse(
            {
                "status": "unavailable",
                "detail": _(
                    "The database refuses writes: its storage is full or read-only. "
                    "Readiness returns by itself once it accepts them again."
                ),
            },
            status_code=503,
        )
    if current != heads:
        return JSONResponse(
            {
                "status": "unavailable",
                "detail": _("The database schema is not up to date: run “draftroom db upgrade”."),
            },
            status_code=503,
        )
    return JSONResponse({"status": "ready", "revision": ",".join(sorted(current))})
