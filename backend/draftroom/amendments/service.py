"""Amendments: drafting, the lifecycle state machine, co-sponsors, rounds, rebasing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import lifecycle, policy
from draftroom.amendments.lifecycle import Action
from draftroom.config import Settings
from draftroom.identity.service import delegation_name
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal import service as journal
from draftroom.journal.kinds import Kind, step_of
from draftroom.kit.actor import Actor
from draftroom.kit.errors import (
    Conflict,
    DraftroomError,
    Forbidden,
    InvalidInput,
    NotFound,
    TextTooLong,
)
from draftroom.kit.etag import make_etag
from draftroom.kit.fields import check_text
from draftroom.kit.i18n import _l, current_locale
from draftroom.kit.versioned import compare_and_set, require_current
from draftroom.models import (
    Amendment,
    AmendmentCosponsor,
    AmendmentKind,
    AmendmentRound,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
    JournalEntry,
    User,
)
from draftroom.models.base import utcnow
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText

S = AmendmentStatus
MAX_JUSTIFICATION = 10_000
# Statuses that count as a proposal on the table of contents and the article page.
ON_THE_TABLE = (
    S.tabled,
    S.under_review,
    S.accepted,
    S.accepted_with_changes,
    S.rejected,
    S.consolidated,
)


class RoundClosed(DraftroomError):
    status_code = 409
    message = _l("The deadline for tabling amendments to this article passed on {deadline}.")


class RoundClosedEarly(DraftroomError):
    status_code = 409
    message = _l(
        "The round for this article closed early on {closed}: amendments cannot be tabled now."
    )


class NoOpenRound(DraftroomError):
    status_code = 409
    message = _l("No amendment round is open for this article: amendments cannot be tabled now.")


class TransitionNotAllowed(DraftroomError):
    status_code = 409
    message = _l("An amendment that is “{status}” cannot be {action} now.")


class ReasonRequired(InvalidInput):
    message = _l("Give the reason for rejecting the amendment: the proposing delegation reads it.")


# Decisions the proposing delegation must be told the reason for.
REASON_REQUIRED = frozenset({Action.reject})


class RebaseConflict(DraftroomError):
    status_code = 409
    message = _l(
        "Your changes collide with the newer text in {provisions}: edit these provisions "
        "against the new version and save again."
    )


STATUS_NAMES = {
    S.draft: _l("draft"),
    S.tabled: _l("tabled"),
    S.under_review: _l("under review"),
    S.accepted: _l("accepted"),
    S.accepted_with_changes: _l("accepted with changes"),
    S.rejected: _l("rejected"),
    S.withdrawn: _l("withdrawn"),
    S.consolidated: _l("consolidated"),
}
# What an action does, in a sentence ("cannot be {action} while ...").
ACTION_NAMES = {
    Action.table: _l("tabled"),
    Action.withdraw: _l("withdrawn"),
    Action.review: _l("taken under review"),
    Action.accept: _l("accepted"),
    Action.accept_with_changes: _l("accepted with changes"),
    Action.reject: _l("rejected"),
    Action.agree: _l("agreed to"),
    Action.object: _l("objected to"),
    Action.consolidate: _l("consolidated"),
}


# A step of an amendment's timeline, by the journal kind "amendment.<step>".
STEP_NAMES = {
    "created": _l("Drafted"),
    "edited": _l("Draft edited"),
    "table": _l("Tabled by the delegation"),
    "withdraw": _l("Withdrawn"),
    "review": _l("Taken under review"),
    "accept": _l("Accepted"),
    "accept_with_changes": _l("Accepted with changes"),
    "reject": _l("Rejected"),
    "agree": _l("Agreed to the secretariat’s text"),
    "object": _l("Objected to the secretariat’s text"),
    "consolidate": _l("Consolidated into a new version"),
    "rebased": _l("Carried over to a newer version"),
    "cosponsor_joined": _l("Co-sponsored"),
    "cosponsor_left": _l("Co-sponsorship ended"),
}
OTHER_STEP = _l("Changed")


def step_name(step: str) -> str:
    return str(STEP_NAMES.get(step, OTHER_STEP))


def status_name(status: AmendmentStatus | str) -> str:
    return str(STATUS_NAMES[AmendmentStatus(status)])


BUTTONS = {
    Action.table: _l("Table the amendment"),
    Action.withdraw: _l("Withdraw"),
    Action.review: _l("Take under review"),
    Action.accept: _l("Accept"),
    Action.accept_with_changes: _l("Accept with changes"),
    Action.reject: _l("Reject"),
    Action.agree: _l("Agree with the secretariat’s text"),
    Action.object: _l("Object to the secretariat’s text"),
    Action.consolidate: _l("Consolidate"),
}


def action_name(action: Action) -> str:
    """The button that performs an action."""
    return str(BUTTONS[action])


def action_kind(action: Action) -> Kind:
    """An action's journal kind is its step of the timeline: "amendment.<action>"."""
    return Kind(f"amendment.{action}")


def etag(amendment: Amendment) -> str:
    return make_etag(f"a{amendment.id}.{amendment.version}")


def check_if_match(amendment: Amendment, if_match: str | None) -> None:
    require_current(if_match, etag(amendment), amendment.version)


def visibility(amendment: Amendment) -> str:
    if amendment.status is S.draft:
        return journal.delegation_visibility(amendment.delegation_id)
    return journal.PUBLIC


async def _record(
    session: AsyncSession, actor: Actor, amendment: Amendment, kind: Kind, **payload: Any
) -> None:
    await journal.record(
        session,
        actor=actor,
        kind=kind,
        object_type="amendment",
        object_id=amendment.id,
        instrument_id=amendment.instrument_id,
        payload={
            "number": amendment.number,
            "status": amendment.status.value,
            "article_id": amendment.article_id,
            **payload,
        },
        visibility=visibility(amendment),
    )


# --- reading -------------------------------------------------------------------------


async def get(session: AsyncSession, amendment_id: int, actor: Actor) -> Amendment:
    amendment = await session.get(Amendment, amendment_id, populate_existing=True)
    if amendment is None or await instruments.is_removed(session, amendment.instrument_id):
        raise NotFound(_l("No amendment {number}."), number=amendment_id)
    policy.require_see(actor, amendment)
    return amendment


@dataclass(frozen=True)
class Step:
    """One entry of an amendment's timeline: who did what, when, and why."""

    seq: int
    at: datetime
    step: str
    by: str | None
    delegation: Delegation | None
    reason: str | None


async def timeline(session: AsyncSession, amendment: Amendment, actor: Actor) -> list[Step]:
    """The amendment's history from the journal, as far as the reader may see it: steps
    taken while it was a draft stay inside the proposing delegation."""
    policy.require_see(actor, amendment)
    rows = await session.execute(
        select(JournalEntry, User.name, Delegation)
        .outerjoin(User, User.id == JournalEntry.actor_id)
        .outerjoin(Delegation, Delegation.id == JournalEntry.delegation_id)
        .where(
            JournalEntry.instrument_id == amendment.instrument_id,
            JournalEntry.object_type == "amendment",
            JournalEntry.object_id == amendment.id,
        )
        .order_by(JournalEntry.seq)
    )
    return [
        Step(
            seq=entry.seq,
            at=entry.created_at,
            step=step_of(entry.kind),
            by=name,
            delegation=delegation,
            reason=entry.payload.get("reason"),
        )
        for entry, name, delegation in rows
        if policy.can_see_step(actor, amendment, entry.visibility)
    ]


@dataclass(frozen=True)
class Filters:
    article_key: str | None = None
    delegation_id: int | None = None
    statuses: tuple[AmendmentStatus, ...] = ()


async def search(
    session: AsyncSession,
    instrument: Instrument,
    actor: Actor,
    filters: Filters,
    limit: int,
    offset: int,
) -> tuple[Sequence[Amendment], int]:
    """Amendments the reader may see: everything tabled, and their own delegation's drafts."""
    where = [Amendment.instrument_id == instrument.id]
    visible = Amendment.status != S.draft
    if actor.delegation_id is not None and policy.can_propose(actor):
        visible = visible | (Amendment.delegation_id == actor.delegation_id)
    where.append(visible)
    if filters.article_key:
        article = await instruments.get_article(session, instrument, filters.article_key)
        where.append(Amendment.article_id == article.id)
    if filters.delegation_id is not None:
        where.append(Amendment.delegation_id == filters.delegation_id)
    if filters.statuses:
        where.append(Amendment.status.in_(filters.statuses))
    total = await session.scalar(select(func.count()).select_from(Amendment).where(*where))
    rows = await session.scalars(
        select(Amendment).where(*where).order_by(Amendment.number).limit(limit).offset(offset)
    )
    return rows.all(), total or 0


async def numbers(session: AsyncSession, ids: Iterable[int]) -> dict[int, int]:
    """Amendment id → the number readers know it by, in one query."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(
        select(Amendment.id, Amendment.number).where(Amendment.id.in_(wanted))
    )
    return {int(amendment_id): int(number) for amendment_id, number in rows}


async def counts_by_article(session: AsyncSession, instrument: Instrument) -> dict[int, int]:
    """Proposals on the table per article (drafts and withdrawn ones do not count)."""
    rows = await session.execute(
        select(Amendment.article_id, func.count())
        .where(Amendment.instrument_id == instrument.id, Amendment.status.in_(ON_THE_TABLE))
        .group_by(Amendment.article_id)
    )
    return {article_id: count for article_id, count in rows if article_id is not None}


async def cosponsors(session: AsyncSession, amendment: Amendment) -> Sequence[AmendmentCosponsor]:
    return (
        await session.scalars(
            select(AmendmentCosponsor)
            .where(AmendmentCosponsor.amendment_id == amendment.id)
            .order_by(AmendmentCosponsor.created_at)
        )
    ).all()


@dataclass(frozen=True)
class AmendmentView:
    """An amendment with the names a reader sees beside it, loaded for many at once."""

    amendment: Amendment
    instrument: str
    article: str | None
    delegation: Delegation
    cosponsors: list[tuple[AmendmentCosponsor, Delegation]]
    stale: bool


async def views(session: AsyncSession, amendments: Sequence[Amendment]) -> list[AmendmentView]:
    """Read models for the amendments, in their order: a few queries for the whole list
    (slugs, article keys, delegations, co-sponsors, latest versions), none per row."""
    if not amendments:
        return []
    ids = [a.id for a in amendments]
    names = {
        amendment_id: (slug, key, delegation)
        for amendment_id, slug, key, delegation in await session.execute(
            select(Amendment.id, Instrument.slug, Article.key, Delegation)
            .join(Instrument, Instrument.id == Amendment.instrument_id)
            .outerjoin(Article, Article.id == Amendment.article_id)
            .join(Delegation, Delegation.id == Amendment.delegation_id)
            .where(Amendment.id.in_(ids))
        )
    }
    sponsors: dict[int, list[tuple[AmendmentCosponsor, Delegation]]] = {}
    for row, sponsor in await session.execute(
        select(AmendmentCosponsor, Delegation)
        .join(Delegation, Delegation.id == AmendmentCosponsor.delegation_id)
        .where(AmendmentCosponsor.amendment_id.in_(ids))
        .order_by(AmendmentCosponsor.created_at)
    ):
        sponsors.setdefault(row.amendment_id, []).append((row, sponsor))
    article_ids = {a.article_id for a in amendments if a.article_id is not None}
    latest: dict[tuple[int, str], tuple[int, int]] = {}
    if article_ids:
        for article_id, language, seq, version_id in (
            await session.execute(
                select(
                    ArticleVersion.article_id,
                    ArticleVersion.language,
                    ArticleVersion.seq,
                    ArticleVersion.id,
                ).where(ArticleVersion.article_id.in_(article_ids))
            )
        ).all():
            known = latest.get((article_id, language))
            if known is None or seq > known[0]:
                latest[(article_id, language)] = (seq, version_id)
    return [
        AmendmentView(
            amendment=a,
            instrument=names[a.id][0],
            article=names[a.id][1],
            delegation=names[a.id][2],
            cosponsors=sponsors.get(a.id, []),
            stale=_stale(a, latest),
        )
        for a in amendments
    ]


def _stale(amendment: Amendment, latest: dict[tuple[int, str], tuple[int, int]]) -> bool:
    """As ``newer_base``: the article's latest version in the language is not the base."""
    if amendment.base_version_id is None or amendment.article_id is None:
        return False
    found = latest.get((amendment.article_id, amendment.language))
    return found is not None and found[1] != amendment.base_version_id


async def base_provisions(
    session: AsyncSession, amendment: Amendment
) -> tuple[str, list[ProvisionText]]:
    """What the amendment changes: the parent's proposal for a sub-amendment, else the base
    article version (nothing for a new article)."""
    if amendment.parent_id is not None:
        parent = await session.get_one(Amendment, amendment.parent_id)
        return parent.proposed_heading or "", parent.proposed
    if amendment.base_version_id is None:
        return "", []
    base = await session.get_one(ArticleVersion, amendment.base_version_id)
    return base.heading, base.provisions


async def reader_base(
    session: AsyncSession, amendment: Amendment, actor: Actor
) -> tuple[str, list[ProvisionText]] | None:
    """What this reader sees the amendment diffed against: its base, or for an observer the
    published text (a milestone's) it was drafted on; None when there is none to show."""
    if amendment.parent_id is not None or amendment.base_version_id is None:
        return await base_provisions(session, amendment)
    base = await session.get_one(ArticleVersion, amendment.base_version_id)
    shown = await instruments.published_text_for(session, base, actor)
    return (shown.heading, shown.provisions) if shown is not None else None


async def newer_base(session: AsyncSession, amendment: Amendment) -> ArticleVersion | None:
    """The article's latest version when it is newer than the amendment's base."""
    if amendment.base_version_id is None or amendment.article_id is None:
        return None
    latest = await instruments.latest_version(session, amendment.article_id, amendment.language)
    if latest is None or latest.id == amendment.base_version_id:
        return None
    return latest


# --- rounds --------------------------------------------------------------------------


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(_l("“{zone}” is not a time zone."), zone=name).at("timezone") from exc


def format_deadline(round_: AmendmentRound) -> str:
    """The deadline in the round's time zone, written in the reader's language."""
    zone = check_timezone(round_.timezone)
    when = format_datetime(round_.deadline, format="full", tzinfo=zone, locale=current_locale())
    return f"{when} ({round_.timezone})"


async def open_round(
    session: AsyncSession,
    instrument: Instrument,
    *,
    name: str,
    deadline: datetime,
    timezone: str,
    article_keys: list[str] | None,
    actor: Actor,
) -> AmendmentRound:
    policy.require_manage_rounds(actor)
    check_timezone(timezone)
    name = normalise(check_text(name, _l("the name")))
    if not name:
        raise InvalidInput(_l("A round needs a name.")).at("name")
    if deadline <= utcnow():
        raise InvalidInput(_l("The deadline must be in the future.")).at("deadline")
    for key in article_keys or []:
        await instruments.get_article(session, instrument, key)
    found = AmendmentRound(
        instrument_id=instrument.id,
        name=name,
        deadline=deadline.astimezone(UTC),
        timezone=timezone,
        article_keys=sorted(set(article_keys)) if article_keys else None,
        author_id=actor.id,
    )
    session.add(found)
    await session.flush()
    await journal.record(
        session,
        actor=actor,
        kind=Kind.round_opened,
        object_type="amendment_round",
        object_id=found.id,
        instrument_id=instrument.id,
        payload={"name": name, "deadline": deadline.isoformat(), "articles": article_keys},
    )
    return found


class RoundNotOpen(DraftroomError):
    status_code = 409
    message = _l("The round “{name}” is closed: reopen it with a new deadline instead.")


class RoundStillOpen(DraftroomError):
    status_code = 409
    message = _l("The round “{name}” is still open: extend it instead.")


async def get_round(session: AsyncSession, round_id: int) -> AmendmentRound:
    found = await session.get(AmendmentRound, round_id, populate_existing=True)
    if found is None:
        raise NotFound(_l("No such amendment round."))
    return found


def is_open(round_: AmendmentRound) -> bool:
    return round_.closed_at is None and round_.deadline > utcnow()


def closed_early(round_: AmendmentRound) -> bool:
    """Closed by the secretariat before its deadline came."""
    return round_.closed_at is not None and round_.closed_at < round_.deadline


def format_closed(round_: AmendmentRound) -> str:
    """When the round was closed, in its time zone, in the reader's language."""
    assert round_.closed_at is not None
    zone = check_timezone(round_.timezone)
    when = format_datetime(round_.closed_at, format="full", tzinfo=zone, locale=current_locale())
    return f"{when} ({round_.timezone})"


def _check_new_deadline(deadline: datetime) -> datetime:
    if deadline <= utcnow():
        raise InvalidInput(_l("The deadline must be in the future."))
    return deadline.astimezone(UTC)


async def _record_round(
    session: AsyncSession, actor: Actor, round_: AmendmentRound, kind: Kind, **payload: Any
) -> None:
    await journal.record(
        session,
        actor=actor,
        kind=kind,
        object_type="amendment_round",
        object_id=round_.id,
        instrument_id=round_.instrument_id,
        payload=payload or None,
    )


async def close_round(session: AsyncSession, round_id: int, actor: Actor) -> AmendmentRound:
    policy.require_manage_rounds(actor)
    found = await get_round(session, round_id)
    if found.closed_at is None:
        found.closed_at = utcnow()
        await session.flush()
        await _record_round(session, actor, found, Kind.round_closed)
    return found


async def extend_round(
    session: AsyncSession, round_id: int, deadline: datetime, actor: Actor
) -> AmendmentRound:
    """A later deadline for an open round."""
    policy.require_manage_rounds(actor)
    found = await get_round(session, round_id)
    if found.closed_at is not None:
        raise RoundNotOpen(name=found.name)
    previous = found.deadline
    found.deadline = _check_new_deadline(deadline)
    await session.flush()
    await _record_round(
        session,
        actor,
        found,
        Kind.round_extended,
        deadline=found.deadline.isoformat(),
        previous=previous.isoformat(),
    )
    return found


async def reopen_round(
    session: AsyncSession, round_id: int, deadline: datetime, actor: Actor
) -> AmendmentRound:
    """A closed round (closed early, or its deadline passed) opens again until a new deadline."""
    policy.require_manage_rounds(actor)
    found = await get_round(session, round_id)
    if is_open(found):
        raise RoundStillOpen(name=found.name)
    found.deadline = _check_new_deadline(deadline)
    found.closed_at = None
    await session.flush()
    await _record_round(
        session, actor, found, Kind.round_reopened, deadline=found.deadline.isoformat()
    )
    return found


async def rounds(session: AsyncSession, instrument: Instrument) -> Sequence[AmendmentRound]:
    """The instrument's rounds in the order they were opened, oldest first."""
    return (
        await session.scalars(
            select(AmendmentRound)
            .where(AmendmentRound.instrument_id == instrument.id)
            .order_by(AmendmentRound.created_at, AmendmentRound.id)
        )
    ).all()


def covers(round_: AmendmentRound, article_key: str | None) -> bool:
    if round_.article_keys is None:
        return True
    return article_key is not None and article_key in round_.article_keys


async def round_for(
    session: AsyncSession, instrument_id: int, article_key: str | None
) -> AmendmentRound | None:
    """The round that decides whether this article may be amended: an open one if any,
    else the one that closed last (to say when its deadline was)."""
    candidates = [
        r
        for r in await session.scalars(
            select(AmendmentRound)
            .where(AmendmentRound.instrument_id == instrument_id)
            .order_by(AmendmentRound.deadline.desc())
        )
        if covers(r, article_key)
    ]
    now = utcnow()
    for candidate in candidates:
        if candidate.closed_at is None and candidate.deadline > now:
            return candidate
    return candidates[0] if candidates else None


async def require_open_round(
    session: AsyncSession, amendment: Amendment, article_key: str | None
) -> AmendmentRound:
    found = await round_for(session, amendment.instrument_id, article_key)
    if found is None:
        raise NoOpenRound()
    if closed_early(found):
        raise RoundClosedEarly(closed=format_closed(found))
    if not is_open(found):
        raise RoundClosed(deadline=format_deadline(found))
    return found


async def _article(session: AsyncSession, amendment: Amendment) -> Article | None:
    return await session.get(Article, amendment.article_id) if amendment.article_id else None


# --- drafting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    kind: AmendmentKind
    language: str
    provisions: Sequence[ProvisionIn]
    heading: str | None
    justification: str
    note: str | None
    article_key: str | None = None
    base_version_id: int | None = None
    parent_id: int | None = None
    new_article_number: str | None = None


def _clean_text(value: str | None, limit: int, where: Any, name: str = "") -> str | None:
    """``value`` checked and normalised; a refusal names the input ``name`` (for a form)."""
    if value is None:
        return None
    try:
        cleaned = normalise(check_text(value, where))
    except InvalidInput as error:
        raise error.at(name) if name else error from None
    if len(cleaned) > limit:
        too_long = TextTooLong(limit=limit, where=where, length=len(cleaned))
        raise too_long.at(name) if name else too_long
    return cleaned or None


async def create(
    session: AsyncSession,
    settings: Settings,
    instrument: Instrument,
    proposal: Proposal,
    actor: Actor,
) -> Amendment:
    """A new draft, visible only inside the proposing delegation."""
    policy.require_propose(actor)
    instruments.check_language(proposal.language, settings)
    assert actor.delegation_id is not None
    parent: Amendment | None = None
    article: Article | None = None
    base: ArticleVersion | None = None
    if proposal.parent_id is not None:
        parent = await get(session, proposal.parent_id, actor)
        if parent.delegation_id == actor.delegation_id:
            raise InvalidInput(_l("A sub-amendment amends another delegation's amendment."))
        if parent.status not in (S.tabled, S.under_review):
            raise InvalidInput(_l("Only a tabled amendment can be amended."))
        kind, language = parent.kind, parent.language
        article = await session.get(Article, parent.article_id) if parent.article_id else None
        base = (
            await session.get(ArticleVersion, parent.base_version_id)
            if parent.base_version_id
            else None
        )
    else:
        kind, language = proposal.kind, proposal.language
        if kind is not AmendmentKind.new_article:
            if not proposal.article_key:
                raise InvalidInput(_l("Say which article the amendment is for."))
            article = await instruments.get_article(session, instrument, proposal.article_key)
            base = (
                await session.get(ArticleVersion, proposal.base_version_id)
                if proposal.base_version_id
                else await instruments.latest_version(session, article.id, language)
            )
            if base is None or base.article_id != article.id or base.language != language:
                raise InvalidInput(
                    _l("Article {number} has no such version in this language ({language})."),
                    number=article.number,
                    language=language,
                )
    provisions = _proposed(settings, kind, article, proposal)
    # Lock the instrument so that two new amendments cannot take the same number.
    await session.execute(
        select(Instrument.id).where(Instrument.id == instrument.id).with_for_update()
    )
    number = (
        await session.scalar(
            select(func.max(Amendment.number)).where(Amendment.instrument_id == instrument.id)
        )
        or 0
    ) + 1
    amendment = Amendment(
        instrument_id=instrument.id,
        number=number,
        article_id=article.id if article else None,
        kind=kind,
        base_version_id=base.id if base else None,
        parent_id=parent.id if parent else None,
        language=language,
        delegation_id=actor.delegation_id,
        author_id=actor.id,
        status=S.draft,
        version=1,
        proposed_heading=_clean_text(proposal.heading, 1000, _l("the heading"), "heading"),
        proposed=provisions,
        new_article_number=_clean_text(proposal.new_article_number, 20, _l("the number")),
        justification=_clean_text(
            proposal.justification, MAX_JUSTIFICATION, _l("the justification"), "justification"
        )
        or "",
        note_to_secretariat=_clean_text(proposal.note, MAX_JUSTIFICATION, _l("the note"), "note"),
    )
    if kind is AmendmentKind.new_article and not amendment.proposed_heading:
        raise InvalidInput(_l("A new article needs a heading."))
    session.add(amendment)
    await session.flush()
    await _record(
        session, actor, amendment, Kind.amendment_created, article=article.key if article else None
    )
    return amendment


def _proposed(
    settings: Settings, kind: AmendmentKind, article: Article | None, proposal: Proposal
) -> list[ProvisionText]:
    if kind is AmendmentKind.delete_article:
        if proposal.provisions:
            raise InvalidInput(_l("Deleting an article proposes no text."))
        return []
    holder = article or Article(key="new", number="", position=0, instrument_id=0)
    return instruments.clean_provisions(holder, proposal.provisions, settings)


async def edit(
    session: AsyncSession,
    settings: Settings,
    amendment: Amendment,
    proposal: Proposal,
    actor: Actor,
    if_match: str | None,
) -> Amendment:
    """Change a draft (only the proposing delegation, only while it is a draft)."""
    policy.require_proposer(actor, amendment)
    check_if_match(amendment, if_match)
    if amendment.status is not S.draft:
        raise TransitionNotAllowed(status=status_name(amendment.status), action=_l("edited"))
    article = await _article(session, amendment)
    base_id = amendment.base_version_id
    if proposal.base_version_id is not None and proposal.base_version_id != base_id:
        # Rebasing by hand: the proposer resolved the collisions against a newer version.
        newer = await session.get(ArticleVersion, proposal.base_version_id)
        if (
            newer is None
            or article is None
            or newer.article_id != article.id
            or (newer.language != amendment.language)
        ):
            raise InvalidInput(
                _l("Version {id} is not a version of this article."), id=proposal.base_version_id
            )
        base_id = newer.id
    values = {
        "proposed": _proposed(settings, amendment.kind, article, proposal),
        "proposed_heading": _clean_text(proposal.heading, 1000, _l("the heading"), "heading"),
        "justification": _clean_text(
            proposal.justification, MAX_JUSTIFICATION, _l("the justification"), "justification"
        )
        or "",
        "note_to_secretariat": _clean_text(
            proposal.note, MAX_JUSTIFICATION, _l("the note"), "note"
        ),
        "base_version_id": base_id,
    }
    await _compare_and_set(session, amendment, {S.draft}, values)
    await _record(session, actor, amendment, Kind.amendment_edited)
    return amendment


async def _compare_and_set(
    session: AsyncSession,
    amendment: Amendment,
    sources: set[AmendmentStatus],
    values: dict[str, Any],
) -> None:
    await compare_and_set(session, amendment, Amendment.status.in_(sources), **values)


# --- lifecycle -----------------------------------------------------------------------


async def transition(
    session: AsyncSession,
    settings: Settings,
    amendment: Amendment,
    action: Action | str,
    actor: Actor,
    if_match: str | None,
    *,
    reason: str | None = None,
    heading: str | None = None,
    provisions: Sequence[ProvisionIn] | None = None,
) -> Amendment:
    """Move an amendment along its lifecycle; the one place that decides what may happen."""
    if action not in lifecycle.TRANSITIONS:
        raise InvalidInput(_l("Unknown action “{action}”."), action=action)
    action = Action(action)
    step = lifecycle.TRANSITIONS[action]
    policy.require_see(actor, amendment)
    if step.by == "proposer":
        policy.require_proposer(actor, amendment)
    else:
        policy.require_decider(actor)
    check_if_match(amendment, if_match)
    try:
        after = lifecycle.decide(
            lifecycle.State(amendment.status, amendment.proposer_response), action, step.by
        )
    except lifecycle.Refused as refused:
        raise TransitionNotAllowed(
            status=status_name(amendment.status), action=ACTION_NAMES[action]
        ) from refused
    reason = _clean_text(reason, MAX_JUSTIFICATION, _l("the reason"))
    if action in REASON_REQUIRED and not reason:
        raise ReasonRequired().at("reason")
    now = utcnow()
    values: dict[str, Any] = {"status": after.status, "proposer_response": after.response}
    if action is Action.table:
        await _check_tableable(session, amendment)
        article = await _article(session, amendment)
        found = await require_open_round(session, amendment, article.key if article else None)
        values.update(tabled_at=now, round_id=found.id)
    elif action in (Action.accept, Action.reject, Action.accept_with_changes):
        values["decided_at"] = now
        if action is Action.accept_with_changes:
            if not provisions:
                raise InvalidInput(_l("Give the text the secretariat accepts."))
            article = await _article(session, amendment)
            holder = article or Article(key="new", number="", position=0, instrument_id=0)
            values["secretariat_text"] = instruments.clean_provisions(holder, provisions, settings)
            values["secretariat_heading"] = _clean_text(heading, 1000, _l("the heading"))
    await _compare_and_set(session, amendment, set(step.sources), values)
    await _record(session, actor, amendment, action_kind(action), reason=reason)
    return amendment


async def _check_tableable(session: AsyncSession, amendment: Amendment) -> None:
    if not amendment.justification:
        raise InvalidInput(_l("Give a justification before tabling the amendment."))
    heading, provisions = await base_provisions(session, amendment)
    if amendment.kind is AmendmentKind.provisions and (
        provisions == amendment.proposed and (amendment.proposed_heading or heading) == heading
    ):
        raise InvalidInput(_l("The amendment changes nothing in the text."))


async def join(session: AsyncSession, amendment: Amendment, actor: Actor) -> AmendmentCosponsor:
    policy.require_see(actor, amendment)
    if not policy.can_cosponsor(actor, amendment):
        if amendment.status not in (S.tabled, S.under_review):
            raise TransitionNotAllowed(
                status=status_name(amendment.status), action=_l("co-sponsored")
            )
        raise Forbidden(_l("Another delegation's participants may co-sponsor this amendment."))
    assert actor.delegation_id is not None
    existing = await session.get(AmendmentCosponsor, (amendment.id, actor.delegation_id))
    if existing is not None:
        raise Conflict(_l("Your delegation co-sponsors this amendment already."))
    row = AmendmentCosponsor(amendment_id=amendment.id, delegation_id=actor.delegation_id)
    session.add(row)
    await session.flush()
    await _record(session, actor, amendment, Kind.amendment_cosponsor_joined)
    return row


async def leave(session: AsyncSession, amendment: Amendment, actor: Actor) -> None:
    policy.require_see(actor, amendment)
    row = (
        await session.get(AmendmentCosponsor, (amendment.id, actor.delegation_id))
        if actor.delegation_id is not None
        else None
    )
    if row is None:
        raise NotFound(_l("Your delegation does not co-sponsor this amendment."))
    await session.delete(row)
    await session.flush()
    await _record(session, actor, amendment, Kind.amendment_cosponsor_left)


@dataclass(frozen=True)
class RebaseCollision:
    """A provision the amendment and the newer text both changed: its three texts (``None``
    where absent: deleted, or new)."""

    id: str
    number: str
    base: str | None
    proposed: str | None
    current: str | None


@dataclass(frozen=True)
class RebasePlan:
    latest: ArticleVersion
    collisions: list[RebaseCollision]


def _check_rebasable(amendment: Amendment) -> None:
    if amendment.status not in (S.draft, S.tabled):
        raise TransitionNotAllowed(status=status_name(amendment.status), action=_l("rebased"))


async def _merge(session: AsyncSession, amendment: Amendment) -> tuple[ArticleVersion, Any]:
    from draftroom.text.merge import merge_provisions

    latest = await newer_base(session, amendment)
    if latest is None:
        raise Conflict(_l("The amendment is already based on the latest version."))
    _heading, base = await base_provisions(session, amendment)
    return latest, merge_provisions(base, amendment.proposed, latest.provisions)


async def rebase_plan(session: AsyncSession, amendment: Amendment, actor: Actor) -> RebasePlan:
    """What carrying the amendment over would collide with, provision by provision."""
    policy.require_proposer(actor, amendment)
    _check_rebasable(amendment)
    latest, merged = await _merge(session, amendment)
    collisions = []
    for c in merged.conflicts:
        number = next(
            (p["number"] for p in (c.mine, c.theirs, c.base) if p is not None and p["number"]),
            c.id,
        )
        collisions.append(
            RebaseCollision(
                id=c.id,
                number=number,
                base=c.base["text"] if c.base else None,
                proposed=c.mine["text"] if c.mine else None,
                current=c.theirs["text"] if c.theirs else None,
            )
        )
    return RebasePlan(latest, collisions)


async def rebase(
    session: AsyncSession,
    amendment: Amendment,
    actor: Actor,
    if_match: str | None,
    *,
    resolutions: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> Amendment:
    """Carry the amendment's changes onto the article's newer version (three-way merge).

    A collision is resolved by the proposer's own text for that provision (``resolutions``,
    by provision id; an empty text leaves the provision out); without one, nothing changes
    and the colliding provisions are named."""
    policy.require_proposer(actor, amendment)
    check_if_match(amendment, if_match)
    _check_rebasable(amendment)
    latest, merged = await _merge(session, amendment)
    resolutions = resolutions or {}
    unresolved = [c for c in merged.conflicts if c.id not in resolutions]
    if unresolved:
        numbers = ", ".join(
            next((p["number"] or p["id"] for p in amendment.proposed if p["id"] == c.id), c.id)
            for c in unresolved
        )
        raise RebaseConflict(provisions=numbers)
    if merged.ok:
        provisions = merged.as_provisions()
    else:
        assert settings is not None
        for pid, text in resolutions.items():
            try:
                check_text(text, _l("the resolved text"))
            except InvalidInput as error:
                raise error.at(f"resolution:{pid}") from None
        article = await _article(session, amendment)
        holder = article or Article(key="new", number="", position=0, instrument_id=0)
        rows = [
            ProvisionIn(
                id=p.id, number=p.number, text=p.text if p.text is not None else resolutions[p.id]
            )
            for p in merged.provisions
            if p.text is not None or normalise(resolutions[p.id]).strip()
        ]
        provisions = instruments.clean_provisions(holder, rows, settings)
    await _compare_and_set(
        session,
        amendment,
        {S.draft, S.tabled},
        {"proposed": provisions, "base_version_id": latest.id},
    )
    await _record(
        session,
        actor,
        amendment,
        Kind.amendment_rebased,
        base=latest.id,
        resolved=sorted(resolutions),
    )
    return amendment


# --- orphaned sub-amendments ---------------------------------------------------------

# A sub-amendment is orphaned when the amendment it amends leaves the table this way.
ORPHANING = (S.consolidated, S.withdrawn, S.rejected)


@dataclass(frozen=True)
class Orphaned:
    """The amendment a sub-amendment amends is gone: how, and into which version (``seq``)
    when it was consolidated."""

    parent: Amendment
    seq: int | None


async def orphaned(session: AsyncSession, amendment: Amendment) -> Orphaned | None:
    if amendment.parent_id is None or amendment.status in (S.withdrawn, S.consolidated):
        return None
    parent = await session.get_one(Amendment, amendment.parent_id)
    if parent.status not in ORPHANING:
        return None
    seq = None
    if parent.status is S.consolidated and parent.article_id is not None:
        versions = await session.scalars(
            select(ArticleVersion)
            .where(
                ArticleVersion.article_id == parent.article_id,
                ArticleVersion.language == parent.language,
            )
            .order_by(ArticleVersion.seq)
        )
        seq = next(
            (v.seq for v in versions if parent.id in ((v.sources or {}).get("amendments") or [])),
            None,
        )
    return Orphaned(parent, seq)


async def surroundings(
    session: AsyncSession, amendment: Amendment
) -> tuple[Instrument, Article | None, Delegation]:
    """The amendment's instrument, article (None: a proposed new article) and delegation."""
    instrument = await session.get_one(Instrument, amendment.instrument_id)
    article = await session.get(Article, amendment.article_id) if amendment.article_id else None
    delegation = await session.get_one(Delegation, amendment.delegation_id)
    return instrument, article, delegation


async def sponsor_names(
    session: AsyncSession, amendment: Amendment, lang: str
) -> list[tuple[str, datetime]]:
    """The co-sponsoring delegations' names, with when each joined, in joining order."""
    rows = await session.execute(
        select(Delegation, AmendmentCosponsor.created_at)
        .join(AmendmentCosponsor, AmendmentCosponsor.delegation_id == Delegation.id)
        .where(AmendmentCosponsor.amendment_id == amendment.id)
        .order_by(AmendmentCosponsor.created_at)
    )
    return [(delegation_name(delegation, lang), at) for delegation, at in rows]


async def parent(session: AsyncSession, amendment: Amendment) -> Amendment | None:
    """The amendment this one amends, if any."""
    return await session.get(Amendment, amendment.parent_id) if amendment.parent_id else None


async def round_instrument(session: AsyncSession, round_: AmendmentRound) -> Instrument:
    return await session.get_one(Instrument, round_.instrument_id)
