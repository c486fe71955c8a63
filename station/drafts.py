"""Work in progress: a consultation or registration being typed, kept so nothing typed is lost.

The screens hand their whole state here every few seconds and whenever the person leaves the
page, closes the window or the station locks. A kept draft is offered back at the next sign-in
until it is saved (the screen then drops it) or discarded. These rows never enter the outbox:
the hub sees a consultation only when someone saves or signs it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from station.errors import ValidationError
from station.store import Store
from sync.wire.ids import utc_iso

KINDS = ("consultation", "registration")


@dataclass(frozen=True)
class WorkDraft:
    """What was being typed, by whom, for which patient, since when."""

    id: str
    kind: str
    username: str
    patient_id: str | None
    encounter_id: str | None
    label: str
    started_at: str
    saved_at: str
    state: dict[str, Any]


def draft_id(kind: str, patient_id: str | None, encounter_id: str | None) -> str:
    """One draft per thing being typed: a new consultation of a patient, a saved draft, a registration."""
    return f"{kind}:{patient_id or 'new'}:{encounter_id or 'new'}"


def keep(store: Store, kind: str, patient_id: str | None, encounter_id: str | None, label: str,
         state: dict[str, Any]) -> WorkDraft:
    """Save (or replace) the draft of what the signed-in person is typing."""
    if kind not in KINDS:
        raise ValidationError("kind", f"Draft kind: one of {', '.join(KINDS)}.")
    key = draft_id(kind, patient_id, encounter_id)
    now = utc_iso()
    with store.atomic():
        store.conn.execute(
            "INSERT INTO work_drafts (id, kind, username, patient_id, encounter_id, label, started_at, saved_at, state) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET username = excluded.username, "
            "label = excluded.label, saved_at = excluded.saved_at, state = excluded.state",
            (key, kind, store.user.username, patient_id, encounter_id, label[:200], now, now,
             json.dumps(state, ensure_ascii=False, sort_keys=True)))
        # Not announced as a change: it is written every few seconds while someone types, and must
        # not wake the sync engine or redraw other screens each time.
    return get(store, key)  # type: ignore[return-value]


def get(store: Store, key: str) -> WorkDraft | None:
    row = store.conn.execute(
        "SELECT id, kind, username, patient_id, encounter_id, label, started_at, saved_at, state "
        "FROM work_drafts WHERE id = ?", (key,)).fetchone()
    return _draft(row) if row else None


def find(store: Store, kind: str, patient_id: str | None, encounter_id: str | None) -> WorkDraft | None:
    return get(store, draft_id(kind, patient_id, encounter_id))


def waiting(store: Store, username: str | None = None) -> list[WorkDraft]:
    """Drafts to offer back at sign-in, newest first (the signed-in person's own by default)."""
    rows = store.conn.execute(
        "SELECT id, kind, username, patient_id, encounter_id, label, started_at, saved_at, state "
        "FROM work_drafts WHERE username = ? ORDER BY saved_at DESC", (username or store.user.username,))
    return [_draft(r) for r in rows]


def discard(store: Store, key: str) -> None:
    """Drop a draft (it was saved, or the person chose to throw it away)."""
    with store.atomic():
        if store.conn.execute("DELETE FROM work_drafts WHERE id = ?", (key,)).rowcount:
            store._require_tx().changed.add(("work_drafts", key))


def _draft(row: Any) -> WorkDraft:
    return WorkDraft(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], json.loads(row[8]))
