"""Communication, results with amounts, menselijke maat (issue #19)

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=40)


_COMM_SOORT = _enum(
    "communicatie_soort",
    "Persbericht",
    "Nieuwsbericht",
    "Bewonersbrief",
    "Sociale media",
    "Raadsinformatie",
    "Na vaststelling eindrapportage",
)
_COMM_STATUS = _enum("communicatie_status", "Concept", "Afgestemd", "Gepubliceerd")
_PARTIJ = _enum("partij_soort", "Burgemeester", "Ketenpartner", "Overig")
_EENHEID = _enum("uitkomst_eenheid", "Aantal", "Bedrag")
_KOSTEN = _enum("kostensoort", "Tolk", "Slotenmaker", "Opslag en vervoer", "Huur locatie", "Overig")
_METING = _enum("meting_soort", "0-meting", "1-meting", "Controle")
# Frozen copy of models.uitkomstsoort.STANDAARD_UITKOMSTSOORTEN at this revision.
_SOORTEN = (
    ("Uitkering beëindigd", "Aantal"),
    ("Terugvordering", "Bedrag"),
    ("Boete", "Bedrag"),
    ("BRP-correctie", "Aantal"),
    ("Hercontrole", "Aantal"),
    ("Sluiting", "Aantal"),
)


def _lock():
    return sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False)


def _fk(table, column, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _indexes(table, *columns):
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade():
    with op.batch_alter_table("casus") as batch_op:
        batch_op.add_column(sa.Column("gemeente_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_casus_gemeente_id"), ["gemeente_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_casus_gemeente_id_gemeente"), "gemeente", ["gemeente_id"], ["id"]
        )

    op.create_table(
        "communicatie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("soort", _COMM_SOORT, nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column("controle_id", sa.Integer(), nullable=True),
        sa.Column("opvolgactie_id", sa.Integer(), nullable=True),
        sa.Column("mijlpaal", sa.String(length=200), nullable=True),
        sa.Column("woordvoerder", sa.String(length=160), nullable=True),
        sa.Column("status", _COMM_STATUS, nullable=False),
        sa.Column("gepubliceerd_op", sa.Date(), nullable=True),
        sa.Column("medium", sa.String(length=160), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        _lock(),
        _fk("communicatie", "project_id", "project", "CASCADE"),
        _fk("communicatie", "controle_id", "controle", "SET NULL"),
        _fk("communicatie", "opvolgactie_id", "opvolgactie", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communicatie")),
    )
    _indexes("communicatie", "project_id", "controle_id", "opvolgactie_id", "status")

    op.create_table(
        "communicatie_akkoord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("communicatie_id", sa.Integer(), nullable=False),
        sa.Column("partij_soort", _PARTIJ, nullable=False),
        sa.Column("partij", sa.String(length=200), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=True),
        sa.Column("vereist", sa.Boolean(), nullable=False),
        sa.Column("akkoord_op", sa.Date(), nullable=True),
        sa.Column("akkoord_door", sa.String(length=160), nullable=True),
        _lock(),
        _fk("communicatie_akkoord", "project_id", "project", "CASCADE"),
        _fk("communicatie_akkoord", "communicatie_id", "communicatie", "CASCADE"),
        _fk("communicatie_akkoord", "ketenpartner_id", "ketenpartner"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communicatie_akkoord")),
    )
    _indexes("communicatie_akkoord", "project_id", "communicatie_id", "ketenpartner_id")

    op.create_table(
        "uitkomstsoort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("eenheid", _EENHEID, nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        _lock(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitkomstsoort")),
        sa.UniqueConstraint("naam", name=op.f("uq_uitkomstsoort_naam")),
    )
    soort = sa.table(
        "uitkomstsoort",
        sa.column("naam", sa.String),
        sa.column("eenheid", sa.String),
        sa.column("volgorde", sa.Integer),
        sa.column("actief", sa.Boolean),
        sa.column("lock_version", sa.Integer),
    )
    op.bulk_insert(
        soort,
        [
            {"naam": n, "eenheid": e, "volgorde": (i + 1) * 10, "actief": True, "lock_version": 1}
            for i, (n, e) in enumerate(_SOORTEN)
        ],
    )

    op.create_table(
        "uitkomst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("uitkomstsoort_id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.Column("controle_id", sa.Integer(), nullable=True),
        sa.Column("opvolgactie_id", sa.Integer(), nullable=True),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.Column("bedrag", sa.Numeric(precision=14, scale=2), nullable=True),
        _lock(),
        _fk("uitkomst", "project_id", "project", "CASCADE"),
        _fk("uitkomst", "uitkomstsoort_id", "uitkomstsoort"),
        _fk("uitkomst", "gemeente_id", "gemeente"),
        _fk("uitkomst", "ketenpartner_id", "ketenpartner"),
        _fk("uitkomst", "casus_id", "casus", "SET NULL"),
        _fk("uitkomst", "controle_id", "controle", "SET NULL"),
        _fk("uitkomst", "opvolgactie_id", "opvolgactie", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitkomst")),
    )
    _indexes(
        "uitkomst",
        "project_id",
        "uitkomstsoort_id",
        "gemeente_id",
        "ketenpartner_id",
        "casus_id",
        "controle_id",
        "opvolgactie_id",
    )

    op.create_table(
        "kostenpost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("soort", _KOSTEN, nullable=False),
        sa.Column("omschrijving", sa.String(length=200), nullable=False),
        sa.Column("bedrag", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=True),
        sa.Column("opvolgactie_id", sa.Integer(), nullable=True),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=True),
        _lock(),
        _fk("kostenpost", "project_id", "project", "CASCADE"),
        _fk("kostenpost", "controle_id", "controle", "SET NULL"),
        _fk("kostenpost", "opvolgactie_id", "opvolgactie", "SET NULL"),
        _fk("kostenpost", "ketenpartner_id", "ketenpartner"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kostenpost")),
    )
    _indexes("kostenpost", "project_id", "controle_id", "opvolgactie_id", "ketenpartner_id")

    op.create_table(
        "meting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("soort", _METING, nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("controle_id", sa.Integer(), nullable=True),
        sa.Column("gebied", sa.String(length=120), nullable=True),
        sa.Column("vragenlijst", sa.String(length=200), nullable=False),
        sa.Column("vraag", sa.String(length=300), nullable=False),
        sa.Column("respondenten", sa.Integer(), nullable=False),
        sa.Column("score", sa.Numeric(precision=3, scale=2), nullable=True),
        sa.Column("percentage", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        _lock(),
        _fk("meting", "project_id", "project", "CASCADE"),
        _fk("meting", "controle_id", "controle", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meting")),
    )
    _indexes("meting", "project_id", "soort", "controle_id")


def downgrade():
    for table in ("meting", "kostenpost", "uitkomst", "uitkomstsoort"):
        op.drop_table(table)
    op.drop_table("communicatie_akkoord")
    op.drop_table("communicatie")
    with op.batch_alter_table("casus") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_casus_gemeente_id_gemeente"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_casus_gemeente_id"))
        batch_op.drop_column("gemeente_id")
