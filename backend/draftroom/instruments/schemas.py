from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from draftroom.kit.fields import DbId, Text, refusal


class ProvisionIn(BaseModel):
    id: Text | None = Field(
        default=None,
        max_length=120,
        pattern=r"^[A-Za-z0-9_.\-]+$",
        description="Stable id of an existing provision; omit for a new one.",
    )
    number: Text = Field(default="", max_length=20, description='Display number: "1", "1(a)", ""')
    text: Text


def _unique_ids(provisions: list[ProvisionIn]) -> list[ProvisionIn]:
    seen: set[str] = set()
    for provision in provisions:
        if provision.id is not None:
            if provision.id in seen:
                raise refusal("duplicate_provision_id", key=provision.id)
            seen.add(provision.id)
    return provisions


Provisions = Annotated[list[ProvisionIn], AfterValidator(_unique_ids)]
"""Provisions as sent (a version, a proposal, a preview): each id at most once."""


class ProvisionOut(BaseModel):
    id: str
    number: str
    text: str


class VersionIn(BaseModel):
    language: Text = Field(description="ar, zh, en, fr, ru or es")
    heading: Text
    provisions: Provisions
    label: Text | None = Field(default=None, max_length=200)
    translated_from_version: DbId | None = Field(
        default=None,
        description="For a translation: the source-language version it was made from "
        "(defaults to the latest one).",
    )


class VersionSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seq: int
    language: str
    label: str | None = Field(
        description="In the reader's language when the system made the version (see origin)"
    )
    origin: dict[str, Any] | None = Field(
        default=None,
        description='What made the version: {"kind": "consolidated", "amendments": [numbers]} '
        'or {"kind": "restored", "from_seq": n}; null for a text published directly',
    )
    author_id: int | None
    created_at: datetime
    parent_id: int | None
    translated_from_id: int | None
    content_hash: str
    sources: dict[str, Any] | None = Field(
        default=None, description="Consolidated amendments and provenance, or the restored version"
    )


class ArticleVersionOut(VersionSummary):
    instrument: str
    article: str
    number: str
    heading: str
    provisions: list[ProvisionOut]
    illustrative: bool


class ArticleOutline(BaseModel):
    key: str
    number: str
    position: int
    headings: dict[str, str] = Field(description="Latest heading per language it exists in")
    languages: list[str]


class InstrumentSummary(BaseModel):
    slug: str
    title: dict[str, str]
    source_language: str
    illustrative: bool
    created_at: datetime


class InstrumentDetail(InstrumentSummary):
    articles: list[ArticleOutline]


class MilestoneIn(BaseModel):
    name: Text = Field(min_length=1, max_length=200)
    note: Text | None = Field(default=None, max_length=5000)


class MilestoneOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    note: str | None
    created_at: datetime
    author_id: int | None
    content_hashes: dict[str, str] | None = Field(
        default=None, description="Per language: SHA-256 over its article versions, in order"
    )


class TranslationWarning(BaseModel):
    article: str = Field(description="The article's key")
    number: str
    language: str
    status: str = Field(description="`outdated` or `missing`")
    detail: str = Field(description="The warning in the reader's language")


class MilestoneCreated(MilestoneOut):
    warnings: list[TranslationWarning] = Field(
        default_factory=list,
        description="Language versions published outdated or missing (published all the same)",
    )


class MilestoneText(MilestoneOut):
    instrument: str
    language: str
    articles: list[ArticleVersionOut]


class ImportedArticle(BaseModel):
    number: str
    heading: str
    provisions: int = Field(description="How many provisions the file gives it")
    exists: bool = Field(description="The instrument has the article already")


class ImportOut(BaseModel):
    """What an import did (or, as a dry run, would do)."""

    instrument: str = Field(description="The instrument's slug")
    language: str
    title: str | None = Field(description="The title the file carries")
    articles: list[ImportedArticle]
    provisions: int
    missing: list[str] = Field(
        description="A translation: the numbers of the source's articles the file leaves out"
    )
    imported: bool = Field(description="False for a dry run: nothing was written")
    created_articles: int
    new_versions: int
    unchanged: int
    milestone: str | None
