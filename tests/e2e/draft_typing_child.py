"""The station app in a real window, typing a consultation until it is killed (test_draft_sigkill.py).

Run as `python -m tests.e2e.draft_typing_child DATA_DIR PATIENT_ID PASSWORD` with a DISPLAY. It signs
in through the sign-in page, opens a new consultation and types one letter every 100 ms into the
complaint, printing "typed N" after each, until the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from station.keyslots import KdfParams
from ui.app import StationApp, create_qapp

TEXT = "Fever and cough for five days, worse at night, no appetite, mother gave paracetamol twice. " * 3


def main() -> None:
    data_dir, patient_id, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    qapp = create_qapp([sys.argv[0]])
    app = StationApp(data_dir, qapp, with_network=False)
    app.kdf = KdfParams(memory_kib=1024, iterations=1, lanes=1)
    app.start()
    window = app.window
    assert window is not None
    login = window.login
    login.username.setText("admin")
    QTest.keyClicks(login.password, password)
    QTest.mouseClick(login.button, Qt.MouseButton.LeftButton)
    typed = 0

    def opened() -> None:
        if window.locked or not app.ops.is_open:
            QTimer.singleShot(50, opened)
            return
        window.show_page("consultation", patient_id)
        QTimer.singleShot(50, ready)

    def ready() -> None:
        page = window.pages["consultation"].page
        if page.loaded is None:
            QTimer.singleShot(50, ready)
            return
        print("ready", flush=True)
        page.notes["complaint"].setFocus()
        timer = QTimer(window)
        timer.setInterval(100)
        timer.timeout.connect(lambda: type_one(page))
        timer.start()

    def type_one(page: object) -> None:
        nonlocal typed
        QTest.keyClicks(page.notes["complaint"], TEXT[typed % len(TEXT)])  # type: ignore[attr-defined]
        typed += 1
        print(f"typed {typed}", flush=True)

    QTimer.singleShot(50, opened)
    qapp.exec()


if __name__ == "__main__":
    main()
