"""Can a referral reach a specialist now? Said plainly when it cannot (an emergency must not wait)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def unreachable(figures: Any) -> str | None:
    """Why the hub cannot be reached now (from the sync bar's figures), or None when it can or is unknown."""
    if figures is None:
        return None
    if not figures.enrolled:
        return QCoreApplication.translate(
            "Reach", "This station is not connected to a hub, so no referral can reach a specialist from here.")
    if figures.online is False:
        why = figures.last_error or ""
        text = QCoreApplication.translate("Reach", "The hub cannot be reached at the moment, so the referral "
                                          "waits on this computer.")
        return text + (" " + why if why else "")
    return None
