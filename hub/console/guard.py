"""Per-request checks for console pages: who is signed in, CSRF tokens, form bodies, cookies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlsplit

from fastapi import Depends, Request, Response
from sqlalchemy import Engine

from hub.console import auth
from hub.console.web import ConsolePageError, Redirect
from hub.storable import shown, unstorable
from hub.tables import utcnow

# Largest console form accepted. Advice fields allow 20,000 characters each; URL-encoding
# can take up to 12 bytes for one Urdu character, so leave plenty of room.
MAX_FORM_BYTES = 2 * 1024 * 1024
MAX_FORM_FIELDS = 30
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def engine(request: Request) -> Engine:
    return request.app.state.engine


def now() -> datetime:
    return utcnow()


def idle(request: Request) -> Any:
    return auth.idle_timeout(request.app.state.settings)


def cookie_secure(request: Request) -> bool:
    """Secure cookies over https, and whenever settings ask for them, except on this machine's
    own loopback address over http (local testing: nothing travels on a network there)."""
    if request.url.scheme == "https":
        return True
    if not getattr(request.app.state.settings, "cookie_secure", True):
        return False
    return (request.url.hostname or "") not in LOOPBACK_HOSTS


def insecure_address(request: Request) -> bool:
    """True when sign-in cannot work: secure cookies are required but the page came over http."""
    return request.url.scheme != "https" and cookie_secure(request)


def set_cookie(request: Request, response: Response, name: str, value: str, path: str = "/") -> None:
    response.set_cookie(name, value, path=path, httponly=True, samesite="lax", secure=cookie_secure(request))


def clear_cookie(request: Request, response: Response, name: str, path: str = "/") -> None:
    response.delete_cookie(name, path=path, httponly=True, samesite="lax", secure=cookie_secure(request))


def address(request: Request) -> str:
    """The client's address (uvicorn takes it from the proxy's X-Forwarded-For when trusted)."""
    return request.client.host if request.client else "unknown"


def is_background(request: Request) -> bool:
    """A request the console's scripts make on their own (polls), not something the person did."""
    return request.headers.get(auth.BACKGROUND_HEADER) == "1"


def current_session(request: Request, *, background: bool | None = None) -> auth.Session | None:
    """The signed-in session for this request (None when there is none or it ended).

    Only requests the person made move the idle clock; background polls leave it alone."""
    token = request.cookies.get(auth.SESSION_COOKIE)
    if not token:
        return None
    touch = not (is_background(request) if background is None else background)
    with engine(request).begin() as conn:
        session, ended = auth.check_session(conn, token, now(), idle(request), touch=touch)
    request.state.session_ended = ended
    if session is not None:
        request.state.specialist = session.specialist
        request.state.csrf_token = session.csrf_token
        request.state.idle_seconds = int(idle(request).total_seconds())
        request.state.remaining_seconds = int(session.remaining_seconds)
    return session


def signed_out_url(request: Request, target: str | None = None) -> str:
    """The sign-in page, saying why this tab was signed out, coming back to `target` afterwards."""
    if target is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    ended = getattr(request.state, "session_ended", "")
    reason = ""
    if ended == auth.ENDED_ACCOUNT:
        reason = "&ended=account"
    elif ended or request.cookies.get(auth.SESSION_COOKIE):
        reason = "&expired=1"
    return f"/login?next={quote(target, safe='')}{reason}"


def require_session(request: Request) -> auth.Session:
    """The session, or a redirect to sign-in that comes back to this page afterwards."""
    session = current_session(request)
    if session is None:
        raise Redirect(signed_out_url(request))
    return session


def require_coordinator(request: Request) -> auth.Session:
    """The session of a programme coordinator; anyone else gets a page saying whom to ask."""
    session = require_session(request)
    if not session.specialist.is_coordinator:
        raise ConsolePageError(403, "This page is for programme coordinators. Ask the hub administrator "
                               "if your work needs it.")
    return session


def require_specialist(request: Request) -> auth.Session:
    """The session of a specialist who answers referrals (coordinators read cases, not answer them)."""
    session = require_session(request)
    if not session.specialist.answers_referrals:
        raise ConsolePageError(403, "Only specialists answer referrals, write to stations and join calls. "
                               "Your account is a coordinator's.")
    return session


def same_origin(request: Request) -> bool:
    """Browsers send Origin on form posts; when present it must name this host."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def require_csrf(request: Request, session: auth.Session, token: str | None) -> None:
    if not same_origin(request) or not auth.same_secret(session.csrf_token, token):
        raise ConsolePageError(
            403, "The form had expired or did not come from this console. Reload the page and try again."
        )


async def form_fields(request: Request) -> dict[str, str]:
    """The URL-encoded form body as a dict (first value of each field), with a size limit."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise ConsolePageError(400, "The form was not sent the usual way. Reload the page and try again.")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        raise ConsolePageError(413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise ConsolePageError(413)
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS,
                          errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise ConsolePageError(400) from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        found = unstorable(name) or unstorable(value)
        if found:
            raise ConsolePageError(400, f"The {shown(name).replace('_', ' ')} field contains {found}, which "
                                        "cannot be saved. Go back, remove it and send the form again.")
        fields.setdefault(name, value)
    return fields


# A route parameter typed `FormFields` receives the parsed form.
FormFields = Annotated[dict[str, str], Depends(form_fields)]


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (never //host or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/inbox"
    if target.startswith(("/login", "/logout")):
        return "/inbox"
    return target
