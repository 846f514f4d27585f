"""taak: background jobs (portal.jobs) - state, progress, result or error per job;
document.pdf: the PDF of a version, made once by a worker

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "taak",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "In de wachtrij",
                "Bezig",
                "Klaar",
                "Mislukt",
                name="taak_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("voortgang", sa.Integer(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("resultaat", sa.JSON(), nullable=True),
        sa.Column("fout", sa.JSON(), nullable=True),
        sa.Column("taal", sa.String(length=5), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("gestart_op", sa.DateTime(), nullable=True),
        sa.Column("klaar_op", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["aangemaakt_door_id"],
            ["ab_user.id"],
            name=op.f("fk_taak_aangemaakt_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_taak_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taak")),
    )
    with op.batch_alter_table("taak") as batch:
        batch.create_index(batch.f("ix_taak_soort"), ["soort"])
        batch.create_index(batch.f("ix_taak_project_id"), ["project_id"])
        batch.create_index(batch.f("ix_taak_aangemaakt_door_id"), ["aangemaakt_door_id"])
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("document") as batch:
        batch.drop_column("pdf")
    op.drop_table("taak")
