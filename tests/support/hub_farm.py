"""Several `telehub serve` processes on one database behind Debian's nginx, as a deployment runs.

Used by the two-process integration test and by bench/hub.py. nginx gets its own configuration,
logs and temp folders in a temp folder; its access log records which hub process (upstream)
answered each request, so tests can show that work really crossed processes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .server import free_port

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_SKIP = ("needs root and Debian's nginx to run a reverse proxy in front of two hub processes "
              "(as root: apt-get install nginx, or `make system-deps`)")


def nginx_available() -> bool:
    return os.geteuid() == 0 and Path(NGINX).exists()


NGINX_CONF = """\
worker_processes 1;
user root;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  log_format upstreams '$request_method $uri $status $upstream_addr';
  access_log {folder}/access.log upstreams;
  client_body_temp_path {folder}/client_body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  client_max_body_size 10m;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  upstream hubs {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://hubs;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 300s;
      proxy_buffering off;
    }}
  }}
}}
"""


@dataclass
class HubFarm:
    """Hub processes (`hubs`: pid by upstream address) behind nginx at `base_url`."""

    base_url: str
    folder: Path
    hubs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def upstreams(self, method: str, path_prefix: str) -> list[str]:
        """The hub process (host:port) that answered each matching request, in order."""
        lines = (self.folder / "access.log").read_text().splitlines()
        out = []
        for line in lines:
            parts = line.split()
            if len(parts) >= 4 and parts[0] == method and parts[1].startswith(path_prefix):
                out.append(parts[3])
        return out


def wait_until_up(url: str, process: subprocess.Popen[bytes] | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(url + "/api/v1/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process serving {url} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing answered at {url} within {timeout:.0f} s")
        time.sleep(0.1)


@contextmanager
def hub_process(db_url: str, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`telehub serve` on 127.0.0.1:`port` (plain HTTP: it sits behind the proxy)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--port", str(port), "--insecure-cookies"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def nginx(folder: Path, upstreams: list[str]) -> Iterator[str]:
    """nginx on a free loopback port, balancing round-robin over `upstreams`; yields its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    servers = "\n".join(f"    server {u};" for u in upstreams)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, servers=servers, port=port))
    process = subprocess.Popen([NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(url, process, timeout=30)
        except RuntimeError as exc:
            errors = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
            raise RuntimeError(f"{exc}; nginx said: {errors[-2000:]}") from None
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def hub_farm(db_url: str, folder: Path, processes: int = 2) -> Iterator[HubFarm]:
    """`processes` hubs on `db_url` (already migrated) behind one nginx."""
    with ExitStack() as stack:
        hubs: dict[str, subprocess.Popen[bytes]] = {}
        for index in range(processes):
            port = free_port()
            hubs[f"127.0.0.1:{port}"] = stack.enter_context(hub_process(db_url, port, folder / f"hub{index}.log"))
        url = stack.enter_context(nginx(folder / "nginx", list(hubs)))
        yield HubFarm(url, folder / "nginx", hubs)
