"""The station's identity at the hub: an Ed25519 key made at enrollment, kept in the encrypted database.

The key is written to the database *before* the hub is asked to accept it: the one-time code
works once, so a key the hub accepted must never be lost to a crash or a cut connection.

The station names itself in its records by the id it made at setup (`store.station_id`); the
hub knows it by the id `telehub station add` gave it (`Identity.station_id`). The engine swaps
one for the other at the wire (see sync.engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from station.errors import Conflict, NotFound, StationError, ValidationError
from station.store import Store
from sync.wire.ids import utc_iso
from sync.wire.signing import public_key_b64


@dataclass(frozen=True)
class Identity:
    """Who this station is at the hub, and the key it signs with."""

    hub_url: str
    station_id: str | None  # None until the hub has accepted the key
    private_key: Ed25519PrivateKey
    public_key: str
    enrolled_at: str | None

    @property
    def enrolled(self) -> bool:
        return self.station_id is not None


class NotEnrolled(StationError):
    exit_code = 9


def check_hub_url(url: str) -> str:
    """A hub address as people type it, cleaned; ValidationError naming --hub otherwise."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError("hub", f"Hub address: give it as https://name-or-address[:port], not {url!r}.")
    if parts.query or parts.fragment:
        raise ValidationError("hub", "Hub address: leave out anything after '?' or '#'.")
    return url


def load(store: Store) -> Identity | None:
    """The station's identity, or None if it has never started enrolling."""
    row = store.conn.execute(
        "SELECT hub_url, hub_station_id, private_key, public_key, enrolled_at FROM sync_identity WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    key = Ed25519PrivateKey.from_private_bytes(bytes(row[2]))
    return Identity(hub_url=row[0], station_id=row[1], private_key=key, public_key=row[3], enrolled_at=row[4])


def is_enrolled(store: Store) -> bool:
    """Whether the station is connected to a hub (read without touching its private key)."""
    if not store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_identity'").fetchone():
        return False
    return store.conn.execute("SELECT 1 FROM sync_identity WHERE hub_station_id IS NOT NULL").fetchone() is not None


def require(store: Store) -> Identity:
    """The enrolled identity, or NotEnrolled with what to do."""
    identity = load(store)
    if identity is None or not identity.enrolled:
        raise NotEnrolled(
            "This station is not connected to a hub yet. An administrator must run "
            "'telestation enroll' with the code from the hub administrator."
        )
    return identity


def prepare(store: Store, hub_url: str) -> Identity:
    """Make (or reuse) the key for enrolling with `hub_url`, saved before anything is sent."""
    store.require_role("admin")
    hub_url = check_hub_url(hub_url)
    current = load(store)
    if current is not None and current.enrolled:
        raise Conflict(
            f"This station is already enrolled with the hub at {current.hub_url} "
            f"(station id {current.station_id}). It cannot be enrolled twice."
        )
    if current is not None:
        # A key saved by an earlier attempt is kept: the hub may have accepted it already.
        if current.hub_url != hub_url:
            with store.atomic():
                store.conn.execute("UPDATE sync_identity SET hub_url = ? WHERE id = 1", (hub_url,))
                store.audit("sync.enroll.retarget", "station", store.station_id, {"hub": hub_url})
            return load(store)  # type: ignore[return-value]
        return current
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = public_key_b64(key)
    with store.atomic():
        store.conn.execute(
            "INSERT INTO sync_identity (id, hub_url, private_key, public_key, created_at) VALUES (1, ?, ?, ?, ?)",
            (hub_url, raw, public, utc_iso()),
        )
        store.audit("sync.key.create", "station", store.station_id, {"public_key": public})
    return load(store)  # type: ignore[return-value]


def record_enrollment(store: Store, station_id: str) -> Identity:
    """The hub accepted the key as station `station_id`."""
    with store.atomic():
        updated = store.conn.execute(
            "UPDATE sync_identity SET hub_station_id = ?, enrolled_at = ?, enrolled_by = ? "
            "WHERE id = 1 AND hub_station_id IS NULL",
            (station_id, utc_iso(), store.user.username),
        ).rowcount
        if updated != 1:
            raise NotFound("No enrollment was in progress on this station.")
        store.audit("sync.enroll", "station", store.station_id, {"hub_station_id": station_id})
    return require(store)
