"""Station preferences that must be readable before anyone signs in (language, idle lock).

Kept in `<data dir>/preferences.json`, outside the encrypted database on purpose: the login
screen needs the language, and none of this is patient data. Written to a temp file, fsynced
and renamed, so a power cut never leaves half a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from station.errors import ValidationError
from station.files import atomic_write_bytes

FILE = "preferences.json"
IDLE_LOCK_CHOICES = (1, 2, 5, 10, 15, 30, 60)


@dataclass
class Preferences:
    language: str = "en"
    idle_lock_minutes: float = 10
    camera: str = ""           # camera id (sync.call.devices); empty = the system's first
    microphone: str = ""       # microphone id for video consults; empty = the system default
    speaker: str = ""  # speaker id (sync.call.speaker.list_speakers); empty = the computer's usual one
    hub_url: str = ""
    last_username: str = ""
    clinic: str = ""           # shown on the sign-in page

    def check(self) -> None:
        if self.language not in ("en", "ur"):
            raise ValidationError("language", "Language: choose English or Urdu.")
        if not 0 < self.idle_lock_minutes <= 240:
            raise ValidationError("idle_lock_minutes", "Lock after: choose between 1 and 240 minutes.")
        if self.hub_url and not self.hub_url.startswith(("http://", "https://")):
            raise ValidationError("hub_url", "Hub address: it starts with https:// (for example "
                                  "https://hub.example.org).")


def load(data_dir: Path) -> Preferences:
    path = Path(data_dir) / FILE
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    prefs = Preferences(**{k: v for k, v in raw.items() if k in known})
    try:
        prefs.check()
    except ValidationError:
        return Preferences()
    return prefs


def save(data_dir: Path, prefs: Preferences) -> None:
    prefs.check()
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(prefs), ensure_ascii=False, indent=2)
    atomic_write_bytes(folder / FILE, text.encode("utf-8"))
