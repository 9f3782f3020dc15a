"""Every route offers every format of the registry: the file comes with the format's media
type and a name ending in its extension, and an unknown format is refused with the list of
known ones. A format added to the registry is tested here without another edit."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from draftroom.exports.formats import FORMATS, Format

API = "/api/v1/instruments/model-law"
# (path without the format, query, the file's name without the extension)
ROUTES = [
    (f"{API}/export", {"language": "en"}, "model-law_en_latest"),
    (f"{API}/export", {"language": "ru"}, "model-law_ru_latest-incomplete"),
    (f"{API}/articles/art_3/export", {"language": "fr", "milestone": "1"},
     "model-law_art-3_fr_2007-text"),
    (f"{API}/compare", {"language": "en"}, "model-law_en_compare_2007-text_latest"),
    (f"{API}/articles/art_29/compare", {"language": "en", "before": "version:1"},
     "model-law_art-29_en_compare_v1_latest"),
    (f"{API}/articles/art_3/synoptic", {"language": "ar"}, "model-law_art-3_ar_synoptic_latest"),
]  # fmt: skip
# PDF needs Pango and the Noto fonts on the server.
EVERY_FORMAT = [
    pytest.param(f, id=f.key, marks=[pytest.mark.system] if f.key == "pdf" else [])
    for f in FORMATS.values()
]


@pytest.mark.parametrize("fmt", EVERY_FORMAT)
async def test_every_route_sends_every_format_named_after_what_it_holds(
    client: AsyncClient, fmt: Format
) -> None:
    for path, params, stem in ROUTES:
        response = await client.get(f"{path}.{fmt.key}", params=params)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["content-type"] == fmt.media_type
        assert response.content
        disposition = response.headers["content-disposition"]
        assert disposition.startswith(f'attachment; filename="{stem}.{fmt.extension}";'), path


async def test_an_unknown_format_is_refused_naming_the_known_ones(client: AsyncClient) -> None:
    response = await client.get(f"{API}/articles/art_3/export.doc")
    assert response.status_code == 422
    problem = response.json()["fields"][0]
    assert problem["field"] == "path.fmt"
    assert problem["problem"] == f"Choose one of: {', '.join(FORMATS)}."


async def test_openapi_lists_the_registry_for_every_download_route(client: AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    # The rolling text's downloads have their own table (tests/negotiation/test_exports.py).
    routes = [p for p in paths if p.endswith(".{fmt}") and not p.endswith("/rolling.{fmt}")]
    # The texts, comparisons and synoptic tables, and a meeting's documents (issue 18).
    assert {r.rsplit("/", 1)[1] for r in routes} == {
        "export.{fmt}",
        "compare.{fmt}",
        "synoptic.{fmt}",
        "decisions.{fmt}",
        "status.{fmt}",
        "proposals.{fmt}",
    }
    # A meeting's documents are no revision of anything: no "without revisions" variant.
    meeting_documents = [k for k, f in FORMATS.items() if f.variant_of is None]
    for route in routes:
        operation = paths[route]["get"]
        [parameter] = [p for p in operation["parameters"] if p["name"] == "fmt"]
        expected = meeting_documents if "/meetings/" in route else list(FORMATS)
        assert parameter["schema"]["enum"] == expected
        media = operation["responses"]["200"]["content"]
        assert set(media) == {f.media_type.split(";")[0] for f in FORMATS.values()}
