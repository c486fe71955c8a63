"""A packet-level rural link between two network namespaces (this kernel has no netem).

Two namespaces, one TUN device in each, and one emulator process forwarding IP packets
between them. Per direction it applies, in this order: random loss, a rate-limited FIFO queue
(tail drop when full), and a fixed one-way delay of half the round trip. It counts the IP
bytes it carries, so tests can report real wire bytes (headers, handshakes and resends
included).

    with Link(EDGE) as link:                     # needs root
        link.popen_in(link.hub_ns, [...])        # a process on the hub side
        link.call_in(link.station_ns, fn)        # a function in a thread on the station side
        link.modem(False); link.modem(True)      # the station's interface down / up
        link.change(BELOW_EDGE)                  # the link gets worse (or better) mid-call
        link.stats()                             # bytes and drops per direction

Run as a module, this file is the emulator process itself (the Link class starts it).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import heapq
import json
import os
import random
import select
import shutil
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
STATION_IP, HUB_IP = "10.77.0.1", "10.77.0.2"


@dataclass(frozen=True)
class Profile:
    """A link: rate per direction (bit/s), round-trip time (s), packet loss per direction (0..1)."""

    name: str
    rate: float
    rtt: float
    loss: float
    queue_seconds: float = 1.0  # the queue holds this much traffic at the rate (cellular buffers are deep)

    @property
    def queue_bytes(self) -> int:
        return max(16_000, int(self.rate / 8 * self.queue_seconds))


EDGE = Profile("EDGE", 100_000, 0.600, 0.02)
THREE_G = Profile("3G", 1_000_000, 0.300, 0.005)
# The link video consults must survive (issue 6): EDGE at its best rate, same delay and loss.
EDGE_CALL = Profile("EDGE-call", 256_000, 0.600, 0.02)
# Below EDGE: a GPRS-class link at the edge of a cell; room for voice both ways, not for video.
BELOW_EDGE = Profile("below-EDGE", 48_000, 0.800, 0.03)


def why_unavailable() -> str | None:
    """Why this machine cannot run the emulator, or None if it can."""
    if os.geteuid() != 0:
        return "link emulation needs root (network namespaces and TUN devices); run the tests as root"
    if not Path("/dev/net/tun").exists():
        return "link emulation needs /dev/net/tun (the TUN driver)"
    if shutil.which("ip") is None:
        return "link emulation needs the 'ip' command (apt-get install iproute2)"
    return None


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def enter_netns(name: str) -> None:
    """Move the calling thread into network namespace `name` (threads it starts follow)."""
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    try:
        if _libc().setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns({name}): {os.strerror(errno)}")
    finally:
        os.close(fd)


def call_in(ns: str, fn: Callable[..., T], *args: Any, timeout: float = 120.0) -> T:
    """Run fn(*args) in a new thread inside namespace `ns` (a loop it starts stays there)."""
    result: list[Any] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            enter_netns(ns)
            result.append(fn(*args))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=run, name=f"in-{ns}", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"{getattr(fn, '__name__', fn)} did not finish in {timeout} s inside {ns}")
    if error:
        raise error[0]
    return result[0]


def _open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


class Direction:
    """Loss, then a FIFO queue drained at the link rate, then a fixed delay."""

    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self.profile = profile
        self.rng = rng
        self.free_at = 0.0  # when the link finishes sending what is queued
        self.down = False
        self.stats = {"packets": 0, "bytes": 0, "lost": 0, "queue_drops": 0, "delivered_bytes": 0}

    def admit(self, size: int, now: float) -> float | None:
        """When a packet arriving now is delivered, or None if it is dropped."""
        self.stats["packets"] += 1
        self.stats["bytes"] += size
        if self.down or self.rng.random() < self.profile.loss:
            self.stats["lost"] += 1
            return None
        backlog = max(0.0, self.free_at - now) * self.profile.rate / 8
        if backlog + size > self.profile.queue_bytes:
            self.stats["queue_drops"] += 1
            return None
        self.free_at = max(now, self.free_at) + size * 8 / self.profile.rate
        self.stats["delivered_bytes"] += size
        return self.free_at + self.profile.rtt / 2


def emulate(ns_a: str, ns_b: str, dev: str, profile: Profile, seed: int) -> None:
    """The emulator process: open both TUNs, say 'ready', forward until stdin closes."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    enter_netns(ns_a)
    fd_a = _open_tun(dev)
    enter_netns(ns_b)
    fd_b = _open_tun(dev)
    if _libc().setns(home, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns back")
    rng = random.Random(seed)
    up, down = Direction(profile, rng), Direction(profile, rng)  # station→hub, hub→station
    routes = {fd_a: (up, fd_b), fd_b: (down, fd_a)}
    pending: list[tuple[float, int, int, bytes]] = []
    counter = 0
    print(json.dumps({"ready": True}), flush=True)
    stdin = sys.stdin.fileno()
    while True:
        timeout = max(0.0, pending[0][0] - time.monotonic()) if pending else 1.0
        readable, _, _ = select.select([fd_a, fd_b, stdin], [], [], timeout)
        now = time.monotonic()
        for fd in readable:
            if fd == stdin:
                line = sys.stdin.readline()
                if not line:
                    return
                reply = _command(line.split(), up, down)
                print(json.dumps(reply), flush=True)
                continue
            direction, out = routes[fd]
            while True:
                try:
                    packet = os.read(fd, 65536)
                except BlockingIOError:
                    break
                at = direction.admit(len(packet), now)
                if at is not None:
                    counter += 1
                    heapq.heappush(pending, (at, counter, out, packet))
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _at, _n, out, packet = heapq.heappop(pending)
            with contextlib.suppress(OSError):  # the interface is down: lost, as on a real link
                os.write(out, packet)


def _command(words: list[str], up: Direction, down: Direction) -> dict[str, Any]:
    if words[:1] == ["stats"]:
        return {"up": dict(up.stats), "down": dict(down.stats)}
    if words[:1] == ["cut"]:
        up.down = down.down = True
        return {"ok": True}
    if words[:1] == ["restore"]:
        up.down = down.down = False
        return {"ok": True}
    if words[:1] == ["profile"] and len(words) == 2:
        # The link changes under a running call (the train leaves the tower's cell, then comes back).
        changed = Profile(**json.loads(words[1]))
        for d in (up, down):
            d.profile = changed
        return {"ok": True}
    if words[:1] == ["reset"]:
        for d in (up, down):
            d.stats = dict.fromkeys(d.stats, 0)
        return {"ok": True}
    return {"error": f"unknown command {words!r}"}


class Link:
    """Two namespaces joined by the emulated link; station at 10.77.0.1, hub at 10.77.0.2."""

    def __init__(self, profile: Profile, seed: int = 1, congestion: str = "cubic") -> None:
        self.profile = profile
        self.seed = seed
        self.congestion = congestion
        tag = uuid.uuid4().hex[:8]
        self.station_ns, self.hub_ns = f"tst-sta-{tag}", f"tst-hub-{tag}"
        self.dev = "rural0"
        self.process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Link:
        reason = why_unavailable()
        if reason:
            raise RuntimeError(reason)
        for ns in (self.station_ns, self.hub_ns):
            _ip("netns", "add", ns)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.linkemu", self.station_ns, self.hub_ns, self.dev,
                 json.dumps(asdict(self.profile)), str(self.seed)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
            assert self.process.stdout is not None
            ready = self.process.stdout.readline()
            if not ready:
                raise RuntimeError("the link emulator did not start")
            for ns, mine, peer in ((self.station_ns, STATION_IP, HUB_IP), (self.hub_ns, HUB_IP, STATION_IP)):
                # CUBIC: what Windows clinic PCs and most Linux servers use (this kernel's default may differ).
                subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                                f"net.ipv4.tcp_congestion_control={self.congestion}"], check=False,
                               capture_output=True)
                _ip("-n", ns, "link", "set", "lo", "up")
                _ip("-n", ns, "addr", "add", f"{mine}/32", "peer", f"{peer}/32", "dev", self.dev)
                _ip("-n", ns, "link", "set", self.dev, "up")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            self.process = None
        for ns in (self.station_ns, self.hub_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)

    def _ask(self, command: str) -> dict[str, Any]:
        assert self.process is not None and self.process.stdin and self.process.stdout
        with self._lock:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
            return json.loads(self.process.stdout.readline())

    def stats(self) -> dict[str, dict[str, int]]:
        """Per direction ("up": station→hub, "down": hub→station): packets, bytes, lost, queue_drops."""
        return self._ask("stats")

    def reset_stats(self) -> None:
        self._ask("reset")

    def change(self, profile: Profile) -> None:
        """From now on the link behaves as `profile` (what is already queued or in flight is kept)."""
        self._ask("profile " + json.dumps(asdict(profile), separators=(",", ":")))
        self.profile = profile

    def cut(self) -> None:
        """Every packet lost from now on (a dead link: the interface stays up)."""
        self._ask("cut")

    def restore(self) -> None:
        self._ask("restore")

    def modem(self, on: bool) -> None:
        """Switch the station's interface off or on (no route to the hub while off)."""
        _ip("-n", self.station_ns, "link", "set", self.dev, "up" if on else "down")

    def popen_in(self, ns: str, args: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
        return subprocess.Popen(["ip", "netns", "exec", ns, *args], **kwargs)

    def start_hub(self, db_url: str, log: Path, port: int = 8000) -> subprocess.Popen[bytes]:
        """`telehub serve` on the hub side at http://10.77.0.2:`port`; returns once it listens."""
        process = self.popen_in(self.hub_ns, [sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--host",
                                              HUB_IP, "--port", str(port), "--insecure-cookies"],
                                cwd=Path(__file__).parents[2], stdout=log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the hub stopped at start (see {log})")
            probe = subprocess.run(["ip", "netns", "exec", self.hub_ns, "ss", "-Htln", f"sport = :{port}"],
                                   capture_output=True, text=True, check=False)
            if probe.stdout.strip():
                return process
            time.sleep(0.2)
        process.kill()
        raise RuntimeError(f"the hub did not start listening within 60 s (see {log})")

    def call_in(self, ns: str, fn: Callable[..., T], *args: Any, timeout: float = 600.0) -> T:
        """Run fn(*args) in a new thread inside namespace `ns` and return its result (or raise its error)."""
        return call_in(ns, fn, *args, timeout=timeout)


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="forward packets between two TUN devices as a rural link")
    parser.add_argument("ns_a")
    parser.add_argument("ns_b")
    parser.add_argument("dev")
    parser.add_argument("profile", help="JSON of a Profile")
    parser.add_argument("seed", type=int)
    args = parser.parse_args(argv)
    emulate(args.ns_a, args.ns_b, args.dev, Profile(**json.loads(args.profile)), args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
