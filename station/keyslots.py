"""Envelope encryption for the station database, in the spirit of LUKS key slots.

A random 256-bit database key opens the SQLCipher file. It is never stored in the clear:
each user has a slot holding the key wrapped (AES-256-GCM) by a key derived from that
user's password with Argon2id, and one more slot wraps it with the recovery key shown at
setup. The slots live in `keyslots.json` beside the database because they must be read
before the database can be opened. Failed logins are counted here too (the database is
still locked when they happen) and moved into the audit log at the next successful open.
The file's layout and its seals (damage told apart from a wrong password) are station.keyfile.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from station import keyfile
from station.errors import KeyFileDamaged, LockedOut, NotInitialized, WrongPassword
from station.files import atomic_write_bytes
from station.kdf import KdfParams
from station.keyfile import b64 as _b64
from station.keyfile import unb64 as _unb64

__all__ = ["PENDING_FILE", "SLOTS_FILE", "KdfParams", "KeySlots", "new_recovery_key"]

log = logging.getLogger("station.keyslots")
SLOTS_FILE = "keyslots.json"
# `user add` writes the new key file here first; the database commit decides whether it replaces
# keyslots.json (station.users.add, station.pending_slots).
PENDING_FILE = ".keyslots.pending.json"
FORMAT = keyfile.FORMAT
AAD_VERSION = 1  # the wraps did not change with the seals: old slots unwrap as they did
# Recovery keys are 25 symbols of Crockford-like base32 (125 bits), printed in groups of five.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
RECOVERY_GROUPS = 5
FREE_FAILURES = 3  # wrong passwords allowed before the growing delay starts
MAX_DELAY_S = 300.0
MAX_TRACKED_NAMES = 50  # unknown usernames tracked, so typos cannot grow the file without bound
# Failed sign-ins that could not be written (a full disk), kept for the life of the process so
# the growing wait still applies: {key file path: {username: {"count", "last"}}}.
_UNSAVED_FAILURES: dict[str, dict[str, dict[str, Any]]] = {}


def _aad(label: str) -> bytes:
    return f"telestation-slot:v{AAD_VERSION}:{label}".encode()


def _wrap(kek: bytes, db_key: bytes, label: str) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, db_key, _aad(label)))}


def _unwrap(kek: bytes, slot: dict[str, Any], label: str) -> bytes:
    return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), _aad(label))


def damaged(path: Path, reason: str, recoverable: bool = True) -> KeyFileDamaged:
    """The sentence a damaged key file is told with."""
    how = ("restore keyslots.json from a backup or use the recovery key ('telestation recover')"
           if recoverable else "restore keyslots.json from the latest backup")
    return KeyFileDamaged(f"The key file is damaged: {how}. ({path}: {reason}.)")


def new_recovery_key() -> str:
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5 * RECOVERY_GROUPS))
    return "-".join(symbols[i:i + 5] for i in range(0, len(symbols), 5))


def normalize_recovery_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    # The recovery key is high-entropy, so a fast KDF is enough; Argon2 protects passwords.
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"telestation-recovery")
    return hkdf.derive(normalize_recovery_key(recovery_key).encode())


def failure_delay(failures: int) -> float:
    """Seconds a user must wait after `failures` wrong passwords in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_S, 2.0 ** (failures - FREE_FAILURES + 1))


class KeySlots:
    """The key-slot file of one data folder."""

    def __init__(self, path: Path, data: dict[str, Any], damage: str | None = None) -> None:
        self.path = path
        self.data = data
        # Why the file failed its checks, when it was loaded for recovery anyway.
        self.damage = damage
        self._mac_key: bytes | None = None

    # -- file handling ------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path, *, for_recovery: bool = False) -> KeySlots:
        """Read and check the key file. Damage raises KeyFileDamaged, except `for_recovery`,
        where whatever the recovery key can still use is kept and `damage` says what was wrong."""
        path = Path(data_dir) / SLOTS_FILE
        if not path.exists():
            raise NotInitialized(
                f"No station has been set up in {data_dir}. Run 'telestation init' first, "
                "or check the data folder.")
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            text = "\ufffd"
        except OSError as exc:
            from station import disk

            raise disk.explain(exc, path, None) or exc from exc
        try:
            slots = cls(path, keyfile.parse(text))
        except keyfile.Malformed as exc:
            if not for_recovery:
                raise damaged(path, str(exc), recoverable=_recovery_readable(text)) from None
            slots = cls(path, _salvage(text, path, str(exc)), damage=str(exc))
        slots._merge_unsaved()
        return slots

    @classmethod
    def load_pending(cls, data_dir: Path) -> KeySlots | None:
        """The key file a `user add` wrote but had not yet put in place, if it is whole."""
        path = Path(data_dir) / PENDING_FILE
        try:
            return cls(path, keyfile.parse(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, keyfile.Malformed):
            return None

    @classmethod
    def create(cls, data_dir: Path, station_id: str, db_key: bytes | None = None) -> KeySlots:
        """A new key file (sealed with `db_key`, or at the first add_user)."""
        data = {"format": FORMAT, "station_id": station_id, "slots": {}, "recovery": None,
                "failures": {}, "pending_audit": [], "digest": "", "mac": ""}
        slots = cls(Path(data_dir) / SLOTS_FILE, data)
        if db_key is not None:
            slots.seal(db_key)
        return slots

    def seal(self, db_key: bytes) -> None:
        """From now on, saving seals the file with a key derived from `db_key` (upgrades old files)."""
        self._mac_key = keyfile.mac_key(db_key)

    @property
    def is_legacy(self) -> bool:
        return bool(self.data["format"] == keyfile.LEGACY_FORMAT)

    def text(self) -> str:
        data = copy.deepcopy(self.data)
        if self._mac_key is not None:
            data["format"] = FORMAT
            data.setdefault("digest", "")
            data.setdefault("mac", "")
            data["mac"] = keyfile.mac(data, self._mac_key)
        if data["format"] == FORMAT:
            data["digest"] = keyfile.digest(data)
        return json.dumps(data, indent=1, sort_keys=True)

    def save(self, path: Path | None = None) -> None:
        """Write atomically: temp file, fsync, rename (a power cut leaves old or new, never half)."""
        text = self.text()
        target = Path(path or self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, text.encode("utf-8"))
        if target == self.path:
            self.data = json.loads(text)
            self.damage = None

    @property
    def station_id(self) -> str:
        return str(self.data["station_id"])

    def usernames(self) -> list[str]:
        return sorted(self.data["slots"])

    # -- slots --------------------------------------------------------------------------
    @staticmethod
    def make_slot(username: str, password: str, db_key: bytes, kdf: KdfParams | None = None) -> dict[str, Any]:
        """A new slot for `username` (the slow part of adding a user: run it before taking locks)."""
        kdf = kdf or KdfParams()
        salt = os.urandom(16)
        kek = kdf.derive(password.encode("utf-8"), salt)
        return {"kdf": "argon2id", "memory_kib": kdf.memory_kib, "iterations": kdf.iterations,
                "lanes": kdf.lanes, "salt": _b64(salt), **_wrap(kek, db_key, username)}

    def add_user(self, username: str, password: str, db_key: bytes, kdf: KdfParams | None = None) -> None:
        self.data["slots"][username] = self.make_slot(username, password, db_key, kdf)
        self.seal(db_key)

    def remove_user(self, username: str) -> None:
        self.data["slots"].pop(username, None)
        self.data["failures"].pop(username, None)

    def set_recovery(self, recovery_key: str, db_key: bytes) -> None:
        salt = os.urandom(16)
        self.data["recovery"] = {"salt": _b64(salt), **_wrap(_recovery_kek(recovery_key, salt), db_key, "recovery")}
        self.seal(db_key)

    def unlock(self, username: str, password: str, now: float | None = None,
               pending: KeySlots | None = None) -> bytes:
        """Return the database key, or raise WrongPassword / LockedOut / KeyFileDamaged.

        Only a wrong password is counted. `pending` is a key file a `user add` had not finished
        putting in place: a new account's slot may be there only.
        """
        if self.damage:
            raise damaged(self.path, self.damage)
        now = time.time() if now is None else now
        wait = self.retry_after(username[:keyfile.MAX_NAME], now)
        if wait > 0:
            raise LockedOut(
                f"Too many wrong passwords for '{username}'. Wait {max(1, round(wait))} second(s) and try again.",
                retry_after=wait)
        source = self
        if username not in self.data["slots"] and pending is not None and username in pending.data["slots"]:
            source = pending
        slot = source.data["slots"].get(username)
        if slot is not None:
            kdf = KdfParams(slot["memory_kib"], slot["iterations"], slot["lanes"])
            kek = kdf.derive(password.encode("utf-8"), _unb64(slot["salt"]))
            try:
                db_key = _unwrap(kek, slot, username)
            except InvalidTag:
                pass
            else:
                source.verify(db_key)
                return db_key
        else:
            # Spend the same effort for unknown names so timing does not reveal which names exist.
            KdfParams().derive(password.encode("utf-8"), b"\0" * 16)
        self.record_failure(username, now)
        raise WrongPassword("Wrong username or password. Check both and try again.")

    def verify(self, db_key: bytes) -> None:
        """After a slot opened: the file is the one this station sealed (old files are sealed now)."""
        key = keyfile.mac_key(db_key)
        if not self.is_legacy and not keyfile.mac_matches(self.data, key):
            raise damaged(self.path, "it was changed by something other than this program")
        self._mac_key = key

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        """The database key from the recovery slot. On a damaged file (loaded `for_recovery`) the
        file is re-sealed at the next save, so recovering repairs it."""
        slot = self.data.get("recovery")
        if not slot:
            if self.damage:
                raise damaged(self.path, self.damage, recoverable=False)
            raise WrongPassword("This station has no recovery key.")
        try:
            db_key = _unwrap(_recovery_kek(recovery_key, _unb64(slot["salt"])), slot, "recovery")
        except InvalidTag:
            extra = (f" The key file is damaged too ({self.damage}): if the key is right, restore keyslots.json "
                     "from the latest backup.") if self.damage else ""
            raise WrongPassword(
                "That recovery key does not open this station. Check each group of five characters." + extra) from None
        if self.damage or self.is_legacy or not keyfile.mac_matches(self.data, keyfile.mac_key(db_key)):
            self.damage = self.damage or "it was changed by something other than this program"
        self._mac_key = keyfile.mac_key(db_key)
        return db_key

    # -- failed attempts ------------------------------------------------------------------
    def retry_after(self, username: str, now: float) -> float:
        entry = self.data["failures"].get(username)
        if not entry:
            return 0.0
        return max(0.0, float(entry["last"]) + failure_delay(entry["count"]) - now)

    def record_failure(self, username: str, now: float) -> None:
        failures = self.data["failures"]
        username = username[:keyfile.MAX_NAME]  # whatever was typed: the file keeps its bounds
        if username not in failures and len(failures) >= MAX_TRACKED_NAMES:
            return
        entry = failures.setdefault(username, {"count": 0, "last": now})
        entry["count"] = min(entry["count"] + 1, keyfile.MAX_COUNT)
        entry["last"] = now
        self.data["pending_audit"].append({"at": now, "username": username, "action": "login.failed"})
        del self.data["pending_audit"][:-keyfile.MAX_PENDING]
        try:
            self.save()
        except OSError as exc:
            # A full or failing disk must not turn a wrong password into a crash, nor let the
            # attempt go uncounted: it is kept for this process and written at the next save.
            _UNSAVED_FAILURES.setdefault(str(self.path), {})[username] = dict(entry)
            log.warning("a failed sign-in could not be written to the key file (%s)", exc.strerror)
        else:
            _UNSAVED_FAILURES.pop(str(self.path), None)

    def _merge_unsaved(self) -> None:
        for username, entry in _UNSAVED_FAILURES.get(str(self.path), {}).items():
            known = self.data["failures"].get(username)
            if known is None or known["count"] < entry["count"]:
                self.data["failures"][username] = dict(entry)

    def clear_failures(self, username: str) -> list[dict[str, Any]]:
        """Forget the user's failures; return every failed attempt not yet in the audit log."""
        pending = self.data["pending_audit"]
        _UNSAVED_FAILURES.get(str(self.path), {}).pop(username, None)
        if username in self.data["failures"] or pending:
            self.data["failures"].pop(username, None)
            self.data["pending_audit"] = []
            try:
                self.save()
            except OSError as exc:  # a full disk: they are written at the next save, audited again then
                log.warning("failed sign-ins could not be cleared from the key file (%s)", exc.strerror)
        return list(pending)


def _recovery_readable(text: str) -> bool:
    try:
        keyfile.check_recovery(json.loads(text).get("recovery"))
    except Exception:  # anything unreadable means the recovery slot cannot be used
        return False
    return True


def _salvage(text: str, path: Path, reason: str) -> dict[str, Any]:
    """What the recovery key can still use in a damaged file: its recovery slot and sound slots."""
    try:
        data = json.loads(text)
        keyfile.check_recovery(data.get("recovery"))
    except Exception:  # not even JSON with a recovery slot
        raise damaged(path, reason, recoverable=False) from None
    if data.get("recovery") is None:
        raise damaged(path, reason, recoverable=False)
    slots = {}
    for name, slot in (data.get("slots") or {}).items() if isinstance(data.get("slots"), dict) else []:
        try:
            if keyfile.NAME_RE.match(name):
                keyfile.check_slot(name, slot)
                slots[name] = slot
        except keyfile.Malformed:
            continue
    station_id = data.get("station_id")
    if not isinstance(station_id, str) or not keyfile.STATION_ID_RE.match(station_id):
        station_id = "00000000-0000-0000-0000-000000000000"  # replaced from the database on recovery
    return {"format": FORMAT, "station_id": station_id, "slots": slots, "recovery": data["recovery"],
            "failures": {}, "pending_audit": [], "digest": "", "mac": ""}
