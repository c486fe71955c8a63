"""The main window: a navigation list, the page stack, and the sync bar always at the bottom.

Pages are plain QWidgets registered with `register_page(key, widget, title)`. A page that
wants context when opened (a patient id, a referral id) defines `open_with(*args)`; another
page asks for it with `window.show_page(Page.CHART, patient_id)` or by emitting a
`navigate(key, args)` signal the window connects. While the station is locked the shell is
replaced by the sign-in page, so nothing clinical stays on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import leading, text_font
from ui.ops import DbWorker
from ui.pages import Page
from ui.syncbar import SyncBar, SyncWatcher


class Shell(QWidget):
    """Everything shown once signed in: header, navigation, pages, sync bar."""

    def __init__(self, ops: DbWorker, status: SyncWatcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        header = QWidget()
        header.setObjectName("header")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(12, 6, 12, 6)
        self.clinic = QLabel()
        # The clinic's name is usually in Latin letters: the text font, bold, not Nastaliq.
        clinic_font = text_font(13)
        clinic_font.setBold(True)
        self.clinic.setFont(clinic_font)
        self.clinic.setAlignment(leading())
        self.user = QLabel()
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Lock the station now; sign in again to continue"))
        hl.addWidget(self.clinic, 1)
        hl.addWidget(self.user)
        hl.addSpacing(10)
        hl.addWidget(self.lock_button)
        outer.addWidget(header)

        body = QHBoxLayout()
        body.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        # Only this widget gets a style sheet (an application-wide one slows every screen down).
        self.nav.setStyleSheet("QListWidget::item { padding-left: 10px; padding-right: 10px; }")
        self.stack = QStackedWidget()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)

        self.sync_bar = SyncBar(status)
        outer.addWidget(self.sync_bar)


class MainWindow(QMainWindow):
    """Top-level window. Its central stack holds the sign-in page and the shell."""

    lock_requested = Signal()
    page_shown = Signal(str)
    selfcheck_requested = Signal()  # Help -> Check this station

    def __init__(self, ops: DbWorker, status: SyncWatcher, login: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.status = status
        self.setWindowTitle(self.tr("Telemedicine station"))
        self.resize(1180, 760)
        self.pages: dict[str, QWidget] = {}
        self._titles: dict[str, str] = {}
        self.login = login
        self.shell = Shell(ops, status)
        self.shell.lock_button.clicked.connect(self.lock_requested.emit)
        self.shell.nav.currentRowChanged.connect(self._nav_changed)
        self.shell.nav.itemClicked.connect(self._nav_clicked)
        self.root = QStackedWidget()
        self.root.addWidget(login)
        self.root.addWidget(self.shell)
        self.setCentralWidget(self.root)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.selfcheck_action = help_menu.addAction(self.tr("Check this station…"))
        self.selfcheck_action.setObjectName("selfcheckAction")
        self.selfcheck_action.triggered.connect(self.selfcheck_requested.emit)
        self._on_close: Callable[[], bool] | None = None
        self._may_leave: Callable[[str | None], bool] | None = None
        self.show_login()

    # -- pages ----------------------------------------------------------------------------
    def register_page(self, key: Page, widget: QWidget, title: str, in_nav: bool = True) -> QWidget:
        """Add a page. `in_nav=False` for pages reached from others (a chart, a consultation)."""
        if key in self.pages:
            raise ValueError(f"a page called {key!r} is already registered")
        self.pages[key] = widget
        self._titles[key] = title
        self.shell.stack.addWidget(widget)
        if in_nav:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, 40))
            self.shell.nav.addItem(item)
        signal = getattr(widget, "navigate", None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(lambda k, args=(): self.show_page(k, *(args or ())))
        return widget

    def show_page(self, key: Page | str, *args: Any) -> QWidget:
        """Bring a page forward; `args` go to its `open_with` (e.g. the patient to show)."""
        widget = self.pages[key]
        opener = getattr(widget, "open_with", None)
        if args and opener is not None:
            opener(*args)
        self.shell.stack.setCurrentWidget(widget)
        for row in range(self.shell.nav.count()):
            item = self.shell.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.shell.nav.blockSignals(True)
                self.shell.nav.setCurrentRow(row)
                self.shell.nav.blockSignals(False)
                break
        else:
            # A page reached from another (a chart from Patients): no item is current, so a click on
            # the one that was highlighted is a change of row and is not ignored.
            self.shell.nav.blockSignals(True)
            self.shell.nav.setCurrentRow(-1)
            self.shell.nav.clearSelection()
            self.shell.nav.blockSignals(False)
        self.page_shown.emit(key)
        return widget

    def current_page(self) -> str | None:
        widget = self.shell.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), None)

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self._leave_for(self.shell.nav.item(row).data(Qt.ItemDataRole.UserRole))

    def _leave_for(self, key: str) -> None:
        """Go to a page chosen in the sidebar, unless the page being left keeps the person there."""
        leaving = self.current_page()
        if leaving != key and self._may_leave is not None and not self._may_leave(leaving):
            # Staying: the highlight goes back to where the person still is.
            self.shell.nav.blockSignals(True)
            back = next((r for r in range(self.shell.nav.count())
                         if self.shell.nav.item(r).data(Qt.ItemDataRole.UserRole) == leaving), -1)
            if back >= 0:
                self.shell.nav.setCurrentRow(back)
            else:
                self.shell.nav.clearSelection()
                self.shell.nav.setCurrentRow(-1)
            self.shell.nav.blockSignals(False)
            return
        self.show_page(key)

    def _nav_clicked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key != self.current_page():
            self._leave_for(key)

    def clear_pages(self) -> None:
        """Drop every page (another user signed in: nothing of the last one's screens remains)."""
        self.shell.nav.clear()
        for widget in self.pages.values():
            self.shell.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages.clear()
        self._titles.clear()

    # -- signed in / locked ---------------------------------------------------------------
    def show_login(self) -> None:
        self.root.setCurrentWidget(self.login)
        focus = getattr(self.login, "focus_first", None)
        if focus:
            focus()

    def show_shell(self, clinic: str, user_name: str) -> None:
        self.shell.clinic.setText(clinic)
        self.shell.user.setText(user_name)
        self.root.setCurrentWidget(self.shell)

    @property
    def locked(self) -> bool:
        return self.root.currentWidget() is self.login

    def set_close_guard(self, fn: Callable[[], bool]) -> None:
        """`fn()` is asked before the window closes; False keeps it open."""
        self._on_close = fn

    def set_leave_guard(self, fn: Callable[[str | None], bool]) -> None:
        """`fn(page_key)` is asked before the sidebar leaves that page; False stays."""
        self._may_leave = fn

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._on_close is not None and not self._on_close():
            event.ignore()
            return
        super().closeEvent(event)
