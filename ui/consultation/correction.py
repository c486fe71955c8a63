"""Correcting a signed consultation: why first, nothing recorded until saved, discardable."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from station import consultations
from ui.ops import CollectionOp

MIN_REASON = 5


class CorrectionReasonDialog(QDialog):
    """A required reason; OK stays off until one is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionReason")
        self.setWindowTitle(self.tr("Correct a signed consultation"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The signed consultation stays as it is; your correction is added beside it. "
                               "Why does it need correcting?"))
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("correctionReasonText")
        self.reason.setPlaceholderText(self.tr("e.g. wrong dose written; temperature entered for another patient"))
        self.reason.setFixedHeight(90)
        self.hint = QLabel(self.tr("Reason for the correction: write what was wrong (at least 5 letters)."))
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(self.tr("Start the correction"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("startCorrection")
        cancel = self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelCorrection")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._check)
        for widget in (intro, self.reason, self.hint, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 260)
        self._check()

    def text(self) -> str:
        return " ".join(self.reason.toPlainText().split())

    def _check(self) -> None:
        self.ok.setEnabled(len(self.text()) >= MIN_REASON)


def ask_reason(parent: QWidget) -> str | None:
    """The reason typed, or None when the person cancelled."""
    dialog = CorrectionReasonDialog(parent)
    return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


class Correcting:
    """Start and discard a correction (a mixin of ConsultationPage)."""

    def start_correction(self: Any) -> None:
        """Correct a signed consultation: the reason first; nothing is recorded until it is saved."""
        if self.encounter is None or self.encounter.status != "signed":
            return
        reason = ask_reason(self)
        if reason is None:
            return
        self._correcting = (self.encounter, reason)
        self._set_mode(signed=False)
        self._update_state()
        self.notes["complaint"].setFocus()

    def discard_correction(self: Any) -> None:
        """Back to the signed consultation; a correction saved as a draft but never sent is removed."""
        if self._correcting is not None:
            signed, self._correcting = self._correcting[0], None
            self._fill(signed, self.saved_vitals)
            self._saved_snapshot = self._snapshot()
            self._set_mode(signed=True)
            self._update_state()
            return
        enc = self.encounter
        if enc is None or not enc.supersedes or enc.status != "draft" or self.loaded is None:
            return
        pid = self.loaded.patient.id
        CollectionOp(self, lambda store: consultations.discard_correction(store, enc.id)).success(
            lambda original: self.open_with(pid, original.id)).failure(self._failed).run()
