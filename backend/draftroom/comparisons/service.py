"""Compare anything with anything: versions, milestones, proposals; the synoptic table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy as amendment_policy
from draftroom.amendments import service as amendments
from draftroom.comparisons.results import (
    ArticleComparison,
    InstrumentComparison,
    ProposalColumn,
    Provision,
    Side,
    SynopticRow,
    SynopticTable,
)
from draftroom.identity.principal import Actor
from draftroom.identity.service import delegation_name
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.kit.errors import InvalidInput
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.models import (
    Amendment,
    AmendmentCosponsor,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
    Milestone,
)
from draftroom.text.diff import ProvisionDiff, diff_provisions_many, diff_words_many

S = AmendmentStatus
SYNOPTIC_STATUSES = (
    S.tabled,
    S.under_review,
    S.accepted,
    S.accepted_with_changes,
    S.rejected,
    S.consolidated,
)


async def base_milestone(session: AsyncSession, instrument: Instrument) -> Milestone | None:
    """The first milestone (the 2007 text): the default "before" of every comparison."""
    return await session.scalar(
        select(Milestone).where(Milestone.instrument_id == instrument.id).order_by(Milestone.id)
    )


async def side(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    ref: str,
    actor: Actor,
) -> Side:
    """A text named by ``latest``, ``version:N``, ``milestone:<id or name>`` or
    ``amendment:<id>`` (a proposal the reader may see)."""
    kind, _sep, value = ref.partition(":")
    if kind != "milestone":
        instrument_policy.require_drafts(actor)
    if kind == "latest":
        version = await instruments.read_version(session, article, language)
        return Side(_("Latest draft"), version.heading, version.provisions, version.id)
    if kind == "version" and value.isdigit():
        version = await instruments.read_version(session, article, language, int(value))
        return Side(
            _("Version {seq}").format(seq=version.seq),
            version.heading,
            version.provisions,
            version.id,
        )
    if kind == "milestone" and value:
        milestone = await instruments.get_milestone(session, instrument, value)
        version = await instruments.read_version(session, article, language, None, milestone)
        return Side(milestone.name, version.heading, version.provisions, version.id)
    if kind == "amendment" and value.isdigit():
        amendment = await amendments.get(session, int(value), actor)
        delegation = await session.get_one(Delegation, amendment.delegation_id)
        heading, _base = await amendments.base_provisions(session, amendment)
        return Side(
            _("Amendment {number} ({delegation})").format(
                number=amendment.number, delegation=delegation_name(delegation, current_locale())
            ),
            amendment.proposed_heading or heading,
            amendment.proposed,
        )
    raise InvalidInput(_l("“{ref}” names no text to compare."), ref=ref)


def compare_sides(article: Article, language: str, before: Side, after: Side) -> ArticleComparison:
    return compare_many(language, [(article, before, after)])[0]


def compare_many(
    language: str, items: Sequence[tuple[Article, Side, Side]]
) -> list[ArticleComparison]:
    """Each article's two sides compared; all the texts diffed in one batch."""
    headings = diff_words_many([(before.heading, after.heading) for _a, before, after in items])
    provisions = diff_provisions_many(
        [(before.provisions, after.provisions) for _a, before, after in items]
    )
    return [
        ArticleComparison(article.key, article.number, language, before, after, tuple(ops), changes)
        for (article, before, after), ops, changes in zip(items, headings, provisions, strict=True)
    ]


async def compare_article(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    before: str | None,
    after: str,
    actor: Actor,
) -> ArticleComparison:
    if before is None:
        first = await base_milestone(session, instrument)
        before = f"milestone:{first.id}" if first else "version:1"
    return compare_sides(
        article,
        language,
        await side(session, instrument, article, language, before, actor),
        await side(session, instrument, article, language, after, actor),
    )


async def compare_instrument(
    session: AsyncSession,
    instrument: Instrument,
    language: str,
    before: str | None,
    after: str | None,
    actor: Actor,
) -> InstrumentComparison:
    """Two milestones (or a milestone and the latest draft) of the whole instrument."""
    if after is None:
        instrument_policy.require_drafts(actor)  # the latest draft
    first = await base_milestone(session, instrument)
    before_ms = await instruments.get_milestone(session, instrument, before) if before else first
    after_ms = await instruments.get_milestone(session, instrument, after) if after else None
    before_texts = (
        {a.id: v for a, v in await instruments.milestone_text(session, before_ms, language)}
        if before_ms
        else {}
    )
    if after_ms is not None:
        after_texts = {
            a.id: v for a, v in await instruments.milestone_text(session, after_ms, language)
        }
    else:
        after_texts = {}
        for article in await instruments.articles(session, instrument):
            latest = await instruments.latest_version(session, article.id, language)
            if latest is not None:
                after_texts[article.id] = latest
    before_label = before_ms.name if before_ms else _("Nothing")
    after_label = after_ms.name if after_ms else _("Latest draft")
    compared = []
    for article in await instruments.articles(session, instrument):
        old, new = before_texts.get(article.id), after_texts.get(article.id)
        if old is not None or new is not None:
            compared.append(
                (article, _version_side(before_label, old), _version_side(after_label, new))
            )
    return InstrumentComparison(
        instrument=instrument.slug,
        title=instrument.title.get(language) or instrument.title[instrument.source_language],
        language=language,
        before_label=before_label,
        after_label=after_label,
        illustrative=instrument.illustrative,
        articles=compare_many(language, compared),
    )


def _version_side(label: str, version: ArticleVersion | None) -> Side:
    if version is None:
        return Side(label, "", [])
    return Side(label, version.heading, version.provisions, version.id)


async def synoptic(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    actor: Actor,
    delegations: Sequence[str] = (),
    statuses: Sequence[AmendmentStatus] = (),
) -> SynopticTable:
    """Base text | each tabled proposal as a diff | the decision, a row per provision."""
    instrument_policy.require_drafts(actor)
    base = await instruments.read_version(session, article, language)
    wanted = tuple(statuses) or SYNOPTIC_STATUSES
    query = (
        select(Amendment, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(
            Amendment.article_id == article.id,
            Amendment.language == language,
            Amendment.status.in_([s for s in wanted if s is not S.draft]),
        )
        .order_by(Amendment.number)
    )
    if delegations:
        query = query.where(Delegation.code.in_([c.upper() for c in delegations]))
    lang = current_locale()
    columns: list[ProposalColumn] = []
    changes: list[dict[str, ProvisionDiff]] = []
    order: list[tuple[str, str]] = [(p["id"], p["number"]) for p in base.provisions]
    known = {pid for pid, _n in order}
    found = [
        (amendment, delegation)
        for amendment, delegation in await session.execute(query)
        if amendment_policy.can_see(actor, amendment)
    ]
    sponsors_of = await _cosponsor_names(session, [a.id for a, _d in found], lang)
    # The proposals' own bases (the version each was drafted on), all diffed in one batch.
    proposal_bases = [(await amendments.base_provisions(session, a))[1] for a, _d in found]
    proposed = diff_provisions_many(
        [(b, a.proposed) for b, (a, _d) in zip(proposal_bases, found, strict=True)]
    )
    for (amendment, delegation), diffs in zip(found, proposed, strict=True):
        changes.append({d.id: d for d in diffs if d.kind != "unchanged" or d.renumbered})
        previous = None
        for provision in amendment.proposed:
            if provision["id"] not in known:
                # A proposed insertion gets its own row, after its predecessor.
                at = next(
                    (i + 1 for i, (pid, _n) in enumerate(order) if pid == previous), len(order)
                )
                order.insert(at, (provision["id"], provision["number"]))
                known.add(provision["id"])
            previous = provision["id"]
        sponsors = sponsors_of.get(amendment.id, [])
        decision = None
        if amendment.status in (S.accepted, S.accepted_with_changes, S.consolidated):
            decision = amendment.secretariat_text or amendment.proposed
        columns.append(
            ProposalColumn(
                amendment_id=amendment.id,
                number=amendment.number,
                delegation=delegation_name(delegation, lang),
                delegation_code=delegation.code,
                tabled_at=amendment.tabled_at,
                cosponsors=sponsors,
                status=amendment.status.value,
                status_label=amendments.status_name(amendment.status),
                decision=decision,
            )
        )
    base_text = {p["id"]: p["text"] for p in base.provisions}
    rows = []
    for pid, number in order:
        outcome = None
        for column in columns:
            if column.decision is not None:
                decided = _text_of(column.decision, pid)
                if decided is not None and decided != base_text.get(pid):
                    outcome = decided
        rows.append(
            SynopticRow(
                provision_id=pid,
                number=number,
                base_text=base_text.get(pid),
                cells=[diffs.get(pid) for diffs in changes],
                outcome=outcome,
            )
        )
    return SynopticTable(
        instrument=instrument.slug,
        title=instrument.title.get(language) or instrument.title[instrument.source_language],
        article_key=article.key,
        number=article.number,
        heading=base.heading,
        language=language,
        base_label=_("Version {seq}").format(seq=base.seq),
        illustrative=instrument.illustrative,
        columns=columns,
        rows=rows,
    )


def _text_of(provisions: list[Provision], pid: str) -> str | None:
    return next((p["text"] for p in provisions if p["id"] == pid), None)


async def _cosponsor_names(
    session: AsyncSession, amendment_ids: list[int], lang: str
) -> dict[int, list[str]]:
    """Co-sponsors of many amendments in one query, in the order they joined."""
    rows = await session.execute(
        select(AmendmentCosponsor.amendment_id, Delegation)
        .join(Delegation, Delegation.id == AmendmentCosponsor.delegation_id)
        .where(AmendmentCosponsor.amendment_id.in_(amendment_ids))
        .order_by(AmendmentCosponsor.created_at)
    )
    names: dict[int, list[str]] = {}
    for amendment_id, delegation in rows:
        names.setdefault(amendment_id, []).append(delegation_name(delegation, lang))
    return names


async def synoptic_instrument(
    session: AsyncSession,
    instrument: Instrument,
    language: str,
    actor: Actor,
    delegations: Sequence[str] = (),
    statuses: Sequence[AmendmentStatus] = (),
) -> list[SynopticTable]:
    """The synoptic table of every article that has proposals, in article order."""
    counts = await amendments.counts_by_article(session, instrument)
    tables = []
    for article in await instruments.articles(session, instrument):
        if not counts.get(article.id):
            continue
        if await instruments.latest_version(session, article.id, language) is None:
            continue
        table = await synoptic(session, instrument, article, language, actor, delegations, statuses)
        if table.columns:
            tables.append(table)
    return tables
