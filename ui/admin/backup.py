"""Backup to a file with a progress bar (and Cancel), and restore from one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.backup import (
    Cancelled,
    Progress,
    create_backup,
    read_manifest,
    restore_backup,
    suggested_name,
)
from station.errors import StationError
from station.keyslots import KeySlots
from station.store import Store
from ui.errors import show_error
from ui.i18n import file_dialog_options, make_heading
from ui.ops import DbWorker


class BackupTab(QWidget):
    """Make a backup now; restore one (admins)."""

    restored = Signal(object)  # the User now signed in

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.progress = Progress()
        layout = QVBoxLayout(self)
        layout.addWidget(make_heading(self.tr("Backup"), 2))
        explain = QLabel(self.tr(
            "A backup is one encrypted file: only this station's passwords or its recovery key open it. "
            "Save it on a USB stick and keep that stick away from this computer. Make one every week."))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.backup_button = QPushButton(self.tr("Make a backup…"))
        self.backup_button.setProperty("primary", True)
        self.backup_button.clicked.connect(self.choose_and_backup)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.result = QLabel()
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        for w in (self.bar, self.result):
            layout.addWidget(w)
        layout.addSpacing(18)
        layout.addWidget(make_heading(self.tr("Restore"), 2))
        warn = QLabel(self.tr(
            "Restoring replaces everything on this station with the backup's contents. Work saved since the "
            "backup was made is kept aside in the data folder, not deleted."))
        warn.setWordWrap(True)
        layout.addWidget(warn)
        self.restore_button = QPushButton(self.tr("Restore from a backup…"))
        self.restore_button.clicked.connect(self.choose_and_restore)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        # Anki's pattern: the worker updates a shared Progress; the screen polls it on a timer.
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)

    # -- backup ---------------------------------------------------------------------------
    def choose_and_backup(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the backup as"),
                                              str(Path(folder) / suggested_name("station")),
                                              self.tr("Station backup (*.tsbackup)"), options=file_dialog_options())
        if name:
            self.start_backup(Path(name if name.endswith(".tsbackup") else name + ".tsbackup"))

    def start_backup(self, target: Path) -> None:
        """Run the backup on the DB worker; the bar follows it."""
        self.progress = Progress()
        progress = self.progress
        self.bar.setValue(0)
        self.bar.show()
        self.cancel_button.show()
        self.backup_button.setEnabled(False)
        self.result.setText(self.tr("Making the backup…"))
        self.timer.start()
        self.ops.submit(lambda store: create_backup(store, target, progress, sleep=0.0),
                        self._done, self._failed, parent=self)

    def cancel(self) -> None:
        if self.progress.cancel is not None:
            self.progress.cancel.set()

    def _poll(self) -> None:
        self.bar.setValue(int(self.progress.fraction * 1000))

    def _finish(self) -> None:
        self.timer.stop()
        self.cancel_button.hide()
        self.backup_button.setEnabled(True)

    def _done(self, path: Path) -> None:
        self._finish()
        self.bar.setValue(1000)
        size = path.stat().st_size / 1e6
        self.result.setText(self.tr("Backup saved: %1 (%2 MB).").replace("%1", str(path))
                            .replace("%2", f"{size:.1f}"))

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self.bar.hide()
        if isinstance(exc, Cancelled):
            self.result.setText(self.tr("The backup was cancelled; no file was written."))
            return
        self.result.setText("")
        show_error(self, exc)

    # -- restore --------------------------------------------------------------------------
    def choose_and_restore(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the backup to restore"), "",
                                              self.tr("Station backup (*.tsbackup)"), options=file_dialog_options())
        if name:
            self.ask_and_restore(Path(name))

    def ask_and_restore(self, backup: Path) -> QDialog | None:
        try:
            manifest = read_manifest(backup)
        except StationError as exc:
            show_error(self, exc)
            return None
        dialog = RestoreDialog(backup, manifest, self)
        dialog.accepted.connect(lambda: self.restore(backup, dialog.username.text().strip().lower(),
                                                     dialog.password.text()))
        dialog.open()
        return dialog

    def restore(self, backup: Path, username: str, password: str) -> None:
        """Check the password against the backup first; only then close and replace the station."""
        data_dir = self.ops.data_dir

        def check(_store: Store) -> None:
            import tempfile
            import zipfile

            with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(backup) as zf:
                zf.extract("keyslots.json", tmp)
                KeySlots.load(Path(tmp)).unlock(username, password)

        def replace(_ok: None) -> None:
            self.result.setText(self.tr("Restoring…"))
            self.ops.adopt(lambda: restore_backup(data_dir, backup, username, password),
                           lambda store: self._restored(store), lambda exc: show_error(self, exc))

        self.ops.submit(check, replace, lambda exc: show_error(self, exc), parent=self)

    def _restored(self, store: Store) -> None:
        self.result.setText(self.tr("The station was restored from the backup."))
        self.restored.emit(store.user)


class RestoreDialog(QDialog):
    """Which backup, and the password of an account inside it."""

    def __init__(self, backup: Path, manifest: dict[str, object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from a backup"))
        layout = QVBoxLayout(self)
        info = QLabel(self.tr("Backup of %1, made %2.").replace("%1", str(manifest.get("clinic") or "?"))
                      .replace("%2", str(manifest.get("created_at") or "?")))
        info.setWordWrap(True)
        layout.addWidget(info)
        form = QFormLayout()
        self.username, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Username (in the backup)"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Replace this station's data"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
