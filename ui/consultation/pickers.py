"""Choosing from the station's lists as you type: ICD-10 diagnoses and essential medicines.

The lists are small files read once into memory (station.reference), so searching them on
the UI thread costs well under a millisecond per key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station import consultations, reference
from station.clinical import fit
from station.errors import ValidationError
from ui.bidi import ltr
from ui.patients.forms import (
    QUIET_INK,
    ErrorLabel,
    big_line_edit,
    reveal,
    scroll_into_view,
    station_text,
    tint,
)

MAX_SHOWN = 8


class SearchList(QWidget):
    """A search box with the best matches under it; Enter or a click picks one."""

    picked = Signal(object)

    def __init__(self, placeholder: str, search: Callable[[str], list[Any]], describe: Callable[[Any], str],
                 name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._describe = describe
        self.edit = big_line_edit(placeholder, f"{name}Search")
        self.edit.textEdited.connect(self._typed)
        self.edit.returnPressed.connect(self._pick_current)
        self.edit.installEventFilter(self)
        self.results = QListWidget()
        self.results.setObjectName(f"{name}Results")
        self.results.setVisible(False)
        self.results.itemActivated.connect(self._pick_item)
        self.results.itemClicked.connect(self._pick_item)
        self.results.installEventFilter(self)
        self.none_found = QLabel()
        self.none_found.setVisible(False)
        self.none_found.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.none_found)

    def set_none_found_text(self, text: str) -> None:
        self.none_found.setText(text)

    def _typed(self, text: str) -> None:
        found = self._search(text.strip())[:MAX_SHOWN] if text.strip() else []
        self.results.clear()
        for entry in found:
            item = QListWidgetItem(self._describe(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            rows = min(len(found), MAX_SHOWN)
            self.results.setFixedHeight(self.results.sizeHintForRow(0) * rows + 2 * self.results.frameWidth() + 2)
        self.results.setVisible(bool(found))
        self.none_found.setVisible(bool(text.strip()) and not found)
        if found or self.none_found.isVisible():
            # The matches open under the box: on a form scrolled to its end they would be out of sight.
            scroll_into_view(self.results, self.none_found, self.edit)

    def _pick_current(self) -> None:
        item = self.results.currentItem()
        if item is not None and self.results.isVisible():
            self._pick_item(item)

    def _pick_item(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        self.edit.clear()
        self._typed("")
        self.edit.setFocus()
        self.picked.emit(entry)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.edit and key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.isVisible():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
            return True
        if key == Qt.Key.Key_Escape and (self.edit.text() or self.results.isVisible()):
            self.edit.clear()
            self._typed("")
            self.edit.setFocus()
            return True
        return super().eventFilter(watched, event)


class DiagnosisPicker(QWidget):
    """ICD-10 diagnoses: search by words or code, chosen ones listed with Remove."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sex: str | None = None
        self.age_years: float | None = None
        self.search = SearchList(self.tr("Search a diagnosis by name or ICD-10 code, e.g. pneumonia or J18"),
                                 lambda text: fit.search_diagnoses(text, self.sex, self.age_years),
                                 lambda d: f"{d.code}  {d.title}", "icd10")
        self.search.set_none_found_text(self.tr("No diagnosis in the list matches. Try another word "
                                                "(e.g. 'fever', 'diarrhoea') or the code's first letters."))
        self.search.picked.connect(self.add)
        self.chosen = QListWidget()
        self.chosen.setObjectName("diagnosesChosen")
        self.chosen.setMaximumHeight(110)
        self.chosen.installEventFilter(self)
        self.remove_button = QPushButton(self.tr("Remove diagnosis"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = ErrorLabel("diagnoses")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self._refresh()

    def set_patient(self, sex: str | None, age_years: float | None) -> None:
        """Offer only the diagnoses that can fit this patient (station.clinical.fit)."""
        self.sex, self.age_years = sex, age_years

    def add(self, diagnosis: reference.Diagnosis) -> None:
        if diagnosis.code in self.codes():
            return
        item = QListWidgetItem(f"{diagnosis.code}  {diagnosis.title}")
        item.setData(Qt.ItemDataRole.UserRole, {"code": diagnosis.code, "title": diagnosis.title})
        self.chosen.addItem(item)
        self.error.clear_message()
        self._refresh()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._refresh()
            self.changed.emit()

    def codes(self) -> list[str]:
        return [d["code"] for d in self.value()]

    def value(self) -> list[dict[str, str]]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def set_value(self, diagnoses: list[dict[str, str]]) -> None:
        self.chosen.clear()
        for d in diagnoses:
            item = QListWidgetItem(f"{d['code']}  {d['title']}")
            item.setData(Qt.ItemDataRole.UserRole, dict(d))
            self.chosen.addItem(item)
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.search.setVisible(not read_only)
        self._refresh()

    def _refresh(self) -> None:
        self.chosen.setVisible(self.chosen.count() > 0)
        self.remove_button.setVisible(self.chosen.count() > 0 and not self.search.isHidden())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.chosen and event.type() == QEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)


def frequency_text(frequency: str) -> str:
    words = {
        "once": QCoreApplication.translate("Prescriptions", "once only"),
        "OD": QCoreApplication.translate("Prescriptions", "once a day (OD)"),
        "BD": QCoreApplication.translate("Prescriptions", "twice a day (BD)"),
        "TDS": QCoreApplication.translate("Prescriptions", "3 times a day (TDS)"),
        "QID": QCoreApplication.translate("Prescriptions", "4 times a day (QID)"),
        "every 4 hours": QCoreApplication.translate("Prescriptions", "every 4 hours"),
        "every 6 hours": QCoreApplication.translate("Prescriptions", "every 6 hours"),
        "every 8 hours": QCoreApplication.translate("Prescriptions", "every 8 hours"),
        "at night": QCoreApplication.translate("Prescriptions", "at night"),
        "as needed": QCoreApplication.translate("Prescriptions", "as needed"),
        "weekly": QCoreApplication.translate("Prescriptions", "once a week"),
    }
    return words.get(frequency, frequency)


def default_dose(medicine: reference.Medicine) -> str:
    form = medicine.form.lower()
    if "powder" in form:
        return ""  # sachets and vials: the dose depends on how it is made up
    if "tablet" in form or "capsule" in form:
        return "1 " + ("tablet" if "tablet" in form else "capsule")
    if medicine.route == "oral" and any(word in form for word in ("suspension", "syrup", "solution")):
        return "5 ml"
    return ""


class PrescriptionRow(QWidget):
    """One medicine: dose, how often, for how many days, notes; its error under it."""

    remove_requested = Signal(object)
    changed = Signal()

    def __init__(self, medicine: reference.Medicine, item: dict[str, Any] | None = None,
                 parent: QWidget | None = None, child_note: bool = True) -> None:
        super().__init__(parent)
        self.medicine = medicine
        item = item or {}
        self.name = QLabel(medicine.label)
        self.name.setWordWrap(True)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        # The dose guide is the medicines list's own (English) wording: kept whole and left to right
        # under its translated label, so "500 mg-1 g every 4-6 hours" is never split in Urdu.
        self.guide = QLabel(self.tr("Usual adult dose: %1").replace("%1", ltr(medicine.adult_dose))
                            + ("\n" + self.tr("Children: %1").replace("%1", ltr(medicine.paediatric_note))
                               if medicine.paediatric_note and child_note else ""))
        self.guide.setObjectName("doseGuide")
        self.guide.setWordWrap(True)
        tint(self.guide, ink=QUIET_INK)
        self.dose = big_line_edit(self.tr("dose, e.g. 1 tablet"), "dose")
        self.dose.setText(item.get("dose") or default_dose(medicine))
        self.frequency = QComboBox()
        self.frequency.setObjectName("frequency")
        self.frequency.setMinimumHeight(34)
        for value in consultations.FREQUENCIES:
            self.frequency.addItem(frequency_text(value), value)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(item.get("frequency") or "TDS")))
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(1, 365)
        self.days.setValue(int(item.get("duration_days") or 5))
        self.days.setSuffix(self.tr(" days"))
        self.days.setMinimumHeight(34)
        self.notes = big_line_edit(self.tr("notes, e.g. after food"), "notes")
        self.notes.setText(item.get("notes") or "")
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = ErrorLabel("prescription")
        for signal in (self.dose.textEdited, self.frequency.currentIndexChanged, self.days.valueChanged,
                       self.notes.textEdited):
            signal.connect(self._edited)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.addWidget(self.name, 0, 0, 1, 4)
        grid.addWidget(self.remove, 0, 4)
        grid.addWidget(self.dose, 1, 0)
        grid.addWidget(self.frequency, 1, 1)
        grid.addWidget(self.days, 1, 2)
        grid.addWidget(self.notes, 1, 3, 1, 2)
        grid.addWidget(self.guide, 2, 0, 1, 5)
        grid.addWidget(self.error, 3, 0, 1, 5)
        grid.setColumnStretch(3, 1)

    def value(self) -> dict[str, Any]:
        return {"medicine_id": self.medicine.id, "dose": self.dose.text().strip(),
                "frequency": self.frequency.currentData(), "duration_days": self.days.value(),
                "notes": self.notes.text().strip()}

    def check(self) -> bool:
        """The station's own check of this line; the message goes under it."""
        try:
            consultations.clean_prescriptions([self.value()])
        except ValidationError as exc:
            message = exc.message.replace("Prescription 1", self.tr("This medicine"))
            self.error.show_message(station_text(message, self.tr(
                "Enter the dose (e.g. 1 tablet), how often, and 1 to 365 days.")), exc.message)
            return False
        self.error.clear_message()
        return True

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.dose, self.notes):
            widget.setReadOnly(read_only)
        for widget in (self.frequency, self.days):
            widget.setEnabled(not read_only)
        self.remove.setVisible(not read_only)

    def _edited(self, *_args: object) -> None:
        self.error.clear_message()
        self.changed.emit()


class PrescriptionList(QWidget):
    """Medicines from the essential medicines list, one row each."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchList(self.tr("Add a medicine: type its name, e.g. amoxicillin"),
                                 reference.search_medicines, lambda m: m.label, "medicine")
        self.search.set_none_found_text(self.tr("No medicine on the essential medicines list matches. "
                                                "Check the spelling or use the generic name."))
        self.search.picked.connect(self.add)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(0)
        self.rows: list[PrescriptionRow] = []
        self.age_years: float | None = None
        self.error = ErrorLabel("prescriptions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.search)
        layout.addWidget(self.error)

    def add(self, medicine: reference.Medicine, item: dict[str, Any] | None = None) -> PrescriptionRow:
        row = PrescriptionRow(medicine, item, child_note=fit.child_note_applies(self.age_years))
        row.remove_requested.connect(self._remove)
        row.changed.connect(self.changed.emit)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self.error.clear_message()
        if item is None:
            row.dose.setFocus()
            row.dose.selectAll()
            self.changed.emit()
        return row

    def _remove(self, row: PrescriptionRow) -> None:
        self.rows.remove(row)
        self.rows_box.removeWidget(row)
        row.deleteLater()
        self.search.edit.setFocus()
        self.changed.emit()

    def value(self) -> list[dict[str, Any]]:
        return [row.value() for row in self.rows]

    def set_value(self, items: list[dict[str, Any]]) -> None:
        for row in list(self.rows):
            self.rows_box.removeWidget(row)
            row.deleteLater()
        self.rows.clear()
        for item in items:
            try:
                medicine = reference.medicine(item["medicine_id"])
            except KeyError:
                # A medicine no longer on this station's list: show it as it was written.
                medicine = reference.Medicine(item["medicine_id"], item.get("name", ""), item.get("strength", ""),
                                              "", "", "", "", "")
            self.add(medicine, item)

    def check(self) -> bool:
        """Check every line; the first bad one gets the focus."""
        bad = [row for row in self.rows if not row.check()]
        if bad:
            reveal(bad[0].dose, bad[0].error)
        return not bad

    def set_read_only(self, read_only: bool) -> None:
        self.search.setVisible(not read_only)
        for row in self.rows:
            row.set_read_only(read_only)
