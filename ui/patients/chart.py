"""The patient chart: who the patient is, what happened to them, and how their vitals moved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station import calls, followups, patients, voice
from station.calls import Call
from station.records import Advice, Encounter, Patient, Referral, VitalsSet
from station.store import ChangeSet, Store
from sync.fhir_station import export_patient
from ui.bidi import isolate, urdu_line
from ui.call.words import outcome_text
from ui.consultation.vital_words import vital_units
from ui.i18n import file_dialog_options
from ui.ops import CollectionOp, DbWorker, QueryOp, cares
from ui.pages import Page
from ui.patients.display import age_text, local_date, local_datetime, ltr, relation_text, sex_text
from ui.patients.forms import Coalesce, heading, set_button_height
from ui.patients.trend import CHARTS, TrendPanel, trends
from ui.referral.words import specialty_text, state_text, urgency_text

CHART_MIN_WIDTH = 280
WATCHED = ("patients", "encounters", "vitals_sets", "referrals", "advice", "messages", "calls", "follow_up_calls",
           "attachments")


@dataclass
class ChartData:
    patient: Patient
    encounters: list[Encounter]
    vitals: list[VitalsSet]
    referrals: list[Referral]
    advice: list[Advice]
    calls: list[Call] = field(default_factory=list)
    missed_follow_up: str | None = None  # the follow-up date the patient did not come back for
    voice_notes: list[voice.VoiceNote] = field(default_factory=list)


def load_chart(store: Store, patient_id: str, audited: bool) -> ChartData:
    """The chart; opening it is audited, re-reading it after a change is not."""
    if audited:
        chart = patients.open_chart(store, patient_id)
        p, e, v, r = chart.patient, chart.encounters, chart.vitals, chart.referrals
    else:
        p = store.get(Patient, patient_id)
        e = store.find(Encounter, "patient_id = ?", [patient_id], order_by="started_at DESC")
        v = store.find(VitalsSet, "patient_id = ?", [patient_id], order_by="taken_at DESC")
        r = store.find(Referral, "patient_id = ?", [patient_id], order_by="created_at DESC")
    advice = store.find(Advice, "patient_id = ?", [patient_id], order_by="created_at DESC")
    missed = followups.missed(store, [patient_id]).get(patient_id)
    notes = [note for ref in r for note in voice.on_referral(store, ref.id)]
    return ChartData(p, e, v, r, advice, calls.for_patient(store, patient_id), missed, notes)


class PatientChartPage(QWidget):
    """One patient's chart. navigate(key, args) opens consultations, referrals and the edit form."""

    navigate = Signal(str, object)
    export_done = Signal(str, int)  # the file written and how many FHIR resources it holds

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.patient_id: str | None = None
        self.data: ChartData | None = None
        self._stale = False

        self.name = heading("", 1, wrap=False)
        self.name.setObjectName("chartName")
        self.name_ur = heading("", 1, wrap=False)
        self.name_ur.setObjectName("chartNameUrdu")
        self.facts = QLabel()
        self.facts.setObjectName("chartFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.consult_button = QPushButton(self.tr("&New consultation"))
        self.consult_button.setObjectName("newConsultation")
        self.consult_button.setProperty("primary", True)
        self.consult_button.clicked.connect(self._new_consultation)
        self.edit_button = QPushButton(self.tr("&Edit details"))
        self.edit_button.setObjectName("editPatient")
        self.edit_button.clicked.connect(
            lambda: self.patient_id and self.navigate.emit(Page.REGISTER, ("", self.patient_id)))
        self.refer_button = QPushButton(self.tr("Refer to a &specialist"))
        self.refer_button.setObjectName("referPatient")
        self.refer_button.clicked.connect(
            lambda: self.patient_id and self.navigate.emit(Page.REFER, (self.patient_id, None)))
        self.export_button = QPushButton(self.tr("E&xport record (FHIR)"))
        self.export_button.setObjectName("exportPatient")
        self.export_button.setToolTip(self.tr("Save this patient's whole record as a FHIR R4 file, "
                                              "for another clinic or hospital system."))
        self.export_button.clicked.connect(self._export)
        self.follow_up_note = QLabel()
        self.follow_up_note.setObjectName("missedFollowUp")
        self.follow_up_note.setProperty("banner", "warning")
        self.follow_up_note.setWordWrap(True)
        self.follow_up_note.hide()
        self.export_note = QLabel()
        self.export_note.setObjectName("exportNote")
        self.export_note.setWordWrap(True)
        self.export_note.hide()
        self.export_done.connect(self._exported)
        set_button_height(self.consult_button, self.edit_button, self.refer_button, self.export_button)

        header = QGridLayout()
        names = QVBoxLayout()
        names.setSpacing(0)
        name_row = QHBoxLayout()
        name_row.setSpacing(24)
        name_row.addWidget(self.name)
        name_row.addWidget(self.name_ur)
        name_row.addStretch(1)
        names.addLayout(name_row)
        names.addWidget(self.facts)
        header.addLayout(names, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.consult_button)
        buttons.addWidget(self.refer_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.export_button)
        header.addLayout(buttons, 0, 1, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.export_note, 1, 0, 1, 2)
        header.addWidget(self.follow_up_note, 2, 0, 1, 2)
        header.setColumnStretch(0, 1)

        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        self.timeline.setSpacing(3)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.itemActivated.connect(self._open_item)
        self.timeline_empty = QLabel(self.tr("No consultations or referrals yet."))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(heading(self.tr("Timeline"), 2))
        ll.addWidget(self.timeline_empty)
        ll.addWidget(self.timeline, 1)

        self._panels: list[TrendPanel] = []
        self._columns = 0
        self.charts_box = _ResizeWatcher(self._charts_resized)
        self.charts_layout = QGridLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        self.charts_empty = QLabel(self.tr("No vital signs recorded yet."))
        charts_scroll = QScrollArea()
        charts_scroll.setWidgetResizable(True)
        charts_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        il = QVBoxLayout(inner)
        il.setContentsMargins(0, 0, 0, 0)
        il.addWidget(self.charts_empty)
        il.addWidget(self.charts_box)
        il.addStretch(1)
        charts_scroll.setWidget(inner)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(heading(self.tr("Vital signs over time"), 2))
        rl.addWidget(charts_scroll, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.consult_button.click)
        self._refresh_soon = Coalesce(self, self.refresh)
        ops.changes_applied.connect(self._changed)

    # -- public ---------------------------------------------------------------------------
    def open_with(self, patient_id: str) -> None:
        """Show this patient's chart (the opening is recorded in the audit log)."""
        if patient_id != self.patient_id:
            self.patient_id = patient_id
            self.data = None
            self.export_note.hide()
            self._clear()
        self._load(audited=True)

    def refresh(self) -> None:
        if self.patient_id:
            self._load(audited=False)

    def _export(self) -> None:
        """Ask where to save, then write the FHIR bundle on the database worker (audited there)."""
        if not self.patient_id or self.data is None:
            return
        suggested = f"patient-{self.data.patient.mrn}.fhir.json"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the patient's record"), suggested,
                                              self.tr("FHIR JSON (*.json)"), options=file_dialog_options())
        if not path:
            return
        pid, target = self.patient_id, Path(path)
        CollectionOp(self, lambda store: export_patient(store, pid, target)).success(
            lambda count: self.export_done.emit(str(target), count)).run()

    def _exported(self, path: str, count: int) -> None:
        self.export_note.setText(self.tr("Saved the record (%1 FHIR resources) to %2.")
                                 .replace("%1", str(count)).replace("%2", path))
        self.export_note.show()

    # -- loading --------------------------------------------------------------------------
    def _load(self, audited: bool) -> None:
        pid = self.patient_id
        # Opening a chart writes its audit entry: a write (CollectionOp); re-reading it is a query.
        op = CollectionOp if audited else QueryOp
        op(self, lambda store: load_chart(store, pid, audited)).success(self._show).run()

    def _show(self, data: ChartData) -> None:
        if data.patient.id != self.patient_id:
            return
        self.data = data
        p = data.patient
        self.name.setText(p.name)
        self.name_ur.setText(p.name_ur or "")
        self.name_ur.setVisible(bool(p.name_ur))
        parts = [self.tr("MRN %1").replace("%1", ltr(p.mrn)), sex_text(p.sex), age_text(p),
                 relation_text(p)]
        place = [p.village, p.district]
        contact = []
        if p.cnic:
            contact.append(self.tr("CNIC %1").replace("%1", ltr(p.cnic)))
        if p.phone:
            contact.append(self.tr("Phone %1").replace("%1", ltr(p.phone)))
        self.facts.setText(urdu_line(" · ".join(parts)) + "\n" + urdu_line(
            ", ".join(isolate(x) for x in place if x) + ("   " + " · ".join(contact) if contact else "")))
        if data.missed_follow_up:
            from ui.followups import missed_text

            self.follow_up_note.setText("⚑ " + missed_text(data.missed_follow_up) + ". " + self.tr(
                "Phone the patient, or record the outcome under Follow-ups due on the home page."))
        self.follow_up_note.setVisible(bool(data.missed_follow_up))
        self._fill_timeline(data)
        self._fill_charts(data)

    def _clear(self) -> None:
        self.name.clear()
        self.name_ur.clear()
        self.facts.clear()
        self.timeline.clear()

    def _fill_timeline(self, data: ChartData) -> None:
        self.timeline.clear()
        advice_by_referral = {a.referral_id: a for a in data.advice}
        entries: list[tuple[str, QListWidgetItem]] = []
        for enc in data.encounters:
            status = self.tr("signed") if enc.status == "signed" else self.tr("draft, not signed yet")
            title = self.tr("Consultation (%1)").replace("%1", status)
            if enc.supersedes:
                title += " — " + self.tr("correction")
            lines = [f"{local_datetime(enc.started_at)} — {title}"]
            if enc.complaint:
                lines.append(self.tr("Complaint: %1").replace("%1", enc.complaint))
            if enc.diagnoses:
                lines.append(", ".join(f"{d['code']} {d['title']}" for d in enc.diagnoses))
            if enc.follow_up_date:
                lines.append(self.tr("Follow-up: %1").replace("%1", local_date(enc.follow_up_date)))
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, (Page.CONSULTATION, (enc.patient_id, enc.id)))
            entries.append((enc.started_at, item))
        for ref in data.referrals:
            lines = [f"{local_datetime(ref.created_at)} — "
                     + self.tr("Referral to %1 — %2").replace("%1", specialty_text(ref.specialty)).replace(
                         "%2", urgency_text(ref.urgency)),
                     state_text(ref.status)]
            advice = advice_by_referral.get(ref.id)
            if advice is not None and not advice.acknowledged_at:
                lines.append(self.tr("Advice has arrived and is not read yet."))
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, (Page.REFERRAL, (ref.id,)))
            entries.append((ref.created_at, item))
        specialty_of = {ref.id: ref.specialty for ref in data.referrals}
        for call in data.calls:
            title = self.tr("Video consult with the specialist (%1)").replace(
                "%1", specialty_text(specialty_of.get(call.referral_id, "")))
            item = QListWidgetItem(f"{local_datetime(call.started_at)} — {title}\n{outcome_text(call)}")
            item.setData(Qt.ItemDataRole.UserRole, (Page.REFERRAL, (call.referral_id,)))
            entries.append((call.started_at, item))
        for note in data.voice_notes:
            title = (self.tr("Voice note from the specialist") if note.author_role == "specialist"
                     else self.tr("Voice note from this clinic"))
            if note.duration_ms:
                seconds = note.duration_ms // 1000
                title += f" (\u2066{seconds // 60}:{seconds % 60:02d}\u2069)"
            lines = [f"{local_datetime(note.at)} — {title}",
                     self.tr("Referral to %1").replace("%1", specialty_text(specialty_of.get(note.referral_id, "")))]
            if not note.arrived:
                lines.append(self.tr("It arrives with the next sync."))
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, (Page.REFERRAL, (note.referral_id,)))
            entries.append((note.at, item))
        entries.sort(key=lambda e: e[0], reverse=True)
        for _, item in entries:
            self.timeline.addItem(item)
        self.timeline_empty.setVisible(not entries)
        self.timeline.setVisible(bool(entries))

    def _fill_charts(self, data: ChartData) -> None:
        while self.charts_layout.count():
            item = self.charts_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        titles = {
            "blood_pressure": self.tr("Blood pressure"), "heart_rate": self.tr("Heart rate"),
            "respiratory_rate": self.tr("Respiratory rate"), "temperature": self.tr("Temperature"),
            "spo2": self.tr("Oxygen saturation (SpO₂)"), "weight": self.tr("Weight"),
            "muac": self.tr("Mid-upper arm circumference (MUAC)"), "height": self.tr("Height"),
        }
        found = trends(data.vitals)
        units = vital_units()
        self._panels = [TrendPanel(titles[t.key], t, units[CHARTS[t.key][0]]) for t in found]
        self._place_charts()
        self.charts_empty.setVisible(not found)

    def _place_charts(self) -> None:
        """Two charts side by side when there is room, else one under the other."""
        columns = 2 if self.charts_box.width() >= 2 * CHART_MIN_WIDTH + 12 else 1
        for panel in self._panels:
            self.charts_layout.removeWidget(panel)
        for index, panel in enumerate(self._panels):
            self.charts_layout.addWidget(panel, index // columns, index % columns)
        self._columns = columns

    # -- actions --------------------------------------------------------------------------
    def _open_item(self, item: QListWidgetItem) -> None:
        key, args = item.data(Qt.ItemDataRole.UserRole)
        self.navigate.emit(key, args)

    def _new_consultation(self) -> None:
        if self.patient_id:
            self.navigate.emit(Page.CONSULTATION, (self.patient_id, None))

    def _changed(self, changes: ChangeSet) -> None:
        if self.patient_id and cares(changes, *WATCHED):
            if self.isVisible():
                self._refresh_soon()
            else:
                self._stale = True

    def _charts_resized(self) -> None:
        columns = 2 if self.charts_box.width() >= 2 * CHART_MIN_WIDTH + 12 else 1
        if columns != self._columns and self._panels:
            self._place_charts()

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()



class _ResizeWatcher(QWidget):
    """A plain container that reports its resizes (the chart grid picks its columns from them)."""

    def __init__(self, on_resize: Callable[[], None]) -> None:
        super().__init__()
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resize()
