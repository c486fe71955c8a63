"""`telehub serve` as a test runs it when it needs to move the hub's clock: the same app and
background task, with the clock read from a file the test writes (one clock for several processes).

    python -m tests.support.clocked_hub --db URL --port P --clock-file F [--smtp-port N --smtp-ca-file C]
"""

from __future__ import annotations

import argparse
import logging
from datetime import datetime
from pathlib import Path

import uvicorn

from hub.app import create_app
from hub.mail.smtp import SmtpSettings
from hub.settings import Settings
from hub.tables import utcnow
from tests.support.smtp_server import PASSWORD, USER


class FileClock:
    """The instant written in a file (ISO 8601 with its offset); the real time until one is written."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> datetime:
        try:
            text = self.path.read_text().strip()
        except FileNotFoundError:
            return utcnow()
        return datetime.fromisoformat(text) if text else utcnow()


def set_clock(path: Path, moment: datetime) -> None:
    """Move the hub processes' clock (written whole, then renamed: a reader never sees half)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(moment.isoformat())
    tmp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clock-file", type=Path, required=True)
    parser.add_argument("--smtp-port", type=int)
    parser.add_argument("--smtp-ca-file")
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--digest-hour", type=int, help="default: no digest")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    smtp = None
    if args.smtp_port:
        smtp = SmtpSettings(host="127.0.0.1", port=args.smtp_port, username=USER, password=PASSWORD,
                            from_address="telehub@hub.example.org", ca_file=args.smtp_ca_file, timeout_seconds=10)
    settings = Settings(db_url=args.db, cookie_secure=False, smtp=smtp, clock=FileClock(args.clock_file),
                        background_interval_seconds=args.interval, console_url="https://hub.example.org",
                        digest_hour=args.digest_hour)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
