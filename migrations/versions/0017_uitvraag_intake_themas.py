"""Uitvraag plan, O&A intake, themes (issue #18)

The free-text Project.themas / lsi_jaarthema become references to the managed list
``thema`` (every distinct name becomes a theme); Project.intake_oa moves into the structured
intake ``oa_intake`` (as its ``samenvatting``). Downgrade writes them back as text.

Revision ID: 0017
Revises: 0016
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# Frozen copy of models.thema.STANDAARD_THEMAS at this revision.
THEMAS = (
    ("Huisvesting arbeidsmigranten", "Thema"),
    ("Adresfraude", "Thema"),
    ("Arbeidsmigratie", "Thema"),
    ("Taxibranche", "Thema"),
    ("Schijnverlating", "Fenomeen"),
    ("Onjuiste inschrijvingen", "Fenomeen"),
    ("WagwEU (gedetacheerde werknemers)", "Fenomeen"),
)
_SPLIT = re.compile(r"[;,\n]+")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def upgrade():
    thema = op.create_table(
        "thema",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=120), nullable=False),
        sa.Column("soort", _enum("thema_soort", "Thema", "Fenomeen"), nullable=False),
        sa.Column("jaarthema_jaar", sa.Integer(), nullable=True),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thema")),
        sa.UniqueConstraint("naam", name=op.f("uq_thema_naam")),
    )
    op.create_table(
        "project_thema",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("thema_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_thema_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thema_id"], ["thema.id"], name=op.f("fk_project_thema_thema_id_thema")
        ),
        sa.PrimaryKeyConstraint("project_id", "thema_id", name=op.f("pk_project_thema")),
    )
    op.create_table(
        "uitvraagitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "bron_soort",
            _enum("uitvraag_bron_soort", "Landelijk", "Gemeentelijk", "Extern"),
            nullable=False,
        ),
        sa.Column("bron", sa.String(length=160), nullable=False),
        sa.Column("ketenpartner_id", sa.Integer(), nullable=True),
        sa.Column("gegevens", sa.Text(), nullable=True),
        sa.Column("eigenaar", sa.String(length=160), nullable=True),
        sa.Column(
            "leveringsroute",
            _enum(
                "uitvraag_route",
                "Datamanager Inlichtingenbureau",
                "Liaison Belastingdienst",
                "Systeembeheerder aan Inlichtingenbureau",
                "Via gemeentelijk projectleider",
            ),
            nullable=False,
        ),
        sa.Column("specificatie_verstuurd_op", sa.Date(), nullable=True),
        sa.Column("uitgevraagd_op", sa.Date(), nullable=True),
        sa.Column("afgesproken_levering", sa.Date(), nullable=True),
        sa.Column("geleverd_op", sa.Date(), nullable=True),
        sa.Column(
            "status",
            _enum(
                "uitvraag_status",
                "Te doen",
                "Specificatie verstuurd",
                "Uitgevraagd",
                "Geleverd",
                "Vervallen",
            ),
            nullable=False,
        ),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["ketenpartner_id"],
            ["ketenpartner.id"],
            name=op.f("fk_uitvraagitem_ketenpartner_id_ketenpartner"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_uitvraagitem_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitvraagitem")),
    )
    with op.batch_alter_table("uitvraagitem") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_uitvraagitem_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_uitvraagitem_ketenpartner_id"), ["ketenpartner_id"], unique=False
        )
    intake = op.create_table(
        "oa_intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("datum_intake", sa.Date(), nullable=True),
        sa.Column("analist_uren", sa.Integer(), nullable=True),
        sa.Column("tijdpad", sa.Text(), nullable=True),
        sa.Column("aard_omvang", sa.Text(), nullable=True),
        sa.Column("indicatoren", sa.Text(), nullable=True),
        sa.Column("bronnen", sa.Text(), nullable=True),
        sa.Column("planning_analist", sa.Text(), nullable=True),
        sa.Column("samenvatting", sa.Text(), nullable=True),
        sa.Column("verslag_referentie", sa.String(length=300), nullable=True),
        sa.Column("lock_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_oa_intake_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oa_intake")),
        sa.UniqueConstraint("project_id", name=op.f("uq_oa_intake_project_id")),
    )
    with op.batch_alter_table("gemeente") as batch_op:
        batch_op.add_column(sa.Column("postcodegebied", sa.Text(), nullable=True))
    with op.batch_alter_table("project") as batch_op:
        batch_op.add_column(
            sa.Column(
                "gericht_op",
                _enum("project_gericht_op", "Gebied", "Thema of fenomeen"),
                server_default="Gebied",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("lsi_jaarthema_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("datum_bijeenkomst_systeembeheerders", sa.Date(), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_project_lsi_jaarthema_id"), ["lsi_jaarthema_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_project_lsi_jaarthema_id_thema"), "thema", ["lsi_jaarthema_id"], ["id"]
        )
    _migrate_texts(thema, intake)
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_column("themas")
        batch_op.drop_column("lsi_jaarthema")
        batch_op.drop_column("intake_oa")


def _migrate_texts(thema, intake) -> None:
    """Every name in the old free text becomes (or finds) a theme; case-insensitively one."""
    conn = op.get_bind()
    ids: dict[str, int] = {}

    def theme_id(name: str, soort: str = "Thema") -> int:
        key = name.strip().casefold()
        if key not in ids:
            conn.execute(
                thema.insert().values(
                    naam=name.strip()[:120],
                    soort=soort,
                    volgorde=(len(ids) + 1) * 10,
                    actief=True,
                    lock_version=1,
                )
            )
            ids[key] = conn.execute(
                sa.select(thema.c.id).where(thema.c.naam == name.strip()[:120])
            ).scalar_one()
        return ids[key]

    for naam, soort in THEMAS:
        theme_id(naam, soort)
    project = sa.table(
        "project",
        sa.column("id", sa.Integer),
        sa.column("themas", sa.String),
        sa.column("lsi_jaarthema", sa.String),
        sa.column("intake_oa", sa.Text),
        sa.column("lsi_jaarthema_id", sa.Integer),
    )
    link = sa.table("project_thema", sa.column("project_id"), sa.column("thema_id"))
    for pid, themas, jaarthema, intake_oa in conn.execute(
        sa.select(project.c.id, project.c.themas, project.c.lsi_jaarthema, project.c.intake_oa)
    ).all():
        chosen = {theme_id(n) for n in _SPLIT.split(themas or "") if n.strip()}
        for tid in sorted(chosen):
            conn.execute(link.insert().values(project_id=pid, thema_id=tid))
        if jaarthema and jaarthema.strip():
            conn.execute(
                project.update()
                .where(project.c.id == pid)
                .values(lsi_jaarthema_id=theme_id(jaarthema))
            )
        if intake_oa and intake_oa.strip():
            conn.execute(intake.insert().values(project_id=pid, samenvatting=intake_oa))


def downgrade():
    with op.batch_alter_table("project") as batch_op:
        batch_op.add_column(sa.Column("themas", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("lsi_jaarthema", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("intake_oa", sa.Text(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT p.id, t.naam FROM project_thema pt JOIN project p ON p.id = pt.project_id "
            "JOIN thema t ON t.id = pt.thema_id ORDER BY p.id, t.naam"
        )
    ).all()
    names: dict[int, list[str]] = {}
    for pid, naam in rows:
        names.setdefault(pid, []).append(naam)
    for pid, lst in names.items():
        conn.execute(
            sa.text("UPDATE project SET themas = :t WHERE id = :id"),
            {"t": "; ".join(lst)[:300], "id": pid},
        )
    conn.execute(
        sa.text(
            "UPDATE project SET lsi_jaarthema = "
            "(SELECT naam FROM thema WHERE thema.id = project.lsi_jaarthema_id)"
        )
    )
    conn.execute(
        sa.text(
            "UPDATE project SET intake_oa = "
            "(SELECT samenvatting FROM oa_intake WHERE oa_intake.project_id = project.id)"
        )
    )
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_constraint("fk_project_lsi_jaarthema_id_thema", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_project_lsi_jaarthema_id"))
        batch_op.drop_column("datum_bijeenkomst_systeembeheerders")
        batch_op.drop_column("lsi_jaarthema_id")
        batch_op.drop_column("gericht_op")
    with op.batch_alter_table("gemeente") as batch_op:
        batch_op.drop_column("postcodegebied")
    op.drop_table("oa_intake")
    with op.batch_alter_table("uitvraagitem") as batch_op:
        batch_op.drop_index(batch_op.f("ix_uitvraagitem_ketenpartner_id"))
        batch_op.drop_index(batch_op.f("ix_uitvraagitem_project_id"))
    op.drop_table("uitvraagitem")
    op.drop_table("project_thema")
    op.drop_table("thema")
