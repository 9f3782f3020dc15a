"""The lifecycle state machine: no sequence of actions reaches an invalid state, and the
API does exactly what the pure machine says."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments.lifecycle import (
    ACTIONS,
    FINAL,
    Action,
    Refused,
    State,
    available,
    decide,
)
from draftroom.models import AmendmentStatus as S
from tests.fixtures.clients import people
from tests.fixtures.factories import act, draft, open_round

ACTORS = ("proposer", "decider", "other")
steps = st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ACTORS)), max_size=12)


@given(steps)
def test_no_sequence_reaches_an_invalid_state(sequence: list[tuple[Action, Any]]) -> None:
    state = State(S.draft)
    history = [state.status]
    for action, actor in sequence:
        try:
            after = decide(state, action, actor)
        except Refused:
            continue
        # Nothing leaves a final status; decisions only follow a review.
        assert state.status not in FINAL
        if after.status in (S.accepted, S.rejected, S.accepted_with_changes):
            assert state.status in (S.under_review, S.accepted_with_changes)
        if after.status is S.consolidated:
            assert state.status in (S.accepted, S.accepted_with_changes)
        if after.response is not None:
            assert after.status is S.accepted_with_changes
            assert state.response is None or state.response == after.response
        if after.status is S.tabled:
            assert state.status is S.draft
        state = after
        history.append(state.status)
    # Only the "other" role never acts.
    assert available(state, "other") == []
    assert history[0] is S.draft


@given(steps)
def test_refusals_change_nothing_and_roles_are_kept(sequence: list[tuple[Action, Any]]) -> None:
    state = State(S.draft)
    for action, actor in sequence:
        before = state
        allowed = action in available(before, actor)
        if not allowed:
            with pytest.raises(Refused):
                decide(state, action, actor)
            continue
        state = decide(state, action, actor)
        assert actor != "other"
        assert state != before or action in ("agree", "object")


# Consolidating happens through a consolidation (it writes the text), not a bare transition.
API_ACTIONS = tuple(a for a in ACTIONS if a != "consolidate")
API_ACTORS = {"proposer": "fr", "decider": "secretariat", "other": "eg"}
ROLE_ERRORS = {403}
STATUS_ERRORS = {409}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(API_ACTIONS), st.sampled_from(ACTORS)), max_size=6))
async def test_the_api_follows_the_state_machine(
    anonymous: AsyncClient, session: AsyncSession, sequence: list[tuple[Action, Any]]
) -> None:
    who = await people(session)
    if not (await anonymous.get("/api/v1/instruments/model-law/rounds", headers=who["fr"])).json():
        await open_round(anonymous, who["secretariat"])
    made = await draft(anonymous, who["fr"], text="Property text.")
    model = State(S.draft)
    for action, actor in sequence:
        extra: dict[str, Any] = {}
        if action == "accept_with_changes":
            extra["provisions"] = made["provisions"]
        response = await act(anonymous, who[API_ACTORS[actor]], made["id"], action, **extra)
        try:
            model = decide(model, action, actor)
        except Refused as refused:
            expected = ROLE_ERRORS if refused.reason == "role" else STATUS_ERRORS
            # Someone else's draft is invisible to them: 404 rather than 403.
            if actor != "proposer" and model.status is S.draft:
                expected = {404}
            assert response.status_code in expected, (action, actor, response.text)
            continue
        assert response.status_code == 200, (action, actor, response.text)
        assert response.json()["status"] == model.status.value
        assert response.json()["proposer_response"] == model.response
