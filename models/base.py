"""Shared declarative base for all portal models.

The portal shares FAB's ``Model`` so that its security tables (``ab_*``) and ours live in one
metadata, which is what Alembic compares against. The naming convention gives every
constraint a deterministic name, needed for batch migrations on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_appbuilder.models.sqla import Model

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Model.metadata.naming_convention = NAMING_CONVENTION

metadata = Model.metadata


# Column/relationship ``info`` of personal data about residents and addresses: AVG retention
# redacts these fields in the audit trail (portal.audit.redact) and the retention test plants
# markers in every one of them, so a new personal column is covered by marking it here.
PERSONAL = {"persoonsgegeven": True}
# Column ``info`` of an amount in euros: screens show it as money (portal.formatting).
MONEY = {"geld": True}


def choice(values: tuple[str, ...], name: str) -> sa.Enum:
    """A string column limited to a fixed Dutch vocabulary (VARCHAR, no native enum type)."""
    return sa.Enum(*values, name=name, native_enum=False, length=40, validate_strings=True)


__all__ = ["Model", "metadata", "choice", "NAMING_CONVENTION", "PERSONAL", "MONEY"]
