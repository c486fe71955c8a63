"""The screens changed for the audit log, registration and the overall clinical action, drawn at
1366x768 (the common clinic laptop) in English and Urdu, saved to tests/artifacts/ and checked
for empty boxes (missing glyphs), clipped text and, in Urdu, right-to-left layout."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate

from station import demo
from station.store import Store
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ASLAM, register
from tests.ui.conftest import sign_in, wait_idle
from tests.ui.test_screenshots import Camera, _real


def _scene(folder) -> dict[str, str]:
    with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
        demo.fill(store, 30, 60, seed=8)
        aslam = register(store, ASLAM)
        born = (date.today() - timedelta(days=430)).isoformat()
        child = register(store, {**ASLAM, "name": "Zainab", "name_ur": "زینب", "sex": "female", "cnic": "",
                                 "phone": "", "estimated_age_years": "", "date_of_birth": born, "relation": "father"})
        return {"aslam": aslam.id, "child": child.id}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_changed_screens_fit_a_clinic_laptop_in_english_and_urdu(qtbot, make_app, station_dir, artifacts,
                                                                     language):
    ids = _scene(station_dir)
    app = make_app(language)
    window = app.window
    window.resize(1366, 768)
    camera = Camera(qtbot, app, artifacts, language)
    sign_in(qtbot, app)

    window.show_page("admin")
    admin = window.pages["admin"]
    admin.tabs.setCurrentWidget(admin.audit)
    wait_idle(qtbot, app)
    assert admin.audit.model.rowCount() > 0
    camera.take(window, "1366_audit")
    admin.audit.patient_filter.setText("1")
    admin.audit.reload()
    camera.take(window, "1366_audit_patient")

    window.show_page("register", "")
    register_page = _real(window.pages["register"])
    register_page.relation.buttons["husband"].setChecked(True)
    register_page.edits["village"].setText("0300 1234567")
    register_page.edits["village"].editingFinished.emit()
    camera.take(window, "1366_register")
    register_page.date_picker.open()
    register_page.date_picker.calendar.setSelectedDate(QDate(2019, 3, 25))
    qtbot.wait(100)
    assert register_page.date_picker.grab().save(str(artifacts / f"screen_1366_register_calendar_{language}.png"))
    register_page.date_picker.close()
    register_page.clear()

    window.show_page("consultation", ids["child"])
    page = _real(window.pages["consultation"])
    wait_idle(qtbot, app)
    page.vitals.cough.setChecked(True)
    page.vitals.indrawing.setChecked(True)
    page.vitals.edits["respiratory_rate"].setText("52")
    page.vitals.edits["muac"].setText("11.2")
    page.vitals.edits["weight"].setText("8.1")
    page.vitals.edits["height"].setText("74")
    page.vitals.check()
    assert page.vitals.overall_banner.isVisible()
    page.scroll.ensureWidgetVisible(page.vitals.overall_banner)
    camera.take(window, "1366_consultation_overall")
    assert not camera.problems, "\n".join(camera.problems)
