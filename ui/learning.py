"""Learning: the teaching library the hub sends, listed and searched offline.

Cases come from specialists' answers with the patients' identifiers left out (age in words, sex,
district). The advice and the learning point are shown in the specialist's own words, whatever
language they wrote; only the page around them follows the interface language. The list is read
on the DB worker and refreshed when a sync brings new or withdrawn cases.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station import library
from station.library import LibraryCase
from station.store import ChangeSet
from ui.bidi import isolate, urdu_line
from ui.i18n import make_heading
from ui.ops import DbWorker, Locked, QueryOp, cares
from ui.pages import Page
from ui.patients.display import local_date
from ui.referral.words import specialty_text

_AGE = re.compile(r"^(about )?(\d+) years?(?: (\d+) months?)?$|^(\d+) months?$")


def age_words(text: str) -> str:
    """The hub's "3 years 4 months" / "about 60 years" / "8 months" in the interface language."""
    match = _AGE.match(text)
    if not match:
        return QCoreApplication.translate("LearningPage", "age not recorded")
    if match.group(4):
        months = int(match.group(4))
        if months == 1:
            return QCoreApplication.translate("LearningPage", "1 month old")
        return QCoreApplication.translate("LearningPage", "%1 months old").replace("%1", str(months))
    years = match.group(2)
    if match.group(3):
        return QCoreApplication.translate("LearningPage", "%1 years %2 months old").replace(
            "%1", years).replace("%2", match.group(3))
    if match.group(1):
        return QCoreApplication.translate("LearningPage", "about %1 years old").replace("%1", years)
    if years == "1":
        return QCoreApplication.translate("LearningPage", "1 year old")
    return QCoreApplication.translate("LearningPage", "%1 years old").replace("%1", years)


def sex_words(sex: str) -> str:
    if sex == "female":
        return QCoreApplication.translate("LearningPage", "girl or woman")
    if sex == "male":
        return QCoreApplication.translate("LearningPage", "boy or man")
    if sex == "other":
        return QCoreApplication.translate("LearningPage", "other")
    return QCoreApplication.translate("LearningPage", "sex not recorded")


def _starts_rtl(text: str) -> bool:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _words_label(text: str) -> QLabel:
    """The specialist's words, aligned by their own script (English stays left in the Urdu page)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the words as written, never read as markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    side = Qt.AlignmentFlag.AlignRight if _starts_rtl(text) else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop)
    label.setLayoutDirection(Qt.LayoutDirection.RightToLeft if _starts_rtl(text) else Qt.LayoutDirection.LeftToRight)
    return label


class LearningPage(QWidget):
    """Home → Learning: every teaching case on this station, a search box, and the chosen case."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.cases: list[LibraryCase] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 12, 18, 12)
        top = QHBoxLayout()
        top.addWidget(make_heading(self.tr("Learning from specialists' answers"), 1), 1)
        self.home = QPushButton(self.tr("Back to Home"))
        self.home.clicked.connect(lambda: self.navigate.emit(Page.HOME, ()))
        top.addWidget(self.home)
        outer.addLayout(top)
        intro = QLabel(self.tr("Real cases answered by specialists, shared without the patients' names or "
                               "other identifiers. They are kept on this computer: you can read them offline."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(self.tr("Search: illness, ICD-10 code, medicine, specialty…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        outer.addWidget(self.search)
        self.count = QLabel()
        self.count.setObjectName("libraryCount")
        outer.addWidget(self.count)

        split = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("libraryList")
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(300)
        self.list.setMaximumWidth(460)
        self.list.currentRowChanged.connect(self._show_case)
        split.addWidget(self.list, 2)
        self.detail_area = QScrollArea()
        self.detail_area.setWidgetResizable(True)
        self.detail_area.setFrameShape(QFrame.Shape.NoFrame)
        self.detail = QWidget()
        self.detail.setObjectName("libraryCase")
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_area.setWidget(self.detail)
        split.addWidget(self.detail_area, 3)
        outer.addLayout(split, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        ops.changes_applied.connect(self._changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.ops.is_open:
            self.refresh()

    def _changed(self, changes: ChangeSet) -> None:
        if cares(changes, LibraryCase.table) and self.isVisible():
            self._search_timer.start()

    def refresh(self) -> None:
        query = self.search.text()
        QueryOp(self, lambda store: library.search(store, query), self.ops).success(self.show_cases).failure(
            self._not_loaded).run()

    def _not_loaded(self, exc: BaseException) -> None:
        if not isinstance(exc, Locked):
            from ui.errors import plain_message

            self.count.setText(self.tr("The library could not be read: %1").replace("%1", plain_message(exc)))

    def show_cases(self, cases: list[LibraryCase]) -> None:
        chosen = self.cases[self.list.currentRow()].id if 0 <= self.list.currentRow() < len(self.cases) else None
        self.cases = cases
        self.list.blockSignals(True)
        self.list.clear()
        for case in cases:
            point = " ".join(case.learning_point.split())
            title = point if len(point) <= 110 else point[:107] + "…"
            facts = " · ".join([specialty_text(case.specialty), age_words(case.age_text), sex_words(case.sex)])
            item = QListWidgetItem(f"{isolate(title)}\n{urdu_line(facts)}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.search.text().strip():
            self.count.setText(self.tr("Cases matching the search: %n", "", len(cases)))
        else:
            self.count.setText(self.tr("Teaching cases on this computer: %n", "", len(cases)))
        row = next((n for n, c in enumerate(cases) if c.id == chosen), 0 if cases else -1)
        self.list.setCurrentRow(row)
        self._show_case(row)

    def _show_case(self, row: int) -> None:
        while self.detail_layout.count():
            item = self.detail_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not 0 <= row < len(self.cases):
            empty = QLabel(self.tr("No teaching case matches. Try fewer or other words.") if self.search.text().strip()
                           else self.tr("No teaching cases yet. They arrive with the next sync once specialists "
                                        "share them."))
            empty.setWordWrap(True)
            self.detail_layout.addWidget(empty)
            self.detail_layout.addStretch(1)
            return
        case = self.cases[row]
        facts = [specialty_text(case.specialty), age_words(case.age_text), sex_words(case.sex)]
        if case.district:
            facts.append(self.tr("%1 district").replace("%1", isolate(case.district)))
        self.detail_layout.addWidget(make_heading(urdu_line(" · ".join(facts)), 2))
        if case.diagnoses:
            codes = ", ".join(isolate(f"{d.get('code', '')} {d.get('title', '')}".strip()) for d in case.diagnoses)
            diagnosis = QLabel(self.tr("Diagnosis: %1").replace("%1", codes))
            diagnosis.setTextFormat(Qt.TextFormat.PlainText)
            self.detail_layout.addWidget(diagnosis)
        sections = [
            (self.tr("Learning point"), case.learning_point),
            (self.tr("The health worker's question"), case.question),
            (self.tr("Clinical notes"), case.clinical_notes),
            (self.tr("Specialist's assessment"), case.assessment),
            (self.tr("Recommendations"), case.recommendations),
            (self.tr("What changed in the plan"), case.plan_change or ""),
            (self.tr("Follow-up"), case.follow_up or ""),
        ]
        for title, words in sections:
            if not words:
                continue
            heading = QLabel(title)
            heading.setProperty("sectionTitle", True)
            heading.setStyleSheet("font-weight: 600; margin-top: 8px;")
            self.detail_layout.addWidget(heading)
            self.detail_layout.addWidget(_words_label(words))
        signed = self.tr("Advice by %1").replace("%1", isolate(case.specialist_name))
        if case.published_at:
            signed += " · " + self.tr("shared on %1").replace("%1", isolate(local_date(case.published_at)))
        note = QLabel(signed)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setProperty("muted", True)
        self.detail_layout.addWidget(note)
        self.detail_layout.addStretch(1)


def install(window: object, app: object) -> None:
    """Register the Learning page (reached from Home and the navigation)."""
    page = LearningPage(app.ops)  # type: ignore[attr-defined]
    window.register_page(Page.LEARNING, page, QCoreApplication.translate("Navigation", "Learning"))  # type: ignore[attr-defined]
