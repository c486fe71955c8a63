"""Second opinions on a referral and case conferences with per-case outcomes.

Revision ID: 0010
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opinion_requests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("invited_id", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["invited_id"], ["specialists.id"],
                                name=op.f("fk_opinion_requests_invited_id_specialists")),
        sa.ForeignKeyConstraint(["invited_by"], ["specialists.id"],
                                name=op.f("fk_opinion_requests_invited_by_specialists")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opinion_requests")),
        sa.UniqueConstraint("referral_id", "invited_id", name=op.f("uq_opinion_requests_referral_id_invited_id")),
    )
    with op.batch_alter_table("opinion_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opinion_requests_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_opinion_requests_invited_id"), ["invited_id"], unique=False)
    op.create_table(
        "conferences",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("series", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("chair_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["chair_id"], ["specialists.id"], name=op.f("fk_conferences_chair_id_specialists")),
        sa.ForeignKeyConstraint(["created_by"], ["specialists.id"],
                                name=op.f("fk_conferences_created_by_specialists")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conferences")),
    )
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conferences_starts_at"), ["starts_at"], unique=False)
    op.create_table(
        "conference_members",
        sa.Column("conference_id", sa.String(length=64), nullable=False),
        sa.Column("specialist_id", sa.String(length=64), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_conference_members_conference_id_conferences")),
        sa.ForeignKeyConstraint(["specialist_id"], ["specialists.id"],
                                name=op.f("fk_conference_members_specialist_id_specialists")),
        sa.PrimaryKeyConstraint("conference_id", "specialist_id", name=op.f("pk_conference_members")),
    )
    op.create_table(
        "conference_items",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("conference_id", sa.String(length=64), nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notice_version", sa.Integer(), nullable=False),
        sa.Column("consensus_plan", sa.Text(), nullable=True),
        sa.Column("plan_changed", sa.Boolean(), nullable=True),
        sa.Column("plan_change", sa.Text(), nullable=True),
        sa.Column("present", sa.Text(), nullable=True),
        sa.Column("discussed_at", sa.DateTime(), nullable=True),
        sa.Column("advice_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["conference_id"], ["conferences.id"],
                                name=op.f("fk_conference_items_conference_id_conferences")),
        sa.ForeignKeyConstraint(["proposed_by"], ["specialists.id"],
                                name=op.f("fk_conference_items_proposed_by_specialists")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_items")),
        sa.UniqueConstraint("conference_id", "referral_id",
                            name=op.f("uq_conference_items_conference_id_referral_id")),
    )
    with op.batch_alter_table("conference_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conference_items_conference_id"), ["conference_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_conference_items_referral_id"), ["referral_id"], unique=False)


def downgrade() -> None:
    op.drop_table("conference_items")
    op.drop_table("conference_members")
    op.drop_table("conferences")
    op.drop_table("opinion_requests")
