"""Second-opinion invitations follow the referrals' mail and escalation rules: each colleague asked
is mailed once, without patient details; an invitation left unanswered past the referral urgency's
target asks the invitee's backup, or tells the specialist who asked, once, however many hub
processes run the task. Against the hub's database (SQLite and PostgreSQL) with a clock the test
holds, and a real SMTP server (aiosmtpd, STARTTLS) where mail is sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from hub import tables as t
from hub.app import create_app
from hub.console import answer, opinions
from hub.console import formatting as fmt
from hub.console.auth import Specialist
from hub.db import make_engine, migrate
from hub.escalation import invitations
from hub.escalation.targets import DEFAULT_TARGETS
from hub.mail import outbox
from hub.mail.smtp import SmtpSettings
from hub.settings import Settings
from tests.integration.console_seed import (
    GOOD_ADVICE,
    ConsoleUser,
    add_case,
    add_specialist,
    add_station,
    hidden_fields,
)
from tests.support.smtp_server import PASSWORD, USER, smtp_server

URL = "https://hub.example.org"
# Invitations are made two days ago by the test's clock, so advice the hub stamps with the real
# clock comes after them.
T0 = (datetime.now(UTC) - timedelta(days=2)).replace(second=0, microsecond=0)
CNIC = "42201-7654321-2"
QUESTION = "Zarina has chest pain at rest since this morning: admit to the district hospital?"
NOTE = "Look at Zarina's ECG from 03001234567"


@pytest.fixture
def engine(hub_db_url: str) -> Iterator[Engine]:
    engine = make_engine(hub_db_url)
    migrate(engine)
    yield engine
    engine.dispose()


def people(engine: Engine) -> dict[str, Specialist]:
    found = {}
    for username, name in (("farah", "Dr Farah Khan"), ("imran", "Dr Imran Qureshi"), ("sana", "Dr Sana Mirza"),
                           ("omar", "Dr Omar Baig")):
        sid = add_specialist(engine, username, name, "cardiology")
        with engine.begin() as conn:
            conn.execute(update(t.specialists).where(t.specialists.c.id == sid)
                         .values(email=f"{username}@example.org"))
        found[username] = Specialist(id=sid, username=username, name=name, specialty="cardiology")
    return found


def backup(engine: Engine, of: Specialist, to: Specialist | None) -> None:
    with engine.begin() as conn:
        conn.execute(update(t.specialists).where(t.specialists.c.id == of.id).values(backup_id=to.id if to else None))


def case(engine: Engine, urgency: str = "urgent", holder: Specialist | None = None, station: str = "bhu-jhok") -> str:
    with engine.connect() as conn:
        known = conn.execute(select(t.stations.c.id).where(t.stations.c.id == station)).first()
    if known is None:
        add_station(engine, station, "BHU Mirpur Sakro")
    found = add_case(engine, station, name="Zarina Bibi", name_ur="زرینہ بی بی", specialty="cardiology",
                     urgency=urgency, question=QUESTION, created_at=T0 - timedelta(hours=1))
    with engine.begin() as conn:
        # The patient's CNIC too, so that the mails can be searched for every identifier.
        payload = json.loads(conn.execute(select(t.records.c.payload).where(
            t.records.c.entity == "patient", t.records.c.id == found.patient_id)).scalar_one())
        payload["cnic"] = CNIC
        conn.execute(update(t.records).where(t.records.c.entity == "patient", t.records.c.id == found.patient_id)
                     .values(payload=json.dumps(payload, ensure_ascii=False)))
        conn.execute(update(t.referrals).where(t.referrals.c.id == found.referral_id)
                     .values(holder_id=holder.id if holder else None))
    return found.referral_id


def patient_identifiers(engine: Engine, referral_id: str) -> list[str]:
    with engine.connect() as conn:
        patient_id = conn.execute(select(t.referrals.c.patient_id).where(t.referrals.c.id == referral_id)).scalar()
        patient = json.loads(conn.execute(select(t.records.c.payload).where(
            t.records.c.entity == "patient", t.records.c.id == patient_id)).scalar_one())
    found = [patient[k] for k in ("name", "name_ur", "father_name", "cnic", "phone", "mrn", "village")]
    assert all(found) and patient["cnic"] == CNIC
    return [*found, "Zarina", CNIC.replace("-", ""), QUESTION, QUESTION[:30], NOTE]


def ask(engine: Engine, referral_id: str, by: Specialist, *invited: Specialist, at: datetime = T0) -> int:
    with engine.begin() as conn:
        return opinions.invite(conn, referral_id, by, opinions.InviteForm([s.id for s in invited], NOTE), at, URL)


def run(engine: Engine, at: datetime) -> list[tuple[str, str]]:
    return [(s.escalation, s.to_name) for s in invitations.run_once(engine, DEFAULT_TARGETS, at, URL)]


def mails(engine: Engine, kind: str | None = None) -> list[t.Row]:  # type: ignore[name-defined]
    with engine.connect() as conn:
        query = select(t.mail_outbox).order_by(t.mail_outbox.c.id)
        return list(conn.execute(query.where(t.mail_outbox.c.kind == kind) if kind else query).all())


def invitation(engine: Engine, referral_id: str, invited: Specialist) -> t.Row:  # type: ignore[name-defined]
    o = t.opinion_requests.c
    with engine.connect() as conn:
        return conn.execute(select(t.opinion_requests).where(o.referral_id == referral_id,
                                                             o.invited_id == invited.id)).one()


def test_each_colleague_asked_is_mailed_once_without_patient_details(engine: Engine, tmp_path: Path) -> None:
    who = people(engine)
    with engine.begin() as conn:  # Omar has no address: he is asked, and sees it only in his inbox
        conn.execute(update(t.specialists).where(t.specialists.c.id == who["omar"].id).values(email=None))
    referral = case(engine, "emergency", holder=who["farah"])
    assert ask(engine, referral, who["farah"], who["imran"], who["sana"], who["omar"]) == 3
    assert ask(engine, referral, who["farah"], who["imran"], who["sana"]) == 0  # already asked: not again
    queued = mails(engine)
    assert [(m.kind, m.to_address) for m in queued] == [("opinion", "imran@example.org"), ("opinion", "sana@example.org")]
    assert queued[0].key == f"opinion:{invitation(engine, referral, who['imran']).id}"
    assert queued[0].subject == "[Telehub] Second opinion asked of you: emergency referral, Cardiology (heart)"
    assert "Dr Farah Khan asks for your opinion on an emergency referral for Cardiology (heart) from BHU Mirpur " \
           "Sakro" in queued[0].body
    assert f"{URL}/referrals/{referral}" in queued[0].body

    with smtp_server(tmp_path) as mailbox:
        smtp = SmtpSettings(host="127.0.0.1", port=mailbox.port, username=USER, password=PASSWORD,
                            from_address="telehub@example.org", ca_file=str(mailbox.cert), timeout_seconds=5)
        assert outbox.deliver_due(engine, smtp, T0) == 2
        assert outbox.deliver_due(engine, smtp, T0 + timedelta(minutes=5)) == 0
        received = mailbox.all()
    assert sorted(m.to[0] for m in received) == ["imran@example.org", "sana@example.org"]
    for mail in received:
        assert "Second opinion asked of you" in mail.subject
        for identifier in patient_identifiers(engine, referral):
            assert identifier not in mail.text, identifier


def test_an_unanswered_invitation_asks_the_invitees_backup_once(engine: Engine) -> None:
    who = people(engine)
    backup(engine, who["imran"], who["sana"])
    referral = case(engine, "urgent", holder=who["farah"])
    ask(engine, referral, who["farah"], who["imran"])
    assert run(engine, T0 + timedelta(hours=3, minutes=59)) == []
    assert run(engine, T0 + timedelta(hours=4, minutes=1)) == [("backup", "Dr Sana Mirza")]
    assert run(engine, T0 + timedelta(hours=5)) == []  # once

    first = invitation(engine, referral, who["imran"])
    assert (first.escalation, first.escalated_to, first.escalated_at) == (
        "backup", who["sana"].id, T0 + timedelta(hours=4, minutes=1))
    second = invitation(engine, referral, who["sana"])
    assert (second.invited_by, second.note, second.created_at) == (who["farah"].id, NOTE, first.escalated_at)
    to_sana = [m for m in mails(engine, "opinion") if m.to_address == "sana@example.org"]
    assert len(to_sana) == 1 and to_sana[0].key == f"opinion:{second.id}"
    assert "You are asked as the backup of Dr Imran Qureshi, who has not answered after 4 h" in to_sana[0].body
    assert mails(engine, "opinion_unanswered") == []
    for identifier in patient_identifiers(engine, referral):
        assert identifier not in to_sana[0].subject + to_sana[0].body, identifier

    # The backup's own invitation has its own target; Sana has no backup, so Farah is told.
    assert run(engine, T0 + timedelta(hours=8)) == []
    assert run(engine, T0 + timedelta(hours=8, minutes=2)) == [("inviter", "Dr Farah Khan")]
    assert run(engine, T0 + timedelta(days=5)) == []


@pytest.mark.parametrize("backup_is", ["nobody", "the one who asked", "already asked", "the holder"])
def test_without_a_backup_free_to_ask_the_specialist_who_asked_is_told(engine: Engine, backup_is: str) -> None:
    who = people(engine)
    holder = who["omar"] if backup_is == "the holder" else who["farah"]
    backup(engine, who["imran"], {"nobody": None, "the one who asked": who["farah"], "already asked": who["sana"],
                                  "the holder": who["omar"]}[backup_is])
    referral = case(engine, "emergency", holder=holder)
    ask(engine, referral, who["farah"], who["imran"], who["sana"])
    assert ("inviter", "Dr Farah Khan") in run(engine, T0 + timedelta(minutes=31))
    assert run(engine, T0 + timedelta(hours=3)) == []
    told = mails(engine, "opinion_unanswered")
    imran = invitation(engine, referral, who["imran"])
    assert (imran.escalation, imran.escalated_to) == ("inviter", who["farah"].id)
    mail = next(m for m in told if m.key == f"opinion-unanswered:{imran.id}")
    assert mail.to_address == "farah@example.org"
    assert mail.subject == "[Telehub] No second opinion yet from Dr Imran Qureshi after 31 min"
    assert "Dr Imran Qureshi has not answered your request for a second opinion after 31 min" in mail.body
    for identifier in patient_identifiers(engine, referral):
        assert identifier not in mail.subject + mail.body, identifier
    with engine.connect() as conn:  # nobody new was asked
        assert len(conn.execute(select(t.opinion_requests.c.id)).all()) == 2


def test_nothing_escalates_once_the_opinion_is_written_or_the_advice_sent(engine: Engine) -> None:
    who = people(engine)
    backup(engine, who["imran"], who["sana"])
    written = case(engine, "urgent", holder=who["farah"])
    advised = case(engine, "urgent", holder=who["farah"])
    ask(engine, written, who["farah"], who["imran"])
    ask(engine, advised, who["farah"], who["imran"])
    with engine.begin() as conn:
        opinions.write_opinion(conn, written, who["imran"], "Admit: this is unstable angina.", T0 + timedelta(hours=1))
        answer.save_advice(conn, advised, who["farah"], answer.AdviceForm(**GOOD_ADVICE))
    assert run(engine, T0 + timedelta(days=3)) == []
    assert mails(engine, "opinion_unanswered") == []
    assert [m.to_address for m in mails(engine, "opinion")] == ["imran@example.org", "imran@example.org"]


def test_an_invitation_made_after_earlier_advice_still_escalates(engine: Engine) -> None:
    who = people(engine)
    referral = case(engine, "soon", holder=who["farah"])
    with engine.begin() as conn:
        answer.save_advice(conn, referral, who["farah"], answer.AdviceForm(**GOOD_ADVICE))
    asked_at = datetime.now(UTC) + timedelta(minutes=1)  # after the advice, as on a follow-up
    ask(engine, referral, who["farah"], who["imran"], at=asked_at)
    assert run(engine, asked_at + timedelta(hours=23)) == []
    assert run(engine, asked_at + timedelta(hours=24)) == [("inviter", "Dr Farah Khan")]


def test_hub_processes_escalating_at_once_escalate_each_invitation_once(hub_db_url: str, engine: Engine) -> None:
    who = people(engine)
    backup(engine, who["imran"], who["sana"])
    backup(engine, who["omar"], None)
    referrals = [case(engine, "emergency", holder=who["farah"]) for _ in range(4)]
    for referral in referrals:
        ask(engine, referral, who["farah"], who["imran"], who["omar"])
    engines = [make_engine(hub_db_url) for _ in range(3)]
    start = threading.Barrier(len(engines))
    taken: list[list[tuple[str, str]]] = []
    failures: list[BaseException] = []

    def process(own: Engine) -> None:
        try:
            start.wait(30)
            taken.append(run(own, T0 + timedelta(minutes=45)))
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    threads = [threading.Thread(target=process, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for own in engines:
        own.dispose()
    assert failures == []
    steps = sorted(step for steps in taken for step in steps)
    assert steps == [("backup", "Dr Sana Mirza")] * 4 + [("inviter", "Dr Farah Khan")] * 4
    assert len(mails(engine, "opinion_unanswered")) == 4
    assert len([m for m in mails(engine, "opinion") if m.to_address == "sana@example.org"]) == 4
    with engine.connect() as conn:
        rows = conn.execute(select(t.opinion_requests.c.invited_id)).scalars().all()
    assert sorted(rows).count(who["sana"].id) == 4 and len(rows) == 12


# The console: inviting from the referral page mails, and the panel shows the escalation.

@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url, console_url=URL, background=False))
    yield app
    app.state.engine.dispose()


def test_the_opinions_panel_shows_who_an_unanswered_invitation_went_to(app: FastAPI) -> None:
    engine = app.state.engine
    who = people(engine)
    backup(engine, who["imran"], who["sana"])
    referral = case(engine, "urgent")
    farah = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert farah.login("farah").status_code == 303
    path = f"/referrals/{referral}"
    sent = farah.http.post(f"{path}/opinions", data={**hidden_fields(farah.http.get(path).text),
                                                     f"invite_{who['imran'].id}": "1", f"invite_{who['omar'].id}": "1",
                                                     "note": NOTE})
    assert sent.status_code == 303
    assert sorted(m.to_address for m in mails(engine, "opinion")) == ["imran@example.org", "omar@example.org"]
    with engine.connect() as conn:
        asked_at = conn.execute(select(t.opinion_requests.c.created_at)).scalars().first()
    page = farah.http.get(path).text
    assert "Not answered within the target" not in page

    assert sorted(run(engine, asked_at + timedelta(hours=4, minutes=5))) == [
        ("backup", "Dr Sana Mirza"), ("inviter", "Dr Farah Khan")]
    page = " ".join(farah.http.get(path).text.split())
    assert ("Not answered within the target: Dr Sana Mirza, Dr Imran Qureshi's backup, was asked too "
            f"({fmt.format_when(asked_at + timedelta(hours=4, minutes=5))}, after 4 hours 5 minutes).") in page
    assert "Not answered within the target: Dr Farah Khan, who asked, was told" in page
