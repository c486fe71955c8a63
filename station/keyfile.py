"""The layout of keyslots.json, read strictly, and the checks that make it tell damage apart.

Two seals cover the station id, every slot (with its Argon2id parameters) and the recovery
slot:
- `digest`, a SHA-256 checked before any password is tried, so a flipped byte, a removed slot
  or changed parameters are told as a damaged key file and never counted as a wrong password;
- `mac`, an HMAC keyed from the database key, checked once a password has unwrapped it, so a
  file altered on purpose (another station's id, a slot put back from elsewhere) is refused.
The failed-login counters are written while the station is still locked (no key to seal them
with); they sit outside both seals and are parsed as strictly as the rest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from station.kdf import KdfParams

FORMAT = 2
LEGACY_FORMAT = 1  # before the seals; opened, then sealed at the first successful sign-in
SEALED = ("format", "station_id", "slots", "recovery")
MAX_CLINIC_NAME = 200
TOP_KEYS = {"format", "station_id", "slots", "recovery", "failures", "pending_audit"}
SLOT_KEYS = {"kdf", "memory_kib", "iterations", "lanes", "salt", "nonce", "wrapped"}
RECOVERY_KEYS = {"salt", "nonce", "wrapped"}
SIZES = {"salt": 16, "nonce": 12, "wrapped": 48}  # 32-byte key + 16-byte GCM tag
STATION_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9._-]{0,63}$")
MAX_SLOTS = 1000
MAX_PENDING = 200
MAX_COUNT = 10**6
MAX_NAME = 200  # a name typed at sign-in, as the failed-login counters keep it


class Malformed(ValueError):
    """The key file does not have the layout it must have; the message says where."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def sealed_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps({k: data.get(k) for k in SEALED}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(sealed_bytes(data)).hexdigest()


def mac_key(db_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"telestation-keyslots-mac").derive(db_key)


def mac(data: dict[str, Any], key: bytes) -> str:
    """The seal made with `key` = mac_key(database key)."""
    return hmac.new(key, sealed_bytes(data), hashlib.sha256).hexdigest()


def mac_matches(data: dict[str, Any], key: bytes) -> bool:
    return isinstance(data.get("mac"), str) and hmac.compare_digest(data["mac"], mac(data, key))


def _bytes_field(where: str, value: Any, size: int) -> None:
    if not isinstance(value, str):
        raise Malformed(f"{where} is not text")
    try:
        raw = unb64(value)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise Malformed(f"{where} is not base64") from None
    if len(raw) != size:
        raise Malformed(f"{where} has {len(raw)} bytes, not {size}")


def _exact_keys(where: str, value: Any, keys: set[str]) -> None:
    if not isinstance(value, dict):
        raise Malformed(f"{where} is not an object")
    missing, extra = keys - value.keys(), value.keys() - keys
    if missing:
        raise Malformed(f"{where} lacks {', '.join(sorted(missing))}")
    if extra:
        raise Malformed(f"{where} has unknown {', '.join(sorted(extra))}")


def _number(where: str, value: Any) -> None:
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
        raise Malformed(f"{where} is not a time")


def check_slot(name: str, slot: Any) -> None:
    where = f"the slot of '{name}'"
    _exact_keys(where, slot, SLOT_KEYS)
    if slot["kdf"] != "argon2id":
        raise Malformed(f"{where} names an unknown key derivation")
    problem = KdfParams(slot["memory_kib"], slot["iterations"], slot["lanes"]).problem()
    if problem:
        raise Malformed(f"{where}: {problem}")
    for field, size in SIZES.items():
        _bytes_field(f"{where}: {field}", slot[field], size)


def check_recovery(recovery: Any) -> None:
    if recovery is None:
        return
    _exact_keys("the recovery slot", recovery, RECOVERY_KEYS)
    for field, size in SIZES.items():
        _bytes_field(f"the recovery slot: {field}", recovery[field], size)


def check_layout(data: Any) -> None:
    """Raise Malformed naming the first thing wrong with a parsed key file."""
    if not isinstance(data, dict):
        raise Malformed("it is not a JSON object")
    if data.get("format") not in (FORMAT, LEGACY_FORMAT) or type(data.get("format")) is not int:
        raise Malformed(f"unknown format {data.get('format')!r}")
    keys = TOP_KEYS | ({"digest", "mac"} if data["format"] == FORMAT else set())
    if "clinic" in data:  # optional: the clinic's name for the sign-in page
        keys |= {"clinic"}
        if not isinstance(data["clinic"], str) or len(data["clinic"]) > MAX_CLINIC_NAME:
            raise Malformed("the clinic's name is not a name")
    _exact_keys("the file", data, keys)
    if not isinstance(data["station_id"], str) or not STATION_ID_RE.match(data["station_id"]):
        raise Malformed("the station id is not a station id")
    slots = data["slots"]
    if not isinstance(slots, dict) or not slots or len(slots) > MAX_SLOTS:
        raise Malformed("the list of slots is empty or not a list of slots")
    for name, slot in slots.items():
        if not NAME_RE.match(name):
            raise Malformed("a slot has a name no account can have")
        check_slot(name, slot)
    check_recovery(data["recovery"])
    check_counters(data)
    if data["format"] == FORMAT:
        for field in ("digest", "mac"):
            if not isinstance(data[field], str) or not re.fullmatch(r"[0-9a-f]{64}", data[field]):
                raise Malformed(f"its {field} is missing or not a SHA-256 value")
        if not hmac.compare_digest(data["digest"], digest(data)):
            raise Malformed("its contents do not match their checksum")


def check_counters(data: dict[str, Any]) -> None:
    failures = data["failures"]
    if not isinstance(failures, dict) or len(failures) > MAX_SLOTS:
        raise Malformed("the failed sign-in counters are not a list of counters")
    for name, entry in failures.items():
        where = "a failed sign-in counter"
        _exact_keys(where, entry, {"count", "last"})
        if not isinstance(name, str) or len(name) > MAX_NAME:
            raise Malformed(f"{where} has no proper name")
        if type(entry["count"]) is not int or not 0 < entry["count"] <= MAX_COUNT:
            raise Malformed(f"{where} has an impossible count")
        _number(where, entry["last"])
    pending = data["pending_audit"]
    if not isinstance(pending, list) or len(pending) > MAX_PENDING:
        raise Malformed("the failed sign-ins waiting for the audit log are not a list")
    for entry in pending:
        where = "a failed sign-in waiting for the audit log"
        _exact_keys(where, entry, {"at", "username", "action"})
        if entry["action"] != "login.failed" or not isinstance(entry["username"], str) \
                or len(entry["username"]) > MAX_NAME:
            raise Malformed(f"{where} is not one")
        _number(where, entry["at"])


def parse(text: str) -> dict[str, Any]:
    """The key file's contents, or Malformed naming what is wrong."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise Malformed(f"it is not JSON ({exc})") from None
    check_layout(data)
    checked: dict[str, Any] = data
    return checked


def _refuse_constant(name: str) -> Any:
    raise Malformed(f"it holds {name}")
