"""A whole clinic session leaves log files that carry ids, counts and actions, never a patient's details.

The patients have "canary" names, CNICs, phone numbers and villages that occur nowhere else; after
a realistic day (set-up, a register imported with mistakes, registrations, consultations, a
referral with a photo, sync both ways, the specialist's advice, a hub that goes away, wrong
passwords, bad input in the app) no log file of the station may contain any of them.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from station import attachments, consultations, logs, patients, referrals
from station.logs import WITHHELD, PrivateFormatter
from station.store import Store
from tests.conftest import ADMIN_PASSWORD, FAST_KDF
from tests.support.server import free_port
from tests.ui.conftest import sign_in
from ui.app import StationApp, create_qapp
from ui.errors import open_dialogs

ROOT = Path(__file__).resolve().parents[2]

# Each canary is unique to this test: finding one in a log means patient data leaked into it.
CANARY_PATIENTS = [
    {"name": "Qandeel Kanaryzada", "name_ur": "قندیل کناری زادہ", "father_name": "Tahir Kanaryzada",
     "father_name_ur": "طاہر کناری زادہ", "sex": "female", "age": "27", "cnic": "35202-7391846-2",
     "phone": "0321-7391846", "village": "Kanarypur", "district": "Thatta"},
    {"name": "Yusra Tittlebaum", "name_ur": "یسریٰ ٹٹل باؤم", "father_name": "Shamoon Tittlebaum",
     "father_name_ur": "", "sex": "female", "age": "3", "cnic": "", "phone": "03335820417",
     "village": "Goth Pipitwala", "district": "Thatta"},
    {"name": "Zarrar Quailstone", "name_ur": "", "father_name": "Mehboob Quailstone", "father_name_ur": "",
     "sex": "male", "age": "61", "cnic": "42101-5820417-9", "phone": "", "village": "Kanarypur",
     "district": "Thatta"},
]
APP_PATIENT = {"name": "Nargis Wrenfeather", "name_ur": "نرگس رین فیدر", "father_name": "Altaf Wrenfeather",
               "sex": "female", "estimated_age_years": "34", "village": "Chak Starlingabad", "district": "Thatta",
               "phone": "0345-9162738", "cnic": "41303-9162738-4"}
COMPLAINT = "Nargis Wrenfeather says her cough started after the Starlingabad wedding"
ADVICE = "Mrs Wrenfeather of Chak Starlingabad needs a chest X-ray"


def canaries() -> list[str]:
    """Every name, number and place of the canary patients, in each way it might be written."""
    words: set[str] = set()
    for patient in [*CANARY_PATIENTS, APP_PATIENT]:
        for key in ("name", "name_ur", "father_name", "father_name_ur", "village"):
            value = patient.get(key) or ""
            words |= {part for part in value.split() if len(part) >= 6}
        for key in ("cnic", "phone"):
            value = patient.get(key) or ""
            if value:
                words |= {value, value.replace("-", "")}
    words |= {"Starlingabad", "Wrenfeather", "wedding"}
    return sorted(words)


def telestation(*args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "ui.main", *args], capture_output=True, text=True, env=env,
                            timeout=180)
    if check is not None:
        assert result.returncode == check, f"telestation {args[0]}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def telehub(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "hub.cli", *args], check=True, capture_output=True, text=True,
                          env=env, timeout=120).stdout


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A hub in its own process (its logs are its own, not the station's)."""
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    port = free_port()
    log = (tmp_path / "hub.out").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "hub.cli", "serve", "--db", db, "--port", str(port),
                             "--insecure-cookies"], stdout=log, stderr=log,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url + "/api/v1/health", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "hub.out").read_text()
        time.sleep(0.2)
    running = {"url": url, "db": db, "proc": proc}
    try:
        yield running
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=20)
        log.close()


def write_register(path: Path) -> None:
    rows = ["mrn,name,name_ur,father_name,father_name_ur,sex,date_of_birth,age,cnic,phone,village,district"]
    for p in CANARY_PATIENTS:
        rows.append(",".join(["", p["name"], p["name_ur"], p["father_name"], p["father_name_ur"], p["sex"], "",
                              p["age"], p["cnic"], p["phone"], p["village"], p["district"]]))
    # A row with mistakes that name the patient's own details (a CNIC too short, a phone with letters).
    rows.append(",Qandeel Kanaryzada,,Tahir Kanaryzada,,woman,,27,35202-739184,0321-KANARY,Kanarypur,Thatta")
    path.write_text("\n".join(rows) + "\n", "utf-8")


def app_session(qtbot: Any, data_dir: Path) -> None:
    """The desktop app: sign in, register, consult, refer with a photo, make mistakes, sync, check, lock."""
    app = StationApp(data_dir, create_qapp())
    app.kdf = FAST_KDF
    app.start()
    try:
        sign_in(qtbot, app)
        box: dict[str, Any] = {}

        def day(store: Store) -> str:
            patient = patients.register(store, APP_PATIENT, confirmed_new=True)
            encounter = consultations.start(store, patient.id, complaint=COMPLAINT,
                                            history="Wrenfeather family: two others coughing",
                                            assessment="Chest infection")
            consultations.record_vitals(store, patient.id, {"heart_rate": 112, "temperature": 38.6, "spo2": 91,
                                                            "respiratory_rate": 26},
                                        encounter_id=encounter.id, consciousness="alert")
            encounter = consultations.sign(store, encounter.id, encounter.version)
            picture = attachments.attach(store, patient.id, b"\xff\xd8\xff" + os.urandom(30_000), "image/jpeg",
                                         "Wrenfeather chest.jpg")
            referral = referrals.create(store, patient.id, "pulmonology", "urgent",
                                        "Nargis Wrenfeather (0345-9162738): low oxygen despite amoxicillin",
                                        encounter_id=encounter.id, attachments=[picture.sha256])
            return referral.id

        app.ops.submit(day, lambda rid: box.setdefault("referral", rid), lambda e: box.setdefault("error", e))
        qtbot.waitUntil(lambda: bool(box), timeout=20_000)
        assert "error" not in box, box.get("error")

        # Mistakes a person makes, each carrying patient details into the error: shown, never logged.
        mistakes = [
            lambda s: patients.register(s, {**APP_PATIENT, "cnic": "41303-916273"}, confirmed_new=True),
            lambda s: patients.register(s, {**APP_PATIENT, "phone": "0345-WREN"}, confirmed_new=True),
            lambda s: patients.register(s, APP_PATIENT),  # the same patient again, not confirmed as new
            lambda s: consultations.record_vitals(s, patients.find(s, "Wrenfeather")[0].id,
                                                  {"heart_rate": "Wrenfeather"}),
            lambda s: referrals.create(s, patients.find(s, "Wrenfeather")[0].id, "Starlingabad clinic", "urgent",
                                       "Nargis Wrenfeather"),
            # A fault of the program whose message quotes a patient's name (logged with its traceback).
            lambda s: int(patients.find(s, APP_PATIENT["father_name"].split()[-1])[0].name),
        ]
        for mistake in mistakes:
            app.ops.submit(mistake)
        assert app.ops.wait_idle(20)
        qtbot.waitUntil(lambda: app.ops._pending == 0, timeout=20_000)
        assert open_dialogs(), "the mistakes were shown to the person"
        for dialog in open_dialogs():
            dialog.close()

        app.sync_now()
        outbox: dict[str, int] = {}

        def waiting(store: Store) -> int:
            return store.conn.execute("SELECT count(*) FROM outbox WHERE state != 'acked'").fetchone()[0]

        def poll() -> bool:
            app.ops.submit(waiting, lambda n: outbox.__setitem__("n", n))
            return outbox.get("n") == 0

        qtbot.waitUntil(poll, timeout=60_000)
        app.check_station()
        from ui.selfcheck_dialog import SelfCheckDialog

        dialog = app.window.findChild(SelfCheckDialog)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
        app.lock()
    finally:
        app.shutdown()
        if app.window is not None:
            app.window.close()


def publish_replies(db_url: str, hub_station: str, referral_id: str, patient_id: str) -> None:
    """The specialist answers, naming the patient (as people do in free text)."""
    from hub import feed
    from hub.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            feed.publish(conn, hub_station, "advice", {
                "referral_id": referral_id, "patient_id": patient_id, "specialist_name": "Dr Farah Khan",
                "specialty": "pulmonology", "assessment": ADVICE, "recommendations": ADVICE,
                "plan_changed": True, "plan_change": "Amoxicillin-clavulanate for Nargis Wrenfeather",
                "follow_up": "Call 0345-9162738 in two days"})
            feed.publish(conn, hub_station, "message", {"referral_id": referral_id, "author_name": "Dr Farah Khan",
                                                       "author_role": "specialist", "body": ADVICE})
    finally:
        engine.dispose()


def test_a_whole_day_leaves_no_patient_detail_in_any_log_file(qtbot, hub: dict[str, Any], tmp_path: Path) -> None:
    data = tmp_path / "station"
    pw = tmp_path / "admin.pw"
    pw.write_text(ADMIN_PASSWORD + "\n")
    wrong = tmp_path / "wrong.pw"
    wrong.write_text("Kanaryzada 0321-7391846\n")  # someone types a patient's details as the password
    register_csv = tmp_path / "register.csv"
    write_register(register_csv)
    me = ["--data-dir", str(data), "--as", "admin", "--password-file", str(pw)]

    telestation("init", "--data-dir", str(data), "--clinic", "BHU Jhok", "--district", "Thatta",
                "--admin", "admin", "--password-file", str(pw), "--recovery-key-file", str(tmp_path / "recovery.txt"))
    refused = telestation("import-patients", *me, "--csv", str(register_csv), check=2)
    assert "Kanaryzada" in refused.stdout or "line" in refused.stdout, "the bad row is named to the person"
    telestation("import-patients", *me, "--csv", str(register_csv), "--skip-invalid")
    found = telestation("search", *me, "Kanaryzada")
    assert "Qandeel Kanaryzada" in found.stdout
    telestation("search", "--data-dir", str(data), "--as", "admin", "--password-file", str(wrong),
                "Tittlebaum", check=4)

    new = json.loads(telehub("station", "add", "--db", hub["db"], "--name", "BHU Jhok", "--district", "Thatta",
                             "--json"))
    telestation("enroll", *me, "--hub", hub["url"], "--code", "WRONGCDE", check=None)
    telestation("enroll", *me, "--hub", hub["url"], "--code", new["code"])
    telestation("sync", *me, "--once")

    logs.setup(data)  # as ui.app.run does for the desktop app
    try:
        app_session(qtbot, data)
    finally:
        _detach_log_handlers(data)

    with Store.open(data, "admin", ADMIN_PASSWORD) as store:
        patient = patients.find(store, "Wrenfeather")[0]
        referral_id = store.conn.execute("SELECT id FROM referrals WHERE patient_id = ?", (patient.id,)).fetchone()[0]
    publish_replies(hub["db"], new["station_id"], referral_id, patient.id)
    telestation("sync", *me, "--once")
    telestation("sync", *me, "--status")
    telestation("selfcheck", *me)

    hub["proc"].terminate()
    hub["proc"].wait(timeout=20)
    telestation("sync", *me, "--once", check=75)  # the hub has gone: try again later

    files = sorted(p for p in (data / "logs").rglob("*") if p.is_file())
    assert files, "the session wrote log files"
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in files)
    for expected in ("command import-patients failed: ValidationError", "command search failed: WrongPassword",
                     "database task failed", "ValueError", "test_logs_no_patient_data.py",
                     "selfcheck:", "self-check from the app"):
        assert expected in text, f"the log records the session ({expected!r} missing):\n{text[-3000:]}"
    leaks = [(p.name, n, line.strip()) for p in files
             for n, line in enumerate(p.read_text("utf-8", errors="replace").splitlines(), 1)
             for word in canaries() if word.lower() in line.lower()]
    assert not leaks, "patient details in the logs:\n" + "\n".join(f"{f}:{n}: {line}" for f, n, line in leaks[:20])


def _detach_log_handlers(data_dir: Path) -> None:
    """Stop writing this test's records into the station's log (the root logger outlives the test)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "").startswith(str(data_dir)):
            root.removeHandler(handler)
            handler.close()



@given(st.text(), st.sampled_from(["cause", "context", "alone"]))
def test_a_logged_traceback_keeps_where_and_what_but_never_the_message(detail: str, how: str) -> None:
    secret = f"Kanaryzada {detail}"
    stream, console = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PrivateFormatter("%(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("tests.private")
    # Another handler formats the record first and caches its full traceback text on it.
    console_handler = logging.StreamHandler(console)
    log.addHandler(console_handler)
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            try:
                raise ValueError(f"invalid literal: {secret!r}")
            except ValueError as first:
                if how == "cause":
                    raise KeyError(secret) from first
                if how == "context":
                    raise KeyError(secret)  # noqa: B904 (the implicit chain is what is tested)
                raise
        except (KeyError, ValueError):
            log.exception("database task failed")
    finally:
        log.removeHandler(console_handler)
        log.removeHandler(handler)
    assert "Kanaryzada" in console.getvalue(), "the other handler saw the full traceback"
    text = stream.getvalue()
    assert "Kanaryzada" not in text
    assert "database task failed" in text and "ValueError: " + WITHHELD in text
    assert ("KeyError: " + WITHHELD in text) == (how != "alone")
    assert "test_a_logged_traceback_keeps_where_and_what_but_never_the_message" in text
