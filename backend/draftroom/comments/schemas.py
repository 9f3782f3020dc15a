from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from draftroom.kit.fields import DbId, Text
from draftroom.models import CommentVisibility


class CommentIn(BaseModel):
    language: Text | None = Field(
        default=None,
        description="The language the comment is written in, and of the text it quotes "
        "(default: the reader's language)",
    )
    body: Text = Field(description="Plain text; links are shown as links, markup as text")
    visibility: CommentVisibility = CommentVisibility.everyone
    provision: Text | None = Field(default=None, description="Provision id, e.g. art_3__para_1")
    quote: Text | None = Field(default=None, description="Words of the provision commented on")
    amendment: DbId | None = Field(default=None, description="Or: the amendment commented on")
    parent: DbId | None = Field(default=None, description="Reply to this comment")


class CommentEdit(BaseModel):
    body: Text


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
    language: str = Field(description="The language the comment is written in")
    quote: str | None = Field(description="The quoted words, in the comment's language")
    quote_withheld: bool = Field(
        default=False,
        description="True: the words were quoted from a working draft you do not read "
        "(observers read published milestones only)",
    )
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
