"""session versions: a per-user number carried by sessions and JWTs (portal.sessions)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sessieversie",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["ab_user.id"],
            name=op.f("fk_sessieversie_user_id_ab_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_sessieversie")),
    )


def downgrade():
    op.drop_table("sessieversie")
