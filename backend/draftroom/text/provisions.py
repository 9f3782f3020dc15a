"""A provision's text as stored and passed around: one type for every layer."""

from __future__ import annotations

# pydantic reads it (comparison results in API responses) and wants this one before 3.12.
from typing_extensions import TypedDict


class ProvisionText(TypedDict):
    """One provision of an article version or a proposal, exactly as stored in the JSON
    columns (``article_versions.provisions``, ``amendments.proposed``): a typed dict rather
    than a dataclass, so the stored JSON, the templates (``p.id``) and the API's
    ``ProvisionOut`` read it unchanged while mypy checks every key."""

    id: str  # stable across versions, renumbering and languages
    number: str  # as displayed: "2", "2(a)"; "" for an unnumbered paragraph
    text: str  # NFC, plain Unicode


class TranslatedText(TypedDict):
    """A proposal's provision in another language (``amendment_translations.provisions``):
    only the provisions it changes or inserts, numbered by the proposal itself."""

    id: str
    text: str
