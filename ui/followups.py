"""Home's follow-ups: visits due today and overdue, the number to call, and what came of the call."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import followups
from station.followups import CallRecord, FollowUp
from ui.i18n import make_heading
from ui.ops import CollectionOp, DbWorker
from ui.patients.display import isolate, local_date, local_datetime

OVERDUE_INK = QColor("#9a3412")


def outcome_text(outcome: str) -> str:
    return {"came": QCoreApplication.translate("FollowUps", "came"),
            "called": QCoreApplication.translate("FollowUps", "called, asked to come"),
            "not_reachable": QCoreApplication.translate("FollowUps", "not reachable")}.get(outcome, outcome)


def due_text(item: FollowUp, today: date | None = None) -> str:
    late = item.days_overdue(today)
    if late <= 0:
        return QCoreApplication.translate("FollowUps", "today")
    # Two sentences rather than an English plural form (the English catalog has none).
    text = (QCoreApplication.translate("FollowUps", "%1 (1 day late)") if late == 1
            else QCoreApplication.translate("FollowUps", "%1 (%2 days late)").replace("%2", str(late)))
    return text.replace("%1", local_date(item.due_date))


def call_text(call: CallRecord | None) -> str:
    if call is None:
        return QCoreApplication.translate("FollowUps", "not called yet")
    return f"{outcome_text(call.outcome)} · {local_datetime(call.recorded_at)} · {isolate(call.recorded_by)}"


def missed_text(due_date: str) -> str:
    """The mark shown beside a patient who did not come back when asked."""
    return QCoreApplication.translate("FollowUps", "missed follow-up of %1").replace("%1", local_date(due_date))


class FollowUpPanel(QWidget):
    """The list of visits due, with Came / Called / Not reachable for the chosen row."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUps")
        self.ops = ops
        self.items: list[FollowUp] = []
        self.heading = make_heading(self.tr("Follow-ups due"), 2)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("followUpsDue")
        self.table.setHorizontalHeaderLabels([self.tr("Due"), self.tr("Patient"), self.tr("Phone to call"),
                                              self.tr("Last call")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.cellActivated.connect(self._open_chart)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("For the chosen patient:")))
        for outcome, text in (("came", self.tr("Came")), ("called", self.tr("Called, asked to come")),
                              ("not_reachable", self.tr("Not reachable"))):
            button = QPushButton(text)
            button.setObjectName(f"followUp_{outcome}")
            button.clicked.connect(lambda _c=False, o=outcome: self.record(o))
            self.buttons[outcome] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self._selection_changed()
        self.hide()

    def show_items(self, items: list[FollowUp]) -> None:
        chosen = self.chosen()
        self.items = items
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            name = f"{item.patient.name} · {item.patient.mrn}"
            cells = (due_text(item), name, isolate(item.patient.phone or self.tr("no phone number")),
                     call_text(item.last_call))
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.encounter_id)
                if c == 0 and item.days_overdue() > 0:
                    cell.setForeground(OVERDUE_INK)
                self.table.setItem(r, c, cell)
            if chosen is not None and item.encounter_id == chosen.encounter_id:
                self.table.selectRow(r)
        overdue = sum(1 for i in items if i.days_overdue() > 0)
        self.heading.setText(self.tr("Follow-ups due: %1").replace("%1", str(len(items))) + (
            " · " + self.tr("overdue: %1").replace("%1", str(overdue)) if overdue else ""))
        rows = min(len(items), 5)
        self.table.setMaximumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + rows * self.table.verticalHeader().defaultSectionSize() + 6)
        self.setVisible(bool(items))
        self._selection_changed()

    def chosen(self) -> FollowUp | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def record(self, outcome: str) -> None:
        item = self.chosen()
        if item is None:
            return
        eid = item.encounter_id
        CollectionOp(self, lambda store: followups.record(store, eid, outcome)).run()

    def _selection_changed(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(self.chosen() is not None)

    def _open_chart(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self.items):
            self.navigate.emit("chart", (self.items[row].patient.id,))
