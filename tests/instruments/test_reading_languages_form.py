"""Four reading languages: the page says why beside the choice, keeps the four ticked and shows
the first three, in the reader's language."""

from __future__ import annotations

import re

import pytest
from httpx import AsyncClient

from tests.fixtures.clients import sign_in
from tests.fixtures.forms import shown

ARTICLE = "/instruments/model-law/articles/art_3"
UP_TO = "Up to {n} languages can be read side by side."


@pytest.mark.parametrize("lang", ["en", "fr"])
async def test_four_reading_languages_are_explained_beside_the_choice(
    anonymous: AsyncClient, lang: str
) -> None:
    await sign_in(anonymous, email="observer@draftroom.example")
    page = await anonymous.get(
        f"{ARTICLE}?text=en&text=fr&text=es&text=ar&lang={lang}",
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 422
    message = re.search(
        r'<p class="error field-error" id="texts-text-error"[^>]*>(.*?)</p>', page.text
    )
    assert message is not None
    assert message.group(1) == shown(UP_TO, lang, n=3)
    assert 'aria-describedby="texts-text-error"' in page.text
    ticked = re.findall(r'<input type="checkbox" name="text" value="(\w+)" checked', page.text)
    assert set(ticked) == {"en", "fr", "es", "ar"}
    # The article is still read, in the first three languages chosen.
    assert '<table class="text columns-3">' in page.text
