"""Per-user session version: a number every session and JWT carries (``portal.sessions``).

Kept beside FAB's ``ab_user`` rather than in it, so FAB's own model stays untouched; written
with Core only (an upsert), so a logout is not an audited change of a domain record.
"""

from __future__ import annotations

import sqlalchemy as sa

from models.base import Model

sessieversie = sa.Table(
    "sessieversie",
    Model.metadata,
    sa.Column("user_id", sa.ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("versie", sa.Integer(), nullable=False, server_default=sa.text("0")),
)
