"""Domain errors carried up to screens and API as translated, user-facing messages."""

from __future__ import annotations


class RuleViolation(Exception):
    """Input breaks a business rule. ``errors`` maps a field name (or "_") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {"_": [errors]}
        self.errors = {k: [str(m) for m in v] for k, v in errors.items()}
        super().__init__("; ".join(m for msgs in self.errors.values() for m in msgs))


class AccessDenied(Exception):
    """The user may not touch this row; shown as 403/404, never with the row's data."""


class NotFound(AccessDenied):
    """The row does not exist for this user (outside his scope): shown as 404, so that its
    existence is not revealed."""
