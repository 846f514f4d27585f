"""workflow

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _fase() -> sa.Enum:
    # Frozen copy of the phase vocabulary at this revision (a VARCHAR, no native type).
    return sa.Enum(
        "Initiatief", "Verkenning", "Voorbereiding", "Uitvoering", "Afronding", "Afgesloten",
        "Gestopt", name="fase", native_enum=False, length=40,
    )


def upgrade():
    op.create_table(
        "fasetransitie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "van",
            _fase(),
            nullable=False,
        ),
        sa.Column(
            "naar",
            _fase(),
            nullable=False,
        ),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("door_id", sa.Integer(), nullable=True),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["door_id"], ["ab_user.id"], name=op.f("fk_fasetransitie_door_id_ab_user")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_fasetransitie_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fasetransitie")),
    )
    with op.batch_alter_table("fasetransitie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fasetransitie_project_id"), ["project_id"])

    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrigeert_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_besluit_document_id"), ["document_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_besluit_document_id_document"),
            "document",
            ["document_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_besluit_corrigeert_id_besluit"), "besluit", ["corrigeert_id"], ["id"]
        )

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("datum_eerste_uitvraag", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("datum_start_analyse", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("datum_landelijke_uitvraag", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("datum_landelijke_uitvraag")
        batch_op.drop_column("datum_start_analyse")
        batch_op.drop_column("datum_eerste_uitvraag")

    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_besluit_corrigeert_id_besluit"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_besluit_document_id_document"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_besluit_document_id"))
        batch_op.drop_column("corrigeert_id")
        batch_op.drop_column("document_id")

    with op.batch_alter_table("fasetransitie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fasetransitie_project_id"))

    op.drop_table("fasetransitie")
