"""API keys: machine accounts of partners' systems (portal.api_keys)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "apisleutel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("sleutel_hash", sa.String(length=64), nullable=False),
        sa.Column("naam", sa.String(length=100), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("laatst_gebruikt_op", sa.DateTime(), nullable=True),
        sa.Column("ingetrokken_op", sa.DateTime(), nullable=True),
        sa.Column("verloopt_op", sa.DateTime(), nullable=True),
        sa.Column("vervangen_door_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["ab_user.id"],
            name=op.f("fk_apisleutel_user_id_ab_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["aangemaakt_door_id"],
            ["ab_user.id"],
            name=op.f("fk_apisleutel_aangemaakt_door_id_ab_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vervangen_door_id"],
            ["apisleutel.id"],
            name=op.f("fk_apisleutel_vervangen_door_id_apisleutel"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apisleutel")),
        sa.UniqueConstraint("prefix", name=op.f("uq_apisleutel_prefix")),
    )
    with op.batch_alter_table("apisleutel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_apisleutel_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("apisleutel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_apisleutel_user_id"))
    op.drop_table("apisleutel")
