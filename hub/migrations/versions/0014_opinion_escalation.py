"""Escalation of second-opinion invitations: when an unanswered invitation was escalated, to whom,
and how (`backup`: the invitee's backup was asked too; `inviter`: the colleague who asked was told).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opinion_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalated_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("escalated_to", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("escalation", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("opinion_requests", schema=None) as batch_op:
        batch_op.drop_column("escalation")
        batch_op.drop_column("escalated_to")
        batch_op.drop_column("escalated_at")
