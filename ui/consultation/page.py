"""The consultation screen: notes, vitals, diagnoses, medicines, plan, follow-up; draft and sign.

Saving is one transaction on the DB worker (the consultation and its vitals together). A
refused save keeps everything typed and shows the reason beside the field. Leaving the page
with unsaved work keeps it in memory until the same consultation is opened again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station import audit_log, consultations
from station.errors import ValidationError
from station.records import Encounter, VitalsSet
from ui.consultation import work
from ui.consultation.correction import Correcting
from ui.consultation.followup import FollowUpField
from ui.consultation.kept import KeptWhileTyping
from ui.consultation.pickers import DiagnosisPicker, PrescriptionList
from ui.consultation.summary import SummaryData, print_summary, save_pdf
from ui.consultation.vitals_panel import VitalsPanel
from ui.i18n import file_dialog_options
from ui.ops import CollectionOp, DbWorker, QueryOp
from ui.pages import Page
from ui.patients.display import isolate, local_datetime, short_line
from ui.patients.forms import (
    Field,
    FormErrors,
    heading,
    reveal,
    set_button_height,
    text_box,
)

NOTE_FIELDS = ("complaint", "history", "examination", "assessment", "plan")


class ConsultationPage(KeptWhileTyping, Correcting, QWidget):
    """One consultation. navigate("refer", (patient_id, encounter_id, suggestion)) to refer it."""

    navigate = Signal(str, object)
    saved = Signal(object)  # Encounter, after every successful save

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.loaded: work.Loaded | None = None
        self.encounter: Encounter | None = None
        self.saved_vitals: VitalsSet | None = None
        self._saved_snapshot: Any = None
        self._saved_vitals_snapshot: Any = None
        self._stash: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._kept_state: dict[str, Any] | None = None  # what the database holds of unsaved typing
        self._restored_at: str | None = None
        self._correcting: tuple[Encounter, str] | None = None  # (signed consultation, reason) before its first save
        self._busy = False
        self.errors = FormErrors()
        self._build()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = heading(self.tr("Consultation"), 1)
        self.who = QLabel()
        self.who.setObjectName("consultationPatient")
        self.who.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("consultationState")
        self.state.setWordWrap(True)

        self.notes: dict[str, QPlainTextEdit] = {
            "complaint": text_box(self.tr("What the patient comes for, in their words, and since when"), 2,
                                  "complaint"),
            "history": text_box(self.tr("History of the illness, past illnesses, medicines, allergies"), 3,
                                "history"),
            "examination": text_box(self.tr("What you found on examination"), 3, "examination"),
            "assessment": text_box(self.tr("Your assessment"), 2, "assessment"),
            "plan": text_box(self.tr("Treatment, advice given, tests, when to come back at once"), 3, "plan"),
        }
        titles = {"complaint": self.tr("Main &complaint"), "history": self.tr("&History"),
                  "examination": self.tr("E&xamination"), "assessment": self.tr("&Assessment"),
                  "plan": self.tr("&Plan and advice")}
        fields = {}
        for key, box in self.notes.items():
            box.textChanged.connect(self._changed)
            fields[key] = Field(titles[key], box, key)
            self.errors.add_field(fields[key], lambda k=key: self._note_rule(k))

        self.vitals = VitalsPanel()
        self.vitals.assessment_changed.connect(lambda _a: self._changed())
        for edit in self.vitals.edits.values():
            edit.textEdited.connect(self._changed)
        self.diagnoses = DiagnosisPicker()
        self.diagnoses.changed.connect(self._changed)
        self.errors.add("diagnoses", self.diagnoses.error, self.diagnoses.search.edit)
        self.prescriptions = PrescriptionList()
        self.prescriptions.changed.connect(self._changed)
        self.errors.add("prescriptions", self.prescriptions.error, self.prescriptions.search.edit)

        self.follow_up = FollowUpField(self.errors)
        self.follow_up.changed.connect(self._changed)

        body = QWidget()
        form = QVBoxLayout(body)
        form.setSpacing(8)
        form.addWidget(fields["complaint"])
        form.addWidget(fields["history"])
        form.addWidget(fields["examination"])
        form.addWidget(heading(self.tr("Vital signs"), 2))
        form.addWidget(self.vitals)
        form.addWidget(fields["assessment"])
        form.addWidget(heading(self.tr("Diagnosis (ICD-10)"), 2))
        form.addWidget(self.diagnoses)
        form.addWidget(heading(self.tr("Medicines"), 2))
        form.addWidget(self.prescriptions)
        form.addWidget(fields["plan"])
        form.addWidget(self.follow_up)
        form.addStretch(1)
        body.setMaximumWidth(980)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(body)

        self.save_button = QPushButton(self.tr("&Save draft"))
        self.save_button.setObjectName("saveDraft")
        self.save_button.clicked.connect(lambda: self.save())
        self.sign_button = QPushButton(self.tr("Si&gn"))
        self.sign_button.setObjectName("sign")
        self.sign_button.setProperty("primary", True)
        self.sign_button.setToolTip(self.tr("Signing makes the consultation final; later changes are "
                                            "added as a correction."))
        self.sign_button.clicked.connect(lambda: self.save(sign=True))
        self.correct_button = QPushButton(self.tr("&Correct"))
        self.correct_button.setObjectName("correct")
        self.correct_button.clicked.connect(self.start_correction)
        self.discard_button = QPushButton(self.tr("Discard the correction"))
        self.discard_button.setObjectName("discardCorrection")
        self.discard_button.clicked.connect(self.discard_correction)
        self.refer_button = QPushButton(self.tr("&Refer to a specialist"))
        self.refer_button.setObjectName("referConsultation")
        self.refer_button.clicked.connect(self.refer)
        self.print_button = QPushButton(self.tr("Pr&int summary"))
        self.print_button.setObjectName("printSummary")
        self.print_button.clicked.connect(lambda: self._with_saved(self._print))
        self.pdf_button = QPushButton(self.tr("Save as P&DF"))
        self.pdf_button.setObjectName("savePdf")
        self.pdf_button.clicked.connect(lambda: self._with_saved(lambda: self.save_pdf()))
        self.chart_button = QPushButton(self.tr("Back to the chart"))
        self.chart_button.clicked.connect(self._back)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.sign_button, self.correct_button, self.discard_button,
                       self.refer_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.chart_button)
        set_button_height(self.save_button, self.sign_button, self.correct_button, self.discard_button,
                          self.refer_button,
                          self.print_button, self.pdf_button, self.chart_button)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.who)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_button.click)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_button.click)
        self._set_mode(signed=False)

    def _note_rule(self, key: str) -> str:
        return {
            "complaint": self.tr("Complaint: write the patient's main complaint (up to 4000 characters)."),
            "assessment": self.tr("Assessment: write your assessment or choose a diagnosis before signing."),
        }.get(key, self.tr("Keep it under 4000 characters."))

    # -- opening --------------------------------------------------------------------------
    def open_with(self, patient_id: str, encounter_id: str | None = None) -> None:
        """Open a consultation: a new one for the patient, or a saved one (draft or signed)."""
        key = (patient_id, encounter_id)
        if self.loaded is not None and self._key() == key:
            return  # already showing it, with whatever is typed
        self._stash_current()
        pid = patient_id
        QueryOp(self, lambda store: work.load(store, pid, encounter_id)).success(
            lambda data: self._show(data, key)).run()

    def _key(self) -> tuple[str, str | None]:
        assert self.loaded is not None
        return (self.loaded.patient.id, self.encounter.id if self.encounter else None)

    def _show(self, data: work.Loaded, key: tuple[str, str | None]) -> None:
        self._correcting = None
        self.loaded = data
        self.encounter = data.encounter
        # A correction shows the vitals of the consultation it corrects; changing them records a new
        # set that supersedes those, leaving them unchanged records nothing twice.
        self.saved_vitals = data.vitals
        self.who.setText(short_line(data.patient))
        self.vitals.set_patient(data.patient, data.age_months)
        years = None if data.age_months is None else data.age_months / 12
        self.diagnoses.set_patient(data.patient.sex, years)
        self.prescriptions.age_years = years
        self._fill(data.encounter, data.vitals)
        self._saved_snapshot = self._snapshot()
        self._saved_vitals_snapshot = self.vitals.snapshot() if self.saved_vitals else None
        stashed = self._stash.pop(key, None)
        self._kept_state = data.work_draft.state if data.work_draft is not None else None
        self._restored_at = None
        if stashed is not None:
            self._restore(stashed)
        elif data.work_draft is not None:
            self._restore(data.work_draft.state)
            self._restored_at = data.work_draft.saved_at
            reason = data.work_draft.state.get("correction_reason")
            if reason and self.encounter is not None and self.encounter.status == "signed":
                self._correcting = (self.encounter, reason)  # a correction typed but never saved
        self._set_mode(signed=bool(self.encounter and self.encounter.status == "signed")
                       and self._correcting is None)
        self._update_state()
        self.scroll.verticalScrollBar().setValue(0)  # another consultation starts at its top
        if not (self.encounter and self.encounter.status == "signed"):
            self.notes["complaint"].setFocus()

    def _fill(self, encounter: Encounter | None, vitals: VitalsSet | None) -> None:
        self.errors.reset()
        for key, box in self.notes.items():
            box.setPlainText(getattr(encounter, key) if encounter else "")
        self.diagnoses.set_value(encounter.diagnoses if encounter else [])
        self.prescriptions.set_value(encounter.prescriptions if encounter else [])
        self.follow_up.set_value(encounter.follow_up_date if encounter else None)
        self.vitals.clear()
        self.vitals.load(vitals)

    # -- unsaved work kept in memory ------------------------------------------------------------
    def _snapshot(self) -> Any:
        return (tuple(box.toPlainText() for box in self.notes.values()), tuple(self.diagnoses.codes()),
                tuple(tuple(sorted(rx.items())) for rx in self.prescriptions.value()), self.follow_up.edit.text(),
                self.vitals.snapshot())

    def is_dirty(self) -> bool:
        return self.loaded is not None and self._snapshot() != self._saved_snapshot

    # -- modes and state line ---------------------------------------------------------------
    def _set_mode(self, signed: bool) -> None:
        for box in self.notes.values():
            box.setReadOnly(signed)
        self.vitals.set_read_only(signed)
        self.diagnoses.set_read_only(signed)
        self.prescriptions.set_read_only(signed)
        self.follow_up.set_read_only(signed)
        self.save_button.setVisible(not signed)
        self.sign_button.setVisible(not signed)
        self.correct_button.setVisible(signed)
        enc = self.encounter
        self.discard_button.setVisible(not signed and (self._correcting is not None or bool(
            enc and enc.supersedes and enc.status == "draft")))
        self.refer_button.setVisible(self._correcting is None)

    def _update_state(self) -> None:
        enc = self.encounter
        if self._correcting is not None:
            text = self.tr("Correction of the consultation signed on %1, not saved yet. Reason: %2").replace(
                "%1", local_datetime(self._correcting[0].signed_at)).replace("%2", self._correcting[1])
        elif enc is None:
            text = self.tr("New consultation: not saved yet.")
        elif enc.status == "signed":
            text = self.tr("Signed by %1 on %2. To change it, press Correct: the original is kept.").replace(
                "%1", isolate(enc.signed_by or "")).replace("%2", local_datetime(enc.signed_at))
        else:
            text = self.tr("Draft saved on %1, not signed yet.").replace("%1", work.hlc_time(enc.updated_at))
            if enc.supersedes:
                text = self.tr("Correction of a signed consultation (reason: %1).").replace(
                    "%1", enc.correction_reason or "") + " " + text
        if self.is_dirty():
            if self._restored_at:
                text += " " + self.tr("What you typed before (kept at %1) is back; it is not saved yet.").replace(
                    "%1", local_datetime(self._restored_at))
            else:
                text += " " + self.tr("You have changes that are not saved yet.")
        self.state.setText(text)

    def _changed(self, *_args: object) -> None:
        if self.loaded is not None:
            self._update_state()

    # -- saving ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The consultation fields as station.consultations takes them."""
        data: dict[str, Any] = {k: b.toPlainText().strip() for k, b in self.notes.items()}
        data["diagnoses"] = self.diagnoses.value()
        data["prescriptions"] = self.prescriptions.value()
        data["follow_up_date"] = self.follow_up.value()
        return data

    def save(self, sign: bool = False, then: Any = None) -> None:
        """Save the draft (and sign it when `sign`). Nothing typed is lost when saving is refused."""
        if self.loaded is None or self._busy:
            return
        self.errors.clear()
        if not self.vitals.check():
            field = self.vitals.first_error_field()
            if field is not None:
                reveal(field)
            self.state.setText(self.tr("Vital signs: correct the values marked in red. Nothing was saved yet."))
            return
        if not self.prescriptions.check():
            self.state.setText(self.tr("Correct the fields marked in red. Nothing was saved yet."))
            return
        if not self.follow_up.check():
            reveal(self.follow_up.edit, self.follow_up.error)
            self.state.setText(self.tr("Correct the fields marked in red. Nothing was saved yet."))
            return
        fields = self.values()
        pid = self.loaded.patient.id
        enc = self.encounter
        vitals_changed = not self.vitals.is_empty() and self.vitals.snapshot() != self._saved_vitals_snapshot
        vitals_values = self.vitals.texts() if vitals_changed else None
        vitals_args = self.vitals.save_arguments()
        supersedes = self.saved_vitals.id if self.saved_vitals else None
        correcting = (self._correcting[0].id, self._correcting[1]) if self._correcting else None

        self._busy = True
        CollectionOp(self, lambda store: work.save(store, pid, enc, fields, vitals_values, vitals_args,
                                                   supersedes, sign, correcting)).success(
            lambda result: self._saved(result, then)).failure(self._failed).run()

    def _saved(self, result: work.Saved, then: Any) -> None:
        self._busy = False
        self._kept_state = None  # the save dropped the kept copy in the same transaction
        self._restored_at = None
        self._correcting = None
        self.encounter = result.encounter
        if result.vitals is not None:
            self.saved_vitals = result.vitals
            self._saved_vitals_snapshot = self.vitals.snapshot()
        self._saved_snapshot = self._snapshot()
        signed = result.encounter.status == "signed"
        self._set_mode(signed)
        self._update_state()
        if result.sign_refused is not None:
            exc = result.sign_refused
            self.errors.show(exc.field, exc.message)
            self.state.setText(self.tr("Saved as a draft, not signed: complete the field marked in red, "
                                       "then sign again."))
        self.saved.emit(result.encounter)
        if then is not None:
            then()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, consultations.InvalidVitals):
            self.vitals.show_errors(exc.by_field)
            self.state.setText(self.tr("Vital signs: correct the values marked in red. Nothing was saved yet."))
            return
        if isinstance(exc, ValidationError) and self.errors.show(exc.field, exc.message):
            self.state.setText(self.tr("Correct the field marked in red. Nothing was saved yet; "
                                       "what you typed is kept."))
            return
        from ui.errors import show_error

        show_error(self, exc)
        self._update_state()

    # -- printing, referring ----------------------------------------------------------------
    def _with_saved(self, action: Any) -> None:
        """Run `action` on the saved consultation, saving the draft first when needed."""
        if self.encounter is None or self.is_dirty():
            self.save(then=action)
        else:
            action()

    def summary_data(self) -> SummaryData:
        assert self.loaded is not None and self.encounter is not None
        enc = self.encounter
        who = enc.signed_by or enc.created_by or ""
        name = (self.loaded.names or {}).get(who, who)
        return SummaryData(self.loaded.clinic, self.loaded.patient, enc, self.saved_vitals, name)

    def _print(self) -> None:
        print_summary(self, self.summary_data())

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Save the patient's summary as a PDF (asks where unless `path` is given)."""
        if self.encounter is None:
            return None
        if path is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            suggested = Path(folder) / f"{self.loaded.patient.mrn}-{self.encounter.started_at[:10]}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save summary as PDF"), str(suggested),
                                                    self.tr("PDF files (*.pdf)"), options=file_dialog_options())
            if not chosen:
                return None
            path = Path(chosen)
        try:
            save_pdf(self.summary_data(), path)
        except OSError as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return None
        self.state.setText(self.tr("Summary saved as %1.").replace("%1", str(path)))
        encounter_id = self.encounter.id
        CollectionOp(self, lambda store: audit_log.record_summary_saved(store, encounter_id), self.ops).run()
        return path

    def refer(self) -> None:
        """Save, then open the referral form for this consultation with the suggested urgency."""
        def go() -> None:
            assert self.loaded is not None and self.encounter is not None
            self.navigate.emit(Page.REFER, (self.loaded.patient.id, self.encounter.id,
                                         self.vitals.assessment.suggestion))
        self._with_saved(go)

    def _back(self) -> None:
        if self.loaded is not None:
            self.navigate.emit(Page.CHART, (self.loaded.patient.id,))

