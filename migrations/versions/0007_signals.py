"""signals: deliveries, signals, the bestandskoppeling and the judgements per address

(0003 stays an empty step: the signals feature landed after case work.)

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adresbeoordeling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column("meervoudig_override", sa.Boolean(), nullable=False),
        sa.Column("override_reden", sa.Text(), nullable=True),
        sa.Column("override_door_id", sa.Integer(), nullable=True),
        sa.Column("override_op", sa.DateTime(), nullable=True),
        sa.Column("geselecteerd_casustafel", sa.Boolean(), nullable=False),
        sa.Column("geselecteerd_door_id", sa.Integer(), nullable=True),
        sa.Column("geselecteerd_op", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["geselecteerd_door_id"],
            ["ab_user.id"],
            name=op.f("fk_adresbeoordeling_geselecteerd_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["override_door_id"],
            ["ab_user.id"],
            name=op.f("fk_adresbeoordeling_override_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_adresbeoordeling_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adresbeoordeling")),
        sa.UniqueConstraint(
            "project_id", "adres_sleutel", name=op.f("uq_adresbeoordeling_project_id")
        ),
    )
    with op.batch_alter_table("adresbeoordeling", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adresbeoordeling_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "adreskoppeling",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("aantal_partners", sa.Integer(), nullable=False),
        sa.Column("aantal_signalen", sa.Integer(), nullable=False),
        sa.Column("partners", sa.Text(), nullable=False),
        sa.Column("meervoudig_belang", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "adres_sleutel", name=op.f("pk_adreskoppeling")),
    )
    with op.batch_alter_table("adreskoppeling", schema=None) as batch_op:
        batch_op.create_index(
            "ix_adreskoppeling_overzicht",
            ["project_id", "aantal_partners", "adres_sleutel"],
            unique=False,
        )

    op.create_table(
        "koppelingstand",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("adressen", sa.Integer(), nullable=False),
        sa.Column("meervoudig", sa.Integer(), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_koppelingstand_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_koppelingstand")),
    )
    op.create_table(
        "signaallevering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("bestandsnaam", sa.String(length=255), nullable=False),
        sa.Column("bestand_pad", sa.String(length=500), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "Ter controle",
                "Verwerkt",
                "Geannuleerd",
                "Ingetrokken",
                "Afgewezen",
                name="levering_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("rijen_totaal", sa.Integer(), nullable=False),
        sa.Column("rijen_geldig", sa.Integer(), nullable=False),
        sa.Column("rijen_fout", sa.Integer(), nullable=False),
        sa.Column("rijen_opgeslagen", sa.Integer(), nullable=False),
        sa.Column("controle", sa.JSON(), nullable=True),
        sa.Column("geupload_door_id", sa.Integer(), nullable=True),
        sa.Column("geupload_op", sa.DateTime(), nullable=False),
        sa.Column("verwerkt_op", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["geupload_door_id"],
            ["ab_user.id"],
            name=op.f("fk_signaallevering_geupload_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_signaallevering_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_signaallevering_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signaallevering")),
    )
    with op.batch_alter_table("signaallevering", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signaallevering_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signaallevering_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "signaal",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("levering_id", sa.Integer(), nullable=True),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("huisnummer", sa.Integer(), nullable=False),
        sa.Column("huisletter", sa.String(length=1), nullable=True),
        sa.Column("huisnummertoevoeging", sa.String(length=4), nullable=True),
        sa.Column("risico", sa.String(length=120), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("bronbestand", sa.String(length=255), nullable=True),
        sa.Column("aangeleverd_door_id", sa.Integer(), nullable=True),
        sa.Column("aangeleverd_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aangeleverd_door_id"],
            ["ab_user.id"],
            name=op.f("fk_signaal_aangeleverd_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_signaal_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["levering_id"],
            ["signaallevering.id"],
            name=op.f("fk_signaal_levering_id_signaallevering"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_signaal_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signaal")),
        sa.UniqueConstraint(
            "project_id",
            "adres_sleutel",
            "ketenpartner_id",
            "risico",
            name=op.f("uq_signaal_project_id"),
        ),
    )
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signaal_levering_id"), ["levering_id"], unique=False)


def downgrade():
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signaal_levering_id"))

    op.drop_table("signaal")
    with op.batch_alter_table("signaallevering", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signaallevering_project_id"))
        batch_op.drop_index(batch_op.f("ix_signaallevering_ketenpartner_id"))

    op.drop_table("signaallevering")
    with op.batch_alter_table("adreskoppeling", schema=None) as batch_op:
        batch_op.drop_index("ix_adreskoppeling_overzicht")

    op.drop_table("adreskoppeling")
    op.drop_table("koppelingstand")
    with op.batch_alter_table("adresbeoordeling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adresbeoordeling_project_id"))

    op.drop_table("adresbeoordeling")
