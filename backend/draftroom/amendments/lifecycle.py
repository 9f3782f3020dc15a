"""The amendment lifecycle as one pure state machine: which action, by whom, from where.

    draft ──table──▶ tabled ──review──▶ under review ──accept──────────────▶ accepted
      │                │                    ├──accept_with_changes──▶ accepted with changes
      │                │                    │                         (proposer: agree | object)
      │                │                    └──reject──────────────▶ rejected
      └──withdraw──────┴──withdraw──────────┴──withdraw────────────▶ withdrawn

An accepted amendment (with or without changes) becomes ``consolidated`` when a
consolidation merges it into the article's next version.

The service applies a decision with a compare-and-set on the row; this module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from draftroom.models import AmendmentStatus

S = AmendmentStatus
Actor = Literal["proposer", "decider", "other"]


class Action(StrEnum):
    """Every action on an amendment. Its tables, each with a test that it covers them all:
    ``TRANSITIONS`` here; the button, the past participle and the timeline step names
    (service.BUTTONS, ACTION_NAMES, STEP_NAMES); the journal kind "amendment.<action>"
    (journal.kinds); the API's choices (schemas.TransitionIn, without ``consolidate``)."""

    table = "table"
    withdraw = "withdraw"
    review = "review"
    accept = "accept"
    accept_with_changes = "accept_with_changes"
    reject = "reject"
    agree = "agree"
    object = "object"
    # Only through a consolidation, which merges the text into a new article version.
    consolidate = "consolidate"


A = Action


@dataclass(frozen=True)
class Transition:
    sources: frozenset[AmendmentStatus]
    target: AmendmentStatus | None  # None: the status stays; the proposer's answer is recorded
    by: Literal["proposer", "decider"]


TRANSITIONS: dict[Action, Transition] = {
    A.table: Transition(frozenset({S.draft}), S.tabled, "proposer"),
    A.withdraw: Transition(frozenset({S.draft, S.tabled, S.under_review}), S.withdrawn, "proposer"),
    A.review: Transition(frozenset({S.tabled}), S.under_review, "decider"),
    A.accept: Transition(frozenset({S.under_review}), S.accepted, "decider"),
    A.accept_with_changes: Transition(
        frozenset({S.under_review}), S.accepted_with_changes, "decider"
    ),
    A.reject: Transition(frozenset({S.under_review}), S.rejected, "decider"),
    A.agree: Transition(frozenset({S.accepted_with_changes}), None, "proposer"),
    A.object: Transition(frozenset({S.accepted_with_changes}), None, "proposer"),
    A.consolidate: Transition(
        frozenset({S.accepted, S.accepted_with_changes}), S.consolidated, "decider"
    ),
}
ACTIONS = tuple(Action)
FINAL = frozenset({S.consolidated, S.rejected, S.withdrawn})


@dataclass(frozen=True)
class State:
    status: AmendmentStatus
    response: str | None = None  # "agreed" / "objected", once, after accepted with changes


class Refused(Exception):
    """``reason`` is "role" (wrong actor) or "status" (not from this state)."""

    def __init__(self, reason: Literal["role", "status"]):
        self.reason = reason
        super().__init__(reason)


def decide(state: State, action: Action, actor: Actor) -> State:
    """The state after ``action`` by ``actor``, or Refused. Pure: no I/O, no clock."""
    step = TRANSITIONS[action]
    if actor != step.by:
        raise Refused("role")
    if state.status not in step.sources:
        raise Refused("status")
    if step.target is None:
        if state.response is not None:
            raise Refused("status")
        return State(state.status, "agreed" if action is A.agree else "objected")
    return State(step.target, state.response)


def available(state: State, actor: Actor) -> list[Action]:
    """The actions this actor may take now (what the page offers as buttons)."""
    found = []
    for action in ACTIONS:
        try:
            decide(state, action, actor)
        except Refused:
            continue
        found.append(action)
    return found
