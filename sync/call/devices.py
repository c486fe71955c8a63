"""Which cameras and microphones this computer has, named as FFmpeg opens them, per OS.

Linux reads sysfs and /proc/asound; Windows and macOS ask FFmpeg's DirectShow / AVFoundation
device to list itself (it prints the list to FFmpeg's log, which is captured and parsed).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
T = TypeVar("T")


def ensure_alsa_config(conf: Path | None = None) -> None:
    """Point ALSA at the system's configuration, before FFmpeg opens any ALSA device.

    PyAV's wheel carries its own libasound, which looks for its configuration in a build folder
    that does not exist on a station: without this it knows no device, not even "default". A
    value already set (by the person running the station, or a test) is left as it is.
    """
    conf = conf or SYSTEM_ALSA_CONF
    if "ALSA_CONFIG_PATH" not in os.environ and conf.exists():
        os.environ["ALSA_CONFIG_PATH"] = str(conf)


def open_first(spec: tuple[str, str | None, list[dict[str, str]]], opener: Callable[..., T]) -> T:
    """`opener(target, format=, options=)` with the first option set the device accepts (cameras
    differ in the sizes and rates they take); OSError naming the device when none works."""
    target, fmt, option_sets = spec
    error: Exception | None = None
    for options in option_sets:
        try:
            return opener(target, format=fmt, options=options)
        except Exception as exc:  # FFmpeg raises many kinds (OSError, av.error.*)
            error = exc
    raise OSError(f"cannot open {target!r}: {error}")


@dataclass(frozen=True)
class Device:
    """`id` is what open_local() takes; `name` is what a person sees in Settings."""

    id: str
    name: str


@dataclass
class Devices:
    cameras: list[Device] = field(default_factory=list)
    microphones: list[Device] = field(default_factory=list)
    speakers: list[Device] = field(default_factory=list)  # filled only when asked for (see list_devices)


def list_devices(platform: str = sys.platform, *, with_speakers: bool = False) -> Devices:
    """The cameras and microphones found now (empty lists when there are none or listing fails).

    `with_speakers`: also the speakers and headsets (sync.call.speaker), for Settings.
    """
    try:
        if platform.startswith("win"):
            found = parse_dshow(_ffmpeg_listing("dshow", "dummy"))
        elif platform == "darwin":
            found = parse_avfoundation(_ffmpeg_listing("avfoundation", ""))
        else:
            found = linux_devices()
    except OSError:
        found = Devices()
    if with_speakers:
        from sync.call.speaker import list_speakers  # loads PortAudio: only when speakers are wanted

        found.speakers = list_speakers(platform)
    return found


def _ffmpeg_listing(fmt: str, target: str) -> list[str]:
    import av
    import av.logging

    # Listing always ends in an "input not found" error: the list itself is in the log.
    with av.logging.Capture() as captured, contextlib.suppress(Exception):
        av.open(target, format=fmt, options={"list_devices": "true"}).close()
    return [message for _level, _name, message in captured]


_DSHOW_NEW = re.compile(r'^\s*"(?P<name>[^"]+)"\s*\((?P<kind>video|audio|none)\)')
_DSHOW_OLD = re.compile(r'^\s*"(?P<name>[^"]+)"\s*$')


def parse_dshow(lines: list[str]) -> Devices:
    """FFmpeg's DirectShow listing: `"Name" (video)` lines (FFmpeg >= 5) or sections (older)."""
    found = Devices()
    section: str | None = None
    for line in (part for entry in lines for part in entry.splitlines()):
        if "DirectShow video devices" in line:
            section = "video"
            continue
        if "DirectShow audio devices" in line:
            section = "audio"
            continue
        if "Alternative name" in line:
            continue
        match = _DSHOW_NEW.match(line)
        kind = match.group("kind") if match else None
        if match is None and section is not None:
            match, kind = _DSHOW_OLD.match(line), section
        if match is None or kind not in ("video", "audio"):
            continue
        device = Device(match.group("name"), match.group("name"))
        (found.cameras if kind == "video" else found.microphones).append(device)
    return found


_AVF_ITEM = re.compile(r"^\s*\[(?P<index>\d+)\]\s+(?P<name>.+?)\s*$")


def parse_avfoundation(lines: list[str]) -> Devices:
    """FFmpeg's AVFoundation listing: `[0] FaceTime HD Camera` under video/audio headings."""
    found = Devices()
    section: str | None = None
    for line in (part for entry in lines for part in entry.splitlines()):
        if "AVFoundation video devices" in line:
            section = "video"
        elif "AVFoundation audio devices" in line:
            section = "audio"
        elif (match := _AVF_ITEM.match(line)) and section:
            name = match.group("name")
            if section == "video" and name.lower().startswith("capture screen"):
                continue  # screens are listed as video devices; they are not cameras
            target = found.cameras if section == "video" else found.microphones
            target.append(Device(match.group("index"), name))
    return found


_PCM = re.compile(r"^(?P<card>\d+)-(?P<dev>\d+):\s*(?P<id>[^:]*?)\s*:\s*(?P<name>[^:]*?)\s*:(?P<rest>.*)$")


def parse_asound_pcm(text: str, direction: str = "capture") -> list[Device]:
    """ALSA capture (or "playback") devices from /proc/asound/pcm, as plughw ids (ALSA converts rate
    and format)."""
    out = []
    for line in text.splitlines():
        match = _PCM.match(line.strip())
        if match and direction in match.group("rest"):
            card, dev = int(match.group("card")), int(match.group("dev"))
            out.append(Device(f"plughw:{card},{dev}", match.group("name") or match.group("id")))
    return out


def linux_devices(sysfs: Path = Path("/sys/class/video4linux"), proc_pcm: Path = Path("/proc/asound/pcm"),
                  dev: Path = Path("/dev")) -> Devices:
    found = Devices()
    for node in sorted(sysfs.glob("video*"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
        # A camera shows several nodes; index 0 is the one that gives pictures (others carry metadata).
        index = node / "index"
        if index.exists() and index.read_text().strip() not in ("", "0"):
            continue
        name_file = node / "name"
        name = name_file.read_text().strip() if name_file.exists() else node.name
        found.cameras.append(Device(str(dev / node.name), name))
    microphones = parse_asound_pcm(proc_pcm.read_text()) if proc_pcm.exists() else []
    found.microphones = ([Device("default", "System default microphone")] if microphones else []) + microphones
    return found
