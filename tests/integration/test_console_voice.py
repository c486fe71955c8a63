"""Voice notes in the console: the station's note plays (with byte ranges), the specialist's recording
is checked, kept for the referral's station and sent with advice or a message; nothing else passes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hub import tables as t
from hub.app import create_app
from hub.settings import Settings
from sync.call.voice_note import encode_pcm
from tests.integration.console_seed import (
    GOOD_ADVICE,
    Case,
    ConsoleUser,
    add_attachment_record,
    add_blob,
    add_case,
    add_specialist,
    add_station,
    form_fields,
)

RATE = 48_000


def tone(seconds: float) -> bytes:
    t_ = np.arange(int(seconds * RATE)) / RATE
    return encode_pcm((np.sin(2 * np.pi * 220 * t_) * 8000).astype(np.int16))


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    add_station(app.state.engine, "bhu-jhok", "BHU Jhok Sharif")
    add_station(app.state.engine, "rhc-gharo", "RHC Gharo")
    add_specialist(app.state.engine, "dr.khan", "Dr Sana Khan", "internal_medicine")
    yield app
    app.state.engine.dispose()


@pytest.fixture
def user(app: FastAPI) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login("dr.khan").status_code == 303
    return user


@pytest.fixture
def spoken_case(app: FastAPI) -> tuple[Case, bytes]:
    note = tone(4.2)
    sha = hashlib.sha256(note).hexdigest()
    case = add_case(app.state.engine, "bhu-jhok", attachments=[sha])
    add_blob(app.state.engine, "bhu-jhok", sha, note, "audio/ogg")
    add_attachment_record(app.state.engine, case, sha, "voice-note.ogg", "audio/ogg", len(note))
    return case, note


def upload(user: ConsoleUser, referral_id: str, data: bytes, media_type: str = "audio/ogg",
           token: str | None = None) -> object:
    return user.http.post(f"/referrals/{referral_id}/voice", content=data,
                          headers={"Content-Type": media_type, "X-CSRF-Token": token or user.csrf_token(),
                                   "Origin": "https://testserver"})


def test_the_stations_note_plays_on_the_referral_page_with_its_length(user: ConsoleUser, spoken_case) -> None:
    case, note = spoken_case
    page = user.open_referral(case.referral_id)
    sha = hashlib.sha256(note).hexdigest()
    assert f'src="/referrals/{case.referral_id}/voice/{sha}"' in page.text
    assert "Voice note from the station · 0:04" in page.text
    whole = user.http.get(f"/referrals/{case.referral_id}/voice/{sha}")
    assert whole.status_code == 200 and whole.content == note
    assert whole.headers["content-type"] == "audio/ogg" and whole.headers["accept-ranges"] == "bytes"
    part = user.http.get(f"/referrals/{case.referral_id}/voice/{sha}", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == note[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(note)}"
    tail = user.http.get(f"/referrals/{case.referral_id}/voice/{sha}", headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.content == note[-50:]
    beyond = user.http.get(f"/referrals/{case.referral_id}/voice/{sha}", headers={"Range": f"bytes={len(note)}-"})
    assert beyond.status_code == 416


def test_a_note_of_another_referral_or_station_is_not_served(app: FastAPI, user: ConsoleUser, spoken_case) -> None:
    case, note = spoken_case
    other = add_case(app.state.engine, "rhc-gharo")
    sha = hashlib.sha256(note).hexdigest()
    assert user.http.get(f"/referrals/{other.referral_id}/voice/{sha}").status_code == 404
    assert user.http.get(f"/referrals/{case.referral_id}/voice/{'0' * 64}").status_code == 404
    signed_out = TestClient(app, base_url="https://testserver", follow_redirects=False)
    assert signed_out.get(f"/referrals/{case.referral_id}/voice/{sha}").status_code in (303, 401)


def test_the_specialists_spoken_advice_goes_to_the_station_with_the_written_advice(
        app: FastAPI, user: ConsoleUser, spoken_case) -> None:
    case, _note = spoken_case
    reply = tone(6.5)
    answer = upload(user, case.referral_id, reply)
    assert answer.status_code == 200, answer.text
    sha = answer.json()["sha256"]
    assert sha == hashlib.sha256(reply).hexdigest()
    with app.state.engine.connect() as conn:
        blob = conn.execute(select(t.blobs).where(t.blobs.c.sha256 == sha)).one()
    assert blob.station_id == "bhu-jhok" and blob.complete and blob.media_type == "audio/ogg"

    # The voice note never replaces the written advice.
    empty = user.answer(case.referral_id, voice_sha256=sha, plan_changed="no")
    assert empty.status_code == 422 and "Assessment is required" in empty.text
    sent = user.answer(case.referral_id, **GOOD_ADVICE, voice_sha256=sha, voice_duration_ms="9999")
    assert sent.status_code == 303
    with app.state.engine.connect() as conn:
        payload = json.loads(conn.execute(select(t.outbound.c.payload).where(t.outbound.c.entity == "advice")).scalar())
    # The length of an Ogg note is read from the file, not taken from the browser.
    assert payload["voice"] == {"sha256": sha, "media_type": "audio/ogg", "size": len(reply), "duration_ms": 6500}
    page = user.open_referral(case.referral_id)
    assert "Your voice note · 0:06" in page.text


def test_a_message_may_be_a_voice_note_alone(app: FastAPI, user: ConsoleUser, spoken_case) -> None:
    case, _note = spoken_case
    sha = upload(user, case.referral_id, tone(3.0)).json()["sha256"]
    page = user.open_referral(case.referral_id)
    action = f"/referrals/{case.referral_id}/messages"
    sent = user.http.post(action, data={**form_fields(page.text, action), "body": "", "voice_sha256": sha})
    assert sent.status_code == 303
    with app.state.engine.connect() as conn:
        row = conn.execute(select(t.messages)).one()
    assert row.body == "Voice note (0:03)" and json.loads(row.voice)["sha256"] == sha


@pytest.mark.parametrize(("data", "media_type", "status", "says"), [
    (b"RIFF....WAVEfmt ", "audio/ogg", 422, "neither an Ogg nor a WebM"),
    (b"", "audio/ogg", 422, "empty"),
    (b"OggS" + bytes(100), "audio/ogg", 422, "does not hold Opus"),
    (b"\x1a\x45\xdf\xa3" + bytes(64), "audio/ogg", 422, "not audio/ogg"),
    (b"OggS" + bytes(1_000_001), "audio/ogg", 413, "too large"),
])
def test_a_recording_that_is_not_a_voice_note_is_refused_with_the_reason(
        user: ConsoleUser, spoken_case, data: bytes, media_type: str, status: int, says: str) -> None:
    case, _note = spoken_case
    answer = upload(user, case.referral_id, data, media_type)
    assert answer.status_code == status
    assert says in answer.json()["error"]


def test_an_upload_without_the_forms_token_is_refused(user: ConsoleUser, spoken_case) -> None:
    case, _note = spoken_case
    assert upload(user, case.referral_id, tone(1.0), token="forged").status_code == 403


def test_advice_naming_a_recording_the_hub_does_not_have_is_refused_and_kept(user: ConsoleUser, spoken_case) -> None:
    case, _note = spoken_case
    refused = user.answer(case.referral_id, **GOOD_ADVICE, voice_sha256="ab" * 32)
    assert refused.status_code == 422
    assert "The voice recording did not reach the hub" in refused.text
    assert "Community-acquired pneumonia" in refused.text  # what was written is kept
