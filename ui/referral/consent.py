"""Asking who consented before a case leaves the clinic: the patient, a caregiver, or nobody.

The same box sits on the referral form and in the dialog a video consult opens when its referral
was made without consent. Refusing keeps the referral on this computer (station.consent).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from station import consent as station_consent
from station.errors import ValidationError
from ui.patients.forms import ErrorLabel, Field, FormErrors, big_line_edit, heading


def relation_text(relation: str) -> str:
    words = {
        "self": QCoreApplication.translate("Consent", "the patient"),
        "mother": QCoreApplication.translate("Consent", "mother"),
        "father": QCoreApplication.translate("Consent", "father"),
        "husband": QCoreApplication.translate("Consent", "husband"),
        "wife": QCoreApplication.translate("Consent", "wife"),
        "son": QCoreApplication.translate("Consent", "son"),
        "daughter": QCoreApplication.translate("Consent", "daughter"),
        "brother": QCoreApplication.translate("Consent", "brother"),
        "sister": QCoreApplication.translate("Consent", "sister"),
        "grandparent": QCoreApplication.translate("Consent", "grandparent"),
        "guardian": QCoreApplication.translate("Consent", "guardian"),
        "other relative": QCoreApplication.translate("Consent", "other relative"),
    }
    return words.get(relation, relation)


def consent_line(consent: dict[str, Any] | None) -> str:
    """'Consent given by Amina (mother)' / 'Consent refused by the patient' / 'Consent not recorded'."""
    from ui.patients.display import isolate

    if not consent:
        return QCoreApplication.translate("Consent", "Consent to share: not recorded.")
    who = isolate(consent.get("name", ""))
    if consent.get("by") == "caregiver":
        who += " (" + relation_text(consent.get("relation", "")) + ")"
    if consent.get("given"):
        return QCoreApplication.translate("Consent", "Consent to share given by %1.").replace("%1", who)
    return QCoreApplication.translate("Consent", "Consent to share refused by %1: this referral stays on this "
                                      "computer.").replace("%1", who)


class ConsentBox(QWidget):
    """Who was asked, their name and relation, and the answer."""

    changed = Signal()

    def __init__(self, errors: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentBox")
        self.errors = errors
        self.patient_name = ""
        intro = QLabel(self.tr("Nothing about the patient leaves this clinic without consent. Ask the patient "
                               "(or, for a child or a very ill patient, a caregiver) whether the case may be "
                               "shared with a specialist."))
        intro.setWordWrap(True)
        self.by_group = QButtonGroup(self)
        self.by: dict[str, QRadioButton] = {}
        for value, text in (("patient", self.tr("The patient")), ("caregiver", self.tr("A caregiver"))):
            button = QRadioButton(text)
            button.setObjectName(f"consent_by_{value}")
            button.toggled.connect(self._by_changed)
            self.by_group.addButton(button)
            self.by[value] = button
        self.answer_group = QButtonGroup(self)
        self.agree = QRadioButton(self.tr("Agrees to share"))
        self.agree.setObjectName("consent_given")
        self.refuse = QRadioButton(self.tr("Does not agree: keep it on this computer"))
        self.refuse.setObjectName("consent_refused")
        for button in (self.agree, self.refuse):
            self.answer_group.addButton(button)
            button.toggled.connect(lambda on: on and (self.errors.clear("consent_given"), self.changed.emit()))
        self.name = big_line_edit(self.tr("Name of the person asked"), "consent_name")
        self.name.textEdited.connect(lambda _t: self.errors.clear("consent_name"))
        self.relation = QComboBox()
        self.relation.setObjectName("consent_relation")
        self.relation.setEditable(True)
        self.relation.setMinimumHeight(32)
        self.relation.addItem("", "")
        for value in station_consent.RELATIONS:
            self.relation.addItem(relation_text(value), value)
        self.relation.currentTextChanged.connect(lambda _t: self.errors.clear("consent_relation"))
        name_field = Field(self.tr("Name"), self.name, "consent_name")
        self.relation_field = Field(self.tr("Relation to the patient"), self.relation, "consent_relation")
        errors.add_field(name_field, lambda: self.tr("Consent: write the name of the person who was asked."))
        errors.add_field(self.relation_field, lambda: self.tr(
            "Consent: choose how the caregiver is related to the patient."))
        self.by_error = ErrorLabel("consent_by")
        errors.add("consent_by", self.by_error, self.by["patient"], lambda: self.tr(
            "Consent: choose who was asked, the patient or a caregiver."))
        self.answer_error = ErrorLabel("consent_given")
        errors.add("consent_given", self.answer_error, self.agree, lambda: self.tr(
            "Consent: choose whether they agree to share."))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(heading(self.tr("Consent to share"), 3), 0, 0, 1, 2)
        grid.addWidget(intro, 1, 0, 1, 2)
        grid.addWidget(self.by["patient"], 2, 0)
        grid.addWidget(self.by["caregiver"], 2, 1)
        grid.addWidget(self.by_error, 3, 0, 1, 2)
        grid.addWidget(name_field, 4, 0)
        grid.addWidget(self.relation_field, 4, 1)
        grid.addWidget(self.agree, 5, 0)
        grid.addWidget(self.refuse, 5, 1)
        grid.addWidget(self.answer_error, 6, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.relation_field.setVisible(False)

    def set_patient(self, name: str) -> None:
        self.patient_name = name
        self.clear()

    def clear(self) -> None:
        for group in (self.by_group, self.answer_group):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.name.clear()
        self.relation.setCurrentIndex(0)
        self.relation_field.setVisible(False)

    def _by_changed(self, on: bool) -> None:
        if not on:
            return
        self.errors.clear("consent_by")
        caregiver = self.by["caregiver"].isChecked()
        self.relation_field.setVisible(caregiver)
        if not caregiver and not self.name.text():
            self.name.setText(self.patient_name)
        elif caregiver and self.name.text() == self.patient_name:
            self.name.clear()
        self.changed.emit()

    def refused(self) -> bool:
        return self.refuse.isChecked()

    def value(self, recorded_by: str) -> dict[str, Any]:
        """The consent as the station stores it; raises ValidationError naming the part missing."""
        by = next((k for k, b in self.by.items() if b.isChecked()), "")
        typed = self.relation.currentText()
        index = self.relation.findText(typed)
        relation = self.relation.itemData(index) if index > 0 else typed  # a listed relation, or one typed
        result = station_consent.clean(by, self.name.text(), relation, self.agree.isChecked(), recorded_by)
        if not (self.agree.isChecked() or self.refuse.isChecked()):
            raise ValidationError("consent_given", "Consent: choose whether they agree to share.")
        return result


class ConsentDialog(QDialog):
    """Asked before a video consult (or voice note) of a referral that has no consent recorded."""

    def __init__(self, patient_name: str, recorded_by: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(self.tr("Consent to share"))
        self.recorded_by = recorded_by
        self.errors = FormErrors()
        self.box = ConsentBox(self.errors)
        self.box.set_patient(patient_name)
        self.consent: dict[str, Any] | None = None
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Record consent"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("recordConsent")
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelConsent")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _accept(self) -> None:
        try:
            self.consent = self.box.value(self.recorded_by)
        except ValidationError as exc:
            self.errors.show(exc.field, exc.message)
            return
        self.accept()
