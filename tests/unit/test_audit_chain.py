"""The audit log is a hash chain: any edit, deletion or reordering is found and named."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station import audit
from station.store import Store


def _fill(store: Store, n: int) -> None:
    for i in range(n):
        store.audit("chart.open", "patient", f"p{i}")


def test_an_untouched_log_verifies(store: Store) -> None:
    _fill(store, 20)
    checked, broken = audit.verify(store.conn)
    assert broken is None and checked >= 20


@pytest.mark.parametrize("tamper", ["edit", "delete", "delete_last", "reorder", "edit_hash"])
def test_tampering_is_always_detected(store: Store, tamper: str) -> None:
    _fill(store, 30)
    conn = store.conn
    target = 15
    if tamper == "edit":
        conn.execute("UPDATE audit SET record_id = 'someone-else' WHERE seq = ?", (target,))
    elif tamper == "delete":
        conn.execute("DELETE FROM audit WHERE seq = ?", (target,))
    elif tamper == "delete_last":
        target = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
        conn.execute("DELETE FROM audit WHERE seq = ?", (target,))
    elif tamper == "reorder":
        a = conn.execute("SELECT * FROM audit WHERE seq = ?", (target,)).fetchone()
        b = conn.execute("SELECT * FROM audit WHERE seq = ?", (target + 1,)).fetchone()
        conn.execute("UPDATE audit SET at=?, username=?, action=?, entity=?, record_id=?, detail=?, prev_hash=?, "
                     "hash=? WHERE seq=?", (*b[1:], target))
        conn.execute("UPDATE audit SET at=?, username=?, action=?, entity=?, record_id=?, detail=?, prev_hash=?, "
                     "hash=? WHERE seq=?", (*a[1:], target + 1))
    elif tamper == "edit_hash":
        conn.execute("UPDATE audit SET hash = ? WHERE seq = ?", ("f" * 64, target))
    _checked, broken = audit.verify(conn)
    assert broken is not None
    assert broken.seq in (target, target + 1)
    assert f"Audit entry {broken.seq}" in broken.describe()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(["edit", "delete", "swap"]))
def test_random_tampering_is_detected_at_or_before_the_touched_entry(tmp_path_factory, seed: int, kind: str) -> None:
    from tests.conftest import FAST_KDF

    s, _ = Store.create(tmp_path_factory.mktemp("a"), "C", "D", "admin", "long password", kdf=FAST_KDF)
    with s:
        _fill(s, 12)
        rng = random.Random(seed)
        total = s.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
        n = rng.randint(1, total - 1)
        if kind == "edit":
            s.conn.execute("UPDATE audit SET detail = detail || ' ' WHERE seq = ?", (n,))
        elif kind == "delete":
            s.conn.execute("DELETE FROM audit WHERE seq = ?", (n,))
        else:
            s.conn.execute("UPDATE audit SET seq = -1 WHERE seq = ?", (n,))
            s.conn.execute("UPDATE audit SET seq = ? WHERE seq = ?", (n, n + 1))
            s.conn.execute("UPDATE audit SET seq = ? WHERE seq = -1", (n + 1,))
        _, broken = audit.verify(s.conn)
        assert broken is not None and broken.seq <= n + 1
