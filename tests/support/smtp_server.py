"""A real SMTP server for the tests (aiosmtpd), with STARTTLS required and a login, on a free port.

The certificate is made for 127.0.0.1 by the test and handed to the hub as the CA to trust, the way
a deployment would trust its own mail server's CA.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .server import free_port

USER, PASSWORD = "telehub", "mail-password-for-tests"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost: (certificate, key) PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test mail server")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Received:
    to: list[str]
    raw: bytes
    over_tls: bool
    login: str | None

    @property
    def subject(self) -> str:
        return str(message_from_bytes(self.raw, policy=policy.default)["Subject"])

    @property
    def text(self) -> str:
        """The whole mail as text, headers and decoded body (what a grep for patient data must search)."""
        message = message_from_bytes(self.raw, policy=policy.default)
        body = message.get_body(("plain",))
        return self.raw.decode("utf-8", "replace") + "\n" + (body.get_content() if body is not None else "")


@dataclass
class Mailbox:
    host: str
    port: int
    cert: Path
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.received if address in m.to]

    def all(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's handler hook
        login = session.auth_data
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                                          session.ssl is not None, login))
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, auth_data=USER if ok else None)


@contextmanager
def smtp_server(folder: Path) -> Iterator[Mailbox]:
    cert, key = make_certificate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    port = free_port()
    mailbox = Mailbox("127.0.0.1", port, cert)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=_authenticator, auth_required=True, server_hostname="127.0.0.1",
                            ready_timeout=20)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
