"""Rotating log files. Log lines carry ids, counts and actions, never patient data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "telestation.log"


def setup(data_dir: Path, level: int = logging.INFO) -> Path:
    folder = Path(data_dir) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
