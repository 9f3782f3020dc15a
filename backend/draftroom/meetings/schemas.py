"""The meetings API's shapes: meetings, the chair's pointer, the list of speakers, decisions,
and the state a following screen needs in one answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from draftroom.kit.fields import Count, DbId, Text
from draftroom.models import DecisionKind, MeetingStatus, SpeakerKind, SpeakerStatus
from draftroom.negotiation.schemas import DelegationRef

# The answers the meeting routes may give besides success, documented on each of them.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {
        "description": "Chairing by anyone but the secretariat, asking for the floor by "
        "anyone but a member of a delegation taking part, another delegation's request"
    },
    404: {
        "description": "Unknown instrument, meeting, request for the floor, article, "
        "paragraph or proposal"
    },
    409: {
        "description": "Not possible in the current state: the meeting is not in session "
        "(or already open or closed), the delegation is on the list already, the list is "
        "closed, the request is no longer waiting or speaking"
    },
    412: {"description": "Stale If-Match: someone changed it meanwhile"},
    422: {
        "description": "Invalid input: dates out of order, an unknown time zone, an agenda "
        "naming no article of the instrument, an unknown delegation, words not in the "
        "paragraph, a view or proposal that does not fit"
    },
    428: {"description": "If-Match missing"},
}

# --- in ---------------------------------------------------------------------------------


class AgendaItemIn(BaseModel):
    title: Text | None = Field(default=None, max_length=200, description="e.g. “Part II”")
    articles: list[Text] = Field(
        max_length=500, description="The keys of the articles discussed under this item"
    )


class MeetingIn(BaseModel):
    title: Text = Field(description="e.g. “Second meeting of the EGM”")
    starts_on: date = Field(description="The first day, in the meeting's time zone")
    ends_on: date = Field(description="The last day (the same as the first for one day)")
    timezone: Text = Field(description="Where the meeting sits: an IANA zone, e.g. Europe/Vienna")
    agenda: list[AgendaItemIn] = Field(
        default_factory=list, max_length=200, description="Items in the order of the day"
    )
    delegations: list[Text] = Field(
        default_factory=list,
        max_length=500,
        description="The codes of the delegations taking part (none: every delegation)",
    )
    speaking_seconds: int | None = Field(
        default=None, description="Speaking time per turn, 10 to 3600 seconds (none: no limit)"
    )


class PointerIn(BaseModel):
    article: Text = Field(description="The article's key")
    provision: Text | None = Field(default=None, description="The paragraph's id, if one")
    view: Text = Field(default="text", description="text, rolling, proposal or comparison")
    amendment_id: DbId | None = Field(
        default=None, description="The proposal shown (view proposal)"
    )
    quote: Text | None = Field(
        default=None, description="The words under discussion, as the paragraph reads them"
    )


class SpeakerIn(BaseModel):
    kind: SpeakerKind = Field(
        default=SpeakerKind.floor, description="floor, point_of_order or reply"
    )
    on_behalf_of: Text | None = Field(
        default=None, description="Speaking for a group, e.g. “the African Group”"
    )


class PositionIn(BaseModel):
    index: Count = Field(description="The new place among the requests of its kind (0: next)")


class DecisionIn(BaseModel):
    kind: DecisionKind = Field(
        description="agreed, ad_referendum, bracketed, deferred (a paragraph); accepted or "
        "rejected (a proposal)"
    )
    article: Text | None = Field(default=None, description="Default: the article shown")
    provision: Text | None = Field(default=None, description="Default: the paragraph shown")
    amendment_id: DbId | None = Field(default=None, description="Default: the proposal shown")
    reserved: list[Text] = Field(
        default_factory=list,
        max_length=200,
        description="The codes of the delegations that reserved their position",
    )
    confirm: list[Text] = Field(
        default_factory=list,
        max_length=200,
        description="ad_referendum: the codes of the delegations whose capitals must confirm",
    )
    note: Text = Field(default="", description="What the chair said, kept with the decision")


# --- out --------------------------------------------------------------------------------


class AgendaItemOut(BaseModel):
    title: str | None
    articles: list[str]


class PointerOut(BaseModel):
    """What the chair shows; following screens go there."""

    article: str
    article_number: str | None = Field(description="As the article is numbered now")
    provision: str | None
    provision_number: str | None
    view: str
    view_name: str = Field(description="In the reader's language")
    amendment_id: int | None
    amendment_number: int | None
    quote: str | None = Field(description="The words under discussion, highlighted")


class MeetingOut(BaseModel):
    id: int
    instrument: str
    title: str
    starts_on: date
    ends_on: date
    timezone: str
    agenda: list[AgendaItemOut]
    delegations: list[DelegationRef] = Field(description="None listed: every delegation")
    status: MeetingStatus
    status_name: str = Field(description="In the reader's language")
    pointer: PointerOut | None
    speaking_seconds: int | None
    list_closed: bool
    opened_at: datetime | None
    closed_at: datetime | None
    version: int
    etag: str = Field(description="Send it in If-Match to change the meeting or its pointer")


class SpeakerOut(BaseModel):
    id: int
    delegation: DelegationRef
    kind: SpeakerKind
    kind_name: str = Field(description="In the reader's language")
    on_behalf_of: str | None
    label: str = Field(description="How the list shows it, in the reader's language")
    status: SpeakerStatus
    status_name: str
    place: int | None = Field(description="0: speaking or next; none: off the list")
    given_at: datetime | None
    ended_at: datetime | None
    version: int
    etag: str = Field(description="Send it in If-Match to give the floor or move it")


class DecisionOut(BaseModel):
    id: int
    kind: DecisionKind
    kind_name: str = Field(description="In the reader's language")
    article: str
    provision: str | None
    amendment_id: int | None
    amendment_number: int | None
    version_id: int = Field(description="The source-language article version decided on")
    version_seq: int
    words: str | None = Field(description="The paragraph's words decided on")
    words_hash: str | None = Field(description="SHA-256 of the words (UTF-8), hexadecimal")
    reserved: list[DelegationRef]
    confirm: list[DelegationRef]
    note: str
    created_at: datetime
    at_text: str = Field(description="When, in the reader's language and time zone")


class MeetingStateOut(BaseModel):
    """Everything a following screen shows, as of journal entry ``seq``."""

    meeting: MeetingOut
    speakers: list[SpeakerOut] = Field(description="Who speaks, then who waits, in order")
    speaking: SpeakerOut | None
    speaking_since: datetime | None
    speaking_seconds: int | None = Field(description="The time per turn (none: no limit)")
    remaining_seconds: int | None = Field(
        description="Of the speaker's time (below zero: over time; none: no limit or nobody)"
    )
    list_closed: bool
    decisions: list[DecisionOut]
    now: datetime = Field(description="The server's clock, to run the timer from")
    seq: int = Field(description="The journal entry this state reflects; live events follow")
