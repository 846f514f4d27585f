"""Follow-up types, capacity, enrichment, dossiers, lessons (issue #19)

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
