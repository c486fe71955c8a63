"""Help -> Check this station shows the same report as `telestation selfcheck`, without freezing the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from station.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.support import server
from tests.ui.conftest import sign_in
from ui.selfcheck_dialog import SelfCheckDialog


def _run_check(qtbot, app) -> SelfCheckDialog:
    window = app.window
    with qtbot.waitSignal(window.selfcheck_requested, timeout=2000):
        window.selfcheck_action.trigger()
    dialog = window.findChild(SelfCheckDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    return dialog


def _status(dialog: SelfCheckDialog, name: str) -> str:
    assert dialog.report is not None
    found = [c for c in dialog.report.checks if c.name == name]
    assert found, f"no {name!r} check in {dialog.report.text()}"
    return found[0].status


def test_a_signed_in_admin_checks_the_station_from_the_help_menu(qtbot, make_app, station_dir: Path, tmp_path: Path):
    with server.run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        code = hub.new_station().code
        store = Store.open(station_dir, "admin", ADMIN_PASSWORD)
        from sync import identity
        from sync.client import enroll

        ident = identity.prepare(store, hub.base_url)
        identity.record_enrollment(store, enroll(ident.hub_url, code, ident.public_key).station_id)
        store.close()

        app = make_app()
        sign_in(qtbot, app)
        dialog = _run_check(qtbot, app)
        for name in ("Data folder", "Key file", "Database key", "Database integrity", "Reference lists",
                     "Urdu fonts", "Urdu translation", "Hub", "Clock"):
            assert _status(dialog, name) == "ok", dialog.report.text()
        assert dialog.text.toPlainText() == dialog.report.text()
        assert dialog.status.text() == "Everything needed works."

        dialog.copy_button.click()
        assert QGuiApplication.clipboard().text() == dialog.report.text()
        assert dialog.copy_button.text() == "Copied"

        # Checking again reuses the same dialog and runs every check anew.
        dialog.accept()
        again = _run_check(qtbot, app)
        assert again is dialog and _status(again, "Database integrity") == "ok"


def test_on_the_sign_in_page_the_database_and_hub_wait_for_a_sign_in(qtbot, make_app):
    app = make_app(with_network=False)
    dialog = _run_check(qtbot, app)
    assert _status(dialog, "Database") == "ok"  # present and encrypted
    assert _status(dialog, "Database key and integrity") == "skipped"
    assert "sign in" in dialog.report.text()
    assert _status(dialog, "Urdu fonts") == "ok"
    assert dialog.report.ok and dialog.again_button.isEnabled()


def test_problems_and_notes_are_said_in_urdu_above_the_report_for_support(qtbot, make_app, station_dir: Path,
                                                                          artifacts: Path):
    from station.store import Store
    from tests.conftest import ADMIN_PASSWORD

    with Store.open(station_dir, "admin", ADMIN_PASSWORD) as store:
        store.slots.data["recovery"] = None  # an old station set up before recovery keys: a note, not a problem
        store.slots.save()
    app = make_app("ur", with_network=False)
    dialog = _run_check(qtbot, app)
    assert _status(dialog, "Key file") == "warning"
    assert dialog.what_to_do.isVisible()
    said = dialog.what_to_do.text()
    assert "چابیوں کی فائل" in said and "ریکوری کی مقرر نہیں" in said and "2 اکاؤنٹ" in said
    assert "recovery" not in said
    # The report itself stays in English for whoever supports the station.
    assert "NOTE         Key file: 2 accounts can sign in, but no recovery key is set" in dialog.report.text()
    assert dialog.text.toPlainText() == dialog.report.text()
    dialog.grab().save(str(artifacts / "selfcheck_ur.png"))
