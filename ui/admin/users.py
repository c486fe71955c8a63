"""Accounts: who may sign in, with which role; add, switch off, set a new password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station import users
from station.errors import StationError
from station.records import User
from station.store import ChangeSet
from ui.i18n import make_heading
from ui.ops import CollectionOp, DbWorker, QueryOp, cares


def role_text(role: str) -> str:
    return {"admin": QCoreApplication.translate("Users", "administrator"),
            "clinician": QCoreApplication.translate("Users", "clinician"),
            "health_worker": QCoreApplication.translate("Users", "health worker")}.get(role, role)


class UsersTab(QWidget):
    def __init__(self, ops: DbWorker, kdf: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.kdf = kdf
        layout = QVBoxLayout(self)
        layout.addWidget(make_heading(self.tr("Users"), 2))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("users")
        self.table.setHorizontalHeaderLabels([self.tr("Username"), self.tr("Full name"), self.tr("Role"),
                                              self.tr("Can sign in")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add a user…"))
        self.password_button = QPushButton(self.tr("Set a new password…"))
        self.off_button = QPushButton(self.tr("Switch off"))
        for b in (self.add_button, self.password_button, self.off_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_user)
        self.password_button.clicked.connect(self.set_password)
        self.off_button.clicked.connect(self.switch_off)
        ops.changes_applied.connect(self._changed)
        self.refresh()

    def _changed(self, changes: ChangeSet) -> None:
        if cares(changes, "users"):
            self.refresh()

    def refresh(self) -> None:
        QueryOp(self, lambda s: s.find(User, order_by="username"), self.ops).success(self.show_users).run()

    def show_users(self, people: list[User]) -> None:
        self.table.setRowCount(len(people))
        for r, u in enumerate(people):
            values = [u.username, u.full_name, role_text(u.role), self.tr("yes") if u.active else self.tr("no")]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(r, c, item)

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def add_user(self) -> QDialog:
        dialog = UserDialog(self, new=True)
        dialog.submitted.connect(lambda d=dialog: self._save_new(d))
        dialog.open()
        return dialog

    def _save_new(self, d: UserDialog) -> None:
        username, role, secret = d.username.text().strip().lower(), d.role.currentData(), d.secret.text()
        credential = "pin" if d.credential.currentData() == "pin" else "password"
        name = d.full_name.text().strip()
        CollectionOp(self, lambda s: users.add(s, username, role, secret, full_name=name,
                                               credential=credential, kdf=self.kdf()), self.ops) \
            .success(lambda _u: (d.accept(), self.refresh())).failure(d.show_error).run()

    def set_password(self) -> QDialog | None:
        username = self.selected()
        if not username:
            return None
        dialog = UserDialog(self, new=False, username=username)
        secret = dialog.secret
        dialog.submitted.connect(lambda: CollectionOp(
            self, lambda s: users.change_secret(s, username, secret.text(), kdf=self.kdf()), self.ops)
            .success(lambda _r: dialog.accept()).failure(dialog.show_error).run())
        dialog.open()
        return dialog

    def switch_off(self) -> None:
        username = self.selected()
        if not username:
            return
        # Say at once what would be refused, rather than ask "Switch off?" and then refuse.
        refusal = self._cannot_switch_off(username)
        if refusal:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Switch off"), refusal, parent=self)
            box.setObjectName("switchOffRefused")
            box.open()
            return
        answer = QMessageBox.question(self, self.tr("Switch off"), self.tr(
            "Switch off %1? Their password will no longer open this station. Their records stay.")
            .replace("%1", username))
        if answer == QMessageBox.StandardButton.Yes:
            CollectionOp(self, lambda s: users.deactivate(s, username), self.ops).success(
                lambda _r: self.refresh()).run()


    def _cannot_switch_off(self, username: str) -> str:
        me = getattr(self.ops.user, "username", None)
        if username == me:
            return self.tr("You cannot switch off your own account. Another administrator can.")
        row = next((r for r in range(self.table.rowCount())
                    if self.table.item(r, 0) is not None and self.table.item(r, 0).text() == username), None)
        if row is not None and self.table.item(row, 3).text() == self.tr("no"):
            return self.tr("%1 is already switched off.").replace("%1", username)
        return ""


class UserDialog(QDialog):
    """A new account (all fields) or a new password for an existing one."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None, new: bool, username: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a user") if new else self.tr("New password for %1").replace("%1", username))
        form = QFormLayout(self)
        self.username, self.full_name, self.secret = QLineEdit(username), QLineEdit(), QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.role, self.credential = QComboBox(), QComboBox()
        for code in ("health_worker", "clinician", "admin"):
            self.role.addItem(role_text(code), code)
        self.credential.addItem(self.tr("Password (8 or more characters)"), "password")
        self.credential.addItem(self.tr("PIN (6 or more digits; health workers only)"), "pin")
        if new:
            form.addRow(self.tr("Username"), self.username)
            form.addRow(self.tr("Full name"), self.full_name)
            form.addRow(self.tr("Role"), self.role)
            form.addRow(self.tr("Signs in with"), self.credential)
        form.addRow(self.tr("Password or PIN"), self.secret)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirmSecret")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password or PIN again"), self.confirm)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("fieldError", True)
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _submit(self) -> None:
        """Only a password typed the same twice is saved (a slip in a hidden box locks a person out)."""
        if self.secret.text() != self.confirm.text():
            self.error.setText(self.tr("The two passwords are not the same. Type them again."))
            self.confirm.clear()
            self.secret.selectAll()
            self.secret.setFocus()
            return
        self.error.clear()
        self.submitted.emit()

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(exc.message if isinstance(exc, StationError) else str(exc))
