"""Changes to settle: a field two people (or the station and the hub) changed differently.

Each shows both values, who changed each and when; the person chooses. The choice is saved as an
ordinary change of the patient (so it reaches the hub with the next sync) and audited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station.store import ChangeSet
from sync import conflicts
from sync.conflicts import ConflictView
from ui.i18n import make_heading
from ui.ops import CollectionOp, DbWorker, QueryOp, cares
from ui.pages import Page
from ui.patients.display import isolate, local_datetime


def field_text(name: str) -> str:
    words = {
        "name": QCoreApplication.translate("Conflicts", "name"),
        "name_ur": QCoreApplication.translate("Conflicts", "name in Urdu"),
        "father_name": QCoreApplication.translate("Conflicts", "father's or husband's name"),
        "father_name_ur": QCoreApplication.translate("Conflicts", "father's name in Urdu"),
        "sex": QCoreApplication.translate("Conflicts", "sex"),
        "date_of_birth": QCoreApplication.translate("Conflicts", "date of birth"),
        "estimated_age_years": QCoreApplication.translate("Conflicts", "age"),
        "cnic": QCoreApplication.translate("Conflicts", "CNIC"),
        "phone": QCoreApplication.translate("Conflicts", "phone number"),
        "village": QCoreApplication.translate("Conflicts", "village"),
        "district": QCoreApplication.translate("Conflicts", "district"),
    }
    return words.get(name, name.replace("_", " "))


def value_text(value: Any) -> str:
    if value in (None, ""):
        return QCoreApplication.translate("Conflicts", "(empty)")
    return isolate(str(value))


def side_text(by: str | None, at: str | None) -> str:
    """'changed by sadia on 7 Dec 2026 10:42' (each part only when known)."""
    when = local_datetime(at) if at and "T" in at else ""
    if by and when:
        return QCoreApplication.translate("Conflicts", "changed by %1 on %2").replace("%1", isolate(by)).replace(
            "%2", when)
    if by:
        return QCoreApplication.translate("Conflicts", "changed by %1").replace("%1", isolate(by))
    if when:
        return QCoreApplication.translate("Conflicts", "changed on %1").replace("%1", when)
    return QCoreApplication.translate("Conflicts", "who changed it is not known")


class ConflictCard(QFrame):
    """One conflict: what it is about, the two values side by side, a button under each."""

    chosen = Signal(str, str)  # conflict id, "local" or "remote"

    def __init__(self, view: ConflictView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        c = view.conflict
        self.setObjectName(f"conflict_{c.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("%1: %2").replace("%1", isolate(view.subject)).replace("%2", field_text(c.field)))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        sides = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        here = self.tr("On this station") if c.source == "hub" else self.tr("Saved first")
        there = self.tr("From the hub") if c.source == "hub" else self.tr("Saved at the same time")
        for key, heading, value, by, at in (("local", here, c.local_value, c.local_by, c.local_at),
                                            ("remote", there, c.remote_value, c.remote_by, c.remote_at)):
            box = QVBoxLayout()
            head = QLabel(heading)
            head.setProperty("banner", "info")
            shown = QLabel(value_text(value))
            shown.setObjectName(f"value_{key}")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            big = shown.font()
            big.setPointSizeF(big.pointSizeF() * 1.2)
            shown.setFont(big)
            who = QLabel(side_text(by, at))
            who.setObjectName(f"who_{key}")
            who.setWordWrap(True)
            for widget in (head, shown, who):
                box.addWidget(widget)
            if view.can_choose or key == "local":
                text = self.tr("Keep this value") if key == "local" else self.tr("Use this value")
                if not view.can_choose:
                    text = self.tr("Keep the station's copy")
                button = QPushButton(text)
                button.setObjectName(f"choose_{key}")
                button.clicked.connect(lambda _c=False, k=key: self.chosen.emit(c.id, k))
                self.buttons[key] = button
                box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
            box.addStretch(1)
            sides.addLayout(box, 1)
        layout.addLayout(sides)
        if not view.can_choose:
            note = QLabel(self.tr("A clinical record cannot be changed once recorded: the station keeps its "
                                  "copy. If the other copy is right, record a correction."))
            note.setWordWrap(True)
            layout.addWidget(note)


class ConflictsPage(QWidget):
    """The "conflicts" page, opened from the sync bar when something waits for a person to choose."""

    navigate = Signal(str, object)

    def __init__(self, ops: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.cards: list[ConflictCard] = []
        self.intro = QLabel(self.tr("The same detail was changed in two places. Check with the patient which is "
                                    "right and choose it; the choice is sent to the hub and kept in the audit log."))
        self.intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("conflictsStatus")
        self.status.setWordWrap(True)
        self.list = QVBoxLayout()
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(self.list)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(make_heading(self.tr("Changes to settle"), 1))
        layout.addWidget(self.intro)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        ops.changes_applied.connect(self._changed)

    def refresh(self) -> None:
        if self.ops.is_open:
            QueryOp(self, conflicts.open_for_people).success(self.show_views).run()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()

    def show_views(self, views: list[ConflictView]) -> None:
        for card in self.cards:
            self.list.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for view in views:
            card = ConflictCard(view)
            card.chosen.connect(self.choose)
            self.list.addWidget(card)
            self.cards.append(card)
        if not views:
            self.status.setText(self.tr("Nothing to settle: every change agrees."))

    def choose(self, conflict_id: str, choice: str) -> None:
        CollectionOp(self, lambda store: conflicts.resolve(store, conflict_id, choice)).success(
            lambda _c: (self.status.setText(self.tr("Saved. It goes to the hub with the next sync.")),
                        self.refresh())).run()

    def _changed(self, changes: ChangeSet) -> None:
        if self.isVisible() and cares(changes, "patients", "sync_conflicts"):
            self.refresh()


def install(window: Any, app: Any) -> None:
    """The "conflicts" page, reached from the sync bar's "Choose the right value" button."""
    window.register_page(Page.CONFLICTS, ConflictsPage(app.ops),
                         QCoreApplication.translate("Navigation", "Changes to settle"), in_nav=False)
    window.shell.sync_bar.conflicts_button.clicked.connect(lambda: window.show_page(Page.CONFLICTS))
