"""``flask lsi ...`` commands. They call the same services as the screens."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

lsi = AppGroup("lsi", help="Interventieportaal: beheer en batchtaken.")


@lsi.command("init")
def init_command() -> None:
    """Migrate the database and create roles and permissions (idempotent)."""
    from flask_migrate import upgrade

    upgrade()
    sync_permissions()
    click.echo("Database gemigreerd; rollen en rechten bijgewerkt.")


def sync_permissions() -> None:
    appbuilder = current_app.appbuilder
    appbuilder.sm.create_roles()
    appbuilder.add_permissions(update_perms=True)
    appbuilder.sm.sync_roles()


@lsi.command("demo")
def demo_command() -> None:
    """Load the demo projects and one demo user per role (idempotent)."""
    from portal import demo

    password = demo.load()
    click.echo(f"Demo-gegevens geladen. Demo-gebruikers (wachtwoord: {password}):")
    for username, role in demo.USERS:
        click.echo(f"  {username:18s} {role}")


def register(app: Flask) -> None:
    app.cli.add_command(lsi)
