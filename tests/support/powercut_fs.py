"""A FUSE file system that forgets, at a "power cut", everything that was not made durable.

This kernel has no device-mapper (no /dev/mapper/control, no dm-flakey or dm-log-writes, no
modules to load), so the power cut is modelled one level up, in user space: files live in
memory as the page cache would hold them, and only what was made durable survives:
- a file's contents as of its last fsync (fdatasync too);
- a directory's entries (create, rename, unlink) as of its last fsync.
Writing anything to `/.powercut` takes the cut: the durable state is written out to IMAGE (a
plain folder), and every later operation fails with EIO, as on a disk that lost its power.

Run: python -m tests.support.powercut_fs MOUNTPOINT IMAGE (foreground; unmount to stop it).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mfusepy as fuse

CUT = "/.powercut"


@dataclass
class Node:
    is_dir: bool
    mode: int
    data: bytearray = field(default_factory=bytearray)
    durable: bytes = b""  # a file's contents as of its last fsync
    entries: dict[str, int] = field(default_factory=dict)          # a folder's entries, as programs see them
    durable_entries: dict[str, int] = field(default_factory=dict)  # ... as of the folder's last fsync


class PowerCutFS(fuse.Operations):
    def __init__(self, image: Path) -> None:
        self.image = image
        self.nodes: dict[int, Node] = {1: Node(True, 0o755)}
        self.next_ino = 2
        self.cut = False
        self.now = time.time()

    # -- helpers ----------------------------------------------------------------------------
    def _check(self) -> None:
        if self.cut:
            raise fuse.FuseOSError(errno.EIO)

    def _lookup(self, path: str) -> int | None:
        ino = 1
        for name in [n for n in path.split("/") if n]:
            node = self.nodes[ino]
            if not node.is_dir or name not in node.entries:
                return None
            ino = node.entries[name]
        return ino

    def _node(self, path: str) -> Node:
        self._check()
        ino = self._lookup(path)
        if ino is None:
            raise fuse.FuseOSError(errno.ENOENT)
        return self.nodes[ino]

    def _parent(self, path: str) -> tuple[Node, str]:
        parent = self._node(os.path.dirname(path))
        if not parent.is_dir:
            raise fuse.FuseOSError(errno.ENOTDIR)
        return parent, os.path.basename(path)

    def _new(self, path: str, node: Node) -> None:
        parent, name = self._parent(path)
        self.nodes[self.next_ino] = node
        parent.entries[name] = self.next_ino
        self.next_ino += 1

    # -- the power cut ------------------------------------------------------------------------
    def take_the_cut(self) -> None:
        """Write out what survives: from the root, each folder's durable entries, each file's durable bytes."""
        self.cut = True
        self.image.mkdir(parents=True, exist_ok=True)

        def copy(ino: int, target: Path) -> None:
            for name, child in self.nodes[ino].durable_entries.items():
                node = self.nodes[child]
                if node.is_dir:
                    (target / name).mkdir(exist_ok=True)
                    copy(child, target / name)
                else:
                    (target / name).write_bytes(node.durable)

        copy(1, self.image)
        (self.image / ".cut-taken").write_text("yes")

    def getattr(self, path: str, fh: Any = None) -> dict[str, Any]:
        if path == CUT:
            self._check()
            return {"st_mode": stat.S_IFREG | 0o666, "st_nlink": 1, "st_size": 0}
        node = self._node(path)
        kind = stat.S_IFDIR if node.is_dir else stat.S_IFREG
        return {"st_mode": kind | node.mode, "st_nlink": 2 if node.is_dir else 1, "st_size": len(node.data),
                "st_uid": os.getuid(), "st_gid": os.getgid(), "st_atime": self.now, "st_mtime": self.now,
                "st_ctime": self.now, "st_blksize": 4096, "st_blocks": (len(node.data) + 511) // 512}

    def readdir(self, path: str, fh: Any) -> list[str]:
        return [".", "..", *self._node(path).entries]

    def mkdir(self, path: str, mode: int) -> int:
        self._check()
        self._new(path, Node(True, mode & 0o7777))
        return 0

    def rmdir(self, path: str) -> int:
        if self._node(path).entries:
            raise fuse.FuseOSError(errno.ENOTEMPTY)
        parent, name = self._parent(path)
        del parent.entries[name]
        return 0

    def create(self, path: str, mode: int, fi: Any = None) -> int:
        self._check()
        if path == CUT:
            return 0
        ino = self._lookup(path)
        if ino is not None:
            self.nodes[ino].data = bytearray()
        else:
            self._new(path, Node(False, mode & 0o7777))
        return 0

    def open(self, path: str, flags: int) -> int:
        if path != CUT:
            self._node(path)
        return 0

    def read(self, path: str, size: int, offset: int, fh: Any) -> bytes:
        return bytes(self._node(path).data[offset:offset + size])

    def write(self, path: str, data: bytes, offset: int, fh: Any) -> int:
        if path == CUT:
            self._check()
            self.take_the_cut()
            return len(data)
        node = self._node(path)
        if offset > len(node.data):
            node.data.extend(b"\0" * (offset - len(node.data)))
        node.data[offset:offset + len(data)] = data
        return len(data)

    def truncate(self, path: str, length: int, fh: Any = None) -> int:
        if path == CUT:
            return 0
        node = self._node(path)
        del node.data[length:]
        node.data.extend(b"\0" * (length - len(node.data)))
        return 0

    def unlink(self, path: str) -> int:
        self._node(path)
        parent, name = self._parent(path)
        del parent.entries[name]
        return 0

    def rename(self, old: str, new: str) -> int:
        ino = self._lookup(old)
        if ino is None:
            raise fuse.FuseOSError(errno.ENOENT)
        self._check()
        target = self._lookup(new)
        if target is not None and self.nodes[target].is_dir and self.nodes[target].entries:
            raise fuse.FuseOSError(errno.ENOTEMPTY)
        old_parent, old_name = self._parent(old)
        new_parent, new_name = self._parent(new)
        del old_parent.entries[old_name]
        new_parent.entries[new_name] = ino
        return 0

    def fsync(self, path: str, datasync: int, fh: Any) -> int:
        node = self._node(path)
        node.durable = bytes(node.data)
        return 0

    def fsyncdir(self, path: str, datasync: int, fh: Any) -> int:
        node = self._node(path)
        node.durable_entries = dict(node.entries)
        return 0

    def statfs(self, path: str) -> dict[str, int]:
        self._check()
        return {"f_bsize": 4096, "f_frsize": 4096, "f_blocks": 1 << 20, "f_bfree": 1 << 19, "f_bavail": 1 << 19,
                "f_files": 1 << 16, "f_ffree": 1 << 15, "f_favail": 1 << 15, "f_namemax": 255}

    def chmod(self, path: str, mode: int) -> int:
        self._node(path).mode = mode & 0o7777
        return 0

    def chown(self, path: str, uid: int, gid: int) -> int:
        self._node(path)
        return 0

    def utimens(self, path: str, times: Any = None) -> int:
        if path != CUT:
            self._node(path)
        return 0

    def access(self, path: str, amode: int) -> int:
        if path != CUT:
            self._node(path)
        return 0

    def flush(self, path: str, fh: Any) -> int:
        return 0

    def release(self, path: str, fh: Any) -> int:
        return 0


def main(argv: list[str]) -> int:
    mountpoint, image = argv[1], Path(argv[2])
    fuse.FUSE(PowerCutFS(image), mountpoint, foreground=True, nothreads=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
