"""Attachments and partner review rounds (issue #18)

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def _fk(table, col, target, ondelete=None):
    return sa.ForeignKeyConstraint(
        [col], [f"{target}.id"], name=op.f(f"fk_{table}_{col}_{target}"), ondelete=ondelete
    )


def _index(table, *cols):
    for col in cols:
        op.create_index(op.f(f"ix_{table}_{col}"), table, [col], unique=False)


def upgrade():
    op.create_table(
        "bijlage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "soort",
            _enum(
                "bijlage_soort",
                "Intakerapport",
                "Gebiedsbeschrijving",
                "Vragenlijst 0-meting",
                "Brainstormresultaten",
                "Getekend besluit",
                "Persmateriaal",
                "Overig",
            ),
            nullable=False,
        ),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("persoonsgegevens", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        _fk("bijlage", "project_id", "project", "CASCADE"),
        _fk("bijlage", "aangemaakt_door_id", "ab_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bijlage")),
    )
    _index("bijlage", "project_id")
    op.create_table(
        "bijlage_versie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bijlage_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("bestandsnaam", sa.String(length=200), nullable=False),
        sa.Column("mimetype", sa.String(length=120), nullable=False),
        sa.Column("grootte", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("inhoud", sa.LargeBinary(), nullable=True),
        sa.Column(
            "scanstatus", _enum("bijlage_scanstatus", "Gescand", "Niet gescand"), nullable=False
        ),
        sa.Column("scanmelding", sa.String(length=300), nullable=True),
        sa.Column("geupload_door_id", sa.Integer(), nullable=True),
        sa.Column("geupload_op", sa.DateTime(), nullable=False),
        sa.Column("verwijderd_op", sa.DateTime(), nullable=True),
        _fk("bijlage_versie", "bijlage_id", "bijlage", "CASCADE"),
        _fk("bijlage_versie", "project_id", "project", "CASCADE"),
        _fk("bijlage_versie", "geupload_door_id", "ab_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bijlage_versie")),
        sa.UniqueConstraint("bijlage_id", "versie", name=op.f("uq_bijlage_versie_bijlage_id")),
    )
    _index("bijlage_versie", "bijlage_id", "project_id")
    op.create_table(
        "indiening_bijlage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("bijlage_versie_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("bij", sa.String(length=10), nullable=False),
        _fk("indiening_bijlage", "document_id", "document", "CASCADE"),
        _fk("indiening_bijlage", "bijlage_versie_id", "bijlage_versie", "CASCADE"),
        _fk("indiening_bijlage", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indiening_bijlage")),
        sa.UniqueConstraint(
            "document_id",
            "bijlage_versie_id",
            "bij",
            name=op.f("uq_indiening_bijlage_document_id"),
        ),
    )
    _index("indiening_bijlage", "document_id", "bijlage_versie_id", "project_id")
    op.create_table(
        "reviewronde",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("reageren_voor", sa.Date(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("gestart_door_id", sa.Integer(), nullable=True),
        sa.Column("gestart_op", sa.DateTime(), nullable=False),
        sa.Column("ingediend_op", sa.DateTime(), nullable=True),
        _fk("reviewronde", "project_id", "project", "CASCADE"),
        _fk("reviewronde", "document_id", "document", "CASCADE"),
        _fk("reviewronde", "gestart_door_id", "ab_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewronde")),
        sa.UniqueConstraint("document_id", name=op.f("uq_reviewronde_document_id")),
    )
    _index("reviewronde", "project_id")
    oordelen = ("Open", "Akkoord", "Opmerkingen")
    op.create_table(
        "partnerreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reviewronde_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=False),
        sa.Column("oordeel", _enum("review_oordeel", *oordelen), nullable=False),
        sa.Column("opmerkingen", sa.Text(), nullable=True),
        sa.Column("beantwoord_door_id", sa.Integer(), nullable=True),
        sa.Column("beantwoord_op", sa.DateTime(), nullable=True),
        sa.Column(
            "oordeel_bij_indiening", _enum("review_oordeel_indiening", *oordelen), nullable=True
        ),
        _fk("partnerreview", "reviewronde_id", "reviewronde", "CASCADE"),
        _fk("partnerreview", "project_id", "project", "CASCADE"),
        _fk("partnerreview", "ketenpartner_id", "ketenpartner"),
        _fk("partnerreview", "beantwoord_door_id", "ab_user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnerreview")),
        sa.UniqueConstraint(
            "reviewronde_id", "ketenpartner_id", name=op.f("uq_partnerreview_reviewronde_id")
        ),
    )
    _index("partnerreview", "reviewronde_id", "project_id", "ketenpartner_id")


def downgrade():
    for table in ("partnerreview", "reviewronde", "indiening_bijlage", "bijlage_versie", "bijlage"):
        op.drop_table(table)
