"""Two networks that meet only at a server running the hub and Debian's coturn.

Three network namespaces: the clinic (station), the hospital (specialist's browser) and the
server. Each side has a veth link to the server's namespace and reaches one address there,
SERVER_IP, where the hub and coturn listen; the server does not forward packets, so the two
sides can only exchange media through coturn's relay ports. iptables rules in the server
namespace count the bytes on those ports; `block_udp` drops a side's UDP (a clinic network
that lets only TCP out). coturn runs with `use-auth-secret` and the hub's secret, on UDP 3478
and TLS 5349 with a certificate from a throw-away test CA.

    with RelayNetworks() as nets:                 # needs root, ip, iptables and turnserver
        coturn = nets.start_coturn(secret, tmp_path)
        nets.relayed_bytes()                       # bytes through coturn's relay ports
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.linkemu import call_in as call_in  # the relay tests call it from here

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SERVER_IP = "10.78.9.1"
STATION_IP, BROWSER_IP = "10.78.1.2", "10.78.2.2"
TURN_PORT, TURNS_PORT = 3478, 5349
RELAY_PORTS = (50000, 50999)
TURNSERVER = Path("/usr/bin/turnserver")


def why_unavailable() -> str | None:
    """Why this machine cannot build the networks or run coturn, or None if it can."""
    if os.geteuid() != 0:
        return "the relay tests build network namespaces, which needs root; run the tests as root"
    for tool, package in (("ip", "iproute2"), ("iptables", "iptables")):
        if shutil.which(tool) is None:
            return f"the relay tests need {tool!r}: apt-get install -y {package}"
    if not TURNSERVER.exists():
        return f"the relay tests need Debian's coturn at {TURNSERVER}: apt-get install -y coturn"
    return None


def _run(*args: str) -> str:
    done = subprocess.run(list(args), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


@dataclass
class Coturn:
    process: subprocess.Popen[bytes]
    log: Path
    ca_file: Path  # the test CA that signed coturn's certificate (for SSL_CERT_FILE)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class RelayNetworks:
    """The clinic, hospital and server namespaces; names carry the pid (other runs go on in parallel)."""

    def __init__(self) -> None:
        tag = f"{os.getpid()}-{time.monotonic_ns() % 100000}"
        self.station_ns, self.browser_ns, self.server_ns = (f"trl-sta-{tag}", f"trl-brw-{tag}", f"trl-srv-{tag}")
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> RelayNetworks:
        reason = why_unavailable()
        if reason:
            raise RuntimeError(reason)
        for ns in (self.station_ns, self.browser_ns, self.server_ns):
            _run("ip", "netns", "add", ns)
        try:
            self._wire()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wire(self) -> None:
        srv = self.server_ns
        _run("ip", "-n", srv, "link", "set", "lo", "up")
        _run("ip", "-n", srv, "addr", "add", f"{SERVER_IP}/32", "dev", "lo")
        _run("ip", "netns", "exec", srv, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0")
        for ns, here, there, side in ((self.station_ns, "sta0", "srv-sta", "1"), (self.browser_ns, "brw0", "srv-brw", "2")):
            # Created inside the namespaces: no name ever appears in the host's namespace.
            _run("ip", "-n", srv, "link", "add", there, "type", "veth", "peer", "name", here, "netns", ns)
            _run("ip", "-n", srv, "addr", "add", f"10.78.{side}.1/24", "dev", there)
            _run("ip", "-n", srv, "link", "set", there, "up")
            _run("ip", "-n", ns, "link", "set", "lo", "up")
            _run("ip", "-n", ns, "addr", "add", f"10.78.{side}.2/24", "dev", here)
            _run("ip", "-n", ns, "link", "set", here, "up")
            _run("ip", "-n", ns, "route", "add", "default", "via", f"10.78.{side}.1")
        low, high = RELAY_PORTS
        for chain, direction in (("INPUT", "--dport"), ("OUTPUT", "--sport")):
            _run("ip", "netns", "exec", srv, "iptables", "-A", chain, "-p", "udp", direction, f"{low}:{high}",
                 "-j", "ACCEPT")

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        for ns in (self.station_ns, self.browser_ns, self.server_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)

    # -- what runs where -----------------------------------------------------------------------
    def popen(self, ns: str, args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(["ip", "netns", "exec", ns, *args], cwd=ROOT, stdout=log.open("wb"),
                                   stderr=subprocess.STDOUT, env=env)
        self.processes.append(process)
        return process

    def wait_listening(self, process: subprocess.Popen[bytes], what: str, log: Path, *probes: str,
                       seconds: float = 60) -> None:
        """Until `ss` in the server namespace shows every probe (e.g. "-Htln sport = :8000")."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{what} stopped at start:\n{log.read_text(errors='replace')[-3000:]}")
            if all(subprocess.run(["ip", "netns", "exec", self.server_ns, "ss", *probe.split(" ", 1)],
                                  capture_output=True, text=True, check=False).stdout.strip() for probe in probes):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not start listening within {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")

    def start_hub(self, db_url: str, log: Path, secret: str, *extra: str, port: int = 8000) -> str:
        """`telehub serve` at SERVER_IP handing out coturn's UDP and TLS URLs; its base URL."""
        process = self.popen(self.server_ns, [
            sys.executable, "-m", "hub.cli", "serve", "--db", db_url, "--host", SERVER_IP, "--port", str(port),
            "--insecure-cookies", "--turn", f"turn:{SERVER_IP}:{TURN_PORT}?transport=udp",
            "--turn", f"turns:{SERVER_IP}:{TURNS_PORT}", *extra],
            log, env={**os.environ, "TELEHUB_TURN_SECRET": secret, "PYTHONUNBUFFERED": "1"})
        self.wait_listening(process, "the hub", log, f"-Htln sport = :{port}")
        return f"http://{SERVER_IP}:{port}"

    def start_coturn(self, secret: str, workdir: Path, faketime: str | None = None) -> Coturn:
        """coturn with use-auth-secret; `faketime` (e.g. "+2d") runs its clock ahead of the hub's."""
        ca_file, cert_file, key_file = make_certificates(workdir)
        log = workdir / "turnserver.log"
        conf = workdir / "turnserver.conf"
        low, high = RELAY_PORTS
        conf.write_text("\n".join([
            f"listening-ip={SERVER_IP}", f"relay-ip={SERVER_IP}", f"listening-port={TURN_PORT}",
            f"tls-listening-port={TURNS_PORT}", f"min-port={low}", f"max-port={high}",
            "use-auth-secret", f"static-auth-secret={secret}", "realm=telehub.test", "fingerprint",
            f"cert={cert_file}", f"pkey={key_file}", "no-cli", "no-dtls", "no-multicast-peers",
            f"log-file={log}", "simple-log", "verbose", f"pidfile={workdir / 'turnserver.pid'}",
            f"userdb={workdir / 'turndb'}", ""]))
        args = [str(TURNSERVER), "-c", str(conf)]
        if faketime:
            args = ["faketime", "-f", f"{faketime}", *args]
        process = self.popen(self.server_ns, args, workdir / "turnserver.out")
        self.wait_listening(process, "coturn", workdir / "turnserver.out", f"-Hlnu sport = :{TURN_PORT}",
                            f"-Htln sport = :{TURNS_PORT}")
        return Coturn(process, log, ca_file)

    def chromium_wrapper(self, workdir: Path, chromium: Path) -> Path:
        """A script that starts Chromium inside the hospital's namespace (Playwright drives it by pipe)."""
        script = workdir / "chromium-in-hospital"
        script.write_text(f'#!/bin/sh\nexec ip netns exec {self.browser_ns} {chromium} "$@"\n')
        script.chmod(0o755)
        return script

    def block_udp(self, ns: str) -> None:
        """Drop every UDP packet this namespace sends (loopback spared): only TCP leaves it."""
        _run("ip", "netns", "exec", ns, "iptables", "-A", "OUTPUT", "!", "-o", "lo", "-p", "udp", "-j", "DROP")

    def udp_dropped(self, ns: str) -> int:
        """Packets the `block_udp` rule dropped so far."""
        return _counters(ns, "OUTPUT")[0][0] if _counters(ns, "OUTPUT") else 0

    def relayed_bytes(self) -> tuple[int, int]:
        """(bytes into, bytes out of) coturn's relay ports: media between the peers, nothing else."""
        into = _counters(self.server_ns, "INPUT")
        out = _counters(self.server_ns, "OUTPUT")
        return (into[0][1] if into else 0, out[0][1] if out else 0)


def _counters(ns: str, chain: str) -> list[tuple[int, int]]:
    """(packets, bytes) of each rule in `chain`, in order."""
    text = _run("ip", "netns", "exec", ns, "iptables", "-L", chain, "-n", "-v", "-x")
    rows = []
    for line in text.splitlines()[2:]:
        fields = line.split()
        if len(fields) >= 2 and fields[0].isdigit():
            rows.append((int(fields[0]), int(fields[1])))
    return rows


def make_certificates(workdir: Path) -> tuple[Path, Path, Path]:
    """A throw-away CA and a certificate for SERVER_IP signed by it: (ca.pem, cert.pem, key.pem)."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "telehub test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SERVER_IP)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(SERVER_IP))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = workdir / "test-ca.pem", workdir / "turn-cert.pem", workdir / "turn-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    paths[2].chmod(0o600)
    return paths


@contextlib.contextmanager
def loopback_coturn(secret: str, workdir: Path, faketime: str | None = None) -> Iterator[str]:
    """coturn on 127.0.0.1 (UDP only, a free port) with `secret`; yields its turn: URL."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = workdir / "turnserver.log"
    conf = workdir / "turnserver.conf"
    conf.write_text("\n".join([
        "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", f"listening-port={port}", "no-tls", "no-dtls", "no-tcp",
        "use-auth-secret", f"static-auth-secret={secret}", "realm=telehub.test", "fingerprint", "no-cli",
        "allow-loopback-peers", f"log-file={log}", "simple-log", f"pidfile={workdir / 'turnserver.pid'}",
        f"userdb={workdir / 'turndb'}", ""]))
    args = [str(TURNSERVER), "-c", str(conf)]
    if faketime:
        args = ["faketime", "-f", faketime, *args]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not subprocess.run(["ss", "-Hlnu", f"sport = :{port}"], capture_output=True, text=True,
                                 check=False).stdout.strip():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"coturn did not start on 127.0.0.1:{port} (see {log})")
            time.sleep(0.1)
        yield f"turn:127.0.0.1:{port}?transport=udp"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
