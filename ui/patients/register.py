"""Registering a patient (or correcting their details), with the duplicate warning.

Each field is checked by the station's own rules as the person leaves it, and every
problem is shown beside its field at once on Save. A failed save keeps everything typed.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station import drafts, patients
from station.errors import ValidationError
from station.records import Patient
from station.store import Store
from ui.ops import CollectionOp, DbWorker, QueryOp
from ui.pages import Page
from ui.patients.display import short_line
from ui.patients.forms import Banner, ErrorLabel, Field, FormErrors, big_line_edit, heading, set_button_height
from ui.patients.kept import RegistrationKept
from ui.patients.register_extras import DatePicker, RelationChoice

TEXT_FIELDS = ("name", "name_ur", "father_name", "father_name_ur", "date_of_birth", "estimated_age_years",
               "cnic", "phone", "village", "district")
# Values that pass every check, so one field can be checked alone by the station's own rules.
_VALID = {"name": "Ab", "father_name": "Ab", "village": "Ab", "district": "Ab", "sex": "female",
          "estimated_age_years": "30"}
_AGE_FIELDS = ("date_of_birth", "estimated_age_years")


def field_problem(name: str, fields: dict[str, Any]) -> ValidationError | None:
    """The station's complaint about one field of the form, or None when it is acceptable."""
    probe = dict(_VALID)
    if name in _AGE_FIELDS:
        probe.pop("estimated_age_years")
        probe.update({k: fields.get(k) for k in _AGE_FIELDS})
    else:
        probe[name] = fields.get(name)
    try:
        patients.clean(probe)
    except ValidationError as exc:
        if exc.field == name or (name in _AGE_FIELDS and exc.field in _AGE_FIELDS):
            return exc
    return None


def form_problems(fields: dict[str, Any]) -> list[ValidationError]:
    """Every field's problem at once (the station itself stops at the first)."""
    found: list[ValidationError] = []
    for name in ("name", "name_ur", "father_name", "father_name_ur", "sex", "date_of_birth", "cnic",
                 "phone", "village", "district"):
        problem = field_problem(name, fields)
        if problem is not None and all(p.field != problem.field for p in found):
            found.append(problem)
    return found


class RegistrationPage(RegistrationKept, QWidget):
    """New patient (or edit details). Emits navigate("chart", (id,)) once saved."""

    navigate = Signal(str, object)
    saved = Signal(str)  # patient id

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.editing: Patient | None = None
        self._district = ""  # the station's own district, the default for new patients
        self.errors = FormErrors()
        self.edits = {}
        self._build()
        self._baseline: dict[str, Any] = self.values()  # the form as it was opened: unchanged is not work
        self._kept_state: dict[str, Any] | None = None
        ops.opened.connect(self._opened)
        if ops.is_open:  # built after sign-in (pages are built when first needed)
            self._opened(ops.user)

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = heading(self.tr("Register a new patient"), 1)
        placeholders = {
            "name": self.tr("e.g. Muhammad Aslam"),
            "name_ur": self.tr("optional, in Urdu script"),
            "father_name": self.tr("e.g. Ghulam Rasool"),
            "father_name_ur": self.tr("optional, in Urdu script"),
            "date_of_birth": self.tr("DD/MM/YYYY"),
            "estimated_age_years": self.tr("years"),
            "cnic": self.tr("12345-1234567-1"),
            "phone": self.tr("03XX-XXXXXXX"),
            "village": "",
            "district": "",
        }
        for key in TEXT_FIELDS:
            edit = big_line_edit(placeholders[key], key)
            edit.editingFinished.connect(lambda k=key: self._left(k))
            edit.textEdited.connect(lambda _t, k=key: self._edited(k))
            self.edits[key] = edit
        self.edits["date_of_birth"].setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.date_picker = DatePicker(self.edits["date_of_birth"])
        self.relation = RelationChoice()
        self.relation.changed.connect(lambda: self.errors.clear("relation"))
        for key in ("name_ur", "father_name_ur"):
            self.edits[key].setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            self.edits[key].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)

        rules = self._rules()
        fields = {
            "name": Field(self.tr("&Name"), self.edits["name"], "name"),
            "name_ur": Field(self.tr("Name in &Urdu"), self.edits["name_ur"], "name_ur"),
            "father_name": Field(self.tr("&Father's or husband's name"), self.edits["father_name"], "father_name"),
            "father_name_ur": Field(self.tr("Father's or husband's name in Urdu"), self.edits["father_name_ur"],
                                    "father_name_ur"),
            "date_of_birth": Field(self.tr("&Date of birth"), self.edits["date_of_birth"], "date_of_birth"),
            "estimated_age_years": Field(self.tr("or &age in years, if the date is not known"),
                                         self.edits["estimated_age_years"], "estimated_age_years"),
            "cnic": Field(self.tr("&CNIC (optional)"), self.edits["cnic"], "cnic"),
            "phone": Field(self.tr("&Phone (optional)"), self.edits["phone"], "phone"),
            "village": Field(self.tr("&Village or area"), self.edits["village"], "village"),
            "district": Field(self.tr("Dis&trict"), self.edits["district"], "district"),
        }
        for name, field in fields.items():
            self.errors.add_field(field, rules.get(name))

        self.sex_group = QButtonGroup(self)
        sex_row = QHBoxLayout()
        self.sex_buttons: dict[str, QRadioButton] = {}
        for value, text in (("female", self.tr("Female")), ("male", self.tr("Male")), ("other", self.tr("Other"))):
            button = QRadioButton(text)
            button.setObjectName(f"sex_{value}")
            button.setMinimumHeight(30)
            button.toggled.connect(lambda on: on and self.errors.clear("sex"))
            self.sex_group.addButton(button)
            self.sex_buttons[value] = button
            sex_row.addWidget(button)
        sex_row.addStretch(1)
        sex_label = QLabel(self.tr("Sex"))
        self.sex_error = ErrorLabel("sex")
        self.errors.add("sex", self.sex_error, self.sex_buttons["female"], rules["sex"])
        sex_box = QVBoxLayout()
        sex_box.setSpacing(2)
        sex_box.addWidget(sex_label)
        sex_box.addLayout(sex_row)
        sex_box.addWidget(self.sex_error)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        grid.addWidget(fields["name"], 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["name_ur"], 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["father_name"], 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["father_name_ur"], 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.relation, 2, 0, 1, 2)
        grid.addLayout(sex_box, 3, 0, 1, 2)
        grid.addWidget(fields["date_of_birth"], 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["estimated_age_years"], 4, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["cnic"], 5, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["phone"], 5, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["village"], 6, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(fields["district"], 6, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.duplicates = Banner("duplicateWarning")
        self.duplicate_list = QVBoxLayout()
        self.duplicates.layout().addLayout(self.duplicate_list)
        # The same CNIC as someone registered: a different person only with a reason (it is audited).
        self.cnic_reason = big_line_edit(self.tr("e.g. a child registered on the mother's card"), "same_cnic_reason")
        self.cnic_reason_field = Field(self.tr("Same CNIC: why is this a different person?"), self.cnic_reason,
                                       "same_cnic_reason")
        self.errors.add_field(self.cnic_reason_field, lambda: self.tr(
            "Write why this is a different person with the same CNIC (at least 5 letters)."))
        self.cnic_reason.textChanged.connect(self._reason_changed)
        self.duplicates.layout().addWidget(self.cnic_reason_field)
        self.cnic_reason_field.hide()
        self.different_button = QPushButton(self.tr("This is a different person: register as new"))
        self.different_button.setObjectName("registerAnyway")
        self.different_button.clicked.connect(lambda: self._save(confirmed_new=True))
        self.duplicates.layout().addWidget(self.different_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.save_button = QPushButton(self.tr("&Save patient"))
        self.save_button.setObjectName("savePatient")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self._save(confirmed_new=False))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        set_button_height(self.save_button, self.cancel_button, self.different_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("registrationStatus")
        self.status.setWordWrap(True)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.title)
        inner.addLayout(grid)
        inner.addWidget(self.duplicates)
        inner.addWidget(self.status)
        inner.addLayout(buttons)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        order = [self.edits["name"], self.edits["name_ur"], self.edits["father_name"],
                 self.edits["father_name_ur"], *self.relation.buttons.values(), *self.sex_buttons.values(), self.edits["date_of_birth"],
                 self.edits["estimated_age_years"], self.edits["cnic"], self.edits["phone"],
                 self.edits["village"], self.edits["district"], self.save_button, self.cancel_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_button.click)
        # Enter moves on like Tab (as on paper forms, one box after another); on the last box it saves.
        for edit in self.edits.values():
            edit.returnPressed.connect(self.focusNextChild)
        self.edits["district"].returnPressed.disconnect()
        self.edits["district"].returnPressed.connect(self.save_button.click)

    def _rules(self) -> dict[str, Any]:
        """What is allowed in each field, in the interface language (shown beside the field)."""
        return {
            "name": lambda: self.tr("Name: enter 2 to 100 letters."),
            "father_name": lambda: self.tr("Father's or husband's name: enter 2 to 100 letters."),
            "village": lambda: self.tr("Village: enter its name, 2 to 100 letters (not a phone number)."),
            "district": lambda: self.tr("District: enter 2 to 100 letters."),
            "name_ur": lambda: self.tr("Name in Urdu: write it in Urdu script, or leave it empty."),
            "father_name_ur": lambda: self.tr("Father's name in Urdu: write it in Urdu script, or leave it empty."),
            "sex": lambda: self.tr("Sex: choose female, male or other."),
            "date_of_birth": lambda: self.tr("Date of birth: a past date as DD/MM/YYYY (e.g. 25/03/2019) or "
                                             "picked from the calendar, or leave it empty and enter an "
                                             "estimated age."),
            "estimated_age_years": lambda: self.tr("Age: whole years from 0 to 120."),
            "cnic": lambda: self.tr("CNIC: the 13 digits of the card, as 12345-1234567-1, or leave it empty."),
            "phone": lambda: self.tr("Phone: a mobile as 03XX-XXXXXXX or a landline with its area code, "
                                     "or leave it empty."),
        }

    # -- public ---------------------------------------------------------------------------
    def open_with(self, prefill: str = "", patient_id: str | None = None) -> None:
        """Start a new registration (the name taken from what was searched), or edit a patient.

        What was typed before and kept as a draft (power cut, window closed) comes back."""
        if patient_id:
            QueryOp(self, lambda store: (store.get(Patient, patient_id),
                                         drafts.find(store, "registration", patient_id, None))).success(
                lambda found: self._resume(*found)).run()
            return
        if self.editing is not None:
            self.clear()
        if not self.unsaved_work():
            QueryOp(self, lambda store: drafts.find(store, "registration", None, None)).success(
                lambda kept: self._resume(None, kept)).run()
        if prefill and not any(e.text() for e in self.edits.values()):
            target = "phone" if sum(ch.isdigit() for ch in prefill) >= 7 else "name"
            if target == "phone" and sum(ch.isdigit() for ch in prefill) == 13:
                target = "cnic"
            self.edits[target].setText(prefill)
        self.edits["name"].setFocus()

    def edit(self, patient: Patient) -> None:
        """Show a registered patient's details to correct them."""
        self.clear()
        self.editing = patient
        self.title.setText(self.tr("Patient details: MRN %1").replace("%1", patient.mrn))
        self.save_button.setText(self.tr("&Save changes"))
        for key in TEXT_FIELDS:
            value = getattr(patient, key)
            self.edits[key].setText("" if value is None else str(value))
        if patient.sex in self.sex_buttons:
            self.sex_buttons[patient.sex].setChecked(True)
        self._baseline = self.values()
        self.relation.set_value(patient.relation)

    def values(self) -> dict[str, Any]:
        """What the form holds, in the station's field names."""
        data: dict[str, Any] = {key: self.edits[key].text().strip() for key in TEXT_FIELDS}
        data["sex"] = next((value for value, b in self.sex_buttons.items() if b.isChecked()), "")
        data["relation"] = self.relation.value()
        return data

    def clear(self) -> None:
        self.editing = None
        self.title.setText(self.tr("Register a new patient"))
        self.save_button.setText(self.tr("&Save patient"))
        for key, edit in self.edits.items():
            edit.setText(self._district if key == "district" else "")
        self.sex_group.setExclusive(False)
        for button in self.sex_buttons.values():
            button.setChecked(False)
        self.sex_group.setExclusive(True)
        self.relation.set_value(None)
        self.errors.reset()
        self.duplicates.hide_banner()
        self.cnic_reason.clear()
        self.cnic_reason_field.hide()
        self.status.clear()
        self._baseline = self.values()

    # -- checking as the person goes --------------------------------------------------------
    def _opened(self, _user: object) -> None:
        QueryOp(self, lambda store: store.meta("district") or "").success(self._got_district).run()

    def _got_district(self, district: str) -> None:
        self._district = district
        if not self.edits["district"].text():
            self.edits["district"].setText(district)
        if self.editing is None and all(v in ("", district) for v in self.values().values()):
            self._baseline = self.values()

    def _left(self, key: str) -> None:
        if not self.edits[key].text().strip():
            return  # an empty field is only a problem when saving
        problem = field_problem(key, self.values())
        if problem is None:
            self.errors.clear(key)
            if key in _AGE_FIELDS:
                self.errors.clear("date_of_birth")
                self.errors.clear("estimated_age_years")
        else:
            self.errors.show(problem.field, problem.message, focus=False)

    def _edited(self, key: str) -> None:
        self.errors.clear(key)
        if key in ("name", "father_name", "cnic", "phone"):
            self.duplicates.hide_banner()

    # -- saving ---------------------------------------------------------------------------
    def _save(self, confirmed_new: bool) -> None:
        self.errors.clear()
        self.status.clear()
        data = self.values()
        problems = form_problems(data)
        if problems:
            for problem in reversed(problems):  # reversed: the first bad field ends with the focus
                self.errors.show(problem.field, problem.message)
            self.status.setText(self.tr("Please correct the fields marked in red. Nothing was saved yet; "
                                        "what you typed is kept."))
            return
        self.save_button.setEnabled(False)
        editing = self.editing
        if editing is not None:
            changes = {k: v for k, v in data.items()}
            op = CollectionOp(self, lambda store: _update(store, editing, changes))
        else:
            reason = self.cnic_reason.text() if confirmed_new else ""
            op = CollectionOp(self, lambda store: _register(store, data, confirmed_new, reason))
        op.success(self._saved).failure(self._failed).run()

    def _saved(self, patient: Patient) -> None:
        self.save_button.setEnabled(True)
        self._kept_state = None  # dropped with the save, in the same transaction
        self.clear()
        self.saved.emit(patient.id)
        self.navigate.emit(Page.CHART, (patient.id,))

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, patients.PossibleDuplicate):
            self._show_duplicates(exc)
            return
        if isinstance(exc, patients.SameCnicNeedsReason):
            self.cnic_reason_field.show()
            self.errors.show("same_cnic_reason", self.tr(
                "Write why this is a different person with the same CNIC (at least 5 letters)."))
            return
        if isinstance(exc, ValidationError) and self.errors.show(exc.field, exc.message):
            self.status.setText(self.tr("Nothing was saved yet; what you typed is kept."))
            return
        from ui.errors import show_error

        show_error(self, exc)

    def _show_duplicates(self, exc: patients.PossibleDuplicate) -> None:
        while self.duplicate_list.count():
            item = self.duplicate_list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.duplicates.show_banner(
            "amber", self.tr("This patient may already be registered"),
            self.tr("Check with the patient. Open their chart if it is the same person; "
                    "otherwise register them as new."))
        for candidate in exc.candidates[:5]:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            reasons = "; ".join(self._reason_text(r) for r in candidate.reasons)
            text = QLabel(f"{short_line(candidate.patient)}\n{reasons}")
            text.setWordWrap(True)
            button = QPushButton(self.tr("Open this chart"))
            button.setObjectName(f"openDuplicate_{candidate.patient.mrn}")
            button.clicked.connect(lambda _c=False, pid=candidate.patient.id: self.navigate.emit(Page.CHART, (pid,)))
            set_button_height(button)
            line.addWidget(text, 1)
            line.addWidget(button)
            self.duplicate_list.addWidget(row)
        same_cnic = any("same CNIC" in c.reasons for c in exc.candidates)
        self.cnic_reason_field.setVisible(same_cnic)
        self._reason_changed()
        self.duplicates.setFocus()
        (self.cnic_reason if same_cnic else self.different_button).setFocus()

    def _reason_changed(self) -> None:
        needed = self.cnic_reason_field.isVisibleTo(self.duplicates)
        self.different_button.setEnabled(not needed or len(" ".join(self.cnic_reason.text().split())) >= 5)
        if not needed or self.different_button.isEnabled():
            self.errors.clear("same_cnic_reason")

    def _reason_text(self, reason: str) -> str:
        return {"same CNIC": self.tr("same CNIC"), "same phone number": self.tr("same phone number"),
                "similar name, father's name and age": self.tr("similar name, father's name and age"),
                }.get(reason, reason)

    def _cancel(self) -> None:
        patient = self.editing
        key = drafts.draft_id("registration", patient.id if patient is not None else None, None)
        self.clear()
        self._kept_state = None  # Cancel throws away what was typed: the kept copy goes too
        self.ops.submit(lambda store: drafts.discard(store, key), parent=self, failure=lambda _e: None)
        if patient is not None:
            self.navigate.emit(Page.CHART, (patient.id,))
        else:
            self.navigate.emit(Page.PATIENTS, ())


def _register(store: Store, data: dict[str, Any], confirmed_new: bool, same_cnic_reason: str = "") -> Patient:
    with store.atomic():
        patient = patients.register(store, data, confirmed_new=confirmed_new, same_cnic_reason=same_cnic_reason)
        drafts.discard(store, drafts.draft_id("registration", None, None))
    return patient


def _update(store: Store, editing: Patient, changes: dict[str, Any]) -> Patient:
    with store.atomic():
        patient = patients.update(store, editing.id, changes, editing.version)
        drafts.discard(store, drafts.draft_id("registration", editing.id, None))
    return patient
