from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from draftroom.comparisons.results import ArticleComparison
from draftroom.consolidation.service import Collision
from draftroom.instruments.schemas import ProvisionOut
from draftroom.kit.fields import MAX_INT, DbId, Text


class ConsolidationIn(BaseModel):
    language: Text = Field(default="en", description="ar, zh, en, fr, ru or es")
    amendments: list[DbId] = Field(description="Ids of accepted amendments to merge")
    resolutions: dict[Text, Text] = Field(
        default_factory=dict,
        description="Provision id → the secretariat's text where proposals collide "
        "(one proposal's text, a combination, or a compromise; empty deletes the provision)",
    )


class PreviewOut(BaseModel):
    base_version_id: int
    provisions: list[ProvisionOut]
    provenance: dict[str, list[int]] = Field(description="Provision id → amendment ids")
    compromises: dict[str, list[int]] = Field(description="Provision id → proposals answered")
    collisions: list[Collision]
    spans: dict[str, list[dict[str, Any]]] = Field(
        description="Provision id → changed spans of the merged text with their amendments"
    )
    comparison: ArticleComparison


class RestoreIn(BaseModel):
    language: Text = "en"
    version: int = Field(
        ge=1, le=MAX_INT, description="The version number (seq) to make current again"
    )
