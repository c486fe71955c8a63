"""API errors: always JSON {"error": code, "message": sentence}, never a bare 500.

The code and sentence also travel as headers (X-Hub-Error, X-Hub-Error-Message), because some
answers have no body (HEAD): a station must always be able to tell the hub's refusal from an
answer cut on the way, and it must never retry a refusal as if the line had dropped.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Match

from sync.wire.protocol import ErrorBody, describe_errors

log = logging.getLogger("hub.api")

API_PREFIX = "/api/"
ERROR_HEADER = "X-Hub-Error"
MESSAGE_HEADER = "X-Hub-Error-Message"
_HEADER_TEXT_LIMIT = 1000


class ApiError(Exception):
    """An error answered to the client as JSON with a stable code and a plain message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    # ensure_ascii keeps the body encodable whatever the client sent us (e.g. lone surrogates).
    body = json.dumps({"error": code, "message": message}, ensure_ascii=True).encode("ascii")
    all_headers = {**(headers or {}), ERROR_HEADER: header_text(code), MESSAGE_HEADER: header_text(message)}
    return Response(body, status_code=status, media_type="application/json", headers=all_headers)


def header_text(text: str) -> str:
    """`text` made safe for a header value: printable ASCII (others escaped), one line, bounded."""
    escaped = text.encode("ascii", "backslashreplace").decode("ascii")
    # No control characters, and no space at either end: HTTP servers drop such a header value
    # (and with it the whole answer, which the station would then take for a cut line).
    return " ".join("".join(c if " " <= c <= "~" else " " for c in escaped).split())[:_HEADER_TEXT_LIMIT].strip()


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer."""
    text = {
        400: "Malformed request (e.g. the body is not JSON, a header is invalid, or the address, a query "
             "parameter or a header holds text no database can store, such as a NUL character).",
        401: "Not signed, wrongly signed, replayed, stale, or from a revoked station; `error` says which.",
        403: "The request touches another station's records.",
        404: "Not found.",
        409: "Conflict with the hub's state (e.g. wrong upload offset; Upload-Offset says the right one).",
        410: "Expired.",
        413: "The body (compressed or decompressed) is larger than the documented limit.",
        415: "Unsupported Content-Type or Content-Encoding.",
        422: "The request is well-formed but a field is invalid; `message` names it.",
        429: "Too many attempts.",
        503: "The database is unavailable.",
    }
    return {
        s: {"model": ErrorBody, "description": text.get(s, "Error."), "headers": ERROR_HEADERS} for s in statuses
    }


ERROR_HEADERS = {
    ERROR_HEADER: {
        "description": "The `error` code of the body, also on answers without a body (HEAD).",
        "required": True,
        "schema": {"type": "string"},
    },
    MESSAGE_HEADER: {
        "description": "The `message` sentence (printable ASCII, other characters escaped).",
        "required": True,
        "schema": {"type": "string"},
    },
}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure under /api/ into the JSON error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            detail = next(e for e in errors if e.get("type") == "json_invalid")
            where = detail.get("ctx", {}).get("error", "")
            return error_response(400, "malformed_json", f"The request body is not valid JSON ({where}).")
        return error_response(422, "invalid_request", describe_errors(_strip_body(errors)) + ".")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if not request.url.path.startswith(API_PREFIX):
            return await http_exception_handler(request, exc)
        status = exc.status_code
        allowed = api_methods(request) if status == 405 else []
        if status == 405 and not allowed:
            status = 404  # only the console's GET catch-all matched: there is no such endpoint
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "http_error")
        message = {
            404: f"There is no API endpoint at {request.url.path}.",
            405: f"{request.method} is not allowed on {request.url.path}.",
        }.get(status, str(exc.detail))
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() != "allow"}
        if allowed:
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed on {request.url.path}; use {' or '.join(allowed)}."
        return error_response(status, code, message, headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if not request.url.path.startswith(API_PREFIX):
            return JSONResponse({"error": "internal_error", "message": "Something went wrong."}, 500)
        return error_response(
            500, "internal_error", "The hub could not handle this request; it has been logged. Try again later."
        )


def api_methods(request: Request) -> list[str]:
    """The methods the published API has at this request's path (for a 405's Allow header)."""
    path = request.url.path
    found: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            found.update(method.upper() for method in operations)
    return sorted(found)


def other_methods(request: Request) -> list[str]:
    """Methods besides GET that some route accepts at this request's path (for 405 and Allow).

    For the console's GET catch-all: it only runs when no route answers GET here, so a path that
    exists for POST (say) is a wrong method, not a missing page.
    """
    found = []
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(dict(scope))[0] is Match.FULL for route in request.app.router.routes):
            found.append(method)
    return found


def _strip_body(errors: list[Any]) -> list[Any]:
    # FastAPI prefixes locations with "body"/"query"/"path"; keep the field path a person knows.
    out = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if loc and loc[0] == "body":
            loc = loc[1:]
        out.append({**err, "loc": loc})
    return out
