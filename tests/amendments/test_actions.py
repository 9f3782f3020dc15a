"""One registry of amendment actions (lifecycle.Action): every table covers it, and every
button and name reads in each of the six languages."""

from __future__ import annotations

from typing import get_args

import pytest

from draftroom.amendments.lifecycle import TRANSITIONS, Action
from draftroom.amendments.schemas import TransitionIn
from draftroom.amendments.service import ACTION_NAMES, BUTTONS, STEP_NAMES, action_kind
from draftroom.config import Settings
from draftroom.journal.kinds import Kind
from draftroom.kit.i18n import force_locale
from draftroom.text.languages import CODES


def test_every_action_has_a_transition_a_button_a_name_and_a_step() -> None:
    assert set(TRANSITIONS) == set(Action)
    assert set(BUTTONS) == set(Action)
    assert set(ACTION_NAMES) == set(Action)
    assert set(Action) <= set(STEP_NAMES)
    assert all(isinstance(action_kind(a), Kind) for a in Action)


def test_the_api_offers_every_action_but_consolidation() -> None:
    # Consolidating writes a new article version: only a consolidation does it.
    offered = set(get_args(TransitionIn.model_fields["action"].annotation))
    assert offered == set(Action) - {Action.consolidate}


@pytest.mark.parametrize("lang", [lang for lang in CODES if lang != "en"])
def test_every_button_and_name_is_translated(lang: str) -> None:
    english = {a: (str(BUTTONS[a]), str(ACTION_NAMES[a])) for a in Action}
    with force_locale(lang, Settings().locales_dir):
        for action in Action:
            button, name = str(BUTTONS[action]), str(ACTION_NAMES[action])
            assert button not in ("", english[action][0]), (lang, action)
            assert name not in ("", english[action][1]), (lang, action)
