"""Envelope encryption for the station database, in the spirit of LUKS key slots.

A random 256-bit database key opens the SQLCipher file. It is never stored in the clear:
each user has a slot holding the key wrapped (AES-256-GCM) by a key derived from that
user's password with Argon2id, and one more slot wraps it with the recovery key shown at
setup. The slots live in `keyslots.json` beside the database because they must be read
before the database can be opened. Failed logins are counted here too (the database is
still locked when they happen) and moved into the audit log at the next successful open.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from station.errors import DamagedDatabase, LockedOut, NotInitialized, WrongPassword

SLOTS_FILE = "keyslots.json"
FORMAT = 1
# Recovery keys are 25 symbols of Crockford-like base32 (125 bits), printed in groups of five.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
RECOVERY_GROUPS = 5
FREE_FAILURES = 3  # wrong passwords allowed before the growing delay starts
MAX_DELAY_S = 300.0
MAX_TRACKED_NAMES = 50  # unknown usernames tracked, so typos cannot grow the file without bound


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default costs ~0.15 s and 64 MiB on a clinic PC."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        kdf = Argon2id(salt=salt, length=32, iterations=self.iterations, lanes=self.lanes,
                       memory_cost=self.memory_kib)
        return kdf.derive(secret)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(label: str) -> bytes:
    return f"telestation-slot:v{FORMAT}:{label}".encode()


def _wrap(kek: bytes, db_key: bytes, label: str) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, db_key, _aad(label)))}


def _unwrap(kek: bytes, slot: dict[str, Any], label: str) -> bytes:
    return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), _aad(label))


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

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    # -- file handling ------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path) -> KeySlots:
        path = Path(data_dir) / SLOTS_FILE
        if not path.exists():
            raise NotInitialized(
                f"No station has been set up in {data_dir}. Run 'telestation init' first, "
                "or check the data folder.")
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT or "slots" not in data:
                raise ValueError("unknown format")
        except (ValueError, OSError) as exc:
            raise DamagedDatabase(
                f"The key file {path} is damaged ({exc}). Restore the data folder from a backup."
            ) from exc
        return cls(path, data)

    @classmethod
    def create(cls, data_dir: Path, station_id: str) -> KeySlots:
        data = {"format": FORMAT, "station_id": station_id, "slots": {}, "recovery": None,
                "failures": {}, "pending_audit": []}
        return cls(Path(data_dir) / SLOTS_FILE, data)

    def save(self) -> None:
        """Write atomically: temp file, fsync, rename (a power cut leaves old or new, never half)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".keyslots.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if hasattr(os, "O_DIRECTORY"):
            dfd = os.open(self.path.parent, os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    @property
    def station_id(self) -> str:
        return self.data["station_id"]

    def usernames(self) -> list[str]:
        return sorted(self.data["slots"])

    # -- slots --------------------------------------------------------------------------
    def add_user(self, username: str, password: str, db_key: bytes, kdf: KdfParams | None = None) -> None:
        kdf = kdf or KdfParams()
        salt = os.urandom(16)
        kek = kdf.derive(password.encode("utf-8"), salt)
        self.data["slots"][username] = {
            "kdf": "argon2id", "memory_kib": kdf.memory_kib, "iterations": kdf.iterations,
            "lanes": kdf.lanes, "salt": _b64(salt), **_wrap(kek, db_key, username)}

    def remove_user(self, username: str) -> None:
        self.data["slots"].pop(username, None)
        self.data["failures"].pop(username, None)

    def set_recovery(self, recovery_key: str, db_key: bytes) -> None:
        salt = os.urandom(16)
        self.data["recovery"] = {"salt": _b64(salt), **_wrap(_recovery_kek(recovery_key, salt), db_key, "recovery")}

    def unlock(self, username: str, password: str, now: float | None = None) -> bytes:
        """Return the database key, or raise WrongPassword / LockedOut. Records failures."""
        now = time.time() if now is None else now
        wait = self.retry_after(username, now)
        if wait > 0:
            raise LockedOut(
                f"Too many wrong passwords for '{username}'. Wait {max(1, round(wait))} second(s) and try again.",
                retry_after=wait)
        slot = self.data["slots"].get(username)
        if slot is not None:
            kdf = KdfParams(slot["memory_kib"], slot["iterations"], slot["lanes"])
            kek = kdf.derive(password.encode("utf-8"), _unb64(slot["salt"]))
            try:
                return _unwrap(kek, slot, username)
            except InvalidTag:
                pass
        else:
            # Spend the same effort for unknown names so timing does not reveal which names exist.
            KdfParams().derive(password.encode("utf-8"), b"\0" * 16)
        self.record_failure(username, now)
        raise WrongPassword("Wrong username or password. Check both and try again.")

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        slot = self.data.get("recovery")
        if not slot:
            raise WrongPassword("This station has no recovery key.")
        try:
            return _unwrap(_recovery_kek(recovery_key, _unb64(slot["salt"])), slot, "recovery")
        except InvalidTag:
            raise WrongPassword(
                "That recovery key does not open this station. Check each group of five characters.") from None

    # -- failed attempts ------------------------------------------------------------------
    def retry_after(self, username: str, now: float) -> float:
        entry = self.data["failures"].get(username)
        if not entry:
            return 0.0
        return max(0.0, entry["last"] + failure_delay(entry["count"]) - now)

    def record_failure(self, username: str, now: float) -> None:
        failures = self.data["failures"]
        if username not in failures and len(failures) >= MAX_TRACKED_NAMES:
            return
        entry = failures.setdefault(username, {"count": 0, "last": now})
        entry["count"] += 1
        entry["last"] = now
        self.data["pending_audit"].append({"at": now, "username": username, "action": "login.failed"})
        del self.data["pending_audit"][:-200]
        self.save()

    def clear_failures(self, username: str) -> list[dict[str, Any]]:
        """Forget the user's failures; return every failed attempt not yet in the audit log."""
        pending = self.data["pending_audit"]
        if username in self.data["failures"] or pending:
            self.data["failures"].pop(username, None)
            self.data["pending_audit"] = []
            self.save()
        return pending
