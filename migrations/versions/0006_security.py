"""security

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Editable tables that get optimistic locking.
VERSIONED = [
    "project",
    "project_partner",
    "doelstelling",
    "activiteit",
    "risico",
    "projectfase",
    "avg_registratie",
    "avg_partnerrecht",
    "ketenpartner",
    "gemeente",
    "regio",
    "convenantartikel",
    "gebruikerskoppeling",
]


def upgrade():
    op.create_table(
        "auditrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tabel", sa.String(length=60), nullable=False),
        sa.Column("rij_id", sa.String(length=40), nullable=False),
        sa.Column("actie", sa.String(length=10), nullable=False),
        sa.Column("wijzigingen", sa.JSON(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("door_id", sa.Integer(), nullable=True),
        sa.Column("door", sa.String(length=120), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auditrecord")),
    )
    with op.batch_alter_table("auditrecord", schema=None) as batch_op:
        batch_op.create_index("ix_auditrecord_tabel_rij", ["tabel", "rij_id"])
        batch_op.create_index(batch_op.f("ix_auditrecord_project_id"), ["project_id"])
        batch_op.create_index(batch_op.f("ix_auditrecord_op"), ["op"])
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bewaartermijn_maanden", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("persoonsgegevens_verwijderd_op", sa.Date(), nullable=True))
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("lock_version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )


def downgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("lock_version")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("persoonsgegevens_verwijderd_op")
        batch_op.drop_column("bewaartermijn_maanden")
    with op.batch_alter_table("auditrecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auditrecord_op"))
        batch_op.drop_index(batch_op.f("ix_auditrecord_project_id"))
        batch_op.drop_index("ix_auditrecord_tabel_rij")
    op.drop_table("auditrecord")
