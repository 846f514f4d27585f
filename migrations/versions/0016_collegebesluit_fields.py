"""Collegebesluit and raadsinformatiebrief fields (issue #18)

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# The header, core text and signature of the collegebesluit and the raadsinformatiebrief.
# (The new document type itself needs no change: document.soort is a VARCHAR(40) without a
# CHECK constraint, models.base.choice.)
_COLUMNS = [
    ("organisatieonderdeel", sa.String(length=160)),
    ("voor_vragen_telefoon", sa.String(length=40)),
    ("voor_vragen_email", sa.String(length=160)),
    ("datum_college", sa.Date()),
    ("kernboodschap", sa.Text()),
    ("beoogd_resultaat", sa.Text()),
    ("beoogde_voordelen", sa.Text()),
    ("inzet_gemeente", sa.Text()),
    ("prioriteit_backoffice", sa.Text()),
    ("vervolg", sa.Text()),
    ("gemeentesecretaris", sa.String(length=160)),
    ("burgemeester", sa.String(length=160)),
    ("datum_raadsinformatiebrief", sa.Date()),
]


def upgrade():
    with op.batch_alter_table("project") as batch_op:
        for name, type_ in _COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(
            sa.Column(
                "rcf_mede_projectleider",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_column("rcf_mede_projectleider")
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
