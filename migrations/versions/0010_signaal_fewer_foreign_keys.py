"""signals: signaal without the row-by-row foreign keys to ketenpartner and ab_user

Both columns copy the delivery's own, which keeps its foreign keys; on PostgreSQL each
foreign key is checked per inserted row and the four together took 2.0 of the 4.5 s of a
100,000-row import. The keys to project (cascade) and signaallevering stay.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.drop_constraint("fk_signaal_ketenpartner_id_ketenpartner", type_="foreignkey")
        batch_op.drop_constraint("fk_signaal_aangeleverd_door_id_ab_user", type_="foreignkey")


def downgrade():
    with op.batch_alter_table("signaal", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_signaal_ketenpartner_id_ketenpartner", "ketenpartner", ["ketenpartner_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_signaal_aangeleverd_door_id_ab_user",
            "ab_user",
            ["aangeleverd_door_id"],
            ["id"],
            ondelete="SET NULL",
        )
