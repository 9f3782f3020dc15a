"""Tamper evidence covers the text: `verify` recomputes every version's content hash and
every milestone's fingerprint from the stored text and checks them against the journal; the
fingerprints the pages and the API show are computed from the text, never copied."""

from __future__ import annotations

import html
from typing import Any

from httpx import AsyncClient
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.journal.kinds import Kind
from draftroom.journal.service import record, verify
from draftroom.models import Article, ArticleVersion, Milestone, MilestoneVersion
from draftroom.models.base import JSONType
from draftroom.text.normalise import content_hash, fingerprint
from draftroom.text.provisions import ProvisionText
from tests.fixtures.clients import sign_in

BASE = "2007 text"


async def base_version(session: AsyncSession, key: str = "art_3") -> ArticleVersion:
    """The English version of an article held by the 2007 text milestone."""
    version = await session.scalar(
        select(ArticleVersion)
        .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
        .join(Milestone, Milestone.id == MilestoneVersion.milestone_id)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(Milestone.name == BASE, Article.key == key, ArticleVersion.language == "en")
    )
    assert version is not None
    return version


async def holding(session: AsyncSession, version: ArticleVersion) -> list[str]:
    names = await session.scalars(
        select(Milestone.name)
        .join(MilestoneVersion, MilestoneVersion.milestone_id == Milestone.id)
        .where(MilestoneVersion.article_version_id == version.id)
        .order_by(Milestone.id)
    )
    return list(names)


async def edit_text(session: AsyncSession, version_id: int, old: str, new: str) -> None:
    """Reword a published version behind the application's back: a raw SQL UPDATE."""
    provisions: list[dict[str, Any]] = list(
        (
            await session.execute(
                text("SELECT provisions FROM article_versions WHERE id = :id").columns(
                    provisions=JSONType
                ),
                {"id": version_id},
            )
        ).scalar_one()
    )
    changed = [{**p, "text": p["text"].replace(old, new)} for p in provisions]
    assert changed != provisions
    await session.execute(
        text("UPDATE article_versions SET provisions = :p WHERE id = :id").bindparams(
            bindparam("p", type_=JSONType)
        ),
        {"p": changed, "id": version_id},
    )


async def test_an_untouched_database_verifies_clean(session: AsyncSession) -> None:
    result = await verify(session)
    assert result.ok
    assert result.chain is None
    assert result.versions == ()
    assert result.milestones == ()
    assert result.checked_versions == await session.scalar(
        select(func.count()).select_from(ArticleVersion)
    )
    assert result.checked_milestones >= 1


async def test_a_version_edited_in_the_database_is_named_with_the_milestones_it_breaks(
    session: AsyncSession,
) -> None:
    version = await base_version(session)
    milestones = await holding(session, version)
    assert BASE in milestones
    await edit_text(session, version.id, "shall not", "shall")
    result = await verify(session)
    assert not result.ok
    assert result.chain is None  # the journal itself is intact: only the text changed
    (altered,) = result.versions
    assert altered.version_id == version.id
    named = ", ".join(f"“{name}”" for name in milestones)
    assert str(altered) == (
        f"Article 3 (en), version {version.seq}: its text no longer matches the hash recorded"
        f" when it was published; it breaks the milestones {named}."
    )
    broken = {m.name: m.languages for m in result.milestones}
    assert broken == dict.fromkeys(milestones, ("en",))
    assert str(result.milestones[0]) == (
        f"Milestone “{milestones[0]}”: the text of its versions no longer matches its"
        " fingerprint (en)."
    )


async def test_rewriting_the_stored_hash_with_the_text_does_not_hide_it(
    session: AsyncSession,
) -> None:
    version = await base_version(session)
    await edit_text(session, version.id, "shall not", "shall")
    await session.execute(
        text("UPDATE article_versions SET heading = 'Forged', content_hash = :h WHERE id = :id"),
        {"id": version.id, "h": "0" * 64},
    )
    await session.execute(
        text("UPDATE milestones SET content_hashes = NULL"),
    )
    result = await verify(session)
    assert [v.version_id for v in result.versions] == [version.id]
    assert BASE in {m.name for m in result.milestones}


async def test_a_milestone_pointed_at_another_version_is_broken(session: AsyncSession) -> None:
    version = await base_version(session)
    other = await base_version(session, "art_4")
    await session.execute(
        text(
            "UPDATE milestone_versions SET article_version_id = :later"
            " WHERE article_version_id = :v AND language = 'en'"
        ),
        {"later": other.id, "v": version.id},
    )
    result = await verify(session)
    assert result.versions == ()
    assert [(m.name, m.languages) for m in result.milestones if m.name == BASE] == [(BASE, ("en",))]


async def test_a_version_published_before_hashes_were_journaled_is_still_checked(
    session: AsyncSession,
) -> None:
    """Rows written before the publishing entry recorded the hash are checked against the
    hash stored with the text when it was published."""
    version = await base_version(session)
    provisions: list[ProvisionText] = [
        {"id": "art_3__para_1", "number": "1", "text": "An old text."}
    ]
    old = ArticleVersion(
        article_id=version.article_id,
        language="en",
        seq=99,
        heading="Old",
        provisions=provisions,
        content_hash=content_hash("Old", provisions),
    )
    session.add(old)
    await session.flush()
    await record(
        session,
        actor=None,
        kind=Kind.version_published,
        object_type="article_version",
        object_id=old.id,
        instrument_id=None,
        payload={"article": "art_3", "language": "en", "seq": 99},
    )
    assert (await verify(session)).ok
    await edit_text(session, old.id, "old", "new")
    (altered,) = (await verify(session)).versions
    assert str(altered) == (
        "Article 3 (en), version 99: its text no longer matches the hash recorded when it"
        " was published."
    )


async def test_a_version_no_journal_entry_published_is_named(session: AsyncSession) -> None:
    version = await base_version(session)
    provisions: list[ProvisionText] = [
        {"id": "art_3__para_1", "number": "1", "text": "Slipped in."}
    ]
    session.add(
        ArticleVersion(
            article_id=version.article_id,
            language="en",
            seq=98,
            heading="Slipped",
            provisions=provisions,
            content_hash=content_hash("Slipped", provisions),
        )
    )
    await session.flush()
    (altered,) = (await verify(session)).versions
    assert str(altered) == ("Article 3 (en), version 98: no journal entry records its publication.")


async def test_the_fingerprint_on_the_page_and_in_the_api_is_computed_from_the_text(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    status, _cookie = await sign_in(anonymous)  # an observer
    assert status == 303
    page = await anonymous.get("/instruments/model-law", params={"milestone": BASE})
    listed = (await anonymous.get("/api/v1/instruments/model-law/milestones")).json()
    before = next(m for m in listed["items"] if m["name"] == BASE)["content_hashes"]
    assert f'<code dir="ltr">{before["en"]}</code>' in page.text

    version = await base_version(session)
    await edit_text(session, version.id, "shall not", "shall")
    milestone = await session.scalar(select(Milestone).where(Milestone.name == BASE))
    assert milestone is not None
    assert milestone.content_hashes is not None
    assert milestone.content_hashes["en"] == before["en"]  # the stored copy is unchanged
    hashes = [
        content_hash(heading, provisions)
        for heading, provisions in await session.execute(
            select(ArticleVersion.heading, ArticleVersion.provisions)
            .join(MilestoneVersion, MilestoneVersion.article_version_id == ArticleVersion.id)
            .join(Article, Article.id == MilestoneVersion.article_id)
            .where(MilestoneVersion.milestone_id == milestone.id, MilestoneVersion.language == "en")
            .order_by(Article.position)
        )
    ]
    now = fingerprint(hashes)
    assert now != before["en"]

    page = await anonymous.get("/instruments/model-law", params={"milestone": BASE})
    assert f'<code dir="ltr">{now}</code>' in page.text
    assert before["en"] not in page.text
    assert f'<code dir="ltr">{before["fr"]}</code>' in page.text  # French untouched
    listed = (await anonymous.get("/api/v1/instruments/model-law/milestones")).json()
    after = next(m for m in listed["items"] if m["name"] == BASE)["content_hashes"]
    assert after == {**before, "en": now}
    article = (
        await anonymous.get(
            "/api/v1/instruments/model-law/articles/art_3",
            params={"milestone": BASE, "language": "en"},
        )
    ).json()
    assert "shall not" not in html.unescape(str(article["provisions"]))
    heading, provisions = (
        await session.execute(
            select(ArticleVersion.heading, ArticleVersion.provisions).where(
                ArticleVersion.id == version.id
            )
        )
    ).one()
    assert article["content_hash"] == content_hash(heading, provisions)
    assert article["content_hash"] != version.content_hash
