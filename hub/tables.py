"""The hub's tables (SQLAlchemy Core). Names are shared with the console; Alembic migrates them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Dialect,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import DateTime as _DateTime
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """A UTC instant: stored naive (UTC) on every backend, always returned timezone-aware.

    SQLite has no time zones, so storing naive UTC everywhere keeps comparisons and sorting
    identical on SQLite and PostgreSQL.
    """

    impl = _DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current instant, timezone-aware UTC (what every UtcDateTime column expects)."""
    return datetime.now(UTC)


# A station's identity: its Ed25519 public key arrives at enrollment.
stations = Table(
    "stations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("district", String(200), nullable=False),
    Column("public_key", String(64)),  # base64 of the raw 32-byte Ed25519 key
    Column("created_at", UtcDateTime, nullable=False),
    Column("enrolled_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    # The hub-made entities this station said (on its last pull) it can read beyond the first ones,
    # comma-separated: what an older station cannot read is never sent to it.
    Column("feed_entities", Text),
    # When the station first asked for the teaching library in its pull (stations before that
    # version cannot read it and are never sent it); from then on every published case goes to it.
    Column("library_since", UtcDateTime),
)

# One-time enrollment codes. Only a hash of the code is stored. Wrong guesses are charged to the
# guessing address (login_failures, "enroll:<address>"), never to a code, so nobody outside can
# block a clinic's code by guessing at it.
enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("station_id", String(64), ForeignKey("stations.id"), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
)

# Roles of people at the hub: specialists answer referrals; coordinators run the programme
# (dashboard, bulk FHIR export, the audit). Administration is the `telehub user` command.
ROLES = ("specialist", "coordinator")

specialists = Table(
    "specialists",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("specialty", String(100), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("role", String(20), nullable=False, default="specialist", server_default="specialist"),
    # PMDC registration number (e.g. 12345-P): stations show it with the name of who advises them.
    # A unique index rather than a constraint: adding it must not rebuild the table on SQLite.
    Column("registration_number", String(20)),
    Index("ix_specialists_registration_number", "registration_number", unique=True),
    # Where the hub mails this person (new urgent referrals, escalations, the digest); none: no mail.
    Column("email", String(254)),
    # Whom a referral this specialist holds escalates to first (see hub.escalation).
    Column("backup_id", String(64)),
)

# The specialties the hub manages and sends to stations. `code` never changes (referrals carry
# it); the names may. A specialty is switched off, never deleted, so old referrals keep their name.
specialties = Table(
    "specialties",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("name_ur", String(100), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# Which specialties a specialist answers for (one or more).
specialist_specialties = Table(
    "specialist_specialties",
    metadata,
    Column("specialist_id", String(64), ForeignKey("specialists.id"), primary_key=True),
    Column("specialty_code", String(40), ForeignKey("specialties.code"), primary_key=True, index=True),
    Column("added_at", UtcDateTime, nullable=False),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("specialist_id", String(64), ForeignKey("specialists.id"), nullable=False, index=True),
    Column("csrf_token", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Only what the person does moves this (pages, forms, "Stay signed in"), never background polls.
    Column("last_seen_at", UtcDateTime, nullable=False),
    # Set when an administrator disabled or reset the account: the next request signs the tab out.
    Column("ended_reason", String(20)),
)

# The latest copy of every record a station pushed (patient, encounter, vitals_set, ...).
records = Table(
    "records",
    metadata,
    Column("entity", String(32), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("station_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", String(120), nullable=False),  # HLC string; compares as a string
    Column("payload", Text, nullable=False),  # JSON
    Column("received_at", UtcDateTime, nullable=False),
    Index("ix_records_station_entity", "station_id", "entity"),
)

# Referrals as the console sees them; kept in step with referral records on push.
referrals = Table(
    "referrals",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("station_id", String(64), nullable=False, index=True),
    Column("patient_id", String(64), nullable=False, index=True),
    Column("encounter_id", String(64)),
    Column("specialty", String(100), nullable=False, index=True),
    Column("urgency", String(16), nullable=False),
    Column("urgency_rank", Integer, nullable=False),  # emergency 0, urgent 1, soon 2, routine 3
    Column("status", String(16), nullable=False),
    Column("question", Text, nullable=False),
    # What the clinic's clock said when the referral was made ("recorded at the clinic"): shown,
    # never used to order or measure, since clinic PCs with a dead CMOS battery say 1970.
    Column("created_at", UtcDateTime, nullable=False),
    # When the hub first got it: the inbox order, waiting times and dashboard periods.
    Column("received_at", UtcDateTime, nullable=False, index=True),
    Column("opened_at", UtcDateTime),
    Column("first_answer_at", UtcDateTime),
    Column("plan_changed", Boolean),
    Column("answered_by", String(64)),
    # The hub's specialty this referral is for (its free text read as a code); NULL when the
    # text names no specialty on the hub's list: the coordinators see it.
    Column("specialty_code", String(40), index=True),
    # The specialist answering it ("I'm answering this", or assigned by a coordinator), and since when.
    Column("holder_id", String(64), ForeignKey("specialists.id"), index=True),
    Column("held_at", UtcDateTime),
    # Escalation steps taken (0 none, 1 backup or on-call, 2 coordinators): claimed by a conditional
    # UPDATE, so with several hub processes each step happens once.
    Column("escalation_step", Integer, nullable=False, default=0, server_default="0"),
    # When the new-referral mail was queued (emergency and urgent referrals only).
    Column("notified_at", UtcDateTime),
    # Set when the clinic writes again on a referral already answered or closed ("follow-up from
    # the clinic"); cleared when a specialist answers it. The lifecycle status itself never goes back.
    Column("reopened_at", UtcDateTime),
    Index("ix_referrals_queue", "status", "urgency_rank", "received_at"),
)

advice = Table(
    "advice",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("station_id", String(64), nullable=False),
    Column("specialist_id", String(64)),
    Column("payload", Text, nullable=False),  # JSON, the advice record as sent to the station
    Column("created_at", UtcDateTime, nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("station_id", String(64), nullable=False),
    Column("author_role", String(16), nullable=False),  # "station" | "specialist"
    Column("author_name", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),  # the author's clock (a station's may be wrong)
    Column("received_at", UtcDateTime, nullable=False),  # the hub's: messages are listed in this order
    Column("voice", Text, nullable=True),  # JSON VoiceNoteRef of a voice note sent with the message
    Index("ix_messages_referral_id_received_at", "referral_id", "received_at"),
)

# Idempotency: every change id a station sent, with the answer it got. Never purged by the hub
# (clinics go offline for weeks); if a purge is ever added, keep at least 30 days.
applied_changes = Table(
    "applied_changes",
    metadata,
    Column("change_id", String(64), primary_key=True),
    Column("station_id", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("result", String(16), nullable=False),  # "accepted" | "rejected"
    Column("reason", Text),
    Column("received_at", UtcDateTime, nullable=False, index=True),
)

seen_nonces = Table(
    "seen_nonces",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("nonce", String(128), primary_key=True),
    Column("seen_at", UtcDateTime, nullable=False, index=True),
)

# The pull feed: changes addressed to one station, read in `seq` order.
outbound = Table(
    "outbound",
    metadata,
    # 64-bit on PostgreSQL (the feed of many stations over years); SQLite's rowid is 64-bit already.
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("station_id", String(64), nullable=False),
    Column("change_id", String(64), nullable=False, unique=True),
    Column("entity", String(32), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("hlc", String(120), nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_outbound_station_seq", "station_id", "seq"),
)

# Attachments are authorized per (station, sha256): each station uploads and owns its own copy,
# so one station's upload (finished, stuck or hostile) never decides what another may do or see.
# The SQL names differ from the Python ones since migration 0004 replaced the hub-wide tables.
blobs = Table(
    "station_blobs",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("length", Integer, nullable=False),
    Column("received", Integer, nullable=False),  # bytes stored so far: the resume offset
    Column("complete", Boolean, nullable=False, default=False),
    Column("media_type", String(127), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

blob_chunks = Table(
    "station_blob_chunks",
    metadata,
    Column("station_id", String(64), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("offset", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
    ForeignKeyConstraint(
        ["station_id", "sha256"], ["station_blobs.station_id", "station_blobs.sha256"], ondelete="CASCADE"
    ),
)

# Video consults. The hub is the source of truth for a call's state; a station's own `call`
# record (duration, quality) arrives later through push and lives in `records`.
calls = Table(
    "calls",
    metadata,
    Column("id", String(64), primary_key=True),  # the call id the station made (UUIDv7)
    Column("station_id", String(64), nullable=False, index=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("patient_id", String(64), nullable=False),
    Column("specialty", String(100), nullable=False),
    Column("status", String(16), nullable=False),  # ringing | active | ended | missed
    Column("specialist_id", String(64)),  # who joined (claimed) the call
    Column("specialist_name", String(200)),
    Column("ended_by", String(16)),  # station | specialist | network
    Column("end_reason", String(32)),
    Column("created_at", UtcDateTime, nullable=False),
    Column("answered_at", UtcDateTime),
    Column("ended_at", UtcDateTime),
    # Heartbeats of each side's signaling socket: a side silent for too long ends the call.
    Column("station_seen_at", UtcDateTime),
    Column("specialist_seen_at", UtcDateTime),
    # The Janus room number when the call runs through the SFU (several specialists); else NULL.
    Column("sfu_room", BigInteger),
    Index("ix_calls_status_created", "status", "created_at"),
)

# Who was in a call, when they joined and left: the minutes of a consult or case conference.
call_participants = Table(
    "call_participants",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("call_id", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # station | specialist
    Column("specialist_id", String(64)),
    Column("display_name", String(200), nullable=False),
    Column("joined_at", UtcDateTime, nullable=False),
    Column("left_at", UtcDateTime),
    Column("seen_at", UtcDateTime),
    Index("ix_call_participants_call_id", "call_id", "joined_at"),
)

# Signaling messages between the two sides of a call, relayed through the database so that
# several hub processes can serve one call (each socket polls for the other side's messages).
call_signals = Table(
    "call_signals",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("call_id", String(64), nullable=False),
    Column("sender", String(16), nullable=False),  # station | specialist
    Column("kind", String(16), nullable=False),  # offer | answer | bye | quality
    Column("body", Text, nullable=False),  # the JSON message as relayed
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_call_signals_call_id", "call_id", "id"),
)

# Times specialists proposed for a video consult; each is also published to the station's feed.
call_proposals = Table(
    "call_proposals",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("station_id", String(64), nullable=False),
    Column("specialist_id", String(64)),
    Column("specialist_name", String(200), nullable=False),
    Column("proposed_for", UtcDateTime, nullable=False),
    Column("note", Text),
    Column("status", String(16), nullable=False),  # proposed | cancelled
    Column("created_at", UtcDateTime, nullable=False),
)

# Failed console sign-ins per username and per address (hub.console.auth.LoginThrottle). In the
# database, not in memory, so every hub process behind one proxy counts the same failures.
login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(200), primary_key=True),  # "user:<lowercased name>" or "addr:<address>"
    Column("count", Integer, nullable=False),
    Column("last_at", UtcDateTime, nullable=False, index=True),
    Column("locked_until", UtcDateTime),
)

# Who did what at the hub: sign-ins, exports, advice, account changes. Kept; read by coordinators.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor", String(100), nullable=False, index=True),  # a username, or "telehub (command line)"
    Column("action", String(40), nullable=False, index=True),
    Column("target", String(200), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("address", String(64), nullable=False, default=""),
)

# Who is on call for a specialty on a day of the hub's time zone.
on_call = Table(
    "on_call",
    metadata,
    Column("specialty_code", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("specialist_id", String(64), nullable=False),
    Column("set_at", UtcDateTime, nullable=False),
)

# Each escalation step of a referral, as it happened (one row per referral and step).
escalations = Table(
    "escalations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("step", Integer, nullable=False),
    Column("reason", String(16), nullable=False),  # backup | on_call | coordinators
    Column("to_specialist_id", String(64)),
    Column("to_name", String(200), nullable=False),
    Column("waited_seconds", Integer, nullable=False),  # since the hub received the referral
    Column("at", UtcDateTime, nullable=False, index=True),
    UniqueConstraint("referral_id", "step"),
)

# Mails waiting to go, sent and failed, with every try's outcome (hub.mail.outbox).
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),  # one mail per key, whoever queues it
    Column("kind", String(20), nullable=False),  # new_referral | escalation | digest
    Column("to_address", String(254), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_until", UtcDateTime),
    Column("sent_at", UtcDateTime),
    Column("failed_at", UtcDateTime),
    Column("last_error", Text),
)

# The days whose digest was queued (once per hub day, whichever process is first).
digest_runs = Table(
    "digest_runs",
    metadata,
    Column("day", Date, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
)

# Second opinions: the specialist holding a referral invites colleagues; each writes one opinion.
# Opinions stay at the hub (specialists on the case read them); the advice names who contributed.
opinion_requests = Table(
    "opinion_requests",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("invited_id", String(64), ForeignKey("specialists.id"), nullable=False, index=True),
    Column("invited_by", String(64), ForeignKey("specialists.id"), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", UtcDateTime, nullable=False),
    Column("opinion", Text),
    Column("answered_at", UtcDateTime),
    # Left unanswered past the referral urgency's target (hub.escalation.invitations): when, to
    # whom (a specialist id) and how: "backup" (their backup was asked too) or "inviter" (told).
    Column("escalated_at", UtcDateTime),
    Column("escalated_to", String(64)),
    Column("escalation", String(16)),
    UniqueConstraint("referral_id", "invited_id"),
)

# Case conferences (tumour boards, ECHO sessions): scheduled by a coordinator, run by a chair.
conferences = Table(
    "conferences",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(200), nullable=False),
    Column("series", String(200), nullable=False),  # e.g. "Paediatric neuro-oncology board"
    Column("starts_at", UtcDateTime, nullable=False, index=True),
    Column("time_zone", String(64), nullable=False),  # the hub's zone when scheduled, for display
    Column("chair_id", String(64), ForeignKey("specialists.id"), nullable=False),
    Column("created_by", String(64), ForeignKey("specialists.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),  # scheduled | running | closed
)

conference_members = Table(
    "conference_members",
    metadata,
    Column("conference_id", String(64), ForeignKey("conferences.id"), primary_key=True),
    Column("specialist_id", String(64), ForeignKey("specialists.id"), primary_key=True),
    Column("attended", Boolean, nullable=False, default=False),
)

# One case on a conference's agenda; its outcome becomes the advice on the referral.
conference_items = Table(
    "conference_items",
    metadata,
    Column("id", String(64), primary_key=True),  # also the id of the agenda notice the station gets
    Column("conference_id", String(64), ForeignKey("conferences.id"), nullable=False, index=True),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("proposed_by", String(64), ForeignKey("specialists.id"), nullable=False),
    Column("proposed_at", UtcDateTime, nullable=False),
    Column("status", String(16), nullable=False),  # scheduled | discussed | removed
    Column("notice_version", Integer, nullable=False, default=1),
    Column("consensus_plan", Text),
    Column("plan_changed", Boolean),
    Column("plan_change", Text),
    Column("present", Text),  # JSON list of specialist ids present for this case
    Column("discussed_at", UtcDateTime),
    Column("advice_id", String(64)),
    UniqueConstraint("conference_id", "referral_id"),
)

# The teaching library: de-identified copies of answered referrals (hub.library). `status` is
# held (the check found an identifier; the reasons are in `findings`), review (clean, waiting for a
# coordinator), returned (sent back with `review_note`), published, or withdrawn. The copy never
# holds a name, CNIC, phone, date of birth or village: only the text fields below, checked.
LIBRARY_STATES = ("held", "review", "returned", "published", "withdrawn")

teaching_cases = Table(
    "teaching_cases",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("referral_id", String(64), nullable=False, unique=True),
    Column("status", String(16), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("specialty", String(100), nullable=False, index=True),
    Column("diagnoses", Text, nullable=False),  # JSON [{code, title}]
    Column("age_text", String(40), nullable=False),
    Column("sex", String(10), nullable=False),
    Column("district", String(200), nullable=False),
    Column("question", Text, nullable=False),
    Column("clinical_notes", Text, nullable=False),
    Column("assessment", Text, nullable=False),
    Column("recommendations", Text, nullable=False),
    Column("plan_change", Text),
    Column("follow_up", Text),
    Column("messages", Text, nullable=False),  # JSON [{role, body}] when the specialist included them
    Column("learning_point", Text, nullable=False),
    Column("photos", Text, nullable=False),  # JSON [sha256] ticked as showing no face or identifying detail
    Column("specialist_name", String(200), nullable=False),
    Column("findings", Text, nullable=False),  # JSON [{field, kind, context}] with identifiers masked
    Column("search_text", Text, nullable=False),  # lower-cased words of the published fields
    Column("marked_by", String(64), nullable=False),
    Column("marked_at", UtcDateTime, nullable=False),
    Column("reviewed_by", String(64)),
    Column("reviewed_at", UtcDateTime),
    Column("review_note", Text),
    Column("published_at", UtcDateTime),
)

# What a station added to a referral after the hub first had it (a message, a photo, a changed
# question, a call request), in hub receive time: what the console counts as unread.
station_news = Table(
    "station_news",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("referral_id", String(64), nullable=False),
    Column("station_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # message | photo | file | question | call
    Column("preview", Text, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Index("ix_station_news_referral_id_received_at", "referral_id", "received_at"),
    Index("ix_station_news_received_at", "received_at"),
)

# When each person at the hub last read each referral: news received later is unread for them.
referral_reads = Table(
    "referral_reads",
    metadata,
    Column("specialist_id", String(64), primary_key=True),
    Column("referral_id", String(64), primary_key=True),
    Column("read_at", UtcDateTime, nullable=False),
)

URGENCY_RANK = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}

__all__ = [
    "LIBRARY_STATES",
    "ROLES",
    "URGENCY_RANK",
    "UtcDateTime",
    "advice",
    "applied_changes",
    "audit_events",
    "blob_chunks",
    "blobs",
    "call_proposals",
    "call_signals",
    "calls",
    "conference_items",
    "conference_members",
    "conferences",
    "console_sessions",
    "digest_runs",
    "enrollment_codes",
    "escalations",
    "login_failures",
    "mail_outbox",
    "messages",
    "metadata",
    "on_call",
    "opinion_requests",
    "outbound",
    "records",
    "referral_reads",
    "referrals",
    "seen_nonces",
    "specialist_specialties",
    "specialists",
    "specialties",
    "station_news",
    "stations",
    "teaching_cases",
    "utcnow",
]
