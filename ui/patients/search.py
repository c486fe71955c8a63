"""Finding a patient as you type: name (any common spelling or Urdu script), MRN, CNIC, phone."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from station import followups, patients
from station.records import Patient
from station.store import ChangeSet, Store
from ui.ops import DbWorker, Locked, QueryOp, cares
from ui.pages import Page
from ui.patients.display import age_text, father_text, full_name, sex_text
from ui.patients.forms import Coalesce, big_line_edit, heading, set_button_height

log = logging.getLogger("ui.patients.search")
TYPING_PAUSE_MS = 180  # search once the person pauses, not on every key
RESULT_LIMIT = 30
RECENT_LIMIT = 15


def _recent(store: Store) -> list[Patient]:
    return store.find(Patient, order_by="updated_at DESC", limit=RECENT_LIMIT)


class PatientSearchPage(QWidget):
    """The Patients screen: a search box, the matching patients, and "Register new patient"."""

    # ("chart", (patient_id,)) to open a chart; ("register", (typed text,)) to register someone new.
    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._asked = 0      # number of the latest search sent to the worker
        self._results: list[Patient] = []
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self._search_now)

        self.title = heading(self.tr("Find a patient"), 1)
        self.query = big_line_edit(self.tr("Name, MRN, CNIC or phone number"), "patientSearch")
        self.query.setAccessibleName(self.tr("Search patients"))
        self.query.textEdited.connect(self._typed)
        self.query.returnPressed.connect(self._open_first)
        self.query.installEventFilter(self)
        self.new_button = QPushButton(self.tr("&Register new patient"))
        self.new_button.setObjectName("registerNew")
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self._register)
        set_button_height(self.new_button)

        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("patientResults")
        self.table.setHorizontalHeaderLabels([
            self.tr("MRN"), self.tr("Name"), self.tr("Father's or husband's name"), self.tr("Age"),
            self.tr("Sex"), self.tr("Village"), self.tr("Phone")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_button.click)
        self._refresh_soon = Coalesce(self, self.refresh)
        ops.changes_applied.connect(self._changed)
        ops.opened.connect(self._opened)

    # -- public ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def open_with(self, text: str = "") -> None:
        """Show the page searching for `text` (the main window calls this)."""
        self.search(text)

    def search(self, text: str) -> None:
        """Search for `text` at once (as if typed)."""
        self.query.setText(text)
        self._search_now()

    def refresh(self) -> None:
        """Run the current search again (or list recent patients when the box is empty)."""
        self._search_now()

    def results(self) -> list[Patient]:
        return list(self._results)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        if self.ops.is_open:
            self.refresh()
        self.focus_search()

    # -- searching ------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _search_now(self) -> None:
        self._timer.stop()
        if not self.ops.is_open:
            return
        text = self.query.text().strip()
        self._asked += 1
        asked = self._asked
        if text:
            op = QueryOp(self, lambda store: patients.find(store, text, RESULT_LIMIT))
        else:
            op = QueryOp(self, _recent)
        op.success(lambda found: self._show(asked, text, found)).failure(
            lambda exc: self._failed(asked, exc)).run()

    def _show(self, asked: int, text: str, found: list[Patient]) -> None:
        if asked != self._asked:
            return  # a newer search is on its way; never show stale results
        self._results = found
        self.table.setRowCount(len(found))
        for row, patient in enumerate(found):
            cells = (patient.mrn, full_name(patient), father_text(patient), age_text(patient),
                     sex_text(patient.sex), patient.village, patient.phone or "")
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, patient.id)
                self.table.setItem(row, column, item)
        if found:
            self.table.selectRow(0)
            ids = [p.id for p in found]
            QueryOp(self, lambda store: followups.missed(store, ids)).success(
                lambda missed: self._mark_missed(asked, missed)).failure(
                lambda exc: self._missed_not_read(asked, exc)).run()
        if not text:
            self.status.setText(self.tr("Patients seen or registered most recently. Type to search."))
        elif found:
            self.status.setText(self.tr("Patients found: %1. Press Enter to open the first, "
                                        "or the Down arrow to choose.").replace("%1", str(len(found))))
        else:
            self.status.setText(self.tr("No patient found for “%1”. Check the spelling, try the "
                                        "father's name or the phone number, or register a new patient."
                                        ).replace("%1", text))

    def _mark_missed(self, asked: int, missed: dict[str, str]) -> None:
        """Patients who did not come back for a follow-up are marked beside their name."""
        if asked != self._asked:
            return
        from ui.followups import OVERDUE_INK, missed_text

        for row, patient in enumerate(self._results):
            item = self.table.item(row, 1)
            if patient.id in missed and item is not None:
                item.setText(f"{item.text()}  ⚑ {missed_text(missed[patient.id])}")
                item.setForeground(OVERDUE_INK)
                item.setData(Qt.ItemDataRole.UserRole + 1, missed[patient.id])

    def _missed_not_read(self, asked: int, exc: BaseException) -> None:
        # The results stand; the line under them says the marks are missing, and why.
        if asked != self._asked or isinstance(exc, Locked):
            return
        log.warning("missed follow-ups could not be read: %s", type(exc).__name__)
        from ui.errors import plain_message

        self.status.setText(self.status.text() + " " + self.tr("Missed follow-ups could not be marked: %1").replace(
            "%1", plain_message(exc)))

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        from ui.errors import show_error

        show_error(self, exc)

    # -- keyboard and opening -------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Down and self.table.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.query.clear()
                self._search_now()
                return True
        return super().eventFilter(watched, event)

    def _open_first(self) -> None:
        if self._timer.isActive():
            # Enter pressed before the pause: search first, then open what it finds.
            self._search_now()
            return
        if self._results:
            self._open_row(self.table.currentRow() if self.table.currentRow() >= 0 else 0)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self._results):
            self.navigate.emit(Page.CHART, (self._results[row].id,))

    def _register(self) -> None:
        self.navigate.emit(Page.REGISTER, (self.query.text().strip(),))

    def _opened(self, _user: object) -> None:
        self.refresh()

    def _changed(self, changes: ChangeSet) -> None:
        if cares(changes, "patients") and self.isVisible():
            self._refresh_soon()
