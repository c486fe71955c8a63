"""The wire protocol between station and hub: pydantic models shared by both sides.

Imports nothing of station/ so the hub can use it alone. Every model forbids unknown fields and
is strict about types, so a malformed change is refused with a reason that names the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sync.wire.library import LibraryCaseData
from sync.wire.payloads import RECORD_MODELS as _RECORD_PAYLOADS
from sync.wire.payloads import (
    Hlc,
    RecordData,
    SpecialtyCode,
    UtcTimestamp,
    Uuid,
    Version,
    clean_text,
    text,
)

# Entities a station may push, and the ones only the hub writes (they arrive through pull).
STATION_ENTITIES: frozenset[str] = frozenset(
    {"patient", "encounter", "vitals_set", "referral", "message", "attachment", "call"}
)
HUB_ENTITIES: frozenset[str] = frozenset(
    {"advice", "message", "referral_status", "call_proposal", "specialty", "referral_holder",
     "referral_escalation", "conference_agenda", "library_case"}
)
# What every station reads. A station names the newer hub entities it reads on each pull
# (`reads=`); the hub sends an older station nothing else, so its pull never fails on them.
FIRST_HUB_ENTITIES: frozenset[str] = frozenset({"advice", "message", "referral_status", "call_proposal"})

Entity = Literal[
    "patient",
    "encounter",
    "vitals_set",
    "referral",
    "advice",
    "message",
    "attachment",
    "referral_status",
    "call",
    "call_proposal",
    "specialty",
    "referral_holder",
    "referral_escalation",
    "conference_agenda",
    "library_case",
]

CallEndedBy = Literal["station", "specialist", "network"]
CallQuality = Literal["good", "weak", "audio_only"]


class CallData(RecordData):
    """A video consult as the station recorded it (station -> hub): who, when, how long, how well."""

    referral_id: Uuid
    patient_id: Uuid
    started_at: UtcTimestamp
    connected_at: UtcTimestamp | None
    ended_at: UtcTimestamp | None
    duration_seconds: Annotated[int, Field(ge=0, le=7 * 24 * 3600)] | None
    ended_by: CallEndedBy | None
    outcome: Literal["completed", "missed", "failed", "cancelled"]
    audio_only: bool
    # The worst level seen during the call; null when it never connected.
    quality: CallQuality | None
    started_by: Annotated[str, text(200, 1)]


class CallProposalData(RecordData):
    """A time a specialist proposes for a video consult (hub -> station); no media."""

    referral_id: Uuid
    patient_id: Uuid
    specialist_name: Annotated[str, text(200, 1)]
    specialty: Annotated[str, text(100, 1)]
    proposed_for: UtcTimestamp
    note: Annotated[str, text(2000)] | None
    status: Literal["proposed", "cancelled"]


class SpecialtyData(RecordData):
    """One specialty of the hub's list (hub -> station); the station's referral form offers the list."""

    code: SpecialtyCode
    name: Annotated[str, text(100, 1)]
    name_ur: Annotated[str, text(100)]
    active: bool


class ReferralHolderData(RecordData):
    """Who holds (answers) a referral, with their PMDC registration (hub -> station).

    `holder_name` null: nobody holds it any more (given back to the specialty)."""

    referral_id: Uuid
    holder_name: Annotated[str, text(200, 1)] | None
    registration_number: Annotated[str, text(20)] | None
    specialty: Annotated[str, text(100)] | None
    since: UtcTimestamp | None


class ReferralEscalationData(RecordData):
    """A referral left without advice past its target was escalated (hub -> station): to whom,
    why (the holder's backup, the specialty's on-call specialist, the coordinators), after how long."""

    referral_id: Uuid
    step: Annotated[int, Field(ge=1, le=9)]
    reason: Literal["backup", "on_call", "coordinators"]
    to_name: Annotated[str, text(200, 1)]
    waited_minutes: Annotated[int, Field(ge=0, le=10**7)]
    at: UtcTimestamp
class ConferenceAgendaData(RecordData):
    """A referral's place on a case conference's agenda (hub -> station): when it is discussed.

    The record's id is the agenda item's; a later version moves it (another time), removes it, or
    marks it discussed (the outcome arrives as the advice).
    """

    referral_id: Uuid
    patient_id: Uuid
    conference_id: Uuid
    title: Annotated[str, text(200, 1)]
    starts_at: UtcTimestamp
    time_zone: Annotated[str, text(64, 1)]
    status: Literal["scheduled", "removed", "discussed"]


RECORD_MODELS: dict[str, type[RecordData]] = {
    **_RECORD_PAYLOADS,
    "call": CallData,
    "call_proposal": CallProposalData,
    "specialty": SpecialtyData,
    "referral_holder": ReferralHolderData,
    "referral_escalation": ReferralEscalationData,
    "conference_agenda": ConferenceAgendaData,
    "library_case": LibraryCaseData,
}

MAX_CHANGES_PER_PUSH = 500
MAX_PULL_LIMIT = 500
DEFAULT_PULL_LIMIT = 100



class WireModel(BaseModel):
    """Base of every protocol message: unknown fields are an error, types are not coerced.

    No text field may hold what a database cannot store (NUL, lone surrogates); record payloads
    (`Change.data`) are checked field by field by their own models, per change.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str):
                clean_text(item)
        return value


class Change(WireModel):
    """One record change travelling in either direction."""

    change_id: Uuid
    entity: Entity
    record_id: Uuid
    op: Literal["upsert"]
    hlc: Hlc
    version: Version
    data: dict[str, Any] = Field(description="The record payload; validated per entity by the receiver.")


class PushRequest(WireModel):
    changes: list[Change] = Field(min_length=1, max_length=MAX_CHANGES_PER_PUSH)


class PushResult(WireModel):
    change_id: str
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = None


class PushResponse(WireModel):
    results: list[PushResult]


class PullResponse(WireModel):
    changes: list[Change]
    cursor: int = Field(ge=0, description="Pass this back as `cursor` on the next pull.")
    more: bool = Field(description="True when more changes are waiting beyond this page.")


# Enrollment codes are read aloud over a phone line: no 0/O or 1/I/L, in groups of four. Twelve
# characters (31**12, about 8e17 codes) make guessing hopeless within the per-address limit.
# The hub issues and checks codes with these constants and the published schema is built from
# them, so the two cannot disagree.
ENROLL_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ENROLL_CODE_LENGTH = 12
ENROLL_CODE_GROUP = 4
ENROLL_CODE_SEPARATORS = " -\t"  # people type "ABCD-EFGH-JKMN" or "abcd efgh jkmn": the same code


def enroll_code_pattern(alphabet: str = ENROLL_CODE_ALPHABET, length: int = ENROLL_CODE_LENGTH) -> str:
    """The regular expression of a code as typed: `length` code characters (any case), separators between."""
    chars = "".join(dict.fromkeys(alphabet + alphabet.lower()))
    return rf"^[\t -]*(?:[{chars}][\t -]*){{{length}}}$"


class EnrollRequest(WireModel):
    code: str = Field(
        min_length=ENROLL_CODE_LENGTH,
        max_length=4 * ENROLL_CODE_LENGTH,
        description=(
            f"The one-time enrollment code printed by `telehub station add`: {ENROLL_CODE_LENGTH} characters "
            f"from {ENROLL_CODE_ALPHABET}, shown in groups of {ENROLL_CODE_GROUP} (either case; spaces and "
            "dashes between them are ignored)."
        ),
        # Checked by the hub with its own sentence (hub.stations.enroll); published for clients.
        json_schema_extra={"pattern": enroll_code_pattern()},
    )
    public_key: str = Field(
        min_length=1, max_length=128, description="The station's Ed25519 public key: base64 of the raw 32 bytes."
    )


class EnrollResponse(WireModel):
    station_id: str
    hub_time: str


class TimeResponse(WireModel):
    hub_time: str = Field(description="The hub's clock, ISO-8601 UTC.")
    epoch_ms: int


class HealthResponse(WireModel):
    status: Literal["ok"]
    database: Literal["ok"]


class ErrorBody(WireModel):
    """Every error the API returns: a stable code and a sentence for a person."""

    error: str
    message: str


class IceServer(WireModel):
    """One RTCIceServer as WebRTC takes it; TURN entries carry time-limited credentials."""

    urls: list[str]
    username: str | None = None
    credential: str | None = None


class IceServersResponse(WireModel):
    ice_servers: list[IceServer] = Field(description="Empty when the hub has no STUN/TURN configured.")


class CallStartRequest(WireModel):
    call_id: Uuid = Field(description="A UUIDv7 the station made; sending it again is harmless.")
    referral_id: Uuid


class ConferenceAccess(WireModel):
    """One participant's way into a call's Janus rooms (VideoRoom for pictures, AudioBridge for voice)."""

    url: str = Field(description="Janus's HTTP API, e.g. https://hub.example.org/janus")
    token: str = Field(description="Janus token (time-limited, signed by the hub); send it with every request.")
    room: int = Field(description="The room number, the same in VideoRoom and AudioBridge.")
    room_token: str = Field(description="This participant's entry to the room (the room's `allowed` list).")
    display: str


class CallStartResponse(WireModel):
    call_id: str
    status: Literal["ringing", "active", "ended", "missed"]
    ice_servers: list[IceServer]
    signal_path: str = Field(description="Open a WebSocket here (signed GET) to exchange offer and answer.")
    conference: ConferenceAccess | None = Field(
        default=None, description="Present when the hub runs calls through its SFU (Janus): join these rooms "
        "instead of sending an offer; the signaling socket still carries the call's state and `bye`.")
    ice_transport_policy: Literal["all", "relay"] | None = Field(
        None, description="\"relay\": use only TURN candidates (the hub runs with --relay-only).")


class CallStatusResponse(WireModel):
    call_id: str
    referral_id: str
    status: Literal["ringing", "active", "ended", "missed"]
    specialist_name: str | None
    ended_by: CallEndedBy | None
    created_at: str
    answered_at: str | None
    ended_at: str | None


class CallErrorBody(WireModel):
    """A refused call request: the usual error shape, plus `code` and `detail` (the same values)."""

    error: str
    message: str
    code: str
    detail: str


class RecordError(ValueError):
    """A change's payload does not fit its entity; the message names the field."""


def validate_record(entity: str, data: dict[str, Any]) -> BaseModel:
    """Validate a record payload against its entity model, raising RecordError naming the field."""
    model = RECORD_MODELS.get(entity)
    if model is None:
        raise RecordError(f"unknown entity {entity!r}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RecordError(describe_errors(exc.errors(), prefix="data")) from None


def describe_errors(errors: Iterable[Any], prefix: str = "", limit: int = 5) -> str:
    """Turn pydantic errors into one plain sentence naming each field (at most `limit` of them)."""
    parts: list[str] = []
    errors = list(errors)
    for err in errors[:limit]:
        where = format_location(err.get("loc", ()), prefix)
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            text = "is not a known field"
        elif kind == "missing":
            text = "is required"
        else:
            text = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
            text = text[0].lower() + text[1:] if text else "is not valid"
        sep = " " if kind in ("extra_forbidden", "missing") else ": "
        parts.append(f"{where}{sep}{text}" if where else text)
    more = len(errors) - limit
    if more > 0:
        parts.append(f"and {more} more problem{'s' if more > 1 else ''}")
    return "; ".join(parts)


def format_location(loc: Iterable[Any], prefix: str = "") -> str:
    """('changes', 0, 'data', 'sex') -> 'changes[0].data.sex'."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            # Field names come from the client: show them escaped so odd characters stay visible.
            name = str(part).encode("unicode_escape").decode("ascii")
            out = f"{out}.{name}" if out else name
    return out


__all__ = [
    "DEFAULT_PULL_LIMIT",
    "FIRST_HUB_ENTITIES",
    "HUB_ENTITIES",
    "MAX_CHANGES_PER_PUSH",
    "MAX_PULL_LIMIT",
    "RECORD_MODELS",
    "STATION_ENTITIES",
    "CallData",
    "CallErrorBody",
    "CallProposalData",
    "CallStartRequest",
    "CallStartResponse",
    "CallStatusResponse",
    "Change",
    "EnrollRequest",
    "EnrollResponse",
    "Entity",
    "ErrorBody",
    "HealthResponse",
    "IceServer",
    "IceServersResponse",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "PushResult",
    "RecordError",
    "ReferralEscalationData",
    "ReferralHolderData",
    "SpecialtyData",
    "TimeResponse",
    "describe_errors",
    "format_location",
    "validate_record",
]
