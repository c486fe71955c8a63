"""Attachments per station: upload state and bytes keyed by (station, sha256), not by sha256 alone.

Before, the first station to send any bytes of a file owned its sha256 hub-wide, so another
station attaching the same file was refused for ever. Existing uploads move over to the station
that made them. New tables rather than altered keys: the same statements run on SQLite and
PostgreSQL, and no primary key is rebuilt in place.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD_BLOBS = sa.table(
    "blobs", sa.column("sha256"), sa.column("station_id"), sa.column("length"), sa.column("received"),
    sa.column("complete"), sa.column("media_type"), sa.column("created_at"),
)
_OLD_CHUNKS = sa.table("blob_chunks", sa.column("sha256"), sa.column("offset"), sa.column("data"))
_NEW_BLOBS = sa.table(
    "station_blobs", sa.column("station_id"), sa.column("sha256"), sa.column("length"), sa.column("received"),
    sa.column("complete"), sa.column("media_type"), sa.column("created_at"),
)
_NEW_CHUNKS = sa.table(
    "station_blob_chunks", sa.column("station_id"), sa.column("sha256"), sa.column("offset"), sa.column("data")
)
_FIELDS = ("station_id", "sha256", "length", "received", "complete", "media_type", "created_at")


def upgrade() -> None:
    op.create_table(
        "station_blobs",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "sha256", name=op.f("pk_station_blobs")),
    )
    op.create_table(
        "station_blob_chunks",
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id", "sha256"], ["station_blobs.station_id", "station_blobs.sha256"],
            name=op.f("fk_station_blob_chunks_station_id_station_blobs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("station_id", "sha256", "offset", name=op.f("pk_station_blob_chunks")),
    )
    op.execute(_NEW_BLOBS.insert().from_select(list(_FIELDS), sa.select(*(_OLD_BLOBS.c[f] for f in _FIELDS))))
    op.execute(_NEW_CHUNKS.insert().from_select(
        ["station_id", "sha256", "offset", "data"],
        sa.select(_OLD_BLOBS.c.station_id, _OLD_CHUNKS.c.sha256, _OLD_CHUNKS.c.offset, _OLD_CHUNKS.c.data)
        .select_from(_OLD_CHUNKS.join(_OLD_BLOBS, _OLD_BLOBS.c.sha256 == _OLD_CHUNKS.c.sha256)),
    ))
    # Children first: on SQLite dropping `blobs` first would cascade-delete the chunks row by row.
    op.drop_table("blob_chunks")
    op.drop_table("blobs")  # its index goes with it


def downgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("station_id", sa.String(length=64), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blobs_station_id"), ["station_id"], unique=False)
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_blob_chunks_sha256_blobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sha256", "offset", name=op.f("pk_blob_chunks")),
    )
    # The old layout holds one copy per sha256: keep the first station's (a complete one if any).
    connection = op.get_bind()
    kept: dict[str, str] = {}
    rows = connection.execute(
        sa.select(_NEW_BLOBS.c.sha256, _NEW_BLOBS.c.station_id)
        .order_by(_NEW_BLOBS.c.complete.desc(), _NEW_BLOBS.c.created_at)
    )
    for sha256, station_id in rows:
        kept.setdefault(sha256, station_id)
    for sha256, station_id in kept.items():
        owner = sa.and_(_NEW_BLOBS.c.sha256 == sha256, _NEW_BLOBS.c.station_id == station_id)
        op.execute(_OLD_BLOBS.insert().from_select(list(_FIELDS), sa.select(*(_NEW_BLOBS.c[f] for f in _FIELDS))
                                                   .where(owner)))
        chunk_owner = sa.and_(_NEW_CHUNKS.c.sha256 == sha256, _NEW_CHUNKS.c.station_id == station_id)
        op.execute(_OLD_CHUNKS.insert().from_select(
            ["sha256", "offset", "data"],
            sa.select(_NEW_CHUNKS.c.sha256, _NEW_CHUNKS.c.offset, _NEW_CHUNKS.c.data).where(chunk_owner),
        ))
    op.drop_table("station_blob_chunks")
    op.drop_table("station_blobs")
