"""The desktop application: QApplication set-up, fonts, language, and what is shown when.

`StationApp` orders the steps: the setup wizard on a fresh data folder, else the sign-in
page; after sign-in the pages are built; Lock (or idle time) closes the store and shows the
sign-in page again. It owns the DB worker (ui/ops.py) and the network loop (ui/netloop.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ui import disk_banner, i18n, prefs
from ui.login import IdleWatcher, LoginPage
from ui.main_window import MainWindow
from ui.ops import DbWorker, set_default_worker
from ui.pages import Page
from ui.style import StationStyle
from ui.syncbar import SyncWatcher

log = logging.getLogger("ui.app")
ICON = Path(__file__).resolve().parent.parent / "resources" / "icon" / "telestation.png"



def create_qapp(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once), with the bundled fonts registered."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("telestation")
    app.setOrganizationName("telestation")
    app.setApplicationDisplayName("Telemedicine station")
    if not isinstance(app.style(), StationStyle):
        app.setStyle(StationStyle())
    i18n.load_fonts()
    app.setWindowIcon(QIcon(str(ICON)))
    return app  # type: ignore[return-value]


# station.keyslots.SLOTS_FILE, named here so the sign-in window does not wait for the crypto
# libraries to load (tests/ui/test_startup.py keeps the two equal).
SLOTS_FILE = "keyslots.json"


def is_initialized(data_dir: Path) -> bool:
    return (Path(data_dir) / SLOTS_FILE).exists()


def clinic_name(data_dir: Path) -> str:
    """The clinic's name as written beside the key slots when the station was set up (by the
    wizard or `telestation init`), for the sign-in page before anyone has signed in here."""
    import json

    try:
        name = json.loads((Path(data_dir) / SLOTS_FILE).read_text("utf-8")).get("clinic")
    except (OSError, ValueError, AttributeError):
        return ""
    return name if isinstance(name, str) else ""


class StationApp(QObject):
    """One running station: worker, network loop, window, idle lock."""

    signed_in = Signal(object)
    locked = Signal()

    def __init__(self, data_dir: Path, qapp: QApplication | None = None, with_network: bool = True) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.qapp = qapp or create_qapp()
        self.prefs = prefs.load(self.data_dir)
        i18n.install(self.qapp, self.prefs.language)
        self.ops = DbWorker(self.data_dir)
        set_default_worker(self.ops)
        self.with_network = with_network
        self.net = None  # the network loop (asyncio) starts after sign-in: not needed to show sign-in
        self.status = SyncWatcher(self.ops)
        self.sync = None  # ui.sync_driver.SyncDriver once signed in and enrolled
        self.idle = IdleWatcher(self.prefs.idle_lock_minutes * 60)
        self.idle.idle.connect(lambda: self.lock(reason="idle"))
        self.window: MainWindow | None = None
        self.drafts = None  # ui.drafts.DraftKeeper of the window
        self.wizard: QWidget | None = None
        self._user = None
        self.kdf = None  # Argon2 cost for new passwords; None = the station's default (tests lower it)
        self.admin_page = None
        self.on_pages_built: list[Callable[[MainWindow], None]] = []

    # -- start ----------------------------------------------------------------------------
    def start(self) -> QWidget:
        """Show the wizard (fresh folder) or the sign-in window; return what is shown."""
        if not is_initialized(self.data_dir):
            from ui.wizard import SetupWizard

            self.wizard = SetupWizard(self.data_dir, self.ops, self.prefs)
            self.wizard.kdf = self.kdf
            self.wizard.completed.connect(self._wizard_done)
            self.wizard.language_chosen.connect(self.set_language)
            self.wizard.show()
            return self.wizard
        window = self.make_window()
        window.show()
        # Load the storage code while the person types (not while the window is being drawn).
        QTimer.singleShot(400, self.ops.preload)
        return window

    def make_window(self) -> MainWindow:
        login = LoginPage(self.ops, self.prefs.clinic or clinic_name(self.data_dir), self.prefs.language)
        login.username.setText(self.prefs.last_username)
        login.signed_in.connect(self._signed_in)
        login.language_chosen.connect(self.set_language)
        self.window = MainWindow(self.ops, self.status, login)
        self.disk_banner = disk_banner.install(self.window, self.ops)
        self.window.lock_requested.connect(lambda: self.lock(reason="button"))
        self.status.sync_requested.connect(self.sync_now)
        self.window.selfcheck_requested.connect(self.check_station)
        from ui.drafts import DraftKeeper

        self.drafts = DraftKeeper(self.window, self.ops)
        self.window.page_shown.connect(lambda _key: self.drafts.keep_now())
        return self.window

    def _wizard_done(self, store_user: object) -> None:
        # The wizard created the station and left it open on the worker as the admin.
        self.prefs = prefs.load(self.data_dir)
        enroll = (self.wizard.hub_url, self.wizard.enroll_code) if self.wizard is not None else ("", "")
        window = self.make_window()
        if self.wizard is not None:
            self.wizard.close()
            self.wizard.deleteLater()
            self.wizard = None
        window.show()
        self._signed_in(store_user)
        if all(enroll):
            self.enroll(*enroll)

    # -- signed in ------------------------------------------------------------------------
    def _signed_in(self, user: object) -> None:
        assert self.window is not None
        same_user = self._user is not None and getattr(self._user, "username", None) == getattr(
            user, "username", None)
        self._user = user
        if not same_user or not self.window.pages:
            self.window.clear_pages()
            self.build_pages()
            # Pages built just now missed the worker's `opened`; they hear it once more, so every
            # page can load what it needs on sign-in (the station's district, the user's name...).
            self.ops.opened.emit(user)
        username = getattr(user, "username", "")
        if username and username != self.prefs.last_username:
            self.prefs.last_username = username
            prefs.save(self.data_dir, self.prefs)
        self.ops.submit(lambda s: s.meta("clinic") or "", self._show_shell, parent=self.window)
        self.idle.arm()
        self.start_sync()
        self.signed_in.emit(user)

    def _show_shell(self, clinic: str) -> None:
        assert self.window is not None
        name = getattr(self._user, "full_name", "") or getattr(self._user, "username", "")
        self.window.show_shell(clinic, name)
        if clinic and clinic != self.prefs.clinic:
            # Remembered outside the database so the sign-in page can greet the clinic by name.
            self.prefs.clinic = clinic
            prefs.save(self.data_dir, self.prefs)
            if isinstance(self.window.login, LoginPage):
                self.window.login.clinic.setText(clinic)
        if self.window.current_page() is None and Page.HOME in self.window.pages:
            self.window.show_page(Page.HOME)
        self.status.refresh()

    def build_pages(self) -> None:
        assert self.window is not None
        from ui import admin, consultation, home, learning, patients, referral

        installs: list[Callable[[MainWindow, StationApp], object]] = [
            home.install, patients.install, consultation.install, referral.install, learning.install, admin.install]
        try:
            from ui import call
        except ImportError as exc:  # a build made without video consults
            log.info("video consults are not part of this build (%s)", exc.name)
        else:
            installs.append(call.install)
        from ui import conflicts

        installs.append(conflicts.install)
        for install in installs:
            install(self.window, self)
        if self.admin_page is not None:
            self.admin_page.settings.enroll_requested.connect(self.enroll)
        for hook in self.on_pages_built:
            hook(self.window)

    def restored(self, user: object) -> None:
        """A backup replaced the station: every page is rebuilt from the restored data."""
        from PySide6.QtWidgets import QMessageBox

        self._user = None
        self.stop_sync()
        self.sync = None
        self._signed_in(user)
        if self.window is not None:
            self.window.show_page(Page.HOME)
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"),
                              self.tr("The station was restored from the backup. Everything saved after that "
                                      "backup is kept aside in the data folder."), parent=self.window)
            box.setObjectName("restoredNotice")
            box.open()

    # -- lock -----------------------------------------------------------------------------
    def lock(self, reason: str = "button") -> None:
        """Close the store (the key leaves memory) and show the sign-in page."""
        if self.window is None or self.window.locked:
            return
        self.idle.disarm()
        self.stop_sync()
        if self.drafts is not None:
            self.drafts.keep_now()  # queued before the store closes: written first
        username = getattr(self._user, "username", "")
        text = (self.tr("The station locked itself: nobody used it for %n min. Sign in to continue.", "",
                        max(1, round(self.prefs.idle_lock_minutes)))
                if reason == "idle" else self.tr("The station is locked. Sign in to continue."))
        login = self.window.login
        if isinstance(login, LoginPage):
            login.set_locked(username, text)
        from PySide6.QtWidgets import QDialog

        for dialog in self.window.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()  # an open form or message may show patient details
        self.window.show_login()
        self.ops.lock()
        self.locked.emit()

    def set_idle_minutes(self, minutes: float) -> None:
        self.prefs.idle_lock_minutes = minutes
        prefs.save(self.data_dir, self.prefs)
        self.idle.set_timeout(minutes * 60)

    # -- language -------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Switch language now. An open main window is rebuilt so every string is re-read."""
        self.prefs.language = language
        if is_initialized(self.data_dir):
            prefs.save(self.data_dir, self.prefs)
        i18n.install(self.qapp, language)
        if self.window is not None and self.window.locked and self._user is None:
            # Nobody signed in yet: the sign-in window is made again in the new language.
            geometry = self.window.saveGeometry()
            old = self.window
            window = self.make_window()
            window.restoreGeometry(geometry)
            window.show()
            old.close()
            old.deleteLater()
            window.show_login()
            return
        if self.window is not None and not self.window.locked:
            geometry = self.window.saveGeometry()
            old = self.window
            if self.drafts is not None:
                self.drafts.keep_now()  # the rebuilt pages offer it back
            old.set_close_guard(lambda: True)
            window = self.make_window()
            window.restoreGeometry(geometry)
            window.show()
            old.close()
            old.deleteLater()
            self._user = None  # forces the pages to be rebuilt in the new language
            self._signed_in(self.ops.user)

    # -- sync -----------------------------------------------------------------------------
    def start_network(self) -> None:
        if self.net is None and self.with_network:
            from ui.netloop import NetLoop

            self.net = NetLoop()
            self.net.error.connect(self._network_error)

    def start_sync(self) -> None:
        self.start_network()
        if self.net is None:
            return
        try:
            from ui.sync_driver import SyncDriver
        except ImportError:
            return
        if self.sync is None:
            self.sync = SyncDriver(self)
        self.sync.start()

    def stop_sync(self) -> None:
        if self.sync is not None:
            self.sync.stop()

    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.sync_now()
        else:
            self.status.refresh()

    def enroll(self, hub_url: str, code: str) -> None:
        """Connect to a hub with a one-time code (from the wizard or Settings)."""
        settings = self.admin_page.settings if self.admin_page is not None else None
        self.start_sync()
        if self.sync is None:
            if settings is not None:
                settings.enroll_finished(self.tr("This program cannot connect to a hub (its sync part is "
                                                 "missing). Reinstall the station."))
            return
        self.sync.enroll(hub_url, code, settings.enroll_finished if settings is not None else None)

    def _network_error(self, exc: BaseException) -> None:
        from ui.errors import plain_message

        self.status.update_live(False, False, plain_message(exc))

    # -- help -----------------------------------------------------------------------------
    def check_station(self) -> None:
        """Help -> Check this station: the checks of `telestation selfcheck`, on the worker and network loop."""
        from ui.selfcheck_dialog import open_selfcheck

        self.start_network()
        if self.window is not None:
            open_selfcheck(self.window, self.ops, self.net, self.data_dir)

    # -- end ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        if self.drafts is not None:
            self.drafts.keep_now()
            self.drafts.timer.stop()
        if self.window is not None:
            self.window.set_close_guard(lambda: True)  # the program is ending: nothing more to ask
        self.idle.stop()
        self.stop_sync()
        if self.net is not None:
            self.net.stop()
        self.ops.shutdown()
        set_default_worker(None)


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Start the desktop app and run until its window closes."""
    from station import logs

    qapp = create_qapp(argv)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    logs.setup(Path(data_dir))
    station = StationApp(Path(data_dir), qapp)
    station.start()
    try:
        return qapp.exec()
    finally:
        station.shutdown()
