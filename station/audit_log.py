"""Reading the audit log for people: filtered, a page at a time, in the station's local time,
with the patient (MRN and name) each entry concerns.

The chain itself (station.audit) holds only ids; the viewer looks the patient up when it shows
an entry, so a name corrected later is shown as it is now. Reads go newest first and stop at
a page, so a log of years opens as fast as a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from sync.wire.ids import utc_iso

# Every clinic is in Pakistan; a station can be told otherwise (meta "time_zone", an IANA name).
DEFAULT_ZONE = "Asia/Karachi"
# Pakistan has kept UTC+5 all year since 2009: used when the PC has no time-zone database (Windows
# without the tzdata package).
PAKISTAN = timezone(timedelta(hours=5), "PKT")
PAGE = 200

# The patient each kind of record belongs to (entity as the audit log names it -> SQL).
_PATIENT_OF = {
    "patient": "a.record_id",
    "encounter": "(SELECT patient_id FROM encounters WHERE id = a.record_id)",
    "vitals_set": "(SELECT patient_id FROM vitals_sets WHERE id = a.record_id)",
    "referral": "(SELECT patient_id FROM referrals WHERE id = a.record_id)",
    "advice": "(SELECT patient_id FROM advice WHERE id = a.record_id)",
    "message": "(SELECT r.patient_id FROM messages m JOIN referrals r ON r.id = m.referral_id "
               "WHERE m.id = a.record_id)",
    "attachment": "(SELECT patient_id FROM attachments WHERE id = a.record_id)",
}
PATIENT_ID_SQL = ("CASE a.entity " + " ".join(f"WHEN '{entity}' THEN {sql}" for entity, sql in _PATIENT_OF.items())
                  + " END")


@dataclass(frozen=True)
class AuditFilter:
    """What to show: any field left None is not filtered on. Days are the station's local days."""

    username: str | None = None
    action: str | None = None
    first_day: date | None = None
    last_day: date | None = None
    patient_id: str | None = None


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str            # as recorded (UTC)
    local_time: str    # "2026-12-07 16:16:55" in the station's time zone
    username: str
    action: str
    entity: str
    record_id: str
    patient_id: str | None
    mrn: str | None
    patient_name: str | None


def station_zone(conn: Any) -> tzinfo:
    """The station's time zone (Pakistan unless set otherwise)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'time_zone'").fetchone()
    name = row[0] if row and row[0] else DEFAULT_ZONE
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database on this PC, or an unknown name: Pakistan's fixed offset
        return PAKISTAN


def zone_label(zone: tzinfo) -> str:
    """"PKT (UTC+05:00)": how the viewer names the times it shows."""
    now = datetime.now(UTC).astimezone(zone)
    offset = now.strftime("%z")
    return f"{now.tzname()} (UTC{offset[:3]}:{offset[3:]})"


def local_time(at: str, zone: tzinfo) -> str:
    """A recorded UTC timestamp as local "YYYY-MM-DD HH:MM:SS" (left as it was if unreadable)."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _utc_bound(day: date, zone: tzinfo) -> str:
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    return start.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _where(flt: AuditFilter, zone: tzinfo) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if flt.username:
        clauses.append("a.username = ?")
        args.append(flt.username)
    if flt.action:
        clauses.append("a.action = ?")
        args.append(flt.action)
    if flt.first_day:
        clauses.append("a.at >= ?")
        args.append(_utc_bound(flt.first_day, zone))
    if flt.last_day:
        clauses.append("a.at < ?")
        args.append(_utc_bound(flt.last_day + timedelta(days=1), zone))
    if flt.patient_id:
        # Only the patient's own records can name them: look those ids up by index.
        clauses.append(f"a.record_id IN ({_RECORDS_OF_PATIENT})")
        args += [flt.patient_id] * _RECORDS_OF_PATIENT.count("?")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


_RECORDS_OF_PATIENT = " UNION ALL ".join([
    "SELECT ?",
    "SELECT id FROM encounters WHERE patient_id = ?",
    "SELECT id FROM vitals_sets WHERE patient_id = ?",
    "SELECT id FROM referrals WHERE patient_id = ?",
    "SELECT id FROM advice WHERE patient_id = ?",
    "SELECT m.id FROM messages m JOIN referrals r ON r.id = m.referral_id WHERE r.patient_id = ?",
    "SELECT id FROM attachments WHERE patient_id = ?",
])


def count(conn: Any, flt: AuditFilter, zone: tzinfo | None = None) -> int:
    """How many entries the filter lets through."""
    where, args = _where(flt, zone or station_zone(conn))
    return int(conn.execute(f"SELECT count(*) FROM audit a{where}", args).fetchone()[0])


def page(conn: Any, flt: AuditFilter, offset: int = 0, limit: int = PAGE,
         zone: tzinfo | None = None) -> list[AuditRow]:
    """Entries newest first, `limit` of them after the first `offset`."""
    zone = zone or station_zone(conn)
    where, args = _where(flt, zone)
    rows = conn.execute(
        f"SELECT e.seq, e.at, e.username, e.action, e.entity, e.record_id, e.pid, p.mrn, p.name, p.name_ur "
        f"FROM (SELECT a.seq, a.at, a.username, a.action, a.entity, a.record_id, {PATIENT_ID_SQL} AS pid "
        f"      FROM audit a{where} ORDER BY a.seq DESC LIMIT ? OFFSET ?) e "
        "LEFT JOIN patients p ON p.id = e.pid ORDER BY e.seq DESC",
        [*args, int(limit), int(offset)]).fetchall()
    return [AuditRow(seq, at, local_time(at, zone), user, action, entity, record_id,
                     pid if mrn is not None else None, mrn,
                     (f"{name} \u2014 {name_ur}" if name_ur else name) if mrn is not None else None)
            for seq, at, user, action, entity, record_id, pid, mrn, name, name_ur in rows]


def newest_seq(conn: Any) -> int:
    """The number of the newest entry (0 for an empty log): a cheap "has anything happened?"."""
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])


def usernames(conn: Any) -> list[str]:
    """Everyone who appears in the log, for the user filter."""
    return [r[0] for r in conn.execute("SELECT DISTINCT username FROM audit ORDER BY username")]


def actions(conn: Any) -> list[str]:
    """Every action the log holds, for the action filter."""
    return [r[0] for r in conn.execute("SELECT DISTINCT action FROM audit ORDER BY action")]


def record_summary_saved(store: Any, encounter_id: str) -> None:
    """Audit that a consultation summary left the database as a file (the file name is not kept:
    a person may have typed the patient's name into it)."""
    store.audit("encounter.summary_pdf", "encounter", encounter_id, {"saved_at": utc_iso()})


def patient_for(conn: Any, typed: str) -> tuple[str, str, str] | None:
    """(id, MRN, name) of the patient meant by an MRN or a name typed in the filter: the MRN
    exactly when it is one, else the best search match. None when nobody matches."""
    from station import search

    ids = search.search(conn, typed, limit=1)
    if not ids:
        return None
    row = conn.execute("SELECT id, mrn, name FROM patients WHERE id = ?", (ids[0],)).fetchone()
    return (row[0], row[1], row[2]) if row else None
