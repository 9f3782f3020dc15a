from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from draftroom.instruments.schemas import ProvisionOut, Provisions
from draftroom.kit.fields import DbId, Text
from draftroom.models import AmendmentKind, AmendmentStatus


class AmendmentIn(BaseModel):
    kind: AmendmentKind = AmendmentKind.provisions
    article: Text | None = Field(default=None, description="Article key, e.g. art_12")
    language: Text = Field(default="en", description="ar, zh, en, fr, ru or es")
    base_version: DbId | None = Field(
        default=None, description="Id of the article version amended (default: the latest)"
    )
    parent: DbId | None = Field(default=None, description="Amend this tabled amendment (id)")
    heading: Text | None = None
    provisions: Provisions = Field(
        default_factory=list, description="The whole article as proposed, in order"
    )
    new_article_number: Text | None = Field(default=None, max_length=20)
    justification: Text = ""
    note_to_secretariat: Text | None = None


class TransitionIn(BaseModel):
    action: Literal[
        "table",
        "withdraw",
        "review",
        "accept",
        "accept_with_changes",
        "reject",
        "agree",
        "object",
    ]
    reason: Text | None = Field(default=None, description="Why: kept in the journal")
    heading: Text | None = Field(default=None, description="accept_with_changes: the heading")
    provisions: Provisions | None = Field(
        default=None, description="accept_with_changes: the text the secretariat accepts"
    )


class CosponsorOut(BaseModel):
    delegation_id: int
    delegation: str
    since: datetime


class AmendmentOut(BaseModel):
    id: int
    number: int
    instrument: str
    kind: AmendmentKind
    article: str | None
    language: str
    base_version_id: int | None
    parent_id: int | None
    delegation_id: int
    delegation: str
    status: AmendmentStatus
    version: int
    heading: str | None
    provisions: list[ProvisionOut]
    new_article_number: str | None
    justification: str
    note_to_secretariat: str | None
    secretariat_heading: str | None
    secretariat_text: list[ProvisionOut] | None
    proposer_response: str | None
    cosponsors: list[CosponsorOut]
    stale: bool = Field(description="The article has a newer version than the base")
    tabled_at: datetime | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class TimelineEntryOut(BaseModel):
    seq: int = Field(description="The journal entry")
    at: datetime
    at_text: str = Field(description="When, in the reader's language")
    step: str = Field(description="created, edited, table, review, reject, ...")
    step_name: str = Field(description="What happened, in the reader's language")
    by: str | None = Field(description="Who did it")
    delegation: str | None = Field(description="For which delegation, if any")
    reason: str | None = Field(description="Why, as given by whoever did it")


class RoundIn(BaseModel):
    name: Text = Field(min_length=1, max_length=200)
    deadline: datetime = Field(
        description="Local date and time in `timezone` (no offset), or an aware ISO time"
    )
    timezone: Text = Field(default="UTC", description="IANA time zone, e.g. Europe/Vienna")
    articles: list[Text] | None = Field(default=None, description="Article keys; none = all")


class RebaseIn(BaseModel):
    resolutions: dict[Text, Text] = Field(
        default_factory=dict,
        description="Per colliding provision id, the text the amendment now proposes (empty: "
        "the provision is deleted); the 409 without them names the colliding provisions",
    )


class RoundDeadlineIn(BaseModel):
    deadline: datetime = Field(
        description="The new deadline: local date and time in the round's time zone (no "
        "offset), or an aware ISO time; later than now"
    )


class RoundOut(BaseModel):
    id: int
    name: str
    deadline: datetime
    timezone: str
    deadline_text: str = Field(description="The deadline in the reader's language")
    articles: list[str] | None
    open: bool
    closed_at: datetime | None
    closed_early: bool = Field(description="Closed by the secretariat before its deadline")
    closed_text: str | None = Field(
        description="When it was closed, in the reader's language (closed rounds only)"
    )
    countdown: str | None = Field(
        description="Time left, in the reader's language: \"4 days, 2 hours, and 51 minutes "
        'left" (open rounds only)'
    )


class PreviewIn(BaseModel):
    base_version: DbId | None = Field(default=None, description="Article version amended")
    parent: DbId | None = Field(default=None, description="Or: the amendment amended")
    provisions: Provisions


class PreviewRow(BaseModel):
    id: str
    kind: str
    number: str | None
    html: str = Field(description="Inline diff: <ins>/<del> with hidden translated labels")


class TranslatedProvisionIn(BaseModel):
    id: str = Field(description="A provision the proposal changes or inserts")
    text: str


class TranslationIn(BaseModel):
    provisions: list[TranslatedProvisionIn] = Field(default_factory=list)
    justification: str | None = None


class TranslatedProvisionOut(BaseModel):
    id: str
    text: str


class TranslationOut(BaseModel):
    amendment_id: int
    language: str
    provisions: list[TranslatedProvisionOut]
    justification: str | None
    base_version_id: int | None = Field(
        description="The article version in this language the translation is read against"
    )
    translator: str
    by: str = Field(description="The secretariat or the proposing delegation, by name")
    by_secretariat: bool
    version: int
    created_at: datetime
    updated_at: datetime


# The answers the amendment routes may give besides success, documented on each of them.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not allowed for this role or delegation"},
    404: {"description": "Unknown, or a draft of another delegation"},
    409: {"description": "Not allowed in this status, or the round is closed"},
    412: {"description": "Stale If-Match: someone changed the amendment meanwhile"},
    422: {"description": "Invalid input"},
    428: {"description": "If-Match missing"},
}
