"""idempotency keys: creating API requests with an Idempotency-Key and their first answer

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idempotentieverzoek",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(length=255), nullable=False),
        sa.Column("vingerafdruk", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("antwoord", sa.LargeBinary(), nullable=True),
        sa.Column("kopregels", sa.JSON(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gebruiker_id"],
            ["ab_user.id"],
            name="fk_idempotentieverzoek_gebruiker_id_ab_user",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name="fk_idempotentieverzoek_project_id_project",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_idempotentieverzoek"),
        sa.UniqueConstraint("gebruiker_id", "sleutel", name="uq_idempotentieverzoek_sleutel"),
    )
    with op.batch_alter_table("idempotentieverzoek", schema=None) as batch_op:
        batch_op.create_index(
            "ix_idempotentieverzoek_aangemaakt_op", ["aangemaakt_op"], unique=False
        )
        batch_op.create_index("ix_idempotentieverzoek_project_id", ["project_id"], unique=False)


def downgrade():
    with op.batch_alter_table("idempotentieverzoek", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotentieverzoek_project_id")
        batch_op.drop_index("ix_idempotentieverzoek_aangemaakt_op")
    op.drop_table("idempotentieverzoek")
