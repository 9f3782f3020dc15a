"""Reading a refused form back: the message beside a field, the value still in an input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from markupsafe import escape

from draftroom.config import ROOT
from draftroom.kit.i18n import _, force_locale


def field_error(html: str, form: str, name: str) -> str:
    """The message shown beside ``name`` in ``form``; the input points at it."""
    found = re.search(
        rf'<p class="error field-error" id="{form}-{name}-error"[^>]*>(.*?)</p>', html
    )
    assert found, f"no message beside {form}.{name}"
    described = re.search(rf'<[^>]*aria-describedby="{form}-{name}-error"[^>]*>', html)
    assert described, f"no input described by the message on {form}.{name}"
    assert 'aria-invalid="true"' in described.group(0)
    return found.group(1)


def input_value(html: str, element_id: str) -> str:
    tag = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html)
    assert tag, f"no input #{element_id}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def selected(html: str, element_id: str) -> str:
    select = re.search(rf'<select[^>]*id="{element_id}".*?</select>', html, re.S)
    assert select, f"no select #{element_id}"
    option = re.search(r'<option value="([^"]*)" selected', select.group(0))
    return option.group(1) if option else ""


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    with force_locale(lang, ROOT / "locales"):
        yield


def shown(msgid: str, lang: str, **params: object) -> str:
    """The message ``msgid`` as a page in ``lang`` shows it (from the catalogue), escaped."""
    with in_language(lang):
        return str(escape(_(msgid).format(**params)))
