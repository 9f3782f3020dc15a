from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from draftroom.models import CommentVisibility


class CommentIn(BaseModel):
    language: str = Field(default="en", description="Language of the text commented on")
    body: str = Field(description="Plain text; links are shown as links, markup as text")
    visibility: CommentVisibility = CommentVisibility.everyone
    provision: str | None = Field(default=None, description="Provision id, e.g. art_3__para_1")
    quote: str | None = Field(default=None, description="Words of the provision commented on")
    amendment: int | None = Field(default=None, description="Or: the amendment commented on")
    parent: int | None = Field(default=None, description="Reply to this comment")


class CommentEdit(BaseModel):
    body: str


class AnchorOut(BaseModel):
    found: bool = Field(description="False: the quoted words are no longer in the text")
    start: int | None = None
    end: int | None = None


class CommentOut(BaseModel):
    id: int
    article: str | None
    provision: str | None
    amendment_id: int | None
    parent_id: int | None
    language: str
    quote: str | None
    anchor: AnchorOut | None
    author_id: int
    delegation_id: int | None
    visibility: CommentVisibility
    body: str
    deleted: bool
    resolved: bool
    version: int
    created_at: datetime
    updated_at: datetime
