"""A small tmpfs to fill up: a full disk (or USB stick) that is real to the kernel and SQLite.

Mounting needs root; tests skip loudly without it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(where: Path, size_mb: int) -> Iterator[Path]:
    """A fresh tmpfs of `size_mb` mounted at `where`, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("a full disk is made by mounting a small tmpfs, which needs root (CI runs as root)")
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill the disk holding `folder` until only about `leave_bytes` are free; return the filler file."""
    filler = folder / "filler.bin"
    chunk = b"\0" * 65536
    with open(filler, "ab", buffering=0) as fh:
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave_bytes:
                break
            try:
                fh.write(chunk[: max(4096, min(len(chunk), free - leave_bytes))])
            except OSError:
                break
    return filler
