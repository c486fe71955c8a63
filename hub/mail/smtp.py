"""Sending one mail over SMTP (STARTTLS by default), with the settings `telehub serve` was given."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    password: str | None = None
    from_address: str = "telehub@localhost"
    # Certificate authorities to trust for STARTTLS; None means the system's.
    ca_file: str | None = None
    timeout_seconds: float = 30.0

    def __repr__(self) -> str:  # never print the password
        return f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls}, user={self.username!r})"


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the mail; the message says what happened."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def build_message(settings: SmtpSettings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.from_address
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.from_address.rpartition("@")[2] or "telehub")
    message.set_content(body)
    return message


def send(settings: SmtpSettings, to: str, subject: str, body: str) -> None:
    """Deliver one mail or raise MailNotSent (permanent when the server refused the address)."""
    message = build_message(settings, to, subject, body)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            smtp.ehlo()
            if settings.starttls:
                context = ssl.create_default_context(cafile=settings.ca_file)
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailNotSent(f"the mail server refused the address {to}: {exc.recipients}", permanent=True) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise MailNotSent(f"the mail server refused the user name or password ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        raise MailNotSent(f"the mail server answered {exc.smtp_code}: {exc.smtp_error!r}",
                          permanent=500 <= exc.smtp_code < 600 and exc.smtp_code != 530) from exc
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise MailNotSent(f"could not reach the mail server {settings.host}:{settings.port}: {exc}") from exc
