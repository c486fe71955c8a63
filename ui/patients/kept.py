"""The registration form's unsaved typing, kept in the station's database (ui.drafts calls these)
and brought back when the form is opened again. A mixin of RegistrationPage (its translation context).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from station import drafts
from station.records import Patient
from station.store import Store
from ui.patients.display import isolate, local_datetime


class RegistrationKept:
    """Resume, describe and keep a registration being typed (used by RegistrationPage)."""

    def _resume(self: Any, patient: Patient | None, kept: drafts.WorkDraft | None) -> None:
        if patient is not None:
            self.edit(patient)
        if kept is None or (patient is None and self.editing is not None):
            return
        for key, edit in self.edits.items():
            edit.setText(str(kept.state.get(key) or ""))
        sex = kept.state.get("sex")
        if sex in self.sex_buttons:
            self.sex_buttons[sex].setChecked(True)
        self._kept_state = kept.state
        self.status.setText(QCoreApplication.translate(
            "RegistrationPage", "What you typed before (kept at %1) is back; it is not saved yet.").replace(
            "%1", local_datetime(kept.saved_at)))

    def unsaved_work(self: Any) -> str | None:
        if self.values() == self._baseline:
            return None
        name = self.edits["name"].text().strip()
        if self.editing is not None:
            return QCoreApplication.translate(
                "RegistrationPage", "The changes to %1's details are not saved yet.").replace(
                "%1", isolate(self.editing.name))
        if name:
            return QCoreApplication.translate("RegistrationPage", "The registration of %1 is not saved yet.").replace(
                "%1", isolate(name))
        return QCoreApplication.translate("RegistrationPage", "The registration you started is not saved yet.")

    def keep_draft(self: Any) -> None:
        state = self.values() if self.values() != self._baseline else None
        if state == self._kept_state:
            return
        self._kept_state = state
        pid = self.editing.id if self.editing is not None else None
        label = (self.editing.name if self.editing is not None else state.get("name", "") if state else "") or ""
        key = drafts.draft_id("registration", pid, None)

        def write(store: Store) -> None:
            if state is None:
                drafts.discard(store, key)
            else:
                drafts.keep(store, "registration", pid, None, label, state)
        self.ops.submit(write, parent=self, failure=lambda _e: None)
