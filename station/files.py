"""Writing a file whole or not at all: the one way the station replaces a file on disk.

A temporary file beside the target is written, flushed to the disk, then renamed over the target,
and the folder itself is synced so the rename survives a power cut: a reader sees the old file or
the new one, never half of either. Files with patient data or keys are private (0600 on POSIX)
from their first byte: a PDF saved to a shared Documents folder on a clinic PC with several
accounts is never readable by the others, not even for a moment.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

PRIVATE_MODE = 0o600
SHARED_MODE = 0o644  # program files others must read (translations)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX; Windows has no directory handles to sync)."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, produce: Callable[[Path], object], *, private: bool = True,
                 before_rename: Callable[[], None] | None = None) -> Path:
    """Have `produce(temporary_path)` write the content, then put it at `path` in one step.

    `before_rename` runs once the content is safely on disk and before it appears (e.g. to audit an
    export first, so an export is never missing from the log). Any failure leaves `path` as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        produce(Path(tmp))
        if os.name == "posix":
            # Again after writing: a writer may have replaced the file instead of filling it.
            os.chmod(tmp, PRIVATE_MODE if private else SHARED_MODE)
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        if before_rename is not None:
            before_rename()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return path


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = True,
                       before_rename: Callable[[], None] | None = None) -> Path:
    """`atomic_write` of bytes already in memory."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data), private=private, before_rename=before_rename)
