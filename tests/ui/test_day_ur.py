"""The same day in Urdu: every screen right-to-left, Urdu typed into the forms, the hub answers."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.ui import day_steps as steps
from tests.ui.conftest import HEALTH_WORKER, sign_in

PATIENT = {"name": "Sughra Bibi", "name_ur": "صغریٰ بی بی", "father_name": "Allah Ditta",
           "father_name_ur": "اللہ دتہ", "sex": "female", "estimated_age_years": "61", "village": "Gharo",
           "district": "Thatta"}
QUESTION = "تین دن سے بخار، سانس تیز اور آکسیجن 89 فیصد۔ یہاں علاج کریں یا ہسپتال بھیجیں؟"


def _left_edge(widget) -> int:
    return widget.mapTo(widget.window(), QPoint(0, 0)).x()


def test_a_day_in_urdu_runs_right_to_left_from_sign_in_to_the_specialists_answer(qtbot, make_app, tmp_path,
                                                                                    artifacts):
    with steps.hub_for_the_day(tmp_path) as hub:
        app = make_app("ur")
        day = steps.Day(app, hub, qtbot, artifacts, "ur")
        window = app.window
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.login.button.text() == "سائن اِن"

        sign_in(qtbot, app)
        # The navigation sits on the right, the pages to its left.
        assert _left_edge(window.shell.nav) > _left_edge(window.shell.stack)
        assert window.shell.lock_button.text() == "مقفل کریں"
        steps.enroll_in_settings(day)
        app.lock()
        day.settle()

        username, _name, _role, pin = HEALTH_WORKER
        sign_in(qtbot, app, username, pin)
        assert window.pages["home"].new_patient.text() == "مریض کا اندراج کریں"
        patient = steps.register_patient(day, PATIENT)
        assert (patient.name_ur, patient.father_name_ur) == ("صغریٰ بی بی", "اللہ دتہ")
        refusal = steps.consult(day, "پانچ دن سے کھانسی اور بخار، رات سے سانس پھول رہا ہے", "نمونیا، بہت بیمار")
        assert "°C" in refusal and any("\u0600" <= ch <= "\u06ff" for ch in refusal), refusal
        referral = steps.refer(day, QUESTION)
        assert referral.question == QUESTION
        steps.referral_reaches_the_hub(day, referral)
        steps.specialist_answers(day, referral)
        steps.advice_arrives_and_is_acknowledged(day, referral)
        steps.idle_lock_and_unlock(day, username, pin)
        assert window.login.title.text() != "Sign in"
