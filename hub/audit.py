"""The audit of who did what at the hub: sign-ins, exports, advice, account changes.

Rows are only ever added. Coordinators read them on the console's audit page; `telehub user`
commands write theirs with the actor "telehub (command line)".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from hub import tables as t

COMMAND_LINE = "telehub (command line)"

# What each action means, in the words a coordinator reads on the audit page.
ACTIONS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed (wrong password)",
    "sign_in_refused": "Sign-in attempt on a switched-off account",
    "sign_out": "Signed out",
    "advice_sent": "Sent advice",
    "message_sent": "Sent a message",
    "fhir_export": "Bulk FHIR export",
    "fhir_case_read": "Read a case as FHIR",
    "csv_download": "Downloaded a dashboard table",
    "account_added": "Account added",
    "account_disabled": "Account switched off",
    "account_enabled": "Account switched on",
    "password_reset": "Password reset",
    "role_changed": "Role changed",
    "email_set": "E-mail address changed",
    "backup_set": "Backup specialist changed",
    "rota_set": "On-call rota changed",
    "specialties_changed": "Specialties of an account changed",
    "registration_set": "PMDC registration number set",
    "specialty_added": "Specialty added",
    "specialty_changed": "Specialty renamed or switched on/off",
    "referral_taken": "Took a referral (answering it)",
    "referral_assigned": "Assigned a referral",
    "referral_reassigned": "Reassigned a referral",
    "referral_released": "Gave a referral back to its specialty",
    "opinion_invited": "Asked colleagues for a second opinion",
    "opinion_written": "Wrote a second opinion",
    "conference_scheduled": "Scheduled a case conference",
    "conference_case_added": "Put a case on a conference's agenda",
    "conference_case_removed": "Took a case off a conference's agenda",
    "conference_outcome": "Recorded a conference outcome (sent as advice)",
    "library_marked": "Marked a teaching case",
    "library_edited": "Rewrote a teaching case",
    "library_published": "Published a teaching case",
    "library_returned": "Sent a teaching case back",
    "library_withdrawn": "Withdrew a teaching case",
}
PAGE_SIZE = 50


def record(conn: Connection, actor: str, action: str, target: str = "", detail: str = "",
           address: str = "", at: datetime | None = None) -> None:
    """Add one event (in the caller's transaction, so it is kept exactly when the action is)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(t.audit_events.insert().values(
        at=at or t.utcnow(), actor=_text(actor, 100), action=action, target=_text(target, 200),
        detail=_text(detail, 2000), address=_text(address, 64),
    ))


def _text(value: str, limit: int) -> str:
    # PostgreSQL text cannot hold NUL; no control character belongs in the audit anyway.
    return "".join(ch for ch in value if ch >= " ")[:limit]


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    page: int = 1


@dataclass(frozen=True)
class AuditPage:
    events: list[dict[str, Any]]
    page: int
    pages: int
    total: int


def parse_filter(params: Any) -> AuditFilter:
    """Filters from the query string; anything unknown is ignored rather than refused."""
    actor = _text(str(params.get("actor", "")), 100).strip().lower()
    action = str(params.get("action", ""))
    page_text = str(params.get("page", "1"))
    page = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    return AuditFilter(actor=actor, action=action if action in ACTIONS else "", page=max(1, page))


def read_page(conn: Connection, wanted: AuditFilter, page_size: int = PAGE_SIZE) -> AuditPage:
    """Newest events first, `page_size` a page, filtered by who (exact username) and what."""
    table = t.audit_events
    conditions = []
    if wanted.actor:
        conditions.append(func.lower(table.c.actor) == wanted.actor)
    if wanted.action:
        conditions.append(table.c.action == wanted.action)
    total = conn.execute(select(func.count()).select_from(table).where(*conditions)).scalar_one()
    pages = max(1, -(-total // page_size))
    page = min(wanted.page, pages)
    rows = conn.execute(
        select(table).where(*conditions).order_by(table.c.at.desc(), table.c.id.desc())
        .limit(page_size).offset((page - 1) * page_size)
    ).all()
    events = [{"at": r.at, "actor": r.actor, "action": r.action, "action_text": ACTIONS.get(r.action, r.action),
               "target": r.target, "detail": r.detail, "address": r.address} for r in rows]
    return AuditPage(events=events, page=page, pages=pages, total=total)
