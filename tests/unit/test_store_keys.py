"""Opening the encrypted station: the right password, a wrong one, a damaged file, the recovery key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station import users
from station.db import DB_FILE
from station.errors import DamagedDatabase, LockedOut, NotInitialized, PermissionDenied, WrongPassword
from station.keyslots import KeySlots, failure_delay
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF


def test_the_admin_opens_the_station_with_their_password(store: Store, data_dir: Path) -> None:
    store.close()
    with Store.open(data_dir, "admin", ADMIN_PASSWORD) as again:
        assert again.user.role == "admin"
        assert again.meta("clinic") == "Basic Health Unit Jhok"


def test_a_wrong_password_is_reported_as_a_wrong_password(store: Store, data_dir: Path) -> None:
    store.close()
    with pytest.raises(WrongPassword, match="Wrong username or password"):
        Store.open(data_dir, "admin", "not the password")
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "nobody", ADMIN_PASSWORD)


def test_a_damaged_database_is_reported_as_damaged(store: Store, data_dir: Path) -> None:
    store.close()
    path = data_dir / DB_FILE
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\x00" * (4096 - 100)  # smash page 1 after the salt
    path.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        (data_dir / (DB_FILE + suffix)).unlink(missing_ok=True)
    with pytest.raises(DamagedDatabase, match="damaged"):
        Store.open(data_dir, "admin", ADMIN_PASSWORD)


def test_damage_on_any_page_is_reported_as_damage_never_as_a_crash(store: Store, data_dir: Path, tmp_path: Path) -> None:
    """Whichever page a bad sector hits, signing in either works or says the database is damaged."""
    import shutil

    store.close()
    pristine = (data_dir / DB_FILE).read_bytes()
    pages = len(pristine) // 4096
    assert pages > 5
    outcomes = set()
    for page in range(1, pages):
        copy = tmp_path / f"page{page}"
        shutil.copytree(data_dir, copy)
        for suffix in ("-wal", "-shm"):
            (copy / (DB_FILE + suffix)).unlink(missing_ok=True)
        raw = bytearray(pristine)
        raw[page * 4096 + 16:(page + 1) * 4096] = bytes(4096 - 16)
        (copy / DB_FILE).write_bytes(bytes(raw))
        try:
            Store.open(copy, "admin", ADMIN_PASSWORD).close()
            outcomes.add("opened")
        except DamagedDatabase as exc:
            assert "damaged" in str(exc) or "Restore" in str(exc), exc
            outcomes.add("damaged")
        shutil.rmtree(copy)
    assert "damaged" in outcomes


def test_a_damaged_key_file_is_reported_as_damaged(store: Store, data_dir: Path) -> None:
    store.close()
    (data_dir / "keyslots.json").write_text("{not json")
    with pytest.raises(DamagedDatabase, match="key file"):
        Store.open(data_dir, "admin", ADMIN_PASSWORD)


def test_an_empty_folder_says_no_station_is_set_up(tmp_path: Path) -> None:
    with pytest.raises(NotInitialized, match="telestation init"):
        Store.open(tmp_path, "admin", "whatever")


def test_repeated_failures_make_the_user_wait_longer_each_time(store: Store, data_dir: Path) -> None:
    store.close()
    slots = KeySlots.load(data_dir)
    now = 1_000_000.0
    for _ in range(3):
        with pytest.raises(WrongPassword):
            slots.unlock("admin", "wrong", now=now)
    # The fourth try straight away is refused without even checking the password...
    with pytest.raises(LockedOut, match=r"Wait 1 second\(s\)") as locked:
        slots.unlock("admin", ADMIN_PASSWORD, now=now + 1)
    assert locked.value.retry_after == pytest.approx(1)
    # ...and after the wait, another wrong one doubles the wait.
    with pytest.raises(WrongPassword):
        slots.unlock("admin", "wrong", now=now + 2)
    with pytest.raises(LockedOut, match=r"Wait 4 second\(s\)"):
        slots.unlock("admin", ADMIN_PASSWORD, now=now + 2)
    assert [failure_delay(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert failure_delay(100) == 300
    # After the wait, the right password works and the failures land in the audit log.
    assert len(slots.unlock("admin", ADMIN_PASSWORD, now=now + 10)) == 32


def test_every_login_attempt_is_audited(store: Store, data_dir: Path) -> None:
    store.close()
    for _ in range(2):
        with pytest.raises(WrongPassword):
            Store.open(data_dir, "admin", "wrong password")
    with Store.open(data_dir, "admin", ADMIN_PASSWORD) as again:
        actions = [r[0] for r in again.conn.execute("SELECT action FROM audit ORDER BY seq")]
    assert actions[-3:] == ["login.failed", "login.failed", "login.ok"]
    assert json.loads((data_dir / "keyslots.json").read_text())["pending_audit"] == []


def test_the_recovery_key_opens_the_station_and_sets_a_new_admin_password(data_dir: Path) -> None:
    s, recovery = Store.create(data_dir, "BHU", "Badin", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    s.close()
    with pytest.raises(WrongPassword, match="recovery key"):
        Store.open_with_recovery_key(data_dir, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")
    with Store.open_with_recovery_key(data_dir, recovery.lower().replace("-", " ")) as rescued:
        users.change_secret(rescued, "admin", "a brand new password", kdf=FAST_KDF)
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "admin", ADMIN_PASSWORD)
    Store.open(data_dir, "admin", "a brand new password").close()


def test_each_user_has_their_own_slot_and_removing_a_user_removes_it(store: Store, data_dir: Path) -> None:
    users.add(store, "nasreen", "health_worker", "482913", credential="pin", kdf=FAST_KDF)
    users.add(store, "dr.khan", "clinician", "clinician password", kdf=FAST_KDF)
    with Store.open(data_dir, "nasreen", "482913") as hw:
        assert hw.user.role == "health_worker"
        with pytest.raises(PermissionDenied, match="Only an admin"):
            users.add(hw, "x1", "clinician", "whatever pass")
    users.deactivate(store, "nasreen")
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "nasreen", "482913")
    assert "nasreen" not in KeySlots.load(data_dir).usernames()


@pytest.mark.parametrize("secret, role, credential, field", [
    ("12345", "health_worker", "pin", "pin"),
    ("111111", "health_worker", "pin", "pin"),
    ("123456", "health_worker", "pin", "pin"),
    ("12a456", "health_worker", "pin", "pin"),
    ("482913", "clinician", "pin", "credential"),
    ("short", "admin", "password", "password"),
])
def test_weak_secrets_are_refused_with_the_rule(secret: str, role: str, credential: str, field: str) -> None:
    from station.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        users.check_secret(secret, role, credential)
    assert err.value.field == field
