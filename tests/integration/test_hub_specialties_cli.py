"""`telehub specialty` manages the list stations refer to; `telehub user` puts specialists in one or
more specialties and records their PMDC registration numbers. Existing hubs are seeded from the
free-text specialties they already hold. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from hub import tables as t
from hub.cli import main
from hub.db import alembic_config, make_engine, migrate

PASSWORD = "a long and secret passphrase"


@pytest.fixture
def pw(tmp_path: Path) -> str:
    path = tmp_path / "pw"
    path.write_text(PASSWORD + "\n")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_specialties_are_added_listed_and_renamed_in_english_and_urdu(
        hub_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", hub_db_url)
    code, out, _ = run(capsys, "specialty", "add", "Neonatology (newborns)", "--urdu", "نوزائیدہ بچے", *db)
    assert code == 0 and "code neonatology" in out
    code, out, _ = run(capsys, "specialty", "list", "--json", *db)
    listed = {s["code"]: s for s in json.loads(out)}
    assert listed["neonatology"] == {"code": "neonatology", "name": "Neonatology (newborns)",
                                     "name_ur": "نوزائیدہ بچے", "active": True, "active_specialists": 0}
    assert listed["paediatrics"]["name_ur"] == "امراضِ اطفال (بچے)"  # the built-in list is there from the start
    code, out, _ = run(capsys, "specialty", "rename", "neonatology", "Newborn care", "--urdu", "نومولود", *db)
    assert code == 0 and "Newborn care / نومولود" in out
    code, out, _ = run(capsys, "specialty", "disable", "neonatology", *db)
    assert code == 0
    _, out, _ = run(capsys, "specialty", "list", *db)
    assert "neonatology" in out and "Newborn care" in out and "(switched off)" in out and "NOBODY answers it" in out


@pytest.mark.parametrize(("args", "message"), [
    (("add", "Paediatrics (children)"), "already has the code 'paediatrics'"),
    (("add", "Kids", "--code", "Bad Code"), "--code must be 2 to 40 lowercase letters"),
    (("add", "Child health", "--code", "kids2"), None),
    (("rename", "nope", "X"), "there is no specialty with the code 'nope'"),
    (("rename", "cardiology"), "say what to change"),
    (("rename", "cardiology", "Paediatrics (children)"), "already used by the specialty 'paediatrics'"),
    (("disable", "ent"), None),
    (("enable", "ent"), "already switched on"),
])
def test_bad_specialty_changes_are_refused_by_name(hub_db_url: str, capsys: pytest.CaptureFixture[str],
                                                    args: tuple[str, ...], message: str | None) -> None:
    code, _, err = run(capsys, "specialty", *args, "--db", hub_db_url)
    if message is None:
        assert code == 0, err
    else:
        assert code == 1 and message in err and err.count("\n") == 1


def test_a_specialist_in_several_specialties_with_a_registration_number(
        hub_db_url: str, pw: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = ("--db", hub_db_url)
    code, out, err = run(capsys, "specialist", "add", "--username", "sana", "--name", "Dr Sana Baloch",
                         "--specialty", "Pediatrics,cardiology", "--specialty", "Paediatrics",
                         "--registration", " 12345-p ", "--password-file", pw, *db)
    assert code == 0, err
    assert "Paediatrics (children), Cardiology (heart)" in out
    _, out, _ = run(capsys, "user", "list", "--json", *db)
    [sana] = json.loads(out)
    assert (sana["specialties"], sana["registration_number"]) == (
        ["Cardiology (heart)", "Paediatrics (children)"], "12345-P")
    code, out, _ = run(capsys, "user", "set-specialties", "sana", "dermatology", *db)
    assert code == 0 and "Dermatology (skin)" in out
    code, _, err = run(capsys, "user", "set-registration", "sana", "98765-S", *db)
    assert code == 0, err
    _, out, _ = run(capsys, "specialty", "list", "--json", *db)
    members = {s["code"]: s["active_specialists"] for s in json.loads(out)}
    assert (members["dermatology"], members["paediatrics"]) == (1, 0)
    engine = make_engine(hub_db_url)
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(t.audit_events).order_by(t.audit_events.c.id))]
    engine.dispose()
    assert actions == ["account_added", "specialties_changed", "registration_set"]


@pytest.mark.parametrize(("extra", "message"), [
    (("--registration", "12A"), "--registration must be a PMDC registration number: 1 to 7 digits, a hyphen"),
    (("--registration", "P-12345"), "e.g. 12345-P (not 'P-12345')"),
    (("--specialty", "Astrology"), "--specialty: there is no specialty 'Astrology' on the hub's list"),
])
def test_bad_account_details_are_refused_with_what_is_allowed(
        hub_db_url: str, pw: str, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str) -> None:
    args = ["user", "add", "--username", "omar", "--name", "Dr Omar", "--password-file", pw, "--db", hub_db_url]
    if "--specialty" not in extra:
        args += ["--specialty", "cardiology"]
    code, _, err = run(capsys, *args, *extra)
    assert code == 1 and message in err
    _, out, _ = run(capsys, "user", "list", "--json", "--db", hub_db_url)
    assert json.loads(out) == []  # nothing half-made


def test_a_registration_number_belongs_to_one_account(hub_db_url: str, pw: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for username in ("sana", "omar"):
        assert run(capsys, "user", "add", "--username", username, "--name", "Dr X", "--specialty", "cardiology",
                   "--password-file", pw, "--db", hub_db_url)[0] == 0
    assert run(capsys, "user", "set-registration", "sana", "111-P", "--db", hub_db_url)[0] == 0
    code, _, err = run(capsys, "user", "set-registration", "omar", "111-p", "--db", hub_db_url)
    assert code == 1 and "already on the account 'sana'" in err


def test_an_existing_hub_is_seeded_from_the_specialties_it_already_holds(new_db_url: str) -> None:
    engine = make_engine(new_db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0006")
        with engine.begin() as conn:
            for i, (username, specialty) in enumerate((("sana", "Pediatrics"), ("omar", "Paediatrics"),
                                                        ("hina", "Tropical medicine"), ("huma", ""))):
                conn.execute(text("INSERT INTO specialists (id, username, name, specialty, password_hash, active, "
                                  "created_at, role) VALUES (:i, :u, :u, :s, 'x', :yes, '2026-01-01 00:00:00', :r)"),
                             {"i": f"s{i}", "u": username, "s": specialty, "yes": True,
                              "r": "coordinator" if not specialty else "specialist"})
            # A signed-in console tab points at its account: the upgrade must not rebuild that table.
            conn.execute(text("INSERT INTO console_sessions (token_hash, specialist_id, csrf_token, created_at, "
                              "last_seen_at) VALUES ('h', 's0', 'c', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
            for i, specialty in enumerate(("paediatrics", "Paediatrics", "Dermatology", "Tropical medicine",
                                           "Obstetrics & Gynecology")):
                conn.execute(text("INSERT INTO referrals (id, station_id, patient_id, specialty, urgency, urgency_rank, "
                                  "status, question, created_at, received_at) VALUES (:i, 'st', 'p', :s, 'urgent', 1, "
                                  "'sent', 'q', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                             {"i": f"r{i}", "s": specialty})
        migrate(engine)
        with engine.connect() as conn:
            codes = dict(conn.execute(text("SELECT id, specialty_code FROM referrals")).all())
            members = sorted(conn.execute(text("SELECT specialist_id, specialty_code FROM specialist_specialties")).all())
            added = conn.execute(text("SELECT name, name_ur FROM specialties WHERE code = 'tropical_medicine'")).one()
            count = conn.execute(text("SELECT count(*) FROM specialties")).scalar_one()
        assert codes == {"r0": "paediatrics", "r1": "paediatrics", "r2": "dermatology", "r3": "tropical_medicine",
                         "r4": "obstetrics_and_gynaecology"}
        assert [tuple(m) for m in members] == [("s0", "paediatrics"), ("s1", "paediatrics"), ("s2", "tropical_medicine")]
        assert tuple(added) == ("Tropical medicine", "")
        assert count == 18  # the 17 built in, and the one only this hub had
        with engine.begin() as conn:  # and back down, for an installer who must return to the older version
            conn.execute(text("DELETE FROM console_sessions"))
            command.downgrade(alembic_config(conn), "0006")
    finally:
        engine.dispose()
