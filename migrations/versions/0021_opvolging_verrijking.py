"""Follow-up types, capacity, enrichment, dossiers, lessons (issue #19)

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TYPES = (
    "Handhaving",
    "Informatiebrief eigenaar",
    "Persbericht",
    "Partners informeren",
    "Hercontrole",
    "Terugvordering",
    "Overig",
)
# Before the managed list, the kind of an action lived only in its description: the words
# that name a type give existing actions their reference (the descriptions stay as they are).
KEYWORDS = (
    ("Hercontrole", ("hercontrole",)),
    ("Terugvordering", ("terugvorder", "vordering")),
    ("Persbericht", ("persbericht",)),
    ("Informatiebrief eigenaar", ("informatiebrief", "brief aan de eigenaar", "eigenaar")),
    ("Partners informeren", ("partners informeren", "informeren")),
    ("Handhaving", ("handhav", "dwangsom", "boete", "bestuurlijke")),
)
_ANTWOORD = sa.Enum(
    "Ja", "Nee", "Onbekend", name="verrijking_antwoord", native_enum=False, length=40
)
_CATEGORIE = sa.Enum(
    "Voorbereiding",
    "Veiligheid",
    "Samenwerking",
    "Informatiepositie",
    "Opvolging",
    "Communicatie",
    "Overig",
    name="leerpunt_categorie",
    native_enum=False,
    length=40,
)


def _lock() -> sa.Column:
    return sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False)


def _project(table: str) -> list:
    return [
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=f"fk_{table}_project_id_project",
            ondelete="CASCADE",
        ),
    ]


def upgrade():
    opvolgtype = op.create_table(
        "opvolgtype",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        _lock(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opvolgtype")),
        sa.UniqueConstraint("naam", name=op.f("uq_opvolgtype_naam")),
    )
    op.bulk_insert(
        opvolgtype,
        [
            {"naam": n, "volgorde": (i + 1) * 10, "actief": True, "lock_version": 1}
            for i, n in enumerate(TYPES)
        ],
    )
    with op.batch_alter_table("opvolgactie") as batch_op:
        batch_op.add_column(sa.Column("opvolgtype_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_opvolgactie_opvolgtype_id"), ["opvolgtype_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_opvolgactie_opvolgtype_id_opvolgtype"),
            "opvolgtype",
            ["opvolgtype_id"],
            ["id"],
        )
    conn = op.get_bind()
    for naam, words in KEYWORDS:
        type_id = conn.execute(
            sa.text("SELECT id FROM opvolgtype WHERE naam = :n"), {"n": naam}
        ).scalar()
        for word in words:
            conn.execute(
                sa.text(
                    "UPDATE opvolgactie SET opvolgtype_id = :t "
                    "WHERE opvolgtype_id IS NULL AND lower(omschrijving) LIKE :w"
                ),
                {"t": type_id, "w": f"%{word}%"},
            )

    op.create_table(
        "capaciteitsinzet",
        sa.Column("id", sa.Integer(), nullable=False),
        *_project("capaciteitsinzet"),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("periode", sa.Date(), nullable=False),
        sa.Column("gepland_uren", sa.Integer(), nullable=False),
        sa.Column("gerealiseerd_uren", sa.Integer(), nullable=True),
        sa.Column("toelichting", sa.String(length=500), nullable=True),
        sa.Column("ingevoerd_door_id", sa.Integer(), nullable=True),
        _lock(),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_capaciteitsinzet_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["ingevoerd_door_id"],
            ["ab_user.id"],
            name=op.f("fk_capaciteitsinzet_ingevoerd_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capaciteitsinzet")),
        sa.UniqueConstraint(
            "project_id",
            "ketenpartner_id",
            "periode",
            name=op.f("uq_capaciteitsinzet_project_id"),
        ),
    )
    with op.batch_alter_table("capaciteitsinzet") as batch_op:
        batch_op.create_index(batch_op.f("ix_capaciteitsinzet_project_id"), ["project_id"])
        batch_op.create_index(
            batch_op.f("ix_capaciteitsinzet_ketenpartner_id"), ["ketenpartner_id"]
        )

    op.create_table(
        "verrijkingsverzoek",
        sa.Column("id", sa.Integer(), nullable=False),
        *_project("verrijkingsverzoek"),
        sa.Column("casustafel_id", sa.Integer(), nullable=False),
        sa.Column("vraag", sa.Text(), nullable=False),
        sa.Column("uiterlijk", sa.Date(), nullable=True),
        sa.Column("verzonden_op", sa.DateTime(), nullable=False),
        sa.Column("verzonden_door_id", sa.Integer(), nullable=True),
        _lock(),
        sa.ForeignKeyConstraint(
            ["casustafel_id"],
            ["casustafel.id"],
            name=op.f("fk_verrijkingsverzoek_casustafel_id_casustafel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verzonden_door_id"],
            ["ab_user.id"],
            name=op.f("fk_verrijkingsverzoek_verzonden_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verrijkingsverzoek")),
    )
    with op.batch_alter_table("verrijkingsverzoek") as batch_op:
        batch_op.create_index(batch_op.f("ix_verrijkingsverzoek_project_id"), ["project_id"])
        batch_op.create_index(batch_op.f("ix_verrijkingsverzoek_casustafel_id"), ["casustafel_id"])

    op.create_table(
        "verrijkingsantwoord",
        sa.Column("id", sa.Integer(), nullable=False),
        *_project("verrijkingsantwoord"),
        sa.Column("verzoek_id", sa.Integer(), nullable=False),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("antwoord", _ANTWOORD, nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("beantwoord_op", sa.DateTime(), nullable=True),
        sa.Column("beantwoord_door_id", sa.Integer(), nullable=True),
        _lock(),
        sa.ForeignKeyConstraint(
            ["verzoek_id"],
            ["verrijkingsverzoek.id"],
            name=op.f("fk_verrijkingsantwoord_verzoek_id_verrijkingsverzoek"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_verrijkingsantwoord_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["beantwoord_door_id"],
            ["ab_user.id"],
            name=op.f("fk_verrijkingsantwoord_beantwoord_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verrijkingsantwoord")),
        sa.UniqueConstraint(
            "verzoek_id",
            "adres_sleutel",
            "ketenpartner_id",
            name=op.f("uq_verrijkingsantwoord_verzoek_id"),
        ),
    )
    with op.batch_alter_table("verrijkingsantwoord") as batch_op:
        batch_op.create_index(batch_op.f("ix_verrijkingsantwoord_project_id"), ["project_id"])
        batch_op.create_index(batch_op.f("ix_verrijkingsantwoord_verzoek_id"), ["verzoek_id"])
        batch_op.create_index(
            batch_op.f("ix_verrijkingsantwoord_ketenpartner_id"), ["ketenpartner_id"]
        )

    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        *_project("dossier"),
        sa.Column("adres_sleutel", sa.String(length=40), nullable=False),
        sa.Column("geopend_op", sa.DateTime(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casus.id"], name=op.f("fk_dossier_casus_id_casus"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier")),
        sa.UniqueConstraint("project_id", "adres_sleutel", name=op.f("uq_dossier_project_id")),
    )
    with op.batch_alter_table("dossier") as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_project_id"), ["project_id"])
        batch_op.create_index(batch_op.f("ix_dossier_casus_id"), ["casus_id"])

    with op.batch_alter_table("journaalregel") as batch_op:
        batch_op.alter_column("casus_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("dossier_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_journaalregel_dossier_id"), ["dossier_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_journaalregel_dossier_id_dossier"),
            "dossier",
            ["dossier_id"],
            ["id"],
            ondelete="CASCADE",
        )

    op.create_table(
        "leerpunt",
        sa.Column("id", sa.Integer(), nullable=False),
        *_project("leerpunt"),
        sa.Column("controle_id", sa.Integer(), nullable=True),
        sa.Column("casustafel_id", sa.Integer(), nullable=True),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("categorie", _CATEGORIE, nullable=True),
        sa.Column("door_id", sa.Integer(), nullable=True),
        sa.Column("door", sa.String(length=120), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        _lock(),
        sa.ForeignKeyConstraint(
            ["controle_id"],
            ["controle.id"],
            name=op.f("fk_leerpunt_controle_id_controle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["casustafel_id"],
            ["casustafel.id"],
            name=op.f("fk_leerpunt_casustafel_id_casustafel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeente.id"], name=op.f("fk_leerpunt_gemeente_id_gemeente")
        ),
        sa.ForeignKeyConstraint(
            ["door_id"],
            ["ab_user.id"],
            name=op.f("fk_leerpunt_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leerpunt")),
    )
    with op.batch_alter_table("leerpunt") as batch_op:
        batch_op.create_index(batch_op.f("ix_leerpunt_project_id"), ["project_id"])
        batch_op.create_index(batch_op.f("ix_leerpunt_controle_id"), ["controle_id"])
        batch_op.create_index(batch_op.f("ix_leerpunt_casustafel_id"), ["casustafel_id"])
        batch_op.create_index(batch_op.f("ix_leerpunt_gemeente_id"), ["gemeente_id"])


def downgrade():
    op.drop_table("leerpunt")
    # Entries that exist only in a dossier (no case yet) cannot live without it.
    op.execute("DELETE FROM journaalregel WHERE casus_id IS NULL")
    with op.batch_alter_table("journaalregel") as batch_op:
        batch_op.drop_constraint("fk_journaalregel_dossier_id_dossier", type_="foreignkey")
        batch_op.drop_index("ix_journaalregel_dossier_id")
        batch_op.drop_column("dossier_id")
        batch_op.alter_column("casus_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("dossier")
    op.drop_table("verrijkingsantwoord")
    op.drop_table("verrijkingsverzoek")
    op.drop_table("capaciteitsinzet")
    with op.batch_alter_table("opvolgactie") as batch_op:
        batch_op.drop_constraint("fk_opvolgactie_opvolgtype_id_opvolgtype", type_="foreignkey")
        batch_op.drop_index("ix_opvolgactie_opvolgtype_id")
        batch_op.drop_column("opvolgtype_id")
    op.drop_table("opvolgtype")
