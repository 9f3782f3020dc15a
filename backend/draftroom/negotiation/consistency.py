"""Across languages: does each translation carry the source text's brackets and alternatives?

A translation is out of step with its source when, for a provision, the source text shows
more (or fewer) placed brackets than the translation's words do, or when an open alternative
has a wording in the source language and none in the translation's. Both are read from the
rolling text of each language (``rolling.build``), so "marked here" means exactly what the
rolling text shows: a bracket not yet aligned in a language, or whose words are no longer
found there, is not marked in it.

``compare`` is pure; ``instrument_consistency`` reads the texts and the state (now, or as a
milestone froze them) for the articles that have any brackets or alternatives at all.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.comments.present import provision_label
from draftroom.instruments import service as instruments
from draftroom.instruments.service import Status
from draftroom.kit.actor import Actor
from draftroom.kit.i18n import _, current_locale, language_name, ngettext
from draftroom.models import Article, ArticleVersion, Instrument, Milestone, MilestoneVersion
from draftroom.negotiation import policy, rolling
from draftroom.negotiation.rolling import RollingAlternative, RollingArticle, RollingProvision
from draftroom.negotiation.state import State
from draftroom.text.languages import CODES


class Kind(enum.StrEnum):
    brackets = "brackets"  # placed brackets marked in the source vs in the translation
    alternative = "alternative"  # an open alternative without a wording in the translation


@dataclass(frozen=True)
class Difference:
    """One way a translation's provision is out of step with the source's."""

    article_number: str
    provision: str  # the provision's id
    number: str  # as numbered in the source text ("3", "2(a)")
    kind: Kind
    source_language: str
    language: str
    # Kind.brackets: placed brackets marked in the source text and in the translation.
    source_count: int = 0
    count: int = 0
    # Kind.alternative: the alternative's id and label, and the bracketed words it is for.
    alternative_id: int | None = None
    label: str = ""
    quote: str | None = None

    @property
    def where(self) -> str:
        return provision_label(self.article_number, self.number)

    @property
    def message(self) -> str:
        """What differs, in the reader's language: "Article 5, paragraph 3: 2 brackets in
        English, 1 bracket in Arabic"; "Article 5, paragraph 4: Alt. 2 has no wording in
        Arabic"."""
        locale = current_locale()
        language = language_name(self.language, locale)
        if self.kind is Kind.brackets:
            source = language_name(self.source_language, locale)
            return _("{provision}: {source}, {translation}").format(
                provision=self.where,
                source=_brackets(self.source_count, source),
                translation=_brackets(self.count, language),
            )
        if self.quote:
            return _("{provision}: {label} for “{quote}” has no wording in {language}").format(
                provision=self.where, label=self.label, quote=self.quote, language=language
            )
        return _("{provision}: {label} has no wording in {language}").format(
            provision=self.where, label=self.label, language=language
        )


def _brackets(count: int, language: str) -> str:
    return ngettext("{n} bracket in {language}", "{n} brackets in {language}", count).format(
        n=count, language=language
    )


def _marked(provision: RollingProvision | None) -> int:
    return len(provision.brackets) if provision is not None else 0


def _open_alternatives(
    provision: RollingProvision,
) -> list[tuple[RollingAlternative, str | None]]:
    """The provision's open alternatives, each with the bracketed words it is for (None: for
    the whole provision), those of placed brackets whether found in the text or not."""
    found: list[tuple[RollingAlternative, str | None]] = [
        (alt, None) for alt in provision.alternatives
    ]
    for bracket in (*provision.brackets, *provision.unplaced):
        found.extend((alt, bracket.quote) for alt in bracket.alternatives)
    return found


def compare(source: RollingArticle, translation: RollingArticle, state: State) -> list[Difference]:
    """What differs between the rolling text of the source and that of a translation, in the
    source text's order of provisions (pure). An alternative's wording is looked up in the
    state, so that one given for a provision the translation does not have yet still
    counts."""
    theirs = {p.key: p for p in translation.provisions}
    ours = {p.key for p in source.provisions}
    found: list[Difference] = []

    blank = Difference(
        article_number=source.article.number,
        provision="",
        number="",
        kind=Kind.brackets,
        source_language=source.language,
        language=translation.language,
    )

    def differs(p: RollingProvision, kind: Kind, **details: Any) -> None:
        found.append(replace(blank, provision=p.key, number=p.number, kind=kind, **details))

    for p in source.provisions:
        other = theirs.get(p.key)
        if _marked(p) != _marked(other):
            differs(p, Kind.brackets, source_count=_marked(p), count=_marked(other))
        for alt, quote in _open_alternatives(p):
            held = state.alternatives.get(alt.id)
            if alt.text and not (held and held.texts.get(translation.language)):
                differs(p, Kind.alternative, alternative_id=alt.id, label=alt.label, quote=quote)
    # Brackets marked in a translation's provision the source text no longer has.
    for p in translation.provisions:
        if p.key not in ours and _marked(p):
            differs(p, Kind.brackets, source_count=0, count=_marked(p))
    return found


def article_consistency(
    instrument: Instrument,
    article: Article,
    versions: Mapping[str, ArticleVersion],
    state: State,
) -> dict[str, list[Difference]]:
    """Per language other than the source with a version, in the usual order of languages:
    what differs (pure). Nothing when the article has no source text."""
    source = versions.get(instrument.source_language)
    if source is None:
        return {}
    names: dict[int, str] = {}
    read = rolling.build(instrument, article, source, source, state, names)
    return {
        language: compare(
            read, rolling.build(instrument, article, version, source, state, names), state
        )
        for language, version in sorted(versions.items(), key=lambda kv: CODES.index(kv[0]))
        if language != instrument.source_language
    }


def _negotiated(state: State) -> set[int]:
    """The articles with placed brackets or open alternatives: the others are in step."""
    return {b.article_id for b in state.brackets.values() if b.active} | {
        a.article_id for a in state.alternatives.values() if a.active
    }


async def _versions(
    session: AsyncSession,
    instrument: Instrument,
    article_ids: set[int],
    milestone: Milestone | None,
) -> dict[int, dict[str, ArticleVersion]]:
    if milestone is None:
        query = instruments.latest_versions(instrument.id, ArticleVersion).where(
            ArticleVersion.article_id.in_(article_ids)
        )
    else:
        query = (
            select(ArticleVersion)
            .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
            .where(
                MilestoneVersion.milestone_id == milestone.id,
                MilestoneVersion.article_id.in_(article_ids),
            )
        )
    found: dict[int, dict[str, ArticleVersion]] = {}
    for version in await session.scalars(query):
        found.setdefault(version.article_id, {})[version.language] = version
    return found


async def instrument_consistency(
    session: AsyncSession,
    instrument: Instrument,
    actor: Actor,
    milestone: Milestone | None = None,
) -> dict[int, dict[str, list[Difference]]]:
    """Per article id and language with a version (the source's aside): what differs from
    the source's brackets and alternatives; articles without any are left out (in step).
    Now (not for observers), or as a published milestone froze texts and state."""
    if milestone is None:
        policy.require_read_working(actor)
    state = await rolling.state_for(session, instrument, milestone)
    wanted = _negotiated(state)
    if not wanted:
        return {}
    versions = await _versions(session, instrument, wanted, milestone)
    found = {}
    for article in await instruments.articles(session, instrument):
        compared = article_consistency(instrument, article, versions.get(article.id, {}), state)
        if compared:  # an article without a source text has nothing to differ from
            found[article.id] = compared
    return found


def flag_outdated(
    statuses: Mapping[int, Mapping[str, Status]],
    differences: Mapping[int, Mapping[str, list[Difference]]],
) -> dict[int, dict[str, Status]]:
    """The translation statuses (per article and language) with every language version that
    differs from its source's brackets or alternatives outdated, whatever its date says."""
    return {
        article_id: {
            language: Status.outdated if differences.get(article_id, {}).get(language) else status
            for language, status in languages.items()
        }
        for article_id, languages in statuses.items()
    }
