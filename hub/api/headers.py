"""Headers every API and FHIR answer carries, whichever handler (or error path) produced it."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"
# Browsers must never guess a type for API bodies: an attachment or FHIR bundle read as HTML
# would run in the hub's origin, where the console's session cookie lives.
API_HEADERS = ((b"x-content-type-options", b"nosniff"),)


class ApiHeaders:
    """ASGI middleware adding API_HEADERS to every HTTP answer under /api/."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in API_HEADERS if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
