"""Page plumbing for the specialist console: templates, security headers, friendly errors.

Every console route uses `ConsoleRoute`, so no page can leak a traceback and every HTML
response carries the same Content-Security-Policy (no inline script, nothing from other origins).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.exc import SQLAlchemyError

from hub.console import formatting

log = logging.getLogger("hub.console")

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# Everything the pages need comes from the hub itself: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), payment=()",
}

ERROR_TEXT = {
    400: ("The request could not be read", "Something in the form or address was not understood. "
          "Go back, check what you entered and try again."),
    401: ("Signed out", "You are not signed in. Sign in again to continue."),
    403: ("Not allowed", "This page or action is not available to your account, or the form had "
          "expired. Reload the page and try again."),
    404: ("Page not found", "There is nothing at this address. It may have been mistyped, or the "
          "referral may not have reached the hub yet."),
    405: ("Not allowed", "This address cannot be used that way. Go back and use the buttons on the page."),
    409: ("Not done", "This could not be done as things stand now. Reload the page to see the latest state."),
    413: ("Too much data", "What you sent is larger than the hub accepts. Shorten the text and try again."),
    429: ("Too many attempts", "Wait a few minutes and try again."),
    500: ("Something went wrong on the hub", "Your last action may not have been saved. Reload the "
          "page to check, and tell the hub administrator if it happens again."),
}


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=formatting.format_when,
        local=formatting.local_time,
        zone_name=formatting.zone_abbreviation,
        date=formatting.format_date,
        duration=formatting.format_duration,
        duration_short=formatting.format_duration_short,
        specialty=formatting.specialty_label,
        status=formatting.status_label,
        urgency=formatting.urgency_label,
        percent=formatting.format_percent,
    )
    return env


templates = _environment()


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page; `specialist` and `csrf_token` come from the session when logged in."""
    ctx: dict[str, Any] = {
        "specialist": getattr(request.state, "specialist", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "idle_seconds": getattr(request.state, "idle_seconds", 0),
        "remaining_seconds": getattr(request.state, "remaining_seconds", 0),
        "nav": "",
        "path": request.url.path,
        "zone_text": formatting.zone_description(),
        "unread_count": unread_count(request),
    }
    ctx.update(context or {})
    html = templates.get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status_code)


def unread_count(request: Request) -> int:
    """Referrals with news from a station this person has not read (shown in every page title)."""
    specialist = getattr(request.state, "specialist", None)
    if specialist is None:
        return 0
    from hub.console import unread

    try:
        with request.app.state.engine.connect() as conn:
            return unread.count_for(conn, specialist)
    except SQLAlchemyError:
        log.exception("unread count failed")  # the page still shows; only its title lacks the count
        return 0


def error_page(request: Request, status_code: int, detail: str | None = None) -> HTMLResponse:
    """A calm page explaining what happened; never a traceback."""
    title, text = ERROR_TEXT.get(status_code, ERROR_TEXT[500] if status_code >= 500 else ERROR_TEXT[400])
    response = render(
        request,
        "error.html",
        {"status_code": status_code, "title": title, "text": detail or text},
        status_code=status_code,
    )
    return response


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Patient data must not linger in shared browser caches.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


class ConsolePageError(Exception):
    """Raised by console handlers to show a friendly error page with a given status."""

    def __init__(self, status_code: int, detail: str | None = None) -> None:
        super().__init__(detail or str(status_code))
        self.status_code = status_code
        self.detail = detail


class Redirect(Exception):
    """Answer with a 303 to `url` (e.g. to the sign-in page)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _fallback_error(status_code: int) -> HTMLResponse:
    # Used only if the error page itself cannot be rendered.
    return HTMLResponse(
        "<!doctype html><title>Telehub</title><p>Something went wrong. Reload the page.</p>",
        status_code=status_code,
    )


class ConsoleRoute(APIRoute):
    """An APIRoute whose failures become friendly HTML pages with security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def console_handler(request: Request) -> Response:
            zone = getattr(request.app.state, "zone", None) or formatting.display_zone()
            with formatting.shown_in(zone):
                return await handle(request)

        async def handle(request: Request) -> Response:
            try:
                response = await handler(request)
            except Redirect as exc:
                response = RedirectResponse(exc.url, status_code=303)
            except ConsolePageError as exc:
                response = error_page(request, exc.status_code, exc.detail)
            except HTTPException as exc:
                if exc.status_code in (301, 302, 303, 307, 308):
                    raise
                response = error_page(request, exc.status_code)
                for name, value in (exc.headers or {}).items():
                    response.headers[name] = value
            except RequestValidationError:
                response = error_page(request, 400)
            except Exception:
                log.exception("console page failed: %s %s", request.method, request.url.path)
                try:
                    response = error_page(request, 500)
                except Exception:
                    log.exception("console error page failed")
                    response = _fallback_error(500)
            return add_security_headers(response)

        return console_handler
