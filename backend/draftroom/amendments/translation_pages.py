"""Pages: the translations of a proposal on its page, and the form that adds one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy, service, translations
from draftroom.amendments.dependencies import AmendmentDep
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments.present import display_number
from draftroom.kit.actor import Actor
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.i18n import current_locale
from draftroom.models import Amendment

router = APIRouter(include_in_schema=False)


async def panel(session: AsyncSession, amendment: Amendment, actor: Actor) -> dict[str, Any]:
    """What the amendment page shows of translations: each one (by whom) and, for the
    secretariat and the proposer, the provisions a translation may give."""
    found = await translations.listing(session, amendment, actor, current_locale())
    _heading, base = await service.base_provisions(session, amendment)
    wanted = set(translations.touched(base, amendment.proposed))
    provisions = [
        {"id": p["id"], "number": display_number(p["number"]), "text": p["text"]}
        for p in amendment.proposed
        if p["id"] in wanted
    ]
    return {
        "translations": [
            {
                "found": t,
                "etag": translations.etag(t.row),
                "texts": {p["id"]: p["text"] for p in t.row.provisions},
            }
            for t in found
        ],
        "provisions": provisions,
        "can_translate": policy.can_translate(actor, amendment),
        "taken": {t.row.language for t in found} | {amendment.language},
    }


@router.post("/amendments/{amendment_id}/translations")
async def put_translation(
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    amendment: AmendmentDep,
    language: Annotated[str, Form()],
    provision_id: Annotated[list[str], Form()] = [],  # noqa: B006
    text: Annotated[list[str], Form()] = [],  # noqa: B006
    justification: Annotated[str, Form()] = "",
    etag: Annotated[str | None, Form()] = None,
) -> Response:
    """Add or replace a translation from the form on the amendment page."""
    await translations.put(
        session,
        settings,
        amendment,
        language,
        [translations.TranslatedProvision(p, t) for p, t in zip(provision_id, text, strict=False)],
        justification,
        principal,
        etag or None,
    )
    return RedirectResponse(f"/amendments/{amendment.id}#translations", status_code=303)
