"""casework: cases, casustafels, controls, findings, follow-up and the journal

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen copy of models.bevindingcategorie.STANDAARD_CATEGORIEEN at this revision.
CATEGORIEEN = (
    "Adresfraude/BRP",
    "Bestemmingsplan",
    "Brandveiligheid",
    "Overbewoning",
    "Energiefraude",
    "Uitkeringsfraude",
    "Arbeidswetgeving",
    "Asbest",
    "Drugs",
    "Overig",
)


def upgrade():
    op.create_table(
        "bevindingcategorie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bevindingcategorie")),
        sa.UniqueConstraint("naam", name=op.f("uq_bevindingcategorie_naam")),
    )
    op.create_table(
        "casus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "Aangemeld",
                "Besproken",
                "In onderzoek",
                "Gecontroleerd",
                "Afgerond",
                "Buiten gezamenlijke aanpak",
                name="casus_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("politiebijstand", sa.Boolean(), nullable=True),
        sa.Column("politiebijstand_reden", sa.Text(), nullable=True),
        sa.Column("handhavingsactie", sa.Text(), nullable=True),
        sa.Column("afweging", sa.Text(), nullable=True),
        sa.Column("reden_buiten_aanpak", sa.Text(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(), nullable=False),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_casus_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casus")),
        sa.UniqueConstraint("project_id", "adres_sleutel", name=op.f("uq_casus_project_id")),
    )
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casus_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_casus_status"), ["status"], unique=False)

    op.create_table(
        "casustafel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("locatie", sa.String(length=200), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_casustafel_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casustafel")),
    )
    with op.batch_alter_table("casustafel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casustafel_project_id"), ["project_id"], unique=False)

    op.create_table(
        "controle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column(
            "soort",
            sa.Enum("Actiedag", "Actieavond", name="controle_soort", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("noodplan", sa.Boolean(), nullable=False),
        sa.Column("risicoanalyse", sa.Boolean(), nullable=False),
        sa.Column("personen_aangetroffen", sa.Integer(), nullable=False),
        sa.Column("acties_ter_plaatse", sa.Text(), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_controle_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_controle")),
    )
    with op.batch_alter_table("controle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_controle_project_id"), ["project_id"], unique=False)

    op.create_table(
        "bevinding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.Column("categorie_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=True),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_bevinding_casus_id_casus"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["categorie_id"],
            ["bevindingcategorie.id"],
            name=op.f("fk_bevinding_categorie_id_bevindingcategorie"),
        ),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_bevinding_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_bevinding_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_bevinding_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bevinding")),
    )
    with op.batch_alter_table("bevinding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bevinding_casus_id"), ["casus_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bevinding_categorie_id"), ["categorie_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bevinding_controle_id"), ["controle_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_bevinding_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_bevinding_project_id"), ["project_id"], unique=False)

    op.create_table(
        "casus_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("actueel", sa.Boolean(), nullable=True),
        sa.Column("trekker", sa.Boolean(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_casus_partner_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_casus_partner_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_casus_partner_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casus_partner")),
        sa.UniqueConstraint("casus_id", "ketenpartner_id", name=op.f("uq_casus_partner_casus_id")),
    )
    with op.batch_alter_table("casus_partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casus_partner_casus_id"), ["casus_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_casus_partner_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_casus_partner_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "casustafel_bespreking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("casustafel_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("besproken", sa.Boolean(), nullable=False),
        sa.Column("uitkomst", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_casustafel_bespreking_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["casustafel_id"],
            ["casustafel.id"],
            name=op.f("fk_casustafel_bespreking_casustafel_id_casustafel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_casustafel_bespreking_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_casustafel_bespreking")),
        sa.UniqueConstraint(
            "casustafel_id", "casus_id", name=op.f("uq_casustafel_bespreking_casustafel_id")
        ),
    )
    with op.batch_alter_table("casustafel_bespreking", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_casustafel_bespreking_casus_id"), ["casus_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_casustafel_bespreking_casustafel_id"), ["casustafel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_casustafel_bespreking_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "casustafel_partner",
        sa.Column("casustafel_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casustafel_id"],
            ["casustafel.id"],
            name=op.f("fk_casustafel_partner_casustafel_id_casustafel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_casustafel_partner_ketenpartner_id_ketenpartner"),
        ),
        sa.PrimaryKeyConstraint(
            "casustafel_id", "ketenpartner_id", name=op.f("pk_casustafel_partner")
        ),
    )
    op.create_table(
        "controle_casus",
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_controle_casus_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_controle_casus_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("controle_id", "casus_id", name=op.f("pk_controle_casus")),
    )
    op.create_table(
        "controle_teamlid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column(
            "rol",
            sa.Enum(
                "Leiding",
                "Gesprek",
                "Doorzoeking",
                "Formulieren",
                "Veiligheid",
                "Overig",
                name="teamrol",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_controle_teamlid_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_controle_teamlid_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_controle_teamlid_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_controle_teamlid")),
    )
    with op.batch_alter_table("controle_teamlid", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_controle_teamlid_controle_id"), ["controle_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_controle_teamlid_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_controle_teamlid_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "journaalregel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("door_id", sa.Integer(), nullable=True),
        sa.Column("door", sa.String(length=120), nullable=False),
        sa.Column(
            "soort",
            sa.Enum(
                "Status",
                "Casustafel",
                "Controle",
                "Bevinding",
                "Opvolging",
                "Handmatig",
                name="journaal_soort",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casus.id"],
            name=op.f("fk_journaalregel_casus_id_casus"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["door_id"],
            ["ab_user.id"],
            name=op.f("fk_journaalregel_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_journaalregel_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journaalregel")),
    )
    with op.batch_alter_table("journaalregel", schema=None) as batch_op:
        batch_op.create_index("ix_journaalregel_casus_op", ["casus_id", "op"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_journaalregel_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "opvolgactie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("bevinding_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("eigenaar_id", sa.Integer(), nullable=True),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "Open",
                "In behandeling",
                "Afgerond",
                name="opvolg_status",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("resultaat", sa.Text(), nullable=True),
        sa.Column("afgerond_op", sa.Date(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["bevinding_id"],
            ["bevinding.id"],
            name=op.f("fk_opvolgactie_bevinding_id_bevinding"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["eigenaar_id"], ["ab_user.id"], name=op.f("fk_opvolgactie_eigenaar_id_ab_user")
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_opvolgactie_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_opvolgactie_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opvolgactie")),
    )
    with op.batch_alter_table("opvolgactie", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opvolgactie_bevinding_id"), ["bevinding_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_opvolgactie_deadline"), ["deadline"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_opvolgactie_eigenaar_id"), ["eigenaar_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_opvolgactie_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_opvolgactie_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_opvolgactie_status"), ["status"], unique=False)

    # The managed list of finding categories starts with the ones DOMAIN.md names.
    categorie = sa.table(
        "bevindingcategorie",
        sa.column("naam", sa.String),
        sa.column("volgorde", sa.Integer),
        sa.column("actief", sa.Boolean),
        sa.column("lock_version", sa.Integer),
    )
    op.bulk_insert(
        categorie,
        [
            {"naam": naam, "volgorde": (i + 1) * 10, "actief": True, "lock_version": 1}
            for i, naam in enumerate(CATEGORIEEN)
        ],
    )


def downgrade():
    with op.batch_alter_table("opvolgactie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opvolgactie_status"))
        batch_op.drop_index(batch_op.f("ix_opvolgactie_project_id"))
        batch_op.drop_index(batch_op.f("ix_opvolgactie_ketenpartner_id"))
        batch_op.drop_index(batch_op.f("ix_opvolgactie_eigenaar_id"))
        batch_op.drop_index(batch_op.f("ix_opvolgactie_deadline"))
        batch_op.drop_index(batch_op.f("ix_opvolgactie_bevinding_id"))

    op.drop_table("opvolgactie")
    with op.batch_alter_table("journaalregel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journaalregel_project_id"))
        batch_op.drop_index("ix_journaalregel_casus_op")

    op.drop_table("journaalregel")
    with op.batch_alter_table("controle_teamlid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_controle_teamlid_project_id"))
        batch_op.drop_index(batch_op.f("ix_controle_teamlid_ketenpartner_id"))
        batch_op.drop_index(batch_op.f("ix_controle_teamlid_controle_id"))

    op.drop_table("controle_teamlid")
    op.drop_table("controle_casus")
    op.drop_table("casustafel_partner")
    with op.batch_alter_table("casustafel_bespreking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casustafel_bespreking_project_id"))
        batch_op.drop_index(batch_op.f("ix_casustafel_bespreking_casustafel_id"))
        batch_op.drop_index(batch_op.f("ix_casustafel_bespreking_casus_id"))

    op.drop_table("casustafel_bespreking")
    with op.batch_alter_table("casus_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casus_partner_project_id"))
        batch_op.drop_index(batch_op.f("ix_casus_partner_ketenpartner_id"))
        batch_op.drop_index(batch_op.f("ix_casus_partner_casus_id"))

    op.drop_table("casus_partner")
    with op.batch_alter_table("bevinding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bevinding_project_id"))
        batch_op.drop_index(batch_op.f("ix_bevinding_ketenpartner_id"))
        batch_op.drop_index(batch_op.f("ix_bevinding_controle_id"))
        batch_op.drop_index(batch_op.f("ix_bevinding_categorie_id"))
        batch_op.drop_index(batch_op.f("ix_bevinding_casus_id"))

    op.drop_table("bevinding")
    with op.batch_alter_table("controle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_controle_project_id"))

    op.drop_table("controle")
    with op.batch_alter_table("casustafel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casustafel_project_id"))

    op.drop_table("casustafel")
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casus_status"))
        batch_op.drop_index(batch_op.f("ix_casus_project_id"))

    op.drop_table("casus")
    op.drop_table("bevindingcategorie")
