"""Changes to the rolling text's state: statuses, brackets, alternatives. Every change is a
compare-and-set on its row (a stale If-Match: 412) and one journal entry carrying the
object's whole state after it (state.py folds them back)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.consolidation import service as consolidation
from draftroom.identity.service import delegation_ids
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Conflict, InvalidInput, NotFound, PreconditionFailed
from draftroom.kit.etag import make_etag
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.models import (
    AgreementStatus,
    Alternative,
    AlternativeStatus,
    Amendment,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Bracket,
    BracketStatus,
    Instrument,
    ProvisionStatus,
)
from draftroom.negotiation import policy
from draftroom.negotiation.state import (
    ALTERNATIVE,
    BRACKET,
    STATUS,
    alternative_payload,
    bracket_payload,
    status_payload,
)
from draftroom.text import brackets as marks
from draftroom.text.normalise import normalise, text_hash
from draftroom.text.provisions import ProvisionText

A = AgreementStatus
REASON = _l("the reason")
WORDS = _l("the words")
AGREEING = (A.agreed, A.ad_referendum)


class StillOpen(Conflict):
    message = _l(
        "Paragraph {number} still has brackets or alternatives: lift the brackets and choose "
        "a wording before recording an agreement."
    )


class NotInText(InvalidInput):
    message = _l("Paragraph {number} does not read “{quote}” in this language now.")


class UnknownProvision(NotFound):
    message = _l("The current text has no paragraph “{provision}”.")


class WrongStep(Conflict):
    message = _l("Only brackets asked for and not yet decided can be placed or declined.")


class AlreadyAsked(Conflict):
    message = _l("Your delegation supports this already.")


class AlternativeClosed(Conflict):
    message = _l("This alternative has been chosen or retired: it can no longer change.")


class NotAwaited(Conflict):
    message = _l("Your delegation's confirmation is not awaited for this paragraph.")


class SpanLost(Conflict):
    message = _l(
        "The bracketed words can no longer be found in paragraph {number}: place the brackets "
        "again on the words as they read now."
    )


class NotMarkedInSource(Conflict):
    message = _l(
        "These brackets are not yet marked in the source text ({language}): mark them there "
        "before choosing a wording."
    )


class WordingCollides(Conflict):
    message = _l(
        "Paragraph {number} has changed since this wording was written, in the same words: "
        "give the paragraph's text to resolve it."
    )


class Versioned(Protocol):
    """A row, or its state as read (state.py, rolling.py): the ETag is the same."""

    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


def status_etag(row: Versioned | None) -> str:
    # The row id too: a tag read on one paragraph never matches another's.
    return make_etag(f"s{row.id}.{row.version}" if row else "s0")


def bracket_etag(row: Versioned) -> str:
    return make_etag(f"b{row.id}.{row.version}")


def alternative_etag(row: Versioned) -> str:
    return make_etag(f"alt{row.id}.{row.version}")


def _reason(text: str | None) -> str:
    reason = normalise(check_text(text or "", REASON))
    if not reason:
        raise InvalidInput(_l("Say why: a reason is required.")).at("reason")
    return reason


async def _record(
    session: AsyncSession,
    actor: Actor,
    kind: Kind,
    object_type: str,
    row: Any,
    state: dict[str, Any],
    **payload: Any,
) -> None:
    await journal.record(
        session,
        actor=actor,
        kind=kind,
        object_type=object_type,
        object_id=row.id,
        instrument_id=row.instrument_id,
        payload={
            "article_id": row.article_id,
            "provision": row.provision_key,
            "state": state,
            **payload,
        },
    )


async def source_version(
    session: AsyncSession, instrument: Instrument, article: Article
) -> ArticleVersion:
    return await instruments.read_version(session, article, instrument.source_language)


def provision_of(version: ArticleVersion, key: str) -> ProvisionText:
    found = next((p for p in version.provisions if p["id"] == key), None)
    if found is None:
        raise UnknownProvision(provision=key)
    return found


# --- statuses ----------------------------------------------------------------------------


async def get_status(session: AsyncSession, article: Article, key: str) -> ProvisionStatus | None:
    return await session.scalar(
        select(ProvisionStatus).where(
            ProvisionStatus.article_id == article.id, ProvisionStatus.provision_key == key
        )
    )


async def set_status(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    key: str,
    status: AgreementStatus,
    reason: str | None,
    confirm: Sequence[str],
    actor: Actor,
    if_match: str | None,
) -> ProvisionStatus:
    """The chair's decision on a provision, against the source text as it reads now. Agreeing
    words still bracketed or with open alternatives is refused (409); ad referendum names the
    delegations whose capitals must confirm."""
    policy.require_decide(actor)
    version = await source_version(session, instrument, article)
    provision = provision_of(version, key)
    why = _reason(reason)
    row = await get_status(session, article, key)
    require_current(if_match, status_etag(row), row.version if row else 0)
    waiting = await delegation_ids(session, confirm, "confirm") if status is A.ad_referendum else []
    if status is A.ad_referendum and not waiting:
        raise InvalidInput(
            _l("Name the delegations that must confirm an agreement ad referendum.")
        ).at("confirm")
    if status in AGREEING and await _still_open(session, article, key):
        raise StillOpen(number=provision["number"] or key)
    values: dict[str, Any] = {
        "status": status,
        "reason": why,
        "version_seq": version.seq,
        "text_hash": text_hash(provision["text"]),
        "confirm": waiting,
        "confirmed": [],
        "author_id": actor.id,
    }
    if row is None:
        row = ProvisionStatus(
            instrument_id=instrument.id, article_id=article.id, provision_key=key, **values
        )
        try:
            async with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # Another secretariat member set the first status at the same moment.
            raise PreconditionFailed(current=1) from None
    else:
        await compare_and_set(session, row, **values)
    await _record(session, actor, Kind.provision_status_set, STATUS, row, status_payload(row))
    return row


async def _still_open(session: AsyncSession, article: Article, key: str) -> bool:
    bracket = await session.scalar(
        select(Bracket.id).where(
            Bracket.article_id == article.id,
            Bracket.provision_key == key,
            Bracket.status == BracketStatus.placed,
        )
    )
    alternative = await session.scalar(
        select(Alternative.id).where(
            Alternative.article_id == article.id,
            Alternative.provision_key == key,
            Alternative.status == AlternativeStatus.open,
        )
    )
    return bracket is not None or alternative is not None


async def confirm(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    key: str,
    actor: Actor,
    if_match: str | None,
) -> ProvisionStatus:
    """A delegation confirms an agreement ad referendum; the last confirmation makes the
    provision agreed."""
    delegation_id = policy.require_ask(actor)
    row = await get_status(session, article, key)
    require_current(if_match, status_etag(row), row.version if row else 0)
    if (
        row is None
        or row.status is not A.ad_referendum
        or delegation_id not in row.confirm
        or delegation_id in row.confirmed
    ):
        raise NotAwaited()
    confirmed = [*row.confirmed, delegation_id]
    values: dict[str, Any] = {"confirmed": confirmed}
    if set(confirmed) >= set(row.confirm):
        values["status"] = A.agreed
    await compare_and_set(session, row, **values)
    await _record(session, actor, Kind.provision_confirmed, STATUS, row, status_payload(row))
    return row


# --- brackets ----------------------------------------------------------------------------


async def get_bracket(session: AsyncSession, article: Article, bracket_id: int) -> Bracket:
    row = await session.get(Bracket, bracket_id, populate_existing=True)
    if row is None or row.article_id != article.id:
        raise NotFound(_l("No bracket {id} on this article."), id=bracket_id)
    return row


async def _span(
    session: AsyncSession, article: Article, language: str, key: str, quote: str | None
) -> dict[str, Any]:
    words = normalise(check_text(quote or "", WORDS))
    if not words:
        raise InvalidInput(_l("Quote the words to put in brackets.")).at("quote")
    version = await instruments.read_version(session, article, language)
    provision = provision_of(version, key)
    start = provision["text"].find(words)
    if start < 0:
        raise NotInText(number=provision["number"] or key, quote=words).at("quote")
    return {"quote": words, "seq": version.seq, "start": start}


async def request_bracket(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    key: str,
    language: str,
    quote: str | None,
    reason: str | None,
    actor: Actor,
) -> Bracket:
    """A delegation asks for words to be bracketed (the secretariat then places or declines
    them); the secretariat's own request places them at once."""
    if not policy.can_request_bracket(actor):
        policy.require_ask(actor)
    span = await _span(session, article, language, key, quote)
    why = _reason(reason)
    deciding = policy.can_decide(actor)
    row = Bracket(
        instrument_id=instrument.id,
        article_id=article.id,
        provision_key=key,
        spans={language: span},
        status=BracketStatus.placed if deciding else BracketStatus.requested,
        requests=[] if deciding else [{"delegation_id": actor.delegation_id, "reason": why}],
        reason=why if deciding else "",
        author_id=actor.id,
    )
    session.add(row)
    await session.flush()
    kind = Kind.bracket_placed if deciding else Kind.bracket_requested
    await _record(session, actor, kind, BRACKET, row, bracket_payload(row))
    return row


async def support_bracket(
    session: AsyncSession, bracket: Bracket, reason: str | None, actor: Actor
) -> Bracket:
    """Another delegation joins the request (or asks to keep placed brackets)."""
    delegation_id = policy.require_ask(actor)
    if bracket.status not in (BracketStatus.requested, BracketStatus.placed):
        raise WrongStep(_l("Only brackets asked for or placed can be supported."))
    if any(r["delegation_id"] == delegation_id for r in bracket.requests):
        raise AlreadyAsked()
    why = _reason(reason)
    requests = [*bracket.requests, {"delegation_id": delegation_id, "reason": why}]
    await compare_and_set(session, bracket, requests=requests)
    await _record(
        session, actor, Kind.bracket_supported, BRACKET, bracket, bracket_payload(bracket)
    )
    return bracket


BRACKET_STEPS: dict[str, tuple[tuple[BracketStatus, ...], BracketStatus, Kind]] = {
    "place": ((BracketStatus.requested,), BracketStatus.placed, Kind.bracket_placed),
    "decline": ((BracketStatus.requested,), BracketStatus.declined, Kind.bracket_declined),
    "lift": ((BracketStatus.placed,), BracketStatus.lifted, Kind.bracket_lifted),
}


async def decide_bracket(
    session: AsyncSession,
    bracket: Bracket,
    action: str,
    reason: str | None,
    actor: Actor,
    if_match: str | None,
) -> Bracket:
    """Place or decline requested brackets, lift placed ones (the words are agreed). Lifting
    brackets that still hold alternatives is refused: choose a wording first."""
    policy.require_decide(actor)
    require_current(if_match, bracket_etag(bracket), bracket.version)
    sources, target, kind = BRACKET_STEPS[action]
    if bracket.status not in sources:
        raise WrongStep(
            _l("Only placed brackets can be lifted.") if action == "lift" else WrongStep.message
        )
    why = _reason(reason)
    if action == "lift":
        pending = await session.scalar(
            select(Alternative.id).where(
                Alternative.bracket_id == bracket.id, Alternative.status == AlternativeStatus.open
            )
        )
        if pending is not None:
            raise Conflict(
                _l("Choose among the alternatives for these words before lifting their brackets.")
            )
    await compare_and_set(session, bracket, status=target, reason=why)
    await _record(session, actor, kind, BRACKET, bracket, bracket_payload(bracket))
    return bracket


async def align_bracket(
    session: AsyncSession,
    article: Article,
    bracket: Bracket,
    language: str,
    quote: str | None,
    actor: Actor,
    if_match: str | None,
) -> Bracket:
    """The same brackets in another language's text (or again in the same language, on the
    words as they read now): the secretariat's alignment."""
    policy.require_decide(actor)
    require_current(if_match, bracket_etag(bracket), bracket.version)
    span = await _span(session, article, language, bracket.provision_key, quote)
    await compare_and_set(session, bracket, spans={**bracket.spans, language: span})
    await _record(
        session,
        actor,
        Kind.bracket_aligned,
        BRACKET,
        bracket,
        bracket_payload(bracket),
        language=language,
    )
    return bracket


# --- alternatives ------------------------------------------------------------------------


async def get_alternative(
    session: AsyncSession, article: Article, alternative_id: int
) -> Alternative:
    row = await session.get(Alternative, alternative_id, populate_existing=True)
    if row is None or row.article_id != article.id:
        raise NotFound(_l("No alternative {id} on this article."), id=alternative_id)
    return row


def _wordings(texts: Mapping[str, str], languages: Sequence[str]) -> dict[str, str]:
    result = {}
    for language, text in texts.items():
        if language not in languages:
            raise InvalidInput(
                _l("This instrument has no language “{language}”."), language=language
            ).at("texts")
        words = normalise(check_text(text, _l("the alternative wording")))
        if not words:
            raise InvalidInput(_l("An alternative needs its wording.")).at(f"texts:{language}")
        result[language] = words
    return result


async def add_alternative(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    article: Article,
    key: str,
    texts: Mapping[str, str],
    bracket_id: int | None,
    actor: Actor,
    *,
    amendment: Amendment | None = None,
    supporters: Sequence[int] = (),
) -> Alternative:
    """Another wording for a provision, or for bracketed words in it; the source language's
    wording is required (the others can follow)."""
    policy.require_decide(actor)
    version = await source_version(session, instrument, article)
    provision_of(version, key)
    wordings = _wordings(texts, settings.languages)
    if instrument.source_language not in wordings:
        raise InvalidInput(
            _l("Give the alternative in the source language ({language}) first."),
            language=instrument.source_language,
        ).at("texts")
    if bracket_id is not None:
        bracket = await get_bracket(session, article, bracket_id)
        if bracket.provision_key != key or bracket.status is not BracketStatus.placed:
            raise Conflict(_l("Alternatives go on placed brackets of the same paragraph."))
    row = Alternative(
        instrument_id=instrument.id,
        article_id=article.id,
        provision_key=key,
        bracket_id=bracket_id,
        texts=wordings,
        base_seq=version.seq,
        amendment_id=amendment.id if amendment else None,
        supporters=list(dict.fromkeys(supporters)),
        status=AlternativeStatus.open,
        author_id=actor.id,
    )
    session.add(row)
    await session.flush()
    await _record(
        session, actor, Kind.alternative_added, ALTERNATIVE, row, alternative_payload(row)
    )
    return row


PROPOSABLE = (
    AmendmentStatus.tabled,
    AmendmentStatus.under_review,
    AmendmentStatus.accepted,
    AmendmentStatus.accepted_with_changes,
)


async def alternative_from_proposal(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    article: Article,
    amendment_id: int,
    key: str | None,
    actor: Actor,
) -> Alternative:
    """A tabled proposal becomes an alternative in one step: its wording of the provision
    (the one it changes, or ``key`` when it changes several), its delegation and co-sponsors
    as supporters. Choosing it later accepts and consolidates the proposal."""
    policy.require_decide(actor)
    amendment = await amendments.get(session, amendment_id, actor)
    if amendment.article_id != article.id or amendment.status not in PROPOSABLE:
        raise Conflict(_l("Only a tabled proposal on this article can become an alternative."))
    if amendment.language != instrument.source_language:
        raise Conflict(
            _l("Only a proposal in the source language ({language}) can become an alternative."),
            language=instrument.source_language,
        )
    _heading, base = await amendments.base_provisions(session, amendment)
    before = {p["id"]: p["text"] for p in base}
    changed = {
        p["id"]: p["text"]
        for p in consolidation.decided_text(amendment)
        if before.get(p["id"]) != p["text"]
    }
    if key is None:
        if len(changed) != 1:
            raise InvalidInput(_l("The proposal changes several paragraphs: name one.")).at(
                "provision"
            )
        key = next(iter(changed))
    if key not in changed:
        raise InvalidInput(
            _l("The proposal does not change paragraph “{provision}”."), provision=key
        ).at("provision")
    backers = [
        amendment.delegation_id,
        *(c.delegation_id for c in await amendments.cosponsors(session, amendment)),
    ]
    return await add_alternative(
        session,
        settings,
        instrument,
        article,
        key,
        {amendment.language: changed[key]},
        None,
        actor,
        amendment=amendment,
        supporters=backers,
    )


async def support_alternative(
    session: AsyncSession, alternative: Alternative, actor: Actor
) -> Alternative:
    delegation_id = policy.require_ask(actor)
    if alternative.status is not AlternativeStatus.open:
        raise AlternativeClosed()
    if delegation_id in alternative.supporters:
        raise AlreadyAsked()
    await compare_and_set(session, alternative, supporters=[*alternative.supporters, delegation_id])
    await _record(
        session,
        actor,
        Kind.alternative_supported,
        ALTERNATIVE,
        alternative,
        alternative_payload(alternative),
    )
    return alternative


async def translate_alternative(
    session: AsyncSession,
    settings: Settings,
    alternative: Alternative,
    language: str,
    text: str | None,
    actor: Actor,
    if_match: str | None,
) -> Alternative:
    policy.require_decide(actor)
    require_current(if_match, alternative_etag(alternative), alternative.version)
    if alternative.status is not AlternativeStatus.open:
        raise AlternativeClosed()
    wording = _wordings({language: text or ""}, settings.languages)
    await compare_and_set(session, alternative, texts={**alternative.texts, **wording})
    await _record(
        session,
        actor,
        Kind.alternative_translated,
        ALTERNATIVE,
        alternative,
        alternative_payload(alternative),
        language=language,
    )
    return alternative


async def _retire_others(
    session: AsyncSession,
    chosen: Alternative | None,
    article: Article,
    key: str,
    bracket_id: int | None,
    actor: Actor,
) -> None:
    others = await session.scalars(
        select(Alternative).where(
            Alternative.article_id == article.id,
            Alternative.provision_key == key,
            Alternative.bracket_id.is_(None)
            if bracket_id is None
            else Alternative.bracket_id == bracket_id,
            Alternative.status == AlternativeStatus.open,
        )
    )
    for other in list(others):
        if chosen is not None and other.id == chosen.id:
            continue
        await compare_and_set(session, other, status=AlternativeStatus.retired)
        await _record(
            session, actor, Kind.alternative_retired, ALTERNATIVE, other, alternative_payload(other)
        )


async def keep_text(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    key: str,
    bracket: Bracket | None,
    reason: str | None,
    actor: Actor,
) -> None:
    """Alt. 1 chosen: the text stays as it reads, every other wording is retired (and the
    brackets around the words, if the alternatives were theirs, are lifted). Also how the
    wordings of a paragraph a later version removed are retired."""
    policy.require_decide(actor)
    source = await source_version(session, instrument, article)
    if not any(p["id"] == key for p in source.provisions) and not await _still_open(
        session, article, key
    ):
        raise UnknownProvision(provision=key)
    if bracket is not None and bracket.provision_key != key:
        # Another paragraph's brackets: keeping this text must not lift them.
        raise NotFound(_l("No bracket {id} on this paragraph."), id=bracket.id).at("bracket_id")
    why = _reason(reason)
    await _retire_others(session, None, article, key, bracket.id if bracket else None, actor)
    if bracket is not None and bracket.status is BracketStatus.placed:
        await compare_and_set(session, bracket, status=BracketStatus.lifted, reason=why)
        await _record(
            session, actor, Kind.bracket_lifted, BRACKET, bracket, bracket_payload(bracket)
        )


async def choose(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    article: Article,
    alternative: Alternative,
    reason: str | None,
    resolution: str | None,
    actor: Actor,
    if_match: str | None,
) -> ArticleVersion:
    """Choose a wording: it is consolidated into the next version of the source text (a
    proposal's through the consolidation of that proposal; the secretariat's by the same
    three-way merge from the version it was written on), the other wordings retire, and
    brackets whose alternative was chosen are lifted. A collision with what changed since
    is refused (409) until ``resolution`` gives the text of the paragraph."""
    policy.require_decide(actor)
    require_current(if_match, alternative_etag(alternative), alternative.version)
    if alternative.status is not AlternativeStatus.open:
        raise AlternativeClosed()
    why = _reason(reason)
    language = instrument.source_language
    current = await source_version(session, instrument, article)
    key = alternative.provision_key
    provision = provision_of(current, key)
    resolutions = {key: resolution} if resolution is not None else {}
    bracket: Bracket | None = None
    if alternative.amendment_id is not None:
        amendment = await amendments.get(session, alternative.amendment_id, actor)
        if amendment.status is AmendmentStatus.tabled:
            amendment = await amendments.transition(
                session, settings, amendment, "review", actor, amendments.etag(amendment)
            )
        if amendment.status is AmendmentStatus.under_review:
            # The wording chosen is the proposal's for this paragraph: a proposal that
            # changes others too is accepted with only this paragraph's change, so choosing
            # it changes nothing the rolling text did not show as this alternative.
            _heading, before = await amendments.base_provisions(session, amendment)
            decided = {p["id"]: p for p in consolidation.decided_text(amendment)}
            only: list[ProvisionText] = [
                decided[key] if p["id"] == key and key in decided else p for p in before
            ]
            partial = only != consolidation.decided_text(amendment)
            amendment = await amendments.transition(
                session,
                settings,
                amendment,
                "accept_with_changes" if partial else "accept",
                actor,
                amendments.etag(amendment),
                reason=why,
                provisions=[ProvisionIn(**p) for p in only] if partial else None,
            )
        version = await consolidation.consolidate(
            session,
            settings,
            instrument,
            article,
            language,
            [amendment.id],
            resolutions,
            actor,
            instruments.version_etag(current),
        )
        # The version names the wording chosen beside the proposal it consolidated.
        version.sources = {**(version.sources or {}), "alternatives": [alternative.id]}
        await session.flush()
    else:
        wording = alternative.texts[language]
        if alternative.bracket_id is not None:
            bracket = await get_bracket(session, article, alternative.bracket_id)
            span = bracket.spans.get(language)
            if span is None:
                raise NotMarkedInSource(language=language)
            found = marks.locate(provision["text"], span["quote"], span["start"])
            if found is None:
                raise SpanLost(number=provision["number"] or key)
            base: list[ProvisionText] = list(current.provisions)
            proposed_text = marks.replace(provision["text"], found[0], found[1], wording)
        else:
            base = list(
                (
                    await instruments.read_version(session, article, language, alternative.base_seq)
                ).provisions
            )
            proposed_text = wording
        proposed: list[ProvisionText] = [
            ProvisionText(id=p["id"], number=p["number"], text=proposed_text)
            if p["id"] == key
            else p
            for p in base
        ]
        if not any(p["id"] == key for p in base):
            proposed.append(ProvisionText(id=key, number=provision["number"], text=proposed_text))
        merged = consolidation.merge_all(list(current.provisions), [(base, proposed)])
        final = merged.provisions
        sources: dict[str, Any] = {"alternatives": [alternative.id], "provisions": {key: []}}
        if merged.collisions:
            if resolution is None:
                raise WordingCollides(number=provision["number"] or key)
            text = normalise(check_text(resolution, _l("the resolved text")))
            final = [{**p, "text": text} if p["id"] == key else p for p in current.provisions]
            sources["resolutions"] = {key: text}
        version = await instruments.publish_version(
            session,
            settings,
            instrument=instrument,
            article=article,
            language=language,
            heading=current.heading,
            provisions=[ProvisionIn(**p) for p in final],
            label=None,
            origin={"kind": "alternative", "provision": provision["number"] or key},
            actor=actor,
            if_match=instruments.version_etag(current),
            sources=sources,
        )
    await compare_and_set(session, alternative, status=AlternativeStatus.chosen)
    await _record(
        session,
        actor,
        Kind.alternative_chosen,
        ALTERNATIVE,
        alternative,
        alternative_payload(alternative),
        version_seq=version.seq,
        reason=why,
    )
    await _retire_others(session, alternative, article, key, alternative.bracket_id, actor)
    if bracket is not None and bracket.status is BracketStatus.placed:
        await compare_and_set(session, bracket, status=BracketStatus.lifted, reason=why)
        await _record(
            session, actor, Kind.bracket_lifted, BRACKET, bracket, bracket_payload(bracket)
        )
    return version
