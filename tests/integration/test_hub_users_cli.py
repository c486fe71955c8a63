"""Accounts at the hub have a lifecycle, administered with `telehub user`: listed, switched off
and on, passwords reset, roles set; each change ends what it must at once and is audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from hub import audit
from hub import tables as t
from hub.app import create_app
from hub.console import auth
from hub.db import make_engine
from hub.passwords import verify_password
from hub.settings import Settings
from tests.integration.console_seed import ConsoleUser
from tests.integration.test_hub_cli import one_error_line, telehub

PASSWORD = "a long and secret passphrase"


@pytest.fixture
def db(hub_db_url: str) -> str:
    return hub_db_url


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "pw"
    path.write_text(PASSWORD + "\n")
    return path


@pytest.fixture
def engine(db: str) -> Iterator[Engine]:
    engine = make_engine(db)
    yield engine
    engine.dispose()


def add(db: str, password_file: Path, username: str, *extra: str) -> None:
    result = telehub("user", "add", "--username", username, "--name", f"Dr {username.title()}",
                     "--password-file", str(password_file), "--db", db, *extra)
    assert result.returncode == 0, result.stderr


def audit_actions(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_events).order_by(t.audit_events.c.id)).all()
    return [(r.actor, r.action, r.target) for r in rows]


def test_user_list_shows_every_account_with_its_role_and_state(db: str, password_file: Path) -> None:
    add(db, password_file, "sana", "--specialty", "Paediatrics")
    add(db, password_file, "huma", "--role", "coordinator")
    # `specialist add` still works: it is `user add --role specialist`.
    old = telehub("specialist", "add", "--username", "omar", "--name", "Dr Omar", "--specialty", "Surgery",
                  "--password-file", str(password_file), "--db", db)
    assert old.returncode == 0, old.stderr
    listed = json.loads(telehub("user", "list", "--json", "--db", db).stdout)
    # Specialties are read against the hub's list: "Surgery" is its general surgery.
    assert [(u["username"], u["role"], u["specialties"], u["active"]) for u in listed] == [
        ("huma", "coordinator", [], True), ("omar", "specialist", ["General surgery"], True),
        ("sana", "specialist", ["Paediatrics (children)"], True)]
    assert all(u["last_sign_in"] is None for u in listed)
    human = telehub("user", "list", "--db", db).stdout
    assert "huma" in human and "coordinator" in human and "never" in human


def test_a_specialist_needs_a_specialty_and_roles_are_checked(db: str, password_file: Path) -> None:
    one_error_line(telehub("user", "add", "--username", "x1", "--name", "X", "--password-file", str(password_file),
                           "--db", db), "--specialty is needed")
    result = telehub("user", "add", "--username", "x1", "--name", "X", "--role", "admin",
                     "--password-file", str(password_file), "--db", db)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_switching_an_account_off_ends_its_sessions_and_refuses_sign_in(
        db: str, password_file: Path, engine: Engine) -> None:
    add(db, password_file, "sana", "--specialty", "Paediatrics")
    app = create_app(Settings(db_url=db))
    try:
        user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
        assert user.login("sana", PASSWORD).status_code == 303
        assert user.http.get("/inbox").status_code == 200
        off = telehub("user", "disable", "sana", "--db", db)
        assert off.returncode == 0, off.stderr
        assert "1 open session ended" in off.stdout
        # The open tab's next click lands on the sign-in page, which says why.
        gone = user.http.get("/inbox")
        assert gone.status_code == 303 and "ended=account" in gone.headers["location"]
        assert "your account was changed at the hub" in user.http.get(gone.headers["location"]).text
        # A background poll coming first does not change what the next click is told.
        assert user.http.get("/console/calls/ringing").json()["reason"] == "account"
        assert "ended=account" in user.http.get("/inbox").headers["location"]
        with engine.connect() as conn:
            assert conn.execute(select(t.console_sessions.c.ended_reason)).scalar_one() == "account"
        assert user.login("sana", PASSWORD).status_code == 401
        one_error_line(telehub("user", "disable", "sana", "--db", db), "already switched off")
        assert telehub("user", "enable", "sana", "--db", db).returncode == 0
        assert user.login("sana", PASSWORD).status_code == 303
    finally:
        app.state.engine.dispose()
    actions = [(actor, action) for actor, action, _ in audit_actions(engine)]
    assert (audit.COMMAND_LINE, "account_disabled") in actions
    assert (audit.COMMAND_LINE, "account_enabled") in actions
    assert ("sana", "sign_in_refused") in actions
    assert actions.count(("sana", "sign_in")) == 2


def test_a_password_reset_takes_effect_at_once(db: str, password_file: Path, tmp_path: Path, engine: Engine) -> None:
    add(db, password_file, "sana", "--specialty", "Paediatrics")
    app = create_app(Settings(db_url=db))
    try:
        user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
        assert user.login("sana", PASSWORD).status_code == 303
        new = tmp_path / "new.pw"
        new.write_text("a brand new passphrase\n")
        result = telehub("user", "reset-password", "sana", "--password-file", str(new), "--db", db)
        assert result.returncode == 0, result.stderr
        assert "ended=account" in user.http.get("/inbox").headers["location"]
        assert user.login("sana", PASSWORD).status_code == 401
        assert user.login("sana", "a brand new passphrase").status_code == 303
    finally:
        app.state.engine.dispose()
    with engine.connect() as conn:
        stored = conn.execute(select(t.specialists.c.password_hash)).scalar_one()
    assert verify_password(stored, "a brand new passphrase")
    assert (audit.COMMAND_LINE, "password_reset", "sana") in audit_actions(engine)
    one_error_line(telehub("user", "reset-password", "nobody", "--password-file", str(new), "--db", db),
                   "no account with username 'nobody'")


def test_set_role_makes_a_specialist_a_coordinator(db: str, password_file: Path, engine: Engine) -> None:
    add(db, password_file, "sana", "--specialty", "Paediatrics")
    result = telehub("user", "set-role", "sana", "coordinator", "--db", db)
    assert result.returncode == 0, result.stderr
    with engine.connect() as conn:
        assert conn.execute(select(t.specialists.c.role)).scalar_one() == "coordinator"
    one_error_line(telehub("user", "set-role", "sana", "coordinator", "--db", db), "already a coordinator")
    [(actor, _action, target)] = [e for e in audit_actions(engine) if e[1] == "role_changed"]
    assert (actor, target) == (audit.COMMAND_LINE, "sana")


def test_the_idle_sign_out_is_configurable_and_checked(db: str) -> None:
    one_error_line(telehub("serve", "--db", db, "--idle-minutes", "0.1"), "--idle-minutes must be between")
    one_error_line(telehub("serve", "--db", db, env={"TELEHUB_IDLE_MINUTES": "soon"}), "TELEHUB_IDLE_MINUTES")
    assert auth.idle_timeout(Settings(db_url=db, session_idle_minutes=0.5)) == timedelta(seconds=30)
