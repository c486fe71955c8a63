"""Two parts of the registration form: whose name the second name is (father or husband), and a
calendar beside the date of birth."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QRadioButton,
    QWidget,
    QWidgetAction,
)

from station.patients import parse_date

DATE_SHOWN = "dd/MM/yyyy"  # as people in Pakistan write dates; the station also reads YYYY-MM-DD


class RelationChoice(QWidget):
    """"This name is the patient's: ○ father ○ husband" (neither chosen: not said)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("This name is the patient's:"))
        row.addWidget(self.label)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for value, text in (("father", self.tr("father")), ("husband", self.tr("husband"))):
            button = QRadioButton(text)
            button.setObjectName(f"relation_{value}")
            button.setMinimumHeight(30)
            button.toggled.connect(lambda on: on and self.changed.emit())
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)

    def value(self) -> str | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str | None) -> None:
        self.group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(key == value)
        self.group.setExclusive(True)


def _calendar_icon() -> QIcon:
    pixmap = QPixmap(20, 20)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor("#35516b"), 1.6))
    painter.drawRect(QRect(2, 4, 16, 14))
    painter.fillRect(QRect(2, 4, 16, 4), QColor("#35516b"))
    for x in (6, 10, 14):
        for y in (11, 15):
            painter.drawPoint(QPoint(x, y))
    painter.end()
    return QIcon(pixmap)


class DatePicker(QMenu):
    """A calendar that drops down under a date box and writes the chosen day into it as DD/MM/YYYY."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("date_picker")
        self.calendar.setGridVisible(True)
        self.calendar.setMaximumDate(QDate.currentDate())
        self.calendar.clicked.connect(self._chosen)
        self.calendar.activated.connect(self._chosen)
        holder = QWidgetAction(self)
        holder.setDefaultWidget(self.calendar)
        self.addAction(holder)
        self.action = QAction(_calendar_icon(), self.tr("Pick the date from a calendar"), edit)
        self.action.setObjectName("pick_date")
        self.action.triggered.connect(self.open)
        edit.addAction(self.action, QLineEdit.ActionPosition.TrailingPosition)

    def open(self) -> None:
        typed = parse_date(self.edit.text())
        start = QDate(typed.year, typed.month, typed.day) if typed else QDate.currentDate().addYears(-20)
        self.calendar.setSelectedDate(start)
        self.popup(self.edit.mapToGlobal(QPoint(0, self.edit.height())))

    def _chosen(self, day: QDate) -> None:
        self.edit.setText(day.toString(DATE_SHOWN))
        self.edit.editingFinished.emit()
        self.close()
