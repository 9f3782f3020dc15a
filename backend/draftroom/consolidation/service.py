"""Consolidation: accepted amendments merged into an article's next version, collisions
shown to the secretariat and resolved, provenance kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.comparisons.results import ArticleComparison, Side
from draftroom.comparisons.service import compare_sides
from draftroom.config import Settings
from draftroom.identity.service import delegation_name
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.instruments.present import consolidated_origin, restored_origin
from draftroom.instruments.schemas import ProvisionIn
from draftroom.kit.actor import Actor
from draftroom.kit.errors import DraftroomError, InvalidInput
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.models import (
    Amendment,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
)
from draftroom.text.diff import diff_words
from draftroom.text.merge import merge_provisions
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText

S = AmendmentStatus
DECIDED = (S.accepted, S.accepted_with_changes)
Provision = ProvisionText


class UnresolvedCollisions(DraftroomError):
    status_code = 409
    message = _l("Proposals collide in {provisions}: choose a text for each before consolidating.")


class NotConsolidatable(DraftroomError):
    status_code = 409
    message = _l("Amendment {number} is not accepted for this article and language.")


@dataclass(frozen=True)
class Candidate:
    amendment_id: int
    number: int
    delegation: str
    text: str | None  # None: the amendment deletes the provision


@dataclass(frozen=True)
class Collision:
    provision_id: str
    number: str
    current: str | None
    candidates: list[Candidate]


@dataclass
class Preview:
    current: ArticleVersion
    amendments: list[Amendment]
    provisions: list[Provision]
    # Which amendments produced each changed provision.
    provenance: dict[str, list[int]] = field(default_factory=dict)
    # A secretariat text for a provision, and the proposals it answers.
    compromises: dict[str, list[int]] = field(default_factory=dict)
    collisions: list[Collision] = field(default_factory=list)
    # The collisions a compromise answered: shown again so the compromise stays editable.
    resolved: list[Collision] = field(default_factory=list)
    comparison: ArticleComparison | None = None
    # Per provision, each changed span of the merged text and the amendments behind it:
    # {"start", "end", "text", "deleted", "amendments": [ids], "compromise": bool}.
    spans: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A run of a merged provision's text and the changes (indexes) that produced it; a
    deletion is a zero-width span at ``start`` carrying the words it removed."""

    start: int
    end: int
    changes: tuple[int, ...]
    deleted: str = ""


@dataclass
class Merged:
    provisions: list[Provision]
    # Provision id → indexes of the changes involved in a collision there (in order).
    collisions: dict[str, list[int]] = field(default_factory=dict)
    # Provision id → indexes of the changes that touch it.
    changed_by: dict[str, list[int]] = field(default_factory=dict)
    # Provision id → the changed spans of its final text and who produced each.
    spans: dict[str, list[Span]] = field(default_factory=dict)


def carry_spans(old: str, new: str, spans: Sequence[Span], change: int) -> list[Span]:
    """The spans of ``new``: those of ``old`` moved with the text around them, plus what
    ``change`` inserted or deleted. Pure; ``old`` → ``new`` is a word diff."""
    result: list[Span] = []
    at_old = at_new = 0
    pending = list(spans)
    for op in diff_words(old, new):
        length = len(op.text)
        if op.kind == "equal":
            for span in pending:
                if (
                    at_old <= span.start
                    and span.end <= at_old + length
                    and (span.start < at_old + length or span.end == span.start)
                ):
                    shift = at_new - at_old
                    result.append(
                        Span(span.start + shift, span.end + shift, span.changes, span.deleted)
                    )
            at_old += length
            at_new += length
        elif op.kind == "insert":
            result.append(Span(at_new, at_new + length, (change,)))
            at_new += length
        else:
            result.append(Span(at_new, at_new, (change,), op.text))
            at_old += length
    # A span no equal run wholly contains was rewritten by this change, which now owns it.
    return sorted(set(result), key=lambda s: (s.start, s.end))


def merge_all(
    current: Sequence[Provision], changes: Sequence[tuple[Sequence[Provision], Sequence[Provision]]]
) -> Merged:
    """Apply each change (base → proposed) onto the current provisions by a three-way merge,
    in order. A change that collides with the text so far leaves that provision as it was
    and is recorded with every earlier change to it; nothing is dropped silently. Pure."""
    result = Merged(list(current))
    for index, (base, proposed) in enumerate(changes):
        before = {p["id"]: p["text"] for p in base}
        after = {p["id"]: p["text"] for p in proposed}
        touched = sorted(
            pid for pid in before.keys() | after.keys() if before.get(pid) != after.get(pid)
        )
        merged = merge_provisions(base, proposed, result.provisions)
        conflicts = {c.id for c in merged.conflicts}
        so_far = {p["id"]: p for p in result.provisions}
        provisions: list[Provision] = []
        for provision in merged.provisions:
            if provision.text is not None:
                provisions.append(
                    {"id": provision.id, "number": provision.number, "text": provision.text}
                )
            elif provision.id in so_far:
                provisions.append(so_far[provision.id])  # keep the text so far
        for kept in provisions:
            pid = kept["id"]
            old_text = so_far[pid]["text"] if pid in so_far else ""
            if pid in touched and pid not in conflicts and kept["text"] != old_text:
                result.spans[pid] = carry_spans(
                    old_text, kept["text"], result.spans.get(pid, []), index
                )
        result.provisions = provisions
        for pid in touched:
            if pid in conflicts:
                involved = result.collisions.setdefault(pid, [*result.changed_by.get(pid, [])])
                involved.append(index)
            result.changed_by.setdefault(pid, []).append(index)
    return result


def decided_text(amendment: Amendment) -> list[Provision]:
    """What the secretariat accepted: its own text, or the proposal as tabled."""
    # Only "accepted with changes" sets the secretariat's text; it stays after consolidation.
    if amendment.secretariat_text is not None:
        return amendment.secretariat_text
    return amendment.proposed


async def accepted(session: AsyncSession, article: Article, language: str) -> Sequence[Amendment]:
    return (
        await session.scalars(
            select(Amendment)
            .where(
                Amendment.article_id == article.id,
                Amendment.language == language,
                Amendment.status.in_(DECIDED),
            )
            .order_by(Amendment.number)
        )
    ).all()


async def preview(
    session: AsyncSession,
    article: Article,
    language: str,
    amendment_ids: Sequence[int],
    resolutions: Mapping[str, str],
    actor: Actor,
) -> Preview:
    """Apply each amendment's change (its base → the decided text) onto the current text by
    a three-way merge, in the order of their numbers; what collides is listed, not dropped.
    ``resolutions`` gives the secretariat's text for a provision (empty: delete it)."""
    instrument_policy.require_publish(actor)
    if not amendment_ids:
        raise InvalidInput(_l("Choose at least one accepted amendment to consolidate."))
    current = await instruments.read_version(session, article, language)
    chosen = []
    for amendment_id in sorted(set(amendment_ids)):
        amendment = await amendments.get(session, amendment_id, actor)
        if (
            amendment.article_id != article.id
            or amendment.language != language
            or amendment.status not in DECIDED
        ):
            raise NotConsolidatable(number=amendment.number)
        chosen.append(amendment)
    chosen.sort(key=lambda a: a.number)
    result = Preview(current=current, amendments=chosen, provisions=list(current.provisions))
    changes = []
    for amendment in chosen:
        _heading, base = await amendments.base_provisions(session, amendment)
        changes.append((base, decided_text(amendment)))
    merged = merge_all(result.provisions, changes)
    result.provisions = merged.provisions
    colliding = {pid: [chosen[i] for i in indexes] for pid, indexes in merged.collisions.items()}
    final = {p["id"]: p["text"] for p in merged.provisions}
    result.spans = {
        pid: [
            {
                "start": span.start,
                "end": span.end,
                "text": final[pid][span.start : span.end],
                "deleted": span.deleted,
                "amendments": [chosen[i].id for i in span.changes],
                "compromise": False,
            }
            for span in spans
        ]
        for pid, spans in merged.spans.items()
        if pid in final
    }
    changed_by = {pid: [chosen[i] for i in indexes] for pid, indexes in merged.changed_by.items()}
    current_text = {p["id"]: p for p in current.provisions}
    lang = current_locale()
    for pid, involved in colliding.items():
        answered = sorted({a.id for a in involved})
        candidates = []
        for amendment in involved:
            delegation = await session.get_one(Delegation, amendment.delegation_id)
            text_after = next((p["text"] for p in decided_text(amendment) if p["id"] == pid), None)
            candidates.append(
                Candidate(
                    amendment.id, amendment.number, delegation_name(delegation, lang), text_after
                )
            )
        current_provision = current_text.get(pid)
        number = current_provision["number"] if current_provision else ""
        current_words = current_provision["text"] if current_provision else None
        collision = Collision(pid, number, current_words, candidates)
        if pid in resolutions:
            result.resolved.append(collision)
            try:
                text = normalise(check_text(resolutions[pid], _l("the resolved text")))
            except InvalidInput as error:
                raise error.at(f"resolution:{pid}") from None
            result.compromises[pid] = answered
            result.spans[pid] = (
                [
                    {
                        "start": 0,
                        "end": len(text),
                        "text": text,
                        "deleted": "",
                        "amendments": answered,
                        "compromise": True,
                    }
                ]
                if text
                else []
            )
            if text:
                result.provisions = _set_text(result.provisions, pid, text, current_text)
            else:
                result.provisions = [p for p in result.provisions if p["id"] != pid]
            continue
        result.collisions.append(collision)
    for pid, changers in changed_by.items():
        result.provenance[pid] = sorted({a.id for a in changers})
    result.comparison = compare_sides(
        article,
        language,
        Side(
            _("Version {seq}").format(seq=current.seq),
            current.heading,
            current.provisions,
            current.id,
        ),
        Side(_("Consolidated text"), current.heading, result.provisions),
    )
    return result


def _set_text(
    provisions: list[Provision], pid: str, text: str, current: Mapping[str, Provision]
) -> list[Provision]:
    if any(p["id"] == pid for p in provisions):
        return [{**p, "text": text} if p["id"] == pid else p for p in provisions]
    found = current.get(pid)
    number = found["number"] if found else ""
    return [*provisions, {"id": pid, "number": number, "text": text}]


async def consolidate(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    article: Article,
    language: str,
    amendment_ids: Sequence[int],
    resolutions: Mapping[str, str],
    actor: Actor,
    if_match: str | None,
) -> ArticleVersion:
    """Write the preview as the article's next version (If-Match on the current version) and
    mark the amendments consolidated; of two consolidations in parallel one wins (412)."""
    found = await preview(session, article, language, amendment_ids, resolutions, actor)
    if found.collisions:
        raise UnresolvedCollisions(
            provisions=", ".join(c.number or c.provision_id for c in found.collisions)
        )
    version = await instruments.publish_version(
        session,
        settings,
        instrument=instrument,
        article=article,
        language=language,
        heading=found.current.heading,
        provisions=[ProvisionIn(**p) for p in found.provisions],
        label=None,
        origin=consolidated_origin([a.number for a in found.amendments]),
        actor=actor,
        if_match=if_match,
        sources={
            "amendments": [a.id for a in found.amendments],
            "provisions": found.provenance,
            "compromises": found.compromises,
            "spans": found.spans,
            "resolutions": {
                pid: normalise(text)
                for pid, text in resolutions.items()
                if pid in found.compromises
            },
        },
    )
    for amendment in found.amendments:
        await amendments.transition(
            session, settings, amendment, "consolidate", actor, amendments.etag(amendment)
        )
    return version


async def restore(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    article: Article,
    language: str,
    seq: int,
    actor: Actor,
    if_match: str | None,
) -> ArticleVersion:
    """Make an earlier version current again, as a new version: history is never rewritten."""
    earlier = await instruments.read_version(session, article, language, seq)
    return await instruments.publish_version(
        session,
        settings,
        instrument=instrument,
        article=article,
        language=language,
        heading=earlier.heading,
        provisions=[ProvisionIn(**p) for p in earlier.provisions],
        label=None,
        origin=restored_origin(earlier.seq),
        actor=actor,
        if_match=if_match,
        sources={"restored_from": earlier.id},
    )


async def proposer_names(session: AsyncSession, amendments: Sequence[Amendment]) -> dict[int, str]:
    """Amendment id → its delegation's name in the reader's language, in one query."""
    lang = current_locale()
    rows = await session.execute(
        select(Amendment.id, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(Amendment.id.in_([a.id for a in amendments]))
    )
    return {amendment_id: delegation_name(delegation, lang) for amendment_id, delegation in rows}
