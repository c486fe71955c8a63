"""One clock per station database: every Store, thread and process issues unique, rising values.

The app opens two Stores on one database (the UI's worker and the sync thread's); a second process
(a command-line backup, an import) may write too. Each write transaction takes the clock from the
database under the write lock, so no value repeats and the stored clock never goes back.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from station import patients
from station.store import Store
from sync.wire.ids import parse_hlc
from tests.conftest import ADMIN_PASSWORD, FAST_KDF


def _fields(n: int) -> dict[str, str]:
    return {"name": f"Patient {n}", "father_name": "Aslam", "sex": "female", "village": "Jhok", "district": "Thatta", "estimated_age_years": 30}


def _outbox_clocks(store: Store) -> list[str]:
    """Clock values in commit order: outbox rows are appended under the write lock."""
    return [row[0] for row in store.conn.execute("SELECT hlc FROM outbox ORDER BY rowid")]


def _assert_rising(values: list[str]) -> None:
    keys = [parse_hlc(v)[:2] for v in values]
    assert all(a < b for a, b in itertools.pairwise(keys)), "clock repeated or went back"


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("one-clock") / "station"
    first, _ = Store.create(folder, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    second = Store.open(folder, "admin", ADMIN_PASSWORD)
    for s in (first, second):
        s.conn.execute("PRAGMA synchronous = OFF")  # this test is about order, not durability
    yield first, second
    first.close()
    second.close()


# Each step: which Store writes, and how its machine's wall clock moves (years back, a little back,
# standing still, forward): the clock must rise whatever the walls say.
STEP = st.tuples(st.integers(0, 1), st.sampled_from([-10 * 365 * 86_400_000, -5_000, -1, 0, 0, 1, 7, 60_000]))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_two_stores_on_one_database_never_repeat_or_go_back(two_stores: tuple[Store, Store],
                                                            steps: list[tuple[int, int]]) -> None:
    stores = two_stores
    walls = [1_800_000_000_000.0, 1_800_000_000_000.0]
    for i, s in enumerate(stores):
        s.clock._wall = (lambda i=i: walls[i] / 1000)
    issued = []
    for which, delta in steps:
        walls[which] += delta
        s = stores[which]
        with s.atomic():
            issued.append(s.clock.now())
            issued.append(s.clock.now())
        stored = s.meta("hlc_last")
        assert stored == issued[-1]
    _assert_rising(issued)
    # What is stored is the highest value either has issued.
    assert max(parse_hlc(v)[:2] for v in issued) == parse_hlc(stores[0].meta("hlc_last"))[:2]


def test_two_stores_in_two_threads_and_a_second_process_issue_unique_rising_values(tmp_path: Path) -> None:
    folder = tmp_path / "station"
    first, _ = Store.create(folder, "BHU Jhok", "Thatta", "admin", ADMIN_PASSWORD, kdf=FAST_KDF)
    first.close()
    per_writer = 60
    errors: list[BaseException] = []

    def write(offset: int) -> None:
        try:
            with Store.open(folder, "admin", ADMIN_PASSWORD) as s:
                for n in range(per_writer):
                    patients.register(s, _fields(offset + n), confirmed_new=True)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    other = textwrap.dedent(f"""
        from station import patients
        from station.store import Store
        with Store.open({str(folder)!r}, "admin", {ADMIN_PASSWORD!r}) as s:
            for n in range({per_writer}):
                patients.register(s, {{"name": f"Process {{n}}", "father_name": "Aslam", "sex": "male",
                                       "village": "Jhok", "district": "Thatta", "estimated_age_years": 40}}, confirmed_new=True)
    """)
    process = subprocess.Popen([sys.executable, "-c", other], cwd=Path(__file__).resolve().parents[2])
    threads = [threading.Thread(target=write, args=(k * 1000,)) for k in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert process.wait(timeout=120) == 0
    assert not errors, errors

    with Store.open(folder, "admin", ADMIN_PASSWORD) as s:
        clocks = _outbox_clocks(s)
        assert len(clocks) == 3 * per_writer
        assert len(set(clocks)) == len(clocks)
        _assert_rising(clocks)
        assert s.meta("hlc_last") == clocks[-1]


def test_a_failure_reading_the_clock_under_the_write_lock_leaves_no_transaction_open(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # The clock is read just after BEGIN IMMEDIATE; a disk that fails at that read must not leave
    # the write lock held (every later write of this Store, the sync thread's and other programs'
    # would then fail too).
    from station.errors import StationError
    from station.sqlite import DatabaseError

    real_meta = store.meta

    def failing(key: str, default: str | None = None) -> str | None:
        if key == "hlc_last":
            raise DatabaseError("disk I/O error")
        return real_meta(key, default)

    monkeypatch.setattr(store, "meta", failing)
    with pytest.raises((DatabaseError, StationError)):
        patients.register(store, _fields(1), confirmed_new=True)
    assert not store.conn.in_transaction, "the write lock is still held"
    monkeypatch.setattr(store, "meta", real_meta)
    patients.register(store, _fields(2), confirmed_new=True)
    assert [p.name for p in store.find(patients.Patient)] == ["Patient 2"]
