"""Follow-ups that come back: visits due today or overdue, the calls made about them, who missed one.

A consultation's follow-up date says when the patient should return. It is due from that day
until the patient comes back (a newer consultation, or "came" recorded), and overdue after it.
The clinic phones those who have not come and records the outcome: came / called / not reachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station.errors import ValidationError
from station.records import Patient
from station.store import Store
from sync.wire.ids import utc_iso, uuid7

OUTCOMES = ("came", "called", "not_reachable")

# Latest consultations (not corrected since) with a follow-up date on or before the day asked,
# whose patient has not been seen since and was not recorded as having come.
_DUE = """
SELECT e.id, e.patient_id, e.follow_up_date, e.started_at FROM encounters e
WHERE e.follow_up_date IS NOT NULL AND e.follow_up_date <= ?
  AND NOT EXISTS (SELECT 1 FROM encounters c WHERE c.supersedes = e.id)
  AND NOT EXISTS (SELECT 1 FROM encounters later WHERE later.patient_id = e.patient_id
                  AND later.supersedes IS NULL AND later.started_at > e.started_at)
  AND NOT EXISTS (SELECT 1 FROM follow_up_calls f WHERE f.encounter_id = e.id AND f.outcome = 'came')
"""


@dataclass(frozen=True)
class CallRecord:
    outcome: str
    note: str
    recorded_by: str
    recorded_at: str


@dataclass(frozen=True)
class FollowUp:
    """One visit due: the consultation that asked for it, the patient, the day, what was tried."""

    encounter_id: str
    patient: Patient
    due_date: str
    last_call: CallRecord | None

    def days_overdue(self, today: date | None = None) -> int:
        return ((today or date.today()) - date.fromisoformat(self.due_date)).days


def due(store: Store, today: date | None = None, limit: int = 200) -> list[FollowUp]:
    """Visits due today and overdue, the longest overdue first."""
    day = (today or date.today()).isoformat()
    rows = store.conn.execute(_DUE + " ORDER BY e.follow_up_date, e.started_at LIMIT ?", (day, limit)).fetchall()
    ids = list({r[1] for r in rows})
    people = {p.id: p for p in store.find(Patient, f"id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return [FollowUp(r[0], people[r[1]], r[2], last_call(store, r[0])) for r in rows if r[1] in people]


def missed(store: Store, patient_ids: list[str], today: date | None = None) -> dict[str, str]:
    """{patient id: the follow-up date they missed} among `patient_ids` (due before today, not come)."""
    if not patient_ids:
        return {}
    day = (today or date.today()).isoformat()
    marks = ",".join("?" * len(patient_ids))
    rows = store.conn.execute(
        _DUE.replace("e.follow_up_date <= ?", "e.follow_up_date < ?") + f" AND e.patient_id IN ({marks})",
        (day, *patient_ids)).fetchall()
    found: dict[str, str] = {}
    for _id, patient_id, due_date, _started in rows:
        found[patient_id] = min(due_date, found.get(patient_id, due_date))
    return found


def last_call(store: Store, encounter_id: str) -> CallRecord | None:
    row = store.conn.execute(
        "SELECT outcome, note, recorded_by, recorded_at FROM follow_up_calls WHERE encounter_id = ? "
        "ORDER BY recorded_at DESC, rowid DESC LIMIT 1", (encounter_id,)).fetchone()
    return CallRecord(*row) if row else None


def record(store: Store, encounter_id: str, outcome: str, note: str = "") -> CallRecord:
    """Record what happened: the patient came, was called (and told to come), or could not be reached."""
    if outcome not in OUTCOMES:
        raise ValidationError("outcome", "Follow-up: choose came, called or not reachable.")
    note = " ".join(str(note or "").split())[:500]
    row = store.conn.execute("SELECT patient_id, follow_up_date FROM encounters WHERE id = ?",
                             (encounter_id,)).fetchone()
    if row is None or row[1] is None:
        raise ValidationError("encounter", "Follow-up: this consultation asked for no follow-up visit.")
    now = utc_iso()
    with store.atomic():
        store.conn.execute(
            "INSERT INTO follow_up_calls (id, encounter_id, patient_id, due_date, outcome, note, recorded_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid7(), encounter_id, row[0], row[1], outcome, note, store.user.username, now))
        store.audit(f"follow_up.{outcome}", "encounter", encounter_id, {"due": row[1]})
        store._require_tx().changed.add(("follow_up_calls", encounter_id))
    return CallRecord(outcome, note, store.user.username, now)
