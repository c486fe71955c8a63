"""Sign-in, the Lock button and the idle lock.

Signing in opens the store on the DB worker (Argon2 takes ~0.2 s there, not on the UI thread).
Locking closes that store, so the database key leaves memory; the same or another person
signs in again to continue.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.errors import LockedOut, StationError, WrongPassword
from ui.errors import show_error
from ui.i18n import LANGUAGES, current_language, leading, make_heading, text_font
from ui.ops import DbWorker

USER_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
              QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod}


class LoginPage(QWidget):
    """Username + password (or PIN). Emits `signed_in(user)` once the worker has opened the store."""

    signed_in = Signal(object)
    language_chosen = Signal(str)  # "en" or "ur", chosen before signing in

    def __init__(self, ops: DbWorker, clinic: str = "", language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("loginCard")
        card.setFixedWidth(500)
        self.card = card
        card.setFrameShape(QFrame.Shape.StyledPanel)
        form_box = QVBoxLayout(card)
        form_box.setContentsMargins(26, 20, 26, 22)
        self.title = make_heading(self.tr("Sign in"), 1)
        self.clinic = QLabel(clinic)
        self.clinic.setObjectName("loginClinic")
        self.clinic.setAlignment(leading())
        self.clinic.setWordWrap(True)
        clinic_font = text_font(12)
        clinic_font.setBold(True)
        self.clinic.setFont(clinic_font)
        # Each language named in itself: a person who cannot read the current one still finds theirs.
        self.language = QComboBox()
        self.language.setObjectName("loginLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.setAccessibleName(self.tr("Language"))
        self.language.activated.connect(lambda _i: self._language())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setProperty("banner", "info")
        self.notice.hide()
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password or PIN"), self.password)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("fieldError", True)
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.title, 1)
        heading_row.addWidget(self.language, 0, Qt.AlignmentFlag.AlignTop)
        form_box.addLayout(heading_row)
        for w in (self.clinic, self.notice):
            form_box.addWidget(w)
        form_box.addLayout(form)
        form_box.addWidget(self.error)
        form_box.addWidget(self.button)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        card.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A centred card is given its preferred height, worked out for some other width: with a lock
        # notice and a wrong-password message both wrapping, the rows were squeezed and cut. The
        # card asks for the height its text needs at its real width whenever a message changes.
        if watched is self.card and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            QTimer.singleShot(0, self._fit_card)
        return super().eventFilter(watched, event)

    def _fit_card(self) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.card)) or self.card.layout() is None:
            return  # the sign-in page was replaced (another language) before this ran
        self.card.setMinimumHeight(self.card.layout().totalHeightForWidth(self.card.width()))

    def focus_first(self) -> None:
        (self.password if self.username.text() else self.username).setFocus()

    def _language(self) -> None:
        code = self.language.currentData()
        if code != current_language():
            self.language_chosen.emit(code)

    def set_locked(self, username: str, reason: str) -> None:
        """Shown after a lock: who was signed in and why the screen is locked."""
        # Work may be open behind the lock: the language changes in Settings, once signed in.
        self.language.hide()
        self.username.setText(username)
        self.password.clear()
        self.error.clear()
        self.notice.setText(reason)
        self.notice.show()
        self.title.setText(self.tr("Station locked"))

    def submit(self) -> None:
        username, password = self.username.text().strip().lower(), self.password.text()
        if not username:
            self.error.setText(self.tr("Username: type the name you sign in with."))
            self.username.setFocus()
            return
        if not password:
            self.error.setText(self.tr("Password: type your password or PIN."))
            self.password.setFocus()
            return
        self.button.setEnabled(False)
        self.button.setText(self.tr("Signing in…"))
        self.error.clear()
        self.ops.open(username, password, self._ok, self._failed, parent=self)

    def _ok(self, user: object) -> None:
        self._reset_button()
        self.password.clear()
        self.notice.hide()
        self.title.setText(self.tr("Sign in"))
        self.signed_in.emit(user)

    def _failed(self, exc: BaseException) -> None:
        self._reset_button()
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, WrongPassword):
            self.error.setText(self.tr("That username and password do not match. Check them and try again."))
        elif isinstance(exc, LockedOut):
            self.error.setText(self.tr("Too many wrong tries. Wait %1 seconds, then try again.")
                               .replace("%1", str(max(1, round(exc.retry_after)))))
        elif isinstance(exc, StationError):
            self.error.setText(exc.message)
        else:
            show_error(self, exc)

    def _reset_button(self) -> None:
        self.button.setEnabled(True)
        self.button.setText(self.tr("Sign in"))


class IdleWatcher(QObject):
    """Emits `idle` once no key, mouse or touch input has arrived for `timeout_s` seconds.

    An application-wide event filter written in Python sees every event (paints, timers...), so
    it is installed only while armed, and after each input it steps aside for a few seconds:
    knowing the last input to within a few seconds is enough to lock after minutes.
    """

    idle = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self.last_input = time.monotonic()
        self.armed = False
        self._filtering = False
        self._input_types = {int(t.value) for t in USER_INPUT}
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._resume = QTimer(self)
        self._resume.setSingleShot(True)
        self._resume.timeout.connect(self._filter_on)
        self.set_timeout(timeout_s)

    def set_timeout(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        # Check often enough to lock within ~5% of the limit, but at most once a second.
        self._timer.setInterval(int(max(50, min(1000, timeout_s * 50))))
        self._timer.start()
        self._resume.setInterval(int(max(20, min(5000, timeout_s * 50))))

    def arm(self) -> None:
        """Start watching (after sign-in)."""
        self.last_input = time.monotonic()
        self.armed = True
        self._filter_on()

    def disarm(self) -> None:
        self.armed = False
        self._resume.stop()
        self._filter_off()

    def _filter_on(self) -> None:
        app = QApplication.instance()
        if self.armed and not self._filtering and app is not None:
            app.installEventFilter(self)
            self._filtering = True

    def _filter_off(self) -> None:
        app = QApplication.instance()
        if self._filtering and app is not None:
            app.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if int(event.type().value) in self._input_types:
            self.last_input = time.monotonic()
            self._filter_off()
            self._resume.start()
        return False

    def _check(self) -> None:
        if self.armed and time.monotonic() - self.last_input >= self.timeout_s:
            self.disarm()
            self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()
        self.disarm()
