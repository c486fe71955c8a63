"""The sync driver keeps hold of the service it started last, whatever an older one does later."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from station.errors import DamagedDatabase
from ui.netloop import NetLoop
from ui.ops import DbWorker
from ui.sync_driver import SyncDriver


class _Bar:
    """Records what the driver tells the sync bar."""

    def __init__(self) -> None:
        self.figures = SimpleNamespace(online=None, last_error=None)
        self.said: list[tuple[object, ...]] = []

    def update_live(self, *args: object) -> None:
        self.said.append(args)

    def failed(self, words: str, online: bool | None = None) -> None:
        self.update_live(online, False, words)

    def refresh(self) -> None:
        pass


def test_a_service_that_fails_after_it_was_replaced_leaves_the_new_one_in_charge(qtbot, tmp_path: Path,
                                                                                  caplog) -> None:
    ops, net = DbWorker(tmp_path), NetLoop()
    ops.user = object()  # signed in, as far as the driver asks
    bar = _Bar()
    driver = SyncDriver(SimpleNamespace(ops=ops, net=net, status=bar, admin_page=None))
    release_old, release_new = threading.Event(), threading.Event()
    old_opening, new_opening = threading.Event(), threading.Event()

    def opener(opening: threading.Event, release: threading.Event):
        def open_store():
            opening.set()
            release.wait(30)  # a station database busy with another program's long write
            raise DamagedDatabase("The station database could not be opened.")
        return open_store

    try:
        driver._launch(("http://hub.invalid", opener(old_opening, release_old)))
        assert old_opening.wait(10)
        # The station locks and the person signs in again while the old service is still opening.
        driver.stop()
        driver._launch(("http://hub.invalid", opener(new_opening, release_new)))
        current = driver.service
        assert current is not None and new_opening.wait(10)

        with caplog.at_level("INFO", logger="ui.sync_driver"):
            release_old.set()  # the stopped service's opening fails now
            qtbot.waitUntil(lambda: any("sync service stopped" in r.getMessage() for r in caplog.records),
                            timeout=10_000)
        assert driver.service is current, "the running service was forgotten: locking would not stop it"
        assert not any(said[2] for said in bar.said[1:]), "a stopped service's failure was shown"

        release_new.set()  # the current one failing is said on the bar, and forgotten
        qtbot.waitUntil(lambda: driver.service is None, timeout=5_000)
        assert bar.said[-1][2] == "The station database could not be opened."
    finally:
        release_old.set()
        release_new.set()
        net.stop()
        ops.shutdown()
