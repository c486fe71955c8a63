"""Refusing text the database cannot store, before it gets there.

PostgreSQL text cannot hold NUL, and no database can store a lone surrogate (it is not Unicode).
On SQLite such text would be stored; on PostgreSQL the query fails. Either way it is never what a
person meant, so the hub refuses it on every backend with a 400 naming where it was. One ASGI
middleware covers the address, the query and the headers of every request (pages, API and
WebSockets); form bodies are checked in `hub.console.guard.form_fields` and JSON bodies by the
wire models (`sync.wire`), where the field's name is known.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIX = "/api/"


def unstorable(value: str) -> str | None:
    """What in `value` no database can store ("a NUL character", ...), or None when it is fine."""
    if "\x00" in value:
        return "a NUL character (\\x00)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "text that is not valid Unicode (a lone surrogate)"
    return None


def shown(name: str) -> str:
    """A client-chosen name shown safely in a message (odd characters escaped)."""
    return name.encode("unicode_escape").decode("ascii")[:80]


def problem_in_request(scope: Scope) -> str | None:
    """A sentence naming the part of the request that holds unstorable text, or None."""
    found = unstorable(scope.get("path", ""))
    if found:
        return f"The address contains {found}, which the hub cannot store."
    query = scope.get("query_string", b"").decode("latin-1")
    # Decoded the way Starlette decodes it, so what is checked is what handlers will see.
    for name, value in parse_qsl(query, keep_blank_values=True):
        found = unstorable(name)
        if found:
            return f"A query parameter name contains {found}, which the hub cannot store."
        found = unstorable(value)
        if found:
            return f"The query parameter '{shown(name)}' contains {found}, which the hub cannot store."
    for raw_name, raw_value in scope.get("headers", ()):
        if b"\x00" in raw_value:
            return f"The header '{shown(raw_name.decode('latin-1'))}' contains a NUL character (\\x00)."
    return None


class StorableTextMiddleware:
    """Answer 400 (JSON under /api/, a page elsewhere) to requests carrying unstorable text."""

    def __init__(self, app: ASGIApp, page: Callable[[Scope, str], Any]) -> None:
        self.app = app
        self.page = page  # builds the console's HTML error response for (scope, sentence)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = problem_in_request(scope)
        if problem is None:
            await self.app(scope, receive, send)
            return
        message = f"{problem} Send it without that character."
        if scope["type"] == "websocket":
            # Refused before the handshake completes; 1008 is "policy violation".
            await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
            return
        if scope.get("path", "").startswith(API_PREFIX):
            body = {"error": "unstorable_text", "message": message}
            if scope.get("path", "").startswith(API_PREFIX + "v1/calls"):
                body.update(code="unstorable_text", detail=message)
            from hub.api.errors import ERROR_HEADER, MESSAGE_HEADER, header_text

            # Like every API refusal, the reason is in the headers too (what a HEAD answer carries).
            response: Any = Response(json.dumps(body, ensure_ascii=True), status_code=400,
                                     media_type="application/json",
                                     headers={ERROR_HEADER: "unstorable_text", MESSAGE_HEADER: header_text(message)})
        else:
            response = self.page(scope, message)
        await response(scope, receive, send)

