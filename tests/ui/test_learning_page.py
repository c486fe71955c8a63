"""Home → Learning: the teaching library a sync brought, listed and searched with the hub stopped,
in English and Urdu (right-to-left), drawn at 1366x768 and checked for missing glyphs and clipping.
The advice and learning point stay in the specialist's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hub import tables as t
from hub.console.answer import AdviceForm, save_advice
from hub.console.auth import Specialist
from hub.library import cases
from station import library
from station.store import Store
from sync import identity
from sync.client import enroll
from sync.engine import EngineConfig, SyncEngine
from tests.conftest import ADMIN_PASSWORD
from tests.integration.console_seed import add_case, add_coordinator, add_specialist, add_station
from tests.support.server import run_hub
from tests.ui.conftest import commit_text, sign_in, type_text, wait_idle
from tests.ui.test_screenshots import Camera

URDU_POINT = "اسہال والے بچے کو او آر ایس کے ساتھ دس دن زنک دیں۔"


def _publish(engine, station_id: str, specialty: str, dx: tuple[str, str], question: str, point: str) -> None:
    specialist = Specialist(add_specialist(engine, f"dr{len(point)}", "Dr Sana Mirza", specialty), f"dr{len(point)}",
                            "Dr Sana Mirza", specialty)
    case = add_case(engine, station_id, specialty=specialty, diagnoses=[dx], question=question,
                    date_of_birth="2022-01-10", status="received")
    with engine.begin() as conn:
        save_advice(conn, case.referral_id, specialist, AdviceForm(
            assessment="Some dehydration." if dx[0] == "A09.0" else "Community-acquired pneumonia.",
            recommendations="ORS 75 ml/kg over 4 hours, then zinc 20 mg daily for 10 days." if dx[0] == "A09.0"
            else "Amoxicillin 250 mg three times a day for 5 days; review in 2 days.", plan_changed="yes",
            plan_change="Zinc added." if dx[0] == "A09.0" else "Antibiotic started."))
        case_id, found = cases.mark(conn, case.referral_id, specialist, point, False, [], t.utcnow())
        assert found == 0
        cases.publish(conn, case_id, Specialist("c", "huma", "Huma", "", "coordinator"), t.utcnow())


@pytest.fixture
def synced_library(station_dir: Path, tmp_path: Path) -> Path:
    """Two published cases brought to the station by a real sync; then the hub is stopped."""
    with run_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}") as hub:
        add_coordinator(hub.engine)
        other = add_station(hub.engine, "st-gharo", "RHC Gharo")
        _publish(hub.engine, other, "paediatrics", ("A09.0", "Diarrhoea and gastroenteritis"),
                 "Watery stools for 3 days in a toddler: zinc dose?", URDU_POINT)
        _publish(hub.engine, other, "general medicine", ("J18.9", "Pneumonia, unspecified organism"),
                 "Fever and cough with crackles: treat here?",
                 "Fast breathing with crackles in a child is pneumonia until shown otherwise: start amoxicillin.")
        new = hub.new_station("Basic Health Unit Jhok", "Thatta")
        with Store.open(station_dir, "admin", ADMIN_PASSWORD) as store:
            ident = identity.prepare(store, hub.base_url)
            identity.record_enrollment(store, enroll(ident.hub_url, new.code, ident.public_key).station_id)
            engine = SyncEngine(store, EngineConfig())
            try:
                assert engine.sync_once().ok
            finally:
                engine.close()
            assert library.count(store) == 2
    return station_dir  # the hub is stopped from here on


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_learning_page_lists_and_searches_the_library_offline(qtbot, make_app, synced_library, artifacts,
                                                                  language):
    app = make_app(language)
    window = app.window
    window.resize(1366, 768)
    camera = Camera(qtbot, app, artifacts, language)
    sign_in(qtbot, app)

    home = window.pages["home"]
    assert home.learning.isVisible()
    camera.take(window, "1366_home_with_learning")
    qtbot.mouseClick(home.learning, Qt.MouseButton.LeftButton)
    page = window.pages["learning"]
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=10_000)
    assert window.current_page() == "learning"
    camera.take(window, "1366_learning")

    type_text(page.search, "zinc")
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    shown = " ".join(label.text() for label in page.detail.findChildren(type(page.count)))
    assert URDU_POINT in shown  # the learning point in the specialist's own words
    assert "ORS 75 ml/kg over 4 hours" in shown
    camera.take(window, "1366_learning_search")

    page.search.clear()
    type_text(page.search, "J18")
    qtbot.waitUntil(lambda: page.list.count() == 1 and "amoxicillin" in page.list.item(0).text(), timeout=10_000)
    page.search.clear()
    commit_text(page.search, "زنک")  # typed in Urdu, found in the Urdu learning point
    qtbot.waitUntil(lambda: page.list.count() == 1 and "زنک" in page.list.item(0).text(), timeout=10_000)
    page.search.clear()
    type_text(page.search, "malaria")
    qtbot.waitUntil(lambda: page.list.count() == 0, timeout=10_000)
    wait_idle(qtbot, app)
    assert "0" in page.count.text() or "۰" in page.count.text()
    if language == "ur":
        assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert "تلاش" in page.count.text() or "کیس" in page.count.text()
    assert not camera.problems, "\n".join(camera.problems)
