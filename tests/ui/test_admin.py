"""Administration: adding users, an encrypted backup with its progress bar, restoring it, the logs."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from station import patients
from station.backup import read_manifest
from station.records import Patient, User
from station.store import Store
from sync.call.devices import Device, Devices
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ASLAM, ZAINAB, register
from tests.ui.conftest import HEALTH_WORKER, sign_in, wait_idle
from ui.errors import open_dialogs


def _admin(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app)
    app.window.show_page("admin")
    return app, app.window.pages["admin"]


def _run(qtbot, app, fn):
    box: dict = {}
    app.ops.submit(fn, lambda r: box.setdefault("r", r), lambda e: box.setdefault("e", e))
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    if "e" in box:
        raise box["e"]
    return box["r"]


def test_an_administrator_adds_a_health_worker_who_can_then_sign_in_with_a_pin(qtbot, make_app):
    app, page = _admin(qtbot, make_app)
    dialog = page.users.add_user()
    qtbot.keyClicks(dialog.username, "nasreen")
    qtbot.keyClicks(dialog.full_name, "Nasreen Akhtar")
    dialog.credential.setCurrentIndex(dialog.credential.findData("pin"))
    qtbot.keyClicks(dialog.secret, "739251")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submitted.emit()
    qtbot.waitUntil(lambda: page.users.table.rowCount() == 3, timeout=5000)
    names = {page.users.table.item(r, 0).text() for r in range(3)}
    assert names == {"admin", HEALTH_WORKER[0], "nasreen"}
    app.lock()
    wait_idle(qtbot, app)
    sign_in(qtbot, app, "nasreen", "739251")
    assert app.window.shell.user.text() == "Nasreen Akhtar"


@pytest.mark.parametrize("username,secret,says", [
    ("Nasreen!", "739251", "Username"),
    ("nasreen", "123456", "too easy to guess"),
    ("nasreen", "12ab", "at least 6 digits"),
])
def test_a_bad_new_account_is_refused_in_the_dialog(qtbot, make_app, username, secret, says):
    _app, page = _admin(qtbot, make_app)
    dialog = page.users.add_user()
    dialog.username.setText(username)
    dialog.credential.setCurrentIndex(dialog.credential.findData("pin"))
    dialog.secret.setText(secret)
    dialog.submitted.emit()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
    assert says in dialog.error.text()
    assert dialog.isVisible()


def test_a_backup_shows_its_progress_and_restores_everything_it_held(qtbot, make_app, tmp_path: Path):
    app, page = _admin(qtbot, make_app)
    _run(qtbot, app, lambda s: [register(s, ASLAM), register(s, ZAINAB)])
    target = tmp_path / "usb" / "jhok.tsbackup"
    tab = page.backup
    page.tabs.setCurrentWidget(tab)
    tab.start_backup(target)
    assert tab.bar.isVisible() and tab.cancel_button.isVisible()
    qtbot.waitUntil(lambda: "Backup saved" in tab.result.text(), timeout=20_000)
    assert tab.bar.value() == 1000 and target.exists()
    assert not tab.cancel_button.isVisible()
    manifest = read_manifest(target)
    assert manifest["clinic"] == "Basic Health Unit Jhok"
    # Encrypted: no patient's name anywhere in the file.
    with zipfile.ZipFile(target) as zf:
        db = zf.read("station.db")
    assert b"Aslam" not in db and b"SQLite format 3" not in db

    # A patient registered after the backup disappears when the backup is restored.
    _run(qtbot, app, lambda s: patients.register(s, {**ASLAM, "name": "Later Patient", "cnic": "",
                                                     "phone": ""}, confirmed_new=True))
    tab.restore(target, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: app.window.findChild(QMessageBox, "restoredNotice") is not None, timeout=20_000)
    wait_idle(qtbot, app)
    assert app.window.current_page() == "home"
    assert "restored" in app.window.findChild(QMessageBox, "restoredNotice").text()
    names = sorted(p.name for p in _run(qtbot, app, lambda s: s.find(Patient)))
    assert names == ["Muhammad Aslam", "Zainab Bibi"]
    kept = [p.name for p in (app.data_dir).iterdir() if "before-restore" in p.name]
    assert any(n.startswith("station.db.before-restore") for n in kept), kept


def test_a_restore_with_the_wrong_password_changes_nothing(qtbot, make_app, tmp_path: Path):
    app, page = _admin(qtbot, make_app)
    target = tmp_path / "b.tsbackup"
    page.backup.start_backup(target)
    qtbot.waitUntil(lambda: target.exists(), timeout=20_000)
    wait_idle(qtbot, app)
    page.backup.restore(target, "admin", "wrong password")
    mine = lambda: [d for d in open_dialogs() if shiboken6.isValid(d) and d.parent() is page.backup]  # noqa: E731
    qtbot.waitUntil(lambda: bool(mine()), timeout=10_000)
    box = mine()[0]
    assert "Wrong username or password" in box.text()
    box.close()
    assert app.ops.store is not None, "the station stays open"
    assert not [p for p in app.data_dir.iterdir() if "before-restore" in p.name]


def test_cancelling_a_backup_leaves_no_file(qtbot, make_app, tmp_path: Path):
    app, page = _admin(qtbot, make_app)
    tab = page.backup
    target = tmp_path / "never.tsbackup"
    page.tabs.setCurrentWidget(tab)
    busy = threading.Event()
    app.ops.submit(lambda _s: busy.wait(10))  # the worker is busy: the backup waits its turn
    tab.start_backup(target)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)  # pressed before it starts copying
    busy.set()
    qtbot.waitUntil(lambda: tab.cancel_button.isHidden(), timeout=20_000)
    assert "cancelled" in tab.result.text()
    assert not target.exists()
    assert not list(tmp_path.glob(".backup-*"))


def test_the_audit_log_is_shown_and_checked(qtbot, make_app):
    _app, page = _admin(qtbot, make_app)
    page.tabs.setCurrentWidget(page.audit)
    model = page.audit.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    actions = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert "Signed in" in actions
    qtbot.mouseClick(page.audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.audit.verdict.isVisible(), timeout=10_000)
    assert "intact" in page.audit.verdict.text()


def test_the_sync_log_lists_changes_waiting_for_the_hub(qtbot, make_app):
    app, page = _admin(qtbot, make_app)
    _run(qtbot, app, lambda s: register(s, ASLAM))
    page.tabs.setCurrentWidget(page.sync_log)
    qtbot.waitUntil(lambda: page.sync_log.table.rowCount() >= 1, timeout=5000)
    assert page.sync_log.table.item(0, 2).text() == "waiting"
    assert page.sync_log.summary.text().startswith("Waiting: 1 ")


def test_a_health_worker_sees_settings_and_the_sync_log_but_not_users_or_backups(qtbot, make_app):
    app = make_app()
    sign_in(qtbot, app, HEALTH_WORKER[0], HEALTH_WORKER[3])
    page = app.window.pages["admin"]
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["Settings", "Sync log"]
    assert not page.settings.enroll_button.isEnabled()
    # The devices a call uses are the administrator's choice: shown, not changeable.
    page.settings.show_devices(Devices(cameras=[Device("/dev/video0", "Integrated Webcam")],
                                       microphones=[Device("default", "System default microphone")],
                                       speakers=[Device("default", "System default speaker"),
                                                 Device("USB Audio: - (hw:1,0) [ALSA]", "USB Audio")]))
    for combo in (page.settings.camera, page.settings.microphone, page.settings.speaker):
        assert combo.count() >= 1 and not combo.isEnabled()
    assert not page.settings.look_again.isEnabled()
    assert "speaker" in page.findChild(QLabel, "adminOnlyNote").text()
    users = _run(qtbot, app, lambda s: [u.username for u in s.find(User)])
    assert HEALTH_WORKER[0] in users


def test_switching_language_in_settings_redraws_the_app_in_urdu(qtbot, make_app):
    app, page = _admin(qtbot, make_app)
    page.tabs.setCurrentWidget(page.settings)
    combo = page.settings.language
    combo.setCurrentIndex(combo.findData("ur"))
    combo.activated.emit(combo.currentIndex())
    wait_idle(qtbot, app)
    window = app.window
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.shell.lock_button.text() == "مقفل کریں"
    assert not window.locked
    with Store.open(app.data_dir, "admin", ADMIN_PASSWORD) as store:
        assert store.user.username == "admin"
    assert (app.data_dir / "preferences.json").read_text("utf-8").count('"ur"') == 1
