"""Escalation and mail: e-mail addresses and backups on accounts, the on-call rota, escalation
steps per referral, the mail outbox and the digest's days.

Referrals already at the hub get no new-referral mail (they are marked as notified): only what
arrives after the upgrade is announced.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("specialists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("backup_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalation_step", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("notified_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE referrals SET notified_at = received_at")
    op.create_table(
        "on_call",
        sa.Column("specialty_code", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("specialist_id", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("specialty_code", "day", name=op.f("pk_on_call")),
    )
    op.create_table(
        "escalations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("to_specialist_id", sa.String(length=64), nullable=True),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("waited_seconds", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
        sa.UniqueConstraint("referral_id", "step", name=op.f("uq_escalations_referral_id_step")),
    )
    op.create_index(op.f("ix_escalations_at"), "escalations", ["at"], unique=False)
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("failed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_mail_outbox_key")),
    )
    op.create_index(op.f("ix_mail_outbox_next_attempt_at"), "mail_outbox", ["next_attempt_at"], unique=False)
    op.create_table(
        "digest_runs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_digest_runs")),
    )


def downgrade() -> None:
    op.drop_table("digest_runs")
    op.drop_index(op.f("ix_mail_outbox_next_attempt_at"), table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_index(op.f("ix_escalations_at"), table_name="escalations")
    op.drop_table("escalations")
    op.drop_table("on_call")
    # Plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: other tables hold foreign keys to these
    # two, and rebuilding a table that is referenced fails while foreign keys are enforced.
    for table, column in (("referrals", "notified_at"), ("referrals", "escalation_step"),
                          ("specialists", "backup_id"), ("specialists", "email")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
