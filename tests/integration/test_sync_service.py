"""Sync in the background: when it runs, how it backs off, and what wakes it at once."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.store import Store
from sync import status
from sync.engine import Backoff, BatchSizer, EngineConfig, SyncReport
from sync.loop import NetworkLoop, SyncService, route_available
from tests.support import sync_station as clinic
from tests.support.faulty_proxy import Fault, FaultyProxy
from tests.support.server import RunningHub, run_hub


@given(seed=st.integers(0, 2**32), base=st.floats(0.5, 30), cap=st.floats(30, 3600))
def test_backoff_grows_to_its_cap_with_jitter_and_starts_over_after_a_success(seed: int, base: float,
                                                                           cap: float) -> None:
    backoff = Backoff(base, cap, random.Random(seed))
    ceilings = [min(cap, base * 2**n) for n in range(16)]
    delays = [backoff.next_delay() for _ in ceilings]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert max(delays) <= cap and delays[-1] >= cap / 2  # 0.5 s · 2¹⁵ is past any cap here
    backoff.reset()
    assert base / 2 <= backoff.next_delay() <= base


def test_two_stations_backing_off_do_not_retry_in_step() -> None:
    a, b = Backoff(5, 600, random.Random(1)), Backoff(5, 600, random.Random(2))
    pairs = [(a.next_delay(), b.next_delay()) for _ in range(8)]
    assert all(abs(x - y) > 1e-6 for x, y in pairs)


@pytest.mark.parametrize(("name", "bytes_per_second", "round_trip"), [
    ("EDGE", 100_000 / 8, 0.6), ("3G", 1_000_000 / 8, 0.3), ("broadband", 20_000_000 / 8, 0.05),
])
def test_batches_settle_near_the_target_time_on_any_link(name: str, bytes_per_second: float,
                                                         round_trip: float) -> None:
    config = EngineConfig(target_seconds=4.0)
    sizer = BatchSizer(config)
    bytes_per_change = 170
    seconds = 0.0
    for _ in range(30):
        n = sizer.count
        seconds = round_trip + n * bytes_per_change / bytes_per_second
        sizer.observe(n, n * bytes_per_change, seconds)
    if sizer.count < config.max_batch:
        assert 2.0 <= seconds <= 6.0, f"{name}: a request takes {seconds:.1f} s with {sizer.count} changes"
    else:
        assert seconds <= 6.0
    before = sizer.count
    sizer.shrink()
    assert sizer.count == max(1, before // 2)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[RunningHub]:
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", cookie_secure=False) as running:
        yield running


class Recorder:
    """Collects the service's reports, and lets a test wait for the next ones."""

    def __init__(self) -> None:
        self.reports: list[tuple[float, SyncReport]] = []
        self.statuses: list[status.SyncStatus] = []
        self.states: list[str] = []
        self._cond = threading.Condition()

    def state(self, state: str) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait_state(self, state: str, after: int = 0, timeout: float = 20.0) -> int:
        """Wait until the service enters `state` (counting from the `after`-th state); its index."""
        with self._cond:
            assert self._cond.wait_for(lambda: state in self.states[after:], timeout), \
                f"the service never became {state!r}: {self.states}"
            return self.states.index(state, after)

    def report(self, report: SyncReport) -> None:
        with self._cond:
            self.reports.append((time.monotonic(), report))
            self._cond.notify_all()

    def status(self, current: status.SyncStatus) -> None:
        self.statuses.append(current)

    def wait(self, count: int, timeout: float = 20.0) -> list[SyncReport]:
        with self._cond:
            assert self._cond.wait_for(lambda: len(self.reports) >= count, timeout), \
                f"only {len(self.reports)} syncs happened, waited for {count}"
            return [r for _t, r in self.reports]


def start(folder: Path, recorder: Recorder, **options: object) -> tuple[NetworkLoop, SyncService]:
    net = NetworkLoop().start()
    service = SyncService(lambda: clinic.open_station(folder), on_report=recorder.report,
                          on_status=recorder.status, on_state=recorder.state, **options)  # type: ignore[arg-type]
    net.submit(service.run())
    assert service.wait_ready()
    return net, service


def stop(net: NetworkLoop, service: SyncService, recorder: Recorder) -> None:
    service.stop()
    recorder.wait_state("stopped", timeout=10)
    net.stop()


def nothing_planned_soon(net: NetworkLoop, service: SyncService) -> bool:
    """Read on the loop: no wake-up is pending and the next sync is an interval away."""
    async def read() -> bool:
        return not service.wake_pending and service.next_attempt is not None \
            and service.next_attempt - time.monotonic() > service.interval / 2
    return net.submit(read()).result(5)


def test_new_records_are_sent_soon_and_a_burst_goes_in_one_sync(hub: RunningHub, tmp_path: Path) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    folder = tmp_path / "station"
    clinic.create_station(folder, hub.base_url, new.code).close()
    recorder = Recorder()
    net, service = start(folder, recorder, interval=3600, debounce=0.3)
    try:
        recorder.wait(1)  # the sync at start
        with clinic.open_station(folder) as store:
            rng = random.Random(1)
            for _ in range(4):
                clinic.consultation(store, clinic.register(store, rng), rng)
                service.changes_made()
        reports = recorder.wait(2)
        second = len(recorder.states) - 1 - recorder.states[::-1].index("syncing")
        recorder.wait_state("waiting", after=second)
        assert nothing_planned_soon(net, service), "a burst of saves must lead to one sync"
        assert len(recorder.reports) == 2
        assert reports[1].ok and reports[1].pushed.accepted >= 8
        assert recorder.statuses[-1].synced
        with clinic.open_station(folder) as store:
            clinic.assert_in_step(store, hub.engine, new.station_id)
    finally:
        stop(net, service, recorder)


def test_while_the_hub_is_unreachable_retries_back_off_and_sync_now_tries_at_once(
        hub: RunningHub, tmp_path: Path) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    folder = tmp_path / "station"
    host, port = hub.base_url.removeprefix("http://").split(":")
    down = True
    with FaultyProxy(lambda: (host, int(port)), lambda _e: Fault("refuse" if down else "pass")) as proxy:
        down = False
        store = clinic.create_station(folder, proxy.url, new.code)
        clinic.register(store, random.Random(2))
        store.close()
        down = True
        recorder = Recorder()
        net, service = start(folder, recorder, interval=3600, backoff=Backoff(0.1, 0.8, random.Random(3)))
        try:
            recorder.wait(5)
            times = [t for t, _r in recorder.reports]
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert gaps[-1] > gaps[0], f"retries did not back off: {gaps}"
            assert all(gap <= 1.5 for gap in gaps)
            last = recorder.reports[-1][1]
            assert not last.ok and "cut before it answered" in last.error.message
            assert recorder.statuses[-1].waiting == 1 and not recorder.statuses[-1].synced

            service.backoff.base = service.backoff.cap = 60.0  # a long wait is now planned...
            count = len(recorder.reports)
            recorder.wait(count + 1)
            down = False
            pressed = time.monotonic()
            service.sync_now()  # ...but a person pressed "Sync now"
            reports = recorder.wait(count + 2, timeout=10)
            assert reports[-1].ok and time.monotonic() - pressed < 5
            assert recorder.statuses[-1].synced
        finally:
            stop(net, service, recorder)


def test_the_network_coming_back_ends_the_wait(hub: RunningHub, tmp_path: Path) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    folder = tmp_path / "station"
    host, port = hub.base_url.removeprefix("http://").split(":")
    down = False
    with FaultyProxy(lambda: (host, int(port)), lambda _e: Fault("refuse" if down else "pass")) as proxy:
        clinic.create_station(folder, proxy.url, new.code).close()
        down = True
        recorder = Recorder()
        net, service = start(folder, recorder, interval=3600, backoff=Backoff(60, 600, random.Random(4)))
        try:
            first = recorder.wait(1)[0]
            assert not first.ok
            recorder.wait_state("waiting")
            assert service.next_attempt is not None and service.next_attempt - time.monotonic() > 20
            down = False
            service.network_up()
            reports = recorder.wait(2, timeout=10)
            assert reports[1].ok
        finally:
            stop(net, service, recorder)


def test_a_route_to_the_hub_is_found_on_this_computer() -> None:
    assert route_available("127.0.0.1", 80)
    assert not route_available("name-that-does-not-resolve.invalid", 80)


def test_every_request_of_the_sync_engine_runs_in_the_network_loops_executor(
        hub: RunningHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sync.client import HubClient

    threads: list[str] = []
    send = HubClient._send

    def recorded(self: HubClient, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return send(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HubClient, "_send", recorded)
    new = hub.new_station("BHU Jhok", "Thatta")
    folder = tmp_path / "station"
    store = clinic.create_station(folder, hub.base_url, new.code)
    rng = random.Random(5)
    for _ in range(3):
        clinic.consultation(store, clinic.register(store, rng), rng)
    store.close()
    recorder = Recorder()
    net, service = start(folder, recorder, interval=3600, config=EngineConfig(start_batch=2))
    try:
        [report] = recorder.wait(1)
        assert report.ok and report.requests >= 3
        assert threads and all(name.startswith("net-loop-blocking") for name in threads), threads
    finally:
        stop(net, service, recorder)


def test_stopping_the_service_closes_its_connection_to_the_station(hub: RunningHub, tmp_path: Path) -> None:
    new = hub.new_station("BHU Jhok", "Thatta")
    folder = tmp_path / "station"
    clinic.create_station(folder, hub.base_url, new.code).close()
    recorder = Recorder()
    net, service = start(folder, recorder, interval=3600)
    recorder.wait(1)
    stop(net, service, recorder)
    # Its store was opened and closed in the service's own thread; the station opens normally after.
    with Store.open(folder, "admin", clinic.ADMIN_PASSWORD) as store:
        assert status.read(store).synced


def test_a_full_disk_stops_a_sync_in_the_stations_own_words_and_it_carries_on_when_freed(
        hub: RunningHub, tmp_path: Path) -> None:
    from tests.support.small_disk import fill, small_disk

    new = hub.new_station("BHU Jhok", "Thatta")
    with small_disk(tmp_path / "disk", 24) as disk:
        folder = disk / "station"
        clinic.create_station(folder, hub.base_url, new.code).close()
        recorder = Recorder()
        net, service = start(folder, recorder, interval=3600, debounce=0.1)
        try:
            recorder.wait(1)
            filler = fill(disk)
            for _ in range(50):  # the sync writes its state (and received records) on every run
                service.sync_now()
                reports = recorder.wait(len(recorder.reports) + 1)
                if reports[-1].error is not None:
                    break
            error = reports[-1].error
            assert error is not None and error.code == "disk_full", error and error.message
            assert error.message.startswith("The disk is full: free space on") and str(folder) in error.message
            assert type(error.cause).__name__ == "DiskFull"
            filler.unlink()
            service.sync_now()
            assert recorder.wait(len(recorder.reports) + 1)[-1].ok
        finally:
            stop(net, service, recorder)
