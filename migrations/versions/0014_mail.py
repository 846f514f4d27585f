"""mail: e-mail preferences per user and the outbox/sent log (portal.notifications)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mailvoorkeur",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("toegewezen", sa.Boolean(), nullable=False),
        sa.Column("termijnen", sa.Boolean(), nullable=False),
        sa.Column("escalaties", sa.Boolean(), nullable=False),
        sa.Column("indieningen", sa.Boolean(), nullable=False),
        sa.Column("besluiten", sa.Boolean(), nullable=False),
        sa.Column("poorten", sa.Boolean(), nullable=False),
        sa.Column("frequentie", sa.String(length=20), nullable=False),
        sa.Column("taal", sa.String(length=5), nullable=False),
        sa.CheckConstraint(
            "frequentie IN ('direct', 'wekelijks')", name=op.f("ck_mailvoorkeur_frequentie")
        ),
        sa.CheckConstraint("taal IN ('nl', 'en')", name=op.f("ck_mailvoorkeur_taal")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["ab_user.id"],
            name=op.f("fk_mailvoorkeur_user_id_ab_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailvoorkeur")),
        sa.UniqueConstraint("user_id", name=op.f("uq_mailvoorkeur_user_id")),
    )
    op.create_table(
        "mailbericht",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ontvanger_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("onderwerp_type", sa.String(length=20), nullable=False),
        sa.Column("onderwerp_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("gegevens", sa.JSON(), nullable=False),
        sa.Column("sleutel", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("verzonden_op", sa.DateTime(), nullable=True),
        sa.Column("bundel_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["ontvanger_id"],
            ["ab_user.id"],
            name=op.f("fk_mailbericht_ontvanger_id_ab_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_mailbericht_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailbericht")),
        sa.UniqueConstraint("sleutel", name="uq_mailbericht_sleutel"),
    )
    with op.batch_alter_table("mailbericht", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mailbericht_aangemaakt_op"), ["aangemaakt_op"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mailbericht_bundel_id"), ["bundel_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mailbericht_ontvanger_id"), ["ontvanger_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mailbericht_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mailbericht_soort"), ["soort"], unique=False)
        batch_op.create_index(
            "ix_mailbericht_status_ontvanger", ["status", "ontvanger_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mailbericht", schema=None) as batch_op:
        batch_op.drop_index("ix_mailbericht_status_ontvanger")
        batch_op.drop_index(batch_op.f("ix_mailbericht_soort"))
        batch_op.drop_index(batch_op.f("ix_mailbericht_project_id"))
        batch_op.drop_index(batch_op.f("ix_mailbericht_ontvanger_id"))
        batch_op.drop_index(batch_op.f("ix_mailbericht_bundel_id"))
        batch_op.drop_index(batch_op.f("ix_mailbericht_aangemaakt_op"))
    op.drop_table("mailbericht")
    op.drop_table("mailvoorkeur")
