"""Help -> Check this station: the checks of `telestation selfcheck`, run from the app.

Each check runs where it belongs: fonts and translations on the UI thread (Qt's font
database), the database and the hub's address on the DB worker (it owns the connection),
camera, microphone, hub and clock on the network loop (in its executor: they block on I/O).
The window never waits on any of them.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from station import selfcheck
from station.selfcheck import Check, Report
from station.texts import Text
from ui.i18n import make_heading
from ui.ops import DbWorker
from ui.patients.forms import station_text

if TYPE_CHECKING:
    from station.store import Store
    from sync.selfcheck import HubTarget
    from ui.netloop import NetLoop

log = logging.getLogger("ui.selfcheck_dialog")
HOW_TO_UNLOCK = selfcheck.SIGN_IN_TO_CHECK


def _worker_part(data_dir: Path, store: Store | None) -> tuple[list[Check], HubTarget | None, bool]:
    """On the DB worker: the station's checks, and where the hub is (read while the store is open)."""
    from sync.selfcheck import hub_target

    checks = selfcheck.station_checks(data_dir, store, HOW_TO_UNLOCK)
    target = None
    if store is not None:
        try:
            target = hub_target(store)
        except Exception as exc:  # the report says so; the other checks still run
            checks.append(Check(Text("Hub"), "warning", Text("Could not be checked ({reason}).",
                                                             reason=f"hub address: {type(exc).__name__}")))
    return checks, target, store is not None


async def _network_part(target: HubTarget | None, signed_in: bool) -> list[Check]:
    """On the network loop: devices, then the hub and the clock (both block: run in its executor)."""
    from sync.selfcheck import device_checks, hub_checks

    loop = asyncio.get_running_loop()
    checks = await loop.run_in_executor(None, device_checks)
    if signed_in:
        checks += await loop.run_in_executor(None, hub_checks, target)
    else:
        checks.append(Check(Text("Hub"), "skipped", Text("Not checked: {how}.", how=HOW_TO_UNLOCK)))
    return checks


def _qt_part() -> list[Check]:
    from ui import selfcheck_qt

    return selfcheck.run_probe(selfcheck.FONTS_AND_TRANSLATIONS,
                               lambda _d, _s: [*selfcheck_qt.font_checks(), *selfcheck_qt.translation_checks()],
                               Path(), None)


class SelfCheckDialog(QDialog):
    """Runs every check, then shows the report (with Copy report for support)."""

    checked = Signal(object)  # station.selfcheck.Report, once every check has answered

    def __init__(self, ops: DbWorker, net: NetLoop | None, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selfCheckDialog")
        self.ops = ops
        self.net = net
        self.data_dir = Path(data_dir)
        self.report: Report | None = None
        self._checks: dict[str, list[Check]] = {}
        self.setWindowTitle(self.tr("Check this station"))
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        layout.addWidget(make_heading(self.tr("Check this station"), 2))
        self.status = QLabel()
        self.status.setObjectName("selfCheckStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.what_to_do = QLabel()
        self.what_to_do.setObjectName("selfCheckWhatToDo")
        self.what_to_do.setWordWrap(True)
        self.what_to_do.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.what_to_do.hide()
        layout.addWidget(self.what_to_do)
        self.text = QPlainTextEdit()
        self.text.setObjectName("selfCheckReport")
        self.text.setReadOnly(True)
        # The report is aligned in columns and stays in English for support: a fixed-width font.
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        self.again_button = QPushButton(self.tr("Check again"))
        self.again_button.clicked.connect(self.start)
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    # -- running --------------------------------------------------------------------------
    def start(self) -> None:
        """Start every check; `checked` fires (and the report shows) when the last one answers."""
        self.report = None
        self._checks = {"qt": _qt_part()}
        self.again_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.status.setText(self.tr("Checking… this takes a few seconds."))
        self.text.setPlainText("")
        self.what_to_do.hide()
        data_dir = self.data_dir
        self.ops.submit(lambda store: _worker_part(data_dir, store), self._worker_done, self._worker_failed,
                        parent=self, needs_store=False)

    def _worker_done(self, result: tuple[list[Check], HubTarget | None, bool]) -> None:
        checks, target, signed_in = result
        self._checks["station"] = checks
        if self.net is None:
            self._network_done([Check(selfcheck.DEVICES_AND_HUB, "skipped",
                                      selfcheck.NETWORK_NOT_RUNNING)])
            return
        self.net.run_coroutine(_network_part(target, signed_in), on_done=self._network_done,
                               on_error=self._network_failed)

    def _worker_failed(self, exc: BaseException) -> None:
        log.warning("self-check on the database worker failed: %s", type(exc).__name__)
        self._checks["station"] = [Check(Text("Database"), "failed",
                                         Text("Could not be checked ({reason}).", reason=type(exc).__name__))]
        self._worker_done((self._checks["station"], None, False))

    def _network_failed(self, exc: BaseException) -> None:
        log.warning("self-check on the network loop failed: %s", type(exc).__name__)
        self._network_done([Check(selfcheck.DEVICES_AND_HUB, "warning",
                                  Text("Could not be checked ({reason}).", reason=type(exc).__name__))])

    def _network_done(self, checks: list[Check]) -> None:
        # The same order as `telestation selfcheck`: station, then Qt, then the outside world.
        report = Report([*self._checks.get("station", []), *self._checks["qt"], *checks], data_dir=self.data_dir)
        self.report = report
        self.text.setPlainText(report.text())
        self.status.setText(self.tr("Everything needed works.") if report.ok else
                            self.tr("Problems found: the lines marked PROBLEM say what to do."))
        self.status.setProperty("problem", not report.ok)
        self._show_what_to_do(report)
        self.again_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        self.copy_button.setText(self.tr("Copy report"))
        log.info("self-check from the app: %d checks, %d problems", len(report.checks), len(report.problems))
        self.checked.emit(report)

    def _show_what_to_do(self, report: Report) -> None:
        """Problems and notes in the interface's language, above the English report for support."""
        marks = {"failed": self.tr("Problem"), "warning": self.tr("Note")}
        lines = [f"• {marks[c.status]} — {station_text(c.name)}: {station_text(c.words)}"
                 for c in report.checks if c.status in marks]
        self.what_to_do.setText("\n".join(lines))
        self.what_to_do.setVisible(bool(lines))

    def copy_report(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.text())
            self.copy_button.setText(self.tr("Copied"))


def open_selfcheck(parent: QWidget, ops: DbWorker, net: Any, data_dir: Path) -> SelfCheckDialog:
    """Show the dialog and start the checks; the window keeps one such dialog and reuses it."""
    dialog = parent.findChild(SelfCheckDialog)
    if dialog is None:
        dialog = SelfCheckDialog(ops, net, data_dir, parent)
    dialog.net = net
    dialog.open()
    if dialog.again_button.isEnabled():  # disabled while a check is still running
        dialog.start()
    return dialog
