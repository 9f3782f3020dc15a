"""Where a version came from: the amendments a consolidation merged, by version and by
provision ("Amendment 3 (France)"). Beside the versions it describes, so the article and
compare pages read it without importing consolidation, which writes it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.identity.service import delegation_name
from draftroom.kit.i18n import _, current_locale
from draftroom.models import Amendment, ArticleVersion, Delegation


async def _labels(session: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """Amendment id → "Amendment 3 (France)", in the reader's language, in one query."""
    lang = current_locale()
    rows = await session.execute(
        select(Amendment, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(Amendment.id.in_(set(ids)))
    )
    return {
        a.id: _("Amendment {number} ({delegation})").format(
            number=a.number, delegation=delegation_name(d, lang)
        )
        for a, d in rows
    }


async def trail(session: AsyncSession, versions: Sequence[ArticleVersion]) -> dict[int, list[str]]:
    """Per consolidated version, the proposals it is based on: "Amendment 3 (France)"."""
    wanted = {i for v in versions if v.sources for i in v.sources.get("amendments", [])}
    if not wanted:
        return {}
    label = await _labels(session, wanted)
    return {
        v.id: [label[i] for i in v.sources["amendments"] if i in label]
        for v in versions
        if v.sources and v.sources.get("amendments")
    }


async def provision_trail(session: AsyncSession, version_id: int | None) -> dict[str, str]:
    """Per provision a consolidated version changed, the proposals behind it (none for no
    version, or one that no consolidation wrote)."""
    version = await session.get(ArticleVersion, version_id) if version_id is not None else None
    by_provision = (version.sources or {}).get("provisions", {}) if version is not None else {}
    if not by_provision:
        return {}
    label = await _labels(session, (i for values in by_provision.values() for i in values))
    return {
        pid: "; ".join(label[i] for i in values if i in label)
        for pid, values in by_provision.items()
    }
