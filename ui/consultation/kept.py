"""The consultation screen's unsaved typing: kept in memory between consultations and in the
station's database (ui.drafts calls `keep_draft` every few seconds and `unsaved_work` before leaving).

A mixin of ConsultationPage; its sentences keep that page's translation context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ui.consultation import work
from ui.patients.display import isolate


class KeptWhileTyping:
    """Snapshot, stash, restore and keep what the person typed (used by ConsultationPage)."""

    def _state(self: Any) -> dict[str, Any]:
        return {"notes": {k: b.toPlainText() for k, b in self.notes.items()},
                "diagnoses": self.diagnoses.value(), "prescriptions": self.prescriptions.value(),
                "follow_up": self.follow_up.edit.text(), "vitals": self.vitals.texts(),
                "consciousness": self.vitals.consciousness.currentIndex(),
                "oxygen": self.vitals.oxygen.isChecked()}

    def _stash_current(self: Any) -> None:
        if self.loaded is not None and self.is_dirty():
            self.keep_draft()
            if self._correcting is None:  # a correction comes back from its kept draft, with its reason
                self._stash[self._key()] = self._state()

    def unsaved_work(self: Any) -> str | None:
        """What would be lost, for the question asked before leaving; None when all is saved."""
        if self.loaded is None or self._busy or not self.is_dirty():
            return None
        return QCoreApplication.translate("ConsultationPage", "The consultation for %1 is not saved yet.").replace(
            "%1", isolate(self.loaded.patient.name))

    def keep_draft(self: Any) -> None:
        """Write what is typed to the station's database (only when it changed since the last write)."""
        if self.loaded is None or self._busy:
            return
        state = self._state() if self.is_dirty() else None
        if state is not None and self._correcting is not None:
            state["correction_reason"] = self._correcting[1]
        if state == self._kept_state:
            return
        self._kept_state = state
        pid, eid = self.loaded.patient.id, self.encounter.id if self.encounter else None
        label = self.loaded.patient.name
        self.ops.submit(lambda store: work.keep_draft(store, pid, eid, label, state), parent=self,
                        failure=lambda _e: None)

    def _restore(self: Any, state: dict[str, Any]) -> None:
        for key, text in state["notes"].items():
            self.notes[key].setPlainText(text)
        self.diagnoses.set_value(state["diagnoses"])
        self.prescriptions.set_value(state["prescriptions"])
        self.follow_up.edit.setText(state["follow_up"])
        for key, text in state["vitals"].items():
            self.vitals.edits[key].setText(text)
        self.vitals.consciousness.setCurrentIndex(state["consciousness"])
        self.vitals.oxygen.setChecked(state["oxygen"])
        self.vitals.check()
