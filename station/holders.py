"""Who at the hub answers a referral: the specialist's name and PMDC registration number, as the
hub last said (the patient may ask who advises them). Arrives with the pull; never sent back."""

from __future__ import annotations

from dataclasses import dataclass

from station.store import Store


@dataclass(frozen=True)
class Holder:
    referral_id: str
    name: str | None  # None: nobody holds it now (it waits for the specialty)
    registration_number: str | None
    specialty: str | None
    since: str | None


def holder(store: Store, referral_id: str) -> Holder | None:
    """The holder as last heard from the hub, or None when the hub never said."""
    row = store.conn.execute(
        "SELECT holder_name, registration_number, specialty, since FROM referral_holders WHERE referral_id = ?",
        (referral_id,)).fetchone()
    return None if row is None else Holder(referral_id, row[0], row[1], row[2], row[3])


def save_from_hub(store: Store, referral_id: str, name: str | None, registration_number: str | None,
                  specialty: str | None, since: str | None, updated_at: str) -> bool:
    """Keep the hub's word on who holds `referral_id` (a newer word wins); True if it changed."""
    row = store.conn.execute("SELECT updated_at FROM referral_holders WHERE referral_id = ?",
                             (referral_id,)).fetchone()
    if row is not None and row[0] >= updated_at:
        return False
    store.conn.execute(
        "INSERT INTO referral_holders (referral_id, holder_name, registration_number, specialty, since, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (referral_id) DO UPDATE SET holder_name = excluded.holder_name, "
        "registration_number = excluded.registration_number, specialty = excluded.specialty, "
        "since = excluded.since, updated_at = excluded.updated_at",
        (referral_id, name, registration_number, specialty, since, updated_at))
    store.note_changed("referrals", referral_id)
    return True
