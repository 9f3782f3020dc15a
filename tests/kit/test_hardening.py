"""Issue 13: a 500 looks like every other error, bodies are bounded, the OpenAPI document
describes our error shape, If-Match compares strongly, and signed-in reads are not stored."""

from __future__ import annotations

import http.client
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.app import create_app
from draftroom.config import Settings
from draftroom.db import Database
from draftroom.identity import sessions
from draftroom.identity.service import user_by_email
from tests.fixtures.clients import Tokens, auth
from tests.fixtures.databases import migrate
from tests.fixtures.servers import free_port

BOOM = "/api/v1/boom"
ARTICLE = "/api/v1/instruments/model-law/articles/art_1"
COMMENTS = f"{ARTICLE}/comments"


def with_failing_routes(app: FastAPI) -> FastAPI:
    """Routes that fail unforeseen, as a bug would, in the API and in a page."""

    @app.get(BOOM)
    async def boom() -> None:
        raise RuntimeError("an unforeseen bug")

    @app.get("/boom-page")
    async def boom_page() -> None:
        raise KeyError("an unforeseen bug in a page")

    return app


@pytest.fixture
async def failing(settings: Settings, db: Database) -> AsyncIterator[AsyncClient]:
    app = with_failing_routes(create_app(settings, database=db))
    async with (
        LifespanManager(app) as manager,
        AsyncClient(
            transport=ASGITransport(app=manager.app, raise_app_exceptions=False),
            base_url="http://testserver",
        ) as client,
    ):
        yield client


def assert_security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


async def test_an_unforeseen_error_answers_the_one_shape_with_a_request_id(
    failing: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="draftroom.requests"):
        response = await failing.get(BOOM)
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "InternalError"
    assert "Something went wrong on our side" in body["detail"]
    request_id = response.headers["x-request-id"]
    assert body["request_id"] == request_id
    assert request_id in body["detail"]
    assert_security_headers(response)
    # The log line carries the same id, and the traceback.
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert logged
    assert request_id in logged[0].getMessage()
    assert logged[0].exc_info is not None


async def test_a_request_id_sent_by_a_proxy_is_kept_and_a_forged_one_replaced(
    failing: AsyncClient,
) -> None:
    kept = await failing.get(BOOM, headers={"X-Request-ID": "lb-1234.abcd"})
    assert kept.headers["x-request-id"] == "lb-1234.abcd"
    assert kept.json()["request_id"] == "lb-1234.abcd"
    forged = await failing.get(BOOM, headers={"X-Request-ID": 'x" onload=alert(1) ' + "y" * 200})
    assert forged.headers["x-request-id"] != "x"
    assert len(forged.headers["x-request-id"]) == 32
    ok = await failing.get("/healthz")
    assert ok.headers["x-request-id"]


async def test_an_unforeseen_error_in_a_page_shows_the_error_page_translated(
    failing: AsyncClient,
) -> None:
    response = await failing.get(
        "/boom-page", headers={"Accept": "text/html", "Accept-Language": "fr"}
    )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr"' in response.text
    assert response.headers["x-request-id"] in response.text
    assert response.headers["content-language"] == "fr"
    assert_security_headers(response)


@pytest.fixture(scope="module")
def live_failing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real HTTP server (uvicorn, in a thread) with the failing routes."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('boom') / 'boom.db'}"
    migrate(url, "head")
    app = with_failing_routes(create_app(Settings(environment="test", database_url=url)))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_connection_stays_usable_after_a_500(live_failing: str) -> None:
    connection = http.client.HTTPConnection(live_failing, timeout=10)
    try:
        connection.request("GET", BOOM)
        failed = connection.getresponse()
        assert failed.status == 500
        assert b"InternalError" in failed.read()
        socket_before = connection.sock
        connection.request("GET", "/healthz")
        after = connection.getresponse()
        assert after.status == 200
        assert after.read() == b'{"status":"ok"}'
        assert connection.sock is socket_before
    finally:
        connection.close()


async def test_a_declared_body_over_the_limit_is_refused_unread(
    settings: Settings, db: Database, tokens: Tokens
) -> None:
    small = settings.model_copy(update={"max_request_bytes": 1000})
    app = create_app(small, database=db)
    async with (
        LifespanManager(app) as manager,
        AsyncClient(
            transport=ASGITransport(app=manager.app),
            base_url="http://testserver",
            headers=auth(tokens.participant),
        ) as client,
    ):
        declared = await client.post(COMMENTS, json={"body": "x" * 2000})
        assert declared.status_code == 413
        assert declared.json()["error"] == "RequestTooLarge"
        assert "1000 bytes" in declared.json()["detail"]
        assert_security_headers(declared)

        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"body": "'
            for _ in range(10):
                yield b"y" * 200
            yield b'"}'

        streamed = await client.post(
            COMMENTS, content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        assert streamed.json()["error"] == "RequestTooLarge"
        fine = await client.post(COMMENTS, json={"body": "Short enough."})
        assert fine.status_code == 201
        listed = await client.get(COMMENTS)
        assert all("yyyy" not in c["body"] and "xxxx" not in c["body"] for c in listed.json())


async def test_openapi_documents_our_error_shape_on_every_api_route(client: AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["Error"]["required"] == ["error", "detail"]
    for path, operations in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("400", "401", "403", "404", "422", "500", "503"):
                error = responses[status]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}, (path, method, status)
            if method in ("post", "put", "patch", "delete"):
                assert {"409", "412", "413", "428"} <= responses.keys(), (path, method)


async def test_if_match_refuses_a_weak_etag_and_etags_sent_are_strong(
    client: AsyncClient, tokens: Tokens
) -> None:
    made = await client.post(COMMENTS, json={"body": "Strong tags only."})
    etag = made.headers["etag"]
    assert etag.startswith('"')
    url = f"/api/v1/comments/{made.json()['id']}"
    weak = await client.patch(url, json={"body": "Weak?"}, headers={"If-Match": f"W/{etag}"})
    assert weak.status_code == 412
    assert weak.json()["error"] == "WeakETag"
    assert "W/" in weak.json()["detail"]
    strong = await client.patch(url, json={"body": "Strong."}, headers={"If-Match": etag})
    assert strong.status_code == 200
    article = await client.get(ARTICLE)
    assert article.headers["etag"].startswith('"')
    published = await client.post(
        f"{ARTICLE}/versions",
        json={
            "language": article.json()["language"],
            "heading": article.json()["heading"],
            "provisions": [
                {"id": p["id"], "number": p["number"], "text": p["text"] + " Changed."}
                for p in article.json()["provisions"]
            ],
        },
        headers={**auth(tokens.secretariat), "If-Match": f"W/{article.headers['etag']}"},
    )
    assert published.status_code == 412
    assert published.json()["error"] == "WeakETag"


async def test_what_is_read_with_a_token_or_a_session_is_never_stored(
    client: AsyncClient, anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    for url in (ARTICLE, COMMENTS, "/api/v1/me", "/api/v1/instruments/model-law/export.csv"):
        response = await client.get(url)
        assert response.status_code == 200, (url, response.text)
        assert response.headers["cache-control"] == "no-store", url
    user = await user_by_email(session, "observer@draftroom.example")
    assert user is not None
    cookie = await sessions.start(session, settings, user, datetime.now(UTC), "password")
    await session.commit()
    read = await anonymous.get(
        "/api/v1/instruments/model-law/milestones",
        cookies={sessions.COOKIE: cookie},
    )
    assert read.status_code == 200, read.text
    assert read.headers["cache-control"] == "no-store"
    public = await anonymous.get("/static/draftroom.css")
    assert "no-store" not in public.headers.get("cache-control", "")


async def test_an_empty_milestone_is_refused_not_a_500(client: AsyncClient) -> None:
    # Found by schemathesis: `?milestone=` skipped the draft check and ended in a 500.
    response = await client.get(ARTICLE, params={"milestone": ""})
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "query.milestone"


async def test_openapi_names_each_export_format_as_it_is_sent(client: AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    export = document["paths"]["/api/v1/instruments/{slug}/export.{fmt}"]["get"]
    content = export["responses"]["200"]["content"]
    assert "application/akn+xml" in content
    assert "application/vnd.openxmlformats-officedocument.wordprocessingml.document" in content
    assert "text/html" in content


async def test_a_50_mb_json_body_is_refused_before_it_is_parsed(client: AsyncClient) -> None:
    # The reproducer: a 50 MB body used to be read and parsed, then refused.
    body = b'{"body": "' + b"z" * (50 * 1024 * 1024) + b'"}'
    response = await client.post(
        COMMENTS, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "RequestTooLarge"
    assert f"{8 * 1024 * 1024} bytes" in response.json()["detail"]
