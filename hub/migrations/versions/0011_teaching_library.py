"""The teaching library: de-identified copies of answered referrals, reviewed and published by a
coordinator, and the moment each station first asked for the library in its pull.

Revision ID: 0011
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teaching_cases",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("referral_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("specialty", sa.String(100), nullable=False),
        sa.Column("diagnoses", sa.Text(), nullable=False),
        sa.Column("age_text", sa.String(40), nullable=False),
        sa.Column("sex", sa.String(10), nullable=False),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("clinical_notes", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("plan_change", sa.Text(), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("messages", sa.Text(), nullable=False),
        sa.Column("learning_point", sa.Text(), nullable=False),
        sa.Column("photos", sa.Text(), nullable=False),
        sa.Column("specialist_name", sa.String(200), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("marked_by", sa.String(64), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching_cases")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_teaching_cases_referral_id")),
    )
    with op.batch_alter_table("teaching_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teaching_cases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_teaching_cases_specialty"), ["specialty"], unique=False)
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("library_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_column("library_since")
    with op.batch_alter_table("teaching_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teaching_cases_specialty"))
        batch_op.drop_index(batch_op.f("ix_teaching_cases_status"))
    op.drop_table("teaching_cases")
