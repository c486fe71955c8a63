"""Cameras, microphones and speakers for Settings, listed off the UI thread.

Listing asks the operating system (and on Windows and macOS, FFmpeg), which can take a moment:
it runs on a short-lived thread and the answer comes back through a queued signal.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger("ui.call.devices")
DEFAULT_MICROPHONE = "default"  # sync.call.devices lists the system default under this id
DEFAULT_SPEAKER = "default"     # sync.call.speaker.DEFAULT_SPEAKER (not imported here: that module loads aiortc)


class DeviceLister(QObject):
    """`look()` starts a listing; `found` carries a sync.call.devices.Devices."""

    found = Signal(object)

    def look(self) -> None:
        threading.Thread(target=self._list, name="device-list", daemon=True).start()

    def _list(self) -> None:
        from sync.call.devices import Devices, list_devices

        try:
            devices = list_devices(with_speakers=True)
        except Exception:  # a driver that misbehaves must not take Settings down: show nothing found
            log.exception("listing cameras, microphones and speakers failed")
            devices = Devices()
        self.found.emit(devices)


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
