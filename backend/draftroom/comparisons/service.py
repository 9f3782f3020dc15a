"""Compare anything with anything: versions, milestones, proposals; the synoptic table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import policy as amendment_policy
from draftroom.amendments import service as amendments
from draftroom.amendments import translations
from draftroom.comparisons.results import (
    Adoption,
    ArticleComparison,
    InstrumentComparison,
    ProposalColumn,
    Provision,
    Side,
    SynopticRow,
    SynopticTable,
    TranslationNote,
)
from draftroom.identity.service import delegation_name
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.journal.kinds import Kind
from draftroom.kit.actor import Actor
from draftroom.kit.errors import InvalidInput
from draftroom.kit.fields import as_id
from draftroom.kit.i18n import _, _l, current_locale
from draftroom.models import (
    Amendment,
    AmendmentCosponsor,
    AmendmentStatus,
    AmendmentTranslation,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
    JournalEntry,
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
    if kind == "version" and (seq := as_id(value)) is not None:
        version = await instruments.read_version(session, article, language, seq)
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
    if kind == "amendment" and (amendment_id := as_id(value)) is not None:
        amendment = await amendments.get(session, amendment_id, actor)
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


async def proposal_refs(
    session: AsyncSession, article: Article, actor: Actor
) -> list[tuple[str, str]]:
    """The proposals on the table for an article that the reader may compare with:
    (``amendment:<id>``, "Amendment 12 (France)"), by number; none for observers."""
    if not instrument_policy.can_read_drafts(actor):
        return []
    found = await session.execute(
        select(Amendment, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(Amendment.article_id == article.id, Amendment.status.in_(SYNOPTIC_STATUSES))
        .order_by(Amendment.number)
    )
    lang = current_locale()
    return [
        (
            f"amendment:{amendment.id}",
            _("Amendment {number} ({delegation})").format(
                number=amendment.number, delegation=delegation_name(delegation, lang)
            ),
        )
        for amendment, delegation in found
        if amendment_policy.can_see(actor, amendment)
    ]


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


async def synoptic_delegations(
    session: AsyncSession, instrument: Instrument, actor: Actor, article: Article | None = None
) -> list[tuple[str, str]]:
    """The delegations with a proposal in the synoptic table (of one article, or of the whole
    instrument) the reader may see: (code, name in the reader's language), by name."""
    instrument_policy.require_drafts(actor)
    query = (
        select(Amendment, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(Amendment.status.in_(SYNOPTIC_STATUSES))
    )
    if article is not None:
        query = query.where(Amendment.article_id == article.id)
    else:
        query = query.join(Article, Article.id == Amendment.article_id).where(
            Article.instrument_id == instrument.id
        )
    lang = current_locale()
    found = {
        delegation.code: delegation_name(delegation, lang)
        for amendment, delegation in await session.execute(query)
        if amendment_policy.can_see(actor, amendment)
    }
    return sorted(found.items(), key=lambda pair: pair[1].casefold())


async def synoptic(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    actor: Actor,
    delegations: Sequence[str] = (),
    statuses: Sequence[AmendmentStatus] = (),
) -> SynopticTable:
    """Base text | each tabled proposal as a diff | the decision, a row per provision.

    Every proposal is there whatever language it was drafted in: diffed against the version
    it was drafted on (or rebased onto), in its own language, unless a translation into
    ``language`` exists, which is shown instead and labelled. The decision column says what
    was adopted into which version."""
    instrument_policy.require_drafts(actor)
    base = await instruments.read_version(session, article, language)
    wanted = tuple(statuses) or SYNOPTIC_STATUSES
    query = (
        select(Amendment, Delegation)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(
            Amendment.article_id == article.id,
            Amendment.status.in_([s for s in wanted if s is not S.draft]),
        )
        .order_by(Amendment.number)
    )
    if delegations:
        query = query.where(Delegation.code.in_([c.upper() for c in delegations]))
    lang = current_locale()
    order: list[tuple[str, str]] = [(p["id"], p["number"]) for p in base.provisions]
    known = {pid for pid, _n in order}
    found = [
        (amendment, delegation)
        for amendment, delegation in await session.execute(query)
        if amendment_policy.can_see(actor, amendment)
    ]
    ids = [a.id for a, _d in found]
    sponsors_of = await _cosponsor_names(session, ids, lang)
    translated_of = await translations.of(session, ids)
    rebased = await _rebased(session, ids)
    into = await _consolidated_into(session, article, [a for a, _d in found])
    # The proposals' own bases (the version each was drafted on), all diffed in one batch,
    # with the translations into the table's language against the text they were read on.
    proposal_bases = [(await amendments.base_provisions(session, a))[1] for a, _d in found]
    pairs = [(b, a.proposed) for b, (a, _d) in zip(proposal_bases, found, strict=True)]
    shown: dict[int, AmendmentTranslation] = {}
    for (amendment, _d), own_base in zip(found, proposal_bases, strict=True):
        translation = translated_of.get(amendment.id, {}).get(language)
        if translation is not None and amendment.language != language:
            shown[amendment.id] = translation
            read_on = (
                await session.get(ArticleVersion, translation.base_version_id)
                if translation.base_version_id
                else None
            )
            their_base = read_on.provisions if read_on else base.provisions
            pairs.append((their_base, _translated(their_base, own_base, amendment, translation)))
    diffed = diff_provisions_many(pairs)
    extra = iter(diffed[len(found) :])
    cells_of: list[dict[str, tuple[ProvisionDiff, str, bool]]] = []
    columns: list[ProposalColumn] = []
    adoptions: dict[str, list[Adoption]] = {}
    for (amendment, delegation), diffs in zip(found, diffed, strict=False):
        own = {d.id: (d, amendment.language, False) for d in diffs if _changed(d)}
        translation = shown.get(amendment.id)
        note = None
        if translation is not None:
            theirs = {d.id: d for d in next(extra) if _changed(d)}
            given = {p["id"] for p in translation.provisions}
            for pid in own:
                change = theirs.get(pid)
                # A provision the translation leaves out stays in the proposal's language.
                if change is not None and (pid in given or change.kind == "deleted"):
                    own[pid] = (change, language, True)
            note = await _translation_note(session, translation, lang)
        cells_of.append(own)
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
        own_version = (
            await session.get(ArticleVersion, amendment.base_version_id)
            if amendment.base_version_id
            else None
        )
        decision = None
        if amendment.status in (S.accepted, S.accepted_with_changes, S.consolidated):
            decision = amendment.secretariat_text or amendment.proposed
            version = into.get(amendment.id)
            for adoption in _adoptions(amendment, proposal_bases[len(columns)], version):
                adoptions.setdefault(adoption[0], []).append(adoption[1])
        consolidated = into.get(amendment.id)
        columns.append(
            ProposalColumn(
                amendment_id=amendment.id,
                number=amendment.number,
                delegation=delegation_name(delegation, lang),
                delegation_code=delegation.code,
                tabled_at=amendment.tabled_at,
                cosponsors=sponsors_of.get(amendment.id, []),
                status=amendment.status.value,
                status_label=amendments.status_name(amendment.status),
                decision=decision,
                language=amendment.language,
                shown_language=language if translation is not None else amendment.language,
                languages=[amendment.language, *sorted(translated_of.get(amendment.id, {}))],
                translation=note,
                base_version_id=own_version.id if own_version else None,
                base_seq=own_version.seq if own_version else None,
                rebased=amendment.id in rebased,
                drafted_on=_drafted_on(own_version, amendment.id in rebased),
                consolidated_version_id=consolidated.id if consolidated else None,
                consolidated_seq=consolidated.seq if consolidated else None,
            )
        )
    base_text = {p["id"]: p["text"] for p in base.provisions}
    rows = []
    for pid, number in order:
        decided = adoptions.get(pid, [])
        texts = [d.text for d in decided if d.text != base_text.get(pid) or d.version_id]
        cells = [found_cells.get(pid) for found_cells in cells_of]
        rows.append(
            SynopticRow(
                provision_id=pid,
                number=number,
                base_text=base_text.get(pid),
                cells=[c[0] if c else None for c in cells],
                outcome=texts[-1] if texts else None,
                languages=[c[1] if c else None for c in cells],
                translated=[c[2] if c else False for c in cells],
                decisions=decided,
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


def _changed(change: ProvisionDiff) -> bool:
    return change.kind != "unchanged" or change.renumbered


def _before(provisions: list[Provision], pid: str) -> str | None:
    """The id of the provision just before ``pid`` in a proposal (None: it comes first)."""
    previous = None
    for provision in provisions:
        if provision["id"] == pid:
            return previous
        previous = provision["id"]
    return None


def _translated(
    their_base: list[Provision],
    own_base: list[Provision],
    amendment: Amendment,
    translation: AmendmentTranslation,
) -> list[Provision]:
    """The proposal as it reads in the translation's language: that language's text with the
    proposal's deletions made and the translated provisions put in (new ones after their
    predecessor in the proposal)."""
    proposed_ids = {p["id"] for p in amendment.proposed}
    deleted = {p["id"] for p in own_base} - proposed_ids
    given = {p["id"]: p["text"] for p in translation.provisions}
    numbers = {p["id"]: p["number"] for p in amendment.proposed}
    result: list[Provision] = [
        {**p, "text": given.get(p["id"], p["text"])} for p in their_base if p["id"] not in deleted
    ]
    present = {p["id"] for p in result}
    for pid, text in given.items():
        if pid in present:
            continue
        previous = _before(amendment.proposed, pid)
        at = next(
            (i + 1 for i, p in enumerate(result) if p["id"] == previous),
            0 if previous is None else len(result),
        )
        result.insert(at, {"id": pid, "number": numbers.get(pid, ""), "text": text})
        present.add(pid)
    return result


def _drafted_on(version: ArticleVersion | None, rebased: bool) -> str:
    if version is None:
        return ""
    if rebased:
        return _("rebased onto version {seq}").format(seq=version.seq)
    return _("drafted on version {seq}").format(seq=version.seq)


async def _translation_note(
    session: AsyncSession, translation: AmendmentTranslation, lang: str
) -> TranslationNote:
    found = (await translations.describe(session, [translation], lang))[0]
    label = (
        _("Translation by the secretariat ({name})").format(name=found.translator)
        if found.by_secretariat
        else _("Translation by {delegation} ({name})").format(
            delegation=found.by, name=found.translator
        )
    )
    return TranslationNote(
        language=translation.language,
        by=found.by,
        translator=found.translator,
        by_secretariat=found.by_secretariat,
        updated_at=translation.updated_at,
        label=label,
    )


async def _rebased(session: AsyncSession, amendment_ids: list[int]) -> set[int]:
    """The proposals carried over to a newer version (their base is the rebased one)."""
    if not amendment_ids:
        return set()
    rows = await session.scalars(
        select(JournalEntry.object_id).where(
            JournalEntry.kind == Kind.amendment_rebased,
            JournalEntry.object_type == "amendment",
            JournalEntry.object_id.in_(amendment_ids),
        )
    )
    return {i for i in rows if i is not None}


async def _consolidated_into(
    session: AsyncSession, article: Article, found: list[Amendment]
) -> dict[int, ArticleVersion]:
    """Amendment id → the version a consolidation wrote it into (from its sources)."""
    consolidated = [a for a in found if a.status is S.consolidated]
    if not consolidated:
        return {}
    versions = await session.scalars(
        select(ArticleVersion)
        .where(
            ArticleVersion.article_id == article.id,
            ArticleVersion.language.in_({a.language for a in consolidated}),
        )
        .order_by(ArticleVersion.seq)
    )
    wanted = {a.id for a in consolidated}
    into: dict[int, ArticleVersion] = {}
    for version in versions:
        for amendment_id in (version.sources or {}).get("amendments", []):
            if amendment_id in wanted and amendment_id not in into:
                into[amendment_id] = version
    return into


ADOPTED = {
    "proposal": _l("the proposal’s text"),
    "secretariat": _l("the secretariat’s text"),
    "compromise": _l("a compromise text"),
}


def _adoptions(
    amendment: Amendment, own_base: list[Provision], version: ArticleVersion | None
) -> list[tuple[str, Adoption]]:
    """Per provision an accepted proposal changes, what was adopted: from the consolidated
    version's provenance when it was consolidated, else the text accepted so far."""
    decided = (
        amendment.secretariat_text if amendment.secretariat_text is not None else amendment.proposed
    )
    own_kind = "secretariat" if amendment.secretariat_text is not None else "proposal"
    found: list[tuple[str, Adoption]] = []
    if version is not None and version.sources:
        text = {p["id"]: p["text"] for p in version.provisions}
        compromises = version.sources.get("compromises", {})
        by_provision = version.sources.get("provisions", {})
        for pid, changers in by_provision.items():
            if amendment.id not in changers:
                continue
            kind = "compromise" if amendment.id in compromises.get(pid, []) else own_kind
            found.append(
                (
                    pid,
                    Adoption(
                        amendment_id=amendment.id,
                        number=amendment.number,
                        kind=kind,
                        kind_label=str(ADOPTED[kind]),
                        text=text.get(pid),
                        language=version.language,
                        version_id=version.id,
                        version_seq=version.seq,
                        label=_("Adopted into version {seq}: {what}").format(
                            seq=version.seq, what=ADOPTED[kind]
                        ),
                    ),
                )
            )
        return found
    before = {p["id"]: p["text"] for p in own_base}
    after = {p["id"]: p["text"] for p in decided}
    for pid in [p["id"] for p in own_base] + [p["id"] for p in decided]:
        if before.get(pid) == after.get(pid) or any(f[0] == pid for f in found):
            continue
        found.append(
            (
                pid,
                Adoption(
                    amendment_id=amendment.id,
                    number=amendment.number,
                    kind=own_kind,
                    kind_label=str(ADOPTED[own_kind]),
                    text=after.get(pid),
                    language=amendment.language,
                    label=_("Accepted, not yet consolidated: {what}").format(
                        what=ADOPTED[own_kind]
                    ),
                ),
            )
        )
    return found


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
