"""The escalation steps of a referral, as the health worker reads them on the referral page:
"Escalated to Dr Imran Qureshi (on-call specialist) after waiting 5 h"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from station import escalations
from station.escalations import ReferralEscalation
from station.store import Store
from ui.ops import QueryOp
from ui.patients.display import isolate, local_datetime
from ui.patients.forms import tint

INK = "#7c2d12"


def waited_text(minutes: int) -> str:
    if minutes < 120:
        return QCoreApplication.translate("EscalationNote", "%1 min").replace("%1", isolate(str(minutes)))
    hours = minutes // 60
    if hours < 48:
        return QCoreApplication.translate("EscalationNote", "%1 h").replace("%1", isolate(str(hours)))
    return QCoreApplication.translate("EscalationNote", "%1 days").replace("%1", isolate(str(hours // 24)))


def step_line(step: ReferralEscalation) -> str:
    waited = waited_text(step.waited_minutes)
    if step.reason == "backup":
        line = QCoreApplication.translate("EscalationNote", "Escalated to %1 (backup specialist) after waiting %2")
    elif step.reason == "on_call":
        line = QCoreApplication.translate("EscalationNote", "Escalated to %1 (on-call specialist) after waiting %2")
    else:
        line = QCoreApplication.translate("EscalationNote", "Escalated to the programme coordinators after waiting %2")
    return line.replace("%1", isolate(step.to_name)).replace("%2", waited) + " · " + local_datetime(step.at)


class EscalationNote(QLabel):
    """Shows the escalation steps of one referral (hidden when there are none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralEscalation")
        self.setWordWrap(True)
        tint(self, ink=INK)
        self.steps: list[ReferralEscalation] = []
        self.hide()

    def show_referral(self, referral_id: str) -> None:
        QueryOp(self, lambda store: _load(store, referral_id)).success(self.show_steps).run()

    def show_steps(self, steps: list[ReferralEscalation]) -> None:
        self.steps = steps
        if not steps:
            self.hide()
            return
        header = self.tr("Not answered within its target time, so the hub passed it on:")
        self.setText(header + "\n" + "\n".join("• " + step_line(s) for s in steps))
        self.show()


def _load(store: Store, referral_id: str) -> list[ReferralEscalation]:
    return escalations.for_referral(store, referral_id)
