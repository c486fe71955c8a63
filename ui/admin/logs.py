"""The audit log viewer (with a chain check) and the sync log (every change and what the hub said)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import audit
from station.store import ChangeSet, Store
from ui.admin.audit_words import action_text
from ui.bidi import ltr
from ui.i18n import make_heading
from ui.ops import DbWorker, QueryOp, cares
from ui.style import repolish

LIMIT = 500


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


class AuditTab(QWidget):
    """The newest audit entries; "Check the log" verifies the whole hash chain."""

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
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
        self.table = _table([self.tr("No."), self.tr("Time (UTC)"), self.tr("User"), self.tr("Action"),
                             self.tr("Record")], "audit")
        layout.addWidget(self.table)
        self._loaded = False

    def showEvent(self, event: Any) -> None:
        # Read only when someone looks: the log grows with every chart opened.
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        def read(store: Store) -> list[list[Any]]:
            rows = store.conn.execute("SELECT seq, at, username, action, entity, record_id FROM audit "
                                      "ORDER BY seq DESC LIMIT ?", (LIMIT,)).fetchall()
            return [[seq, _short_time(at), user, action_text(action), f"{entity_text(entity)} {rid[:13]}"]
                    for seq, at, user, action, entity, rid in rows]

        QueryOp(self, read, self.ops).success(lambda rows: _fill(self.table, rows)).run()

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


@dataclass
class OutboxRow:
    created_at: str
    entity: str
    record_id: str
    state: str
    attempts: int
    reason: str | None


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

        def read(store: Store) -> tuple[dict[str, int], list[OutboxRow], str | None]:
            counts = dict(store.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
            where = "WHERE o.state = 'rejected'" if only else ""
            # A photo held back or refused shows its file's reason on its attachment record.
            rows = [OutboxRow(*r) for r in store.conn.execute(
                "SELECT o.created_at, o.entity, o.record_id, o.state, o.attempts, coalesce(o.reason, "
                "(SELECT b.last_error FROM sync_blobs b WHERE o.entity = 'attachment' AND o.state != 'acked' "
                f"AND b.sha256 = json_extract(o.payload, '$.sha256'))) FROM outbox o {where} "
                "ORDER BY o.seq DESC LIMIT ?", (LIMIT,)).fetchall()]
            return counts, rows, store.meta("sync_last_error")

        QueryOp(self, read, self.ops).success(self._show).run()

    def _show(self, result: tuple[dict[str, int], list[OutboxRow], str | None]) -> None:
        counts, rows, last_error = result
        text = self.tr("Waiting: %1 · sent: %2 · received by the hub: %3 · refused: %4").replace(
            "%1", str(counts.get("pending", 0))).replace("%2", str(counts.get("sent", 0))).replace(
            "%3", str(counts.get("acked", 0))).replace("%4", str(counts.get("rejected", 0)))
        if last_error:
            text += "\n" + self.tr("Last problem: %1").replace("%1", last_error)
        self.summary.setText(text)
        _fill(self.table, [[_short_time(r.created_at), f"{entity_text(r.entity)} {r.record_id[:13]}",
                            state_text(r.state), r.attempts, r.reason or ""] for r in rows])
