"""The vital signs panel: each number checked as it is typed, NEWS2 / IMCI / MUAC banners.

Checking is pure arithmetic (station.clinical) and runs on the UI thread after a short
pause in typing; nothing here touches the database.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station.clinical import imci
from station.clinical.assessment import Assessment, Situation, assess, overall
from station.clinical.ranges import format_number, vital_range
from station.clinical.vitals import (
    VitalsErrors,
    VitalsReading,
    bmi_applies,
    from_observations,
    validate_vitals,
)
from station.records import Patient, VitalsSet
from station.texts import Joined
from ui.consultation.vital_words import vital_labels, vital_units
from ui.patients.forms import Banner, ErrorLabel, FormErrors, big_line_edit, station_text
from ui.referral.words import urgency_text

TYPING_PAUSE_MS = 250
ENTRY_KEYS = ("systolic_bp", "diastolic_bp", "heart_rate", "respiratory_rate", "temperature", "spo2",
              "weight", "height", "muac")
NEWS2_COLOURS = {"high": "red", "medium": "amber", "low-medium": "amber", "low": "green"}
IMCI_COLOURS = {"pink": "red", "red": "red", "yellow": "yellow", "green": "green"}
ACTION_COLOURS = {"refer_now": "red", "refer": "amber", "treat_and_follow_up": "yellow", "home_care": "green"}


class VitalsPanel(QWidget):
    """Vital signs for one consultation. `assessment_changed` carries the checks' results."""

    assessment_changed = Signal(object)  # Assessment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.patient: Patient | None = None
        self.age_months: float | None = None
        self.assessment = Assessment()
        self.reading: VitalsReading | None = VitalsReading()
        self.errors = FormErrors()
        self.edits: dict[str, QLineEdit] = {}
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.check)
        self._build()

    # -- building -------------------------------------------------------------------------
    def labels(self) -> dict[str, str]:
        return vital_labels()

    def units(self) -> dict[str, str]:
        return vital_units()

    def _rule(self, key: str) -> str:
        vital = vital_range(key)
        return self.tr("%1: enter a number between %2 and %3 %4.").replace("%1", self.labels()[key]).replace(
            "%2", format_number(vital.min)).replace("%3", format_number(vital.max)).replace("%4", self.units()[key])

    def _build(self) -> None:
        labels, units = self.labels(), self.units()
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        for index, key in enumerate(ENTRY_KEYS):
            edit = big_line_edit("", f"vital_{key}")
            edit.setMaximumWidth(110)
            edit.setAccessibleName(labels[key])
            edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
            edit.textEdited.connect(self._typed)
            self.edits[key] = edit
            label = QLabel(labels[key])
            label.setBuddy(edit)
            unit = QLabel(units[key])
            error = ErrorLabel(key)
            self.errors.add(key, error, edit, lambda k=key: self._rule(k))
            row, col = divmod(index, 3)
            cell = QGridLayout()
            cell.setSpacing(2)
            cell.addWidget(label, 0, 0, 1, 3)
            cell.addWidget(edit, 1, 0)
            cell.addWidget(unit, 1, 1)
            cell.setColumnStretch(2, 1)  # the unit stays beside its number in both directions
            cell.addWidget(error, 2, 0, 1, 3)
            grid.addLayout(cell, row, col, Qt.AlignmentFlag.AlignTop)
        self.bmi = QLabel()
        self.bmi.setObjectName("bmiValue")
        self.bmi_error = ErrorLabel("bmi")
        self.errors.add("bmi", self.bmi_error, self.edits["weight"], lambda: self.tr(
            "BMI: check the weight and the height."))
        for col in range(3):
            grid.setColumnStretch(col, 1)

        self.consciousness = QComboBox()
        self.consciousness.setObjectName("consciousness")
        self.consciousness.setMinimumHeight(32)
        for value, text in ((None, self.tr("not assessed")), ("alert", self.tr("Alert")),
                            ("confusion", self.tr("New confusion")), ("voice", self.tr("Responds only to voice")),
                            ("pain", self.tr("Responds only to pain")), ("unresponsive", self.tr("Unresponsive"))):
            self.consciousness.addItem(text, value)
        self.consciousness.currentIndexChanged.connect(self._typed)
        consciousness_label = QLabel(self.tr("&Consciousness"))
        consciousness_label.setBuddy(self.consciousness)
        self.oxygen = QCheckBox(self.tr("On &oxygen"))
        self.oxygen.setObjectName("onOxygen")
        self.scale2 = QCheckBox(self.tr("Known hypercapnic respiratory failure (SpO₂ target 88–92%)"))
        self.scale2.setObjectName("spo2Scale2")
        self.pregnant = QCheckBox(self.tr("&Pregnant"))
        self.pregnant.setObjectName("pregnant")
        self.breastfeeding = QCheckBox(self.tr("&Breastfeeding"))
        self.breastfeeding.setObjectName("breastfeeding")
        for box in (self.oxygen, self.scale2, self.pregnant, self.breastfeeding):
            box.toggled.connect(self._typed)
        extra = QGridLayout()
        extra.addWidget(consciousness_label, 0, 0)
        extra.addWidget(self.consciousness, 0, 1)
        extra.addWidget(self.oxygen, 0, 2)
        extra.addWidget(self.scale2, 1, 0, 1, 3)
        mother = QHBoxLayout()
        mother.addWidget(self.pregnant)
        mother.addWidget(self.breastfeeding)
        mother.addStretch(1)
        self.mother_row = QWidget()
        self.mother_row.setLayout(mother)
        extra.addWidget(self.mother_row, 2, 0, 1, 3)
        extra.setColumnStretch(3, 1)

        self.child_box = QGroupBox(self.tr("Child under 5: IMCI signs"))
        self.child_box.setObjectName("imciSigns")
        child = QGridLayout(self.child_box)
        self.cough = QCheckBox(self.tr("Cough or difficult breathing"))
        self.cough.setObjectName("imci_cough")
        self.indrawing = QCheckBox(self.tr("Chest indrawing"))
        self.indrawing.setObjectName("imci_chest_indrawing")
        self.stridor = QCheckBox(self.tr("Stridor in a calm child"))
        self.stridor.setObjectName("imci_stridor")
        self.danger: dict[str, QCheckBox] = {}
        danger_words = {
            "unable_to_drink_or_breastfeed": self.tr("Not able to drink or breastfeed"),
            "vomits_everything": self.tr("Vomits everything"),
            "convulsions": self.tr("Has had convulsions"),
            "lethargic_or_unconscious": self.tr("Lethargic or unconscious"),
            "convulsing_now": self.tr("Convulsing now"),
        }
        for key in imci.DANGER_SIGNS:
            box = QCheckBox(danger_words[key])
            box.setObjectName(f"danger_{key}")
            self.danger[key] = box
        boxes = [self.cough, self.indrawing, self.stridor, *self.danger.values()]
        for n, box in enumerate(boxes):
            box.toggled.connect(self._typed)
            child.addWidget(box, n // 2, n % 2)
        self.child_box.setVisible(False)

        self.overall_banner = Banner("overallBanner")
        self.news2_banner = Banner("news2Banner")
        self.imci_banner = Banner("imciBanner")
        self.muac_banner = Banner("muacBanner")
        self.urgency_label = QLabel()
        self.urgency_label.setObjectName("urgencySuggestion")
        self.urgency_label.setWordWrap(True)

        bmi_row = QHBoxLayout()
        bmi_row.setContentsMargins(0, 0, 0, 0)
        bmi_row.addWidget(QLabel(self.tr("BMI (calculated):")))
        bmi_row.addWidget(self.bmi)
        bmi_row.addStretch(1)
        self.bmi_row = QWidget()
        self.bmi_row.setLayout(bmi_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.bmi_row)
        layout.addWidget(self.bmi_error)
        layout.addLayout(extra)
        layout.addWidget(self.child_box)
        layout.addWidget(self.overall_banner)
        layout.addWidget(self.news2_banner)
        layout.addWidget(self.imci_banner)
        layout.addWidget(self.muac_banner)
        layout.addWidget(self.urgency_label)

    # -- public ---------------------------------------------------------------------------
    def set_patient(self, patient: Patient, age_months: float | None) -> None:
        """Which checks apply depends on age and sex: show only the questions that matter."""
        self.patient = patient
        self.age_months = age_months
        child = age_months is not None and age_months < imci.UPPER_AGE_MONTHS
        self.child_box.setVisible(child)
        adult_woman = patient.sex == "female" and (age_months is None or age_months >= 10 * 12)
        self.mother_row.setVisible(adult_woman)
        self.scale2.setVisible(not child)
        # Adult BMI cut-offs mean nothing for a small child (BMI-for-age needs the WHO growth tables).
        self.bmi_row.setVisible(bmi_applies(age_months))
        self.check()

    def texts(self) -> dict[str, str]:
        """What is typed in each box (the station parses it: Urdu digits and commas allowed)."""
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def is_empty(self) -> bool:
        return not any(self.texts().values())

    def situation(self) -> Situation:
        return Situation(
            age_months=self.age_months, consciousness=self.consciousness.currentData(),
            supplemental_oxygen=self.oxygen.isChecked(), spo2_scale=2 if self.scale2.isChecked() else 1,
            pregnant=self.pregnant.isChecked() and self.mother_row.isVisibleTo(self),
            breastfeeding=self.breastfeeding.isChecked() and self.mother_row.isVisibleTo(self),
            cough=self.cough.isChecked(), chest_indrawing=self.indrawing.isChecked(),
            stridor=self.stridor.isChecked(),
            danger_signs=tuple(k for k, b in self.danger.items() if b.isChecked()))

    def save_arguments(self) -> dict[str, object]:
        """Keyword arguments for station.consultations.record_vitals besides the values."""
        situation = self.situation()
        return {"consciousness": situation.consciousness,
                "supplemental_oxygen": situation.supplemental_oxygen, "spo2_scale": situation.spo2_scale}

    def snapshot(self) -> tuple:
        """Everything that would be saved: compared to know whether vitals changed since saving."""
        return (tuple(sorted(self.texts().items())), tuple(sorted(self.save_arguments().items())))

    def load(self, vitals: VitalsSet | None) -> None:
        """Show a saved vitals set (or clear the panel)."""
        values = from_observations(vitals.observations) if vitals else {}
        for key, edit in self.edits.items():
            edit.setText(format_number(values[key]) if key in values else "")
        index = self.consciousness.findData(vitals.consciousness if vitals else None)
        self.consciousness.setCurrentIndex(max(index, 0))
        self.oxygen.setChecked(bool(vitals and vitals.supplemental_oxygen))
        self.scale2.setChecked(bool(vitals and vitals.spo2_scale == 2))
        self.check()

    def clear(self) -> None:
        self.load(None)
        self.errors.reset()
        for box in (self.pregnant, self.breastfeeding, self.cough, self.indrawing, self.stridor,
                    *self.danger.values()):
            box.setChecked(False)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        for widget in (self.consciousness, self.oxygen, self.scale2, self.pregnant, self.breastfeeding,
                       self.child_box):
            widget.setEnabled(not read_only)

    def first_error_field(self) -> QLineEdit | None:
        for key, edit in self.edits.items():
            if self.errors.message(key):
                return edit
        return None

    def show_errors(self, by_field: dict[str, list[str]]) -> None:
        """Mark every bad field with the station's message (also used when saving is refused)."""
        self.errors.clear()
        for key, messages in reversed(list(by_field.items())):
            # Kept as station Texts (one, or joined) so they are shown in the interface language.
            self.errors.show(key, messages[0] if len(messages) == 1 else Joined(messages, " "), focus=False)

    # -- checking -------------------------------------------------------------------------
    def _typed(self, *_args: object) -> None:
        self._timer.start()

    def check(self) -> bool:
        """Check every number now; update errors, BMI and the banners. False when something is wrong."""
        self._timer.stop()
        texts = self.texts()
        try:
            reading = validate_vitals(texts)
        except VitalsErrors as exc:
            self.show_errors(exc.by_field)
            self.reading = None
            # The checks still run on the numbers that are right, so a danger sign is never hidden
            # by a typing mistake in another box.
            usable = _without(texts, set(exc.by_field))
            try:
                partial = validate_vitals(usable)
            except VitalsErrors:
                partial = VitalsReading()
            self._assess(partial)
            return False
        self.errors.clear()
        self.reading = reading
        self._assess(reading)
        return True

    def _assess(self, reading: VitalsReading) -> None:
        shown = reading.bmi and bmi_applies(self.age_months)
        self.bmi.setText(f"{format_number(reading.bmi)} {self.units()['bmi']}" if shown else "—")
        self.assessment = assess(reading, self.situation())
        self._show_banners(self.assessment)
        self.assessment_changed.emit(self.assessment)

    def _show_banners(self, result: Assessment) -> None:
        verdict = overall(result)
        if verdict is not None and len(verdict.findings) > 1:
            # Several checks: one action (the most urgent), each check's reason under it, and no
            # separate banners that could say different things.
            lines = [station_text(f.reason) for f in verdict.findings]
            # A right-to-left mark keeps the bullet at the start of a line that opens with "MUAC".
            bullet = "\u200f" if self.isRightToLeft() else ""
            self.overall_banner.show_banner(ACTION_COLOURS[verdict.action],
                                            self.tr("What to do: %1").replace("%1", station_text(verdict.headline)),
                                            "\n".join(f"{bullet}\u2022 {line}" for line in lines))
            for banner in (self.news2_banner, self.imci_banner, self.muac_banner):
                banner.hide_banner()
            self._show_urgency(result)
            return
        self.overall_banner.hide_banner()
        score = result.news2
        if score is None:
            self.news2_banner.hide_banner()
        else:
            bands = {"high": self.tr("high risk"), "medium": self.tr("medium risk"),
                     "low-medium": self.tr("low-medium risk: one sign scores 3"), "low": self.tr("low risk")}
            title = self.tr("NEWS2 %1 — %2").replace("%1", str(score.score)).replace("%2", bands[score.band])
            if not score.complete:
                title += " " + self.tr("(incomplete: some signs not recorded)")
            self.news2_banner.show_banner(NEWS2_COLOURS[score.band], title, station_text(score.response))
        if result.imci is not None:
            self.imci_banner.show_banner(
                IMCI_COLOURS[result.imci.colour],
                self.tr("IMCI: %1").replace("%1", station_text(result.imci.classification)),
                station_text(Joined(result.imci.reasons, " ")) + "\n" + station_text(result.imci.action))
        elif result.imci_needs:
            self.imci_banner.show_banner("info", self.tr("IMCI: more information needed"),
                                         station_text(result.imci_needs))
        else:
            self.imci_banner.hide_banner()
        if result.muac is not None:
            self.muac_banner.show_banner(IMCI_COLOURS.get(result.muac.colour, "info"),
                                         self.tr("MUAC: %1").replace("%1", station_text(result.muac.label)),
                                         station_text(result.muac.message))
        elif result.muac_not_applicable:
            self.muac_banner.show_banner("info", self.tr("MUAC"), station_text(result.muac_not_applicable))
        else:
            self.muac_banner.hide_banner()
        self._show_urgency(result)

    def _show_urgency(self, result: Assessment) -> None:
        if result.news2 or result.imci or result.muac:
            self.urgency_label.setText(self.tr("If you refer this patient, suggested urgency: %1.").replace(
                "%1", urgency_text(result.suggestion.urgency)))
        else:
            self.urgency_label.clear()


def _without(texts: dict[str, str], bad: set[str]) -> dict[str, str]:
    """The typed values minus the bad ones (and the partners a cross-check blamed with them)."""
    if "bmi" in bad:
        bad |= {"weight", "height"}
    if "diastolic_bp" in bad:
        bad |= {"systolic_bp"}
    return {key: value for key, value in texts.items() if key not in bad}
