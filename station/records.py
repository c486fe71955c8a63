"""The clinic's records, as plain dataclasses.

Field names follow the record contract the hub shares (see sync/wire/protocol.py). Every synced
record carries id (UUIDv7), station_id, created_at, updated_at (hybrid logical clock) and
version. Lists and dicts are stored as JSON text; booleans as 0/1.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, ParamSpec, TypeVar, cast

ROLES = ("admin", "clinician", "health_worker")
SEXES = ("female", "male", "other")
URGENCIES = ("routine", "soon", "urgent", "emergency")
REFERRAL_STATES = ("draft", "queued", "sent", "received", "answered", "closed")
ENCOUNTER_STATES = ("draft", "signed")
CONSCIOUSNESS = ("alert", "confusion", "voice", "pain", "unresponsive")

P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Record:
    table: ClassVar[str] = ""
    entity: ClassVar[str] = ""  # name on the wire; empty for records that never leave the station
    id: str = ""
    station_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    version: int = 0

    def to_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _json_fields(type(self)):
                value = json.dumps(value, ensure_ascii=False, sort_keys=True)
            elif isinstance(value, bool):
                value = int(value)
            row[f.name] = value
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> typing.Self:
        kwargs: dict[str, Any] = {}
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            if f.name not in row:
                continue
            value = row[f.name]
            if f.name in _json_fields(cls) and isinstance(value, str):
                value = json.loads(value)
            elif "bool" in hints[f.name] and value is not None:
                value = bool(value)
            kwargs[f.name] = value
        return cls(**kwargs)

    def travels(self) -> bool:
        """Whether a write of this record goes to the outbox (to the hub)."""
        return True

    def payload(self) -> dict[str, Any]:
        """The record as it travels to the hub (JSON-ready, lists as lists)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name not in self.local_fields}

    local_fields: ClassVar[frozenset[str]] = frozenset()


def class_cache(fn: Callable[P, T]) -> Callable[P, T]:
    """functools.cache for functions of record classes: classes hash by identity, which the type
    checker cannot see for dataclasses (their instances are unhashable)."""
    return cast("Callable[P, T]", functools.cache(fn))


@class_cache
def _hints(cls: type) -> dict[str, str]:
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


@class_cache
def _json_fields(cls: type) -> frozenset[str]:
    return frozenset(name for name, hint in _hints(cls).items() if hint.startswith(("list", "dict")))


@dataclass
class Station:
    """This clinic's station. Kept in the meta table: there is exactly one per database."""

    id: str
    clinic: str
    district: str
    hub_url: str | None = None
    enrolled_at: str | None = None


@dataclass
class User(Record):
    table: ClassVar[str] = "users"
    username: str = ""
    full_name: str = ""
    role: str = "health_worker"
    credential: str = "password"  # "password" or "pin"
    active: bool = True


@dataclass
class Patient(Record):
    table: ClassVar[str] = "patients"
    entity: ClassVar[str] = "patient"
    mrn: str = ""
    name: str = ""
    name_ur: str | None = None
    father_name: str = ""
    father_name_ur: str | None = None
    relation: str | None = None  # whose name father_name is: "father" or "husband" (None: not said)
    sex: str = ""
    date_of_birth: str | None = None
    estimated_age_years: int | None = None
    cnic: str | None = None
    phone: str | None = None
    village: str = ""
    district: str = ""
    created_by: str = ""


@dataclass
class Encounter(Record):
    table: ClassVar[str] = "encounters"
    entity: ClassVar[str] = "encounter"
    patient_id: str = ""
    started_at: str = ""
    complaint: str = ""
    history: str = ""
    examination: str = ""
    assessment: str = ""
    plan: str = ""
    diagnoses: list[dict[str, str]] = field(default_factory=list)
    prescriptions: list[dict[str, Any]] = field(default_factory=list)
    follow_up_date: str | None = None
    status: str = "draft"
    signed_by: str | None = None
    signed_at: str | None = None
    supersedes: str | None = None
    created_by: str = ""
    correction_reason: str | None = None  # why a signed consultation is corrected (required then)


@dataclass
class VitalsSet(Record):
    table: ClassVar[str] = "vitals_sets"
    entity: ClassVar[str] = "vitals_set"
    patient_id: str = ""
    encounter_id: str | None = None
    taken_at: str = ""
    observations: list[dict[str, Any]] = field(default_factory=list)
    consciousness: str | None = None
    supplemental_oxygen: bool = False
    spo2_scale: int = 1
    supersedes: str | None = None
    created_by: str = ""


@dataclass
class Referral(Record):
    table: ClassVar[str] = "referrals"
    entity: ClassVar[str] = "referral"
    patient_id: str = ""
    encounter_id: str | None = None
    specialty: str = ""
    urgency: str = "routine"
    question: str = ""
    status: str = "draft"
    created_by: str = ""
    attachments: list[str] = field(default_factory=list)
    summary: str = ""
    # Who agreed that the case may leave the clinic (station.consent); None on older records.
    consent: dict[str, Any] | None = None

    def travels(self) -> bool:
        """Refused consent keeps a referral on the station; so does a draft nobody consented to yet."""
        if self.consent is None:
            return self.status != "draft"
        return bool(self.consent.get("given"))


@dataclass
class Advice(Record):
    table: ClassVar[str] = "advice"
    entity: ClassVar[str] = "advice"
    local_fields: ClassVar[frozenset[str]] = frozenset({"acknowledged_by", "acknowledged_at"})
    referral_id: str = ""
    patient_id: str = ""
    specialist_name: str = ""
    specialty: str = ""
    assessment: str = ""
    recommendations: str = ""
    plan_changed: bool = False
    plan_change: str | None = None
    follow_up: str | None = None
    # Colleagues whose second opinions shaped it, or those present at the case conference it came from.
    contributors: list[str] = field(default_factory=list)
    conference_title: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    voice: dict[str, Any] | None = None  # the specialist's voice note (sync.wire.payloads.VoiceNoteRef)


@dataclass
class Message(Record):
    table: ClassVar[str] = "messages"
    entity: ClassVar[str] = "message"
    local_fields: ClassVar[frozenset[str]] = frozenset({"read_at"})
    referral_id: str = ""
    author_name: str = ""
    author_role: str = "station"
    body: str = ""
    read_at: str | None = None
    voice: dict[str, Any] | None = None  # a voice note sent with the message (VoiceNoteRef)

    def payload(self) -> dict[str, Any]:
        data = super().payload()
        if data.get("voice") is None:
            data.pop("voice", None)  # hubs before voice notes refuse a field they do not know
        return data


@dataclass
class Attachment(Record):
    table: ClassVar[str] = "attachments"
    entity: ClassVar[str] = "attachment"
    sha256: str = ""
    patient_id: str = ""
    referral_id: str | None = None
    media_type: str = ""
    filename: str = ""
    size: int = 0


@dataclass
class AuditEntry:
    seq: int
    at: str
    username: str
    action: str
    entity: str
    record_id: str
    detail: str
    prev_hash: str
    hash: str


SYNCED: tuple[type[Record], ...] = (Patient, Encounter, VitalsSet, Referral, Advice, Message, Attachment)
BY_ENTITY: dict[str, type[Record]] = {cls.entity: cls for cls in SYNCED}
