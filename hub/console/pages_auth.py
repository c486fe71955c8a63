"""Sign-in, sign-out and the keep-alive the pages send while a specialist is typing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import func, select, update

from hub import audit
from hub import tables as t
from hub.console import auth, guard
from hub.console.guard import FormFields
from hub.console.web import ConsoleRoute, render

router = APIRouter(route_class=ConsoleRoute)


def throttle(request: Request) -> auth.LoginThrottle:
    """The app's login throttle settings (the failures themselves are in the database)."""
    state = request.app.state
    if getattr(state, "console_login_throttle", None) is None:
        state.console_login_throttle = auth.LoginThrottle()
    return state.console_login_throttle


def _login_page(request: Request, *, username: str = "", error: str = "", notice: str = "",
                next_path: str = "/inbox", status_code: int = 200) -> Response:
    token = request.cookies.get(auth.LOGIN_CSRF_COOKIE) or ""
    if not (20 <= len(token) <= 100):
        token = auth.new_token()
    if guard.insecure_address(request) and not error:
        error = ("This address is not secure (http). Sign-in only works over https: "
                 "ask the hub administrator for the https address of this console.")
    response = render(request, "login.html", {
        "login_csrf": token, "username": username, "error": error, "notice": notice, "next_path": next_path,
    }, status_code=status_code)
    guard.set_cookie(request, response, auth.LOGIN_CSRF_COOKIE, token, path="/login")
    return response


@router.get("/login")
def login_form(request: Request, next: str = "", expired: str = "", signed_out: str = "",
               ended: str = "") -> Response:
    if guard.current_session(request) is not None:
        return RedirectResponse(guard.safe_next(next), status_code=303)
    notice = ""
    if ended == "account":
        notice = ("You were signed out because your account was changed at the hub (switched off or its "
                  "password reset). Ask the hub administrator if you need to sign in again.")
    elif expired:
        notice = (f"You were signed out after {_span(guard.idle(request).total_seconds())} without activity, "
                  "to keep patient data safe. Sign in again to continue.")
    elif signed_out:
        notice = "You have signed out."
    return _login_page(request, notice=notice, next_path=guard.safe_next(next))


@router.post("/login")
def login(request: Request, form: FormFields) -> Response:
    username = form.get("username", "").strip()[:100]
    password = form.get("password", "")[:1024]
    next_path = guard.safe_next(form.get("next"))
    address = guard.address(request)
    if not guard.same_origin(request) or not auth.same_secret(
        request.cookies.get(auth.LOGIN_CSRF_COOKIE, ""), form.get("csrf_token")
    ):
        return _login_page(request, username=username, next_path=next_path, status_code=403,
                           error="The sign-in form had expired. Enter your password again.")
    if not username or not password:
        missing = "username" if not username else "password"
        return _login_page(request, username=username, next_path=next_path, status_code=422,
                           error=f"Enter your {missing}.")
    limiter = throttle(request)
    # Counted before the password is checked, atomically: wrong passwords sent all at once cannot
    # all be tried before the lock (hub.attempts).
    with guard.engine(request).begin() as conn:
        wait = limiter.begin_attempt(conn, username, address, guard.now())
    if wait > 0:
        return _login_page(request, username=username, next_path=next_path, status_code=429,
                           error=auth.lock_message(wait))
    with guard.engine(request).begin() as conn:
        specialist = auth.authenticate(conn, username, password)
        if specialist is not None:
            _rehash_if_needed(conn, specialist.id, password)
            auth.purge_sessions(conn, guard.now(), guard.idle(request))
            # A fresh token at every sign-in: a session id planted before sign-in is worthless.
            previous = request.cookies.get(auth.SESSION_COOKIE)
            if previous:
                auth.end_session(conn, auth.hash_token(previous))
            token, _csrf = auth.create_session(conn, specialist.id, guard.now())
            limiter.succeeded(conn, username, address)
            audit.record(conn, specialist.username, "sign_in", detail=specialist.role, address=address)
        else:
            _audit_failure(conn, username, address)
    if specialist is None:
        return _login_page(request, username=username, next_path=next_path, status_code=401,
                           error=auth.WRONG_LOGIN)
    response = RedirectResponse(next_path, status_code=303)
    guard.set_cookie(request, response, auth.SESSION_COOKIE, token)
    guard.clear_cookie(request, response, auth.LOGIN_CSRF_COOKIE, path="/login")
    return response


def _span(seconds: float) -> str:
    if seconds < 60:
        return f"{int(seconds)} seconds"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _audit_failure(conn: Any, username: str, address: str) -> None:
    # Only for accounts that exist: a flood of made-up names must not fill the audit.
    row = conn.execute(select(t.specialists.c.username, t.specialists.c.active)
                       .where(func.lower(t.specialists.c.username) == username.lower())).first()
    if row is not None:
        audit.record(conn, row.username, "sign_in_failed" if row.active else "sign_in_refused", address=address)


def _rehash_if_needed(conn: Any, specialist_id: str, password: str) -> None:
    from hub.passwords import hash_password, needs_rehash

    current = conn.execute(
        t.specialists.select().with_only_columns(t.specialists.c.password_hash)
        .where(t.specialists.c.id == specialist_id)
    ).scalar()
    if current and needs_rehash(current):
        conn.execute(
            update(t.specialists).where(t.specialists.c.id == specialist_id)
            .values(password_hash=hash_password(password))
        )


@router.post("/logout")
def logout(request: Request, form: FormFields) -> Response:
    session = guard.current_session(request)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    if session is not None:
        guard.require_csrf(request, session, form.get("csrf_token"))
        with guard.engine(request).begin() as conn:
            auth.end_session(conn, session.token_hash)
            audit.record(conn, session.specialist.username, "sign_out", address=guard.address(request))
    guard.clear_cookie(request, response, auth.SESSION_COOKIE)
    return response


@router.post("/session/ping")
def ping(request: Request) -> Response:
    """Keep the session alive: the person pressed "Stay signed in" or is typing (console.js, CSRF
    header). Answers the seconds left before idle sign-out."""
    session = guard.current_session(request, background=True)
    if session is None:
        return _signed_out(request)
    guard.require_csrf(request, session, request.headers.get("x-csrf-token"))
    with guard.engine(request).begin() as conn:
        auth.touch_session(conn, session.token_hash, guard.now())
    return JSONResponse({"remaining_seconds": int(guard.idle(request).total_seconds())},
                        headers={"Cache-Control": "no-store"})


@router.get("/session/status")
def status(request: Request) -> Response:
    """Seconds left before idle sign-out, read without moving the idle clock (console.js asks
    near the end, so activity in another tab of the same session is seen)."""
    session = guard.current_session(request, background=True)
    if session is None:
        return _signed_out(request)
    return JSONResponse({"remaining_seconds": int(session.remaining_seconds)}, headers={"Cache-Control": "no-store"})


def _signed_out(request: Request) -> Response:
    return JSONResponse({"error": "signed_out", "message": "You are signed out. Sign in again to continue.",
                         "reason": getattr(request.state, "session_ended", "")},
                        status_code=401, headers={"Cache-Control": "no-store"})
