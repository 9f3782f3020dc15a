"""Every kind of journal event, with what the live stream does with it: one table.

Adding a kind is one edit: a member of ``Kind`` and its row in ``RULES`` (a test checks
every kind has a row). The stored values are these strings; a row's ``kind`` column is
read back as a plain ``str``, which compares and hashes like the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    session_started = "session.started"
    session_ended = "session.ended"
    delegation_created = "delegation.created"
    user_created = "user.created"
    user_updated = "user.updated"
    user_unlocked = "user.unlocked"
    user_sso_linked = "user.sso_linked"
    user_password_changed = "user.password_changed"  # noqa: S105 (a kind, no secret)
    user_password_reset = "user.password_reset"  # noqa: S105 (a kind, no secret)
    token_created = "token.created"  # noqa: S105 (a kind, no secret)
    token_revoked = "token.revoked"  # noqa: S105 (a kind, no secret)
    instrument_removed = "instrument.removed"
    version_published = "version.published"
    milestone_created = "milestone.created"
    round_opened = "round.opened"
    round_closed = "round.closed"
    round_extended = "round.extended"
    round_reopened = "round.reopened"
    # "amendment.<step>": the steps of an amendment's timeline, the lifecycle's actions
    # among them (amendments.lifecycle.Action.kind).
    amendment_created = "amendment.created"
    amendment_edited = "amendment.edited"
    amendment_table = "amendment.table"
    amendment_withdraw = "amendment.withdraw"
    amendment_review = "amendment.review"
    amendment_accept = "amendment.accept"
    amendment_accept_with_changes = "amendment.accept_with_changes"
    amendment_reject = "amendment.reject"
    amendment_agree = "amendment.agree"
    amendment_object = "amendment.object"
    amendment_consolidate = "amendment.consolidate"
    amendment_rebased = "amendment.rebased"
    amendment_cosponsor_joined = "amendment.cosponsor_joined"
    amendment_cosponsor_left = "amendment.cosponsor_left"
    amendment_translated = "amendment.translated"
    comment_created = "comment.created"
    comment_edited = "comment.edited"
    comment_deleted = "comment.deleted"
    comment_resolved = "comment.resolved"
    comment_reopened = "comment.reopened"
    word_import_confirmed = "word_import.confirmed"
    # The rolling text (negotiation/): each carries the object's whole state after the
    # change, so that the state at any milestone is a fold of the journal.
    provision_status_set = "provision.status_set"
    provision_confirmed = "provision.confirmed"
    bracket_requested = "bracket.requested"
    bracket_supported = "bracket.supported"
    bracket_placed = "bracket.placed"
    bracket_lifted = "bracket.lifted"
    bracket_declined = "bracket.declined"
    bracket_aligned = "bracket.aligned"
    alternative_added = "alternative.added"
    alternative_supported = "alternative.supported"
    alternative_translated = "alternative.translated"
    alternative_chosen = "alternative.chosen"
    alternative_retired = "alternative.retired"
    # Meetings (meetings/): followed by everyone, observers included.
    meeting_created = "meeting.created"
    meeting_updated = "meeting.updated"
    meeting_opened = "meeting.opened"
    meeting_closed = "meeting.closed"
    meeting_pointer_moved = "meeting.pointer_moved"
    meeting_list_closed = "meeting.list_closed"
    meeting_list_reopened = "meeting.list_reopened"
    speaker_requested = "speaker.requested"
    speaker_withdrawn = "speaker.withdrawn"
    speaker_given_floor = "speaker.given_floor"
    speaker_done = "speaker.done"
    speaker_moved = "speaker.moved"
    decision_recorded = "decision.recorded"


class Closes(StrEnum):
    """The live connections a control event (one without an instrument) closes."""

    # the one signed-in session named in the payload
    session = "session"
    # those opened with the revoked API token (the object)
    token = "token"  # noqa: S105
    # every connection of the user (the object): their access changed
    user = "user"
    # the user's other sessions (all but the payload's kept_session)
    password = "password"  # noqa: S105


@dataclass(frozen=True, slots=True)
class Rule:
    closes: Closes | None = None
    # Observers follow the published texts through the pages, not the drafting stream.
    observers: bool = True
    # A new text of the article: an amendment page on that article reloads (live.js).
    new_text: bool = False
    # A change to a text or to its negotiation state: the pages following a meeting reload
    # for these (and their meeting's events) only, not for every comment.
    text_state: bool = False
    # A meeting's event (payload "meeting_id"): only that meeting's pages react to it.
    meeting: bool = False
    # The chair moved what the meeting shows: pages following the chair go there.
    follow: bool = False


_PLAIN = Rule()
# The working state of the negotiation: observers read it as a milestone froze it.
_DRAFTING = Rule(observers=False, text_state=True)
_MEETING = Rule(meeting=True)
_FOLLOW = Rule(meeting=True, follow=True)

RULES: dict[Kind, Rule] = {
    Kind.session_started: _PLAIN,
    Kind.session_ended: Rule(closes=Closes.session),
    Kind.delegation_created: _PLAIN,
    Kind.user_created: _PLAIN,
    Kind.user_updated: Rule(closes=Closes.user),
    Kind.user_unlocked: _PLAIN,
    Kind.user_sso_linked: _PLAIN,
    Kind.user_password_changed: Rule(closes=Closes.password),
    Kind.user_password_reset: Rule(closes=Closes.password),
    Kind.token_created: _PLAIN,
    Kind.token_revoked: Rule(closes=Closes.token),
    Kind.instrument_removed: _PLAIN,
    Kind.version_published: Rule(observers=False, new_text=True, text_state=True),
    Kind.milestone_created: _PLAIN,
    Kind.round_opened: _PLAIN,
    Kind.round_closed: _PLAIN,
    Kind.round_extended: _PLAIN,
    Kind.round_reopened: _PLAIN,
    Kind.amendment_created: _PLAIN,
    Kind.amendment_edited: _PLAIN,
    Kind.amendment_table: _PLAIN,
    Kind.amendment_withdraw: _PLAIN,
    Kind.amendment_review: _PLAIN,
    Kind.amendment_accept: _PLAIN,
    Kind.amendment_accept_with_changes: _PLAIN,
    Kind.amendment_reject: _PLAIN,
    Kind.amendment_agree: _PLAIN,
    Kind.amendment_object: _PLAIN,
    Kind.amendment_consolidate: _PLAIN,
    Kind.amendment_rebased: _PLAIN,
    Kind.amendment_cosponsor_joined: _PLAIN,
    Kind.amendment_cosponsor_left: _PLAIN,
    Kind.amendment_translated: _PLAIN,
    Kind.comment_created: _PLAIN,
    Kind.comment_edited: _PLAIN,
    Kind.comment_deleted: _PLAIN,
    Kind.comment_resolved: _PLAIN,
    Kind.comment_reopened: _PLAIN,
    Kind.word_import_confirmed: _PLAIN,
    Kind.provision_status_set: _DRAFTING,
    Kind.provision_confirmed: _DRAFTING,
    Kind.bracket_requested: _DRAFTING,
    Kind.bracket_supported: _DRAFTING,
    Kind.bracket_placed: _DRAFTING,
    Kind.bracket_lifted: _DRAFTING,
    Kind.bracket_declined: _DRAFTING,
    Kind.bracket_aligned: _DRAFTING,
    Kind.alternative_added: _DRAFTING,
    Kind.alternative_supported: _DRAFTING,
    Kind.alternative_translated: _DRAFTING,
    Kind.alternative_chosen: _DRAFTING,
    Kind.alternative_retired: _DRAFTING,
    Kind.meeting_created: _MEETING,
    Kind.meeting_updated: _MEETING,
    Kind.meeting_opened: _FOLLOW,
    Kind.meeting_closed: _FOLLOW,
    Kind.meeting_pointer_moved: _FOLLOW,
    Kind.meeting_list_closed: _MEETING,
    Kind.meeting_list_reopened: _MEETING,
    Kind.speaker_requested: _MEETING,
    Kind.speaker_withdrawn: _MEETING,
    Kind.speaker_given_floor: _MEETING,
    Kind.speaker_done: _MEETING,
    Kind.speaker_moved: _MEETING,
    Kind.decision_recorded: _MEETING,
}

# A kind read back from the database that this code no longer writes: delivered as before.
UNKNOWN = _PLAIN


def step_of(kind: str) -> str:
    """What happened to the object: "table" of "amendment.table"."""
    return kind.partition(".")[2]


_BY_VALUE: dict[str, Rule] = {str(k): r for k, r in RULES.items()}


def rule(kind: str) -> Rule:
    return _BY_VALUE.get(kind, UNKNOWN)


HIDDEN_FROM_OBSERVERS = frozenset(k for k, r in RULES.items() if not r.observers)
NEW_TEXT_KINDS = frozenset(k for k, r in RULES.items() if r.new_text)
TEXT_STATE_KINDS = frozenset(k for k, r in RULES.items() if r.text_state)
MEETING_KINDS = frozenset(k for k, r in RULES.items() if r.meeting)
FOLLOW_KINDS = frozenset(k for k, r in RULES.items() if r.follow)


def for_browser() -> dict[str, list[str]]:
    """What live.js needs of the table (rendered into the page by ``_live.html``)."""
    return {
        "new_text": sorted(NEW_TEXT_KINDS),
        "text_state": sorted(TEXT_STATE_KINDS),
        "meeting": sorted(MEETING_KINDS),
        "follow": sorted(FOLLOW_KINDS),
    }
