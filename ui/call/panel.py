"""Video consults on a referral's page: the "Start video consult" button, past calls, proposed times.

The button is enabled only when a call can work: the station is connected to a hub and the hub
has the referral (it is 'sent' or further). Otherwise it stays visible, disabled, with the reason
beside it in words the health worker can act on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from station import calls
from station.calls import Call, CallProposal
from station.records import Referral
from station.store import Store
from ui.call.words import outcome_text
from ui.ops import DbWorker, Locked, QueryOp
from ui.patients.display import isolate, local_datetime

log = logging.getLogger("ui.call.panel")
# The hub has the referral once the station's push was accepted ('sent'), or later.
ON_HUB = ("sent", "received", "answered", "closed")
WATCHED = ("calls", "call_proposals", "referrals")


@dataclass
class CallInfo:
    referral_id: str
    status: str
    enrolled: bool
    calls: list[Call] = field(default_factory=list)
    proposals: list[CallProposal] = field(default_factory=list)


def load_call_info(store: Store, referral_id: str) -> CallInfo:
    """What the panel shows for one referral (read on the DB worker)."""
    from sync import identity

    ident = identity.load(store)
    referral = store.get(Referral, referral_id)
    proposals = [p for p in calls.proposals_for_referral(store, referral_id) if p.status == "proposed"]
    return CallInfo(referral_id, referral.status, bool(ident and ident.enrolled),
                    calls.for_referral(store, referral_id), proposals)


def blocked_reason(info: CallInfo, can_call: bool) -> str:
    """Why a call cannot start now ('' when it can)."""
    if not can_call:
        return QCoreApplication.translate("Call", "Video consults cannot be started from this window.")
    if not info.enrolled:
        return QCoreApplication.translate(
            "Call", "This station is not connected to a hub yet, so it cannot call a specialist. "
                    "An administrator can connect it in Administration → Settings.")
    if info.status not in ON_HUB:
        return QCoreApplication.translate("Call", "Sync first: the specialist cannot see this referral yet")
    return ""


def outcome_line(call: Call) -> str:
    """'2 Mar 2026 09:30 — 4 min 12 s · Weak link — smaller picture' for one past call."""
    return f"{local_datetime(call.started_at)} — {outcome_text(call)}"


class CallPanel(QWidget):
    """The video consult part of the referral page. `show_referral(referral)` after each load."""

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.info: CallInfo | None = None
        self.start_button = QPushButton(self.tr("Start video consult"))
        self.start_button.setObjectName("startVideoConsult")
        self.start_button.setMinimumHeight(40)
        self.start_button.setMinimumWidth(220)
        self.start_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_call)
        self.reason = QLabel()
        self.reason.setObjectName("callBlockedReason")
        self.reason.setWordWrap(True)
        self.reason.setProperty("banner", "info")
        self.proposed = QLabel()
        self.proposed.setObjectName("callProposals")
        self.proposed.setWordWrap(True)
        self.proposed.setProperty("banner", "ok")
        self.history = QLabel()
        self.history.setObjectName("callHistory")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(row)
        layout.addWidget(self.proposed)
        layout.addWidget(self.history)
        for w in (self.reason, self.proposed, self.history):
            w.hide()

    def show_referral(self, referral: Referral) -> None:
        rid = referral.id
        op = QueryOp(self, lambda store: load_call_info(store, rid))
        op.success(self._show).failure(self._not_loaded).run()

    def _not_loaded(self, exc: BaseException) -> None:
        """The call details could not be read: the button stays off and the line beside it says why."""
        if isinstance(exc, Locked):
            log.info("call details not read: the station locked first")
            return
        log.warning("the video consult details could not be read: %s", type(exc).__name__)
        from ui.errors import plain_message

        self.start_button.setEnabled(False)
        self.reason.setText(self.tr("The video consult details could not be read: %1").replace(
            "%1", plain_message(exc)))
        self.reason.show()

    def _show(self, info: CallInfo) -> None:
        self.info = info
        reason = blocked_reason(info, self.launcher() is not None)
        self.start_button.setEnabled(not reason)
        self.start_button.setToolTip(reason)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.proposed.setText("\n".join(
            self.tr("%1 proposed a video consult on %2.").replace("%1", isolate(p.specialist_name)).replace(
                "%2", local_datetime(p.proposed_for)) + (f" {p.note}" if p.note else "")
            for p in info.proposals))
        self.proposed.setVisible(bool(info.proposals))
        if info.calls:
            lines = [self.tr("Video consults for this referral:")] + [outcome_line(c) for c in info.calls]
            self.history.setText("\n".join(lines))
        self.history.setVisible(bool(info.calls))

    def launcher(self) -> object | None:
        from ui.call.launcher import find_launcher

        return find_launcher(self)

    def start_call(self) -> None:
        launcher = self.launcher()
        if launcher is not None and self.info is not None:
            launcher.start(self.info.referral_id)  # type: ignore[attr-defined]
