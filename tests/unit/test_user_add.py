"""Adding an account: it and its key slot exist together; a removed or half-made account
(left by an older version) can be added again; a second add of a live account is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from station import users
from station.errors import Conflict, WrongPassword
from station.keyslots import PENDING_FILE, KeySlots
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF


def _add(store: Store, name: str = "nasreen", pin: str = "583920") -> None:
    users.add(store, name, "health_worker", pin, credential="pin", kdf=FAST_KDF)


def test_a_new_account_signs_in_and_leaves_no_pending_key_file(store: Store, data_dir: Path) -> None:
    _add(store)
    assert not (data_dir / PENDING_FILE).exists()
    assert store.meta("keyslots_pending") is None
    Store.open(data_dir, "nasreen", "583920").close()
    with pytest.raises(Conflict, match="already a user"):
        _add(store)


def test_a_removed_account_can_be_added_again_with_a_new_pin(store: Store, data_dir: Path) -> None:
    _add(store)
    users.deactivate(store, "nasreen")
    _add(store, pin="917364")
    Store.open(data_dir, "nasreen", "917364").close()
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "nasreen", "583920")


def test_an_account_left_without_a_slot_by_an_older_version_is_completed(store: Store, data_dir: Path) -> None:
    _add(store)
    store.slots.remove_user("nasreen")  # what an add stopped half-way by an older version left
    store.slots.save()
    _add(store, pin="917364")
    Store.open(data_dir, "nasreen", "917364").close()


def test_a_pending_key_file_without_its_commit_is_undone_at_the_next_sign_in(store: Store, data_dir: Path) -> None:
    slots = KeySlots.load(data_dir)
    slots.verify(store.db_key)
    slots.data["slots"]["ghost"] = KeySlots.make_slot("ghost", "ghost password", store.db_key, FAST_KDF)
    slots.save(data_dir / PENDING_FILE)  # written, then the add was killed before its commit
    with pytest.raises(WrongPassword):
        Store.open(data_dir, "ghost", "ghost password")  # the slot alone is no account
    assert not (data_dir / PENDING_FILE).exists()
    Store.open(data_dir, "admin", ADMIN_PASSWORD).close()
    assert "ghost" not in KeySlots.load(data_dir).data["slots"]
