"""Installed-station figures: size of the one-folder bundle and how fast the built program starts.

Usage: make build && python bench/bundle.py [--bundle dist/telestation] [--runs 5]

Each start is a fresh process of the BUILT program, headless (QT_QPA_PLATFORM=offscreen), timed
from just before it is launched to:
- `telestation --version` exiting (the bootloader, Python and the command line);
- the desktop app's first window drawn: Qt logs the first frame it flushes to a top-level window
  (qt.widgets.painting), for the first-run wizard and for the sign-in window of a set-up station.
The files are in the operating system's cache after the first run (a start right after boot is
slower). Prints one JSON line: size in MB and file count, median milliseconds for each.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = "telestation.exe" if sys.platform == "win32" else "telestation"


def size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of the bundle; symbolic links point inside it and are not counted twice."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def env(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


def version_ms(exe: Path, home: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(exe), "--version"], check=True, capture_output=True, env=env(home), timeout=60)
    return (time.perf_counter() - started) * 1000


def first_window_ms(exe: Path, data_dir: Path, home: Path) -> float:
    """Launch the desktop app and wait for Qt to draw its first frame."""
    started = time.perf_counter()
    app = subprocess.Popen([str(exe), "--data-dir", str(data_dir)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True,
                           env=env(home, QT_LOGGING_RULES="qt.widgets.painting.debug=true"))
    try:
        assert app.stderr is not None
        for line in app.stderr:
            if "Flushing" in line:
                return (time.perf_counter() - started) * 1000
        raise RuntimeError("the app ended without drawing a window")
    finally:
        app.terminate()
        app.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "telestation")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    exe = args.bundle / EXE
    if not exe.is_file():
        print(f"No built program at {exe}: run 'make build' first.", file=sys.stderr)
        return 2
    total, files = size(args.bundle)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        station = home / "station"
        (home / "pw").write_text("benchmark password 1\n")
        subprocess.run([str(exe), "init", "--data-dir", str(station), "--clinic", "BHU Jhok", "--admin", "admin",
                        "--password-file", str(home / "pw"), "--recovery-key-file", str(home / "recovery.txt")], check=True, capture_output=True, env=env(home))
        version_ms(exe, home)  # the first start fills the file cache
        version = [version_ms(exe, home) for _ in range(args.runs)]
        sign_in = [first_window_ms(exe, station, home) for _ in range(args.runs)]
        wizard = [first_window_ms(exe, home / f"fresh-{i}", home) for i in range(args.runs)]
    print(json.dumps({
        "bundle_mb": round(total / 1e6, 1), "bundle_files": files, "runs": args.runs,
        "version_ms": round(statistics.median(version)), "sign_in_window_ms": round(statistics.median(sign_in)),
        "first_run_wizard_ms": round(statistics.median(wizard)), "platform": sys.platform,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
