"""The hub starts its background task (escalation, mail) with the app and stops it with the app,
so nothing depends on a cron job the installer must remember."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from hub import tables as t
from hub.app import create_app
from hub.settings import Settings
from tests.integration.console_seed import add_case, add_station


def background_threads() -> list[threading.Thread]:
    return [th for th in threading.enumerate() if th.name == "hub-background"]


def test_the_app_runs_escalation_in_the_background_while_it_serves(tmp_path: Path) -> None:
    clock = {"now": t.utcnow()}
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False,
                        background_interval_seconds=0.05, clock=lambda: clock["now"], digest_hour=None)
    app = create_app(settings)
    add_station(app.state.engine, "st-1", "BHU Jhok")
    referral = add_case(app.state.engine, "st-1", urgency="emergency", received_at=clock["now"]).referral_id
    assert background_threads() == []
    with TestClient(app) as client:
        assert len(background_threads()) == 1
        assert client.get("/api/v1/health").status_code == 200
        clock["now"] += timedelta(minutes=31)
        deadline = threading.Event()
        for _ in range(200):
            with app.state.engine.connect() as conn:
                if conn.execute(select(t.escalations.c.id).where(t.escalations.c.referral_id == referral)).first():
                    break
            deadline.wait(0.05)
        else:
            raise AssertionError("the background task did not escalate the emergency within 10 s")
    assert background_threads() == []
    app.state.engine.dispose()


def test_the_background_task_can_be_left_off(tmp_path: Path) -> None:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'hub.sqlite3'}", background=False))
    with TestClient(app):
        assert background_threads() == []
    app.state.engine.dispose()
