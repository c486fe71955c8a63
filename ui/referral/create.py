"""Referring a case to a specialist: specialty, urgency (suggested from the vitals), question, photos.

Photos are read and checked off the UI thread and kept in memory; they are stored only when
the referral is sent, in the same transaction, so a cancelled referral leaves nothing behind.
The referral is queued at once and leaves with the next sync (offline is normal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station import attachments, patients, referrals, specialties, voice
from station.clinical.assessment import Situation, assess
from station.clinical.urgency import UrgencySuggestion
from station.clinical.vitals import VitalsReading, from_observations, validate_vitals
from station.errors import ValidationError
from station.records import URGENCIES, Patient, Referral, VitalsSet
from station.store import Store
from sync.wire.specialties import DEFAULT_SPECIALTIES
from ui.call.devices import DeviceLister
from ui.i18n import file_dialog_options, is_rtl
from ui.ops import CollectionOp, DbWorker, QueryOp
from ui.pages import Page
from ui.patients.display import short_line
from ui.patients.forms import (
    Banner,
    ErrorLabel,
    Field,
    FormErrors,
    heading,
    set_button_height,
    station_text,
    text_box,
)
from ui.referral.camera import CameraState, camera_state, looking, no_camera
from ui.referral.consent import ConsentBox
from ui.referral.photos import THUMB, Photo, read_photo, thumbnail
from ui.referral.reach import tell_after_sending, unreachable
from ui.referral.voice import VoiceNoteControl
from ui.referral.words import specialty_text, urgency_choice_text, urgency_text


@dataclass
class Context:
    patient: Patient
    suggestion: UrgencySuggestion | None
    # The hub's list as last received (or the built-in one before the first sync).
    specialties: list[specialties.Choice] = field(default_factory=list)


def load_context(store: Store, patient_id: str, encounter_id: str | None) -> Context:
    """The patient, and an urgency suggested from the latest vitals when none was passed in."""
    patient = store.get(Patient, patient_id)
    offered = specialties.offered(store, urdu=is_rtl())
    where, args = ("encounter_id = ?", [encounter_id]) if encounter_id else ("patient_id = ?", [patient_id])
    found = store.find(VitalsSet, where, args, order_by="taken_at DESC", limit=1)
    if not found:
        return Context(patient, None, offered)
    vitals = found[0]
    try:
        reading = validate_vitals(from_observations(vitals.observations))
    except ValueError:
        reading = VitalsReading()
    situation = Situation(age_months=patients.age_months(patient), consciousness=vitals.consciousness,
                          supplemental_oxygen=vitals.supplemental_oxygen, spo2_scale=vitals.spo2_scale)
    result = assess(reading, situation)
    return Context(patient, result.suggestion if (result.news2 or result.muac) else None, offered)


def send(store: Store, patient_id: str, encounter_id: str | None, specialty: str, urgency: str,
         question: str, photos: list[Photo], queue: bool, consent: dict | None = None,
         voice_note: bytes | None = None) -> Referral:
    """Store the photos, the voice note and the referral together: all of it, or nothing."""
    with store.atomic():
        shas = [attachments.attach(store, patient_id, p.data, p.media_type, p.filename).sha256 for p in photos]
        if voice_note:
            shas.append(voice.attach(store, patient_id, voice_note).sha256)
        return referrals.create(store, patient_id, specialty, urgency, question, encounter_id=encounter_id,
                                attachments=shas, queue=queue, consent=consent)


class ReferralForm(QWidget):
    """The "refer" page. open_with(patient_id, encounter_id=None, suggestion=None)."""

    navigate = Signal(str, object)
    sent = Signal(object)  # Referral

    def __init__(self, ops: DbWorker, parent: QWidget | None = None, camera_id: str = "", mic: str = "",
                 speaker: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.camera_id = camera_id
        self.mic, self.speaker = mic, speaker
        self.voice_note: bytes | None = None
        self.patient: Patient | None = None
        self.encounter_id: str | None = None
        self.suggestion: UrgencySuggestion | None = None
        self.photos: list[Photo] = []
        self.errors = FormErrors()
        self._key: tuple[str, str | None] | None = None
        # The app's sync figures (ui.syncbar.SyncFigures): can a referral reach a specialist now?
        self.link_state: Any = lambda: None
        self._build()
        # Listing cameras can take a second (FFmpeg on Windows): never on the UI thread.
        self.looking_for_camera = False
        self._camera_finder = DeviceLister(self, lambda: camera_state(self.camera_id), no_camera)
        self._camera_finder.found.connect(self._camera_found)

    def _build(self) -> None:
        self.title = heading(self.tr("Refer to a specialist"), 1)
        self.who = QLabel()
        self.who.setObjectName("referralPatient")
        self.who.setWordWrap(True)

        self.specialty = QComboBox()
        self.specialty.setObjectName("specialty")
        self.specialty.setMinimumHeight(36)
        self.show_specialties([specialties.Choice(d.code, d.name, d.name_ur) for d in DEFAULT_SPECIALTIES])
        self.specialty.currentIndexChanged.connect(lambda _i: self.errors.clear("specialty"))
        specialty_field = Field(self.tr("&Specialty"), self.specialty, "specialty")
        self.errors.add_field(specialty_field, lambda: self.tr("Specialty: choose one from the list."))

        self.suggested = Banner("urgencyBanner")
        self.urgency_group = QButtonGroup(self)
        self.urgency_buttons: dict[str, QRadioButton] = {}
        urgency_box = QVBoxLayout()
        urgency_box.setSpacing(2)
        urgency_label = QLabel(self.tr("Urgency"))
        urgency_box.addWidget(urgency_label)
        for value in URGENCIES:
            button = QRadioButton(urgency_choice_text(value))
            button.setObjectName(f"urgency_{value}")
            button.setMinimumHeight(28)
            button.toggled.connect(self._urgency_changed)
            self.urgency_group.addButton(button)
            self.urgency_buttons[value] = button
            urgency_box.addWidget(button)
        self.urgency_note = QLabel()
        self.urgency_note.setObjectName("urgencyNote")
        self.urgency_note.setWordWrap(True)
        self.urgency_error = ErrorLabel("urgency")
        self.errors.add("urgency", self.urgency_error, self.urgency_buttons["routine"],
                        lambda: self.tr("Urgency: choose one."))
        urgency_box.addWidget(self.urgency_note)
        urgency_box.addWidget(self.urgency_error)

        self.question = text_box(self.tr("What do you need to know from the specialist? e.g. 'Is this rash "
                                         "scabies or eczema, and what treatment?'"), 4, "question")
        self.question.textChanged.connect(lambda: self.errors.clear("question"))
        question_field = Field(self.tr("Your &question for the specialist"), self.question, "question")
        self.errors.add_field(question_field, lambda: self.tr(
            "Question: write 10 to 2000 characters saying what you need to know."))

        self.photo_list = QListWidget()
        self.photo_list.setObjectName("photos")
        self.photo_list.setViewMode(QListView.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(THUMB, THUMB))
        self.photo_list.setFixedHeight(THUMB + 56)
        self.photo_list.setVisible(False)
        self.add_file = QPushButton(self.tr("Add &photo or scan from a file…"))
        self.add_file.setObjectName("addPhotoFile")
        self.add_file.clicked.connect(self._choose_files)
        self.camera_button = QPushButton()
        self.camera_button.setObjectName("takePhoto")
        self.camera_button.clicked.connect(self._take_photo)
        self.remove_photo = QPushButton(self.tr("Remove photo"))
        self.remove_photo.clicked.connect(self._remove_photo)
        self.remove_photo.setVisible(False)
        self.photo_error = ErrorLabel("attachments")
        self.errors.add("attachments", self.photo_error, self.add_file, lambda: self.tr(
            "Photos: JPEG, PNG or PDF files up to 10 MB."))
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(self.add_file)
        photo_buttons.addWidget(self.camera_button)
        photo_buttons.addWidget(self.remove_photo)
        photo_buttons.addStretch(1)

        self.voice = VoiceNoteControl(self.tr("Attach to the referral"), self, mic=self.mic, speaker=self.speaker)
        self.voice.attached.connect(self._voice_attached)
        self.voice.discarded.connect(self._voice_removed)

        self.consent = ConsentBox(self.errors)
        self.consent.changed.connect(self._consent_changed)

        self.send_button = QPushButton(self.tr("Se&nd to specialist"))
        self.send_button.setObjectName("sendReferral")
        self.send_button.setProperty("primary", True)
        self.send_button.clicked.connect(lambda: self.submit(queue=True))
        self.draft_button = QPushButton(self.tr("Keep as &draft"))
        self.draft_button.setObjectName("draftReferral")
        self.draft_button.clicked.connect(lambda: self.submit(queue=False))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self._cancel)
        set_button_height(self.send_button, self.draft_button, self.cancel_button, self.add_file,
                          self.camera_button)
        self.status = QLabel()
        self.status.setObjectName("referralFormStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)

        body = QWidget()
        form = QVBoxLayout(body)
        form.addWidget(self.title)
        form.addWidget(self.who)
        form.addWidget(specialty_field)
        form.addWidget(self.suggested)
        form.addLayout(urgency_box)
        form.addWidget(question_field)
        form.addWidget(heading(self.tr("Photos and scans (optional)"), 3))
        form.addWidget(self.photo_list)
        form.addLayout(photo_buttons)
        form.addWidget(self.photo_error)
        form.addWidget(heading(self.tr("Voice note (optional)"), 3))
        form.addWidget(self.voice)
        form.addWidget(self.consent)
        form.addStretch(1)
        body.setMaximumWidth(900)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.send_button.click)

    # -- opening --------------------------------------------------------------------------
    def open_with(self, patient_id: str, encounter_id: str | None = None,
                  suggestion: UrgencySuggestion | None = None) -> None:
        """Start a referral for a patient (from a consultation when `encounter_id` is given)."""
        key = (patient_id, encounter_id)
        if key != self._key:
            self.clear()
        self._key = key
        self.encounter_id = encounter_id
        self.looking_for_camera = True
        self._show_camera(looking())
        self._camera_finder.look()
        self.voice.look_for_microphone()
        QueryOp(self, lambda store: load_context(store, patient_id, encounter_id)).success(
            lambda ctx: self._show_context(ctx, suggestion)).run()

    def show_specialties(self, choices: list[specialties.Choice]) -> None:
        """Offer `choices` (English or Urdu names by the app's language), keeping the one chosen."""
        chosen = self.specialty.currentData() or ""
        self.specialty.blockSignals(True)
        self.specialty.clear()
        self.specialty.addItem(self.tr("Choose a specialty…"), "")
        urdu = is_rtl()
        for choice in sorted(choices, key=lambda c: c.label(urdu).lower()):
            label = choice.label(urdu)
            # Before the hub sends an Urdu name, the program's own word is better than English.
            if urdu and not choice.name_ur:
                label = specialty_text(choice.code.replace("_", " "))
            self.specialty.addItem(label, choice.code)
        self.specialty.setCurrentIndex(max(0, self.specialty.findData(chosen)))
        self.specialty.blockSignals(False)

    def _show_context(self, context: Context, suggestion: UrgencySuggestion | None) -> None:
        self.patient = context.patient
        if context.specialties:
            self.show_specialties(context.specialties)
        self.who.setText(short_line(context.patient))
        self.consent.set_patient(context.patient.name)
        self.suggestion = suggestion if suggestion is not None and (suggestion.reasons and suggestion.reasons != [
            "No clinical check was recorded."]) else context.suggestion
        if self.suggestion is not None:
            level = self.suggestion.urgency
            colour = {"emergency": "red", "urgent": "amber", "soon": "yellow"}.get(level, "green")
            self.suggested.show_banner(colour, self.tr("Suggested urgency: %1").replace("%1", urgency_text(level)),
                                       "\n".join(station_text(r) for r in self.suggestion.reasons))
            if self.urgency_group.checkedButton() is None:
                self.urgency_buttons[level].setChecked(True)
        else:
            self.suggested.hide_banner()
        self.specialty.setFocus()

    def _camera_found(self, state: CameraState) -> None:
        self.looking_for_camera = False
        self._show_camera(state)

    def _show_camera(self, state: CameraState) -> None:
        self.camera_state = state
        self.camera_button.setEnabled(state.available)
        self.camera_button.setText(self.tr("Take a photo with the &camera") if state.available else state.reason)

    def clear(self) -> None:
        self.patient = None
        self.suggestion = None
        self.specialty.setCurrentIndex(0)
        self.urgency_group.setExclusive(False)
        for button in self.urgency_buttons.values():
            button.setChecked(False)
        self.urgency_group.setExclusive(True)
        self.question.clear()
        self.photos.clear()
        self._show_photos()
        self.voice_note = None
        self.voice.clear()
        self.errors.clear()
        self.status.clear()
        self.suggested.hide_banner()
        self.urgency_note.clear()
        self.consent.clear()
        self._consent_changed()

    def chosen_urgency(self) -> str:
        return next((k for k, b in self.urgency_buttons.items() if b.isChecked()), "")

    def _urgency_changed(self, *_args: object) -> None:
        self.errors.clear("urgency")
        chosen = self.chosen_urgency()
        if self.suggestion and chosen and URGENCIES.index(chosen) < URGENCIES.index(self.suggestion.urgency):
            self.urgency_note.setText(self.tr("You chose a lower urgency than the checks suggest. That is "
                                              "your decision; say why in the question."))
        else:
            self.urgency_note.clear()
        problem = unreachable(self.link_state()) if chosen == "emergency" else None
        if problem:  # said at once, while there is still time to phone instead
            self.urgency_note.setText(problem + " " + self.tr(
                "For an emergency, phone the specialist on duty or the referral hospital now; do not wait "
                "for this referral."))

    # -- photos ---------------------------------------------------------------------------
    def add_photo_file(self, path: Path) -> None:
        """Read, check and add one file (used by the file chooser and by tests)."""
        QueryOp(self, lambda _store: read_photo(path)).success(self._photo_added).failure(self._photo_failed).run()

    def add_photo_bytes(self, data: bytes, filename: str, media_type: str = "image/jpeg") -> None:
        self._photo_added(Photo(filename, media_type, data, thumbnail(data, media_type)))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose photos or scans"), "",
                                                self.tr("Photos and scans (*.jpg *.jpeg *.png *.pdf)"), options=file_dialog_options())
        for path in paths:
            self.add_photo_file(Path(path))

    def _take_photo(self) -> None:
        if not self.camera_state.available:
            return
        from ui.referral.camera import SnapshotDialog

        dialog = SnapshotDialog(self.camera_state, self)
        self.snapshot_dialog = dialog
        # Numbered when taken: several photos in one sitting each get their own name.
        dialog.taken.connect(lambda data: self.add_photo_bytes(data, f"camera-{len(self.photos) + 1}.jpg"))
        dialog.open()

    def _photo_added(self, photo: Photo) -> None:
        self.photos.append(photo)
        self.errors.clear("attachments")
        self._show_photos()

    def _photo_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show("attachments", exc.message, focus=False)
            return
        if isinstance(exc, OSError):
            self.errors.show("attachments", self.tr("The file could not be read: %1").replace(
                "%1", exc.strerror or str(exc)), focus=False)
            return
        from ui.errors import show_error

        show_error(self, exc)

    def _remove_photo(self) -> None:
        row = self.photo_list.currentRow()
        if 0 <= row < len(self.photos):
            del self.photos[row]
            self._show_photos()

    def _show_photos(self) -> None:
        self.photo_list.clear()
        for photo in self.photos:
            icon = QIcon(QPixmap.fromImage(photo.thumbnail)) if photo.thumbnail is not None else QIcon()
            item = QListWidgetItem(icon, photo.filename)
            self.photo_list.addItem(item)
        self.photo_list.setVisible(bool(self.photos))
        self.remove_photo.setVisible(bool(self.photos))

    def _voice_attached(self, data: bytes) -> None:
        self.voice_note = data
        self.voice.show_attached(self.tr("A voice note is attached. It is sent with the referral; record "
                                         "again to replace it."))

    def _voice_removed(self) -> None:
        self.voice_note = None

    # -- sending --------------------------------------------------------------------------
    def submit(self, queue: bool = True) -> None:
        """Send (queue) or keep as draft. A refusal keeps everything and names the field."""
        if self.patient is None:
            return
        self.errors.clear()
        specialty = self.specialty.currentData() or ""
        urgency = self.chosen_urgency()
        question = self.question.toPlainText()
        pid, eid, photos, spoken = self.patient.id, self.encounter_id, list(self.photos), self.voice_note
        consent = None
        asked = any(b.isChecked() for b in (*self.consent.by.values(), self.consent.agree, self.consent.refuse))
        if queue or asked:  # sending needs consent; a draft keeps whatever was already answered
            try:
                consent = self.consent.value(getattr(self.ops.user, "username", ""))
            except ValidationError as exc:
                self.errors.show(exc.field, exc.message)
                self.status.setText(self.tr("Nothing was sent yet: record who consented to sharing first."))
                return
        self.send_button.setEnabled(False)
        self.draft_button.setEnabled(False)
        CollectionOp(self, lambda store: send(store, pid, eid, specialty, urgency, question, photos, queue,
                                              consent, spoken)).success(self._sent).failure(self._failed).run()

    def _consent_changed(self) -> None:
        refused = self.consent.refused()
        self.send_button.setText(self.tr("Keep on this computer") if refused else self.tr("Se&nd to specialist"))
        self.draft_button.setVisible(not refused)

    def _sent(self, referral: Referral) -> None:
        self.send_button.setEnabled(True)
        self.draft_button.setEnabled(True)
        self._key = None
        self.clear()
        self.sent.emit(referral)
        self.navigate.emit(Page.REFERRAL, (referral.id,))
        tell_after_sending(self.window(), referral, self.link_state())

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.draft_button.setEnabled(True)
        if isinstance(exc, ValidationError) and self.errors.show(exc.field, exc.message):
            self.status.setText(self.tr("Nothing was sent yet; what you wrote is kept. Correct the field "
                                        "marked in red."))
            return
        from ui.errors import show_error

        show_error(self, exc)

    def _cancel(self) -> None:
        key = self._key
        self._key = None
        self.clear()
        if key is None:
            return
        patient_id, encounter_id = key
        if encounter_id:
            self.navigate.emit(Page.CONSULTATION, (patient_id, encounter_id))
        else:
            self.navigate.emit(Page.CHART, (patient_id,))
