"""One referral: where it is, what was asked, the specialist's advice and the message thread."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station import attachments, conferences, consent, holders, referrals, specialties, voice
from station.conferences import AgendaNotice
from station.errors import NotFound
from station.records import REFERRAL_STATES, Advice, Attachment, Message, Patient, Referral
from station.store import ChangeSet, Store
from sync import status as sync_status
from ui.bidi import LRI, PDI
from ui.call.panel import CallPanel
from ui.conference_words import advice_origin_lines, agenda_sentence
from ui.i18n import is_rtl
from ui.ops import CollectionOp, DbWorker, QueryOp, cares
from ui.pages import Page
from ui.patients.display import isolate, local_datetime, short_line
from ui.patients.forms import (
    QUIET_INK,
    Banner,
    Coalesce,
    ErrorLabel,
    FormErrors,
    heading,
    set_button_height,
    station_text,
    text_box,
    tint,
)
from ui.referral.consent import ConsentDialog, consent_line
from ui.referral.escalation import EscalationNote
from ui.referral.photos import THUMB, thumbnail
from ui.referral.voice import VoiceNoteControl, _clock
from ui.referral.words import case_summary_text, specialty_text, state_text, step_text, urgency_text

ACCENT = "#1f6f5c"
WATCHED = ("referrals", "advice", "messages", "attachments", "calls", "call_proposals", "outbox",
           "referral_escalations", "conference_agenda")


@dataclass
class ReferralData:
    referral: Referral
    patient: Patient
    advice: list[Advice]
    messages: list[Message]
    photos: list[tuple[Attachment | None, str, QImage | None]]  # (record, sha256, thumbnail)
    sync_problems: list[str]  # why it, or a photo it names, has not reached the hub (sync.status)
    holder: holders.Holder | None = None  # who at the hub answers it, as the hub last said
    specialty_name: str = ""  # in the app's language, from the hub's list
    agenda: list[AgendaNotice] = field(default_factory=list)  # case conferences it is on
    voice_notes: list[voice.VoiceNote] = dataclasses.field(default_factory=list)


def load_referral(store: Store, referral_id: str, with_photos: bool = True) -> ReferralData:
    referral = store.get(Referral, referral_id)
    patient = store.get(Patient, referral.patient_id)
    advice = store.find(Advice, "referral_id = ?", [referral_id], order_by="created_at")
    messages = store.find(Message, "referral_id = ?", [referral_id], order_by="created_at")
    photos: list[tuple[Attachment | None, str, QImage | None]] = []
    if with_photos:
        for sha in referral.attachments:
            found = store.find(Attachment, "sha256 = ?", [sha], limit=1)
            record = found[0] if found else None
            if record is not None and record.media_type.startswith("audio/"):
                continue  # a voice note: listed with the others, with a Play button
            try:
                data = attachments.read(store, sha)
            except NotFound:  # a missing blob shows as a name without a picture
                data = b""
            photos.append((record, sha, thumbnail(data, record.media_type) if record and data else None))
    return ReferralData(referral, patient, advice, messages, photos, sync_status.referral_problems(store, referral_id),
                        holders.holder(store, referral_id),
                        specialties.name_of(store, referral.specialty, urdu=is_rtl()),
                        conferences.for_referral(store, referral_id),
                        voice_notes=voice.on_referral(store, referral_id))


# "›" is a mirrored character: in a right-to-left line Qt draws it as "‹", so one character points
# the way the steps go in both languages (choosing "‹" for Urdu drew it mirrored back, pointing wrong).
STEP_ARROW = "›"


class StatusSteps(QWidget):
    """The referral's lifecycle as steps; done steps ticked, the current one bold. Flips with RTL."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        for n, state in enumerate(REFERRAL_STATES):
            if n:
                arrow = QLabel(STEP_ARROW)
                arrow.setObjectName(f"arrow_{state}")
                layout.addWidget(arrow)
            label = QLabel(step_text(state))
            label.setObjectName(f"step_{state}")
            label.setContentsMargins(8, 4, 8, 4)
            self.labels[state] = label
            layout.addWidget(label)
        layout.addStretch(1)
        self.current = ""

    def set_status(self, status: str) -> None:
        self.current = status
        arrow_text = STEP_ARROW
        reached = REFERRAL_STATES.index(status)
        show_draft = status == "draft"
        for n, (state, label) in enumerate(self.labels.items()):
            visible = state != "draft" or show_draft
            label.setVisible(visible)
            arrow = self.findChild(QLabel, f"arrow_{state}")
            if arrow is not None:
                arrow.setText(arrow_text)
                arrow.setVisible(visible and (state != "queued" or show_draft))
            done = n < reached
            now = n == reached
            text = step_text(state)
            label.setText(("✓ " if done else "") + text)
            font = label.font()
            font.setBold(now)
            label.setFont(font)
            label.setAutoFillBackground(now)
            if now:
                tint(label, background=ACCENT, ink="#ffffff")
            else:
                tint(label, ink="#14532d" if done else QUIET_INK)


class ReferralPage(QWidget):
    """The "referral" page. open_with(referral_id)."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None, mic: str = "", speaker: str = "") -> None:
        super().__init__(parent)
        self.ops = ops
        self.mic, self.speaker = mic, speaker
        self.referral_id: str | None = None
        self.data: ReferralData | None = None
        self.errors = FormErrors()
        self._stale = False
        self._build()
        self._refresh_soon = Coalesce(self, lambda: self.refresh(with_photos=False))
        ops.changes_applied.connect(self._changed)

    def _build(self) -> None:
        self.title = heading(self.tr("Referral"), 1)
        self.title.setObjectName("referralTitle")
        self.who = QLabel()
        self.who.setObjectName("referralWho")
        self.who.setWordWrap(True)
        self.chart_button = QPushButton(self.tr("Open the &chart"))
        self.chart_button.clicked.connect(self._open_chart)
        self.steps = StatusSteps()
        self.state = QLabel()
        self.state.setObjectName("referralState")
        self.state.setWordWrap(True)
        self.holder = QLabel()
        self.holder.setObjectName("referralHolder")
        self.holder.setWordWrap(True)
        self.sync_problems = ErrorLabel("referralSync")
        self.escalation = EscalationNote()
        self.send_now = QPushButton(self.tr("&Send it now"))
        self.send_now.setObjectName("sendDraft")
        self.send_now.setProperty("primary", True)
        self.send_now.clicked.connect(self._queue_draft)
        self.call_panel = CallPanel(self.ops)
        self.consent_line = QLabel()
        self.consent_line.setObjectName("referralConsent")
        self.consent_line.setWordWrap(True)

        self.question = QLabel()
        self.question.setObjectName("referralQuestion")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setObjectName("referralSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tint(self.summary, ink=QUIET_INK)
        self.photos = QListWidget()
        self.photos.setObjectName("referralPhotos")
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setFixedHeight(THUMB + 56)

        self.agenda_notice = QLabel()
        self.agenda_notice.setObjectName("agendaNotice")
        self.agenda_notice.setProperty("banner", "info")
        self.agenda_notice.setWordWrap(True)
        self.agenda_notice.hide()
        self.advice = Banner("adviceBox")
        self.advice_body = QLabel()
        self.advice_body.setObjectName("adviceText")
        self.advice_body.setWordWrap(True)
        self.advice_body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice.layout().addWidget(self.advice_body)
        self.ack_button = QPushButton(self.tr("I have &read this advice"))
        self.ack_button.setObjectName("acknowledgeAdvice")
        self.ack_button.setProperty("primary", True)
        self.ack_button.clicked.connect(self.acknowledge)
        self.ack_note = QLabel()
        self.ack_note.setObjectName("adviceRead")
        self.advice.layout().addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignLeading)
        self.advice.layout().addWidget(self.ack_note)
        self.no_advice = QLabel(self.tr("No advice yet. It appears here as soon as it arrives with a sync."))
        self.no_advice.setWordWrap(True)

        self.thread = QVBoxLayout()
        self.thread.setSpacing(6)
        self.no_messages = QLabel(self.tr("No messages yet."))
        self.compose = text_box(self.tr("Write a message to the specialist (Ctrl+Enter sends it)"), 2, "message")
        self.compose.textChanged.connect(lambda: self.errors.clear("body"))
        self.compose_error = ErrorLabel("body")
        self.errors.add("body", self.compose_error, self.compose, lambda: self.tr("Message: write 1 to 4000 characters."))
        self.send_message_button = QPushButton(self.tr("Send &message"))
        self.send_message_button.setObjectName("sendMessage")
        self.send_message_button.clicked.connect(self.send_message)
        set_button_height(self.chart_button, self.send_now, self.ack_button, self.send_message_button)
        self.voice = VoiceNoteControl(self.tr("Send voice note"), self, mic=self.mic, speaker=self.speaker)
        self.voice.attached.connect(self.send_voice)
        self.voice_list = QVBoxLayout()
        self.voice_list.setSpacing(4)
        compose_row = QHBoxLayout()
        compose_row.addWidget(self.compose, 1)
        compose_row.addWidget(self.send_message_button, 0, Qt.AlignmentFlag.AlignBottom)

        body = QWidget()
        form = QVBoxLayout(body)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.chart_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(top)
        form.addWidget(self.who)
        form.addWidget(self.steps)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.send_now)
        form.addLayout(state_row)
        form.addWidget(self.holder)
        form.addWidget(self.sync_problems)
        form.addWidget(self.escalation)
        form.addWidget(self.consent_line)
        form.addWidget(self.call_panel)
        form.addWidget(self.agenda_notice)
        form.addWidget(heading(self.tr("Specialist's advice"), 2))
        form.addWidget(self.no_advice)
        form.addWidget(self.advice)
        form.addWidget(heading(self.tr("Your question"), 2))
        form.addWidget(self.question)
        form.addWidget(self.summary)
        form.addWidget(self.photos)
        self.voice_heading = heading(self.tr("Voice notes"), 2)
        form.addWidget(self.voice_heading)
        form.addLayout(self.voice_list)
        form.addWidget(heading(self.tr("Messages"), 2))
        form.addWidget(self.no_messages)
        form.addLayout(self.thread)
        form.addLayout(compose_row)
        form.addWidget(self.compose_error)
        form.addWidget(self.voice)
        form.addStretch(1)
        body.setMaximumWidth(980)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        QShortcut(QKeySequence("Ctrl+Return"), self.compose, activated=self.send_message)

    # -- loading --------------------------------------------------------------------------
    def open_with(self, referral_id: str) -> None:
        if referral_id != self.referral_id:
            self.referral_id = referral_id
            self.data = None
            self.compose.clear()
            self.voice.clear()
        self.voice.look_for_microphone()
        self.refresh()

    def refresh(self, with_photos: bool = True) -> None:
        if not self.referral_id:
            return
        rid = self.referral_id
        QueryOp(self, lambda store: load_referral(store, rid, with_photos)).success(self._show).run()

    def _show(self, data: ReferralData) -> None:
        if data.referral.id != self.referral_id:
            return
        if not data.photos and self.data is not None and self.data.referral.id == data.referral.id:
            data.photos = self.data.photos  # photos never change; a refresh skips re-reading them
        self.data = data
        ref = data.referral
        specialty = data.specialty_name if data.specialty_name != ref.specialty else specialty_text(ref.specialty)
        self.title.setText(self.tr("Referral to %1").replace("%1", specialty))
        self.who.setText(short_line(data.patient) + "\n" + self.tr("Urgency: %1 · made on %2").replace(
            "%1", urgency_text(ref.urgency)).replace("%2", local_datetime(ref.created_at)))
        self.steps.set_status(ref.status)
        self.state.setText(state_text(ref.status))
        self.send_now.setVisible(ref.status == "draft")
        self._show_holder(data.holder)
        self.sync_problems.setText("\n".join(station_text(line) for line in data.sync_problems))
        self.sync_problems.setVisible(bool(data.sync_problems))
        self.consent_line.setText(consent_line(ref.consent))
        self.escalation.show_referral(ref.id)
        self.call_panel.show_referral(ref)
        self.question.setText(ref.question)
        self.summary.setText(case_summary_text(ref.summary))
        self.photos.clear()
        for record, sha, image in data.photos:
            icon = QIcon(QPixmap.fromImage(image)) if image is not None else QIcon()
            self.photos.addItem(QListWidgetItem(icon, record.filename if record else sha[:12]))
        self.photos.setVisible(bool(data.photos))
        self._show_advice(data.advice)
        self._show_messages(data.messages)
        shown = [n for n in data.agenda if n.status != "removed"] or data.agenda[-1:]
        self.agenda_notice.setText("\n".join(agenda_sentence(n) for n in shown))
        self.agenda_notice.setVisible(bool(shown))
        self._show_voice_notes(data.voice_notes)

    def _show_holder(self, holder: holders.Holder | None) -> None:
        if holder is None:  # the hub has not said (an older hub, or not yet)
            self.holder.setVisible(False)
            return
        if holder.name:
            text = self.tr("Answered by %1").replace("%1", isolate(holder.name))
            if holder.registration_number:
                # The number keeps its left-to-right order inside an Urdu sentence.
                text += " · " + self.tr("PMDC registration %1").replace(
                    "%1", LRI + holder.registration_number + PDI)
            if holder.since:
                text += "\n" + self.tr("Since %1").replace("%1", local_datetime(holder.since))
        else:
            text = self.tr("No specialist has taken this referral yet; the hub's specialists of its specialty see it.")
        self.holder.setText(text)
        self.holder.setVisible(True)

    def _show_advice(self, advice: list[Advice]) -> None:
        self.no_advice.setVisible(not advice)
        if not advice:
            self.advice.hide_banner()
            return
        latest = advice[-1]
        colour = "amber" if latest.plan_changed else "info"
        self.advice.show_banner(colour, self.tr("Advice from %1 (%2)").replace("%1", isolate(latest.specialist_name)).replace(
            "%2", specialty_text(latest.specialty)), local_datetime(latest.created_at))
        # The specialist's sentences keep their own direction (an English full stop at their end).
        parts = [self.tr("Assessment:") + " " + isolate(latest.assessment),
                 self.tr("Recommendations:") + " " + isolate(latest.recommendations)]
        if latest.plan_changed:
            parts.append(self.tr("The treatment plan must change:") + " " + isolate(latest.plan_change or ""))
        if latest.follow_up:
            parts.append(self.tr("Follow-up:") + " " + isolate(latest.follow_up))
        parts += advice_origin_lines(latest)
        self.advice_body.setText("\n\n".join(parts))
        read = bool(latest.acknowledged_at)
        self.ack_button.setVisible(not read)
        self.ack_note.setVisible(read)
        if read:
            self.ack_note.setText(self.tr("Read by %1 on %2.").replace("%1", isolate(latest.acknowledged_by or "")).replace(
                "%2", local_datetime(latest.acknowledged_at)))

    def _show_messages(self, messages: list[Message]) -> None:
        while self.thread.count():
            item = self.thread.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for message in messages:
            self.thread.addWidget(_bubble(message, self.tr("specialist") if message.author_role == "specialist"
                                          else self.tr("this clinic")))
        self.no_messages.setVisible(not messages)

    def _show_voice_notes(self, notes: list[voice.VoiceNote]) -> None:
        while self.voice_list.count():
            item = self.voice_list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for note in notes:
            who = self.tr("specialist") if note.author_role == "specialist" else self.tr("this clinic")
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{who}: {isolate(note.author_name)} · {local_datetime(note.at)}"
                           + (f" · {_clock(note.duration_ms / 1000)}" if note.duration_ms else ""))
            play = QPushButton(self.tr("Play") if note.arrived else self.tr("Arrives with the next sync"))
            play.setObjectName("playVoice")
            play.setEnabled(note.arrived)
            play.clicked.connect(lambda _c=False, sha=note.sha256: self.play_voice(sha))
            line.addWidget(play)
            line.addWidget(label, 1)
            self.voice_list.addWidget(row)
        self.voice_heading.setVisible(bool(notes))

    def play_voice(self, sha256: str) -> None:
        """Read the note off the UI thread, then play it on the speaker chosen in Settings."""
        QueryOp(self, lambda store: voice.read(store, sha256)).success(self.voice.play).failure(self._failed).run()

    def send_voice(self, data: bytes) -> None:
        if self.referral_id is None:
            return
        rid, words = self.referral_id, self.compose.toPlainText()
        CollectionOp(self, lambda store: voice.send_message(store, rid, data, words)).success(
            lambda _m: self._message_sent()).failure(self._failed).run()

    # -- actions --------------------------------------------------------------------------
    def acknowledge(self) -> None:
        """Record that the health worker read the advice (closes the referral)."""
        if self.data is None or not self.data.advice:
            return
        advice_id = self.data.advice[-1].id
        self.ack_button.setEnabled(False)
        op = CollectionOp(self, lambda store: referrals.acknowledge(store, advice_id))
        op.success(lambda _a: self._after_write()).failure(self._failed).run()

    def send_message(self) -> None:
        if self.referral_id is None:
            return
        body = self.compose.toPlainText()
        rid = self.referral_id
        self.send_message_button.setEnabled(False)
        CollectionOp(self, lambda store: referrals.send_message(store, rid, body)).success(
            lambda _m: self._message_sent()).failure(self._failed).run()

    def _message_sent(self) -> None:
        self.compose.clear()
        self._after_write()

    def _queue_draft(self) -> None:
        if self.referral_id is None or self.data is None:
            return
        rid = self.referral_id
        agreed = None
        if not consent.given(self.data.referral):
            # Nothing leaves the clinic without consent: asked here when the draft was kept without it.
            dialog = ConsentDialog(self.data.patient.name, getattr(self.ops.user, "username", ""), self)
            if dialog.exec() != ConsentDialog.DialogCode.Accepted or dialog.consent is None:
                return
            agreed = dialog.consent

        def send(store: Store) -> Referral:
            with store.atomic():
                if agreed is not None:
                    referral = consent.record(store, rid, agreed)
                    if not consent.given(referral):
                        return referral  # refused again: it stays here
                return referrals.advance(store, rid, "queued")
        CollectionOp(self, send).success(lambda _r: self._after_write()).failure(self._failed).run()

    def _after_write(self) -> None:
        self.ack_button.setEnabled(True)
        self.send_message_button.setEnabled(True)
        self.refresh(with_photos=False)

    def _failed(self, exc: BaseException) -> None:
        self.ack_button.setEnabled(True)
        self.send_message_button.setEnabled(True)
        from station.errors import ValidationError

        if isinstance(exc, ValidationError) and self.errors.show(exc.field, exc.message):
            return
        from ui.errors import show_error

        show_error(self, exc)

    def _open_chart(self) -> None:
        if self.data is not None:
            self.navigate.emit(Page.CHART, (self.data.patient.id,))

    def _changed(self, changes: ChangeSet) -> None:
        if self.referral_id and cares(changes, *WATCHED):
            if self.isVisible():
                self._refresh_soon()
            else:
                self._stale = True

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh(with_photos=False)


def _bubble(message: Message, role: str) -> QFrame:
    """One message: who wrote it and when, then the text. The specialist's are tinted."""
    frame = QFrame()
    frame.setObjectName("message")
    specialist = message.author_role == "specialist"
    tint(frame, background="#e3f0fb" if specialist else "#f1f3f4")
    # The role word first: it sets the line's direction, the name keeps its own.
    header = QLabel(f"{role}: {isolate(message.author_name)} · {local_datetime(message.created_at)}")
    tint(header, ink=QUIET_INK)
    body = message.body
    if message.voice and body == voice.placeholder(int(message.voice.get("duration_ms") or 0)):
        seconds = int(message.voice.get("duration_ms") or 0) // 1000
        body = QCoreApplication.translate("ReferralPage", "Voice note (%1)").replace(
            "%1", f"\u2066{seconds // 60}:{seconds % 60:02d}\u2069")  # played from the list above
    text = QLabel(body)
    text.setWordWrap(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 6, 10, 6)
    layout.addWidget(header)
    layout.addWidget(text)
    return frame
