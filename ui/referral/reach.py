"""Can a referral reach a specialist now? Said plainly when it cannot (an emergency must not wait)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


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


def tell_after_sending(window: QWidget, referral: Any, figures: Any) -> None:
    """Right after a referral is saved: say so when it stays here (refused consent), or when an
    emergency cannot reach a specialist now and the health worker must phone instead."""
    def tell(title: str, text: str, name: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=window)
        box.setObjectName(name)
        box.open()

    if referral.consent is not None and not referral.consent.get("given"):
        tell(QCoreApplication.translate("ReferralForm", "Kept on this computer"), QCoreApplication.translate(
            "ReferralForm", "The patient's side did not agree to share, so this referral stays on this computer "
            "and nothing is sent to the hub. If they change their mind, open the referral and record their "
            "consent."), "consentRefusedNotice")
    elif referral.urgency == "emergency" and referral.status == "queued":
        problem = unreachable(figures)
        if problem:
            tell(QCoreApplication.translate("ReferralForm", "The emergency referral cannot be sent now"),
                 problem + "\n\n" + QCoreApplication.translate(
                     "ReferralForm", "Do not wait for an answer: phone the specialist on duty or the referral "
                     "hospital now, and send the patient with a referral letter if they need hospital care. The "
                     "referral is kept and is sent as soon as the hub can be reached."), "emergencyUnreachable")
