"""Files with patient data or keys written for the person who saves them only.

A PDF saved from the station (a consultation summary, the recovery key) may land in a shared
Documents folder on a clinic PC where several people have accounts. It is written to a temporary
file that only its owner may read (mkstemp makes it 0600 on POSIX), then moved into place, so
no moment exists when another account could open it, and a file it replaces loses its old,
wider permissions.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private(path: Path, produce: Callable[[Path], None]) -> Path:
    """Have `produce(temporary_path)` write the file's content, then move it to `path` (0600)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        produce(Path(tmp))
        if os.name == "posix":
            os.chmod(tmp, PRIVATE_MODE)  # in case the writer replaced the file instead of filling it
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
