"""The open station: one encrypted connection, one user, transactions that write the
record, its outbox change and its audit entry together.

Like Anki's collection, this object knows nothing of Qt. Views subscribe with
`store.on_changes.append(fn)`; after every commit fn receives the set of (entity, id) that
changed, and each view refreshes only if it cares.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from station import audit, disk, migrations
from station.db import DB_FILE, check_file, connect, wrap
from station.errors import (
    DamagedDatabase,
    DiskFull,
    KeyFileDamaged,
    NotFound,
    PermissionDenied,
    WrongPassword,
)
from station.keyslots import KdfParams, KeySlots
from station.records import Record, Station, User, class_cache
from station.sqlite import DatabaseError, dbapi, sqlite_utils
from sync.wire.ids import HybridClock, utc_iso, uuid7

log = logging.getLogger("station.store")
R = TypeVar("R", bound=Record)
SEALED_META = "keyslots_sealed"  # "1" once the key file carries its seals: an unsealed one is refused
Listener = Callable[["ChangeSet"], None]


@dataclass
class ChangeSet:
    """What one committed transaction changed: {(table, record_id)}."""

    changed: set[tuple[str, str]] = field(default_factory=set)
    # Who made them: "local" (a person at this station) or "sync" (applied from the hub's answers),
    # so the sync engine is woken by local changes only.
    source: str = "local"

    def tables(self) -> set[str]:
        return {t for t, _ in self.changed}


class WriteInQuery(RuntimeError):
    """Code run as a read (Store.read_only) tried to write: a programming error, never a person's."""


class Store:
    """An unlocked station database, acting as one signed-in user."""

    def __init__(self, data_dir: Path, conn: dbapi.Connection, slots: KeySlots, user: User,
                 db_key: bytes, station_id: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.conn = conn
        self.db: sqlite_utils.Database = wrap(conn)
        self.slots = slots
        self.user = user
        self._db_key = db_key
        # The database's own record of whose station it is; the key file's must agree (checked on opening).
        self.station_id = station_id or _meta(conn, "station_id") or slots.station_id
        self.clock = HybridClock(self.station_id, self.meta("hlc_last"))
        self.on_changes: list[Listener] = []
        self._pending: ChangeSet | None = None
        self._depth = 0
        self._read_only = False

    # -- opening --------------------------------------------------------------------------
    @classmethod
    def create(cls, data_dir: Path, clinic: str, district: str, admin: str, password: str,
               full_name: str = "", kdf: KdfParams | None = None,
               confirm: Callable[[str], None] | None = None) -> tuple[Store, str]:
        """Make a new station; return it open as the admin, and the recovery key (show it once).

        The station is built in a folder beside `data_dir` and renamed into place whole, after
        `confirm(recovery_key)` returned (the command line shows the key there and asks): an
        interrupted set-up leaves no station at all, and `init` can simply be run again.
        """
        from station import setup

        db_key, recovery = setup.create_station(Path(data_dir), clinic, district, admin, password,
                                                full_name, kdf, confirm)
        slots = KeySlots.load(Path(data_dir))
        slots.seal(db_key)
        return cls._open_with_key(Path(data_dir), slots, db_key, admin), recovery

    @classmethod
    def open(cls, data_dir: Path, username: str, password: str) -> Store:
        from station import pending_slots

        slots = KeySlots.load(Path(data_dir))
        pending = KeySlots.load_pending(Path(data_dir))
        db_key = slots.unlock(username, password, pending=pending)
        try:
            store = cls._open_with_key(Path(data_dir), slots, db_key, username)
        except pending_slots.NotAdded:
            raise WrongPassword("Wrong username or password. Check both and try again.") from None
        try:
            # Audited first, then forgotten: a full disk between the two repeats an entry, never loses one.
            store.audit_login(list(store.slots.data["pending_audit"]))
            store.slots.clear_failures(username)
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_with_recovery_key(cls, data_dir: Path, recovery_key: str) -> Store:
        """Open as the first active admin; used only to set a forgotten admin password.

        Works on a damaged key file while its recovery slot is sound: the next save (the new
        password) writes it whole and sealed again.
        """
        slots = KeySlots.load(Path(data_dir), for_recovery=True)
        db_key = slots.unlock_with_recovery(recovery_key)
        conn = cls._connect(Path(data_dir), db_key)
        try:
            row = conn.execute(
                "SELECT username FROM users WHERE role = 'admin' AND active = 1 ORDER BY created_at LIMIT 1"
            ).fetchone()
            station_id = _meta(conn, "station_id")
        except DatabaseError as exc:
            raise disk.explain(exc, Path(data_dir) / DB_FILE, db_key) or exc from exc
        finally:
            conn.close()
        if row is None:
            raise NotFound("This station has no active administrator to recover.")
        if slots.damage and station_id:
            slots.data["station_id"] = station_id  # the database says whose station this is
        return cls._open_with_key(Path(data_dir), slots, db_key, row[0], repairing=bool(slots.damage))

    @classmethod
    def _connect(cls, data_dir: Path, db_key: bytes) -> dbapi.Connection:
        path = data_dir / DB_FILE
        if not path.exists():
            raise DamagedDatabase(
                f"The station database {path} is missing although its key file is there. "
                "Restore the data folder from a backup.")
        check_file(path)
        return connect(path, db_key)

    @classmethod
    def _open_with_key(cls, data_dir: Path, slots: KeySlots, db_key: bytes, username: str,
                       repairing: bool = False) -> Store:
        from station import pending_slots

        conn = cls._connect(data_dir, db_key)
        try:
            migrations.migrate(conn)
            slots = pending_slots.settle(conn, data_dir, slots, db_key, username)
            station_id = _check_station(conn, data_dir, slots, repairing)
            row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
            if row is None:
                raise DamagedDatabase(f"User '{username}' has a key but no account in the database.")
            cols = [d[0] for d in conn.execute("SELECT * FROM users LIMIT 0").description]
            user = User.from_row(dict(zip(cols, row, strict=True)))
            if not user.active:
                raise PermissionDenied(f"The account '{username}' has been switched off. Ask your administrator.")
            store = cls(data_dir, conn, slots, user, db_key, station_id=station_id)
            if slots.is_legacy and not repairing:
                store.upgrade_key_file()
            return store
        except migrations.NewerSchema as exc:
            conn.close()
            raise DamagedDatabase(str(exc)) from exc
        except DatabaseError as exc:
            conn.close()
            raise disk.explain(exc, data_dir / DB_FILE, db_key) or exc from exc
        except BaseException:
            conn.close()
            raise

    def upgrade_key_file(self) -> None:
        """Seal a key file written before seals existed, and note in the database that it is sealed
        (so an unsealed file is refused from then on). On a full disk it waits for the next open."""
        try:
            self.slots.seal(self._db_key)
            self.slots.save()
            with self.atomic():
                self.set_meta(SEALED_META, "1")
        except (OSError, DiskFull):
            log.warning("the key file could not be sealed yet (disk full)")

    def opener(self) -> Callable[[], Store]:
        """A function that opens another Store on this unlocked station, as the same user, on the
        thread that calls it (a connection belongs to its thread: one per thread). Call this on the
        thread that owns this store; the function keeps the key until it is dropped."""
        data_dir, slots, db_key, username = self.data_dir, self.slots, self._db_key, self.user.username
        if not db_key:
            raise RuntimeError("this store is closed")

        def open_another() -> Store:
            return Store._open_with_key(data_dir, slots, db_key, username)

        return open_another

    def audit_login(self, failed: list[dict[str, Any]]) -> None:
        with self.atomic():
            for attempt in failed:
                self.audit("login.failed", "user", attempt["username"],
                           {"at": attempt["at"]}, username=attempt["username"])
            self.audit("login.ok", "user", self.user.id)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        # Drop our reference to the key; SQLCipher wipes its own copy (cipher_memory_security).
        self._db_key = b""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db_key(self) -> bytes:
        return self._db_key

    # -- transactions ---------------------------------------------------------------------
    @contextlib.contextmanager
    def read_only(self) -> Iterator[None]:
        """Reads only: a transaction raises WriteInQuery, and SQLite itself refuses any write made
        past the store (`PRAGMA query_only`), so a read can never change the station unseen."""
        if self._depth or self._read_only:
            raise RuntimeError("read_only() cannot start inside a transaction or another read_only()")
        self.conn.execute("PRAGMA query_only = ON")
        self._read_only = True
        try:
            yield
        finally:
            self._read_only = False
            self.conn.execute("PRAGMA query_only = OFF")

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """A transaction that nests (savepoints) and rolls back on any exception.

        A disk that is full or failing is told as such (station.disk), never as damage.
        """
        if self._read_only:
            raise WriteInQuery("This code only reads (a query) but tried to write to the station. "
                               "Run it as a write (CollectionOp) instead.")
        outer = self._depth == 0
        if outer:
            self._execute_named("BEGIN IMMEDIATE")
            # One clock per database: another Store (the sync thread's, another process's) may have
            # committed since; move past its value under the write lock before issuing any.
            try:
                stored = self.meta("hlc_last")
                if stored:
                    self.clock.observe(stored)
            except BaseException as exc:  # the lock is not kept when the clock cannot be read
                self._rollback_quietly()
                if isinstance(exc, DatabaseError):
                    raise self._explained(exc) from exc
                raise
            self._pending = ChangeSet()
        else:
            self.conn.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            self._depth -= 1
            if outer:
                self._pending = None
                if self.conn.in_transaction:
                    self._rollback_quietly()
                if isinstance(exc, DatabaseError):
                    raise self._explained(exc) from exc
            else:
                self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                self.conn.execute(f"RELEASE sp{self._depth}")
            raise
        self._depth -= 1
        if not outer:
            self.conn.execute(f"RELEASE sp{self._depth}")
            return
        try:
            self.set_meta("hlc_last", self.clock.last)
            self._execute_named("COMMIT")
        except BaseException:
            self._pending = None
            if self.conn.in_transaction:
                self._rollback_quietly()
            raise
        changes, self._pending = self._pending, None
        if changes and changes.changed:
            for listener in list(self.on_changes):
                listener(changes)

    def _execute_named(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except DatabaseError as exc:
            raise self._explained(exc) from exc

    def _explained(self, exc: DatabaseError) -> BaseException:
        return disk.explain(exc, self.data_dir / DB_FILE, self._db_key) or exc

    def _rollback_quietly(self) -> None:
        with contextlib.suppress(DatabaseError):  # SQLite already rolled back (a full disk at COMMIT does)
            self.conn.execute("ROLLBACK")

    def _require_tx(self) -> ChangeSet:
        if self._pending is None:
            raise RuntimeError("writes must happen inside store.atomic()")
        return self._pending

    # -- meta -----------------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    def station(self) -> Station:
        return Station(id=self.station_id, clinic=self.meta("clinic") or "", district=self.meta("district") or "",
                       hub_url=self.meta("hub_url"), enrolled_at=self.meta("enrolled_at"))

    def update_station(self, clinic: str, district: str) -> Station:
        """Rename the clinic or correct its district (admins only)."""
        from station.errors import ValidationError

        self.require_role("admin")
        clinic, district = " ".join(clinic.split()), " ".join(district.split())
        if not 2 <= len(clinic) <= 100:
            raise ValidationError("clinic", "Clinic name: enter 2 to 100 characters.")
        if len(district) > 100:
            raise ValidationError("district", "District: at most 100 characters.")
        with self.atomic():
            self.set_meta("clinic", clinic)
            self.set_meta("district", district)
            self.audit("station.update", "station", self.station_id)
        self.slots.data["clinic"] = clinic
        self.slots.save()
        return self.station()

    # -- records --------------------------------------------------------------------------
    def insert(self, record: R) -> R:
        """Save a new record: id, clock and version set here; outbox and audit in the same transaction."""
        with self.atomic():
            record.id = record.id or uuid7()
            record.station_id = record.station_id or self.station_id
            record.created_at = record.created_at or utc_iso()
            record.updated_at = self.clock.now()
            record.version = 1
            row = record.to_row()
            self.conn.execute(_insert_sql(type(record)), list(row.values()))
            self._after_write(record, "create")
        return record

    def update(self, record: R, expected_version: int | None = None) -> R:
        """Save a changed record; refuses if someone else saved it since it was read."""
        from station.errors import Conflict

        with self.atomic():
            row = self.conn.execute(f"SELECT version FROM {record.table} WHERE id = ?", (record.id,)).fetchone()
            if row is None:
                raise NotFound(f"The {record.entity or record.table} record {record.id} does not exist.")
            expected = record.version if expected_version is None else expected_version
            if row[0] != expected:
                raise Conflict("This record was changed by someone else since you opened it. "
                               "Reopen it to see their change, then make yours again.")
            record.updated_at = self.clock.now()
            record.version = row[0] + 1
            values = record.to_row()
            values.pop("id")
            self.conn.execute(_update_sql(type(record)), [*values.values(), record.id])
            self._after_write(record, "update")
        return record

    def put_remote(self, record: R) -> None:
        """Apply a record received from the hub (no outbox entry: it came from there)."""
        with self.atomic():
            self.clock.observe(record.updated_at)
            row = record.to_row()
            self.conn.execute(_insert_sql(type(record), upsert=True), list(row.values()))
            self._require_tx().changed.add((record.table, record.id))
            self.audit("sync.receive", record.entity, record.id)

    def remove_remote(self, cls: type[Record], record_id: str) -> bool:
        """Delete a record the hub withdrew (it wrote it; nothing goes back). True if it was here."""
        with self.atomic():
            gone = self.conn.execute(f"DELETE FROM {cls.table} WHERE id = ?", (record_id,)).rowcount
            self._require_tx().changed.add((cls.table, record_id))
            self.audit("sync.withdrawn", cls.entity, record_id)
        return bool(gone)

    def outbox_counts(self) -> dict[str, int]:
        """Changes by state (pending, sent, acked, rejected), zeros included: what waits for the hub."""
        found = dict(self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
        return {state: int(found.get(state, 0)) for state in ("pending", "sent", "acked", "rejected")}

    def update_local(self, record: Record, **fields: Any) -> None:
        """Change fields only this station keeps on a record it does not send (who read the advice, when).

        No outbox entry and no new version; the change set still says what changed, so views refresh.
        """
        unknown = set(fields) - set(_columns(type(record)))
        if unknown or not fields:
            raise ValueError(f"not columns of {record.table}: {sorted(unknown)}")
        with self.atomic():
            assignments = ", ".join(f"{name} = ?" for name in fields)
            self.conn.execute(f"UPDATE {record.table} SET {assignments} WHERE id = ?", [*fields.values(), record.id])
            for name, value in fields.items():
                setattr(record, name, value)
            self._require_tx().changed.add((record.table, record.id))

    def note_changed(self, table: str, record_id: str) -> None:
        """Say that this transaction changed a row outside the records (so views refresh)."""
        self._require_tx().changed.add((table, record_id))

    def _after_write(self, record: Record, verb: str) -> None:
        if record.entity and record.travels():
            self._outbox(record)
        self.audit(f"{record.table}.{verb}", record.entity or record.table, record.id,
                   {"version": record.version})
        self._require_tx().changed.add((record.table, record.id))

    def _outbox(self, record: Record) -> None:
        self.conn.execute(
            "INSERT INTO outbox (change_id, entity, record_id, version, hlc, payload, created_at, state, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0)",
            (uuid7(), record.entity, record.id, record.version, record.updated_at,
             json.dumps(record.payload(), ensure_ascii=False, sort_keys=True), utc_iso()))

    def get(self, cls: type[R], record_id: str) -> R:
        rows = self.find(cls, "id = ?", [record_id])
        if not rows:
            raise NotFound(f"No {cls.entity or cls.table} with id {record_id}.")
        return rows[0]

    def find(self, cls: type[R], where: str | None = None, args: list[Any] | None = None,
             order_by: str | None = None, limit: int | None = None) -> list[R]:
        names = _columns(cls)
        sql = f"SELECT {', '.join(names)} FROM {cls.table}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [cls.from_row(dict(zip(names, row, strict=True))) for row in self.conn.execute(sql, args or [])]

    # -- audit ----------------------------------------------------------------------------
    def audit(self, action: str, entity: str, record_id: str, detail: dict[str, Any] | None = None,
              username: str | None = None) -> None:
        with self.atomic():
            audit.append(self.conn, username or self.user.username, action, entity, record_id, detail or {})

    def require_role(self, *roles: str) -> None:
        if self.user.role not in roles:
            allowed = " or ".join(r.replace("_", " ") for r in roles)
            article = "an" if allowed[0] in "aeiou" else "a"
            raise PermissionDenied(f"Only {article} {allowed} can do this. You are signed in as "
                                   f"'{self.user.username}' ({self.user.role.replace('_', ' ')}).")

    def next_mrn(self) -> str:
        number = int(self.meta("mrn_next") or "1")
        while True:
            mrn = f"{number:06d}"
            self.set_meta("mrn_next", str(number + 1))
            if not self.conn.execute("SELECT 1 FROM patients WHERE mrn = ?", (mrn,)).fetchone():
                return mrn
            number += 1



# Statements are built once per record class: sqlite-utils would introspect the table on every call.
@class_cache
def _columns(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@class_cache
def _insert_sql(cls: type[Record], upsert: bool = False) -> str:
    names = _columns(cls)
    sql = f"INSERT INTO {cls.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    if upsert:
        # Not INSERT OR REPLACE: that deletes the old row first, and the delete makes SQLite check
        # every table that refers to this one (a scan of a million encounters where unindexed).
        sql += f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names if n != 'id')}"
    return sql


@class_cache
def _update_sql(cls: type[Record]) -> str:
    # The id is never assigned: assigning a key column, even to its own value, makes SQLite check
    # every foreign key that points at it (full scans of the referring tables).
    return f"UPDATE {cls.table} SET {', '.join(f'{n} = ?' for n in _columns(cls) if n != 'id')} WHERE id = ?"


def _meta(conn: dbapi.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def _check_station(conn: dbapi.Connection, data_dir: Path, slots: KeySlots, repairing: bool) -> str:
    """The database's station id; refuses a key file made for another station, or one whose seals
    were taken off after this station sealed it."""
    station_id = _meta(conn, "station_id")
    if station_id and station_id != slots.station_id and not repairing:
        raise KeyFileDamaged(
            f"The key file {data_dir / 'keyslots.json'} belongs to another station ({slots.station_id}) than the "
            f"database ({station_id}): restore this station's keyslots.json from a backup or use the recovery key "
            "('telestation recover').")
    if slots.is_legacy and _meta(conn, SEALED_META) == "1" and not repairing:
        raise KeyFileDamaged(
            f"The key file is damaged: restore keyslots.json from a backup or use the recovery key ('telestation "
            f"recover'). ({data_dir / 'keyslots.json'}: its seals were removed.)")
    return station_id or slots.station_id
