"""User text on pages is isolated from the sentence around it: "2007 text" never reads
"text 2007" in Arabic. A label is wrapped in <bdi> (inline) or has an element of its own with
a dir attribute (blocks, list options), and is still escaped."""

from __future__ import annotations

from httpx import AsyncClient
from lxml import html

from draftroom.kit.templates import bdi
from tests.fixtures.clients import Tokens, auth, sign_in

CONTENTS = "/instruments/model-law"
ARTICLE = "/instruments/model-law/articles/art_29"


async def arabic_reader(client: AsyncClient) -> None:
    status, _cookie = await sign_in(client, email="delegate.fr@draftroom.example")
    assert status == 303


def isolated(element: html.HtmlElement) -> bool:
    """The element or one of its ancestors below the page's own paragraph isolates it."""
    node: html.HtmlElement | None = element
    while node is not None and node.tag not in ("html", "body", "main"):
        if node.tag == "bdi" or node.get("dir") is not None:
            return True
        node = node.getparent()
    return False


def holding(page: html.HtmlElement, text: str) -> list[html.HtmlElement]:
    """The innermost elements whose own text contains `text`."""
    return [e for e in page.iter() if isinstance(e.tag, str) and text in (e.text or "")]


async def test_milestone_label_is_isolated_on_the_arabic_contents(anonymous: AsyncClient) -> None:
    await arabic_reader(anonymous)
    response = await anonymous.get(CONTENTS, params={"lang": "ar", "milestone": "2007 text"})
    assert response.status_code == 200
    page = html.fromstring(response.text)
    assert page.get("dir") == "rtl"
    found = holding(page, "2007 text")
    # The reading picker's option and the "Milestone: …" line.
    assert {e.tag for e in found} >= {"option", "bdi"}
    assert all(isolated(e) for e in found)
    (option,) = [e for e in found if e.tag == "option"]
    assert option.get("dir") == "auto"
    (meta,) = page.xpath("//p[@class='meta']/bdi")
    assert meta.text == "2007 text"


async def test_milestone_and_heading_are_isolated_on_the_arabic_article(
    anonymous: AsyncClient,
) -> None:
    await arabic_reader(anonymous)
    response = await anonymous.get(
        ARTICLE, params={"lang": "ar", "text": "en", "milestone": "2007 text"}
    )
    assert response.status_code == 200
    page = html.fromstring(response.text)
    found = holding(page, "2007 text")
    assert found
    assert all(isolated(e) for e in found)
    # The English heading, inside the Arabic sentence "المادة 29": its own direction.
    (heading,) = page.xpath("//h1/span[@lang]")
    assert (heading.text or "").strip()
    assert heading.get("lang") == "en"
    assert heading.get("dir") == "ltr"


async def test_comparison_picker_options_take_their_own_direction(
    anonymous: AsyncClient,
) -> None:
    await arabic_reader(anonymous)
    response = await anonymous.get(f"{ARTICLE}/compare", params={"lang": "ar", "language": "en"})
    assert response.status_code == 200
    page = html.fromstring(response.text)
    options = page.xpath("//select//option[text()='2007 text']")
    assert len(options) == 2  # "Before" and "After"
    assert all(o.get("dir") == "auto" for o in options)
    # "Before: 2007 text · After: …" in Arabic, each label isolated.
    assert "2007 text" in [e.text for e in page.xpath("//p[@class='meta']/bdi")]
    assert all(isolated(e) for e in holding(page, "2007 text"))


async def test_a_label_with_markup_stays_escaped(
    anonymous: AsyncClient, client: AsyncClient, tokens: Tokens
) -> None:
    name = "<script>alert(1)</script> 2009 text"
    created = await client.post(
        "/api/v1/instruments/model-law/milestones",
        json={"name": name},
        headers=auth(tokens.secretariat),
    )
    assert created.status_code == 201
    await arabic_reader(anonymous)
    response = await anonymous.get(CONTENTS, params={"lang": "ar", "milestone": name})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; 2009 text</bdi>" in response.text
    page = html.fromstring(response.text)
    assert all("alert" not in (s.text or "") for s in page.xpath("//script"))
    found = holding(page, "2009 text")
    assert {e.tag for e in found} >= {"option", "bdi"}
    assert all(isolated(e) for e in found)


def test_the_bdi_filter_escapes_and_leaves_nothing_for_nothing() -> None:
    assert str(bdi("2007 text")) == "<bdi>2007 text</bdi>"
    assert str(bdi('<b a="1">&')) == "<bdi>&lt;b a=&#34;1&#34;&gt;&amp;</bdi>"
    assert str(bdi(None)) == ""
    assert str(bdi("")) == ""
