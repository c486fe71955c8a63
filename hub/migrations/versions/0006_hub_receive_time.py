"""The hub's own receive time orders and measures everything: messages get one (referrals always
had it), the inbox queue index sorts by it.

Clinic PCs with a dead CMOS battery stamp their records 1970 or years ahead, honestly; the
clinic's timestamps stay as "recorded at the clinic" and the hub's receive time decides order,
waiting times and dashboard periods.

Revision ID: 0006
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
    # A station's message was received when its record was; a specialist's was written at the hub.
    # Only a message with neither (none today) falls back to the time it carries.
    op.execute(
        "UPDATE messages SET received_at = COALESCE("
        "(SELECT records.received_at FROM records WHERE records.entity = 'message' AND records.id = messages.id),"
        " created_at)"
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.alter_column("received_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f("ix_messages_referral_id_received_at"), ["referral_id", "received_at"],
                              unique=False)
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_queue")
        batch_op.create_index("ix_referrals_queue", ["status", "urgency_rank", "received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_received_at"))
        batch_op.drop_index("ix_referrals_queue")
        batch_op.create_index("ix_referrals_queue", ["status", "urgency_rank", "created_at"], unique=False)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_referral_id_received_at"))
        batch_op.drop_column("received_at")
