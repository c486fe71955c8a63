"""`make run`: a local hub, a demo station enrolled with it, and the desktop app.

First run: the hub gets a database under `<folder>/hub`, a demo specialist (username `dr.sana`,
password in `<folder>/specialist.password`) and a station enrollment code; the station is set
up in `<folder>/station` with synthetic clinic data (admin password in
`<folder>/station.password`) and enrolled. Later runs reuse both. The hub stops with the app.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

SPECIALIST_PASSWORD = "specialist demo password"
PORT = 8765


def _telehub(*args: str) -> str:
    exe = shutil.which("telehub") or str(Path(sys.executable).with_name("telehub"))
    return subprocess.run([exe, *args], check=True, capture_output=True, text=True).stdout


def _start_hub(folder: Path, port: int) -> subprocess.Popen[bytes]:
    db = f"sqlite:///{folder / 'hub' / 'hub.db'}"
    (folder / "hub").mkdir(parents=True, exist_ok=True)
    exe = shutil.which("telehub") or str(Path(sys.executable).with_name("telehub"))
    log = (folder / "hub" / "hub.log").open("ab")
    hub = subprocess.Popen([exe, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port),
                            "--insecure-cookies"], stdout=log, stderr=log)
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return hub
        except requests.ConnectionError:
            pass
        if hub.poll() is not None:
            raise SystemExit(f"The local hub did not start; see {folder / 'hub' / 'hub.log'}.")
        time.sleep(0.2)
    hub.terminate()
    raise SystemExit("The local hub did not answer within 20 seconds.")


def _first_run(folder: Path, port: int) -> None:
    from station import demo_run
    from sync.cli import main as telestation

    db = f"sqlite:///{folder / 'hub' / 'hub.db'}"
    secret = folder / "specialist.password"
    secret.write_text(SPECIALIST_PASSWORD + "\n", "utf-8")
    _telehub("specialist", "add", "--db", db, "--username", "dr.sana", "--name", "Dr Sana Mirza",
             "--specialty", "general medicine", "--password-file", str(secret))
    code = json.loads(_telehub("station", "add", "--db", db, "--name", "Basic Health Unit Jhok Sharif",
                               "--district", "Thatta", "--json"))["code"]
    station_dir = folder / "station"
    demo_run.main(["--data-dir", str(station_dir)])
    password_file = station_dir.with_name("station.password")
    if telestation(["enroll", "--data-dir", str(station_dir), "--as", "admin", "--password-file",
                    str(password_file), "--hub", f"http://127.0.0.1:{port}", "--code", code]) != 0:
        raise SystemExit("Enrolling the demo station with the local hub failed (see above).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=Path("data/demo"))
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--no-app", action="store_true", help="set everything up, then stop (for checks)")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    hub = _start_hub(folder, args.port)
    try:
        if not (folder / "station" / "keyslots.json").exists():
            _first_run(folder, args.port)
        print(f"\nHub console: http://127.0.0.1:{args.port}/  (specialist 'dr.sana', password in "
              f"{folder / 'specialist.password'})")
        print(f"Station: sign in as 'admin' with the password in {folder / 'station.password'}\n")
        if args.no_app:
            return 0
        from ui.main import main as app

        return app(["--data-dir", str(folder / "station")])
    finally:
        hub.terminate()
        hub.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
