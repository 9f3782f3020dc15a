"""The rolling text as read: each provision of a version with its status, its brackets
(found in this language's words, or flagged), its alternatives and footnotes naming the
delegations; the clean text beside it; progress towards agreement. One read model for the
page, the API and every download.

``build`` is pure (a version, the source version, the state, delegation names): the page,
the exports and the benchmark call it alike; ``rolling_article`` and the progress builders
read what it needs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.identity.service import delegation_name
from draftroom.instruments import service as instruments
from draftroom.kit.actor import Actor
from draftroom.kit.i18n import current_locale
from draftroom.models import (
    AgreementStatus,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
    Milestone,
    MilestoneVersion,
)
from draftroom.negotiation import policy, present
from draftroom.negotiation import state as states
from draftroom.negotiation.state import AlternativeState, BracketState, State, StatusState
from draftroom.text import brackets as marks
from draftroom.text.normalise import text_hash
from draftroom.text.provisions import ProvisionText

A = AgreementStatus
AGREED = (A.agreed, A.ad_referendum)


@dataclass(frozen=True)
class Note:
    """A footnote of the rolling text, numbered through the article."""

    number: int
    text: str


@dataclass
class RollingAlternative:
    id: int
    number: int  # Alt. n (the text as it stands is Alt. 1)
    label: str
    text: str | None  # in the language read; None: not yet translated
    source_text: str
    supporters: list[str]
    amendment_id: int | None
    note: int  # footnote number
    version: int


@dataclass
class RollingBracket:
    id: int
    note: int  # footnote number (0: a request, not in the text)
    status: str
    quote: str | None  # the words in this language, as anchored
    found: bool
    start: int | None
    end: int | None
    delegations: list[str]
    reasons: list[str]
    reason: str
    alternatives: list[RollingAlternative]
    version: int


@dataclass
class RollingProvision:
    key: str
    number: str
    text: str
    status: AgreementStatus  # as it holds for these words
    stored: StatusState | None
    changed_since: int | None  # agreed on that version, the words changed since
    confirm: list[str]
    confirmed: list[str]
    pieces: list[marks.Piece]
    brackets: list[RollingBracket]  # placed, found in this text
    unplaced: list[RollingBracket]  # placed, not found here (or not yet marked here): flagged
    requested: list[RollingBracket]  # asked for by delegations, not yet placed
    alternatives: list[RollingAlternative]  # for the whole provision (Alt. 2…)

    @property
    def clean(self) -> str | None:
        """The agreed words, or None: the clean text shows "[pending]" (or "[Deleted]")."""
        return self.text if self.status in AGREED else None

    @property
    def bracketed(self) -> str:
        """The text with its square brackets, as plain text."""
        return marks.plain(self.pieces)


@dataclass
class Removed:
    """A paragraph no longer in this text that still holds placed brackets or open
    alternatives: shown apart and counted, never dropped, until the secretariat lifts or
    retires them."""

    key: str
    brackets: list[RollingBracket]
    alternatives: list[RollingAlternative]


@dataclass
class RollingArticle:
    instrument: Instrument
    article: Article
    language: str
    version: ArticleVersion
    source: ArticleVersion
    milestone: Milestone | None
    heading: str
    provisions: list[RollingProvision]
    notes: list[Note] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)


def effective(
    stored: StatusState | None, source_text: str | None, open_marks: bool
) -> tuple[AgreementStatus, int | None]:
    """The status that holds for the words as they read: an agreement on words changed since
    is open again; a provision with placed brackets or open alternatives is bracketed, even
    one agreed before they were placed: the brackets reopen it."""
    status = stored.status if stored else A.open
    changed: int | None = None
    if (
        stored is not None
        and status in AGREED
        and source_text is not None
        and stored.text_hash != text_hash(source_text)
    ):
        status, changed = A.open, stored.version_seq
    if open_marks and (status is A.open or status in AGREED):
        status = A.bracketed
    return status, changed


def build(
    instrument: Instrument,
    article: Article,
    version: ArticleVersion,
    source: ArticleVersion,
    state: State,
    names: Mapping[int, str],
    milestone: Milestone | None = None,
    numbers: Mapping[int, int] | None = None,
) -> RollingArticle:
    """The rolling text of one language version: pure. ``names``: delegation id → name in
    the reader's language; ``numbers``: amendment id → its number (``amendment_numbers``),
    for the footnotes of alternatives that came from proposals."""
    language = version.language
    source_texts = {p["id"]: p["text"] for p in source.provisions}
    notes: list[Note] = []
    provisions = []

    def who(ids: Sequence[int]) -> list[str]:
        return [names.get(i, str(i)) for i in ids]

    def alternative(alt: AlternativeState, number: int) -> RollingAlternative:
        label = present.alternative_label(number)
        supporters = who(alt.supporters)
        note = len(notes) + 1
        notes.append(
            Note(
                note,
                present.alternative_note(
                    label,
                    supporters,
                    (numbers or {}).get(alt.amendment_id) if alt.amendment_id else None,
                ),
            )
        )
        return RollingAlternative(
            id=alt.id,
            number=number,
            label=label,
            text=alt.texts.get(language),
            source_text=alt.texts.get(instrument.source_language, ""),
            supporters=supporters,
            amendment_id=alt.amendment_id,
            note=note,
            version=alt.version,
        )

    for p in version.provisions:
        key = p["id"]
        placed, unplaced, requested = [], [], []
        spans = []
        for b in state.brackets_of(article.id, key):
            if b.status.value not in ("placed", "requested"):
                continue
            rolled = _bracket(b, p, language, who)
            if b.active:
                rolled.note = len(notes) + 1
                notes.append(
                    Note(rolled.note, present.bracket_note(rolled.delegations, rolled.reasons))
                )
                rolled.alternatives = [
                    alternative(alt, n)
                    for n, alt in enumerate(
                        (a for a in state.alternatives_of(article.id, key, b.id) if a.active),
                        start=2,
                    )
                ]
                if rolled.found and rolled.start is not None and rolled.end is not None:
                    placed.append(rolled)
                    spans.append(marks.Span(rolled.start, rolled.end, rolled.note))
                else:
                    unplaced.append(rolled)
            else:
                requested.append(rolled)
        alternatives = [
            alternative(alt, n)
            for n, alt in enumerate(
                (a for a in state.alternatives_of(article.id, key) if a.active), start=2
            )
        ]
        stored = state.status_of(article.id, key)
        status, changed = effective(
            stored, source_texts.get(key), bool(placed or unplaced or alternatives)
        )
        provisions.append(
            RollingProvision(
                key=key,
                number=p["number"],
                text=p["text"],
                status=status,
                stored=stored,
                changed_since=changed,
                confirm=who(stored.confirm) if stored else [],
                confirmed=who(stored.confirmed) if stored else [],
                pieces=marks.pieces(p["text"], spans),
                brackets=placed,
                unplaced=unplaced,
                requested=requested,
                alternatives=alternatives,
            )
        )
    present_keys = {p["id"] for p in version.provisions}
    removed = []
    for key in sorted(_marked_keys(state, article.id) - present_keys):
        gone: ProvisionText = {"id": key, "number": "", "text": ""}
        kept = []
        for b in state.brackets_of(article.id, key):
            if b.active:
                rolled = _bracket(b, gone, language, who)
                rolled.note = len(notes) + 1
                notes.append(
                    Note(rolled.note, present.bracket_note(rolled.delegations, rolled.reasons))
                )
                kept.append(rolled)
        alternatives = [
            alternative(alt, n)
            for n, alt in enumerate(
                (
                    a
                    for a in state.alternatives.values()
                    if a.active and (a.article_id, a.provision) == (article.id, key)
                ),
                start=2,
            )
        ]
        removed.append(Removed(key, kept, alternatives))
    return RollingArticle(
        instrument=instrument,
        article=article,
        language=language,
        version=version,
        source=source,
        milestone=milestone,
        heading=version.heading,
        provisions=provisions,
        notes=notes,
        removed=removed,
    )


def _marked_keys(state: State, article_id: int) -> set[str]:
    """The paragraphs of an article holding placed brackets or open alternatives."""
    return {
        b.provision for b in state.brackets.values() if b.article_id == article_id and b.active
    } | {
        a.provision for a in state.alternatives.values() if a.article_id == article_id and a.active
    }


def _bracket(b: BracketState, p: ProvisionText, language: str, who: object) -> RollingBracket:
    span = b.spans.get(language)
    found = marks.locate(p["text"], span["quote"], int(span.get("start", 0))) if span else None
    names = who(b.delegation_ids)  # type: ignore[operator]
    return RollingBracket(
        id=b.id,
        note=0,
        status=b.status.value,
        quote=span["quote"] if span else None,
        found=found is not None,
        start=found[0] if found else None,
        end=found[1] if found else None,
        delegations=list(names),
        reasons=[str(r.get("reason", "")) for r in b.requests],
        reason=b.reason,
        alternatives=[],
        version=b.version,
    )


async def amendment_numbers(session: AsyncSession, state: State) -> dict[int, int]:
    """The numbers of the proposals the state's alternatives came from (readers know
    proposals by number), in one query."""
    return await amendments.numbers(
        session, (a.amendment_id for a in state.alternatives.values() if a.amendment_id)
    )


async def delegation_names(session: AsyncSession) -> dict[int, str]:
    """Delegation id → its name in the reader's language."""
    lang = current_locale()
    return {d.id: delegation_name(d, lang) for d in await session.scalars(select(Delegation))}


async def state_for(
    session: AsyncSession,
    instrument: Instrument,
    milestone: Milestone | None,
    article_id: int | None = None,
) -> State:
    """The state now, or as the milestone froze it."""
    if milestone is None:
        return await states.current(session, instrument.id, article_id)
    seq = await states.milestone_seq(session, milestone.id)
    frozen = await states.as_of(session, instrument.id, seq or 0)
    return frozen.for_article(article_id) if article_id is not None else frozen


async def rolling_article(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    actor: Actor,
    milestone: Milestone | None = None,
) -> RollingArticle:
    """The rolling text of an article in one language: now (not for observers), or as a
    published milestone froze it (text and state alike)."""
    if milestone is None:
        policy.require_read_working(actor)
    version = await instruments.read_version(session, article, language, milestone=milestone)
    source = (
        version
        if language == instrument.source_language
        else await instruments.read_version(
            session, article, instrument.source_language, milestone=milestone
        )
    )
    state = await state_for(session, instrument, milestone, article.id)
    return build(
        instrument,
        article,
        version,
        source,
        state,
        await delegation_names(session),
        milestone,
        numbers=await amendment_numbers(session, state),
    )


# --- progress ----------------------------------------------------------------------------


@dataclass
class Progress:
    """How far a text is from agreement: provisions by status, open brackets (placed and
    requested) and open alternatives."""

    provisions: int = 0
    counts: Counter[AgreementStatus] = field(default_factory=Counter)
    brackets: int = 0
    requested: int = 0
    alternatives: int = 0

    def add(self, other: Progress) -> None:
        self.provisions += other.provisions
        self.counts.update(other.counts)
        self.brackets += other.brackets
        self.requested += other.requested
        self.alternatives += other.alternatives

    @property
    def agreed(self) -> int:
        return self.counts[A.agreed] + self.counts[A.ad_referendum] + self.counts[A.deleted]

    @property
    def share(self) -> float:
        """The share of provisions settled (agreed, ad referendum, deleted), 0 to 1."""
        return self.agreed / self.provisions if self.provisions else 0.0

    def as_dict(self) -> dict[str, int]:
        return {
            "provisions": self.provisions,
            **{s.value: self.counts[s] for s in present.ORDER},
            "brackets": self.brackets,
            "requested": self.requested,
            "alternatives": self.alternatives,
        }


def progress_of(article_id: int, provisions: Sequence[ProvisionText], state: State) -> Progress:
    """Counted on the source text's provisions (pure); brackets and alternatives of a
    paragraph the text no longer has are counted too (rolling.Removed)."""
    result = Progress()
    keys = {p["id"] for p in provisions}
    for key in _marked_keys(state, article_id) - keys:
        result.brackets += sum(1 for b in state.brackets_of(article_id, key) if b.active)
        result.alternatives += sum(
            1
            for a in state.alternatives.values()
            if a.active and (a.article_id, a.provision) == (article_id, key)
        )
    for p in provisions:
        key = p["id"]
        found = state.brackets_of(article_id, key)
        placed = sum(1 for b in found if b.active)
        alternatives = sum(
            1
            for a in state.alternatives.values()
            if a.active and (a.article_id, a.provision) == (article_id, key)
        )
        status, _changed = effective(
            state.status_of(article_id, key), p["text"], bool(placed or alternatives)
        )
        result.provisions += 1
        result.counts[status] += 1
        result.brackets += placed
        result.requested += sum(1 for b in found if b.status.value == "requested")
        result.alternatives += alternatives
    return result


@dataclass
class InstrumentProgress:
    # Now (None for observers, who read milestones), per article and in all.
    now: Progress | None
    articles: list[tuple[Article, Progress]]
    # Each milestone, oldest first, with the progress it froze: is the group converging?
    milestones: list[tuple[Milestone, Progress]]


async def _milestone_sources(
    session: AsyncSession, instrument: Instrument, milestone: Milestone
) -> dict[int, ArticleVersion]:
    rows = await session.scalars(
        select(ArticleVersion)
        .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
        .where(
            MilestoneVersion.milestone_id == milestone.id,
            MilestoneVersion.language == instrument.source_language,
        )
    )
    return {v.article_id: v for v in rows}


def _counted(
    sources: Mapping[int, ArticleVersion], state: State
) -> tuple[Progress, dict[int, Progress]]:
    """Progress in all and per article, on these source versions (article id → version)."""
    total, by_article = Progress(), {}
    for article_id, version in sources.items():
        counted = progress_of(article_id, version.provisions, state)
        by_article[article_id] = counted
        total.add(counted)
    return total, by_article


async def milestone_progress(
    session: AsyncSession, instrument: Instrument, milestone: Milestone
) -> tuple[Progress, dict[int, Progress]]:
    frozen = await state_for(session, instrument, milestone)
    return _counted(await _milestone_sources(session, instrument, milestone), frozen)


async def instrument_progress(
    session: AsyncSession, instrument: Instrument, actor: Actor
) -> InstrumentProgress:
    """Progress now (per article and in all) and at every milestone. Observers get the
    milestones only, the articles as the latest milestone froze them. The milestones'
    states come from one pass over the journal (each milestone's is the fold up to its
    entry), the latest source versions from one query."""
    milestones = (await instruments.list_milestones(session, instrument, 1000, 0))[0]
    seqs = await states.milestone_seqs(session, [m.id for m in milestones])
    series = []
    latest: dict[int, Progress] = {}
    if milestones:
        rows = (
            await session.execute(states.entries(instrument.id, max(seqs.values(), default=0)))
        ).all()
        frozen, at = State(), 0
        for milestone in sorted(milestones, key=lambda m: (seqs.get(m.id, 0), m.id)):
            while at < len(rows) and rows[at][0] <= seqs.get(milestone.id, 0):
                states.apply(frozen, rows[at][1], rows[at][2])
                at += 1
            sources = await _milestone_sources(session, instrument, milestone)
            total, latest = _counted(sources, frozen)
            series.append((milestone, total))
        order = {m.id: index for index, m in enumerate(milestones)}
        series.sort(key=lambda item: order[item[0].id])
    articles = await instruments.articles(session, instrument)
    if not policy.can_read_working(actor):
        return InstrumentProgress(
            None, [(a, latest[a.id]) for a in articles if a.id in latest], series
        )
    state = await states.current(session, instrument.id)
    sources = {
        v.article_id: v
        for v in await session.scalars(
            instruments.latest_versions(instrument.id, ArticleVersion).where(
                ArticleVersion.language == instrument.source_language
            )
        )
    }
    now = Progress()
    per_article = []
    for article in articles:
        source = sources.get(article.id)
        counted = progress_of(article.id, source.provisions if source else [], state)
        per_article.append((article, counted))
        now.add(counted)
    return InstrumentProgress(now, per_article, series)


async def article_progress(
    session: AsyncSession, instrument: Instrument, article: Article, actor: Actor
) -> Progress:
    policy.require_read_working(actor)
    source = await instruments.latest_version(session, article.id, instrument.source_language)
    state = await states.current(session, instrument.id, article.id)
    return progress_of(article.id, source.provisions if source else [], state)
