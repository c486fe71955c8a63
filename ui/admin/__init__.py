"""Administration: users, settings, backup and restore, audit log, sync log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.admin.audit_view import AuditTab
from ui.admin.backup import BackupTab
from ui.admin.logs import SyncLogTab
from ui.admin.settings import SettingsTab
from ui.admin.users import UsersTab
from ui.pages import Page

if TYPE_CHECKING:
    from ui.app import StationApp
    from ui.main_window import MainWindow


class AdminPage(QWidget):
    """Tabs; everything but Settings (language) and the sync log is for administrators only."""

    def __init__(self, app: Any, is_admin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = app.ops
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.settings = SettingsTab(app, is_admin)
        self.sync_log = SyncLogTab(app.ops)
        self.users = self.backup = self.audit = None
        if is_admin:
            self.users = UsersTab(app.ops, lambda: app.kdf)
            self.tabs.addTab(self.users, self.tr("Users"))
        self.tabs.addTab(self.settings, self.tr("Settings"))
        if is_admin:
            self.backup = BackupTab(app.ops)
            self.backup.restored.connect(app.restored)
            self.tabs.addTab(self.backup, self.tr("Backup"))
            self.audit = AuditTab(app.ops)
            self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.tabs.addTab(self.sync_log, self.tr("Sync log"))


def install(window: MainWindow, app: StationApp) -> None:
    user = app.ops.user
    page = AdminPage(app, is_admin=getattr(user, "role", "") == "admin")
    window.register_page(Page.ADMIN, page, QCoreApplication.translate("Navigation", "Administration"))
    app.admin_page = page
