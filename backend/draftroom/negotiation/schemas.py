"""The negotiation API's shapes: statuses, brackets, alternatives, the rolling text and the
progress towards agreement."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from draftroom.instruments.schemas import ArticleVersionOut
from draftroom.kit.fields import DbId, Text
from draftroom.models import AgreementStatus, AlternativeStatus, BracketStatus

# The answers the negotiation routes may give besides success, documented on each of them.
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {
        "description": "A delegation's request made by someone else, a secretariat's decision "
        "made by a delegation, or an observer reading the working text"
    },
    404: {
        "description": "Unknown instrument, article, paragraph, bracket, alternative or milestone"
    },
    409: {
        "description": "Not possible in the current state: agreeing words still bracketed, "
        "a bracket or alternative already decided, support already given, a collision"
    },
    412: {"description": "Stale If-Match: someone changed it meanwhile"},
    422: {
        "description": "Invalid input: no reason, words not in the text, an unknown language "
        "or delegation, ad referendum without delegations"
    },
    428: {"description": "If-Match missing"},
}

# --- in ---------------------------------------------------------------------------------


class StatusIn(BaseModel):
    status: AgreementStatus = Field(description="open, bracketed, ad_referendum, agreed or deleted")
    reason: Text | None = Field(default=None, description="Why: required, kept in the journal")
    confirm: list[Text] = Field(
        default_factory=list,
        max_length=200,
        description="ad_referendum: the codes of the delegations whose capitals must confirm",
    )


class ReasonIn(BaseModel):
    reason: Text | None = Field(default=None, description="Why: required, kept in the journal")


class BracketIn(BaseModel):
    language: Text = Field(description="The language of the text quoted: ar, zh, en, fr, ru or es")
    quote: Text = Field(description="The words to put in brackets, as they read in that text")
    reason: Text | None = Field(default=None, description="Why: required")


class SpanIn(BaseModel):
    quote: Text = Field(description="The bracketed words as they read in this language's text")


class AlternativeIn(BaseModel):
    texts: dict[Text, Text] = Field(
        description="The wording per language ({language: text}); the source language's is "
        "required, the others may follow"
    )
    bracket_id: DbId | None = Field(
        default=None,
        description="A wording for these (placed) brackets' words; none: for the whole paragraph",
    )


class FromProposalIn(BaseModel):
    amendment: DbId = Field(
        description="The id of the tabled proposal (as in /amendments/{id}); its wording of "
        "the paragraph the path names becomes the alternative"
    )


class TextIn(BaseModel):
    text: Text = Field(description="The alternative's wording in this language")


class ChooseIn(BaseModel):
    reason: Text | None = Field(default=None, description="The decision's reason: required")
    resolution: Text | None = Field(
        default=None,
        description="The paragraph's text when the wording collides with what changed since "
        "(the 409 without it names the paragraph)",
    )


class KeepIn(BaseModel):
    reason: Text | None = Field(default=None, description="The decision's reason: required")
    bracket_id: DbId | None = Field(
        default=None,
        description="Keep the bracketed words (their alternatives retire, the brackets are "
        "lifted); none: keep the paragraph's text",
    )


# --- out --------------------------------------------------------------------------------


class DelegationRef(BaseModel):
    id: int
    code: str
    name: str = Field(description="In the reader's language")


class StatusOut(BaseModel):
    article: str
    provision: str
    status: AgreementStatus
    status_name: str = Field(description="The status in the reader's language")
    reason: str
    version_seq: int | None = Field(
        description="The source-language version it was decided on (none: never decided)"
    )
    confirm: list[DelegationRef] = Field(
        description="Ad referendum: the delegations whose confirmation is awaited or given"
    )
    confirmed: list[DelegationRef] = Field(description="Those that have confirmed")
    version: int = Field(description="0: never set (the ETag is then that of an open paragraph)")


class SpanOut(BaseModel):
    language: str
    quote: str
    seq: int = Field(description="The version of that language's text it was anchored in")
    start: int = Field(description="Where the words started then")


class RequestOut(BaseModel):
    delegation: DelegationRef
    reason: str


class BracketOut(BaseModel):
    id: int
    article: str
    provision: str
    status: BracketStatus
    status_name: str = Field(description="The status in the reader's language")
    spans: list[SpanOut] = Field(description="The bracketed words in each language aligned")
    requests: list[RequestOut] = Field(
        description="The delegations that asked for the brackets (or to keep them), and why"
    )
    reason: str = Field(description="The secretariat's reason for its last decision")
    version: int


class AlternativeOut(BaseModel):
    id: int
    article: str
    provision: str
    bracket_id: int | None
    texts: dict[str, str] = Field(description="The wording per language")
    base_seq: int = Field(description="The source-language version it was written against")
    amendment_id: int | None = Field(description="The proposal it came from")
    amendment_number: int | None
    supporters: list[DelegationRef]
    status: AlternativeStatus
    status_name: str = Field(description="The status in the reader's language")
    version: int
    etag: str = Field(description="Send it in If-Match to translate or choose it")


class ProvisionStateOut(BaseModel):
    """Everything asked and decided on one paragraph now."""

    article: str
    provision: str
    status: StatusOut
    brackets: list[BracketOut]
    alternatives: list[AlternativeOut]


class ChosenOut(BaseModel):
    alternative: AlternativeOut
    version: ArticleVersionOut = Field(
        description="The new version of the source text (its ETag is the response's)"
    )


# --- the rolling text -------------------------------------------------------------------


class RollingAlternativeOut(BaseModel):
    id: int
    number: int = Field(description="Alt. n: the text as it stands is Alt. 1")
    label: str = Field(description='"Alt. 2", in the reader\'s language')
    text: str | None = Field(description="The wording in the language read (none: not yet given)")
    source_text: str = Field(description="The wording in the source language")
    supporters: list[str] = Field(description="The supporting delegations, by name")
    amendment_id: int | None = Field(description="The proposal it came from")
    amendment_number: int | None
    note: int = Field(description="Its footnote's number")
    etag: str = Field(description="Send it in If-Match to translate or choose it")


class RollingBracketOut(BaseModel):
    id: int
    note: int = Field(description="Its footnote's number (0: requested, not in the text)")
    status: BracketStatus
    status_name: str
    quote: str | None = Field(description="The bracketed words in this language, if marked")
    found: bool = Field(description="False: the words are not found in this text (flagged)")
    start: int | None
    end: int | None
    delegations: list[str] = Field(description="The delegations that asked for it, by name")
    reasons: list[str] = Field(description="Their reasons, in the same order")
    reason: str = Field(description="The secretariat's reason for its last decision")
    alternatives: list[RollingAlternativeOut] = Field(description="Other wordings of the words")
    etag: str = Field(description="Send it in If-Match to place, lift, decline or align it")


class RollingProvisionOut(BaseModel):
    id: str
    number: str
    text: str
    bracketed: str = Field(description="The text with its square brackets, as plain text")
    clean: str = Field(
        description='The clean text: the words if agreed, else "[pending]" (or "[Deleted]")'
    )
    status: AgreementStatus = Field(description="The status as it holds for these words")
    status_name: str
    status_note: str = Field(description="What the rolling text says beside the status")
    reason: str = Field(description="The secretariat's reason for the status")
    changed_since: int | None = Field(
        description="Agreed on this source version; the words changed since: open again"
    )
    confirm: list[str] = Field(description="Ad referendum: the delegations to confirm, by name")
    confirmed: list[str] = Field(description="Those that have confirmed")
    pending: list[str] = Field(description="Those whose confirmation is still awaited")
    status_etag: str = Field(description="Send it in If-Match to set the status or confirm")
    brackets: list[RollingBracketOut] = Field(description="Placed, found in this text")
    unplaced: list[RollingBracketOut] = Field(
        description="Placed, but not found (or not yet marked) in this text: flagged"
    )
    requested: list[RollingBracketOut] = Field(description="Asked for, not yet placed")
    alternatives: list[RollingAlternativeOut] = Field(
        description="Other wordings of the whole paragraph"
    )


class NoteOut(BaseModel):
    number: int
    text: str


class RollingOut(BaseModel):
    instrument: str
    article: str
    number: str
    language: str
    heading: str
    version_seq: int = Field(description="The version of the text in the language read")
    source_seq: int = Field(description="The source-language version the statuses hold for")
    milestone: str | None = Field(description="The milestone it is read as of (none: now)")
    provisions: list[RollingProvisionOut]
    notes: list[NoteOut] = Field(description="The footnotes, numbered through the article")


# --- progress ---------------------------------------------------------------------------


class ProgressOut(BaseModel):
    provisions: int
    open: int
    bracketed: int
    ad_referendum: int
    agreed: int
    deleted: int
    brackets: int = Field(description="Placed brackets")
    requested: int = Field(description="Brackets asked for, not yet placed")
    alternatives: int = Field(description="Open alternatives")
    settled: float = Field(description="The share of paragraphs agreed (or deleted), 0 to 1")


class ArticleProgressOut(BaseModel):
    article: str
    number: str
    milestone: str | None = Field(description="The milestone counted (none: now)")
    progress: ProgressOut


class MilestoneProgressOut(BaseModel):
    id: int
    name: str
    progress: ProgressOut


class InstrumentProgressOut(BaseModel):
    instrument: str
    now: ProgressOut | None = Field(
        description="The whole text now (none for observers, who read milestones)"
    )
    articles: list[ArticleProgressOut] = Field(
        description="Per article: now, or for observers as the latest milestone froze it"
    )
    milestones: list[MilestoneProgressOut] = Field(
        description="Each milestone, oldest first: is the group converging?"
    )
