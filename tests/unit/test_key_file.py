"""keyslots.json tells damage apart from a wrong password, and belongs to one station."""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from station import users
from station.errors import KeyFileDamaged, WrongPassword
from station.keyslots import SLOTS_FILE, KdfParams, KeySlots
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "v1"
DAMAGE_WORDS = "The key file is damaged: restore keyslots.json from a backup or use the recovery key"


def _station(folder: Path) -> str:
    store, recovery = Store.create(folder, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    store.close()
    return recovery


def _edit(folder: Path, change) -> None:
    path = folder / SLOTS_FILE
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1, sort_keys=True))


def _failures(folder: Path) -> dict:
    try:
        return json.loads((folder / SLOTS_FILE).read_text()).get("failures", {})
    except ValueError:
        return {}


def _flip_b64(text: str) -> str:
    first = "A" if text[0] != "A" else "B"
    return first + text[1:]


# -- Argon2id ---------------------------------------------------------------------------------
def test_four_sign_ins_at_once_all_finish() -> None:
    """cryptography's Argon2id with lanes=4 hung for ever when two threads derived at once."""
    code = (
        "import threading\n"
        "from station.keyslots import KdfParams\n"
        "out = []\n"
        "def run(i):\n"
        "    out.append(KdfParams().derive(b'password %d' % i, bytes(16)))\n"
        "threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
        "print(len(set(out)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"


def test_a_slot_made_with_the_old_key_derivation_still_opens(data_dir: Path) -> None:
    """Key files written before argon2-cffi derived with cryptography's Argon2id: same bytes."""
    _station(data_dir)
    store = Store.open(data_dir, "admin", ADMIN_PASSWORD)
    db_key = store.db_key
    store.close()
    salt, nonce = os.urandom(16), os.urandom(12)
    old_kek = Argon2id(salt=salt, length=32, iterations=3, lanes=4, memory_cost=65536).derive(b"old way password")
    assert KdfParams().derive(b"old way password", salt) == old_kek
    slot = {"kdf": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 4,
            "salt": base64.b64encode(salt).decode(), "nonce": base64.b64encode(nonce).decode(),
            "wrapped": base64.b64encode(AESGCM(old_kek).encrypt(nonce, db_key, b"telestation-slot:v1:admin")).decode()}
    slots = KeySlots.load(data_dir)
    slots.seal(db_key)
    slots.data["slots"]["admin"] = slot
    slots.save()
    with Store.open(data_dir, "admin", "old way password") as store:
        assert store.user.username == "admin"


def test_a_station_from_version_1_opens_and_its_key_file_is_sealed(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    shutil.copytree(FIXTURE_V1, folder)
    assert "mac" not in json.loads((folder / SLOTS_FILE).read_text())
    with Store.open(folder, "admin", "fixture password v1") as store:
        assert store.station_id == "01936f3e-0000-7000-8000-00000000f1f1"
    sealed = json.loads((folder / SLOTS_FILE).read_text())
    assert sealed["format"] == 2 and len(sealed["mac"]) == 64
    with Store.open(folder, "admin", "fixture password v1") as store:
        assert store.meta("keyslots_sealed") == "1"
    # Taking the seals off again (format 1, no mac) is refused now that the station was sealed.
    _edit(folder, lambda d: (d.pop("mac"), d.pop("digest"), d.update(format=1)))
    with pytest.raises(KeyFileDamaged, match="seals were removed"):
        Store.open(folder, "admin", "fixture password v1")


# -- damage is damage, a wrong password is a wrong password ---------------------------------
def _slot(d: dict) -> dict:
    return d["slots"]["admin"]


DAMAGE = {
    "one letter of the wrapped key": lambda d: _slot(d).update(wrapped=_flip_b64(_slot(d)["wrapped"])),
    "one letter of the salt": lambda d: _slot(d).update(salt=_flip_b64(_slot(d)["salt"])),
    "one letter of the nonce": lambda d: _slot(d).update(nonce=_flip_b64(_slot(d)["nonce"])),
    "the KDF passes": lambda d: _slot(d).update(iterations=2),
    "the slot removed": lambda d: d["slots"].update(other=d["slots"].pop("admin")),
    "the station id": lambda d: d.update(station_id="01936f3e-0000-7000-8000-00000000beef"),
    "text that is not base64": lambda d: _slot(d).update(salt="not base64!"),
    "memory_kib of 2^31": lambda d: _slot(d).update(memory_kib=2**31),
    "lanes 0": lambda d: _slot(d).update(lanes=0),
    "a missing field": lambda d: _slot(d).pop("nonce"),
    "a damaged failures entry": lambda d: d["failures"].update(admin={"count": "x"}),
    "a damaged audit entry": lambda d: d["pending_audit"].append({"at": "yesterday"}),
    "the recovery slot": lambda d: d["recovery"].update(wrapped=_flip_b64(d["recovery"]["wrapped"])),
    "a slot for a new name": lambda d: d["slots"].update(mallory=dict(_slot(d))),
    "its checksum": lambda d: d.update(digest="0" * 64),
    "not JSON at all": None,
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_damage_is_told_as_damage_and_never_counted_as_a_wrong_password(data_dir: Path, damage: str) -> None:
    _station(data_dir)
    if DAMAGE[damage] is None:
        (data_dir / SLOTS_FILE).write_text('{"format": 2, "slots": {"admin": ')
    else:
        _edit(data_dir, DAMAGE[damage])
    for _attempt in range(5):  # more than the free attempts: no lock-out may start
        with pytest.raises(KeyFileDamaged) as raised:
            Store.open(data_dir, "admin", ADMIN_PASSWORD)
        words = DAMAGE_WORDS if DAMAGE[damage] else "The key file is damaged: restore keyslots.json from the latest backup"
        assert raised.value.message.startswith(words), raised.value.message
        assert raised.value.exit_code == 5
    assert _failures(data_dir) == ({"admin": {"count": "x"}} if damage == "a damaged failures entry" else {})


def test_a_wrong_password_is_still_a_wrong_password_and_counted(data_dir: Path) -> None:
    _station(data_dir)
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "admin", "not the password")
    assert _failures(data_dir)["admin"]["count"] == 1
    Store.open(data_dir, "admin", ADMIN_PASSWORD).close()
    assert _failures(data_dir) == {}


def test_any_flipped_byte_opens_or_is_told_as_damage_never_as_a_wrong_password(data_dir: Path) -> None:
    _station(data_dir)
    path = data_dir / SLOTS_FILE
    original = path.read_bytes()
    rng = random.Random(19)
    outcomes = {"opened": 0, "damaged": 0}
    for position in rng.sample(range(len(original)), 120):
        flipped = bytearray(original)
        flipped[position] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(flipped))
        try:
            Store.open(data_dir, "admin", ADMIN_PASSWORD).close()
            outcomes["opened"] += 1
        except KeyFileDamaged as exc:
            assert exc.message.startswith(DAMAGE_WORDS[:24]), exc.message
            outcomes["damaged"] += 1
        assert _failures(data_dir) in ({}, None), f"byte {position} was counted as a wrong password"
    assert outcomes["damaged"] >= 100, outcomes


def test_another_stations_key_file_is_refused(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    _station(here)
    _station(there)  # same admin name and password, another station
    shutil.copy(there / SLOTS_FILE, here / SLOTS_FILE)
    with pytest.raises(KeyFileDamaged, match="does not belong to the database"):
        Store.open(here, "admin", ADMIN_PASSWORD)
    assert _failures(here) == {}


def test_an_old_key_file_with_another_station_id_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "v1"
    shutil.copytree(FIXTURE_V1, folder)
    _edit(folder, lambda d: d.update(station_id="01936f3e-0000-7000-8000-00000000beef"))
    with pytest.raises(KeyFileDamaged, match="belongs to another station"):
        Store.open(folder, "admin", "fixture password v1")


def test_the_recovery_key_repairs_a_damaged_key_file(data_dir: Path) -> None:
    recovery = _station(data_dir)
    with Store.open(data_dir, "admin", ADMIN_PASSWORD) as store:
        users.add(store, "nasreen", "health_worker", "583920", credential="pin", kdf=FAST_KDF)
    _edit(data_dir, lambda d: (_slot(d).update(salt="!!"), d.update(station_id="01936f3e-0000-7000-8000-0000000000ff")))
    with pytest.raises(KeyFileDamaged):
        Store.open(data_dir, "nasreen", "583920")
    with Store.open_with_recovery_key(data_dir, recovery) as store:
        users.change_secret(store, "admin", "a new admin password", kdf=FAST_KDF)
        station_id = store.station_id
    assert json.loads((data_dir / SLOTS_FILE).read_text())["station_id"] == station_id
    Store.open(data_dir, "admin", "a new admin password").close()
    Store.open(data_dir, "nasreen", "583920").close()  # her sound slot was kept


def test_kdf_parameters_out_of_bounds_are_refused_before_deriving() -> None:
    for params in (KdfParams(2**31, 3, 4), KdfParams(65536, 0, 4), KdfParams(65536, 3, 0), KdfParams(65536, 10**6, 4)):
        with pytest.raises(ValueError):
            params.derive(b"x", bytes(16))


def test_a_very_long_or_strange_name_typed_at_sign_in_keeps_the_key_file_sound(data_dir: Path) -> None:
    _station(data_dir)
    for name in ("x" * 5000, "نسرین بی بی", ""):
        with pytest.raises(WrongPassword):
            Store.open(data_dir, name, "whatever")
    Store.open(data_dir, "admin", ADMIN_PASSWORD).close()
