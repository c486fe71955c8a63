"""Cameras, microphones and speakers, listed off the UI thread (Settings, the referral form).

Listing asks the operating system (and on Windows and macOS, FFmpeg), which can take a moment:
it runs on the app's one device worker (a single thread, `devices`, made on first use; listings
wait their turn there) and the answer comes back through a queued signal. The UI thread never
waits for it.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger("ui.call.devices")
DEFAULT_MICROPHONE = "default"  # sync.call.devices lists the system default under this id
DEFAULT_SPEAKER = "default"     # sync.call.speaker.DEFAULT_SPEAKER (not imported here: that module loads aiortc)


class DeviceWorker:
    """One daemon thread running device jobs in turn (a driver that hangs must not hold up quitting)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        threading.Thread(target=self._run, name="devices", daemon=True).start()

    def submit(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:
                log.exception("a device job failed")


_worker: DeviceWorker | None = None
_worker_lock = threading.Lock()


def device_worker() -> DeviceWorker:
    """The one thread where cameras, microphones and speakers are listed."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = DeviceWorker()
        return _worker


def _all_devices() -> Any:
    from sync.call.devices import list_devices

    return list_devices(with_speakers=True)


def _nothing_found() -> Any:
    from sync.call.devices import Devices

    return Devices()


class DeviceLister(QObject):
    """`look()` starts a listing; `found` carries what `listing` returned (by default a
    sync.call.devices.Devices with the speakers), or `nothing` when listing failed."""

    found = Signal(object)

    def __init__(self, parent: QObject | None = None, listing: Callable[[], Any] = _all_devices,
                 nothing: Callable[[], Any] = _nothing_found) -> None:
        super().__init__(parent)
        self._listing = listing
        self._nothing = nothing

    def look(self) -> None:
        device_worker().submit(self._list)

    def _list(self) -> None:
        try:
            result = self._listing()
        except Exception:  # a driver that misbehaves must not take the screen down: show nothing found
            log.exception("listing cameras, microphones and speakers failed")
            result = self._nothing()
        with contextlib.suppress(RuntimeError):  # the screen was closed while the listing ran
            self.found.emit(result)


def microphone_name(device_id: str, name: str) -> str:
    """A microphone's name for a person (the system default named in the interface language)."""
    if device_id == DEFAULT_MICROPHONE:
        return QCoreApplication.translate("Call", "The computer's usual microphone")
    return name


def speaker_name(device_id: str, name: str) -> str:
    """A speaker's name for a person (the computer's usual one named in the interface language)."""
    if device_id == DEFAULT_SPEAKER:
        return QCoreApplication.translate("Call", "The computer's usual speaker")
    return name
