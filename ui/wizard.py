"""First-run setup, for the installer: language, clinic, admin account, recovery key, hub.

The station is created (Store.create, on the DB worker) when the admin page is accepted;
from then on there is no going back. The recovery key is shown once, can be printed or
saved as PDF, and the wizard goes on only after the installer confirms it was written
down. The hub page may be skipped: the station works offline and enrolls later from
Settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from station import users
from station.errors import StationError, ValidationError
from station.store import Store
from ui import prefs
from ui.i18n import LANGUAGES, text_font
from ui.ops import DbWorker
from ui.patients.display import DATE_FORMAT, isolate
from ui.printing import print_text, save_text_as_pdf


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setProperty("fieldError", True)
    return label


class LanguagePage(QWizardPage):
    """Both languages named in their own script, so anyone can choose."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setTitle("Language · زبان")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        for code, name in LANGUAGES.items():
            button = QRadioButton(name)
            button.setFont(text_font(15))
            button.setObjectName(f"language_{code}")
            button.setProperty("code", code)
            button.setChecked(code == wizard.prefs.language)
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.buttonClicked.connect(lambda b: wizard.choose_language(b.property("code")))


class ClinicPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.clinic = QLineEdit()
        self.clinic.setObjectName("clinic")
        self.district = QLineEdit()
        self.district.setObjectName("district")
        self.error = _error_label()
        self.clinic_label, self.district_label = QLabel(), QLabel()
        form.addRow(self.clinic_label, self.clinic)
        form.addRow(self.district_label, self.district)
        form.addRow(self.error)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Your clinic"))
        self.setSubTitle(self.tr("The name appears on the sign-in screen, on printed summaries and at the hub."))
        self.clinic_label.setText(self.tr("Clinic name"))
        self.district_label.setText(self.tr("District"))
        self.clinic.setPlaceholderText(self.tr("for example: Basic Health Unit Jhok Sharif"))

    def validatePage(self) -> bool:
        if len(self.clinic.text().strip()) < 3:
            self.error.setText(self.tr("Clinic name: write at least 3 letters."))
            self.clinic.setFocus()
            return False
        if len(self.district.text().strip()) < 2:
            self.error.setText(self.tr("District: write the district the clinic is in."))
            self.district.setFocus()
            return False
        return True


class AdminPage(QWizardPage):
    """The first account. Accepting this page creates the station."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.created = False
        self.setCommitPage(True)
        form = QFormLayout(self)
        self.username, self.full_name = QLineEdit("admin"), QLineEdit()
        self.password, self.confirm = QLineEdit(), QLineEdit()
        for name, edit in (("admin_username", self.username), ("admin_full_name", self.full_name),
                           ("admin_password", self.password), ("admin_confirm", self.confirm)):
            edit.setObjectName(name)
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(4)]
        for label, edit in zip(self.labels, (self.username, self.full_name, self.password, self.confirm),
                               strict=True):
            form.addRow(label, edit)
        self.error = _error_label()
        form.addRow(self.error)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Administrator account"))
        self.setSubTitle(self.tr("The administrator adds the other users and makes backups. Choose a "
                                 "password of at least 8 characters that others cannot guess."))
        for label, text in zip(self.labels, (self.tr("Username"), self.tr("Full name"), self.tr("Password"),
                                             self.tr("Password again")), strict=True):
            label.setText(text)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the station"))

    def validatePage(self) -> bool:
        if self.created:
            return True
        username = self.username.text().strip().lower()
        password = self.password.text()
        try:
            users.check_username(username)
            users.check_secret(password, "admin", "password")
        except ValidationError as exc:
            self.error.setText(exc.message)
            return False
        if password != self.confirm.text():
            self.error.setText(self.tr("Password again: the two passwords are not the same."))
            self.confirm.setFocus()
            return False
        self.error.setText(self.tr("Creating the station…"))
        self.wiz.button(QWizard.WizardButton.CommitButton).setEnabled(False)
        clinic = self.wiz.clinic_page.clinic.text().strip()
        district = self.wiz.clinic_page.district.text().strip()
        self.wiz.create_station(clinic, district, username, password, self.full_name.text().strip(),
                                self._created, self._failed)
        return False

    def _created(self) -> None:
        self.created = True
        # The station exists now: cancelling would lose the recovery key shown next.
        self.wiz.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.error.clear()
        self.password.clear()
        self.confirm.clear()
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self.wiz.button(QWizard.WizardButton.CommitButton).setEnabled(True)
        self.error.setText(exc.message if isinstance(exc, StationError) else str(exc))


class RecoveryPage(QWizardPage):
    """The recovery key, shown this once."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wiz = wizard
        layout = QVBoxLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.key = QLabel()
        self.key.setObjectName("recovery_key")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(18)
        mono.setWeight(QFont.Weight.DemiBold)
        self.key.setFont(mono)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The key reads left to right in every language.
        self.key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        self.print_button, self.pdf_button = QPushButton(), QPushButton()
        self.print_button.clicked.connect(self.print_key)
        self.pdf_button.clicked.connect(self.save_pdf)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        self.written = QCheckBox()
        self.written.setObjectName("written_down")
        self.written.toggled.connect(lambda _on: self.completeChanged.emit())
        self.status = QLabel()
        layout.addWidget(self.explain)
        layout.addSpacing(8)
        layout.addWidget(self.key)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.written)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Recovery key"))
        self.explain.setText(self.tr(
            "If every administrator forgets their password, this key is the only way to open the station's "
            "records. It is shown only now. Write it on paper or print it, and keep it locked away from the "
            "computer."))
        self.key.setText(self.wiz.recovery_key)
        self.print_button.setText(self.tr("Print…"))
        self.pdf_button.setText(self.tr("Save as PDF…"))
        self.written.setText(self.tr("I have written down the recovery key and will keep it safe"))

    def isComplete(self) -> bool:
        return self.written.isChecked()

    def _document(self) -> tuple[str, str, str]:
        """Title, key, and what to do with the sheet (dated, in the interface language)."""
        clinic = self.wiz.clinic_page.clinic.text().strip()
        title = self.tr("Recovery key for %1").replace("%1", clinic)
        today = isolate(QLocale().toString(QDate.currentDate(), DATE_FORMAT))
        notes = "\n".join([
            self.tr("Made on %1 for the station of %2.").replace("%1", today).replace("%2", clinic),
            self.tr("Keep this sheet locked away from the computer. Anyone who has this key can open every "
                    "patient record of this station."),
            self.tr("Use it only when every administrator has forgotten their password: on the station's "
                    "computer, run \u201ctelestation recover\u201d and type this key when asked. Then choose a "
                    "new administrator password."),
            self.tr("Do not keep a copy on the computer: print this page, then delete the file."),
        ])
        return title, self.wiz.recovery_key, notes

    def print_key(self) -> None:
        title, key, notes = self._document()
        if print_text(self, title, key, notes):
            self.status.setText(self.tr("Sent to the printer."))

    def save_pdf(self) -> None:
        title, key, notes = self._document()
        saved = save_text_as_pdf(self, title, key, "recovery-key.pdf", notes)
        if saved:
            self.status.setText(self.tr("Saved to %1. Print it, then delete the file.").replace("%1", str(saved)))


class HubPage(QWizardPage):
    """Where the hub is and the one-time enrollment code; may be left empty."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.wiz = wizard
        form = QFormLayout(self)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.url, self.code = QLineEdit(), QLineEdit()
        self.url.setObjectName("hub_url")
        self.code.setObjectName("enrollment_code")
        self.url_label, self.code_label = QLabel(), QLabel()
        self.error = _error_label()
        form.addRow(self.explain)
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        form.addRow(self.error)

    def initializePage(self) -> None:
        self.setTitle(self.tr("Connect to the hub (optional)"))
        self.explain.setText(self.tr(
            "Type the hub's address and the one-time code from the hub's administrator. You can leave both "
            "empty: the station works without a connection and can be connected later in Settings."))
        self.url_label.setText(self.tr("Hub address"))
        self.code_label.setText(self.tr("Enrollment code"))
        self.url.setPlaceholderText("https://hub.example.org")

    def validatePage(self) -> bool:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url and not code:
            return True
        if not url.startswith(("http://", "https://")):
            self.error.setText(self.tr("Hub address: it starts with https:// (for example https://hub.example.org)."))
            return False
        if not code:
            self.error.setText(self.tr("Enrollment code: type the code the hub's administrator gave you, or "
                                       "empty the hub address to connect later."))
            return False
        self.wiz.hub_url, self.wiz.enroll_code = url, code
        return True


class SetupWizard(QWizard):
    """Emits `completed(user)` with the station open on the worker as the new administrator."""

    completed = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, ops: DbWorker, preferences: prefs.Preferences,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.ops = ops
        self.prefs = preferences
        self.recovery_key = ""
        self.hub_url = ""
        self.enroll_code = ""
        self.user = None
        self.kdf = None  # tests pass a cheap Argon2 cost
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(720, 520)
        self.addPage(LanguagePage(self))
        self.clinic_page = ClinicPage()
        self.addPage(self.clinic_page)
        self.admin_page = AdminPage(self)
        self.addPage(self.admin_page)
        self.recovery_page = RecoveryPage(self)
        self.addPage(self.recovery_page)
        self.hub_page = HubPage(self)
        self.addPage(self.hub_page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up this station"))
        for button, text in ((QWizard.WizardButton.NextButton, self.tr("Next")),
                             (QWizard.WizardButton.BackButton, self.tr("Back")),
                             (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
                             (QWizard.WizardButton.FinishButton, self.tr("Finish"))):
            self.setButtonText(button, text)

    def choose_language(self, code: str) -> None:
        self.prefs.language = code
        self.language_chosen.emit(code)
        self._retranslate()

    def create_station(self, clinic: str, district: str, username: str, password: str, full_name: str,
                       done: object, failed: object) -> None:
        def make() -> Store:
            store, recovery = Store.create(self.data_dir, clinic, district, username, password,
                                           full_name=full_name, kdf=self.kdf)
            self.recovery_key = recovery
            return store

        def created(store: Store) -> None:
            self.user = store.user
            self.prefs.clinic = clinic
            self.prefs.last_username = username
            prefs.save(self.data_dir, self.prefs)
            done()  # type: ignore[operator]

        self.ops.adopt(make, created, failed)  # type: ignore[arg-type]

    def accept(self) -> None:
        if self.hub_url:
            self.prefs.hub_url = self.hub_url
            prefs.save(self.data_dir, self.prefs)
        super().accept()
        self.completed.emit(self.user)
