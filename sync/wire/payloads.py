"""Record payload models, one per entity of the record contract (what `Change.data` holds).

Strict and closed: unknown fields and wrong types are refused, so a bad record is rejected with a
reason instead of being stored half-understood.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from annotated_types import GroupedMetadata, MaxLen, MinLen
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from sync.wire.specialties import CODE_PATTERN

Entity = Literal[
    "patient", "encounter", "vitals_set", "referral", "advice", "message", "attachment", "referral_status"
]

NODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"


def clean_text(value: str) -> str:
    """`value` unchanged, or ValueError when a database could not store it."""
    # NUL and lone surrogates cannot be stored in PostgreSQL text or encoded as UTF-8.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


def _utc_timestamp(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO-8601 timestamp such as 2024-05-01T09:30:00Z") from None
    if moment.tzinfo is None or moment.utcoffset() != UTC.utcoffset(None):
        raise ValueError("must be in UTC (end with Z or +00:00)")
    return value


def _calendar_date(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("must be a date as YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date as YYYY-MM-DD") from None
    return value


@dataclass(frozen=True)
class text(GroupedMetadata):  # lower case: read as a type, Annotated[str, text(200, 1)]
    """A string with a length limit and no characters a database cannot store."""

    max_length: int
    min_length: int = 0

    def __iter__(self) -> Iterator[object]:
        yield MinLen(self.min_length)
        yield MaxLen(self.max_length)
        yield AfterValidator(clean_text)


@dataclass(frozen=True)
class _SchemaPattern:
    """Publishes the pattern in the JSON schema, so generated clients and test data fit it."""

    regex: str

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        out["pattern"] = f"^(?:{self.regex})$"
        return out


@dataclass(frozen=True)
class _pattern(GroupedMetadata):
    """A string matching `regex`; the error says `description` rather than the expression."""

    regex: str
    description: str
    max_length: int = 200

    def __iter__(self) -> Iterator[object]:
        compiled = re.compile(self.regex)
        description = self.description

        def check(value: str) -> str:
            if not compiled.fullmatch(value):
                raise ValueError(f"must be {description}")
            return value

        yield MaxLen(self.max_length)
        yield AfterValidator(check)
        yield _SchemaPattern(self.regex)


Uuid = Annotated[str, _pattern(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "a lowercase UUID", 36)]
StationId = Annotated[str, _pattern(NODE_PATTERN, "a station id (letters, digits, '.', '_' or '-', up to 64)", 64)]
Hlc = Annotated[str, _pattern(
    rf"[0-9]{{14}}-[0-9]{{4}}-{NODE_PATTERN}",
    "a hybrid logical clock value: 14-digit milliseconds, '-', 4-digit counter, '-', node id",
    84,
)]
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]
UtcTimestamp = Annotated[str, StringConstraints(max_length=40), AfterValidator(_utc_timestamp)]
CalendarDate = Annotated[str, StringConstraints(max_length=10), AfterValidator(_calendar_date)]
Sha256 = Annotated[str, _pattern(r"[0-9a-f]{64}", "a SHA-256 digest as 64 lowercase hex digits", 64)]
ShortText = Annotated[str, text(200)]
SpecialtyCode = Annotated[str, _pattern(
    CODE_PATTERN, "a specialty code: 2 to 40 lowercase letters, digits or '_', starting with a letter", 40)]
LongText = Annotated[str, text(20_000)]

ReferralStatusValue = Literal["draft", "queued", "sent", "received", "answered", "closed"]

# LOINC code -> the UCUM unit it must be recorded in.
VITAL_UNITS: dict[str, str] = {
    "8480-6": "mm[Hg]",
    "8462-4": "mm[Hg]",
    "8867-4": "/min",
    "9279-1": "/min",
    "8310-5": "Cel",
    "2708-6": "%",
    "29463-7": "kg",
    "8302-2": "cm",
    "39156-5": "kg/m2",
    "56072-2": "cm",
}
_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class RecordData(Payload):
    """Fields every record carries."""

    id: Uuid
    station_id: StationId
    created_at: UtcTimestamp
    updated_at: Hlc
    version: Version
    # Who made the record at the station (a username); not every entity's contract names it,
    # but stations send it and it is useful to show to the specialist.
    created_by: ShortText | None = None


class PatientData(RecordData):
    mrn: Annotated[str, text(64, 1)]
    name: Annotated[str, text(200, 1)]
    name_ur: ShortText | None
    father_name: ShortText | None
    father_name_ur: ShortText | None
    # Whose name father_name is; stations before schema 8 do not send it.
    relation: Literal["father", "husband"] | None = None
    sex: Literal["female", "male", "other"]
    date_of_birth: CalendarDate | None
    estimated_age_years: Annotated[int, Field(ge=0, le=150)] | None
    cnic: Annotated[str, _pattern(r"[0-9]{5}-[0-9]{7}-[0-9]", "a CNIC as 12345-1234567-1", 15)] | None
    phone: Annotated[str, _pattern(r"\+?[0-9]{7,15}", "a phone number of 7 to 15 digits, such as 03001234567", 16)] | None
    village: ShortText | None
    district: ShortText | None


class Diagnosis(Payload):
    code: Annotated[str, _pattern(_ICD10.pattern, "an ICD-10 code such as J18.9", 10)]
    title: Annotated[str, text(300, 1)]


class Prescription(Payload):
    medicine_id: Annotated[str, text(64)] | None
    name: Annotated[str, text(200, 1)]
    strength: Annotated[str, text(100)] | None
    dose: Annotated[str, text(100)] | None
    frequency: Annotated[str, text(100)] | None
    duration_days: Annotated[int, Field(ge=0, le=3650)] | None
    notes: Annotated[str, text(1000)] | None


class EncounterData(RecordData):
    patient_id: Uuid
    started_at: UtcTimestamp
    complaint: LongText | None
    history: LongText | None
    examination: LongText | None
    assessment: LongText | None
    plan: LongText | None
    diagnoses: list[Diagnosis] = Field(max_length=50)
    prescriptions: list[Prescription] = Field(max_length=50)
    follow_up_date: CalendarDate | None
    status: Literal["draft", "signed"]
    signed_by: ShortText | None
    signed_at: UtcTimestamp | None
    supersedes: Uuid | None
    # Stations older than the correction reason send none.
    correction_reason: Annotated[str, text(1000)] | None = None


class Observation(Payload):
    code: Literal[tuple(VITAL_UNITS)]  # type: ignore[valid-type]
    name: Annotated[str, text(100)]
    value: Annotated[float, Field(allow_inf_nan=False)]
    unit: Annotated[str, text(20)]

    @model_validator(mode="after")
    def _unit_matches_code(self) -> Observation:
        expected = VITAL_UNITS[self.code]
        if self.unit != expected:
            raise ValueError(f"unit for LOINC {self.code} must be {expected!r}, not {self.unit!r}")
        return self


class VitalsSetData(RecordData):
    patient_id: Uuid
    encounter_id: Uuid | None
    taken_at: UtcTimestamp
    observations: list[Observation] = Field(max_length=30)
    consciousness: Literal["alert", "confusion", "voice", "pain", "unresponsive"] | None
    supplemental_oxygen: bool
    spo2_scale: Literal[1, 2]
    supersedes: Uuid | None


class ConsentData(Payload):
    """Consent to share a referral (only a given consent travels: a refused referral stays local)."""

    by: Literal["patient", "caregiver"]
    name: Annotated[str, text(100, 1)]
    relation: Annotated[str, text(50, 1)]
    given: bool
    recorded_by: ShortText
    recorded_at: UtcTimestamp


class ReferralData(RecordData):
    patient_id: Uuid
    encounter_id: Uuid | None
    specialty: Annotated[str, text(100, 1)]
    urgency: Literal["routine", "soon", "urgent", "emergency"]
    question: Annotated[str, text(10_000)]
    status: ReferralStatusValue
    created_by: ShortText | None
    attachments: list[Sha256] = Field(max_length=50)
    summary: Annotated[str, text(10_000)] | None
    # Who agreed that the case may leave the clinic; stations older than this send none.
    consent: ConsentData | None = None


class VoiceNoteRef(Payload):
    """A voice note going with an advice or a message: the sound itself is a blob (sha256)."""

    sha256: Sha256
    media_type: Literal["audio/ogg", "audio/webm"]
    size: Annotated[int, Field(ge=1, le=1_000_000)]
    # How long it plays; 0 when the recorder could not say.
    duration_ms: Annotated[int, Field(ge=0, le=181_000)]


class AdviceData(RecordData):
    referral_id: Uuid
    patient_id: Uuid
    specialist_name: Annotated[str, text(200, 1)]
    specialty: Annotated[str, text(100, 1)]
    assessment: LongText
    recommendations: LongText
    plan_changed: bool
    plan_change: LongText | None
    follow_up: Annotated[str, text(2000)] | None
    # Who else shaped this advice (second opinions, or those present at a case conference), and the
    # conference it came from. Defaults keep advice from an older hub valid.
    contributors: list[Annotated[str, text(200, 1)]] = Field(default_factory=list, max_length=100)
    conference_title: Annotated[str, text(200, 1)] | None = None
    # The specialist's spoken advice, besides the written one; stations before voice notes ignore it.
    voice: VoiceNoteRef | None = None


class MessageData(RecordData):
    referral_id: Uuid
    author_name: Annotated[str, text(200, 1)]
    author_role: Literal["station", "specialist"]
    body: Annotated[str, text(10_000, 1)]
    # A voice note sent as (or with) the message; absent from stations and hubs before voice notes.
    voice: VoiceNoteRef | None = None


class AttachmentData(RecordData):
    sha256: Sha256
    patient_id: Uuid
    referral_id: Uuid | None
    media_type: Annotated[str, _pattern(r"[a-z0-9.+-]+/[a-z0-9.+-]+", "a media type such as image/jpeg", 127)]
    filename: Annotated[str, text(255, 1)]
    size: Annotated[int, Field(ge=0, le=2**31 - 1)]


class ReferralStatusData(RecordData):
    referral_id: Uuid
    status: ReferralStatusValue
    at: UtcTimestamp


RECORD_MODELS: dict[str, type[RecordData]] = {
    "patient": PatientData,
    "encounter": EncounterData,
    "vitals_set": VitalsSetData,
    "referral": ReferralData,
    "advice": AdviceData,
    "message": MessageData,
    "attachment": AttachmentData,
    "referral_status": ReferralStatusData,
}
