"""The teaching library shares no patient identifier: canaries planted in every field of a case
(structured and free text, a photo's metadata, a message) appear nowhere in the library as the hub
serves it (console pages, the pull feed), in two stations' databases after sync, or in the hub's log.
A case whose free text names the patient is held for review, with the reason, until rewritten.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from hub import stations
from hub import tables as t
from hub.db import make_engine, migrate
from station import attachments, consent, consultations, library, patients, referrals
from station.store import Store
from sync.engine import EngineConfig, SyncEngine
from tests.integration.console_seed import (
    ConsoleUser,
    add_coordinator,
    add_specialist,
    form_fields,
    hidden_fields,
)
from tests.support import sync_station as clinic
from tests.support.hub_farm import hub_process
from tests.support.server import free_port

NAME, NAME_UR = "Zarghuna Qasimzai", "زرغونہ قاسم زئی"
FATHER, FATHER_UR = "Baktawar Khanzada", "بختاور خانزادہ"
CNIC, PHONE, VILLAGE = "35202-8765432-9", "03451239876", "Kot Dilbahar"
CAREGIVER = "Gulnaz Khanzada"
BORN = date.today() - timedelta(days=3 * 365 + 130)  # about 3 years 4 months old
# What must never appear: every name part, both scripts, the numbers in any grouping, the village.
CANARIES = ["zarghuna", "qasimzai", "زرغونہ", "قاسم", "baktawar", "khanzada", "بختاور", "خانزادہ",
            "8765432", "3520287654329", "1239876", "kot dilbahar", "dilbahar", "gulnaz",
            BORN.isoformat(), f"{BORN:%d/%m/%Y}"]


def leaks(text: str) -> list[str]:
    low = text.casefold()
    digits = re.sub(r"\D", "", text)
    return [c for c in CANARIES if c in low or (c.isdigit() and c in digits)]


def jpeg_with_exif(note: str) -> bytes:
    """A JPEG whose EXIF segment names the patient (as a phone camera's comment might)."""
    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body
    return (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(0xE1, b"Exif\x00\x00" + note.encode()) + segment(0xFE, note.encode())
            + segment(0xDB, bytes(65)) + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"PIXELS" * 50 + b"\xff\xd9")


def sync(store: Store) -> None:
    engine = SyncEngine(store, EngineConfig())
    try:
        report = engine.sync_once()
    finally:
        engine.close()
    assert report.ok, report.lines()


@pytest.fixture
def served_hub(tmp_path: Path) -> Iterator[tuple[str, object, Path]]:
    """`telehub serve` as deployed, its whole output (uvicorn's access log included) in a file."""
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    engine = make_engine(db_url)
    migrate(engine)
    port = free_port()
    log = tmp_path / "hub.log"
    with hub_process(db_url, port, log):
        yield f"http://127.0.0.1:{port}", engine, log
    engine.dispose()


def planted_case(store: Store) -> str:
    """A referral carrying the canaries in every field the station records."""
    patient = patients.register(store, {
        "name": NAME, "name_ur": NAME_UR, "father_name": FATHER, "father_name_ur": FATHER_UR, "relation": "father",
        "sex": "female", "date_of_birth": BORN.isoformat(), "cnic": CNIC, "phone": PHONE, "village": VILLAGE,
        "district": "Thatta"}, confirmed_new=True)
    encounter = consultations.start(
        store, patient.id, complaint=f"{NAME} has had watery stools for 3 days",
        history=f"Father {FATHER} says she drinks poorly; they live in {VILLAGE}.",
        examination=f"Sunken eyes, skin pinch goes back slowly. Zarghona cries without tears. Born {BORN:%d/%m/%Y}; "
                    f"{CAREGIVER.split()[0]} (mother) says so.",
        assessment="Some dehydration.", plan=f"ORS; call the father on {PHONE[:4]}-{PHONE[4:]} tomorrow.",
        diagnoses=[{"code": "A09.0"}], prescriptions=[])
    consultations.sign(store, encounter.id, encounter.version)
    photo = attachments.attach(store, patient.id, jpeg_with_exif(f"{NAME} {PHONE} {VILLAGE}"), "image/jpeg",
                               "zarghuna_qasimzai_eyes.jpg")
    referral = referrals.create(
        store, patient.id, "paediatrics", "urgent",
        f"Child of {FATHER_UR} (CNIC {CNIC}), zinc dose for a 3 year old with some dehydration?",
        encounter_id=encounter.id, attachments=[photo.sha256],
        consent=consent.clean("caregiver", CAREGIVER, "mother", True, "admin"))
    return referral.id


def test_no_identifier_leaves_in_the_library_and_a_named_patient_holds_the_case(
        served_hub: tuple[str, object, Path], tmp_path: Path) -> None:
    base_url, engine, log = served_hub
    with engine.begin() as conn:  # type: ignore[attr-defined]
        first = stations.create_station(conn, "BHU Jhok", "Thatta")
        second = stations.create_station(conn, "RHC Gharo", "Thatta")
    add_specialist(engine, "sana", "Dr Sana Mirza", "paediatrics")  # type: ignore[arg-type]
    add_coordinator(engine)  # type: ignore[arg-type]
    source = clinic.create_station(tmp_path / "a", base_url, first.code)
    reader = clinic.create_station(tmp_path / "b", base_url, second.code, clinic="RHC Gharo")
    try:
        referral_id = planted_case(source)
        sync(source)

        specialist = ConsoleUser(httpx.Client(base_url=base_url, follow_redirects=True, timeout=30))
        specialist.login("sana")
        specialist.answer(referral_id, assessment=f"Some dehydration in {NAME.split()[0]}.",
                          recommendations="ORS 75 ml/kg over 4 hours, then zinc 20 mg daily for 10 days.",
                          plan_changed="yes", plan_change="Zinc added.",
                          follow_up=f"Phone {PHONE} in 2 days").raise_for_status()
        specialist.send_message(referral_id, f"Please ask {FATHER.split()[0]} to bring her back on Monday.")
        page = specialist.open_referral(referral_id)
        sha = re.search(r'name="photo_([0-9a-f]{64})"', page.text)
        assert sha, "the answered referral offers its photo for the library"
        # The checks below can fail: the referral itself (not the library) shows who the patient is.
        assert {"zarghuna", "baktawar", "dilbahar"} <= set(leaks(page.text))
        raw_photo = specialist.http.get(f"/referrals/{referral_id}/attachments/{sha[1]}").content
        assert "1239876" in leaks(raw_photo.decode("latin-1"))
        marked = specialist.http.post(f"/referrals/{referral_id}/teaching", data={
            **form_fields(page.text, f"/referrals/{referral_id}/teaching"), "include_messages": "yes",
            f"photo_{sha[1]}": "yes",
            "learning_point": "Zarguna's case: sunken eyes and a slow skin pinch mean some dehydration (plan B)."})
        assert marked.status_code == 200 and "/library/cases/" in str(marked.url)
        case_url = str(marked.url).split("?")[0].removeprefix(base_url)
        assert "is held" in marked.text
        with engine.connect() as conn:  # type: ignore[attr-defined]
            row = conn.execute(select(t.teaching_cases)).one()
        assert row.status == "held"
        held = {(f["field"], f["kind"]) for f in json.loads(row.findings)}
        assert ("question", "names the patient's father or husband") in held
        assert ("question", "has the patient's CNIC") in held
        assert ("clinical_notes", "names the patient") in held  # "Zarghona": a misspelling is caught too
        assert ("clinical_notes", "names the patient's village") in held
        assert ("clinical_notes", "has the patient's phone number") in held
        assert ("clinical_notes", "has the patient's date of birth") in held
        assert ("clinical_notes", "names who consented for the patient") in held
        assert ("assessment", "names the patient") in held
        assert ("follow_up", "has the patient's phone number") in held
        assert ("learning_point", "names the patient") in held  # "Zarguna", another spelling
        assert ("message 1", "names the patient's father or husband") in held

        coordinator = ConsoleUser(httpx.Client(base_url=base_url, follow_redirects=True, timeout=30))
        coordinator.login("huma")
        review = coordinator.http.get("/library/review")
        assert "Held: identifiers found" in review.text and "names the patient" in review.text
        shown = coordinator.http.get(case_url)
        assert "■" in shown.text and 'id="publish"' not in shown.text
        assert leaks(review.text) == [] and leaks(shown.text) == []
        refused = coordinator.http.post(case_url + "/publish", data={"csrf_token": hidden_fields(shown.text)["csrf_token"]})
        assert refused.status_code == 409 and "identifiers" in refused.text
        # Sent back with a note, it stays blacked out for the coordinator until it is rewritten.
        returned = coordinator.http.post(case_url + "/return", data={
            **form_fields(shown.text, case_url + "/return"), "note": "Take the names and numbers out."})
        assert "Sent back for changes" in returned.text and "■" in returned.text
        assert leaks(returned.text) == [] and leaks(coordinator.http.get("/library/review").text) == []

        # The specialist rewrites the copy in their own words and leaves the messages out.
        form = specialist.http.get(case_url)
        rewritten = {
            "question": "Zinc dose for a 3 year old with some dehydration?",
            "clinical_notes": "Complaint: watery stools for 3 days.\nExamination: sunken eyes, slow skin pinch, "
                              "no tears.\nAssessment: some dehydration.\nPlan: ORS, review next day.",
            "assessment": "Some dehydration.", "recommendations": "ORS 75 ml/kg over 4 hours, then zinc 20 mg "
            "daily for 10 days.", "plan_change": "Zinc added.", "follow_up": "Review in 2 days.",
            "learning_point": "Sunken eyes and a slow skin pinch mean some dehydration: treat with plan B and zinc."}
        edited = specialist.http.post(case_url + "/edit", data={**form_fields(form.text, case_url + "/edit"), **rewritten})
        assert "passed the check" in edited.text

        shown = coordinator.http.get(case_url)
        published = coordinator.http.post(case_url + "/publish", data=form_fields(shown.text, case_url + "/publish"))
        assert "is in the library" in published.text

        # Everything the hub serves of the library.
        served = [coordinator.http.get(path).text for path in (
            "/library", "/library?q=dehydration", "/library?icd=A09", "/library?specialty=paediatrics",
            case_url, "/library/review")]
        served.append(specialist.http.get(case_url).text)
        photo = coordinator.http.get(f"{case_url}/photos/{sha[1]}")
        assert photo.status_code == 200 and b"PIXELS" in photo.content
        served.append(photo.content.decode("latin-1") + photo.headers.get("content-disposition", ""))
        assert "Sunken eyes and a slow skin pinch" in served[0]

        sync(source)
        sync(reader)  # a station that never referred anything reads the library too
        with engine.connect() as conn:  # type: ignore[attr-defined]
            feed_rows = conn.execute(select(t.outbound.c.payload).where(t.outbound.c.entity == "library_case")).scalars().all()
            audit_rows = conn.execute(select(t.audit_events.c.detail, t.audit_events.c.target)
                                      .where(t.audit_events.c.action.like("library_%"))).all()
        assert len(feed_rows) == 2
        served += feed_rows + [f"{r.detail} {r.target}" for r in audit_rows]

        copies = []
        for store in (source, reader):
            rows = store.conn.execute("SELECT * FROM library_cases").fetchall()
            assert len(rows) == 1
            copies.append(" ".join(str(v) for v in rows[0]))
            assert [c.id for c in library.search(store, "plan b zinc")] == [rows[0][0]]
        assert "some dehydration" in copies[0].casefold() and "Dr Sana Mirza" in copies[0]

        # The reading station never saw this patient: nothing anywhere in its database names them.
        for (table,) in reader.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            rows = reader.conn.execute(f'SELECT * FROM "{table}"').fetchall()
            copies.append(" ".join(str(v) for row in rows for v in row))
        hub_log = log.read_text(errors="replace")
        assert "GET /library" in hub_log, "the log file is the hub's (its access log)"
        found = {f"served #{n}": leaks(text) for n, text in enumerate(served)}
        found |= {f"station copy #{n}": leaks(text) for n, text in enumerate(copies)}
        found["hub log"] = leaks(hub_log)
        assert {where: what for where, what in found.items() if what} == {}
    finally:
        source.close()
        reader.close()
