"""What a video consult leaves behind: the station's call record (kept, counted in `telehub stats`
and on the dashboard), a specialist's proposed call time (published to the station), and the
STUN/TURN settings `telehub serve` accepts. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from hub import tables as t
from hub.cli import main as telehub
from hub.console import auth
from sync.wire.ids import utc_iso, uuid7
from tests.integration.calls_support import referred, sign_in
from tests.support.server import RunningHub
from tests.support.station_client import StationClient

pytestmark = pytest.mark.timeout(120)


# -- records: the station's call record, the specialist's proposed time --------------------------


def test_a_pushed_call_record_is_kept_and_counted_as_a_video_consult(call_hub: RunningHub,
                                                                    clinic: StationClient) -> None:
    referral = referred(clinic)
    record = clinic.record("call", {
        "referral_id": referral["id"], "patient_id": referral["patient_id"], "started_at": utc_iso(),
        "connected_at": utc_iso(), "ended_at": utc_iso(), "duration_seconds": 312, "ended_by": "specialist",
        "outcome": "completed", "audio_only": False, "quality": "weak", "started_by": "amina",
    })
    bad = clinic.record("call", {**{k: v for k, v in record.items() if k not in ("id",)}, "outcome": "lovely"})
    results = clinic.push([clinic.change("call", record), clinic.change("call", bad)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert "outcome" in results[1]["reason"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert telehub(["stats", "--db", call_hub.db_url]) == 0
    assert "1 video consults" in out.getvalue()
    coordinator = sign_in(call_hub, "huma", "Huma Qureshi", "", role="coordinator")
    page = clinic.http.get(f"{call_hub.base_url}/dashboard", cookies={auth.SESSION_COOKIE: coordinator.cookie}).text
    table = page[page.index('id="video-consults-table"'):]
    table = table[:table.index("</table>")]
    assert re.search(r"BHU Jhok</th><td><strong>1</strong></td><td>0</td><td>0</td><td>5 min</td>", table), table


def test_a_proposed_call_time_reaches_the_station_in_its_next_pull(call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    _, cursor = clinic.pull_all()
    host = urlsplit(call_hub.base_url).netloc
    day = (datetime.now(UTC) + timedelta(days=10)).date().isoformat()
    form = {"csrf_token": doctor.csrf, "proposal_id": uuid7(), "date": day, "time": "15:30",
            "zone": "PKT", "note": "Please have the child's weight chart ready."}
    for _ in range(2):  # a double click sends it twice
        response = clinic.http.post(f"{call_hub.base_url}/referrals/{referral['id']}/call-proposals", data=form,
                                    cookies={auth.SESSION_COOKIE: doctor.cookie},
                                    headers={"Origin": f"http://{host}"}, allow_redirects=False)
        assert response.status_code == 303, response.text
    changes, _ = clinic.pull_all(cursor)
    proposals = [c["data"] for c in changes if c["entity"] == "call_proposal"]
    assert len(proposals) == 1
    assert {k: proposals[0][k] for k in ("referral_id", "specialist_name", "proposed_for", "status", "note")} == {
        "referral_id": referral["id"], "specialist_name": "Dr Sana Baloch",
        "proposed_for": f"{day}T10:30:00.000Z", "status": "proposed",
        "note": "Please have the child's weight chart ready.",
    }


def test_a_specialist_cancels_the_time_they_proposed_and_the_station_is_told(
        call_hub: RunningHub, clinic: StationClient) -> None:
    referral = referred(clinic)
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    other = sign_in(call_hub, "dr.omar", "Dr Omar Farooq")
    host = urlsplit(call_hub.base_url).netloc
    day = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    page_url = f"{call_hub.base_url}/referrals/{referral['id']}"

    def post(who, path: str, form: dict[str, str]):
        return clinic.http.post(f"{page_url}{path}", data={"csrf_token": who.csrf, **form},
                                cookies={auth.SESSION_COOKIE: who.cookie}, headers={"Origin": f"http://{host}"},
                                allow_redirects=False)

    proposal_id = uuid7()
    assert post(doctor, "/call-proposals", {"proposal_id": proposal_id, "date": day, "time": "09:00",
                                            "zone": "PKT"}).status_code == 303
    cancel = f"/call-proposals/{proposal_id}/cancel"
    own_page = clinic.http.get(page_url, cookies={auth.SESSION_COOKIE: doctor.cookie}).text
    assert f'action="/referrals/{referral["id"]}{cancel}"' in own_page
    assert cancel not in clinic.http.get(page_url, cookies={auth.SESSION_COOKIE: other.cookie}).text

    refused = post(other, cancel, {})
    assert refused.status_code == 403 and "only they can cancel it" in refused.text
    assert post(doctor, f"/call-proposals/{uuid7()}/cancel", {}).status_code == 404
    assert post(doctor, cancel, {"csrf_token": "forged"}).status_code == 403
    done = post(doctor, cancel, {})
    assert done.status_code == 303 and "sent=proposal-cancelled" in done.headers["location"]
    assert "sent=repeat" in post(doctor, cancel, {}).headers["location"]  # a second click changes nothing

    shown = clinic.http.get(f"{page_url}?sent=proposal-cancelled", cookies={auth.SESSION_COOKIE: doctor.cookie}).text
    assert "The proposed call time is cancelled" in shown and " · cancelled" in shown and cancel not in shown
    changes, _ = clinic.pull_all()
    versions = [(c["data"]["version"], c["data"]["status"]) for c in changes
                if c["entity"] == "call_proposal" and c["data"]["id"] == proposal_id]
    assert versions == [(1, "proposed"), (2, "cancelled")]


@pytest.mark.parametrize("date, time_, problem", [
    ("2001-01-01", "10:00", "already passed"),
    ("2099-02-30", "10:00", "does not exist"),
    ("14/03/2099", "10:00", "YYYY-MM-DD"),
    ("2099-03-14", "10:00", "within the next 90 days"),
    ((datetime.now(UTC) + timedelta(days=3)).date().isoformat(), "25:00", "does not exist"),
    ((datetime.now(UTC) + timedelta(days=3)).date().isoformat(), "", "HH:MM"),
])
def test_a_proposed_time_that_cannot_be_used_is_explained_and_nothing_is_sent(
        call_hub: RunningHub, clinic: StationClient, date: str, time_: str, problem: str) -> None:
    referral = referred(clinic)
    doctor = sign_in(call_hub, "dr.sana", "Dr Sana Baloch")
    form = {"csrf_token": doctor.csrf, "proposal_id": uuid7(), "date": date, "time": time_, "zone": "PKT"}
    response = clinic.http.post(f"{call_hub.base_url}/referrals/{referral['id']}/call-proposals", data=form,
                                cookies={auth.SESSION_COOKIE: doctor.cookie}, allow_redirects=False)
    assert response.status_code == 422
    assert problem in response.text
    with call_hub.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.call_proposals)).scalar_one() == 0


@pytest.mark.parametrize("flags, complaint", [
    (["--turn", "turn:turn.example.org:3478"], "--turn needs --turn-secret"),
    (["--turn-secret", "s3cret"], "without any --turn URL"),
    (["--stun", "turn.example.org:3478"], "must start with"),
    (["--turn", "stun:turn.example.org:3478", "--turn-secret", "s3cret"], "must start with turn: or turns:"),
    (["--turn", "turn:t.example.org", "--turn-secret", "s3cret", "--turn-ttl", "5"], "--turn-ttl must be between"),
    (["--relay-only", "--stun", "stun:turn.example.org:3478"], "--relay-only needs at least one --turn URL"),
])
def test_telehub_serve_refuses_ice_settings_that_cannot_work(tmp_path: Any, flags: list[str], complaint: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    code = telehub(["serve", "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}", *flags])
    assert code == 1
    assert complaint in capsys.readouterr().err
