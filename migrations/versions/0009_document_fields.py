"""documents: registratienummer for the collegebesluit, evaluation for the eindrapportage

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registratienummer", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("evaluatie_knelpunten", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("evaluatie_aanbevelingen", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("evaluatie_aanbevelingen")
        batch_op.drop_column("evaluatie_knelpunten")
        batch_op.drop_column("registratienummer")
