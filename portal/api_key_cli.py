"""``flask lsi api-key create|rotate|revoke|list``: the keys of partners' systems from the
command line - the same use cases as the Beheerder's screen (portal.api_keys)."""

from __future__ import annotations

import datetime as dt
import json

import click
from flask.cli import AppGroup

from portal import api_keys
from portal.errors import RuleViolation


def _fail(e: RuleViolation) -> click.ClickException:
    return click.ClickException("; ".join(str(m) for msgs in e.errors.values() for m in msgs))


def _pick(partner: str, prefix: str | None) -> api_keys.KeyLine:
    """The partner's key with ``prefix``; without one, its only working key."""
    try:
        lines = api_keys.keys(partner)
    except RuleViolation as e:
        raise _fail(e) from None
    if prefix:
        found = [line for line in lines if line.sleutel.prefix == prefix]
        if not found:
            raise click.ClickException(f"{partner.upper()} heeft geen sleutel met prefix {prefix}.")
        return found[0]
    working = [line for line in lines if line.geldig]
    if len(working) != 1:
        raise click.ClickException(
            f"{partner.upper()} heeft {len(working)} werkende sleutels: kies er een met --prefix."
        )
    return working[0]


def _show(new: api_keys.NewKey) -> None:
    click.echo(f"Sleutel {new.prefix} voor {new.partner} (dienstaccount {new.username}):")
    click.echo(new.key)
    click.echo("Bewaar hem nu: hij wordt niet nog eens getoond.", err=True)


# An AppGroup: its commands run in the app context, as the other ``flask lsi`` commands do.
api_key_group = AppGroup("api-key", help="API keys of partners' systems (machine accounts).")


@api_key_group.command("create")
@click.option("--partner", required=True, help="Code van de ketenpartner, bijv. UWV.")
@click.option("--naam", required=True, help="Het systeem dat de sleutel gebruikt.")
@click.option("--omschrijving", help="Toelichting (geen persoonsgegevens).")
@click.option("--dagen", type=click.IntRange(1), help="Verloopt na dit aantal dagen.")
def create_command(partner: str, naam: str, omschrijving: str | None, dagen: int | None) -> None:
    """Make a key (and, with the first, the partner's service account)."""
    until = (
        dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=dagen) if dagen else None
    )
    try:
        new = api_keys.create(partner, naam, omschrijving, until)
    except RuleViolation as e:
        raise _fail(e) from None
    _show(new)


@api_key_group.command("rotate")
@click.option("--partner", required=True, help="Code van de ketenpartner.")
@click.option("--prefix", help="Welke sleutel (nodig als de partner er meer heeft).")
@click.option("--direct", "at_once", is_flag=True, help="De oude sleutel direct intrekken.")
def rotate_command(partner: str, prefix: str | None, at_once: bool) -> None:
    """Replace a key; the old one works for API_KEY_ROTATION_GRACE_HOURS (or not, --direct)."""
    line = _pick(partner, prefix)
    try:
        new = api_keys.rotate(line.sleutel.id, onmiddellijk=at_once)
    except RuleViolation as e:
        raise _fail(e) from None
    _show(new)
    if at_once:
        click.echo(f"Sleutel {line.sleutel.prefix} is ingetrokken.", err=True)
    else:
        hours = api_keys.grace_hours()
        click.echo(f"Sleutel {line.sleutel.prefix} werkt nog {hours} uur.", err=True)


@api_key_group.command("revoke")
@click.option("--partner", required=True, help="Code van de ketenpartner.")
@click.option("--prefix", help="Welke sleutel (nodig als de partner er meer heeft).")
def revoke_command(partner: str, prefix: str | None) -> None:
    """Revoke a key now."""
    line = _pick(partner, prefix)
    api_keys.revoke(line.sleutel.id)
    click.echo(f"Sleutel {line.sleutel.prefix} van {partner.upper()} is ingetrokken.")


@api_key_group.command("list")
@click.option("--partner", help="Alleen de sleutels van deze ketenpartner.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
def list_command(partner: str | None, as_json: bool) -> None:
    """Keys with their state and last use (never the keys themselves)."""
    try:
        lines = api_keys.keys(partner)
    except RuleViolation as e:
        raise _fail(e) from None

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    rows = [
        {
            "partner": line.partner.code if line.partner else None,
            "prefix": line.sleutel.prefix,
            "naam": line.sleutel.naam,
            "dienstaccount": line.sleutel.user.username,
            "werkt": line.geldig,
            "status": line.status,
            "aangemaakt_op": iso(line.sleutel.aangemaakt_op),
            "laatst_gebruikt_op": iso(line.sleutel.laatst_gebruikt_op),
            "verloopt_op": iso(line.sleutel.verloopt_op),
            "ingetrokken_op": iso(line.sleutel.ingetrokken_op),
        }
        for line in lines
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("Geen API-sleutels.")
    for r in rows:
        click.echo(
            f"{r['partner'] or '-':14s} {r['prefix']}  {r['naam'][:30]:30s} "
            f"{'werkt' if r['werkt'] else 'werkt niet':10s} "
            f"laatst gebruikt: {r['laatst_gebruikt_op'] or 'nooit'}"
        )
