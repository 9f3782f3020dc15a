from __future__ import annotations

import pytest
from httpx import AsyncClient
from pydantic import ValidationError

from draftroom.config import Settings


async def test_healthz_and_readyz(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


async def test_docs_work_offline(client: AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.split("<body>")[1].replace("http-equiv", "")
    for asset in (
        "/static/swagger/swagger-ui-bundle.js",
        "/static/swagger/swagger-ui.css",
        "/static/swagger-init.js",
    ):
        assert (await client.get(asset)).status_code == 200, asset
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v1/instruments/{slug}/articles/{key}/versions" in spec["paths"]


def test_the_default_secret_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="DRAFTROOM_SECRET_KEY"):
        Settings(environment="production")
    Settings(environment="production", secret_key="x" * 40)


def test_allowed_origins_read_as_a_list_or_comma_separated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DRAFTROOM_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    assert Settings().allowed_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("DRAFTROOM_ALLOWED_ORIGINS", '["https://c.example"]')
    assert Settings().allowed_origins == ["https://c.example"]
