"""Control evenings planned ahead (issue #19)

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_STATUS = sa.Enum(
    "Gepland", "Uitgevoerd", "Geannuleerd", name="controle_status", native_enum=False, length=40
)
_INZET = sa.Enum(
    "Geen",
    "Politie stand-by",
    "Politie aanwezig",
    name="politie_inzet",
    native_enum=False,
    length=40,
)
_ITEM = sa.Enum(
    "Legitimatiebewijzen en machtigingen",
    "Formulieren en checklists",
    "Telefoons of portofoons (opgeladen)",
    "Zaklampen",
    "Veiligheidshesjes",
    "EHBO-set",
    "CO-melder en meetapparatuur",
    "Camera voor vastlegging",
    name="uitrusting_item",
    native_enum=False,
    length=40,
)


def upgrade():
    with op.batch_alter_table("controle") as batch_op:
        # Every control recorded so far was recorded after it was held.
        batch_op.add_column(
            sa.Column("status", _STATUS, nullable=False, server_default="Uitgevoerd")
        )
        batch_op.add_column(sa.Column("aanvang", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("doel", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "politie_afgesproken", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column(
                "politie_geinformeerd", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("verzamelpunt", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("belschema", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("annuleringsreden", sa.Text(), nullable=True))

    op.create_table(
        "controle_adres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("agressie", sa.Boolean(), nullable=False),
        sa.Column("wapens", sa.Boolean(), nullable=False),
        sa.Column("honden", sa.Boolean(), nullable=False),
        sa.Column("kwetsbare_bewoners", sa.Boolean(), nullable=False),
        sa.Column("indeling", sa.Text(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("beoordeeld_op", sa.DateTime(), nullable=True),
        sa.Column("politie_inzet", _INZET, nullable=True),
        sa.Column("inzet_reden", sa.Text(), nullable=True),
        sa.Column("bezocht", sa.Boolean(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_controle_adres_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_controle_adres_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_controle_adres_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_controle_adres")),
        sa.UniqueConstraint("controle_id", "casus_id", name=op.f("uq_controle_adres_controle_id")),
    )
    with op.batch_alter_table("controle_adres") as batch_op:
        batch_op.create_index(batch_op.f("ix_controle_adres_casus_id"), ["casus_id"])
        batch_op.create_index(batch_op.f("ix_controle_adres_controle_id"), ["controle_id"])
        batch_op.create_index(batch_op.f("ix_controle_adres_project_id"), ["project_id"])

    op.create_table(
        "controle_uitrusting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("item", _ITEM, nullable=False),
        sa.Column("gereed", sa.Boolean(), nullable=False),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_controle_uitrusting_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_controle_uitrusting_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_controle_uitrusting")),
        sa.UniqueConstraint("controle_id", "item", name=op.f("uq_controle_uitrusting_controle_id")),
    )
    with op.batch_alter_table("controle_uitrusting") as batch_op:
        batch_op.create_index(batch_op.f("ix_controle_uitrusting_controle_id"), ["controle_id"])
        batch_op.create_index(batch_op.f("ix_controle_uitrusting_project_id"), ["project_id"])


def downgrade():
    op.drop_table("controle_uitrusting")
    op.drop_table("controle_adres")
    with op.batch_alter_table("controle") as batch_op:
        for name in (
            "annuleringsreden",
            "belschema",
            "verzamelpunt",
            "politie_geinformeerd",
            "politie_afgesproken",
            "doel",
            "aanvang",
            "status",
        ):
            batch_op.drop_column(name)
