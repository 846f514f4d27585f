"""Problem-definition GO/NO-GO, IVT, LSI meeting calendar (issue #18)

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _lock():
    return sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False)


def upgrade():
    op.create_table(
        "brainstorm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("deelnemers", sa.Text(), nullable=True),
        sa.Column("methode", sa.String(length=200), nullable=True),
        sa.Column("uitkomst", sa.Text(), nullable=True),
        sa.Column("teruggekoppeld_op", sa.Date(), nullable=True),
        _lock(),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_brainstorm_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brainstorm")),
        sa.UniqueConstraint("project_id", name=op.f("uq_brainstorm_project_id")),
    )
    op.create_table(
        "ivt_aanvraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("contact_op", sa.Date(), nullable=True),
        sa.Column("contactpersoon", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum("Aangevraagd", "Ingericht", name="ivt_status", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("ingericht_op", sa.Date(), nullable=True),
        sa.Column("velden", sa.Text(), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        _lock(),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_ivt_aanvraag_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ivt_aanvraag")),
        sa.UniqueConstraint("project_id", name=op.f("uq_ivt_aanvraag_project_id")),
    )
    op.create_table(
        "vergadering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "orgaan",
            sa.Enum(
                "Voorbereidingsgroep LSI",
                "LSI",
                name="vergadering_orgaan",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("indienen_uiterlijk", sa.Date(), nullable=False),
        sa.Column("locatie", sa.String(length=200), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        _lock(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vergadering")),
        sa.UniqueConstraint("orgaan", "datum", name=op.f("uq_vergadering_orgaan")),
    )
    with op.batch_alter_table("vergadering") as batch_op:
        batch_op.create_index(batch_op.f("ix_vergadering_datum"), ["datum"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vergadering_indienen_uiterlijk"), ["indienen_uiterlijk"], unique=False
        )


def downgrade():
    with op.batch_alter_table("vergadering") as batch_op:
        batch_op.drop_index(batch_op.f("ix_vergadering_indienen_uiterlijk"))
        batch_op.drop_index(batch_op.f("ix_vergadering_datum"))
    op.drop_table("vergadering")
    op.drop_table("ivt_aanvraag")
    op.drop_table("brainstorm")
