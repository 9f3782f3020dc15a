"""A real OpenID provider (oidc-provider-mock, a Flask app) served on loopback in a thread.

Tests reach it over HTTP, as the browser and Draftroom would. A few switches make it
misbehave the way a foreign or broken provider would, at the HTTP level, while the provider
itself still signs every token.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import oidc_provider_mock
from werkzeug.serving import BaseWSGIServer, make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


class OidcProvider:
    """One provider instance, with its own signing key, users and codes."""

    def __init__(self, **options: Any) -> None:
        self.app: WSGIApplication = oidc_provider_mock.app(**options)
        self.server: BaseWSGIServer | None = None
        # The forms Draftroom posted to the token endpoint, oldest first.
        self.token_requests: list[dict[str, str]] = []
        # Answer token requests as if reached under this host: the ID token then names
        # another issuer, still signed with this provider's own key.
        self.issue_as: str | None = None
        # Publish another provider's keys instead of ours, as after an unannounced rotation.
        self.jwks_of: OidcProvider | None = None
        # Treat token requests as coming from this client: the ID token's audience.
        self.as_client: str | None = None

    @property
    def issuer(self) -> str:
        assert self.server is not None, "start the provider first"
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def netloc(self) -> str:
        return urlsplit(self.issuer).netloc

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/jwks" and self.jwks_of is not None:
            return self.jwks_of.app(environ, start_response)
        if path == "/oauth2/token":
            self._rewrite_token_request(environ)
        return self.app(environ, start_response)

    def _rewrite_token_request(self, environ: WSGIEnvironment) -> None:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = dict(parse_qsl(environ["wsgi.input"].read(length).decode()))
        self.token_requests.append(dict(form))
        if self.as_client is not None:
            basic = environ.get("HTTP_AUTHORIZATION", "")
            if basic.startswith("Basic "):
                _id, _colon, secret = base64.b64decode(basic[6:]).decode().partition(":")
                pair = f"{self.as_client}:{secret}".encode()
                environ["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(pair).decode()
            if "client_id" in form:
                form["client_id"] = self.as_client
        if self.issue_as is not None:
            environ["HTTP_HOST"] = self.issue_as
        body = urlencode(form).encode()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))

    async def set_user(self, sub: str, claims: dict[str, object]) -> None:
        """Who signs in as ``sub`` and which claims the provider releases about them."""
        async with httpx.AsyncClient() as http:
            response = await http.put(f"{self.issuer}/users/{sub}", json=claims)
        assert response.status_code == 204, response.text

    async def authorize(
        self, authorization_url: str, sub: str, *, change: dict[str, str] | None = None
    ) -> str:
        """Sign in at the provider as ``sub`` (the form's button); returns where it sends the
        browser back to. ``change`` alters the authorization request on its way, as a
        meddling browser extension or an attacker could."""
        url = _with_query(authorization_url, change or {})
        async with httpx.AsyncClient() as http:
            response = await http.post(url, data={"sub": sub})
        assert response.status_code == 302, response.text
        return response.headers["location"]

    async def deny(self, authorization_url: str) -> str:
        async with httpx.AsyncClient() as http:
            response = await http.post(authorization_url, data={"action": "deny"})
        assert response.status_code == 302, response.text
        return response.headers["location"]


def _with_query(url: str, change: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(change)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


@contextmanager
def running(**options: Any) -> Iterator[OidcProvider]:
    """Serve a new provider on a free loopback port until the block ends."""
    provider = OidcProvider(**options)
    server = make_server("127.0.0.1", 0, provider, threaded=True)
    provider.server = server
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
