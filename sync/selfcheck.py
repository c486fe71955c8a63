"""Self-check of what talks to the outside: camera and microphone, the hub, and the clock.

Used by `telestation selfcheck` (wired in by ui.main.wire_selfcheck) and by the app's
Help -> Check this station, which reads `hub_target` on its DB worker and runs
`device_checks` and `hub_checks` on its network loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station.selfcheck import Check
from station.store import Store
from station.texts import Text
from sync import identity
from sync.client import CLOCK_WARNING_SECONDS, HubClient, Refused, SyncError, Timeouts, describe_span

DEVICES = Text("Camera and microphone")
HUB = Text("Hub")
# A cursor past any feed: the hub answers with no changes, but only after checking the signature.
PAST_EVERY_CHANGE = 2**62


@dataclass(frozen=True)
class HubTarget:
    """Where this station syncs to and the key it signs with (read from the database)."""

    hub_url: str
    station_id: str
    private_key: Ed25519PrivateKey


def hub_target(store: Store) -> HubTarget | None:
    """The enrolled hub, or None when the station is not enrolled (it works offline)."""
    ident = identity.load(store)
    if ident is None or not ident.enrolled or ident.station_id is None:
        return None
    return HubTarget(ident.hub_url, ident.station_id, ident.private_key)


def hub_checks(target: HubTarget | None, timeouts: Timeouts | None = None,
               wall: Callable[[], float] = time.time) -> list[Check]:
    """Can the hub be reached, does it accept this station, and how far off is this computer's clock.

    `wall` is this computer's clock (tests set it off on purpose)."""
    if target is None:
        return [Check(HUB, "skipped", Text("This station is not connected to a hub yet; it works offline. An "
                                           "administrator connects it with the code from the hub administrator."))]
    client = HubClient(target.hub_url, target.station_id, target.private_key,
                       timeouts=timeouts or Timeouts(connect=10.0, read=20.0), wall=wall)
    try:
        started = time.monotonic()
        try:
            offset = client.measure_clock()
        except SyncError as exc:
            return [Check(HUB, "failed", Text("{hub} did not answer: {reason}", hub=target.hub_url,
                                              reason=exc.message))]
        seconds = time.monotonic() - started
        try:
            client.pull(PAST_EVERY_CHANGE, 1)
        except Refused as exc:
            hub = Check(HUB, "failed", Text("{hub} answers but refuses this station: {reason}", hub=target.hub_url,
                                            reason=exc.message))
        except SyncError as exc:
            hub = Check(HUB, "failed", Text("{hub} answers the time but not a signed request: {reason}",
                                            hub=target.hub_url, reason=exc.message))
        else:
            hub = Check(HUB, "ok", Text("{hub} answers in {seconds} s and accepts this station.",
                                        hub=target.hub_url, seconds=f"{seconds:.1f}"))
    finally:
        client.close()
    return [hub, clock_check(offset)]


def clock_check(offset_seconds: float) -> Check:
    """`offset_seconds`: what to add to this computer's clock to get the hub's."""
    span = describe_span(abs(offset_seconds))
    if abs(offset_seconds) >= CLOCK_WARNING_SECONDS:
        advice = Text("Records still sync in the right order, but dates shown and printed may be wrong: set the "
                      "correct date and time in the computer's settings.")
        if offset_seconds > 0:
            words = Text("This computer's clock is {span} behind the hub's. {advice}", span=span, advice=advice)
        else:
            words = Text("This computer's clock is {span} ahead of the hub's. {advice}", span=span, advice=advice)
        return Check(Text("Clock"), "warning", words)
    return Check(Text("Clock"), "ok", Text("Within {span} of the hub's clock.", span=span))


# -- camera and microphone ------------------------------------------------------------------
def device_checks() -> list[Check]:
    """Cameras and microphones video consults can use. Never raises: a station works without them."""
    list_devices = _device_lister()
    if list_devices is None:
        return [Check(DEVICES, "skipped", Text("Camera check unavailable: this program was installed without "
                                               "video consults."))]
    try:
        cameras, microphones = split_devices(list_devices())
    except Exception as exc:  # drivers fail in many ways; the report says so and goes on
        return [Check(DEVICES, "warning", Text("Camera check unavailable: the devices could not be listed "
                                               "({reason}).", reason=f"{type(exc).__name__}: {exc}"))]
    return [_device_check(Text("Camera"), cameras, Text("video consults will be audio-only")),
            _device_check(Text("Microphone"), microphones, Text("video consults need one to be heard"))]


def _device_lister() -> Callable[[], Any] | None:
    """sync.call.devices' list_devices, or None in a build made without video consults."""
    try:
        from sync.call.devices import list_devices
    except ImportError:
        return None
    return list_devices


def _device_check(kind: str, names: list[str], without: str) -> Check:
    if not names:
        return Check(kind, "warning", Text("None found: {without}. Plug one in and check again.", without=without))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return Check(kind, "ok", Text("{count} found ({names}).", count=len(names), names=shown))


def split_devices(found: Any) -> tuple[list[str], list[str]]:
    """(camera names, microphone names) from `list_devices()`: sync.call.devices.Devices, or a mapping
    with the same two keys."""
    def names(key: str) -> list[str]:
        items = found.get(key) if isinstance(found, Mapping) else getattr(found, key, None)
        return [_name(item) for item in items or ()]

    return names("cameras"), names("microphones")


def _name(item: Any) -> str:
    if isinstance(item, str):
        return item
    value = item.get("name") if isinstance(item, Mapping) else getattr(item, "name", None)
    return str(value or getattr(item, "id", None) or item)


# -- the command line's probe ---------------------------------------------------------------
def checks(data_dir: Path, store: Store | None) -> list[Check]:
    """station.selfcheck's hook: devices always; the hub when the station was opened."""
    out = device_checks()
    if store is None:
        out.append(Check(HUB, "skipped", "Not checked: add --as USER --password-file FILE to check the "
                                         "connection to the hub."))
    else:
        out += hub_checks(hub_target(store))
    return out
