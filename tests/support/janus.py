"""Debian's Janus started for one test: its own config folder, free ports, token auth on.

The config mirrors what README's "Several specialists in one call" section asks an installer to
set: HTTP transport only, token_auth with an HMAC secret (the hub's --sfu secret), and the same
secret as the VideoRoom and AudioBridge `admin_key`, so only the hub can create rooms.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

JANUS = Path("/usr/bin/janus")
LIB = Path("/usr/lib/x86_64-linux-gnu/janus")
WANTED_PLUGINS = ("libjanus_videoroom.so", "libjanus_audiobridge.so")


def why_no_janus() -> str | None:
    """Why Janus cannot run here (None when it can)."""
    if not JANUS.exists():
        return f"needs Debian's Janus at {JANUS}: apt-get install -y janus"
    if not (LIB / "plugins" / WANTED_PLUGINS[0]).exists():
        return f"Janus's VideoRoom plugin is missing under {LIB / 'plugins'}"
    return None


@dataclass(frozen=True)
class RunningJanus:
    url: str  # the HTTP API, e.g. http://127.0.0.1:PORT/janus
    secret: str
    log: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _free_udp_range(size: int = 200) -> tuple[int, int]:
    """A block of UDP ports (by pid, checked free) so parallel test runs do not share media ports."""
    base = 30000 + (os.getpid() * 7919) % 25000
    for start in range(base, base + 10 * size, size):
        ok = True
        for port in range(start, start + size, 37):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return start, start + size - 1
    return base, base + size - 1


def write_config(folder: Path, http_port: int, secret: str, rtp: tuple[int, int], interface: str = "lo") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    disabled_plugins = ",".join(p.name for p in (LIB / "plugins").glob("*.so") if p.name not in WANTED_PLUGINS)
    disabled_transports = ",".join(p.name for p in (LIB / "transports").glob("*.so") if p.name != "libjanus_http.so")
    (folder / "janus.jcfg").write_text(f"""
general: {{
  configs_folder = "{folder}"
  plugins_folder = "{LIB / 'plugins'}"
  transports_folder = "{LIB / 'transports'}"
  events_folder = "{LIB / 'events'}"
  loggers_folder = "{LIB / 'loggers'}"
  debug_level = 4
  token_auth = true
  token_auth_secret = "{secret}"
  admin_secret = "{secrets.token_hex(16)}"
  session_timeout = 60
  server_name = "telehub-test"
}}
media: {{
  rtp_port_range = "{rtp[0]}-{rtp[1]}"
}}
nat: {{
  ice_enforce_list = "{interface}"
  ignore_mdns = true
}}
plugins: {{
  disable = "{disabled_plugins}"
}}
transports: {{
  disable = "{disabled_transports}"
}}
events: {{
  broadcast = false
}}
loggers: {{
  disable = "libjanus_jsonlog.so"
}}
""")
    (folder / "janus.transport.http.jcfg").write_text(f"""
general: {{
  json = "compact"
  base_path = "/janus"
  http = true
  port = {http_port}
  ip = "127.0.0.1"
  https = false
}}
admin: {{
  admin_http = false
}}
""")
    (folder / "janus.plugin.videoroom.jcfg").write_text(f'general: {{\n  admin_key = "{secret}"\n}}\n')
    (folder / "janus.plugin.audiobridge.jcfg").write_text(f'general: {{\n  admin_key = "{secret}"\n}}\n')


@contextmanager
def run_janus(tmp: Path, interface: str = "lo") -> Iterator[RunningJanus]:
    """Janus on 127.0.0.1 with a config of its own; stopped (by its pid) afterwards."""
    problem = why_no_janus()
    if problem:
        raise RuntimeError(problem)
    folder = tmp / f"janus-{os.getpid()}"
    secret = secrets.token_urlsafe(24)
    port = _free_port()
    write_config(folder, port, secret, _free_udp_range(), interface)
    log = folder / "janus.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(JANUS), "-F", str(folder), "-C", str(folder / "janus.jcfg"),
                                    "--log-stdout"], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/janus"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"janus exited early:\n{log.read_text(errors='replace')[-4000:]}")
            try:
                if requests.get(f"{url}/info", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"janus did not answer within 20 s:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.1)
        yield RunningJanus(url, secret, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# Janus (libnice) never offers loopback candidates, so media tests run in a network namespace
# with a veth pair: everyone's candidates are on NETNS_ADDRESS, which nothing outside can reach.
NETNS_INTERFACE, NETNS_ADDRESS = "sfu0", "10.77.0.1"
NETNS_SETUP = (f"ip link set lo up && ip link add {NETNS_INTERFACE} type veth peer name sfu1 && "
               f"ip addr add {NETNS_ADDRESS}/24 dev {NETNS_INTERFACE} && ip addr add 10.77.0.2/24 dev sfu1 && "
               f"ip link set {NETNS_INTERFACE} up && ip link set sfu1 up")


@contextmanager
def namespace_ice() -> Iterator[None]:
    """Let aioice offer the namespace's address only."""
    import aioice.ice

    original = aioice.ice.get_host_addresses
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [NETNS_ADDRESS] if use_ipv4 else []
    try:
        yield
    finally:
        aioice.ice.get_host_addresses = original


def rerun_in_namespace(node: str, inside: str, root: Path, timeout: float = 400) -> subprocess.CompletedProcess[str]:
    """Run one pytest node again inside a fresh network namespace set up for Janus."""
    import sys

    return subprocess.run(
        ["unshare", "-n", "sh", "-c", NETNS_SETUP + ' && exec "$0" -m pytest -q -p no:cacheprovider "$1"',
         sys.executable, node],
        cwd=root, env={**os.environ, inside: "1"}, capture_output=True, text=True, timeout=timeout, check=False)
