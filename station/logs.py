"""Rotating log files. Log lines carry ids, counts and actions, never patient data.

The messages written here are made of ids and counts. Tracebacks are the one way data could
slip in: an unexpected error's message may quote what it was working on (a name, a phone
number). So a logged traceback keeps where the error happened (files, lines, functions) and
its type, and leaves its message out.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

LOG_FILE = "telestation.log"
WITHHELD = "(message not logged: it may quote patient data)"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class PrivateFormatter(logging.Formatter):
    """Formats records as usual, but tracebacks without the exceptions' messages."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches a record's traceback text: another handler (a console) may have written the
        # full one first. Make ours, and leave the cache as it was for the others.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo) -> str:
        _type, exc, _tb = ei
        return "".join(format_exception_privately(exc)).rstrip("\n") if exc is not None else ""


def format_exception_privately(exc: BaseException) -> list[str]:
    """Like traceback.format_exception, with every message in the chain replaced by WITHHELD."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "\nThe above exception was the direct cause of the following exception:\n\n"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "\nDuring handling of the above exception, another exception occurred:\n\n"
        else:
            current = None
    lines: list[str] = []
    for error, link in reversed(chain):  # the first cause first, as Python prints them
        if error.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines += traceback.format_tb(error.__traceback__)
        name = type(error).__qualname__
        module = type(error).__module__
        code = getattr(error, "code", None)
        suffix = f" [code {code}]" if isinstance(code, str) and code.isidentifier() else ""
        lines.append(f"{name if module == 'builtins' else f'{module}.{name}'}: {WITHHELD}{suffix}\n")
        lines.append(link)  # how this one led to the next printed
    return [line for line in lines if line]


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full disk) drops the line instead of printing tracebacks over
    the one sentence the person needs to read."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def setup(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to <data_dir>/logs; None when the folder cannot be made (a full disk): the command runs on."""
    folder = Path(data_dir) / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    path = folder / LOG_FILE
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        try:
            handler = QuietFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            return None
        handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path


def release(data_dir: Path) -> bool:
    """Close this process's log files inside `data_dir` (a folder about to be renamed; Windows cannot
    move an open file). True when one was open: call setup() again afterwards."""
    root = logging.getLogger()
    folder = str(Path(data_dir) / "logs")
    released = False
    for handler in list(root.handlers):
        if str(getattr(handler, "baseFilename", "")).startswith(folder):
            root.removeHandler(handler)
            handler.close()
            released = True
    return released
