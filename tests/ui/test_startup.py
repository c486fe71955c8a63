"""The sign-in window comes up fast: nothing heavy is loaded before it is shown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from station.keyslots import SLOTS_FILE
from ui import app

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from pathlib import Path
from ui.app import StationApp, create_qapp
qapp = create_qapp(sys.argv[:1])
station = StationApp(Path(sys.argv[1]))
station.start()
qapp.processEvents()
print(json.dumps({"locked": station.window.locked,
                  "loaded": sorted(m for m in ("sqlite_utils", "numpy", "sqlcipher3", "cryptography", "asyncio",
                                               "requests", "sync.engine") if m in sys.modules)}))
station.shutdown()
"""


def test_the_app_looks_for_the_same_key_file_the_station_writes():
    assert app.SLOTS_FILE == SLOTS_FILE


def test_the_sign_in_window_is_shown_before_storage_crypto_or_network_code_loads(station_dir: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, str(station_dir)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["locked"], "the sign-in page is what is shown"
    assert shown["loaded"] == [], f"loaded before the window appeared: {shown['loaded']}"
