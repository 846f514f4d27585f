"""Problem-definition GO/NO-GO, IVT, LSI meeting calendar (issue #18)

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
