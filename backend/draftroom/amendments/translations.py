"""Translations of a proposal: its changed provisions and justification in another language,
made by the secretariat or the proposing delegation, read by the synoptic table in that
language (labelled as a translation, and by whom)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy
from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.identity.service import delegation_name
from draftroom.instruments import service as instruments
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import InvalidInput, TextTooLong
from draftroom.kit.etag import make_etag, require_match
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _, _l
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.models import Amendment, AmendmentTranslation, Delegation, User
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText


@dataclass(frozen=True)
class TranslatedProvision:
    id: str
    text: str


@dataclass(frozen=True)
class Translated:
    """A translation with the names a reader needs: who made it, in the reader's language."""

    row: AmendmentTranslation
    translator: str  # the person
    by: str  # "the secretariat" or the proposing delegation's name
    by_secretariat: bool


def etag(row: AmendmentTranslation) -> str:
    return make_etag(f"t{row.id}.{row.version}")


def touched(base: Sequence[ProvisionText], proposed: Sequence[ProvisionText]) -> list[str]:
    """Ids of the provisions a proposal words differently from its base (changed or
    inserted), in the proposal's order: the only ones a translation may give."""
    before = {p["id"]: p["text"] for p in base}
    return [p["id"] for p in proposed if before.get(p["id"]) != p["text"]]


async def of(
    session: AsyncSession, amendment_ids: Sequence[int]
) -> dict[int, dict[str, AmendmentTranslation]]:
    """Every translation of many proposals in one query: amendment id → language → row."""
    found: dict[int, dict[str, AmendmentTranslation]] = {}
    if not amendment_ids:
        return found
    rows = await session.scalars(
        select(AmendmentTranslation)
        .where(AmendmentTranslation.amendment_id.in_(amendment_ids))
        .order_by(AmendmentTranslation.language)
    )
    for row in rows:
        found.setdefault(row.amendment_id, {})[row.language] = row
    return found


async def describe(
    session: AsyncSession, rows: Sequence[AmendmentTranslation], lang: str
) -> list[Translated]:
    """Who made each translation, named in the reader's language."""
    described = []
    for row in rows:
        translator = await session.get_one(User, row.translator_id)
        delegation = (
            await session.get_one(Delegation, row.delegation_id) if row.delegation_id else None
        )
        described.append(
            Translated(
                row=row,
                translator=translator.name,
                by=delegation_name(delegation, lang) if delegation else _("the secretariat"),
                by_secretariat=delegation is None,
            )
        )
    return described


async def listing(
    session: AsyncSession, amendment: Amendment, actor: Actor, lang: str
) -> list[Translated]:
    """The translations of a proposal the reader may see (whoever may see the proposal)."""
    policy.require_see(actor, amendment)
    rows = (await of(session, [amendment.id])).get(amendment.id, {})
    return await describe(session, list(rows.values()), lang)


async def put(
    session: AsyncSession,
    settings: Settings,
    amendment: Amendment,
    language: str,
    provisions: Sequence[TranslatedProvision],
    justification: str | None,
    actor: Actor,
    if_match: str | None,
) -> AmendmentTranslation:
    """Write (or replace) the proposal's translation into ``language``; a first translation
    takes no If-Match (or ``*``), a later one the translation's ETag (412 when stale)."""
    policy.require_translate(actor, amendment)
    instruments.check_language(language, settings)
    if language == amendment.language:
        raise InvalidInput(
            _l("The proposal is written in this language: it needs no translation into it.")
        )
    _heading, base = await amendments.base_provisions(session, amendment)
    allowed = touched(base, amendment.proposed)
    numbers = {p["id"]: p["number"] for p in amendment.proposed}
    texts: dict[str, str] = {}
    for provision in provisions:
        if provision.id not in allowed:
            raise InvalidInput(
                _l(
                    "The proposal does not change provision “{provision}”: "
                    "there is nothing of it to translate."
                ),
                provision=provision.id,
            )
        if provision.id in texts:
            raise InvalidInput(_l("The provision id “{key}” appears twice."), key=provision.id)
        where = _("provision {number}").format(number=numbers.get(provision.id) or provision.id)
        text = normalise(check_text(provision.text, where))
        if len(text) > settings.max_provision_chars:
            raise TextTooLong(limit=settings.max_provision_chars, where=where, length=len(text))
        if text:
            texts[provision.id] = text
    reason = normalise(check_text(justification or "", _("the justification")))
    if len(reason) > amendments.MAX_JUSTIFICATION:
        raise TextTooLong(
            limit=amendments.MAX_JUSTIFICATION, where=_("the justification"), length=len(reason)
        )
    if not texts and not reason:
        raise InvalidInput(
            _l("Give the translation of at least one provision or of the justification.")
        )
    base_version = (
        await instruments.latest_version(session, amendment.article_id, language)
        if amendment.article_id is not None
        else None
    )
    values: dict[str, Any] = {
        # In the proposal's order, whatever order they came in.
        "provisions": [{"id": pid, "text": texts[pid]} for pid in allowed if pid in texts],
        "justification": reason or None,
        "base_version_id": base_version.id if base_version else None,
        "translator_id": actor.id,
        "delegation_id": None if policy.is_decider(actor) else actor.delegation_id,
    }
    existing = (await of(session, [amendment.id])).get(amendment.id, {}).get(language)
    if existing is None:
        if if_match not in (None, "*"):
            require_match(if_match, None, "—")
        row = AmendmentTranslation(
            amendment_id=amendment.id, language=language, version=1, **values
        )
        session.add(row)
        await session.flush()
    else:
        require_current(if_match, etag(existing), existing.version)
        row = existing
        await compare_and_set(session, row, **values)
    await journal.record(
        session,
        actor=actor,
        kind=Kind.amendment_translated,
        object_type="amendment",
        object_id=amendment.id,
        instrument_id=amendment.instrument_id,
        payload={
            "number": amendment.number,
            "status": amendment.status.value,
            "article_id": amendment.article_id,
            "language": language,
            "provisions": [p["id"] for p in values["provisions"]],
            "justification": bool(reason),
        },
        visibility=amendments.visibility(amendment),
    )
    return row
