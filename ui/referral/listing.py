"""Every referral of the station with its status: what is waiting, what was answered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import specialties
from station.records import Advice, Patient, Referral
from station.store import ChangeSet, Store
from ui.ops import DbWorker, QueryOp, cares
from ui.pages import Page
from ui.patients.display import full_name, local_datetime
from ui.patients.forms import Coalesce, heading
from ui.referral.words import specialty_label, state_text, urgency_text

LIMIT = 300
EMERGENCY_BACKGROUND = QColor("#fde0dc")
EMERGENCY_TEXT = QColor("#8a1c12")
FILTERS = {
    "open": "status IN ('draft', 'queued', 'sent', 'received', 'answered')",
    "waiting": "status IN ('queued', 'sent', 'received')",
    "answered": "status = 'answered'",
    "all": None,
}


def load_referrals(store: Store, where: str | None) -> list[tuple[Referral, Patient, bool]]:
    """(referral, patient, advice unread) newest first."""
    found = store.find(Referral, where, order_by="created_at DESC", limit=LIMIT)
    ids = list({r.patient_id for r in found})
    people = {p.id: p for p in store.find(Patient, f"id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    unread = {a.referral_id for a in store.find(Advice, "acknowledged_at IS NULL")}
    rows = [(r, people[r.patient_id], r.id in unread) for r in found if r.patient_id in people]
    return sorted(rows, key=lambda row: urgency_order(row[0]))


URGENCY_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}


def urgency_order(ref: Referral) -> tuple[bool, int, str]:
    """Still waiting before answered, most urgent first, then newest: the order a clinic works in."""
    done = ref.status in ("answered", "closed")
    # created_at is ISO text: invert it character by character so newer sorts first within a rank.
    newest_first = "".join(chr(0x10FFFF - ord(c)) for c in ref.created_at)
    return (done, URGENCY_RANK.get(ref.urgency, 9), newest_first)


def is_open_emergency(ref: Referral) -> bool:
    return ref.urgency == "emergency" and ref.status not in ("answered", "closed")


class ReferralsPage(QWidget):
    """The "referrals" page in the navigation."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.rows: list[tuple[Referral, Patient, bool]] = []
        self._stale = True
        self.filter = QComboBox()
        self.filter.setObjectName("referralFilter")
        self.filter.setMinimumHeight(32)
        for key, text in (("open", self.tr("Not closed yet")), ("waiting", self.tr("Waiting for an answer")),
                          ("answered", self.tr("Answered, advice not read")), ("all", self.tr("All referrals"))):
            self.filter.addItem(text, key)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("referralTable")
        self.table.setHorizontalHeaderLabels([self.tr("Made on"), self.tr("Patient"), self.tr("Specialty"),
                                              self.tr("Urgency"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.empty = QLabel(self.tr("No referrals to show."))
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Referrals"), 1), 1)
        show_label = QLabel(self.tr("&Show:"))
        show_label.setBuddy(self.filter)
        top.addWidget(show_label)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._refresh_soon = Coalesce(self, self.refresh)
        ops.changes_applied.connect(self._changed)

    def refresh(self) -> None:
        if not self.ops.is_open:
            return
        where = FILTERS[self.filter.currentData()]
        QueryOp(self, lambda store: (load_referrals(store, where), specialties.by_code(store))).success(
            lambda found: self._show(*found)).run()

    def _show(self, rows: list[tuple[Referral, Patient, bool]], known: dict[str, specialties.Choice]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for n, (ref, patient, unread) in enumerate(rows):
            status = state_text(ref.status)
            if unread:
                status = "● " + status
            cells = (local_datetime(ref.created_at), f"{full_name(patient)} · {patient.mrn}",
                     specialty_label(ref.specialty, known), urgency_text(ref.urgency), status)
            emergency = is_open_emergency(ref)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, ref.id)
                if unread or emergency:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if emergency:  # an emergency still waiting stands out in red, at the top
                    item.setBackground(EMERGENCY_BACKGROUND)
                    item.setForeground(EMERGENCY_TEXT)
                    item.setToolTip(self.tr("Emergency: not answered yet. If no answer comes soon, phone the "
                                            "specialist or send the patient to hospital."))
                self.table.setItem(n, col, item)
        self.empty.setVisible(not rows)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.navigate.emit(Page.REFERRAL, (self.rows[row][0].id,))

    def _changed(self, changes: ChangeSet) -> None:
        if cares(changes, "referrals", "advice", "patients"):
            if self.isVisible():
                self._refresh_soon()
            else:
                self._stale = True

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()
