"""The referral page's vitals: the referred consultation's values first, the rest as history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hub.console import formatting as fmt
from hub.console.vitals import referral_vitals

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def vitals_set(set_id: str, encounter: str | None, taken: datetime, spo2: float, supersedes: str | None = None) -> dict:
    return {"id": set_id, "encounter_id": encounter, "taken_at": taken.isoformat(), "supersedes": supersedes,
            "observations": [{"code": "2708-6", "value": spo2}]}


def spo2_row(card: dict) -> dict:
    return next(row for row in card["rows"] if row["code"] == "2708-6")


def test_the_referred_consultation_is_headlined_and_newer_visits_are_history() -> None:
    sets = [vitals_set("a", "older-visit", T0 - timedelta(days=7), 90),
            vitals_set("b", "referred", T0, 82),
            vitals_set("c", "later-visit", T0 + timedelta(days=3), 98)]
    card = referral_vitals(sets, "referred", T0 + timedelta(minutes=20))
    row = spo2_row(card)
    assert (card["source"], card["taken_at"]) == ("consultation", T0)
    assert (row["at_value"], row["at_time"]) == ("82", T0)
    assert [n["value"] for n in row["newer"]] == ["98"]
    assert (row["older_count"], row["older_range"], row["count"]) == (1, "90", 3)


def test_a_corrected_reading_replaces_the_one_it_corrects() -> None:
    sets = [vitals_set("b", "referred", T0, 28), vitals_set("b2", "referred", T0, 82, supersedes="b")]
    assert spo2_row(referral_vitals(sets, "referred", T0))["at_value"] == "82"


def test_without_vitals_in_the_consultation_the_newest_before_the_referral_is_used_and_said() -> None:
    sets = [vitals_set("a", "older-visit", T0 - timedelta(days=2), 88),
            vitals_set("c", "later-visit", T0 + timedelta(days=1), 97)]
    card = referral_vitals(sets, "referred", T0)
    assert card["source"] == "before"
    assert spo2_row(card)["at_value"] == "88"
    only_later = referral_vitals([sets[1]], "referred", T0)
    assert only_later["source"] == "none" and spo2_row(only_later)["at_value"] is None
    assert [n["value"] for n in spo2_row(only_later)["newer"]] == ["97"]


def test_times_are_written_in_the_hubs_zone_with_its_name() -> None:
    moment = datetime(2026, 12, 7, 15, 46, tzinfo=UTC)
    assert fmt.format_when(moment) == "7 Dec 2026, 20:46 PKT"
    with fmt.shown_in(fmt.time_zone("UTC")):
        assert fmt.format_when(moment) == "7 Dec 2026, 15:46 UTC"
        assert fmt.zone_description(moment) == "UTC"
    with fmt.shown_in(fmt.time_zone("Asia/Dubai")):
        assert fmt.format_when(moment) == "7 Dec 2026, 19:46 UTC+04"
    assert fmt.zone_description(moment) == "PKT (Asia/Karachi, UTC+05)"
