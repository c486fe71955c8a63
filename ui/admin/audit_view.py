"""Administration → Audit log: who did what, when (station time) and for which patient.

A model/view table that holds one page at a time: the first page and the count are read on the
DB worker when the tab is first shown, more pages as the person scrolls (fetchMore). Nothing is
measured per row (fixed column widths, uniform row heights), so 20,000 entries open as fast as 20.
A later visit re-reads only when the log has grown; changes made while the tab is open show at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station import audit, audit_log
from station.audit_log import AuditFilter, AuditRow
from station.store import ChangeSet, Store
from ui.admin.audit_words import action_text, record_text
from ui.i18n import make_heading
from ui.ops import DbWorker, QueryOp
from ui.patients.display import isolate
from ui.style import repolish

ANY = ""
Index = QModelIndex | QPersistentModelIndex


@dataclass
class FirstPage:
    """What one (re)load reads: the filter choices, the total and the first page."""

    total: int
    rows: list[AuditRow]
    newest: int
    usernames: list[str]
    actions: list[str]
    zone: str
    patient: tuple[str, str, str] | None  # (id, MRN, name) the patient filter resolved to
    patient_typed: str


class AuditModel(QAbstractTableModel):
    """Entries newest first; rows beyond the loaded pages are fetched on the DB worker on demand."""

    COLUMNS = 6

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.rows: list[AuditRow] = []
        self.total = 0
        self.filter = AuditFilter()
        self._fetching = False
        self._generation = 0  # a page asked for under an older filter is dropped

    def headers(self) -> list[str]:
        return [self.tr("No."), self.tr("Time"), self.tr("User"), self.tr("Action"), self.tr("Patient"),
                self.tr("Record")]

    def reset(self, flt: AuditFilter, total: int, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._generation += 1
        self.filter, self.total, self.rows = flt, total, list(rows)
        self._fetching = False
        self.endResetModel()

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return row.action  # the code, for support
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return f"{row.entity} {row.record_id}"
        return None

    def cell(self, row: AuditRow, column: int) -> str:
        if column == 0:
            return str(row.seq)
        if column == 1:
            return isolate(row.local_time)  # digits and dashes keep their order in Urdu
        if column == 2:
            return row.username
        if column == 3:
            return action_text(row.action)
        if column == 4:
            return f"{isolate(row.mrn)} · {isolate(row.patient_name or '')}" if row.mrn else ""
        return record_text(row.entity, row.record_id)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        offset, flt, generation = len(self.rows), self.filter, self._generation
        QueryOp(self, lambda store: audit_log.page(store.conn, flt, offset), self.ops).success(
            lambda rows: self._append(generation, offset, rows)).failure(
            lambda _e: setattr(self, "_fetching", False)).run()

    def _append(self, generation: int, offset: int, rows: list[AuditRow]) -> None:
        if generation != self._generation or offset != len(self.rows):
            return
        self._fetching = False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows += rows
            self.endInsertRows()
        else:
            self.total = len(self.rows)  # entries vanished (a restore): stop asking


class AuditTab(QWidget):
    """The audit log with filters; "Check the log" verifies the whole hash chain."""

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._loaded_newest: int | None = None
        self._stale = True
        self._loading = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(make_heading(self.tr("Audit log"), 2), 1)
        self.verify_button = QPushButton(self.tr("Check the log for tampering"))
        self.verify_button.clicked.connect(self.verify)
        top.addWidget(self.verify_button)
        layout.addLayout(top)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        layout.addWidget(self.verdict)
        layout.addLayout(self._filters())
        self.summary = QLabel()
        self.summary.setObjectName("audit_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = AuditModel(ops, self)
        self.table = QTableView()
        self.table.setObjectName("audit")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((64, 160, 100, 250, 300, 170)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the patient's name takes the room
        layout.addWidget(self.table, 1)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.reload)
        ops.changes_applied.connect(self._changed)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("audit_user")
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("audit_action")
        for combo, everyone in ((self.user_filter, self.tr("All users")), (self.action_filter, self.tr("All actions"))):
            combo.addItem(everyone, ANY)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.activated.connect(lambda _i: self.reload())
        self.dates = QCheckBox(self.tr("From"))
        self.dates.setObjectName("audit_dates")
        self.first_day, self.last_day = QDateEdit(), QDateEdit()
        for edit, name in ((self.first_day, "audit_from"), (self.last_day, "audit_to")):
            edit.setObjectName(name)
            # Left to right before the format is set: under Urdu, Qt otherwise lays the sections out
            # backwards (2026/12/07).
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda _d: self.reload() if self.dates.isChecked() else None)
        self.dates.toggled.connect(self._dates_toggled)
        self.patient_filter = QLineEdit()
        self.patient_filter.setObjectName("audit_patient")
        self.patient_filter.setPlaceholderText(self.tr("Patient: MRN or name"))
        self.patient_filter.setClearButtonEnabled(True)
        self.patient_filter.returnPressed.connect(self.reload)
        self.patient_filter.textChanged.connect(lambda text: self.reload() if not text else None)
        self.to_label = QLabel(self.tr("to"))
        for widget in (self.user_filter, self.action_filter, self.dates, self.first_day, self.to_label,
                       self.last_day):
            row.addWidget(widget)
        row.addWidget(self.patient_filter, 1)
        return row

    def _dates_toggled(self, on: bool) -> None:
        self.first_day.setEnabled(on)
        self.last_day.setEnabled(on)
        self.reload()

    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> date | None:
            if not self.dates.isChecked():
                return None
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return AuditFilter(username=self.user_filter.currentData() or None,
                           action=self.action_filter.currentData() or None,
                           first_day=day(self.first_day), last_day=day(self.last_day))

    # -- reading --------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale or self._loaded_newest is None:
            self.reload()
        else:
            # Chart openings write to the log without a change to announce: ask whether it grew.
            QueryOp(self, lambda s: audit_log.newest_seq(s.conn), self.ops).success(
                lambda newest: self.reload() if newest != self._loaded_newest else None).run()

    def _changed(self, _changes: ChangeSet) -> None:
        # Every write is audited: any change may add entries.
        if self.isVisible():
            self._soon.start()
        else:
            self._stale = True

    def reload(self) -> None:
        """Read the first page and the totals for the current filters (on the DB worker)."""
        flt = self.current_filter()
        typed = self.patient_filter.text().strip()

        def read(store: Store) -> FirstPage:
            conn = store.conn
            zone = audit_log.station_zone(conn)
            patient = audit_log.patient_for(conn, typed) if typed else None
            wanted = replace(flt, patient_id=patient[0] if patient else ("-" if typed else None))
            return FirstPage(audit_log.count(conn, wanted, zone), audit_log.page(conn, wanted, 0, zone=zone),
                             audit_log.newest_seq(conn), audit_log.usernames(conn), audit_log.actions(conn),
                             audit_log.zone_label(zone), patient, typed)

        self._stale = False
        self._loading = True
        QueryOp(self, read, self.ops).success(lambda first: self._show(flt, first)).failure(
            lambda _e: setattr(self, "_loading", False)).run()

    def _show(self, flt: AuditFilter, first: FirstPage) -> None:
        self._loading = False
        self._loaded_newest = first.newest
        self._choices(self.user_filter, [(name, name) for name in first.usernames])
        self._choices(self.action_filter, [(action_text(a), a) for a in first.actions])
        patient_id = first.patient[0] if first.patient else ("-" if first.patient_typed else None)
        self.model.reset(replace(flt, patient_id=patient_id), first.total, first.rows)
        parts = [self.tr("Entries: %1").replace("%1", str(first.total)),
                 self.tr("Times are station time, %1.").replace("%1", isolate(first.zone))]
        if first.patient:
            _pid, mrn, name = first.patient
            parts.append(self.tr("Patient: %1").replace("%1", f"{isolate(mrn)} · {isolate(name)}"))
        elif first.patient_typed:
            parts.append(self.tr("No patient matches \u201c%1\u201d.").replace("%1", first.patient_typed))
        self.summary.setText(" · ".join(parts))

    def _choices(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill a filter's choices, keeping what was chosen."""
        chosen = combo.currentData()
        if [combo.itemData(i) for i in range(1, combo.count())] == [value for _t, value in items]:
            return
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, value in items:
            combo.addItem(text, value)
        at = combo.findData(chosen)
        combo.setCurrentIndex(max(at, 0))
        combo.blockSignals(False)

    # -- the chain check ------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        QueryOp(self, lambda s: audit.verify(s.conn), self.ops).success(self._verdict).failure(
            lambda _e: self.verify_button.setEnabled(True)).run()

    def _verdict(self, result: tuple[int, Any]) -> None:
        self.verify_button.setEnabled(True)
        checked, broken = result
        self.verdict.show()
        if broken is None:
            self.verdict.setProperty("banner", "ok")
            self.verdict.setText(self.tr("The audit log is intact (entries checked: %n).", "", checked))
        else:
            self.verdict.setProperty("banner", "danger")
            self.verdict.setText(self.tr("The audit log has been changed after it was written. Tell your "
                                         "supervisor. Details: %1").replace("%1", broken.describe()))
        repolish(self.verdict)
