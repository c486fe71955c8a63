"""`init` at a terminal shows the recovery key and sets the station up only once the person has
typed its last five characters back; giving up leaves no station."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from station.store import Store

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"\b([A-Z2-9]{5}(?:-[A-Z2-9]{5}){4})\b")


class Terminal:
    """`telestation init` with its standard input on a pseudo-terminal, as a person runs it."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen([sys.executable, "-m", "station.cli", *args], stdin=slave,
                                        stdout=slave, stderr=slave, env={**os.environ, "PYTHONPATH": str(ROOT)})
        os.close(slave)
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            assert time.monotonic() < deadline, f"never said {text!r}: {self.seen!r}"
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 4096).decode()
                except OSError:
                    break
        return self.seen

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def finish(self) -> int:
        code = self.process.wait(timeout=60)
        os.close(self.master)
        return code


def _init(tmp_path: Path) -> Terminal:
    pw = tmp_path / "pw"
    pw.write_text("admin password 1\n")
    return Terminal("init", "--data-dir", str(tmp_path / "data"), "--clinic", "BHU Jhok", "--admin", "amina",
                    "--password-file", str(pw))


def test_the_station_is_made_only_after_the_recovery_key_is_typed_back(tmp_path: Path) -> None:
    term = _init(tmp_path)
    shown = term.wait_for("type its last five characters")
    key = KEY.search(shown).group(1)
    assert not (tmp_path / "data" / "keyslots.json").exists()  # nothing in place while the key is on screen
    term.type("WRONG")
    term.wait_for("That is not the end of the recovery key")
    term.type(key[-5:].lower())
    term.wait_for("is ready in")
    assert term.finish() == 0
    Store.open_with_recovery_key(tmp_path / "data", key).close()


def test_giving_up_at_the_recovery_key_leaves_no_station(tmp_path: Path) -> None:
    term = _init(tmp_path)
    term.wait_for("type its last five characters")
    os.write(term.master, b"\x04")  # Ctrl-D: end of input
    term.wait_for("no station was set up")
    assert term.finish() == 2
    folder = tmp_path / "data"
    assert not (folder / "keyslots.json").exists() and not (folder / "station.db").exists()
    assert not list(tmp_path.glob(".data.init-*"))
