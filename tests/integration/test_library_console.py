"""The library's console rules: who may mark, rewrite, publish and send back; what is refused and
said; a case sent back returns to review once the specialist rewrites it."""

from __future__ import annotations

import httpx
import pytest

from hub import tables as t
from tests.integration.console_seed import (
    GOOD_ADVICE,
    ConsoleUser,
    add_case,
    add_coordinator,
    add_specialist,
    add_station,
    form_fields,
    hidden_fields,
)
from tests.support.server import RunningHub


@pytest.fixture
def people(hub: RunningHub) -> tuple[ConsoleUser, ConsoleUser, str]:
    add_specialist(hub.engine, "sana", "Dr Sana Mirza", "internal_medicine")
    add_coordinator(hub.engine)
    station = add_station(hub.engine, "st-jhok", "BHU Jhok")
    case = add_case(hub.engine, station, question="Cough and fever: pneumonia?")
    doctor, office = (ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=True, timeout=30))
                      for _ in range(2))
    doctor.login("sana")
    office.login("huma")
    return doctor, office, case.referral_id


def mark(user: ConsoleUser, referral_id: str, point: str) -> httpx.Response:
    page = user.open_referral(referral_id)
    return user.http.post(f"/referrals/{referral_id}/teaching",
                          data={"csrf_token": hidden_fields(page.text)["csrf_token"], "learning_point": point})


def test_only_an_answered_case_can_be_marked_once_by_a_specialist_with_a_learning_point(
        hub: RunningHub, people: tuple[ConsoleUser, ConsoleUser, str]) -> None:
    doctor, office, referral_id = people
    assert 'id="teaching-form"' not in doctor.open_referral(referral_id).text
    refused = mark(doctor, referral_id, "Crackles and fever: think pneumonia.")
    assert refused.status_code == 409 and "Only an answered referral" in refused.text
    doctor.answer(referral_id, **GOOD_ADVICE).raise_for_status()
    assert 'id="teaching-form"' in doctor.open_referral(referral_id).text
    assert 'id="teaching-form"' not in office.open_referral(referral_id).text  # coordinators review, not mark
    assert mark(office, referral_id, "A point.").status_code == 403
    empty = mark(doctor, referral_id, "   ")
    assert empty.status_code == 422 and "Write the learning point" in empty.text
    assert mark(doctor, referral_id, "x" * 5001).status_code == 422
    made = mark(doctor, referral_id, "Crackles and fever: think pneumonia.")
    assert "It now waits for a coordinator" in made.text
    again = mark(doctor, referral_id, "Once more.")
    assert again.status_code == 409 and "already a teaching case" in again.text
    with hub.engine.connect() as conn:
        assert conn.execute(t.teaching_cases.select()).all()[0].status == "review"
        actions = [r.action for r in conn.execute(t.audit_events.select().order_by(t.audit_events.c.id))]
    assert "library_marked" in actions


def test_a_case_sent_back_returns_to_review_after_the_rewrite_and_only_a_coordinator_publishes(
        hub: RunningHub, people: tuple[ConsoleUser, ConsoleUser, str]) -> None:
    doctor, office, referral_id = people
    doctor.answer(referral_id, **GOOD_ADVICE).raise_for_status()
    case_url = str(mark(doctor, referral_id, "Crackles and fever: think pneumonia.").url).split("?")[0]
    case_path = case_url.removeprefix(hub.base_url)
    token = hidden_fields(doctor.http.get(case_path).text)["csrf_token"]
    assert doctor.http.post(case_path + "/publish", data={"csrf_token": token}).status_code == 403

    page = office.http.get(case_path)
    no_note = office.http.post(case_path + "/return", data=form_fields(page.text, case_path + "/return"))
    assert no_note.status_code == 422 and "Write a note" in no_note.text
    sent = office.http.post(case_path + "/return", data={**form_fields(page.text, case_path + "/return"),
                                                         "note": "Say which antibiotic dose for a child."})
    assert "sent back" in sent.text

    form = doctor.http.get(case_path)
    assert "Say which antibiotic dose for a child." in form.text and 'id="edit-form"' in form.text
    fields = {name: "" for name in ("question", "clinical_notes", "assessment", "recommendations", "plan_change",
                                    "follow_up", "learning_point")}
    fields |= {"question": "Cough and fever: pneumonia?", "assessment": "Pneumonia.",
               "recommendations": "Amoxicillin 40 mg/kg twice a day for 5 days."}
    missing = doctor.http.post(case_path + "/edit", data={**form_fields(form.text, case_path + "/edit"), **fields})
    assert missing.status_code == 422 and "Learning point cannot be empty" in missing.text
    fields["learning_point"] = "Give amoxicillin 40 mg/kg twice a day for 5 days to a child with pneumonia."
    rewritten = doctor.http.post(case_path + "/edit", data={**form_fields(form.text, case_path + "/edit"), **fields})
    assert "passed the check" in rewritten.text

    page = office.http.get(case_path)
    office.http.post(case_path + "/publish", data=form_fields(page.text, case_path + "/publish")).raise_for_status()
    found = office.http.get("/library", params={"q": "40 mg/kg", "icd": "j18"}).text
    assert "Give amoxicillin 40 mg/kg" in found
    page = office.http.get(case_path)
    withdrawn = office.http.post(case_path + "/withdraw", data=form_fields(page.text, case_path + "/withdraw"))
    assert "withdrawn" in withdrawn.text
    assert "Give amoxicillin 40 mg/kg" not in office.http.get("/library").text


def test_a_specialty_the_station_typed_with_the_patients_name_holds_the_copy(hub: RunningHub) -> None:
    """The specialty is the station's own text when the hub does not list it: it travels in the
    copy to every station, so it is checked like the rest."""
    add_specialist(hub.engine, "sana", "Dr Sana Mirza", "internal_medicine")
    station = add_station(hub.engine, "st-jhok", "BHU Jhok")
    case = add_case(hub.engine, station, name="Rukhsana Bibi", specialty="Skin clinic for Rukhsana")
    doctor = ConsoleUser(httpx.Client(base_url=hub.base_url, follow_redirects=True, timeout=30))
    doctor.login("sana")
    doctor.answer(case.referral_id, **GOOD_ADVICE).raise_for_status()
    mark(doctor, case.referral_id, "Think of scabies in the whole family.").raise_for_status()
    with hub.engine.connect() as conn:
        [copy] = conn.execute(t.teaching_cases.select()).all()
    assert copy.status == "held" and '"field": "specialty"' in copy.findings and "Rukhsana" not in copy.findings
