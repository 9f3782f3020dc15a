from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from draftroom.kit.fields import Text


class WordPieceOut(BaseModel):
    kind: str = Field(description="equal, inserted or deleted")
    text: str
    author: str | None


class WordChangeOut(BaseModel):
    id: str = Field(description="Names the change in a decision")
    kind: str = Field(description="changed, inserted, deleted (a provision) or heading")
    number: str
    before: str
    after: str
    authors: list[str]
    pieces: list[WordPieceOut]
    article: str | None = Field(description="Where it lands: the article's key (None: nowhere)")
    provision: str | None = Field(
        description="The provision changed or deleted; for an insertion, the one it follows"
    )
    reason: str | None = Field(description="Why it could not be placed, in your language")
    decision: str | None = Field(description="placed or skipped, once decided")


class WordCommentOut(BaseModel):
    id: str = Field(description="Names the comment in a decision")
    author: str
    body: str
    quote: str
    article: str | None
    provision: str | None
    reason: str | None
    decision: str | None


class WordUnsafeOut(BaseModel):
    kind: str = Field(description="move, formatting, table, footnote or endnote")
    text: str
    author: str | None
    message: str = Field(description="Why it is not applied, in your language")


class WordCollisionOut(BaseModel):
    provision: str
    number: str
    proposed: str | None
    current: str | None


class WordArticleOut(BaseModel):
    article: str
    number: str
    version_id: int = Field(description="The article version the file started from")
    latest_id: int
    how: str = Field(description="bookmark, alignment or chosen")
    exact: int = Field(description="The file's paragraphs found word for word in that version")
    paragraphs: int
    rebased: bool = Field(description="Carried over to the current text on confirming")
    collisions: list[WordCollisionOut]


class WordImportOut(BaseModel):
    id: int
    filename: str
    sha256: str
    language: str
    delegation_id: int
    status: str = Field(description="preview or confirmed")
    undecided: int = Field(description="Changes and comments still to place or skip")
    articles: list[WordArticleOut]
    changes: list[WordChangeOut]
    comments: list[WordCommentOut]
    unsafe: list[WordUnsafeOut]
    amendments: list[int] = Field(description="Once confirmed: the draft amendments' numbers")
    created_at: datetime


class DecisionIn(BaseModel):
    item: Text = Field(description="A change's id (c1...) or a comment's (m<id>)")
    skip: bool = False
    article: Text | None = None
    provision: Text | None = None
