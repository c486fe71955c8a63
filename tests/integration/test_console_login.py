"""Specialists sign in to the console; strangers, old sessions and forged forms stay out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from hub import tables as t
from hub.app import create_app
from hub.console import auth
from hub.settings import Settings
from tests.integration.console_seed import PASSWORD, ConsoleUser, add_specialist, form_fields


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url, session_idle_minutes=30))
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
    yield app
    app.state.engine.dispose()


@pytest.fixture
def browser(app: FastAPI) -> ConsoleUser:
    return ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))


def test_a_specialist_signs_in_and_lands_in_the_inbox(browser: ConsoleUser) -> None:
    response = browser.login("dr.khan")
    assert response.status_code == 303
    assert response.headers["location"] == "/inbox"
    inbox = browser.http.get("/inbox")
    assert inbox.status_code == 200
    assert "Dr Sana Khan" in inbox.text


def test_the_session_cookie_is_http_only_same_site_and_secure_over_https(browser: ConsoleUser) -> None:
    cookie = browser.login("dr.khan").headers["set-cookie"].lower()
    assert cookie.startswith(auth.SESSION_COOKIE)
    for flag in ("httponly", "samesite=lax", "secure"):
        assert flag in cookie


def test_only_a_hash_of_the_session_token_is_stored(app: FastAPI, browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    token = browser.http.cookies.get(auth.SESSION_COOKIE)
    with app.state.engine.connect() as conn:
        stored = conn.execute(select(t.console_sessions.c.token_hash)).scalars().all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


@pytest.mark.parametrize(
    ("username", "password"),
    [("dr.khan", "not the password"), ("nobody", PASSWORD), ("DR.KHAN", "Consultant Pass 2024")],
)
def test_a_wrong_username_or_password_gets_the_same_message(
    browser: ConsoleUser, username: str, password: str
) -> None:
    response = browser.login(username, password)
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert auth.SESSION_COOKIE not in browser.http.cookies
    assert browser.http.get("/inbox").status_code == 303


def test_usernames_are_not_case_sensitive(browser: ConsoleUser) -> None:
    assert browser.login("Dr.Khan").status_code == 303


def test_a_deactivated_specialist_cannot_sign_in(app: FastAPI, browser: ConsoleUser) -> None:
    with app.state.engine.begin() as conn:
        conn.execute(update(t.specialists).values(active=False))
    response = browser.login("dr.khan")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text


def test_repeated_failures_lock_sign_in_for_that_username(browser: ConsoleUser) -> None:
    throttle = auth.LoginThrottle()
    for _ in range(throttle.free_attempts):
        assert browser.login("dr.khan", "guess").status_code == 401
    locked = browser.login("dr.khan")  # even the right password waits out the lock
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text


def test_an_unknown_username_is_locked_the_same_way(browser: ConsoleUser) -> None:
    for _ in range(auth.LoginThrottle().free_attempts):
        browser.login("ghost", "guess")
    assert browser.login("ghost", "guess").status_code == 429


@pytest.mark.parametrize("failures", [5, 6, 7, 9, 12])
def test_the_lock_grows_with_each_further_failure_up_to_a_limit(app: FastAPI, failures: int) -> None:
    throttle = auth.LoginThrottle()
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with app.state.engine.begin() as conn:
        for _ in range(failures):
            # Each attempt waits out the lock the one before it left.
            now += timedelta(seconds=throttle.wait_seconds(conn, "dr.khan", "10.0.0.1", now=now))
            assert throttle.begin_attempt(conn, "dr.khan", "10.0.0.1", now=now) == 0
        expected = min(throttle.max_lock, throttle.first_lock * 2 ** (failures - throttle.free_attempts))
        assert throttle.wait_seconds(conn, "dr.khan", "10.0.0.9", now=now) == pytest.approx(expected)
        assert throttle.begin_attempt(conn, "dr.khan", "10.0.0.9", now=now) == pytest.approx(expected)
        assert throttle.wait_seconds(conn, "dr.khan", "10.0.0.9", now=now + timedelta(seconds=expected + 1)) == 0
        # An hour without an attempt and they are forgotten: the next one counts from one again.
        later = now + timedelta(seconds=throttle.forget_after + 1)
        assert throttle.begin_attempt(conn, "dr.khan", "10.0.0.1", now=later) == 0
        assert throttle.wait_seconds(conn, "dr.khan", "10.0.0.1", now=later) == 0


def test_every_hub_process_sees_the_same_lock(app: FastAPI, browser: ConsoleUser, hub_db_url: str) -> None:
    """Behind one proxy, several hub processes share a database; guessing on each gains nothing.
    Restarting the hub does not forget the failures either."""
    for _ in range(auth.LoginThrottle().free_attempts):
        assert browser.login("dr.khan", "guess").status_code == 401
    other = create_app(Settings(db_url=hub_db_url, session_idle_minutes=30))
    try:
        second = ConsoleUser(TestClient(other, base_url="https://testserver", follow_redirects=False))
        assert second.login("dr.khan").status_code == 429
    finally:
        other.state.engine.dispose()


def test_a_successful_sign_in_clears_the_failures(browser: ConsoleUser) -> None:
    for _ in range(auth.LoginThrottle().free_attempts - 1):
        browser.login("dr.khan", "guess")
    assert browser.login("dr.khan").status_code == 303
    browser.http.cookies.clear()
    assert browser.login("dr.khan", "guess").status_code == 401


def test_a_sign_in_without_the_form_token_is_refused(browser: ConsoleUser) -> None:
    response = browser.http.post("/login", data={"username": "dr.khan", "password": PASSWORD})
    assert response.status_code == 403
    assert "expired" in response.text
    assert auth.SESSION_COOKIE not in browser.http.cookies


def test_a_sign_in_from_another_site_is_refused(browser: ConsoleUser) -> None:
    fields = form_fields(browser.http.get("/login").text, "/login")
    response = browser.http.post(
        "/login", data={**fields, "username": "dr.khan", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("next_path", "lands"),
    [("/dashboard", "/dashboard"), ("https://evil.example/", "/inbox"), ("//evil.example/x", "/inbox"),
     ("/login", "/inbox"), ("", "/inbox")],
)
def test_after_sign_in_only_pages_of_this_console_are_followed(
    browser: ConsoleUser, next_path: str, lands: str
) -> None:
    assert browser.login("dr.khan", next_path=next_path).headers["location"] == lands


def test_pages_need_a_session_and_come_back_after_sign_in(browser: ConsoleUser) -> None:
    response = browser.http.get("/dashboard?period=6m")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fdashboard%3Fperiod%3D6m"


def test_an_idle_session_expires_and_says_why(app: FastAPI, browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    with app.state.engine.begin() as conn:
        conn.execute(update(t.console_sessions).values(last_seen_at=t.utcnow() - timedelta(minutes=31)))
    response = browser.http.get("/inbox")
    assert response.status_code == 303
    assert "expired=1" in response.headers["location"]
    notice = browser.http.get(response.headers["location"])
    assert "signed out after 30 minutes without activity" in notice.text
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.console_sessions)).first() is None


def test_activity_keeps_a_session_alive(app: FastAPI, browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    with app.state.engine.begin() as conn:
        conn.execute(update(t.console_sessions).values(last_seen_at=t.utcnow() - timedelta(minutes=29)))
    assert browser.http.get("/inbox").status_code == 200
    with app.state.engine.connect() as conn:
        seen = conn.execute(select(t.console_sessions.c.last_seen_at)).scalar_one()
    assert t.utcnow() - seen < timedelta(minutes=1)


def test_the_idle_timeout_comes_from_settings(hub_db_url: str) -> None:
    app = create_app(Settings(db_url=hub_db_url, session_idle_minutes=5))
    try:
        add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
        user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
        user.login("dr.khan")
        with app.state.engine.begin() as conn:
            conn.execute(update(t.console_sessions).values(last_seen_at=t.utcnow() - timedelta(minutes=6)))
        assert user.http.get("/inbox").status_code == 303
    finally:
        app.state.engine.dispose()


def test_the_keep_alive_needs_the_csrf_header(browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    assert browser.http.post("/session/ping").status_code == 403
    ok = browser.http.post("/session/ping", headers={"X-CSRF-Token": browser.csrf_token()})
    assert ok.status_code == 200
    assert ok.json() == {"remaining_seconds": 30 * 60}


def test_signing_out_ends_the_session(app: FastAPI, browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    old_token = browser.http.cookies.get(auth.SESSION_COOKIE)
    response = browser.http.post("/logout", data={"csrf_token": browser.csrf_token()})
    assert response.headers["location"] == "/login?signed_out=1"
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.console_sessions)).first() is None
    browser.http.cookies.clear()
    replayed = browser.http.get("/inbox", headers={"Cookie": f"{auth.SESSION_COOKIE}={old_token}"})
    assert replayed.status_code == 303


def test_signing_out_needs_the_csrf_token(app: FastAPI, browser: ConsoleUser) -> None:
    browser.login("dr.khan")
    assert browser.http.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    with app.state.engine.connect() as conn:
        assert conn.execute(select(t.console_sessions)).first() is not None


def test_sign_in_over_plain_http_on_a_network_address_is_explained(app: FastAPI) -> None:
    # Secure cookies (the default) never travel over http, so the page says to use https.
    page = TestClient(app, base_url="http://hub.example").get("/login")
    assert "Sign-in only works over https" in page.text


def test_a_hub_told_to_allow_plain_http_sends_cookies_without_secure(hub_db_url: str) -> None:
    app = create_app(Settings(db_url=hub_db_url, cookie_secure=False))
    try:
        add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "Internal medicine")
        user = ConsoleUser(TestClient(app, base_url="http://hub.example", follow_redirects=False))
        assert "Sign-in only works over https" not in user.http.get("/login").text
        cookie = user.login("dr.khan").headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "secure" not in cookie
    finally:
        app.state.engine.dispose()
