"""Who a waiting referral escalates to, which mails go and when, and mail that survives a mail
server being down. Run against the hub's database (SQLite and PostgreSQL) with a clock the test
holds, and a real SMTP server (aiosmtpd, STARTTLS) where mail is sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from hub import tables as t
from hub.db import insert_ignore, make_engine, migrate
from hub.escalation import steps
from hub.escalation.targets import DEFAULT_TARGETS
from hub.mail import notices, outbox
from hub.mail.smtp import SmtpSettings
from tests.integration.console_seed import add_case, add_specialist, add_station
from tests.support.server import free_port
from tests.support.smtp_server import PASSWORD, USER, smtp_server

ZONE = "Asia/Karachi"
URL = "https://hub.example.org"
# 10:00 in Karachi: after the digest hour.
T0 = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


@pytest.fixture
def engine(hub_db_url: str) -> Iterator[Engine]:
    engine = make_engine(hub_db_url)
    migrate(engine)
    yield engine
    engine.dispose()


def people(engine: Engine) -> dict[str, str]:
    ids = {
        "farah": add_specialist(engine, "farah", "Dr Farah Khan", ""),
        "imran": add_specialist(engine, "imran", "Dr Imran Qureshi", ""),
        "sana": add_specialist(engine, "sana", "Dr Sana Mirza", ""),
        "huma": add_specialist(engine, "huma", "Huma Qureshi", "", role="coordinator"),
    }
    with engine.begin() as conn:
        for name, sid in ids.items():
            conn.execute(update(t.specialists).where(t.specialists.c.id == sid).values(email=f"{name}@example.org"))
            if name != "huma":
                insert_ignore(conn, t.specialist_specialties, {"specialist_id": sid, "specialty_code": "cardiology",
                                                               "added_at": T0})
    return ids


def case(engine: Engine, urgency: str, holder: str | None = None, received: datetime = T0) -> str:
    station = "st-" + urgency + (holder or "")[:8]
    with engine.connect() as conn:
        known = conn.execute(select(t.stations.c.id).where(t.stations.c.id == station)).first()
    if known is None:
        add_station(engine, station, "BHU Jhok")
    found = add_case(engine, station, name="Zarina Bibi", specialty="cardiology", urgency=urgency,
                     created_at=received - timedelta(minutes=5), received_at=received)
    with engine.begin() as conn:
        conn.execute(update(t.referrals).where(t.referrals.c.id == found.referral_id)
                     .values(specialty_code="cardiology", holder_id=holder, held_at=received if holder else None))
    return found.referral_id


def run(engine: Engine, at: datetime) -> list[steps.Step]:
    return steps.run_once(engine, DEFAULT_TARGETS, at, ZONE, URL)


def recorded(engine: Engine, referral_id: str) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        return [(s["step"], s["reason"], s["to_name"]) for s in steps.escalations_of(conn, referral_id)]


def queued(engine: Engine, kind: str | None = None) -> list[t.Row]:  # type: ignore[name-defined]
    with engine.connect() as conn:
        query = select(t.mail_outbox).order_by(t.mail_outbox.c.id)
        if kind:
            query = query.where(t.mail_outbox.c.kind == kind)
        return list(conn.execute(query).all())


def test_the_holders_backup_comes_first_then_the_coordinators(engine: Engine) -> None:
    ids = people(engine)
    with engine.begin() as conn:
        conn.execute(update(t.specialists).where(t.specialists.c.id == ids["farah"]).values(backup_id=ids["sana"]))
        insert_ignore(conn, t.on_call, {"specialty_code": "cardiology", "day": T0.date(),
                                        "specialist_id": ids["imran"], "set_at": T0})
    referral = case(engine, "urgent", holder=ids["farah"])
    assert run(engine, T0 + timedelta(hours=3, minutes=59)) == []
    assert [s.reason for s in run(engine, T0 + timedelta(hours=4, minutes=1))] == ["backup"]
    assert run(engine, T0 + timedelta(hours=5)) == []  # nothing twice
    assert [s.reason for s in run(engine, T0 + timedelta(hours=8, minutes=1))] == ["coordinators"]
    assert run(engine, T0 + timedelta(days=9)) == []
    assert recorded(engine, referral) == [(1, "backup", "Dr Sana Mirza"), (2, "coordinators", "the coordinators")]
    mails = queued(engine, "escalation")
    assert [m.to_address for m in mails] == ["sana@example.org", "huma@example.org"]
    assert "4 h" in mails[0].body and "backup" in mails[0].body and "Zarina" not in mails[0].body


def test_without_backup_or_anyone_on_call_it_goes_to_the_coordinators_at_once(engine: Engine) -> None:
    people(engine)
    referral = case(engine, "emergency")
    assert [(s.step, s.reason) for s in run(engine, T0 + timedelta(minutes=31))] == [(1, "coordinators")]
    assert run(engine, T0 + timedelta(hours=2)) == []  # the coordinators were the last step
    assert recorded(engine, referral) == [(1, "coordinators", "the coordinators")]


def test_advice_before_the_target_stops_escalation(engine: Engine) -> None:
    people(engine)
    referral = case(engine, "urgent")
    with engine.begin() as conn:
        conn.execute(update(t.referrals).where(t.referrals.c.id == referral)
                     .values(first_answer_at=T0 + timedelta(hours=1), status="answered"))
    assert run(engine, T0 + timedelta(days=3)) == []


def test_new_emergency_and_urgent_referrals_are_mailed_to_their_specialty_once(engine: Engine) -> None:
    people(engine)
    case(engine, "emergency")
    case(engine, "routine")
    assert notices.notify_new_referrals(engine, T0, URL) == 3  # farah, imran, sana; not the coordinator
    assert notices.notify_new_referrals(engine, T0, URL) == 0
    mails = queued(engine, "new_referral")
    assert sorted(m.to_address for m in mails) == ["farah@example.org", "imran@example.org", "sana@example.org"]
    assert mails[0].subject == "[Telehub] Emergency referral: Cardiology (heart), from BHU Jhok"
    assert "Zarina" not in mails[0].body and "03001234567" not in mails[0].body


def test_an_urgent_referral_nobody_answers_is_mailed_to_the_coordinators(engine: Engine) -> None:
    people(engine)
    referral = case(engine, "urgent")
    with engine.begin() as conn:
        conn.execute(update(t.referrals).where(t.referrals.c.id == referral).values(specialty_code="dermatology"))
    assert notices.notify_new_referrals(engine, T0, URL) == 1
    assert [m.to_address for m in queued(engine, "new_referral")] == ["huma@example.org"]


def test_a_station_that_starts_reading_escalations_is_sent_the_steps_it_missed(engine: Engine) -> None:
    from hub import station_feed

    people(engine)
    referral = case(engine, "emergency")
    run(engine, T0 + timedelta(hours=2))  # step 1 (coordinators): the station did not read escalations yet
    with engine.connect() as conn:
        station_id = conn.execute(select(t.referrals.c.station_id).where(t.referrals.c.id == referral)).scalar_one()
        assert conn.execute(select(t.outbound).where(t.outbound.c.entity == "referral_escalation")).all() == []
    with engine.begin() as conn:
        station_feed.declare(conn, station_id, frozenset({"referral_escalation"}))
    with engine.connect() as conn:
        sent = conn.execute(select(t.outbound.c.payload).where(t.outbound.c.entity == "referral_escalation")).all()
    assert len(sent) == 1 and '"reason":"coordinators"' in sent[0].payload


def test_the_digest_goes_once_a_day_after_its_hour(engine: Engine) -> None:
    people(engine)
    case(engine, "urgent", received=T0 - timedelta(hours=6))
    case(engine, "routine", received=T0 - timedelta(hours=1))
    early = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 06:00 in Karachi
    assert notices.send_digest(engine, early, ZONE, 7, DEFAULT_TARGETS, URL) == 0
    assert notices.send_digest(engine, T0, ZONE, 7, DEFAULT_TARGETS, URL) == 4
    assert notices.send_digest(engine, T0 + timedelta(hours=5), ZONE, 7, DEFAULT_TARGETS, URL) == 0
    huma = next(m for m in queued(engine, "digest") if m.to_address == "huma@example.org")
    assert huma.subject == "[Telehub] 2 referrals waiting (1 past target), 2026-12-07"
    assert "Cardiology (heart), urgent: 1 waiting, 1 past target" in huma.body and "Zarina" not in huma.body


def test_mail_waits_out_a_mail_server_that_is_down_and_goes_once(engine: Engine, tmp_path: Path) -> None:
    people(engine)
    case(engine, "emergency")
    notices.notify_new_referrals(engine, T0, URL)
    port = free_port()
    with smtp_server(tmp_path) as live:
        cert = live.cert
    down = SmtpSettings(host="127.0.0.1", port=port, username=USER, password=PASSWORD,
                        from_address="telehub@example.org", ca_file=str(cert), timeout_seconds=5)
    assert outbox.deliver_due(engine, down, T0) == 0
    mails = queued(engine)
    assert all(m.attempts == 1 and m.sent_at is None and m.failed_at is None for m in mails)
    assert all("could not reach the mail server" in m.last_error for m in mails)
    assert all(m.next_attempt_at == T0 + timedelta(minutes=1) for m in mails)
    assert outbox.deliver_due(engine, down, T0 + timedelta(seconds=30)) == 0  # not due again yet
    assert all(m.attempts == 1 for m in queued(engine))

    with smtp_server(tmp_path) as mailbox:
        up = SmtpSettings(host="127.0.0.1", port=mailbox.port, username=USER, password=PASSWORD,
                          from_address="telehub@example.org", ca_file=str(mailbox.cert), timeout_seconds=5)
        assert outbox.deliver_due(engine, up, T0 + timedelta(minutes=2)) == 3
        assert outbox.deliver_due(engine, up, T0 + timedelta(minutes=3)) == 0
        assert sorted(m.to[0] for m in mailbox.all()) == ["farah@example.org", "imran@example.org", "sana@example.org"]
        assert all(m.over_tls for m in mailbox.all())
    assert all(m.attempts == 2 and m.sent_at is not None for m in queued(engine))


def test_a_specialty_the_station_typed_itself_never_reaches_a_mail(engine: Engine) -> None:
    """A specialty the hub does not list is the station's own free text: it may hold anything (a
    patient's name, a line break), so mails say only that the specialty is not on the list."""
    people(engine)
    typed = "Skin, for Zarina Bibi\nBcc: someone@example.net"
    add_station(engine, "st-typed", "BHU Jhok")
    found = add_case(engine, "st-typed", name="Zarina Bibi", specialty=typed, urgency="urgent",
                     created_at=T0 - timedelta(minutes=5), received_at=T0)
    with engine.begin() as conn:
        conn.execute(update(t.referrals).where(t.referrals.c.id == found.referral_id).values(specialty_code=None))
    assert notices.notify_new_referrals(engine, T0, URL) == 1
    run(engine, T0 + timedelta(hours=5))
    assert notices.send_digest(engine, T0 + timedelta(hours=5), ZONE, 7, DEFAULT_TARGETS, URL) >= 1
    mails = queued(engine)
    assert {m.kind for m in mails} == {"new_referral", "escalation", "digest"}
    for mail in mails:
        assert "Zarina" not in mail.subject + mail.body and "Bcc" not in mail.subject + mail.body
        assert "\n" not in mail.subject and "\r" not in mail.subject
    new = next(m for m in mails if m.kind == "new_referral")
    assert new.subject == "[Telehub] Urgent referral: a specialty not on the hub's list, from BHU Jhok"
