"""Nothing from a station is hidden: what a station adds to a referral (messages, photos, a
changed question, call requests) is kept as news, each person's reading of each referral is
recorded, and a referral the clinic writes on again after it was answered is marked reopened.

Station messages that came after the last answer on their referral become news, so a follow-up
received before this upgrade is not lost either.

Revision ID: 0009
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_news",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("preview", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_station_news")),
    )
    with op.batch_alter_table("station_news", schema=None) as batch_op:
        batch_op.create_index("ix_station_news_referral_id_received_at", ["referral_id", "received_at"], unique=False)
        batch_op.create_index("ix_station_news_received_at", ["received_at"], unique=False)
    op.create_table(
        "referral_reads",
        sa.Column("specialist_id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("specialist_id", "referral_id", name=op.f("pk_referral_reads")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reopened_at", sa.DateTime(), nullable=True))
    # Station messages newer than every answer on their referral (advice, a specialist's message).
    op.execute(
        "INSERT INTO station_news (referral_id, station_id, kind, preview, received_at) "
        "SELECT m.referral_id, m.station_id, 'message', SUBSTR(m.body, 1, 200), m.received_at FROM messages m "
        "WHERE m.author_role = 'station' "
        "AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.referral_id = m.referral_id AND a.created_at >= m.received_at) "
        "AND NOT EXISTS (SELECT 1 FROM messages s WHERE s.referral_id = m.referral_id "
        "AND s.author_role = 'specialist' AND s.received_at >= m.received_at)"
    )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("reopened_at")
    op.drop_table("referral_reads")
    with op.batch_alter_table("station_news", schema=None) as batch_op:
        batch_op.drop_index("ix_station_news_received_at")
        batch_op.drop_index("ix_station_news_referral_id_received_at")
    op.drop_table("station_news")
