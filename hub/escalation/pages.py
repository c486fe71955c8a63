"""What the console shows of escalation on a referral page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from hub import tables as t
from hub.console import formatting as fmt
from hub.escalation.steps import escalations_of
from hub.escalation.targets import describe
from hub.settings import Settings

REASON_TEXT = {"backup": "the holder's backup", "on_call": "on call for the specialty",
               "coordinators": "no specialist answered"}


def escalation_context(conn: Connection, referral_id: str, settings: Settings) -> dict[str, Any]:
    urgency = conn.execute(select(t.referrals.c.urgency).where(t.referrals.c.id == referral_id)).scalar()
    target = settings.response_targets.get(urgency or "")
    steps = escalations_of(conn, referral_id)
    for step in steps:
        step["reason_text"] = REASON_TEXT.get(str(step["reason"]), str(step["reason"]))
        step["waited_text"] = fmt.format_duration(step["waited"])
    return {"escalations": steps, "target": describe(target) if target else ""}
