"""A health worker's whole day in English: sign in, register, consult, refer, advice back through the hub."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui import day_steps as steps
from tests.ui.conftest import HEALTH_WORKER, sign_in

PATIENT = {"name": "Muhammad Aslam", "name_ur": "محمد اسلم", "father_name": "Ghulam Rasool", "sex": "male",
           "estimated_age_years": "54", "village": "Jhok Sharif", "district": "Thatta",
           "phone": "03001234567"}
QUESTION = "Fever, fast breathing and SpO2 89% despite amoxicillin for 3 days: treat here or transfer?"


def test_a_referral_made_at_the_station_is_answered_by_the_specialist_and_read(qtbot, make_app, tmp_path,
                                                                                  artifacts):
    with steps.hub_for_the_day(tmp_path) as hub:
        app = make_app("en")
        day = steps.Day(app, hub, qtbot, artifacts, "en")
        assert app.window.layoutDirection() == Qt.LayoutDirection.LeftToRight

        sign_in(qtbot, app)                       # the administrator connects the station once
        steps.enroll_in_settings(day)
        app.lock()
        day.settle()

        username, _name, _role, pin = HEALTH_WORKER
        sign_in(qtbot, app, username, pin)        # the health worker's day starts
        assert app.window.current_page() == "home"
        patient = steps.register_patient(day, PATIENT)
        assert patient.name_ur == "محمد اسلم"
        refusal = steps.consult(day, "Cough and fever for 5 days, breathless since last night",
                                "Pneumonia, very unwell")
        assert "°F" in refusal
        referral = steps.refer(day, QUESTION)
        steps.referral_reaches_the_hub(day, referral)
        steps.specialist_answers(day, referral)
        steps.advice_arrives_and_is_acknowledged(day, referral)
        steps.idle_lock_and_unlock(day, username, pin)
