"""The negotiation service called directly, read back through the rolling text as the
secretariat and the delegations see it: statuses with ad referendum confirmations, agreements
refused while words are bracketed or alternatives open, agreements on words changed since
reading as no longer holding; choosing an alternative merges it into the next version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.journal.kinds import Kind
from draftroom.kit.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from draftroom.models import (
    AgreementStatus,
    Alternative,
    AlternativeStatus,
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    ArticleVersion,
    Bracket,
    BracketStatus,
    JournalEntry,
    ProvisionStatus,
    User,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import documents, rolling
from draftroom.negotiation import service as negotiation
from draftroom.negotiation import state as states
from tests.fixtures.negotiation import (
    P1,
    P2,
    P3,
    P4,
    Table,
    provision,
    remove_paragraph,
    reword,
    rolling_text,
    source,
    table,
    text_of,
)

A = AgreementStatus


@pytest.fixture
async def t(session: AsyncSession, settings: Settings) -> Table:
    return await table(session, settings)


async def set_status(
    session: AsyncSession,
    t: Table,
    key: str,
    status: AgreementStatus,
    confirm: tuple[str, ...] = (),
    reason: str | None = "Agreed in the plenary.",
) -> ProvisionStatus:
    row = await negotiation.get_status(session, t.article, key)
    return await negotiation.set_status(
        session,
        t.instrument,
        t.article,
        key,
        status,
        reason,
        confirm,
        t.chair,
        negotiation.status_etag(row),
    )


async def kinds(session: AsyncSession, t: Table) -> list[str]:
    rows = await session.scalars(
        select(JournalEntry.kind)
        .where(
            JournalEntry.instrument_id == t.instrument.id,
            JournalEntry.object_type.in_(states.OBJECT_TYPES),
        )
        .order_by(JournalEntry.seq)
    )
    return list(rows)


async def place(session: AsyncSession, t: Table, key: str, quote: str) -> Bracket:
    return await negotiation.request_bracket(
        session, t.instrument, t.article, key, "en", quote, "Not yet agreed.", t.chair
    )


# --- statuses ----------------------------------------------------------------------------


async def test_the_chair_sets_and_changes_a_status_each_change_journaled(
    session: AsyncSession, t: Table
) -> None:
    assert provision(await rolling_text(session, t), P2).status is A.open
    first = await set_status(session, t, P2, A.bracketed, reason="Delegations differ.")
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.bracketed
    assert read.stored is not None
    assert read.stored.reason == "Delegations differ."
    assert read.clean is None
    await set_status(session, t, P2, A.agreed)
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.agreed
    assert read.clean == read.text
    assert first.version == 2
    assert await kinds(session, t) == [Kind.provision_status_set] * 2
    # The other provisions stay open.
    assert provision(await rolling_text(session, t), P1).status is A.open


async def test_a_status_change_needs_the_current_etag_a_reason_and_the_secretariat(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.bracketed)
    args = (session, t.instrument, t.article, P2, A.agreed)
    with pytest.raises(PreconditionFailed):
        await negotiation.set_status(*args, "Because.", (), t.chair, negotiation.status_etag(None))
    with pytest.raises(PreconditionRequired):
        await negotiation.set_status(*args, "Because.", (), t.chair, None)
    row = await negotiation.get_status(session, t.article, P2)
    etag = negotiation.status_etag(row)
    with pytest.raises(InvalidInput) as blank:
        await negotiation.set_status(*args, "   ", (), t.chair, etag)
    assert blank.value.detail == "Say why: a reason is required."
    for someone in (t.fr, t.observer):
        with pytest.raises(Forbidden):
            await negotiation.set_status(*args, "Because.", (), someone, etag)
    with pytest.raises(NotFound) as unknown:
        await negotiation.set_status(
            session, t.instrument, t.article, "art_3__para_9", A.agreed, "x", (), t.chair, "*"
        )
    assert "art_3__para_9" in unknown.value.detail
    # Nothing changed: still bracketed, one journal entry.
    assert provision(await rolling_text(session, t), P2).status is A.bracketed
    assert await kinds(session, t) == [Kind.provision_status_set]


async def test_ad_referendum_becomes_agreed_with_the_last_confirmation(
    session: AsyncSession, t: Table
) -> None:
    row = await set_status(session, t, P2, A.ad_referendum, confirm=("EG", "MX", "EG"))
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.ad_referendum
    assert read.confirm == ["Egypt", "Mexico"]
    assert read.confirmed == []
    # Agreed ad referendum counts as settled text in the clean text.
    assert read.clean == read.text

    async def confirm(who: User) -> ProvisionStatus:
        current = await negotiation.get_status(session, t.article, P2)
        return await negotiation.confirm(
            session, t.instrument, t.article, P2, who, negotiation.status_etag(current)
        )

    # France was not named; the secretariat confirms nothing on a capital's behalf.
    with pytest.raises(negotiation.NotAwaited) as not_named:
        await confirm(t.fr)
    assert not_named.value.detail == (
        "Your delegation's confirmation is not awaited for this paragraph."
    )
    with pytest.raises(Forbidden):
        await confirm(t.chair)
    await confirm(t.eg)
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.ad_referendum
    assert read.confirmed == ["Egypt"]
    with pytest.raises(negotiation.NotAwaited):
        await confirm(t.eg)
    await confirm(t.mx)
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.agreed
    assert read.confirmed == ["Egypt", "Mexico"]
    assert row.status is A.agreed
    # Nothing left to confirm once agreed.
    with pytest.raises(negotiation.NotAwaited):
        await confirm(t.mx)
    assert await kinds(session, t) == [
        Kind.provision_status_set,
        Kind.provision_confirmed,
        Kind.provision_confirmed,
    ]


async def test_ad_referendum_names_existing_delegations(session: AsyncSession, t: Table) -> None:
    with pytest.raises(InvalidInput) as nobody:
        await set_status(session, t, P2, A.ad_referendum)
    assert nobody.value.field == "confirm"
    with pytest.raises(InvalidInput) as unknown:
        await set_status(session, t, P2, A.ad_referendum, confirm=("EG", "ZZ"))
    assert unknown.value.detail == "No delegation “ZZ”."
    assert await negotiation.get_status(session, t.article, P2) is None


async def test_a_new_status_clears_the_confirmations_awaited(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.ad_referendum, confirm=("EG", "MX"))
    row = await negotiation.get_status(session, t.article, P2)
    await negotiation.confirm(
        session, t.instrument, t.article, P2, t.eg, negotiation.status_etag(row)
    )
    await set_status(session, t, P2, A.bracketed, reason="Egypt's capital has doubts.")
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.bracketed
    assert read.confirm == []
    assert read.confirmed == []
    with pytest.raises(negotiation.NotAwaited):
        await negotiation.confirm(
            session,
            t.instrument,
            t.article,
            P2,
            t.mx,
            negotiation.status_etag(await negotiation.get_status(session, t.article, P2)),
        )


async def test_agreement_is_refused_while_brackets_are_placed_or_alternatives_open(
    session: AsyncSession, t: Table
) -> None:
    bracket = await place(session, t, P2, "of reciprocity")
    for status, confirm in ((A.agreed, ()), (A.ad_referendum, ("EG",))):
        with pytest.raises(negotiation.StillOpen) as still:
            await set_status(session, t, P2, status, confirm=confirm)
        assert still.value.status_code == 409
        assert still.value.detail.startswith("Paragraph 2 still has brackets or alternatives")
    # Other statuses are the chair's to set all the same.
    await set_status(session, t, P2, A.bracketed)
    await negotiation.decide_bracket(
        session, bracket, "lift", "Agreed.", t.chair, negotiation.bracket_etag(bracket)
    )
    alternative = await negotiation.add_alternative(
        session,
        t.settings,
        t.instrument,
        t.article,
        P2,
        {"en": "Failing a treaty, ..."},
        None,
        t.chair,
    )
    with pytest.raises(negotiation.StillOpen):
        await set_status(session, t, P2, A.agreed)
    assert provision(await rolling_text(session, t), P2).status is A.bracketed
    await negotiation.keep_text(
        session, t.instrument, t.article, P2, None, "The text stands.", t.chair
    )
    assert alternative.status is AlternativeStatus.retired
    await set_status(session, t, P2, A.agreed)
    assert provision(await rolling_text(session, t), P2).status is A.agreed
    # A request not yet placed does not hold the agreement up.
    await negotiation.request_bracket(
        session, t.instrument, t.article, P3, "en", "in itself", "Too broad.", t.fr
    )
    await set_status(session, t, P3, A.agreed)
    assert provision(await rolling_text(session, t), P3).status is A.agreed


async def test_an_agreement_on_words_changed_since_no_longer_holds(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.agreed)
    await set_status(session, t, P3, A.agreed)
    agreed_on = (await source(session, t)).seq
    before = rolling.progress_of(
        t.article.id,
        (await source(session, t)).provisions,
        await states.current(session, t.instrument.id),
    )
    assert before.counts[A.agreed] == 2
    text = await text_of(session, t, P2)
    await reword(session, t, {P2: text.replace("may be provided", "shall be provided")})
    read = await rolling_text(session, t)
    changed = provision(read, P2)
    assert changed.status is A.open
    assert changed.changed_since == agreed_on
    assert changed.clean is None
    # What was decided is kept, only read as no longer holding.
    assert changed.stored is not None
    assert changed.stored.status is A.agreed
    unchanged = provision(read, P3)
    assert unchanged.status is A.agreed
    assert unchanged.changed_since is None
    after = rolling.progress_of(
        t.article.id,
        (await source(session, t)).provisions,
        await states.current(session, t.instrument.id),
    )
    assert after.counts[A.agreed] == 1
    assert after.counts[A.open] == before.counts[A.open] + 1
    # Agreeing again on the words as they read now holds.
    await set_status(session, t, P2, A.agreed)
    assert provision(await rolling_text(session, t), P2).status is A.agreed


# --- choosing an alternative -------------------------------------------------------------


async def alternative(
    session: AsyncSession,
    t: Table,
    key: str,
    wording: str,
    bracket: Bracket | None = None,
) -> Alternative:
    return await negotiation.add_alternative(
        session,
        t.settings,
        t.instrument,
        t.article,
        key,
        {"en": wording},
        bracket.id if bracket else None,
        t.chair,
    )


async def choose(
    session: AsyncSession, t: Table, chosen: Alternative, resolution: str | None = None
) -> ArticleVersion:
    return await negotiation.choose(
        session,
        t.settings,
        t.instrument,
        t.article,
        chosen,
        "Chosen in the plenary.",
        resolution,
        t.chair,
        negotiation.alternative_etag(chosen),
    )


async def test_an_alternative_written_on_an_older_version_keeps_later_changes_elsewhere(
    session: AsyncSession, t: Table
) -> None:
    first = await text_of(session, t, P1)
    alt2 = await alternative(session, t, P1, first.replace("shall apply, and", "prevail, and"))
    alt3 = await alternative(session, t, P1, first.replace("Where a treaty", "If a treaty"))
    # Meanwhile the paragraph changes further on (other words, same paragraph).
    await reword(session, t, {P1: first.replace("does not address", "leaves open")})
    version = await choose(session, t, alt2)
    merged = next(p["text"] for p in version.provisions if p["id"] == P1)
    assert "the provisions of that treaty prevail, and" in merged
    assert merged.endswith("that the treaty leaves open.")
    # The new version says where it came from; the other wording is retired.
    assert version.sources == {"alternatives": [alt2.id], "provisions": {P1: []}}
    assert alt2.status is AlternativeStatus.chosen
    await session.refresh(alt3)
    assert alt3.status is AlternativeStatus.retired
    read = await rolling_text(session, t)
    assert provision(read, P1).text == merged
    assert provision(read, P1).alternatives == []
    assert read.notes == []
    chosen = await session.scalar(
        select(JournalEntry)
        .where(JournalEntry.kind == Kind.alternative_chosen)
        .order_by(JournalEntry.seq.desc())
    )
    assert chosen is not None
    assert chosen.payload["version_seq"] == version.seq
    # A chosen wording can no longer change.
    with pytest.raises(negotiation.AlternativeClosed):
        await choose(session, t, alt2)
    with pytest.raises(negotiation.AlternativeClosed):
        await negotiation.support_alternative(session, alt3, t.fr)


async def test_a_collision_is_refused_naming_the_paragraph_until_resolved(
    session: AsyncSession, t: Table
) -> None:
    first = await text_of(session, t, P1)
    alt2 = await alternative(session, t, P1, first.replace("shall apply, and", "prevail, and"))
    before = await reword(session, t, {P1: first.replace("shall apply, and", "apply, and")})
    with pytest.raises(negotiation.WordingCollides) as collided:
        await choose(session, t, alt2)
    assert collided.value.status_code == 409
    assert collided.value.detail == (
        "Paragraph 1 has changed since this wording was written, in the same words: give "
        "the paragraph's text to resolve it."
    )
    # Nothing was written: the text and the alternative stand.
    assert (await source(session, t)).seq == before.seq
    now = await states.current(session, t.instrument.id, t.article.id)
    assert now.alternatives[alt2.id].status is AlternativeStatus.open
    resolved = first.replace("shall apply, and", "prevail, and the chair's words")
    version = await choose(session, t, alt2, resolution=resolved)
    assert version.seq == before.seq + 1
    assert next(p["text"] for p in version.provisions if p["id"] == P1) == resolved
    assert version.sources is not None
    assert version.sources["alternatives"] == [alt2.id]
    assert version.sources["resolutions"] == {P1: resolved}
    assert alt2.status is AlternativeStatus.chosen


async def test_choosing_a_wording_for_bracketed_words_lifts_the_brackets(
    session: AsyncSession, t: Table
) -> None:
    bracket = await place(session, t, P3, "shall not")
    should = await alternative(session, t, P3, "should not", bracket)
    may = await alternative(session, t, P3, "may not", bracket)
    whole = await alternative(session, t, P3, "Reciprocity is not required.")
    read = provision(await rolling_text(session, t), P3)
    assert read.bracketed.startswith("The absence of reciprocity [shall not], in itself")
    assert [a.label for a in read.brackets[0].alternatives] == ["Alt. 2", "Alt. 3"]
    # Lifting the brackets first is refused: a wording must be chosen.
    with pytest.raises(Conflict):
        await negotiation.decide_bracket(
            session, bracket, "lift", "Agreed.", t.chair, negotiation.bracket_etag(bracket)
        )
    # Words added before the brackets since do not matter: the span is found again.
    text = await text_of(session, t, P3)
    await reword(session, t, {P3: "Moreover, " + text[0].lower() + text[1:]})
    version = await choose(session, t, should)
    assert next(p["text"] for p in version.provisions if p["id"] == P3).startswith(
        "Moreover, the absence of reciprocity should not, in itself"
    )
    await session.refresh(bracket)
    await session.refresh(may)
    await session.refresh(whole)
    assert bracket.status is BracketStatus.lifted
    assert may.status is AlternativeStatus.retired
    # The wordings of the whole paragraph are another choice, still open.
    assert whole.status is AlternativeStatus.open
    read = provision(await rolling_text(session, t), P3)
    assert read.brackets == []
    assert read.unplaced == []
    assert [a.id for a in read.alternatives] == [whole.id]


async def test_a_wording_for_words_no_longer_there_is_refused(
    session: AsyncSession, t: Table
) -> None:
    bracket = await place(session, t, P2, "on the basis of this Law and of reciprocity")
    wording = await alternative(session, t, P2, "under this Law", bracket)
    await reword(session, t, {P2: "Assistance may be given without a treaty."})
    read = provision(await rolling_text(session, t), P2)
    # Not found in the text now: flagged beside it, never dropped.
    assert [b.id for b in read.unplaced] == [bracket.id]
    assert read.status is A.bracketed
    with pytest.raises(negotiation.SpanLost) as lost:
        await choose(session, t, wording)
    assert lost.value.detail.startswith("The bracketed words can no longer be found in paragraph 2")


async def tabled(session: AsyncSession, t: Table, changes: dict[str, tuple[str, str]]) -> Amendment:
    """France tables a proposal replacing words in some paragraphs."""
    await amendments.open_round(
        session,
        t.instrument,
        name="Round on article 3",
        deadline=utcnow() + timedelta(days=2),
        timezone="UTC",
        article_keys=None,
        actor=t.chair,
    )
    base = await source(session, t)
    proposed = [
        ProvisionIn(**{**p, "text": p["text"].replace(*changes[p["id"]])})
        if p["id"] in changes
        else ProvisionIn(**p)
        for p in base.provisions
    ]
    made = await amendments.create(
        session,
        t.settings,
        t.instrument,
        amendments.Proposal(
            kind=AmendmentKind.provisions,
            language="en",
            provisions=proposed,
            heading=None,
            justification="Assistance is owed.",
            note=None,
            article_key=t.article.key,
        ),
        t.fr,
    )
    return await amendments.transition(
        session, t.settings, made, "table", t.fr, amendments.etag(made)
    )


async def test_a_tabled_proposal_becomes_an_alternative_and_choosing_it_consolidates_it(
    session: AsyncSession, t: Table
) -> None:
    made = await tabled(session, t, {P2: ("may be provided", "shall be provided")})
    alt = await negotiation.alternative_from_proposal(
        session, t.settings, t.instrument, t.article, made.id, None, t.chair
    )
    assert alt.provision_key == P2
    read = provision(await rolling_text(session, t), P2)
    assert [a.supporters for a in read.alternatives] == [["France"]]
    version = await choose(session, t, alt)
    assert next(p["text"] for p in version.provisions if p["id"] == P2).startswith(
        "In the absence of a treaty, assistance shall be provided"
    )
    await session.refresh(made)
    assert made.status is AmendmentStatus.consolidated
    assert version.sources is not None
    assert version.sources["amendments"] == [made.id]
    assert version.sources["alternatives"] == [alt.id]
    assert alt.status is AlternativeStatus.chosen


async def test_choosing_one_paragraph_of_a_wider_proposal_changes_only_that_paragraph(
    session: AsyncSession, t: Table
) -> None:
    before = await source(session, t)
    made = await tabled(
        session,
        t,
        {P1: ("shall apply, and", "prevail, and"), P2: ("may be provided", "shall be provided")},
    )
    with pytest.raises(InvalidInput) as which:
        await negotiation.alternative_from_proposal(
            session, t.settings, t.instrument, t.article, made.id, None, t.chair
        )
    assert which.value.detail == "The proposal changes several paragraphs: name one."
    alt = await negotiation.alternative_from_proposal(
        session, t.settings, t.instrument, t.article, made.id, P2, t.chair
    )
    version = await choose(session, t, alt)
    texts = {p["id"]: p["text"] for p in version.provisions}
    assert texts[P2].startswith("In the absence of a treaty, assistance shall be provided")
    # Paragraph 1 was never shown as this alternative: it stays as it read.
    assert texts[P1] == next(p["text"] for p in before.provisions if p["id"] == P1)
    await session.refresh(made)
    assert made.status is AmendmentStatus.consolidated
    assert made.secretariat_text is not None
    assert {p["id"]: p["text"] for p in made.secretariat_text} == {
        **{p["id"]: p["text"] for p in before.provisions},
        P2: texts[P2],
    }


async def test_a_milestone_freezes_statuses_brackets_and_alternatives(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.agreed)
    bracket = await place(session, t, P3, "shall not")
    await alternative(session, t, P3, "should not", bracket)
    milestone = await instruments.create_milestone(session, t.instrument, "Rev. 1", None, t.chair)

    async def observed() -> list[tuple[str, AgreementStatus, str]]:
        read = await rolling.rolling_article(
            session, t.instrument, t.article, "en", t.observer, milestone
        )
        return [(p.key, p.status, p.bracketed) for p in read.provisions]

    frozen = await observed()
    assert frozen[1] == (P2, A.agreed, await text_of(session, t, P2))
    assert frozen[2][1] is A.bracketed
    assert frozen[2][2].startswith("The absence of reciprocity [shall not], in itself")
    # Afterwards: the agreement reopened, the wording chosen, the text reworded.
    await set_status(session, t, P2, A.bracketed, reason="Reopened.")
    chosen = (await states.current(session, t.instrument.id, t.article.id)).alternatives
    row = await negotiation.get_alternative(session, t.article, next(iter(chosen)))
    await choose(session, t, row)
    assert provision(await rolling_text(session, t), P3).bracketed.startswith(
        "The absence of reciprocity should not, in itself"
    )
    assert await observed() == frozen
    # Observers read the milestone, never the working state.
    with pytest.raises(Forbidden):
        await rolling.rolling_article(session, t.instrument, t.article, "en", t.observer)


# --- nothing dropped, nothing misread ---------------------------------------------------


async def test_a_removed_paragraphs_brackets_are_kept_apart_and_counted_until_lifted(
    session: AsyncSession, t: Table
) -> None:
    asked = await negotiation.request_bracket(
        session, t.instrument, t.article, P2, "en", "of reciprocity", "Contentious.", t.fr
    )
    asked = await negotiation.decide_bracket(
        session, asked, "place", "France asked.", t.chair, negotiation.bracket_etag(asked)
    )
    asked = await negotiation.align_bracket(
        session,
        t.article,
        asked,
        "fr",
        "de la réciprocité",
        t.chair,
        negotiation.bracket_etag(asked),
    )
    own = await place(session, t, P2, "assistance may be provided")
    # The secretariat removes paragraph 2 from the English and the French texts.
    await remove_paragraph(session, t, P2)
    await remove_paragraph(session, t, P2, "fr")
    for language, quotes in (
        ("en", ["of reciprocity", "assistance may be provided"]),
        # Marked in English only: not yet marked in French, still kept.
        ("fr", ["de la réciprocité", None]),
    ):
        read = await rolling_text(session, t, language)
        assert [p.key for p in read.provisions] == [P1, P3, P4]
        assert [r.key for r in read.removed] == [P2]
        (gone,) = read.removed
        assert [b.id for b in gone.brackets] == [asked.id, own.id]
        assert [b.quote for b in gone.brackets] == quotes
        assert [read.notes[b.note - 1].text for b in gone.brackets] == [
            "Bracketed at the request of France. Contentious.",
            "Bracketed by the secretariat.",
        ]
        assert gone.alternatives == []
    # Counted as open brackets: the text is not nearer agreement for losing the paragraph.
    counted = await rolling.article_progress(session, t.instrument, t.article, t.chair)
    assert counted.provisions == 3
    assert counted.brackets == 2
    for bracket in (asked, own):
        await negotiation.decide_bracket(
            session, bracket, "lift", "Moot.", t.chair, negotiation.bracket_etag(bracket)
        )
    for language in ("en", "fr"):
        assert (await rolling_text(session, t, language)).removed == []
        assert (await rolling_text(session, t, language)).notes == []
    assert (await rolling.article_progress(session, t.instrument, t.article, t.chair)).brackets == 0


async def test_a_removed_paragraphs_alternative_is_kept_with_its_proposal_number(
    session: AsyncSession, t: Table
) -> None:
    made = await tabled(session, t, {P2: ("may be provided", "shall be provided")})
    await negotiation.alternative_from_proposal(
        session, t.settings, t.instrument, t.article, made.id, None, t.chair
    )
    await remove_paragraph(session, t, P2)
    read = await rolling_text(session, t)
    (gone,) = read.removed
    assert [(a.label, a.text) for a in gone.alternatives] == [
        (
            "Alt. 2",
            "In the absence of a treaty, assistance shall be provided on the basis of this Law "
            "and of reciprocity.",
        )
    ]
    # The footnote names the proposal by the number delegations know it by.
    assert read.notes[gone.alternatives[0].note - 1].text == (
        f"Alt. 2: proposal {made.number}, supported by France."
    )
    counted = await rolling.article_progress(session, t.instrument, t.article, t.chair)
    assert counted.alternatives == 1


async def test_brackets_placed_on_an_agreed_paragraph_reopen_it(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.agreed)
    assert provision(await rolling_text(session, t), P2).clean is not None
    await place(session, t, P2, "of reciprocity")
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.bracketed
    assert read.bracketed.endswith("on the basis of this Law and [of reciprocity].")
    # The clean text no longer shows the words as agreed.
    assert read.clean is None
    assert documents.clean_words(read) == "[pending]"
    # What was decided is kept, read as not holding while the brackets stand.
    assert read.stored is not None
    assert read.stored.status is A.agreed
    counted = await rolling.article_progress(session, t.instrument, t.article, t.chair)
    assert counted.counts[A.agreed] == 0
    assert counted.counts[A.bracketed] == 1


async def test_the_last_confirmation_while_brackets_are_placed_reads_bracketed(
    session: AsyncSession, t: Table
) -> None:
    await set_status(session, t, P2, A.ad_referendum, confirm=("EG", "MX"))
    bracket = await place(session, t, P2, "of reciprocity")
    assert provision(await rolling_text(session, t), P2).status is A.bracketed
    for who in (t.eg, t.mx):
        row = await negotiation.get_status(session, t.article, P2)
        await negotiation.confirm(
            session, t.instrument, t.article, P2, who, negotiation.status_etag(row)
        )
    read = provision(await rolling_text(session, t), P2)
    # Both capitals confirmed: agreed as stored, but the brackets placed since reopen it.
    assert read.stored is not None
    assert read.stored.status is A.agreed
    assert read.confirmed == ["Egypt", "Mexico"]
    assert read.status is A.bracketed
    assert read.clean is None
    # Lifted, the agreement holds again on the words as they read.
    await negotiation.decide_bracket(
        session, bracket, "lift", "Agreed.", t.chair, negotiation.bracket_etag(bracket)
    )
    read = provision(await rolling_text(session, t), P2)
    assert read.status is A.agreed
    assert read.clean == read.text


async def test_a_removed_paragraphs_wordings_are_retired_by_keeping_the_text(
    session: AsyncSession, t: Table
) -> None:
    made = await tabled(session, t, {P2: ("may be provided", "shall be provided")})
    await negotiation.alternative_from_proposal(
        session, t.settings, t.instrument, t.article, made.id, None, t.chair
    )
    await remove_paragraph(session, t, P2)
    # Keeping the text as it reads (without the paragraph) retires its wordings: nothing is
    # left apart, nothing counted.
    await negotiation.keep_text(session, t.instrument, t.article, P2, None, "Removed.", t.chair)
    read = await rolling_text(session, t)
    assert read.removed == []
    counted = await rolling.article_progress(session, t.instrument, t.article, t.chair)
    assert counted.alternatives == 0
    # A paragraph that never held anything is still unknown.
    with pytest.raises(negotiation.UnknownProvision):
        await negotiation.keep_text(
            session, t.instrument, t.article, "art_3__para_99", None, "No.", t.chair
        )
