"""The sync log: every change sent (or waiting) and what the hub said. The audit log viewer is
ui.admin.audit_view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.store import ChangeSet
from sync import sync_log
from ui.bidi import ltr
from ui.i18n import make_heading
from ui.ops import DbWorker, QueryOp, cares


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))


def _short_time(iso: str | None) -> str:
    return ltr((iso or "").replace("T", " ")[:19])  # date then time, left to right in Urdu too


def state_text(state: str) -> str:
    return {"pending": QCoreApplication.translate("SyncLog", "waiting"),
            "sent": QCoreApplication.translate("SyncLog", "sent, not yet confirmed"),
            "acked": QCoreApplication.translate("SyncLog", "received by the hub"),
            "rejected": QCoreApplication.translate("SyncLog", "refused by the hub")}.get(state, state)


def entity_text(entity: str) -> str:
    return {"patient": QCoreApplication.translate("SyncLog", "patient"),
            "encounter": QCoreApplication.translate("SyncLog", "consultation"),
            "vitals_set": QCoreApplication.translate("SyncLog", "vital signs"),
            "referral": QCoreApplication.translate("SyncLog", "referral"),
            "message": QCoreApplication.translate("SyncLog", "message"),
            "attachment": QCoreApplication.translate("SyncLog", "photo"),
            "user": QCoreApplication.translate("SyncLog", "account"),
            "station": QCoreApplication.translate("SyncLog", "station")}.get(entity, entity)


class SyncLogTab(QWidget):
    """Every change sent (or waiting), what the hub answered; refused ones with the hub's reason."""

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(make_heading(self.tr("Sync log"), 2), 1)
        self.only_problems = QCheckBox(self.tr("Only refused changes"))
        self.only_problems.toggled.connect(self.refresh)
        top.addWidget(self.only_problems)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table([self.tr("Time (UTC)"), self.tr("What"), self.tr("State"), self.tr("Tries"),
                             self.tr("Hub's reason")], "sync_log")
        layout.addWidget(self.table)
        ops.changes_applied.connect(self._changed)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()

    def _changed(self, changes: ChangeSet) -> None:
        if self.isVisible() and cares(changes, "outbox", "patients", "encounters", "referrals"):
            self.refresh()

    def refresh(self) -> None:
        only = self.only_problems.isChecked()

        QueryOp(self, lambda store: sync_log.read(store, only), self.ops).success(self._show).run()

    def _show(self, result: sync_log.SyncLog) -> None:
        counts, rows, last_error = result.counts, result.rows, result.last_error
        text = self.tr("Waiting: %1 · sent: %2 · received by the hub: %3 · refused: %4").replace(
            "%1", str(counts.get("pending", 0))).replace("%2", str(counts.get("sent", 0))).replace(
            "%3", str(counts.get("acked", 0))).replace("%4", str(counts.get("rejected", 0)))
        if last_error:
            text += "\n" + self.tr("Last problem: %1").replace("%1", last_error)
        self.summary.setText(text)
        _fill(self.table, [[_short_time(r.created_at), f"{entity_text(r.entity)} {r.record_id[:13]}",
                            state_text(r.state), r.attempts, r.reason or ""] for r in rows])
