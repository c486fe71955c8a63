"""Video consults: calls, their signaling messages, and proposed call times.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("patient_id", sa.String(length=64), nullable=False),
        sa.Column("specialty", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("specialist_id", sa.String(length=64), nullable=True),
        sa.Column("specialist_name", sa.String(length=200), nullable=True),
        sa.Column("ended_by", sa.String(length=16), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("station_seen_at", sa.DateTime(), nullable=True),
        sa.Column("specialist_seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_station_id"), ["station_id"], unique=False)
        batch_op.create_index("ix_calls_status_created", ["status", "created_at"], unique=False)

    op.create_table(
        "call_signals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("call_id", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_signals")),
    )
    with op.batch_alter_table("call_signals", schema=None) as batch_op:
        batch_op.create_index("ix_call_signals_call_id", ["call_id", "id"], unique=False)

    op.create_table(
        "call_proposals",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("specialist_id", sa.String(length=64), nullable=True),
        sa.Column("specialist_name", sa.String(length=200), nullable=False),
        sa.Column("proposed_for", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_proposals")),
    )
    with op.batch_alter_table("call_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_call_proposals_referral_id"), ["referral_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("call_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_proposals_referral_id"))
    op.drop_table("call_proposals")
    with op.batch_alter_table("call_signals", schema=None) as batch_op:
        batch_op.drop_index("ix_call_signals_call_id")
    op.drop_table("call_signals")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_status_created")
        batch_op.drop_index(batch_op.f("ix_calls_station_id"))
        batch_op.drop_index(batch_op.f("ix_calls_referral_id"))
    op.drop_table("calls")
