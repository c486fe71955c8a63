"""Hub entities newer than the first stations: who reads them, and catching a station up on them.

A station names the newer hub entities it reads on every pull (`reads=`). The hub keeps that set
(stations.feed_entities), sends each station only what it reads, and when a station names an
entity for the first time (a new station, or one just updated) it first publishes the current
state of that entity to it: the specialty list, the holders of its referrals, the published
teaching library.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, select, update

from hub import tables as t
from hub.feed import publish
from sync.wire.ids import utc_iso
from sync.wire.protocol import FIRST_HUB_ENTITIES, HUB_ENTITIES

NEWER_ENTITIES = HUB_ENTITIES - FIRST_HUB_ENTITIES
# A specialty's record id is derived from its code, so every change of it is one record at the station.
_SPECIALTY_IDS = uuid.UUID("6f1c3a52-9a0e-4d3b-8f7e-2c5d7b1e9a40")


def parse_reads(value: str | None) -> frozenset[str]:
    """The newer entities a pull's `reads=` names; unknown names are ignored (a newer station)."""
    names = {part.strip() for part in (value or "").split(",")}
    return frozenset(names & NEWER_ENTITIES)


def readable(conn: Connection, station_id: str) -> frozenset[str]:
    row = conn.execute(select(t.stations.c.feed_entities).where(t.stations.c.id == station_id)).first()
    return FIRST_HUB_ENTITIES | parse_reads(row.feed_entities if row else None)


def declare(conn: Connection, station_id: str, reads: frozenset[str]) -> frozenset[str]:
    """Keep what `station_id` reads; catch it up on entities it names for the first time."""
    row = conn.execute(select(t.stations.c.feed_entities).where(t.stations.c.id == station_id)).first()
    if row is None:
        return frozenset()
    before = parse_reads(row.feed_entities)
    if reads == before:
        return frozenset()
    conn.execute(update(t.stations).where(t.stations.c.id == station_id)
                 .values(feed_entities=",".join(sorted(reads))))
    new = reads - before
    if "specialty" in new:
        for row in conn.execute(select(t.specialties).order_by(t.specialties.c.code)).all():
            _publish_specialty_to(conn, station_id, row.code, row.name, row.name_ur, bool(row.active))
    if "conference_agenda" in new:
        from hub.console.conferences import republish_agenda

        republish_agenda(conn, station_id)
    if "referral_holder" in new:
        held = conn.execute(select(t.referrals.c.id).where(t.referrals.c.station_id == station_id,
                                                           t.referrals.c.holder_id.is_not(None))).all()
        for referral in held:
            publish_holder(conn, referral.id)
    if "library_case" in new:
        from hub.library.cases import start_for_station  # it publishes through hub.feed

        start_for_station(conn, station_id, t.utcnow())
    if "referral_escalation" in new:
        from hub.escalation.steps import publish_all_to  # it publishes through this module

        publish_all_to(conn, station_id)
    return new


def readers(conn: Connection, entity: str) -> list[str]:
    """Stations (not revoked) that read `entity`."""
    rows = conn.execute(select(t.stations.c.id, t.stations.c.feed_entities)
                        .where(t.stations.c.revoked_at.is_(None), t.stations.c.feed_entities.is_not(None))).all()
    return [r.id for r in rows if entity in parse_reads(r.feed_entities)]


def specialty_record_id(code: str) -> str:
    return str(uuid.uuid5(_SPECIALTY_IDS, code))


def publish_specialty(conn: Connection, code: str, name: str, name_ur: str, active: bool) -> None:
    """Send one specialty's current state to every station that reads the list."""
    for station_id in readers(conn, "specialty"):
        _publish_specialty_to(conn, station_id, code, name, name_ur, active)


def _publish_specialty_to(conn: Connection, station_id: str, code: str, name: str, name_ur: str,
                          active: bool) -> None:
    publish(conn, station_id, "specialty", {"id": specialty_record_id(code), "code": code, "name": name,
                                            "name_ur": name_ur, "active": active})


def publish_holder(conn: Connection, referral_id: str) -> None:
    """Send who holds `referral_id` now (name, PMDC registration, specialty) to its station, if it reads it."""
    referral = conn.execute(select(t.referrals).where(t.referrals.c.id == referral_id)).first()
    if referral is None or "referral_holder" not in readable(conn, referral.station_id):
        return
    holder = None
    if referral.holder_id:
        holder = conn.execute(select(t.specialists).where(t.specialists.c.id == referral.holder_id)).first()
    specialty = None
    if referral.specialty_code:
        specialty = conn.execute(select(t.specialties.c.name).where(
            t.specialties.c.code == referral.specialty_code)).scalar()
    publish(conn, referral.station_id, "referral_holder", {
        "referral_id": referral.id,
        "holder_name": holder.name if holder else None,
        "registration_number": holder.registration_number if holder else None,
        "specialty": specialty,
        "since": utc_iso(referral.held_at) if holder and referral.held_at else None,
    })
