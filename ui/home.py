"""Home: today's register, referrals waiting for an answer, answers arrived and not yet read,
and the video consults specialists have proposed.

Read in one query on the DB worker; refreshed when "changes applied" touches the tables it
shows (coalesced, so a sync pull of hundreds of records costs one refresh).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from station.calls import CallProposal
from station.conferences import AgendaNotice
from station.drafts import WorkDraft
from station.followups import FollowUp
from station.records import Advice, Encounter, Patient, Referral
from station.specialties import Choice
from station.store import ChangeSet, Store
from ui.i18n import make_heading
from ui.ops import DbWorker, Locked, QueryOp, cares
from ui.pages import Page
from ui.patients.display import isolate, local_datetime
from ui.patients.forms import scroll_body
from ui.referral.words import specialty_label, specialty_text, state_text, urgency_text

WATCHED = ("patients", "encounters", "referrals", "advice", "call_proposals", "work_drafts", "follow_up_calls",
           "conference_agenda")


@dataclass
class HomeData:
    today: list[tuple[Encounter, Patient]] = field(default_factory=list)
    registered: list[Patient] = field(default_factory=list)  # registered today, not seen yet
    waiting: list[tuple[Referral, Patient]] = field(default_factory=list)
    unread: list[tuple[Advice, Patient]] = field(default_factory=list)
    upcoming: list[tuple[CallProposal, Patient]] = field(default_factory=list)
    drafts: list[WorkDraft] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    agenda: list[tuple[AgendaNotice, Patient]] = field(default_factory=list)  # cases on a conference agenda
    specialties: dict[str, Choice] = field(default_factory=dict)  # the hub's list by code, for naming referrals

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


def _local_day_start_utc(now: datetime | None = None) -> str:
    local = (now or datetime.now().astimezone())
    start = datetime.combine(local.date(), time.min, tzinfo=local.tzinfo).astimezone(UTC)
    return start.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def load(store: Store) -> HomeData:
    """Everything the home page shows, read in one go on the worker."""
    from station import calls, conferences, drafts, followups, referrals, specialties

    since = _local_day_start_utc()
    encounters = store.find(Encounter, "started_at >= ? AND supersedes IS NULL", [since],
                            order_by="started_at DESC", limit=200)
    waiting = referrals.waiting(store)
    unread = referrals.unread_advice(store)
    upcoming = calls.upcoming(store)
    seen_today = {e.patient_id for e in encounters}
    registered = [p for p in store.find(Patient, "created_at >= ?", [since], order_by="created_at DESC", limit=200)
                  if p.id not in seen_today]
    ids = {e.patient_id for e in encounters} | {r.patient_id for r in waiting} | {a.patient_id for a in unread}
    ids |= {c.patient_id for c in upcoming}
    agenda = conferences.upcoming(store)
    ids |= {n.patient_id for n in agenda}
    people = {p.id: p for p in store.find(Patient, f"id IN ({','.join('?' * len(ids))})", list(ids))} if ids else {}
    return HomeData(
        today=[(e, people[e.patient_id]) for e in encounters if e.patient_id in people],
        registered=registered,
        waiting=[(r, people[r.patient_id]) for r in waiting if r.patient_id in people],
        unread=[(a, people[a.patient_id]) for a in unread if a.patient_id in people],
        upcoming=[(c, people[c.patient_id]) for c in upcoming if c.patient_id in people],
        drafts=drafts.waiting(store), follow_ups=followups.due(store),
        agenda=[(n, people[n.patient_id]) for n in agenda if n.patient_id in people],
        specialties=specialties.by_code(store))


def status_text(status: str) -> str:
    """A consultation's state on the register (referrals use ui.referral.words)."""
    return {"draft": QCoreApplication.translate("HomePage", "draft, not signed yet"),
            "signed": QCoreApplication.translate("HomePage", "signed"),
            "waiting": QCoreApplication.translate("HomePage", "registered, waiting to be seen")}.get(status, status)


def _time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%H:%M")
    except ValueError:
        return ""


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(34)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (key, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


log = logging.getLogger("ui.home")


def _name(p: Patient) -> str:
    return f"{p.name} — {p.name_ur}" if p.name_ur else p.name


class HomePage(QWidget):
    """The first page after sign-in."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.data = HomeData()
        layout = scroll_body(self)
        layout.setContentsMargins(18, 12, 18, 12)
        top = QHBoxLayout()
        top.addWidget(make_heading(self.tr("Today"), 1), 1)
        self.new_patient = QPushButton(self.tr("Register a patient"))
        self.new_patient.setProperty("primary", True)
        self.new_patient.clicked.connect(lambda: self.navigate.emit(Page.REGISTER, ("",)))
        self.find_patient = QPushButton(self.tr("Find a patient"))
        self.find_patient.clicked.connect(lambda: self.navigate.emit(Page.PATIENTS, ()))
        self.learning = QPushButton(self.tr("Learning"))
        self.learning.setObjectName("openLearning")
        self.learning.setToolTip(self.tr("Cases answered by specialists, to learn from (offline)"))
        self.learning.clicked.connect(lambda: self.navigate.emit(Page.LEARNING, ()))
        top.addWidget(self.learning)
        top.addWidget(self.find_patient)
        top.addWidget(self.new_patient)
        layout.addLayout(top)

        from ui.drafts import ResumePanel

        self.resume = ResumePanel(ops, lambda key, args: self.navigate.emit(key, args))
        layout.addWidget(self.resume)

        from ui.followups import FollowUpPanel

        self.follow_ups = FollowUpPanel(ops)
        self.follow_ups.navigate.connect(self.navigate)

        self.answers_banner = QLabel()
        self.answers_banner.setProperty("banner", "ok")
        self.answers_banner.setWordWrap(True)
        self.answers_banner.hide()
        layout.addWidget(self.answers_banner)
        self.problem = QLabel()  # the page could not be read: said here, where the person looks
        self.problem.setObjectName("homeProblem")
        self.problem.setProperty("banner", "danger")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        self.unread_heading = make_heading(self.tr("Answers from specialists, not yet read"), 2)
        self.unread = _table([self.tr("Patient"), self.tr("Specialist"), self.tr("Specialty"),
                              self.tr("Plan changed")], "unread_advice")
        self.unread.cellActivated.connect(lambda r, _c: self._open_referral(self.unread, r))
        self.upcoming_heading = make_heading(self.tr("Upcoming video consults"), 2)
        self.upcoming = _table([self.tr("When"), self.tr("Specialist"), self.tr("Patient"), self.tr("Note")],
                               "upcoming_calls")
        self.upcoming.cellActivated.connect(lambda r, _c: self._open_referral(self.upcoming, r))
        self.agenda_heading = make_heading(self.tr("Cases on a case conference's agenda"), 2)
        self.agenda_note = QLabel(self.tr("Have the patient or the file ready at that time and join the video call "
                                          "when the case comes up."))
        self.agenda_note.setWordWrap(True)
        self.agenda = _table([self.tr("When"), self.tr("Case conference"), self.tr("Patient")], "conference_agenda")
        self.agenda.cellActivated.connect(lambda r, _c: self._open_referral(self.agenda, r))
        self.today_heading = make_heading(self.tr("Today's register"), 2)
        self.today = _table([self.tr("Time"), self.tr("MRN"), self.tr("Patient"), self.tr("Complaint"),
                             self.tr("Status")], "todays_register")
        self.today.cellActivated.connect(self._open_chart)
        self.waiting_heading = make_heading(self.tr("Referrals waiting for an answer"), 2)
        self.waiting = _table([self.tr("Patient"), self.tr("Specialty"), self.tr("Urgency"), self.tr("Status")],
                              "referrals_waiting")
        self.waiting.cellActivated.connect(lambda r, _c: self._open_referral(self.waiting, r))
        for w in (self.unread_heading, self.unread, self.upcoming_heading, self.upcoming, self.agenda_heading,
                  self.agenda_note, self.agenda, self.follow_ups,
                  self.today_heading, self.today, self.waiting_heading, self.waiting):
            layout.addWidget(w)
        layout.setStretchFactor(self.today, 3)
        layout.setStretchFactor(self.waiting, 2)
        layout.setStretchFactor(self.unread, 1)
        layout.setStretchFactor(self.upcoming, 1)

        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(300)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        ops.changes_applied.connect(self._changed)
        ops.opened.connect(lambda _user: self.refresh())  # drafts kept at the lock are offered again
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.ops.is_open:
            self.refresh()  # drafts kept on the way here are written first (the worker runs in order)

    def _changed(self, changes: ChangeSet) -> None:
        if cares(changes, *WATCHED) and not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        QueryOp(self, load, self.ops).success(self.show_data).failure(self._not_loaded).run()

    def _not_loaded(self, exc: BaseException) -> None:
        if isinstance(exc, Locked):
            log.info("home page not read: the station locked first")
            return  # read again after sign-in
        log.warning("the home page could not be read: %s", type(exc).__name__)
        from ui.errors import plain_message

        self.problem.setText(self.tr("Today's lists could not be brought up to date: %1").replace(
            "%1", plain_message(exc)))
        self.problem.show()

    def show_data(self, data: HomeData) -> None:
        self.data = data
        self.problem.hide()
        self.resume.show_drafts(data.drafts)
        self.follow_ups.show_items(data.follow_ups)
        rows = [(e.started_at, p.id, [_time(e.started_at), p.mrn, _name(p), e.complaint, status_text(e.status)])
                for e, p in data.today]
        rows += [(p.created_at, p.id, [_time(p.created_at), p.mrn, _name(p), "", status_text("waiting")])
                 for p in data.registered]
        rows.sort(key=lambda row: row[0], reverse=True)
        _fill(self.today, [(pid, cells) for _at, pid, cells in rows])
        _fill(self.waiting, [(r.id, [_name(p), specialty_label(r.specialty, data.specialties), urgency_text(r.urgency),
                                     state_text(r.status)]) for r, p in data.waiting])
        _fill(self.unread, [(a.referral_id, [_name(p), a.specialist_name, specialty_text(a.specialty),
                                              self.tr("yes") if a.plan_changed else self.tr("no")])
                            for a, p in data.unread])
        _fill(self.upcoming, [(c.referral_id, [local_datetime(c.proposed_for), isolate(c.specialist_name), _name(p),
                                                c.note or ""]) for c, p in data.upcoming])
        for w in (self.upcoming_heading, self.upcoming):
            w.setVisible(bool(data.upcoming))
        # Usually one or two calls: the table is as tall as its rows, the register keeps the room.
        rows = min(len(data.upcoming), 5)
        self.upcoming.setMaximumHeight(self.upcoming.horizontalHeader().sizeHint().height()
                                       + rows * self.upcoming.verticalHeader().defaultSectionSize() + 6)
        self.upcoming_heading.setText(self.tr("Upcoming video consults: %n", "", len(data.upcoming)))
        self._show_agenda(data)
        has_unread = bool(data.unread)
        for w in (self.unread_heading, self.unread):
            w.setVisible(has_unread)
        self.answers_banner.setVisible(has_unread)
        self.answers_banner.setText(self.tr("Answers from specialists waiting to be read: %n. Open each one, read "
                                            "it and mark it as read.", "", len(data.unread)))
        self.today_heading.setText(self.tr("Today's register: %n", "", len(data.today) + len(data.registered)))
        self.waiting_heading.setText(self.tr("Referrals waiting for an answer: %n", "", len(data.waiting)))

    def _show_agenda(self, data: HomeData) -> None:
        from ui.conference_words import when_text

        _fill(self.agenda, [(n.referral_id, [when_text(n), isolate(n.title), _name(p)]) for n, p in data.agenda])
        for w in (self.agenda_heading, self.agenda_note, self.agenda):
            w.setVisible(bool(data.agenda))
        self.agenda.setMaximumHeight(self.agenda.horizontalHeader().sizeHint().height()
                                     + min(len(data.agenda), 5) * self.agenda.verticalHeader().defaultSectionSize() + 6)
        self.agenda_heading.setText(self.tr("Cases on a case conference's agenda: %n", "", len(data.agenda)))

    def _open_chart(self, row: int, _col: int = 0) -> None:
        item = self.today.item(row, 0)
        if item is not None:
            self.navigate.emit(Page.CHART, (item.data(Qt.ItemDataRole.UserRole),))

    def _open_referral(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        if item is not None:
            self.navigate.emit(Page.REFERRAL, (item.data(Qt.ItemDataRole.UserRole),))


def install(window: MainWindow, app: StationApp) -> None:
    """Register the home page first, so it is at the top of the navigation."""
    window.register_page(Page.HOME, HomePage(app.ops), QCoreApplication.translate("Navigation", "Home"))
    # Video consults start from pages built later (a referral's page); they find the launcher
    # on the main window, installed here with the first page.
    from ui import call

    call.install(window, app)
