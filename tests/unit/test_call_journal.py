"""A call the station never saw end (power cut, crash) is still recorded at the next sign-in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from station import call_journal, calls
from station.calls import Call
from station.errors import NotFound, ValidationError
from station.store import Store
from sync.wire.ids import uuid7
from tests.conftest import ADMIN_PASSWORD
from tests.unit.test_calls_store import T0, iso, refer

ROOT = Path(__file__).resolve().parents[2]


def in_progress(referral, connected: bool = True, **changes: object) -> dict[str, object]:
    """What the call window notes while a call runs: no end yet."""
    fields: dict[str, object] = {
        "id": uuid7(), "referral_id": referral.id, "patient_id": referral.patient_id, "started_at": iso(T0),
        "connected_at": iso(T0 + timedelta(seconds=9)) if connected else None, "ended_at": None,
        "duration_seconds": None, "ended_by": None, "outcome": "failed", "audio_only": True,
        "quality": "audio_only" if connected else None, "started_by": "nasreen"}
    fields.update(changes)
    return fields


def test_a_call_cut_by_a_crash_is_recorded_up_to_when_it_was_last_seen(data_dir: Path, store: Store) -> None:
    referral = refer(store)
    noted = in_progress(referral)
    store.close()
    # Another process notes the call and dies without a word, as the station does in a power cut.
    crash = f"""
import json, os, sys
from datetime import datetime
sys.path.insert(0, {str(ROOT)!r})
from station import call_journal
from station.store import Store
store = Store.open({str(data_dir)!r}, "admin", {ADMIN_PASSWORD!r})
call_journal.note(store, json.loads({json.dumps(json.dumps(noted))}),
                  seen_at=datetime.fromisoformat({iso(T0 + timedelta(seconds=200))!r}))
os._exit(9)
"""
    assert subprocess.run([sys.executable, "-c", crash], timeout=60).returncode == 9
    again = Store.open(data_dir, "admin", ADMIN_PASSWORD)
    try:
        assert call_journal.pending(again)["id"] == noted["id"]
        call = call_journal.recover(again)
        assert isinstance(call, Call) and call.id == noted["id"]
        assert (call.outcome, call.ended_by, call.duration_seconds) == ("completed", None, 191)
        assert call.ended_at == iso(T0 + timedelta(seconds=200)) and call.audio_only and call.quality == "audio_only"
        assert call.started_by == "nasreen"  # who made the call, not who signed in after the cut
        assert again.conn.execute("SELECT count(*) FROM outbox WHERE record_id = ?", (call.id,)).fetchone()[0] == 1
        assert call_journal.pending(again) is None and call_journal.recover(again) is None
    finally:
        again.close()


def test_a_call_that_had_not_connected_is_recorded_as_failed(store: Store) -> None:
    referral = refer(store)
    call_journal.note(store, in_progress(referral, connected=False), seen_at=T0 + timedelta(seconds=40))
    call = call_journal.recover(store)
    assert call is not None and (call.outcome, call.connected_at, call.duration_seconds) == ("failed", None, None)


def test_a_call_that_ended_normally_leaves_no_note_behind(store: Store) -> None:
    referral = refer(store)
    noted = in_progress(referral)
    call_journal.note(store, noted)
    ended = {**noted, "ended_at": iso(T0 + timedelta(seconds=100)), "ended_by": "specialist",
             "outcome": "completed"}
    calls.record(store, ended)
    assert call_journal.pending(store) is None
    assert call_journal.recover(store) is None
    assert [c.ended_by for c in calls.for_referral(store, referral.id)] == ["specialist"]


def test_a_note_for_another_call_is_kept_when_a_call_is_recorded(store: Store) -> None:
    referral = refer(store)
    call_journal.note(store, in_progress(referral))
    calls.record(store, {**in_progress(referral), "ended_at": iso(T0 + timedelta(seconds=50)),
                         "outcome": "completed"})
    assert call_journal.pending(store) is not None


def test_a_note_that_can_no_longer_be_recorded_is_dropped_and_says_why(store: Store) -> None:
    referral = refer(store)
    call_journal.note(store, in_progress(referral, referral_id=uuid7()), seen_at=T0 + timedelta(seconds=60))
    with pytest.raises(NotFound):
        call_journal.recover(store)
    assert call_journal.pending(store) is None  # the next sign-in is not blocked by it


def test_a_call_in_progress_must_be_named(store: Store) -> None:
    referral = refer(store)
    with pytest.raises(ValidationError) as refused:
        call_journal.note(store, in_progress(referral, id=None))
    assert refused.value.field == "id"


def test_the_note_holds_no_names(store: Store) -> None:
    referral = refer(store, "Canary Gulnaz")
    call_journal.note(store, in_progress(referral))
    # Records are named by id only; the names stay in their own rows.
    assert "Canary" not in store.meta(calls.IN_PROGRESS_KEY)


def test_a_call_still_being_ended_is_left_for_its_own_record(store: Store) -> None:
    """Locked mid-call, signed back in before the hang-up finished: the note is that call's, not a crash's."""
    referral = refer(store)
    noted = in_progress(referral)
    call_journal.note(store, noted, seen_at=T0 + timedelta(seconds=30))
    assert call_journal.recover(store, still_running=frozenset({noted["id"]})) is None
    ended = {**noted, "ended_at": iso(T0 + timedelta(seconds=80)), "ended_by": "station", "outcome": "completed"}
    call = calls.record(store, ended)
    assert (call.ended_by, call.duration_seconds) == ("station", 71)
    assert call_journal.pending(store) is None
