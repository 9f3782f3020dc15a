"""ASGI middleware: pick the reader's language for each request and say which one."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, unquote

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from draftroom.config import Settings
from draftroom.kit.i18n import (
    COOKIE,
    TZ_COOKIE,
    activate,
    activate_time_zone,
    match_language,
    negotiate,
)

LOCALE_KEY = "draftroom.locale"


class LocaleMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        query_lang = match_language((query.get("lang") or [None])[0], self.settings.languages)
        cookie_lang = None
        cookie_zone = None
        if b"cookie" in headers:
            jar: SimpleCookie = SimpleCookie()
            jar.load(headers[b"cookie"].decode("latin-1"))
            if COOKIE in jar:
                cookie_lang = jar[COOKIE].value
            if TZ_COOKIE in jar:
                cookie_zone = unquote(jar[TZ_COOKIE].value)
        # The browser's zone until a signed-in account's own setting replaces it.
        activate_time_zone(cookie_zone)
        lang = negotiate(
            query_lang,
            cookie_lang,
            headers.get(b"accept-language", b"").decode("latin-1"),
            self.settings.languages,
        )
        activate(lang, self.settings.locales_dir)
        scope[LOCALE_KEY] = lang

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                # The signed-in user's preference may have replaced the negotiated language.
                out["Content-Language"] = scope.get(LOCALE_KEY, lang)
                out.add_vary_header("Accept-Language")
                out.add_vary_header("Cookie")
                if query_lang and query_lang != cookie_lang:
                    # ?lang= is remembered for the next pages.
                    out.append(
                        "Set-Cookie",
                        f"{COOKIE}={query_lang}; Path=/; Max-Age=31536000; SameSite=Lax",
                    )
            await send(message)

        await self.app(scope, receive, send_with_language)
