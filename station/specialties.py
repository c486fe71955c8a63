"""The specialties a referral can go to: the hub's list as last received, or the built-in
defaults before the first sync, each with its English and Urdu name.

The hub sends its list with the pull (sync.apply); the referral form offers the active ones.
A referral stores the specialty's code, which stays the same when the hub renames it.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.store import Store
from sync.wire.specialties import DEFAULT_SPECIALTIES, default_code


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    name_ur: str
    active: bool = True

    def label(self, urdu: bool) -> str:
        return self.name_ur if urdu and self.name_ur else self.name


def _from_hub(store: Store) -> list[Choice]:
    rows = store.conn.execute("SELECT code, name, name_ur, active FROM hub_specialties").fetchall()
    return [Choice(r[0], r[1], r[2] or "", bool(r[3])) for r in rows]


def from_hub(store: Store) -> bool:
    """True once the hub's list has arrived (until then the built-in defaults are offered)."""
    return bool(store.conn.execute("SELECT 1 FROM hub_specialties LIMIT 1").fetchone())


def everything(store: Store) -> list[Choice]:
    """Every specialty known here, switched-off ones included (for naming older referrals)."""
    return _from_hub(store) or [Choice(d.code, d.name, d.name_ur) for d in DEFAULT_SPECIALTIES]


def by_code(store: Store) -> dict[str, Choice]:
    """Every specialty known here by its code, for naming referrals in lists."""
    return {c.code: c for c in everything(store)}


def offered(store: Store, urdu: bool = False) -> list[Choice]:
    """What the referral form offers: the active specialties, in the order of their shown name."""
    return sorted((c for c in everything(store) if c.active), key=lambda c: c.label(urdu).lower())


def find(store: Store, text: str, active_only: bool = True) -> Choice | None:
    """The specialty `text` names: its code, its English or Urdu name, or an older spelling."""
    value = (text or "").strip()
    if not value:
        return None
    choices = offered(store) if active_only else everything(store)
    for choice in choices:
        if value in (choice.code, choice.name, choice.name_ur) or value.lower() == choice.name.lower():
            return choice
    wanted = default_code(value)
    return next((c for c in choices if wanted in (c.code, default_code(c.name))), None)


def name_of(store: Store, value: str, urdu: bool = False) -> str:
    """How a referral's stored specialty (a code, or an older free-text name) is shown."""
    found = find(store, value, active_only=False)
    return found.label(urdu) if found else value


def save_from_hub(store: Store, code: str, name: str, name_ur: str, active: bool, updated_at: str) -> bool:
    """Keep one specialty of the hub's list (a newer copy wins); True if it changed anything."""
    row = store.conn.execute("SELECT updated_at FROM hub_specialties WHERE code = ?", (code,)).fetchone()
    if row is not None and row[0] >= updated_at:
        return False
    store.conn.execute(
        "INSERT INTO hub_specialties (code, name, name_ur, active, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_ur = excluded.name_ur, "
        "active = excluded.active, updated_at = excluded.updated_at",
        (code, name, name_ur, int(active), updated_at))
    store.note_changed("hub_specialties", code)
    return True
