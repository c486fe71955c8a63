"""What a call tells the window showing it: states in a health worker's words, quality, pictures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from sync.call.quality import Level

EventKind = Literal["state", "quality", "remote_quality", "remote_frame", "local_frame", "notice"]
State = Literal["connecting", "ringing", "active", "reconnecting", "ended", "failed"]


@dataclass(frozen=True)
class CallEvent:
    """One thing that happened in a call.

    - "state": `state` and `words` (a sentence for the health worker);
    - "quality": this station's link `level` ("good", "weak", "audio_only"), with `words`;
    - "remote_quality": the level the specialist's side reported;
    - "remote_frame" / "local_frame": `frame`, an HxWx3 uint8 RGB picture (remote video / local preview);
    - "notice": `words` about this computer that the health worker should know while the call goes on
      (e.g. sync.call.speaker.NO_SPEAKER).
    """

    kind: EventKind
    state: State | None = None
    words: str = ""
    level: Level | None = None
    frame: np.ndarray | None = None


QUALITY_WORDS: dict[Level, str] = {
    "good": "Good",
    "weak": "Weak link — smaller picture",
    "audio_only": "Weak link — video paused, voice continues",
}

WORDS = {
    "calling": "Calling the hub…",
    "ringing": "Ringing — waiting for the specialist to join.",
    "joined": "{name} joined. Connecting…",
    "active": "Connected.",
    "reconnecting": "Reconnecting…",
    "hung_up": "You ended the call.",
    "remote_hung_up": "The specialist ended the call.",
    "missed": "The specialist did not answer in time. The referral is still waiting; you can call again later.",
    "network": "The connection to the specialist was lost. You can call again; the referral is still there.",
    "hub_lost": "The connection to the hub was lost, so the call ended. Check the internet connection and "
                "call again.",
    "error": "The call could not be set up because of a problem on this computer or the hub. Try again; "
             "if it keeps failing, tell the hub administrator.",
    "not_synced": "This referral has not reached the hub yet. Press \"Sync now\", wait until it is sent, "
                  "then start the call again.",
    "other_clinic": "This referral belongs to another clinic, so it cannot be called about from here.",
    "unknown": "The hub does not know this referral. Press \"Sync now\" and try again.",
    "sfu_unavailable": "The hub's conference server is not answering, so the call could not start. Try again "
                       "in a minute; if it keeps failing, tell the hub administrator.",
}
