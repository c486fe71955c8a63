"""What each person at the hub has not yet read from the stations: counts, previews, marking read.

News (hub.station_news) received after a person last opened a referral is unread for them,
whatever the referral's status: the inbox lists those referrals first, every page title counts
them, and opening the referral reads them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update

from hub import tables as t
from hub.console import formatting as fmt
from hub.console.auth import Specialist
from hub.db import insert_ignore

# The inbox shows at most this many referrals with news on top (the oldest news waits longest).
UNREAD_LIMIT = 300
KIND_WORDS = {
    "message": ("message", "messages"),
    "photo": ("new photo", "new photos"),
    "file": ("new file", "new files"),
    "question": ("changed question", "changed questions"),
    "call": ("call request", "call requests"),
}
KIND_LABELS = {"message": "Message", "photo": "New photo", "file": "New file", "question": "Question changed",
               "call": "Call request"}


@dataclass(frozen=True)
class Unread:
    """A referral's news one person has not read."""

    count: int
    first_at: datetime
    latest_at: datetime
    latest_kind: str = "message"
    preview: str = ""
    kinds: tuple[tuple[str, int], ...] = ()

    @property
    def summary(self) -> str:
        """'2 messages, 1 new photo'."""
        return ", ".join(f"{n} {KIND_WORDS[k][0 if n == 1 else 1]}" for k, n in self.kinds if k in KIND_WORDS)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.latest_kind, "News")


def _unread_news(specialist_id: str) -> Any:
    """Station news on live referrals that `specialist_id` has not read (a FROM and a WHERE)."""
    n, r, rd = t.station_news, t.referrals, t.referral_reads
    joined = n.join(r, and_(r.c.id == n.c.referral_id, r.c.station_id == n.c.station_id)).outerjoin(
        rd, and_(rd.c.referral_id == n.c.referral_id, rd.c.specialist_id == specialist_id))
    condition = and_(r.c.status != "draft", or_(rd.c.read_at.is_(None), n.c.received_at > rd.c.read_at))
    return joined, condition


def unread_referrals(conn: Connection, specialist_id: str, where: Collection[Any] = (),
                     limit: int = UNREAD_LIMIT) -> dict[str, Unread]:
    """Referrals with unread news, oldest unread first; `where` narrows on `referrals` columns."""
    n = t.station_news
    joined, condition = _unread_news(specialist_id)
    rows = conn.execute(
        select(n.c.referral_id, func.count().label("items"), func.min(n.c.received_at).label("first_at"),
               func.max(n.c.received_at).label("latest_at"))
        .select_from(joined).where(condition, *where)
        .group_by(n.c.referral_id).order_by(func.min(n.c.received_at), n.c.referral_id).limit(limit)
    ).all()
    found = {row.referral_id: row for row in rows}
    details = _details(conn, specialist_id, list(found))
    return {
        ref_id: Unread(count=row.items, first_at=fmt.utc(row.first_at) or row.first_at,
                       latest_at=fmt.utc(row.latest_at) or row.latest_at, **details.get(ref_id, {}))
        for ref_id, row in found.items()
    }


def _details(conn: Connection, specialist_id: str, referral_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The newest unread item's kind and preview, and how many of each kind, per referral."""
    if not referral_ids:
        return {}
    n = t.station_news
    joined, condition = _unread_news(specialist_id)
    out: dict[str, dict[str, Any]] = {}
    counts: dict[str, dict[str, int]] = {}
    for start in range(0, len(referral_ids), 500):
        rows = conn.execute(
            select(n.c.referral_id, n.c.kind, n.c.preview).select_from(joined)
            .where(condition, n.c.referral_id.in_(referral_ids[start:start + 500]))
            .order_by(n.c.received_at.desc(), n.c.id.desc())
        ).all()
        for row in rows:
            out.setdefault(row.referral_id, {"latest_kind": row.kind, "preview": row.preview})
            kinds = counts.setdefault(row.referral_id, {})
            kinds[row.kind] = kinds.get(row.kind, 0) + 1
    for ref_id, kinds in counts.items():
        out[ref_id]["kinds"] = tuple(sorted(kinds.items(), key=lambda kv: list(KIND_WORDS).index(kv[0])
                                            if kv[0] in KIND_WORDS else 99))
    return out


def scope(conn: Connection, specialist: Specialist) -> list[Any]:
    """The referrals whose news a person is counted for, as in the inbox they start with: a
    specialist's specialties and the referrals they hold; every referral for a coordinator."""
    from hub.console.inbox import MINE, InboxFilters, filter_conditions

    if not specialist.answers_referrals:
        return []
    return filter_conditions(conn, InboxFilters(specialty=MINE), specialist.id)


def count_for(conn: Connection, specialist: Specialist) -> int:
    """How many referrals in this person's own inbox have news they have not read."""
    n = t.station_news
    joined, condition = _unread_news(specialist.id)
    return int(conn.execute(
        select(func.count(func.distinct(n.c.referral_id))).select_from(joined).where(condition, *scope(conn, specialist))
    ).scalar() or 0)


def news_since(conn: Connection, referral_id: str, since: datetime | None) -> list[dict[str, Any]]:
    """A referral's station news after `since` (all of it when None), oldest first."""
    n = t.station_news
    query = select(n.c.kind, n.c.preview, n.c.received_at).where(n.c.referral_id == referral_id)
    if since is not None:
        query = query.where(n.c.received_at > since)
    rows = conn.execute(query.order_by(n.c.received_at, n.c.id)).all()
    return [{"kind": r.kind, "label": KIND_LABELS.get(r.kind, "News"), "preview": r.preview,
             "received_at": r.received_at} for r in rows]


def last_read(conn: Connection, specialist_id: str, referral_id: str) -> datetime | None:
    return conn.execute(
        select(t.referral_reads.c.read_at)
        .where(t.referral_reads.c.specialist_id == specialist_id, t.referral_reads.c.referral_id == referral_id)
    ).scalar()


def latest_news_at(conn: Connection, referral_id: str) -> datetime | None:
    n = t.station_news
    return conn.execute(select(func.max(n.c.received_at)).where(n.c.referral_id == referral_id)).scalar()


def mark_read(conn: Connection, specialist_id: str, referral_id: str, upto: datetime) -> None:
    """This person has seen the referral's news up to `upto` (the newest the page showed them:
    news committed while the page was being made stays unread)."""
    rd = t.referral_reads
    if insert_ignore(conn, rd, {"specialist_id": specialist_id, "referral_id": referral_id, "read_at": upto}):
        return
    conn.execute(update(rd).where(rd.c.specialist_id == specialist_id, rd.c.referral_id == referral_id,
                                  rd.c.read_at < upto).values(read_at=upto))
