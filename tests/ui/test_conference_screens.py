"""A case on a conference's agenda, then its outcome, as the health worker sees them: Home and the
referral, at 1366x768 in English and Urdu (saved to tests/artifacts/ and checked for missing glyphs,
clipped text and right-to-left layout)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station import referrals
from station.conferences import AgendaNotice
from station.records import Advice
from station.store import Store
from sync.wire.ids import uuid7
from tests.conftest import ADMIN_PASSWORD
from tests.ui.clinic_support import ZAINAB, referred, register
from tests.ui.conftest import sign_in, wait_idle
from tests.ui.test_screenshots import Camera, _real

TITLE = "Paediatric tumour board"


def _scene(folder) -> dict[str, str]:
    with Store.open(folder, "admin", ADMIN_PASSWORD) as store:
        child = register(store, ZAINAB)
        on_agenda = referred(store, child)
        discussed = referred(store, child)
        referrals.advance(store, on_agenda.id, "sent")
        referrals.advance(store, discussed.id, "sent")
        starts = (datetime.now(UTC) + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
        for referral, status in ((on_agenda, "scheduled"), (discussed, "discussed")):
            store.put_remote(AgendaNotice(
                id=uuid7(), station_id="hub", created_at="2026-12-07T10:00:00.000Z", updated_at=store.clock.now(),
                version=1, referral_id=referral.id, patient_id=child.id, conference_id=uuid7(), title=TITLE,
                starts_at=starts.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                time_zone="Asia/Karachi", status=status))
        referrals.receive_advice(store, Advice(
            id=uuid7(), station_id="hub", created_at="2026-12-07T11:00:00.000Z", updated_at=store.clock.now(),
            version=1, referral_id=discussed.id, patient_id=child.id, specialist_name="Dr Farah Zaidi",
            specialty="pulmonology", assessment=f"Discussed at the case conference \"{TITLE}\".",
            recommendations="MRI of the head first, then start treatment.", plan_changed=True,
            plan_change="MRI before any treatment.", follow_up=None,
            contributors=["Dr Farah Zaidi", "Dr Imran Ali"], conference_title=TITLE))
        return {"agenda": on_agenda.id, "discussed": discussed.id, "starts": starts.isoformat()}


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_agenda_notice_and_the_conference_advice_read_whole_in_english_and_urdu(
        qtbot, make_app, station_dir, artifacts, language):
    ids = _scene(station_dir)
    app = make_app(language)
    window = app.window
    window.resize(1366, 768)
    camera = Camera(qtbot, app, artifacts, language)
    sign_in(qtbot, app)

    window.show_page("home")
    home = _real(window.pages["home"])
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: home.agenda.rowCount() == 1, timeout=5000)
    when = home.agenda.item(0, 0).text()
    local = datetime.fromisoformat(ids["starts"]).astimezone(AgendaNotice().zone())
    assert local.strftime("%H:%M") in when and home.agenda.item(0, 1).text().strip("\u2068\u2069") == TITLE
    assert ("Pakistan time" if language == "en" else "پاکستانی وقت") in when
    camera.take(window, "1366_home_conference")

    window.show_page("referral", ids["agenda"])
    page = _real(window.pages["referral"])
    qtbot.waitUntil(lambda: page.agenda_notice.isVisible(), timeout=5000)
    expected = "is on the agenda of the case conference" if language == "en" else "کے ایجنڈے پر ہے"
    assert expected in page.agenda_notice.text() and local.strftime("%H:%M") in page.agenda_notice.text()
    camera.take(window, "1366_referral_on_agenda")

    window.show_page("referral", ids["discussed"])
    qtbot.waitUntil(lambda: "Imran" in page.advice_body.text(), timeout=5000)
    present = "Specialists present:" if language == "en" else "موجود ماہرین:"
    assert present in page.advice_body.text() and "Dr Farah Zaidi" in page.advice_body.text()
    camera.take(window, "1366_referral_conference_advice")
    assert camera.problems == []
