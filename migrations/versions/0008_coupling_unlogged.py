"""coupling: adreskoppeling UNLOGGED on PostgreSQL, without the overview index

The coupling is derived data, rebuilt from ``signaal`` at will: writing it to the WAL and
keeping a second index cost about half of a million-signal rebuild. After a crash
PostgreSQL empties unlogged tables; ``portal.signals.coupling.ensure`` notices the missing
rows against ``koppelingstand`` and rebuilds them. The first page "most partners first"
is a top-N sort over one project's rows instead of an index scan (25 ms at 300,000 rows).
Autovacuum is told to clean up after each rebuild rather than after 20% of the table.

Revision ID: 0008
Revises: 0007
"""

from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("adreskoppeling", schema=None) as batch_op:
        batch_op.drop_index("ix_adreskoppeling_overzicht")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE adreskoppeling SET UNLOGGED")
        # A rebuild leaves a project's old rows dead; vacuum soon after one instead of after
        # 20% of the table, so the next rebuild writes into a clean table.
        op.execute(
            "ALTER TABLE adreskoppeling SET (autovacuum_vacuum_scale_factor = 0, "
            "autovacuum_vacuum_threshold = 10000, autovacuum_analyze_scale_factor = 0, "
            "autovacuum_analyze_threshold = 10000)"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE adreskoppeling RESET (autovacuum_vacuum_scale_factor, "
            "autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor, "
            "autovacuum_analyze_threshold)"
        )
        op.execute("ALTER TABLE adreskoppeling SET LOGGED")
    with op.batch_alter_table("adreskoppeling", schema=None) as batch_op:
        batch_op.create_index(
            "ix_adreskoppeling_overzicht",
            ["project_id", "aantal_partners", "adres_sleutel"],
            unique=False,
        )
