"""Calls through the SFU and their participants: `calls.sfu_room` (the Janus room of a call with
several specialists) and `call_participants` (who joined, when, and when they left).

Revision ID: 0013
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sfu_room", sa.BigInteger(), nullable=True))
    op.create_table(
        "call_participants",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("call_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("specialist_id", sa.String(length=64), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("call_participants", schema=None) as batch_op:
        batch_op.create_index("ix_call_participants_call_id", ["call_id", "joined_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("call_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_call_participants_call_id")
    op.drop_table("call_participants")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("sfu_room")
