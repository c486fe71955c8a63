"""Second opinions and case conferences at the hub: what specialists see, what stations are sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from hub import tables as t
from hub.app import create_app
from hub.console import programme
from hub.settings import Settings
from sync.wire.protocol import FIRST_HUB_ENTITIES
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


@pytest.fixture
def app(hub_db_url: str) -> Iterator[FastAPI]:
    app = create_app(Settings(db_url=hub_db_url))
    engine = app.state.engine
    add_station(engine, "bhu-jhok", "BHU Jhok Sharif")
    add_station(engine, "rhc-gharo", "RHC Gharo")
    app.state.ids = {
        "khan": add_specialist(engine, "dr.khan", "Dr Sana Khan", "internal_medicine"),
        "ali": add_specialist(engine, "dr.ali", "Dr Imran Ali", "paediatrics"),
        "zaidi": add_specialist(engine, "dr.zaidi", "Dr Farah Zaidi", "oncology"),
        "baig": add_specialist(engine, "dr.baig", "Dr Omar Baig", "neurology"),
    }
    add_coordinator(engine)
    yield app
    engine.dispose()


def browser(app: FastAPI, username: str) -> ConsoleUser:
    user = ConsoleUser(TestClient(app, base_url="https://testserver", follow_redirects=False))
    assert user.login(username).status_code == 303
    return user


def feed(engine: Engine, station_id: str) -> list[tuple[str, dict]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.outbound.c.entity, t.outbound.c.payload)
                            .where(t.outbound.c.station_id == station_id).order_by(t.outbound.c.seq)).all()
    return [(r.entity, json.loads(r.payload)) for r in rows]


def post_form(user: ConsoleUser, page_path: str, action: str, **fields: str) -> object:
    page = user.http.get(page_path)
    return user.http.post(action, data={**hidden_fields(page.text), **fields})


def test_invited_colleagues_write_opinions_and_the_advice_names_them(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok", urgency="urgent")
    khan, ali, zaidi, baig = (browser(app, u) for u in ("dr.khan", "dr.ali", "dr.zaidi", "dr.baig"))
    ref_path = f"/referrals/{case.referral_id}"

    answer = post_form(khan, ref_path, f"{ref_path}/opinions", note="Is the chest film worrying?",
                       **{f"invite_{ids['ali']}": "1", f"invite_{ids['zaidi']}": "1"})
    assert answer.status_code == 303
    assert "Second opinions asked of you (1)" in ali.http.get("/inbox").text
    assert "Second opinions asked of you" not in baig.http.get("/inbox").text

    assert post_form(ali, ref_path, f"{ref_path}/opinions/mine", opinion="Treat as pneumonia; no TB features.") \
        .status_code == 303
    empty = post_form(zaidi, ref_path, f"{ref_path}/opinions/mine", opinion="  ")
    assert empty.status_code == 422 and "The opinion is empty" in empty.text
    assert "Second opinions asked of you" not in ali.http.get("/inbox").text

    # Specialists on the case read the opinion; one who is not sees only that colleagues were asked.
    assert "no TB features" in khan.http.get(ref_path).text
    outsider = baig.http.get(ref_path).text
    assert "no TB features" not in outsider and "2 colleagues were asked" in outsider
    refused = post_form(baig, ref_path, f"{ref_path}/opinions/mine", opinion="Mine too")
    assert refused.status_code == 403

    assert khan.answer(case.referral_id, **GOOD_ADVICE).status_code == 303
    sent = [p for e, p in feed(engine, "bhu-jhok") if e == "advice"]
    assert len(sent) == 1 and sent[0]["contributors"] == ["Dr Imran Ali"]
    assert all("no TB features" not in json.dumps(p) for _, p in feed(engine, "bhu-jhok"))
    assert "With opinions from: Dr Imran Ali" in khan.http.get(ref_path).text
    # The advice was decided with Dr Ali's opinion as it stood: it is not rewritten afterwards.
    late = post_form(ali, ref_path, f"{ref_path}/opinions/mine", opinion="Actually, it is TB.")
    assert late.status_code == 422 and "can no longer be changed" in late.text
    assert "no TB features" in khan.http.get(ref_path).text and "Actually, it is TB" not in khan.http.get(ref_path).text
    # Dr Zaidi had not answered: a first opinion after the advice is still taken.
    assert post_form(zaidi, ref_path, f"{ref_path}/opinions/mine", opinion="Agree with the plan.").status_code == 303


def test_a_conference_agenda_reaches_each_station_and_the_outcomes_become_advice(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    cases = [add_case(engine, "bhu-jhok", name="Zainab Bibi", specialty="oncology"),
             add_case(engine, "bhu-jhok", name="Muhammad Aslam Khan", specialty="neurology"),
             add_case(engine, "rhc-gharo", name="Sadia Parveen", specialty="paediatrics")]
    coordinator, chair, member = browser(app, "huma"), browser(app, "dr.zaidi"), browser(app, "dr.ali")

    bad = post_form(coordinator, "/conferences", "/conferences", title="", day="9 Dec", at="15:00",
                    chair=ids["zaidi"])
    assert bad.status_code == 422 and "Date: give the day as YYYY-MM-DD" in bad.text and "Give the conference" in bad.text
    assert post_form(chair, "/conferences", "/conferences", title="x").status_code == 403

    made = post_form(coordinator, "/conferences", "/conferences", title="Tumour board, December",
                     series="Paediatric neuro-oncology board", day="2026-12-09", at="15:00", chair=ids["zaidi"],
                     **{f"member_{ids['ali']}": "1", f"member_{ids['baig']}": "1"})
    assert made.status_code == 303
    conference_path = made.headers["location"].split("?")[0]
    conference_id = conference_path.rsplit("/", 1)[1]

    # Any specialist puts cases on the agenda: from the conference page, and from a referral's page.
    for case in cases[:2]:
        assert post_form(member, conference_path, f"{conference_path}/cases", referral_id=case.referral_id) \
            .status_code == 303
    ref_path = f"/referrals/{cases[2].referral_id}"
    assert 'Put on the agenda of “Tumour board, December”, Wed 9 Dec 2026, 15:00 (Asia/Karachi)' in \
        member.http.get(ref_path).text
    back = post_form(member, ref_path, f"{conference_path}/cases", referral_id=cases[2].referral_id, back="referral")
    assert back.headers["location"].startswith(ref_path)

    notices = {s: [p for e, p in feed(engine, s) if e == "conference_agenda"] for s in ("bhu-jhok", "rhc-gharo")}
    assert len(notices["bhu-jhok"]) == 2 and len(notices["rhc-gharo"]) == 1
    # 15:00 in Karachi (UTC+5) is 10:00 UTC.
    assert {n["starts_at"] for n in notices["bhu-jhok"] + notices["rhc-gharo"]} == {"2026-12-09T10:00:00.000Z"}
    assert all(n["status"] == "scheduled" and n["time_zone"] == "Asia/Karachi" for n in notices["bhu-jhok"])

    page = member.http.get(conference_path).text
    assert "Zainab" not in page and "Z.B." in page  # MRN and initials only
    assert member.http.get(f"{conference_path}/chair").status_code == 403

    outcomes = [("yes", "Start temozolomide; MRI in 6 weeks."), ("no", ""), ("yes", "Refer for shunt review.")]
    for number, (changed, what) in enumerate(outcomes, start=1):
        step = chair.http.get(f"{conference_path}/chair?case={number}")
        assert f"Case {number} of 3" in step.text
        action = re.search(r'action="(/conferences/[^"]+/outcome)"', step.text)
        assert action is not None
        fields = {**form_fields(step.text, action.group(1)), "consensus_plan": f"Plan for case {number}",
                  "plan_changed": changed, "plan_change": what,
                  # Dr Baig was invited but not there.
                  f"present_{ids['zaidi']}": "1", f"present_{ids['ali']}": "1"}
        assert f'name="present_{ids["baig"]}" value="1" checked' in step.text  # all ticked to begin with
        assert chair.http.post(action.group(1), data=fields).status_code == 303

    advice = [p for s in ("bhu-jhok", "rhc-gharo") for e, p in feed(engine, s) if e == "advice"]
    assert len(advice) == 3
    assert all(a["conference_title"] == "Tumour board, December" for a in advice)
    assert all(sorted(a["contributors"]) == ["Dr Farah Zaidi", "Dr Imran Ali"] for a in advice)
    assert sorted(a["plan_changed"] for a in advice) == [False, True, True]
    last = [p for e, p in feed(engine, "rhc-gharo") if e == "conference_agenda"][-1]
    assert last["status"] == "discussed" and last["version"] == 2

    minutes = chair.http.get(f"{conference_path}/minutes").text
    for case_name in ("Zainab", "Aslam", "Sadia", "03001234567", "Ghulam", "1991"):
        assert case_name not in minutes
    assert "Start temozolomide" in minutes and "S.P." in minutes
    with engine.connect() as conn:
        attended = dict(conn.execute(select(t.conference_members.c.specialist_id, t.conference_members.c.attended)
                                     .where(t.conference_members.c.conference_id == conference_id)).all())
    assert attended == {ids["zaidi"]: True, ids["ali"]: True, ids["baig"]: False}

    board = coordinator.http.get("/dashboard?period=all").text
    assert re.search(r'data-series="All conferences" data-quarter="2026 Q4">.*?<td class="share"><strong>67%',
                     board, re.S)
    csv = coordinator.http.get("/dashboard/programme/conferences.csv?period=all").text
    assert "Paediatric neuro-oncology board,2026 Q4,3,2,0.6667" in csv


def test_a_case_taken_off_the_agenda_is_withdrawn_from_the_station(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    coordinator = browser(app, "huma")
    made = post_form(coordinator, "/conferences", "/conferences", title="ECHO clinic", day="2026-12-10", at="09:30",
                     chair=ids["khan"])
    path = made.headers["location"].split("?")[0]
    post_form(coordinator, path, f"{path}/cases", referral_id=case.referral_id)
    page = coordinator.http.get(path).text
    remove = re.search(r'action="(/conferences/[^"]+/remove)"', page)
    assert remove is not None
    assert post_form(coordinator, path, remove.group(1)).status_code == 303
    notices = [p for e, p in feed(engine, "bhu-jhok") if e == "conference_agenda"]
    assert [n["status"] for n in notices] == ["scheduled", "removed"]
    assert notices[0]["id"] == notices[1]["id"] and notices[1]["version"] == 2


def test_stations_are_sent_agenda_notices_only_when_they_can_read_them(app: FastAPI) -> None:
    from hub.feed import read_feed

    case = add_case(app.state.engine, "bhu-jhok")
    from hub.console import conferences
    from hub.console.auth import Specialist

    coordinator = Specialist(id=app.state.ids["khan"], username="dr.khan", name="Dr Sana Khan", specialty="x")
    form = conferences.ScheduleForm(title="Board", day="2026-12-09", at="15:00", chair=app.state.ids["khan"])
    with app.state.engine.begin() as conn:
        conference_id = conferences.schedule(conn, form, coordinator, "Asia/Karachi", datetime.now(UTC))
        conferences.add_case(conn, conference_id, case.referral_id, coordinator, datetime.now(UTC))
    with app.state.engine.connect() as conn:
        old, old_cursor, _ = read_feed(conn, "bhu-jhok", 0, 100, readable=FIRST_HUB_ENTITIES)
        new, new_cursor, _ = read_feed(conn, "bhu-jhok", 0, 100, readable=FIRST_HUB_ENTITIES | {"conference_agenda"})
    assert [c.entity for c in old] == [] and [c.entity for c in new] == ["conference_agenda"]
    assert old_cursor == 0 and new_cursor > 0
    with app.state.engine.connect() as conn:
        assert programme.figure(conn, None).overall == []  # nothing discussed yet


def test_only_the_holder_asks_for_opinions_once_someone_holds_the_referral(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    with engine.begin() as conn:
        conn.execute(t.referrals.update().where(t.referrals.c.id == case.referral_id)
                     .values(holder_id=ids["khan"], held_at=datetime.now(UTC)))
    ali = browser(app, "dr.ali")
    path = f"/referrals/{case.referral_id}"
    assert 'id="invite-form"' not in ali.http.get(path).text
    refused = post_form(ali, path, f"{path}/opinions", **{f"invite_{ids['zaidi']}": "1"})
    assert refused.status_code == 403 and "holding this referral" in refused.text
    khan = browser(app, "dr.khan")
    assert 'id="invite-form"' in khan.http.get(path).text
    nobody = post_form(khan, path, f"{path}/opinions")
    assert nobody.status_code == 422 and "Tick at least one colleague" in nobody.text


def test_an_outcome_is_recorded_once_and_only_by_the_chair(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    coordinator, chair = browser(app, "huma"), browser(app, "dr.zaidi")
    made = post_form(coordinator, "/conferences", "/conferences", title="ECHO", day="2026-12-10", at="09:30",
                     chair=ids["zaidi"])
    path = made.headers["location"].split("?")[0]
    post_form(coordinator, path, f"{path}/cases", referral_id=case.referral_id)
    step = chair.http.get(f"{path}/chair").text
    action = re.search(r'action="(/conferences/[^"]+/outcome)"', step).group(1)
    missing = chair.http.post(action, data={**form_fields(step, action), "consensus_plan": "",
                                            "plan_changed": "yes"})
    assert missing.status_code == 422
    assert "Write the plan the conference agreed on" in missing.text and "Tick who was present" in missing.text
    good = {**form_fields(step, action), "consensus_plan": "Admit.", "plan_changed": "no",
            f"present_{ids['zaidi']}": "1"}
    assert chair.http.post(action, data=good).status_code == 303
    again = chair.http.post(action, data=good)
    assert again.status_code == 409 and "recorded and sent already" in again.text
    assert len([p for e, p in feed(engine, "bhu-jhok") if e == "advice"]) == 1
    assert coordinator.http.post(action, data={**good, "csrf_token": hidden_fields(
        coordinator.http.get("/inbox").text)["csrf_token"]}).status_code == 403


def test_a_station_that_begins_to_read_agenda_notices_is_sent_its_cases_on_agendas(app: FastAPI) -> None:
    from hub import station_feed
    from hub.feed import read_feed

    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    coordinator = browser(app, "huma")
    made = post_form(coordinator, "/conferences", "/conferences", title="Board", day="2026-12-10", at="09:30",
                     chair=ids["zaidi"])
    path = made.headers["location"].split("?")[0]
    post_form(coordinator, path, f"{path}/cases", referral_id=case.referral_id)
    with engine.begin() as conn:
        _, cursor, _ = read_feed(conn, "bhu-jhok", 0, 100, readable=FIRST_HUB_ENTITIES)
        station_feed.declare(conn, "bhu-jhok", frozenset({"conference_agenda"}))
    with engine.connect() as conn:
        later, _, _ = read_feed(conn, "bhu-jhok", cursor, 100,
                                readable=FIRST_HUB_ENTITIES | {"conference_agenda"})
    # The first notice may come too when the cursor had not moved past it; the newest version wins.
    assert (later[-1].entity, later[-1].data["status"], later[-1].data["version"]) == ("conference_agenda",
                                                                                       "scheduled", 2)


def test_cases_left_undiscussed_when_the_conference_ends_are_withdrawn_from_their_station(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    coordinator, chair = browser(app, "huma"), browser(app, "dr.zaidi")
    made = post_form(coordinator, "/conferences", "/conferences", title="Board", day="2026-12-10", at="09:30",
                     chair=ids["zaidi"])
    path = made.headers["location"].split("?")[0]
    post_form(coordinator, path, f"{path}/cases", referral_id=case.referral_id)
    assert post_form(chair, f"{path}/chair", f"{path}/close").status_code == 303
    assert [p["status"] for e, p in feed(engine, "bhu-jhok") if e == "conference_agenda"] == ["scheduled", "removed"]
    assert "Not discussed." in chair.http.get(f"{path}/minutes").text
    refused = post_form(coordinator, "/conferences", f"{path}/cases",
                        referral_id=add_case(engine, "bhu-jhok").referral_id)
    assert refused.status_code == 409 and "This conference has ended" in refused.text


def test_only_the_coordinator_the_chair_or_the_proposer_takes_a_case_off_the_agenda(app: FastAPI) -> None:
    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    coordinator, proposer, outsider = browser(app, "huma"), browser(app, "dr.ali"), browser(app, "dr.baig")
    made = post_form(coordinator, "/conferences", "/conferences", title="ECHO clinic", day="2026-12-10", at="09:30",
                     chair=ids["khan"])
    path = made.headers["location"].split("?")[0]
    assert post_form(proposer, path, f"{path}/cases", referral_id=case.referral_id).status_code == 303
    remove = re.search(r'action="(/conferences/[^"]+/remove)"', proposer.http.get(path).text)
    assert remove is not None
    assert "/remove" not in outsider.http.get(path).text  # no button for someone who may not use it
    refused = post_form(outsider, path, remove.group(1))
    assert refused.status_code == 403 and "coordinator" in refused.text
    assert [p["status"] for e, p in feed(engine, "bhu-jhok") if e == "conference_agenda"] == ["scheduled"]
    assert post_form(proposer, path, remove.group(1)).status_code == 303
    assert [p["status"] for e, p in feed(engine, "bhu-jhok") if e == "conference_agenda"] == ["scheduled", "removed"]


# PostgreSQL only: the hub's SQLite transactions take the write lock up front (BEGIN IMMEDIATE),
# so there two requests cannot both read before either writes.
@pytest.mark.parametrize("hub_db_url", ["postgresql"], indirect=True)
def test_an_outcome_sent_twice_at_once_reaches_the_station_once(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chair's double click, or two tabs: both requests read the case as not yet discussed;
    only one may record it and send the advice."""
    import threading

    from hub.console import conferences
    from hub.console.auth import Specialist

    engine, ids = app.state.engine, app.state.ids
    case = add_case(engine, "bhu-jhok")
    chair = Specialist(id=ids["zaidi"], username="dr.zaidi", name="Dr Farah Zaidi", specialty="oncology")
    form = conferences.ScheduleForm(title="Board", day="2026-12-09", at="15:00", chair=ids["zaidi"])
    with engine.begin() as conn:
        conference_id = conferences.schedule(conn, form, chair, "Asia/Karachi", datetime.now(UTC))
        conferences.add_case(conn, conference_id, case.referral_id, chair, datetime.now(UTC))
        item_id = conn.execute(select(t.conference_items.c.id)).scalar_one()
    # Both requests have read the case as waiting before either writes.
    both_read = threading.Barrier(2, timeout=30)
    real_uuid7 = conferences.uuid7

    def uuid7_after_both_read() -> str:
        both_read.wait()
        return real_uuid7()

    monkeypatch.setattr(conferences, "uuid7", uuid7_after_both_read)
    outcome = conferences.OutcomeForm(consensus_plan="Start temozolomide.", plan_changed="yes",
                                      plan_change="Chemotherapy added.", present=[ids["zaidi"]])
    results: list[str] = []

    def record() -> None:
        try:
            with engine.begin() as conn:
                conferences.record_outcome(conn, conference_id, item_id, chair, outcome, datetime.now(UTC))
            results.append("recorded")
        except conferences.ConferenceError:
            results.append("refused")

    threads = [threading.Thread(target=record) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == ["recorded", "refused"]
    assert len([p for e, p in feed(engine, "bhu-jhok") if e == "advice"]) == 1
