"""What a station adds to a referral the hub already has: kept as news, so no console hides it.

Written in the same transaction as the station's data (a push, a call request). A message on a
referral already answered or closed reopens it at the hub as a follow-up from the clinic; a
specialist's advice or message answers the follow-up. The station needs no word of the reopening:
it shows advice and messages on a closed referral as unread already, and its status model only
moves forward.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, update

from hub import tables as t

KINDS = ("message", "photo", "file", "question", "call")
PREVIEW_CHARS = 200
# Statuses after which a message from the clinic is a follow-up that needs a specialist again.
ANSWERED_STATUSES = ("answered", "closed")


def preview_text(text: str, limit: int = PREVIEW_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def add(conn: Connection, referral_id: str, station_id: str, kind: str, preview: str, now: datetime) -> None:
    """Record one piece of news from `station_id` on a referral; a message may reopen it."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of station news {kind!r}; allowed: {', '.join(KINDS)}")
    conn.execute(t.station_news.insert().values(
        referral_id=referral_id, station_id=station_id, kind=kind, preview=preview_text(preview), received_at=now,
    ))
    if kind == "message":
        conn.execute(
            update(t.referrals)
            .where(t.referrals.c.id == referral_id, t.referrals.c.station_id == station_id,
                   t.referrals.c.status.in_(ANSWERED_STATUSES), t.referrals.c.reopened_at.is_(None))
            .values(reopened_at=now)
        )


def answered(conn: Connection, referral_id: str) -> None:
    """A specialist answered (advice or a message): the follow-up from the clinic is no longer open."""
    conn.execute(update(t.referrals).where(t.referrals.c.id == referral_id, t.referrals.c.reopened_at.isnot(None))
                 .values(reopened_at=None))
