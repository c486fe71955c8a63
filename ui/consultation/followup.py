"""The follow-up visit: a date typed as YYYY-MM-DD or picked with one press ("in 1 week")."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.patients.forms import ErrorLabel, FormErrors, big_line_edit

QUICK_DAYS = (3, 7, 14, 30)


class FollowUpField(QWidget):
    """Label, date box, quick buttons and the error under them."""

    changed = Signal()

    def __init__(self, errors: FormErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = errors
        self.edit = big_line_edit(self.tr("YYYY-MM-DD, or leave empty"), "follow_up_date")
        self.edit.setMaximumWidth(180)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self.edit.editingFinished.connect(self.check)
        self.error = ErrorLabel("follow_up_date")
        errors.add("follow_up_date", self.error, self.edit,
                   lambda: self.tr("Follow-up date: a date from today on, as YYYY-MM-DD."))
        label = QLabel(self.tr("&Follow-up visit"))
        label.setBuddy(self.edit)
        row = QHBoxLayout()
        row.addWidget(self.edit)
        words = {3: self.tr("in 3 days"), 7: self.tr("in 1 week"), 14: self.tr("in 2 weeks"),
                 30: self.tr("in 1 month")}
        self.quick_days: list[QPushButton] = []
        for days in QUICK_DAYS:
            button = QPushButton(words[days])
            button.setObjectName(f"followUp{days}")
            button.clicked.connect(lambda _c=False, d=days: self.set_in_days(d))
            row.addWidget(button)
            self.quick_days.append(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, value: str | None) -> None:
        self.edit.setText(value or "")
        self.errors.clear("follow_up_date")

    def set_in_days(self, days: int) -> None:
        self.set_value((date.today() + timedelta(days=days)).isoformat())
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        for button in self.quick_days:
            button.setVisible(not read_only)

    def check(self) -> bool:
        """The station's rule for the date (it refuses the same on saving), shown under the field."""
        text = self.edit.text().strip()
        self.errors.clear("follow_up_date")
        if not text:
            return True
        try:
            day = date.fromisoformat(text)
        except ValueError:
            self.errors.show("follow_up_date", "Follow-up date: use YYYY-MM-DD.", focus=False)
            return False
        if day < date.today():
            self.errors.show("follow_up_date", "Follow-up date: it cannot be in the past.", focus=False)
            return False
        return True
