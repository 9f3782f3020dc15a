"""A meeting's words in the reader's language: its status, the kinds and states of requests
for the floor, the kinds of decisions, what the chair shows. Shared by the API and the
pages, so that every screen names them alike."""

from __future__ import annotations

from draftroom.kit.i18n import _, _l
from draftroom.models import DecisionKind, MeetingStatus, SpeakerKind, SpeakerStatus

MEETING_STATUS_NAMES = {
    MeetingStatus.planned: _l("planned"),
    MeetingStatus.open: _l("in session"),
    MeetingStatus.closed: _l("closed"),
}

SPEAKER_KIND_NAMES = {
    SpeakerKind.floor: _l("floor"),
    SpeakerKind.point_of_order: _l("point of order"),
    SpeakerKind.reply: _l("right of reply"),
}

SPEAKER_STATUS_NAMES = {
    SpeakerStatus.waiting: _l("waiting"),
    SpeakerStatus.speaking: _l("speaking"),
    SpeakerStatus.done: _l("done"),
    SpeakerStatus.withdrawn: _l("withdrawn"),
}

DECISION_KIND_NAMES = {
    DecisionKind.agreed: _l("agreed"),
    DecisionKind.ad_referendum: _l("agreed ad referendum"),
    DecisionKind.bracketed: _l("bracketed"),
    DecisionKind.deferred: _l("deferred"),
    DecisionKind.accepted: _l("proposal accepted"),
    DecisionKind.rejected: _l("proposal rejected"),
}

# What the chair's pointer shows (meetings.service.VIEWS).
VIEW_NAMES = {
    "text": _l("the text"),
    "rolling": _l("the rolling text"),
    "proposal": _l("a proposal"),
    "comparison": _l("a comparison"),
}


def meeting_status_name(status: MeetingStatus) -> str:
    return str(MEETING_STATUS_NAMES[status])


def speaker_kind_name(kind: SpeakerKind) -> str:
    return str(SPEAKER_KIND_NAMES[kind])


def speaker_status_name(status: SpeakerStatus) -> str:
    return str(SPEAKER_STATUS_NAMES[status])


def decision_kind_name(kind: DecisionKind) -> str:
    return str(DECISION_KIND_NAMES[kind])


def view_name(view: str) -> str:
    return str(VIEW_NAMES.get(view, view))


def speaker_label(delegation: str, kind: SpeakerKind, on_behalf_of: str | None) -> str:
    """How a request for the floor reads on the list: "France (point of order)", "Egypt, on
    behalf of the African Group"."""
    label = delegation
    if on_behalf_of:
        label = _("{delegation}, on behalf of {group}").format(
            delegation=delegation, group=on_behalf_of
        )
    if kind is not SpeakerKind.floor:
        label = _("{speaker} ({kind})").format(speaker=label, kind=speaker_kind_name(kind))
    return label
