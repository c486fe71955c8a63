"""The sync bar's figures (sync.status.glance) say the same as the outbox they are read from."""

from __future__ import annotations

from station import patients
from station.store import Store
from sync import status

FIELDS = {"name": "Aslam", "father_name": "Karim", "sex": "male", "village": "Jhok", "district": "Thatta",
          "estimated_age_years": 40}


def test_records_the_hub_acknowledged_count_as_synced_even_before_a_whole_sync_succeeded(store: Store) -> None:
    patients.register(store, FIELDS, confirmed_new=True)
    assert status.glance(store).last_success is None  # nothing has reached the hub
    # A sync whose push was acknowledged but which then failed (a photo refused, the pull cut off)
    # stores no "last success": the acknowledged records still reached the hub at that time.
    with store.atomic():
        store.conn.execute("UPDATE outbox SET state = 'acked', acked_at = '2026-12-01T09:30:00.000Z'")
    now = status.glance(store)
    assert (now.waiting, now.last_success) == (0, "2026-12-01T09:30:00.000Z")
    # A whole sync that succeeded is the time said from then on.
    with store.atomic():
        store.set_meta(status.LAST_SUCCESS, "2026-12-02T10:00:00.000Z")
    assert status.glance(store).last_success == "2026-12-02T10:00:00.000Z"
