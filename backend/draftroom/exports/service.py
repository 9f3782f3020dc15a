"""Which document a download holds: the text of an instrument or an article (latest draft,
version or milestone), a comparison, a synoptic table; and the parts of its file name.

The renderers (one module per format, listed in ``formats.py``) turn the document into
bytes; the route sends them. Called in the document's locale (``force_locale``), so the
labels made here ("Latest draft") are in the file's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.comparisons import service as comparisons
from draftroom.comparisons.results import ArticleComparison, Side
from draftroom.exports.documents import Exportable, MissingArticle, TextArticle, TextDocument
from draftroom.identity.service import delegation_name
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import provenance
from draftroom.instruments import service as instruments
from draftroom.kit.actor import Actor
from draftroom.kit.fields import as_id
from draftroom.kit.i18n import _, current_locale
from draftroom.models import (
    Amendment,
    AmendmentStatus,
    Article,
    ArticleVersion,
    Delegation,
    Instrument,
)


class Export(NamedTuple):
    document: Exportable
    name: list[str]  # the file name's parts: instrument, article, language, which text


async def instrument_text(
    session: AsyncSession,
    instrument: Instrument,
    language: str,
    milestone: str | None,
    actor: Actor,
) -> Export:
    """The instrument in one language: the latest draft, or as of a milestone. The articles
    not in that language (but in the source language) are named as missing."""
    source = instrument.source_language
    if milestone:
        found = await instruments.get_milestone(session, instrument, milestone)
        pairs = await instruments.milestone_text(session, found, language)
        everything = await instruments.milestone_text(session, found, source)
    else:
        instrument_policy.require_drafts(actor)
        found = None
        pairs, everything = [], []
        for article in await instruments.articles(session, instrument):
            latest = await instruments.latest_version(session, article.id, language)
            if latest is not None:
                pairs.append((article, latest))
            original = await instruments.latest_version(session, article.id, source)
            if original is not None:
                everything.append((article, original))
    present = {article.id for article, _version in pairs}
    document = TextDocument(
        title=instrument.title.get(language) or instrument.title[source],
        language=language,
        label=found.name if found else _("Latest draft"),
        illustrative=instrument.illustrative,
        articles=[TextArticle(a.key, a.number, v.heading, v.provisions, v.id) for a, v in pairs],
        instrument=instrument.slug,
        shows=f"milestone {found.id}" if found else "latest",
        date=found.created_at if found else max((v.created_at for _a, v in pairs), default=None),
        missing=tuple(
            MissingArticle(a.key, a.number, v.heading, source)
            for a, v in everything
            if a.id not in present
        ),
    )
    reference = found.name if found else "latest"
    return Export(document, [instrument.slug, language, reference])


async def article_text(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    milestone: str | None,
    version: int | None,
    actor: Actor,
) -> Export:
    """One article in one language as read on its page: as of a milestone, a version, or
    the latest draft (observers: milestones only)."""
    found = await instruments.get_milestone(session, instrument, milestone) if milestone else None
    if found is None:
        instrument_policy.require_drafts(actor)
    text = await instruments.read_version(session, article, language, version, found)
    if found is not None:
        reference = label = found.name
    elif version is not None:
        reference, label = f"v{text.seq}", _("Version {seq}").format(seq=text.seq)
    else:
        reference, label = "latest", _("Latest draft")
    document = TextDocument(
        title=instrument.title.get(language) or instrument.title[instrument.source_language],
        language=language,
        label=label,
        illustrative=instrument.illustrative,
        articles=[TextArticle(article.key, article.number, text.heading, text.provisions, text.id)],
        instrument=instrument.slug,
        shows=f"milestone {found.id}" if found else f"version {text.id}",
        date=found.created_at if found else text.created_at,
    )
    return Export(document, [instrument.slug, article.key, language, reference])


async def instrument_comparison(
    session: AsyncSession,
    instrument: Instrument,
    language: str,
    before: str | None,
    after: str | None,
    actor: Actor,
) -> Export:
    """Every article between two milestones (default: the first one and the latest draft)."""
    document = await comparisons.compare_instrument(
        session, instrument, language, before, after, actor
    )
    for compared in document.articles:
        await attribute(session, instrument, compared, None)
    name = [
        instrument.slug,
        language,
        "compare",
        await reference_name(session, instrument, f"milestone:{before}" if before else None),
        await reference_name(session, instrument, f"milestone:{after}" if after else "latest"),
    ]
    return Export(document, name)


async def article_comparison(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    before: str | None,
    after: str,
    actor: Actor,
) -> Export:
    """One article: any two versions, milestones or proposals."""
    document = await comparisons.compare_article(
        session, instrument, article, language, before, after, actor
    )
    await attribute(session, instrument, document, after)
    name = [
        instrument.slug,
        article.key,
        language,
        "compare",
        await reference_name(session, instrument, before),
        await reference_name(session, instrument, after),
    ]
    return Export(document, name)


async def synoptic(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    language: str,
    actor: Actor,
    delegations: Sequence[str],
    statuses: Sequence[AmendmentStatus],
) -> Export:
    """The synoptic table of an article: base text, every proposal, the decisions."""
    document = await comparisons.synoptic(
        session, instrument, article, language, actor, delegations, statuses
    )
    return Export(document, [instrument.slug, article.key, language, "synoptic", "latest"])


async def reference_name(session: AsyncSession, instrument: Instrument, ref: str | None) -> str:
    """A text reference as a file name part: the milestone's name, ``v3``, ``latest``,
    ``amendment-12``; none: the first milestone (every comparison's default before)."""
    if ref is None:
        first = await comparisons.base_milestone(session, instrument)
        return first.name if first else "v1"
    kind, _sep, value = ref.partition(":")
    if kind == "milestone" and value:
        return (await instruments.get_milestone(session, instrument, value)).name
    if kind == "version":
        return f"v{value}"
    if kind == "amendment":
        return f"amendment-{value}"
    return kind


async def attribute(
    session: AsyncSession,
    instrument: Instrument,
    comparison: ArticleComparison,
    after: str | None,
) -> None:
    """Who made the newer text of a comparison, and when: the revisions of its .docx.

    A proposal (``after`` names ``amendment:<id>``): its delegation, when it was tabled (or
    last saved). A version: the secretariat, when the version was made; a consolidated one
    names per provision the proposals it came from ("Amendment 3 (France)").
    """
    comparison.instrument = instrument.slug
    await _attribute_side(session, comparison.after, after)


async def _attribute_side(session: AsyncSession, side: Side, ref: str | None) -> None:
    kind, _sep, value = (ref or "").partition(":")
    amendment_id = as_id(value) if kind == "amendment" else None
    if amendment_id is not None:
        amendment = await session.get_one(Amendment, amendment_id)
        delegation = await session.get_one(Delegation, amendment.delegation_id)
        side.author = delegation_name(delegation, current_locale())
        side.date = amendment.tabled_at or amendment.updated_at
        return
    side.author = _("Secretariat")
    if side.version_id is None:
        return
    version = await session.get_one(ArticleVersion, side.version_id)
    side.date = version.created_at
    side.authors = await provenance.provision_trail(session, version.id)
    proposals = (await provenance.trail(session, [version])).get(version.id)
    if proposals:
        side.author = "; ".join(proposals)
