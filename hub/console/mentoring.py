"""What the referral page shows of second opinions and case conferences, for the person viewing it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from hub.console import conferences, opinions
from hub.console.auth import Specialist


def referral_context(conn: Connection, referral_id: str, viewer: Specialist | None) -> dict[str, Any]:
    """Opinions (text only for specialists on the case), the invite form's colleagues, the agenda."""
    if viewer is None:
        return {"opinions": [], "opinions_visible": False, "may_invite": False, "colleagues": {},
                "my_invitation": None, "conference_items": [], "open_conferences": []}
    asked = opinions.for_referral(conn, referral_id)
    visible = viewer.answers_referrals and opinions.on_case(conn, referral_id, viewer)
    mine = next((o for o in asked if o["invited_id"] == viewer.id), None)
    already = {o["invited_id"] for o in asked}
    may_invite = opinions.may_invite(conn, referral_id, viewer)
    colleagues = {k: v for k, v in opinions.colleagues(conn, viewer.id).items() if k not in already}
    items = conferences.for_referral(conn, referral_id)
    on = {i["id"] for i in items}
    upcoming = [c for c in conferences.open_conferences(conn) if c["id"] not in on]
    for c in upcoming:
        c["when"] = conferences.when_local(c["starts_at"], c["time_zone"])
    return {"opinions": asked, "opinions_visible": visible, "may_invite": may_invite,
            "colleagues": colleagues if may_invite else {}, "my_invitation": mine,
            "conference_items": items, "open_conferences": upcoming}
