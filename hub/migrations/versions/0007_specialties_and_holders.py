"""Specialties the hub manages (with Urdu names), specialists in one or more of them, the holder
of a referral, PMDC registration numbers, and which hub entities each station reads.

Existing hubs are seeded: the built-in specialties, plus one for every other free-text specialty
found in referrals and accounts. Spelling variants (Pediatrics, Paediatrics, paediatrics) become
one specialty; each referral and specialist is linked to the specialty its text names.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from sync.wire.specialties import DEFAULT_SPECIALTIES, default_code

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "specialties",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_ur", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_specialties")),
        sa.UniqueConstraint("name", name=op.f("uq_specialties_name")),
    )
    op.create_table(
        "specialist_specialties",
        sa.Column("specialist_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_code", sa.String(length=40), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["specialist_id"], ["specialists.id"],
                                name=op.f("fk_specialist_specialties_specialist_id_specialists")),
        sa.ForeignKeyConstraint(["specialty_code"], ["specialties.code"],
                                name=op.f("fk_specialist_specialties_specialty_code_specialties")),
        sa.PrimaryKeyConstraint("specialist_id", "specialty_code", name=op.f("pk_specialist_specialties")),
    )
    with op.batch_alter_table("specialist_specialties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_specialist_specialties_specialty_code"), ["specialty_code"],
                              unique=False)
    # Only operations SQLite does in place on `specialists`: rebuilding it would fail on the rows of
    # console_sessions that point at it.
    with op.batch_alter_table("specialists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_number", sa.String(length=20), nullable=True))
        batch_op.create_index("ix_specialists_registration_number", ["registration_number"], unique=True)
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feed_entities", sa.Text(), nullable=True))
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("specialty_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("holder_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("held_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_referrals_specialty_code"), ["specialty_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_holder_id"), ["holder_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_referrals_holder_id_specialists"), "specialists",
                                    ["holder_id"], ["id"])
    _seed(op.get_bind())


def _seed(conn: sa.Connection) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    specialties = sa.table("specialties", sa.column("code"), sa.column("name"), sa.column("name_ur"),
                           sa.column("active", sa.Boolean), sa.column("created_at"), sa.column("updated_at"))
    names = {d.code: d.name for d in DEFAULT_SPECIALTIES}
    rows = [{"code": d.code, "name": d.name, "name_ur": d.name_ur} for d in DEFAULT_SPECIALTIES]
    texts = {r[0] for r in conn.execute(sa.text("SELECT DISTINCT specialty FROM referrals"))}
    texts |= {r[0] for r in conn.execute(sa.text("SELECT DISTINCT specialty FROM specialists"))}
    code_of: dict[str, str] = {}
    taken_names = {name.lower() for name in names.values()}
    for text in sorted(t for t in texts if t and t.strip()):
        code = default_code(text)
        if not code:
            continue
        code_of[text] = code
        name = text.strip()[:100]
        if code not in names:
            # A specialty only this hub had: kept under the name it was typed with (Urdu to be added).
            if name.lower() in taken_names:
                name = f"{name} ({code})"[:100]
            names[code] = name
            taken_names.add(name.lower())
            rows.append({"code": code, "name": name, "name_ur": ""})
    conn.execute(specialties.insert(), [{**r, "active": True, "created_at": now, "updated_at": now} for r in rows])
    for text, code in code_of.items():
        conn.execute(sa.text("UPDATE referrals SET specialty_code = :code WHERE specialty = :text"),
                     {"code": code, "text": text})
    accounts = conn.execute(sa.text("SELECT id, specialty FROM specialists WHERE specialty <> ''")).all()
    memberships = [{"s": row[0], "c": code_of[row[1]], "at": now} for row in accounts if row[1] in code_of]
    if memberships:
        conn.execute(sa.text("INSERT INTO specialist_specialties (specialist_id, specialty_code, added_at) "
                             "VALUES (:s, :c, :at)"), memberships)


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referrals_holder_id_specialists"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_referrals_holder_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_specialty_code"))
        batch_op.drop_column("held_at")
        batch_op.drop_column("holder_id")
        batch_op.drop_column("specialty_code")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_column("feed_entities")
    with op.batch_alter_table("specialist_specialties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_specialist_specialties_specialty_code"))
    op.drop_table("specialist_specialties")
    op.drop_table("specialties")
    with op.batch_alter_table("specialists", schema=None) as batch_op:
        batch_op.drop_index("ix_specialists_registration_number")
        batch_op.drop_column("registration_number")
