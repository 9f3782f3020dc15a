"""Random sessions of the negotiation, through the services, as a request would make each
change (one savepoint per change: a refusal changes nothing): brackets asked for, placed,
lifted and declined on random words of random paragraphs, wordings added, chosen or turned
down, statuses set, the source text reworded and accepted proposals consolidated, paragraphs
holding brackets or alternatives removed from the text (in English, sometimes in French too),
milestones taken. After every change:

(a) every placed bracket is in the rolling text, found in the words as they read now or
    flagged beside them, or kept apart with its paragraph removed from the text; every open
    alternative is shown exactly once, likewise; every request on a paragraph of the text is
    listed: none disappears;
(b) the state read from the tables equals the journal's recount, object for object;
(c) the progress counted from the tables equals the progress counted from the recount;
(d) what a milestone froze (statuses included) stays as it was, whatever follows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.consolidation import service as consolidation
from draftroom.instruments import service as instruments
from draftroom.instruments.schemas import ProvisionIn
from draftroom.kit.errors import DraftroomError
from draftroom.models import (
    AgreementStatus,
    AlternativeStatus,
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Bracket,
    BracketStatus,
    Milestone,
    User,
)
from draftroom.models.base import utcnow
from draftroom.negotiation import rolling
from draftroom.negotiation import service as negotiation
from draftroom.negotiation import state as states
from draftroom.text.brackets import plain
from tests.fixtures.negotiation import Table, remove_paragraph, reword, source, table

A = AgreementStatus
OPERATIONS = (
    "request",
    "request",
    "place",
    "decline",
    "lift",
    "support",
    "align",
    "alternative",
    "alternative",
    "from_proposal",
    "choose",
    "choose",
    "keep",
    "status",
    "status",
    "confirm",
    "reword",
    "propose",
    "consolidate",
    "remove",
    "remove",
    "milestone",
)
WORDS = ("promptly", "shall", "may", "electronic", "requesting", "[name of State]", "treaty")
T = TypeVar("T")
# A modest number by default (some ten seconds); a longer hunt: NEGOTIATION_EXAMPLES=400.
EXAMPLES = int(os.environ.get("NEGOTIATION_EXAMPLES", "15"))
STATUSES = (A.open, A.bracketed, A.ad_referendum, A.agreed, A.deleted)


# What an observer reads of a milestone: its progress, its rolling text, its footnotes, the
# brackets and alternatives of paragraphs removed from it.
Frozen = tuple[rolling.Progress, list[tuple[object, ...]], list[str], list[tuple[object, ...]]]


@dataclass
class Session:
    """What the random session has done so far, to pick what to act on next."""

    t: Table
    frozen: list[tuple[Milestone, states.State, Frozen]] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)  # proposals accepted, by id
    done: list[str] = field(default_factory=list)


def pick(data: st.DataObject, items: list[T]) -> T | None:
    return data.draw(st.sampled_from(items)) if items else None


async def words_of(session: AsyncSession, t: Table, data: st.DataObject) -> tuple[str, str]:
    """A random paragraph and one to three of its words."""
    version = await source(session, t)
    p = data.draw(st.sampled_from(version.provisions))
    words = p["text"].split(" ")
    at = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    count = data.draw(st.integers(min_value=1, max_value=3))
    return p["id"], " ".join(words[at : at + count])


async def step(session: AsyncSession, s: Session, op: str, data: st.DataObject) -> None:
    t = s.t
    now = await states.current(session, t.instrument.id, t.article.id)
    brackets = sorted(now.brackets.values(), key=lambda b: b.id)
    alternatives = sorted(now.alternatives.values(), key=lambda a: a.id)
    delegate = data.draw(st.sampled_from([t.fr, t.eg, t.mx]))

    async def bracket_row(state: states.BracketState) -> Bracket:
        return await negotiation.get_bracket(session, t.article, state.id)

    if op == "request":
        key, quote = await words_of(session, t, data)
        who: User = data.draw(st.sampled_from([t.fr, t.eg, t.chair]))
        await negotiation.request_bracket(
            session, t.instrument, t.article, key, "en", quote, "Not agreed yet.", who
        )
    elif op in ("place", "decline", "lift"):
        chosen = pick(data, brackets)
        if chosen is not None:
            row = await bracket_row(chosen)
            await negotiation.decide_bracket(
                session, row, op, "The chair decides.", t.chair, negotiation.bracket_etag(row)
            )
    elif op == "support":
        chosen = pick(data, brackets)
        if chosen is not None:
            await negotiation.support_bracket(
                session, await bracket_row(chosen), "We join.", delegate
            )
    elif op == "align":
        chosen = pick(data, brackets)
        if chosen is not None:
            row = await bracket_row(chosen)
            french = await instruments.read_version(session, t.article, "fr")
            p = next((p for p in french.provisions if p["id"] == row.provision_key), None)
            if p is not None:
                quote = " ".join(p["text"].split(" ")[:2])
                await negotiation.align_bracket(
                    session, t.article, row, "fr", quote, t.chair, negotiation.bracket_etag(row)
                )
    elif op == "alternative":
        on = pick(data, [b for b in brackets if b.active]) if data.draw(st.booleans()) else None
        key = on.provision if on is not None else (await words_of(session, t, data))[0]
        wording = data.draw(st.sampled_from(WORDS))
        if on is None:
            # A paragraph's other wording: a word or two replaced, or words added at the end.
            _key, quote = await words_of(session, t, data)
            text = next(p["text"] for p in (await source(session, t)).provisions if p["id"] == key)
            replaced = text.replace(quote, wording, 1)
            wording = replaced if replaced != text else f"{text} {wording}"
        await negotiation.add_alternative(
            session,
            t.settings,
            t.instrument,
            t.article,
            key,
            {"en": wording},
            on.id if on else None,
            t.chair,
        )
    elif op == "from_proposal":
        proposal = pick(data, s.accepted)
        if proposal is not None:
            await negotiation.alternative_from_proposal(
                session, t.settings, t.instrument, t.article, proposal, None, t.chair
            )
    elif op == "choose":
        chosen_alt = pick(data, alternatives)
        if chosen_alt is not None:
            row_alt = await negotiation.get_alternative(session, t.article, chosen_alt.id)
            resolution = None
            if data.draw(st.booleans()):
                resolution = "The chair's compromise " + data.draw(st.sampled_from(WORDS))
            await negotiation.choose(
                session,
                t.settings,
                t.instrument,
                t.article,
                row_alt,
                "Chosen.",
                resolution,
                t.chair,
                negotiation.alternative_etag(row_alt),
            )
    elif op == "keep":
        on = pick(data, brackets) if data.draw(st.booleans()) else None
        key = on.provision if on is not None else (await words_of(session, t, data))[0]
        await negotiation.keep_text(
            session,
            t.instrument,
            t.article,
            key,
            await bracket_row(on) if on is not None else None,
            "The text stands.",
            t.chair,
        )
    elif op == "status":
        key, _quote = await words_of(session, t, data)
        status = data.draw(st.sampled_from(STATUSES))
        confirm = ("EG", "MX") if status is A.ad_referendum else ()
        row_s = await negotiation.get_status(session, t.article, key)
        await negotiation.set_status(
            session,
            t.instrument,
            t.article,
            key,
            status,
            "The chair decides.",
            confirm,
            t.chair,
            negotiation.status_etag(row_s),
        )
    elif op == "confirm":
        waiting = [v for v in now.statuses.values() if v.status is A.ad_referendum]
        chosen_s = pick(data, waiting)
        if chosen_s is not None:
            row_s = await negotiation.get_status(session, t.article, chosen_s.provision)
            await negotiation.confirm(
                session,
                t.instrument,
                t.article,
                chosen_s.provision,
                delegate,
                negotiation.status_etag(row_s),
            )
    elif op == "reword":
        key, quote = await words_of(session, t, data)
        text = next(p["text"] for p in (await source(session, t)).provisions if p["id"] == key)
        await reword(session, t, {key: text.replace(quote, data.draw(st.sampled_from(WORDS)), 1)})
    elif op == "propose":
        key, quote = await words_of(session, t, data)
        base = await source(session, t)
        made = await amendments.create(
            session,
            t.settings,
            t.instrument,
            amendments.Proposal(
                kind=AmendmentKind.provisions,
                language="en",
                provisions=[
                    ProvisionIn(
                        **{
                            **p,
                            "text": p["text"].replace(quote, data.draw(st.sampled_from(WORDS)))
                            if p["id"] == key
                            else p["text"],
                        }
                    )
                    for p in base.provisions
                ],
                heading=None,
                justification="Better.",
                note=None,
                article_key=t.article.key,
            ),
            t.fr,
        )
        for action, actor in (("table", t.fr), ("review", t.chair), ("accept", t.chair)):
            made = await amendments.transition(
                session, t.settings, made, action, actor, amendments.etag(made), reason="Yes."
            )
        s.accepted.append(made.id)
    elif op == "consolidate":
        ids = list(
            await session.scalars(
                select(Amendment.id).where(
                    Amendment.id.in_(s.accepted), Amendment.status == AmendmentStatus.accepted
                )
            )
        )
        if ids:
            found = await consolidation.preview(session, t.article, "en", ids, {}, t.chair)
            current = await source(session, t)
            await consolidation.consolidate(
                session,
                t.settings,
                t.instrument,
                t.article,
                "en",
                ids,
                {c.provision_id: c.current or "" for c in found.collisions},
                t.chair,
                instruments.version_etag(current),
            )
    elif op == "remove":
        # A paragraph holding placed brackets or open alternatives leaves the source text
        # (sometimes the French text too); one paragraph at least stays. Where none holds
        # any, the secretariat brackets words first.
        version = await source(session, t)
        marked = {b.provision for b in brackets if b.active} | {
            a.provision for a in alternatives if a.active
        }
        if not marked.intersection(p["id"] for p in version.provisions):
            key, quote = await words_of(session, t, data)
            await negotiation.request_bracket(
                session, t.instrument, t.article, key, "en", quote, "Not agreed yet.", t.chair
            )
            marked.add(key)
        leaving = pick(data, [p["id"] for p in version.provisions if p["id"] in marked])
        if leaving is not None and len(version.provisions) > 1:
            await remove_paragraph(session, t, leaving)
            event("remove: a paragraph with marks removed")
            french = await instruments.read_version(session, t.article, "fr")
            if any(p["id"] == leaving for p in french.provisions) and data.draw(st.booleans()):
                await remove_paragraph(session, t, leaving, "fr")
                event("remove: in French too")
    elif op == "milestone":
        milestone = await instruments.create_milestone(
            session, t.instrument, f"Rev. {len(s.frozen) + 1}", None, t.chair
        )
        seq = await states.milestone_seq(session, milestone.id)
        assert seq is not None
        frozen = await states.as_of(session, t.instrument.id, seq)
        # It froze the state as it stood when it was taken.
        assert frozen == await states.current(session, t.instrument.id)
        s.frozen.append((milestone, frozen, await as_frozen(session, t, milestone)))


async def as_frozen(session: AsyncSession, t: Table, milestone: Milestone) -> Frozen:
    """What an observer reads of a milestone: its progress and its rolling text."""
    total, _by_article = await rolling.milestone_progress(session, t.instrument, milestone)
    read = await rolling.rolling_article(
        session, t.instrument, t.article, "en", t.observer, milestone
    )
    return (
        total,
        [
            (
                p.key,
                p.status,
                p.bracketed,
                p.clean,
                [b.id for b in p.unplaced],
                [b.id for b in p.requested],
                [(a.label, a.text) for a in p.alternatives],
            )
            for p in read.provisions
        ],
        [n.text for n in read.notes],
        [(r.key, [b.id for b in r.brackets], [a.id for a in r.alternatives]) for r in read.removed],
    )


async def check(session: AsyncSession, s: Session) -> None:
    t = s.t
    now = await states.current(session, t.instrument.id)
    recounted = await states.recount(session, t.instrument.id)
    # (b) The tables and the journal agree, object for object.
    assert now.statuses == recounted.statuses
    assert now.brackets == recounted.brackets
    assert now.alternatives == recounted.alternatives
    # (c) So does the progress counted from either.
    provisions = (await source(session, t)).provisions
    from_tables = await rolling.article_progress(session, t.instrument, t.article, t.chair)
    assert from_tables == rolling.progress_of(t.article.id, provisions, recounted)
    assert from_tables.provisions == len(provisions)
    assert sum(from_tables.counts.values()) == len(provisions)
    assert from_tables.brackets == sum(1 for b in now.brackets.values() if b.active)
    assert from_tables.alternatives == sum(1 for a in now.alternatives.values() if a.active)
    # (a) No bracket disappears from the rolling text, in the source language or another.
    for language in ("en", "fr"):
        read = await rolling.rolling_article(session, t.instrument, t.article, language, t.chair)
        shown = {p.key: p for p in read.provisions}
        kept = {r.key: r for r in read.removed}
        for bracket in now.brackets.values():
            p = shown.get(bracket.provision)
            if p is None:
                # A paragraph this text no longer has: its placed brackets are kept apart.
                gone = kept.get(bracket.provision)
                ids = [b.id for b in gone.brackets] if gone is not None else []
                assert ids.count(bracket.id) == (1 if bracket.active else 0), (language, bracket)
                continue
            if bracket.status is BracketStatus.placed:
                found = [b for b in p.brackets if b.id == bracket.id]
                flagged = [b for b in p.unplaced if b.id == bracket.id]
                assert len(found) + len(flagged) == 1, (language, bracket, p)
                for b in found:
                    assert b.found
                    assert b.start is not None
                    assert b.end is not None
                    assert 0 <= b.start <= b.end <= len(p.text)
                for b in flagged:
                    assert not b.found
                    assert b.start is None
            elif bracket.status is BracketStatus.requested:
                assert [b.id for b in p.requested].count(bracket.id) == 1
            else:
                assert all(
                    bracket.id not in {b.id for b in group}
                    for group in (p.brackets, p.unplaced, p.requested)
                )
        for p in read.provisions:
            # The brackets are written around the words; without them, the words as they are.
            assert plain(p.pieces, "", "") == p.text
            assert plain(p.pieces).count("[") - p.text.count("[") == len(p.brackets)
            alternatives = [a.id for a in p.alternatives] + [
                a.id for b in [*p.brackets, *p.unplaced] for a in b.alternatives
            ]
            assert sorted(alternatives) == sorted(
                a.id
                for a in now.alternatives.values()
                if a.provision == p.key
                and a.status is AlternativeStatus.open
                and (a.bracket_id is None or now.brackets[a.bracket_id].active)
            )
        for r in read.removed:
            assert r.key not in shown
            assert r.brackets or r.alternatives
            for b in r.brackets:
                assert b.status == "placed"
                assert not b.found
                assert b.start is None
                assert b.note > 0
            assert sorted(a.id for a in r.alternatives) == sorted(
                a.id for a in now.alternatives.values() if a.provision == r.key and a.active
            )
        # Every open alternative is shown once: on its paragraph, its brackets, or apart.
        everywhere = [
            a.id
            for p in read.provisions
            for a in [
                *p.alternatives,
                *(a for b in [*p.brackets, *p.unplaced] for a in b.alternatives),
            ]
        ] + [a.id for r in read.removed for a in r.alternatives]
        assert sorted(everywhere) == sorted(a.id for a in now.alternatives.values() if a.active)
        # The footnotes run 1, 2, 3… through the article, the removed paragraphs' included.
        assert [n.number for n in read.notes] == list(range(1, len(read.notes) + 1))
    # (d) What each milestone froze has not moved.
    for milestone, frozen, observed in s.frozen:
        seq = await states.milestone_seq(session, milestone.id)
        assert seq is not None
        assert await states.as_of(session, t.instrument.id, seq) == frozen
        assert await as_frozen(session, t, milestone) == observed


async def check_instrument(session: AsyncSession, s: Session) -> None:
    """The instrument's progress (every article) equals the recount's, article by article."""
    t = s.t
    recounted = await states.recount(session, t.instrument.id)
    found = await rolling.instrument_progress(session, t.instrument, t.chair)
    assert found.now is not None
    total = rolling.Progress()
    for article, counted in found.articles:
        version = await instruments.latest_version(session, article.id, "en")
        assert version is not None
        assert counted == rolling.progress_of(article.id, version.provisions, recounted)
        total.add(counted)
    assert found.now == total
    # Over the milestones, each with the progress it froze.
    series = {m.id: p for m, p in found.milestones}
    for milestone, _state, read in s.frozen:
        assert series[milestone.id] == read[0]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
async def test_random_sessions_keep_the_rolling_text_whole_and_the_journal_true(
    session: AsyncSession, settings: Settings, data: st.DataObject
) -> None:
    # Each example starts afresh: nothing of the previous one's rolled-back rows is kept.
    session.expunge_all()
    example = await session.begin_nested()
    try:
        t = await table(session, settings)
        await amendments.open_round(
            session,
            t.instrument,
            name="Round",
            deadline=utcnow() + timedelta(days=2),
            timezone="UTC",
            article_keys=None,
            actor=t.chair,
        )
        s = Session(t)
        refusals: list[int] = []
        for op in data.draw(st.lists(st.sampled_from(OPERATIONS), min_size=4, max_size=14)):
            try:
                async with session.begin_nested():
                    await step(session, s, op, data)
                s.done.append(op)
                note(op)
            except DraftroomError as refused:
                # A refusal is a 4xx the user reads; it changed nothing (rolled back).
                s.done.append(f"{op}: {refused.code} {refused.status_code}")
                refusals.append(refused.status_code)
                note(s.done[-1])
            event(s.done[-1])
            await check(session, s)
        assert all(400 <= code < 500 for code in refusals), s.done
        await check_instrument(session, s)
    finally:
        await example.rollback()
