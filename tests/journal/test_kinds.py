"""One registry of journal kinds: every kind has its live rules, every writer and reader
uses the registry, and the browser is served the table rather than matching prefixes."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from httpx import AsyncClient

from draftroom.amendments.lifecycle import Action
from draftroom.amendments.service import action_kind
from draftroom.journal.kinds import (
    HIDDEN_FROM_OBSERVERS,
    RULES,
    UNKNOWN,
    Closes,
    Kind,
    for_browser,
    rule,
)

ROOT = Path(__file__).resolve().parents[2]
LIVE_JS = "frontend/static/live.js"


def test_every_kind_has_its_live_rules() -> None:
    assert set(RULES) == set(Kind)


def test_every_amendment_action_is_a_journal_kind() -> None:
    assert {action_kind(a) for a in Action} <= set(Kind)


def test_control_kinds_close_what_they_always_closed() -> None:
    closing = {k: r.closes for k, r in RULES.items() if r.closes is not None}
    assert closing == {
        Kind.session_ended: Closes.session,
        Kind.token_revoked: Closes.token,
        Kind.user_updated: Closes.user,
        Kind.user_password_changed: Closes.password,
        Kind.user_password_reset: Closes.password,
    }
    # Observers read published milestones: new working texts and the working state of the
    # negotiation (statuses, brackets, alternatives) stay out of their stream.
    negotiation = {k for k in Kind if k.split(".")[0] in {"provision", "bracket", "alternative"}}
    assert set(HIDDEN_FROM_OBSERVERS) == {Kind.version_published} | negotiation


def test_a_kind_read_back_from_the_database_finds_its_rule() -> None:
    assert rule("session.ended").closes is Closes.session
    assert rule("an.old.kind") is UNKNOWN


def test_no_kind_is_written_or_matched_as_a_loose_string() -> None:
    families = "|".join(sorted({k.split(".")[0] for k in Kind}))
    loose = re.compile(rf"""["']({families})\.[a-z_{{]*["']""")
    allowed = {'Kind(f"amendment.{action}")'}  # amendments.service.action_kind, tested above
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in [*ROOT.joinpath("backend/draftroom").rglob("*.py"), ROOT / LIVE_JS]
        if path.name != "kinds.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if loose.search(line) and not any(a in line for a in allowed)
    ]
    assert found == []


async def test_the_live_script_is_served_the_table(client: AsyncClient) -> None:
    page = (await client.get("/instruments/model-law/articles/art_2")).text
    served = re.search(r'data-kinds="([^"]*)"', page)
    assert served is not None
    assert json.loads(html.unescape(served.group(1))) == for_browser()
    table = for_browser()
    assert table["new_text"] == ["version.published"]
    assert {"meeting.pointer_moved", "meeting.opened", "meeting.closed"} == set(table["follow"])
    assert set(table["follow"]) < set(table["meeting"])
    # What a meeting's followers reload for: new texts and the negotiation's state.
    assert set(table["text_state"]) == {str(k) for k in HIDDEN_FROM_OBSERVERS}
    assert all(k.split(".")[0] in {"meeting", "speaker", "decision"} for k in table["meeting"])
