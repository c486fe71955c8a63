"""A store's connection stays on its thread: another thread opens its own, and a read cannot write."""

from __future__ import annotations

import threading

import pytest

from station import patients
from station.records import Patient
from station.sqlite import dbapi
from station.store import Store, WriteInQuery

FIELDS = {"name": "Sughra Bibi", "father_name": "Allah Ditta", "sex": "female", "village": "Jhok",
          "district": "Thatta", "estimated_age_years": 30}


def test_another_thread_opens_its_own_connection_as_the_same_user(store: Store) -> None:
    opener = store.opener()  # taken on the store's own thread
    seen: dict[str, object] = {}

    def sync_thread() -> None:
        other = opener()
        try:
            seen["user"] = other.user.username
            seen["saved"] = patients.register(other, FIELDS).id
            seen["same_connection"] = other.conn is store.conn
        finally:
            other.close()

    thread = threading.Thread(target=sync_thread)
    thread.start()
    thread.join(30)
    assert seen["user"] == "admin" and seen["same_connection"] is False
    assert store.get(Patient, str(seen["saved"])).name == "Sughra Bibi"


def test_a_closed_store_gives_no_opener(store: Store) -> None:
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.opener()


def test_a_read_cannot_write_through_the_store_or_past_it(store: Store) -> None:
    with store.read_only():
        with pytest.raises(WriteInQuery):
            patients.register(store, FIELDS)
        with pytest.raises(dbapi.DatabaseError, match="readonly"):
            store.conn.execute("INSERT INTO meta (key, value) VALUES ('written_in_a_read', 'yes')")
        assert store.find(Patient) == []
    assert store.meta("written_in_a_read") is None
    patients.register(store, FIELDS)  # writes work again once the read is over
    assert len(store.find(Patient)) == 1
