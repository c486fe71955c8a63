"""Start-up benchmark: process start to the sign-in window shown, against a bare PySide6 window.

Usage: python bench/startup.py [--runs 9] [--platform offscreen]

Each sample is a fresh Python process (imports, fonts, translations and the window included),
timed from just before the process is launched to the moment the window has been shown and
the event loop has run once. The bare baseline does the same with an empty QWidget. Prints
one JSON line: median milliseconds for each, and the ratio (target: at most 2x).
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
sys.path.insert(0, str(ROOT))

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1180, 760)
window.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
app.exec()
"""

APP = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from ui.app import StationApp, create_qapp
qapp = create_qapp(sys.argv[:1])
station = StationApp(Path(sys.argv[1]))
shown = station.start()
assert shown is station.window and station.window.locked, "the sign-in window is shown"
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), qapp.quit()))
qapp.exec()
station.shutdown()
"""


def sample(code: str, *args: str, env: dict[str, str]) -> float:
    """Milliseconds from launching `code` in a new interpreter to its window being shown."""
    started = time.time()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True, timeout=120)
    shown = float(result.stdout.strip().splitlines()[-1])
    return (shown - started) * 1000


def station(folder: Path, language: str) -> Path:
    from station.store import Store
    from ui import prefs

    data = folder / f"station-{language}"
    store, _recovery = Store.create(data, "Basic Health Unit Jhok", "Thatta", "admin", "benchmark password")
    store.close()
    prefs.save(data, prefs.Preferences(language=language, clinic="Basic Health Unit Jhok"))
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args(argv)
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {lang: station(Path(tmp), lang) for lang in ("en", "ur")}
        # One warm-up each: byte-code caches and the Urdu catalog are built once, as after installing.
        sample(BARE, env=env)
        for folder in folders.values():
            sample(APP, str(folder), env=env)
        bare, app = [], {lang: [] for lang in folders}
        for _ in range(args.runs):
            bare.append(sample(BARE, env=env))
            for lang, folder in folders.items():
                app[lang].append(sample(APP, str(folder), env=env))
    bare_ms = statistics.median(bare)
    figures = {"bench": "startup", "platform": args.platform, "runs": args.runs,
               "bare_window_ms": round(bare_ms, 1)}
    for lang, values in app.items():
        figures[f"sign_in_window_ms_{lang}"] = round(statistics.median(values), 1)
        figures[f"ratio_{lang}"] = round(statistics.median(values) / bare_ms, 2)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
