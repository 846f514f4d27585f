"""``flask lsi reminders``: the daily notifications by hand - the scheduler calls the same
``run_reminders``."""

from __future__ import annotations

import datetime as dt
import json

import click

from portal.notifications import ACTIONS, DEADLINES, kinds, run_reminders


@click.command("reminders")
@click.option(
    "--send",
    "send",
    is_flag=True,
    help="Zet wat nu aan de beurt is in de wachtrij en verstuur het.",
)
@click.option(
    "--dry-run",
    "dry_run",
    is_flag=True,
    help="Toon wat verstuurd zou worden; verstuurt en bewaart niets.",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Doe alsof het deze dag is (JJJJ-MM-DD).",
)
@click.option(
    "--eindrapportage",
    "deadlines",
    is_flag=True,
    help="De termijnwaarschuwingen voor de eindrapportage (een eigen schema) in plaats van "
    "de acties.",
)
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
def reminders_command(
    send: bool, dry_run: bool, day: dt.datetime | None, deadlines: bool, as_json: bool
) -> None:
    """Deadline reminders, escalations and pending e-mail notifications."""
    if send == dry_run:
        raise click.UsageError("Kies --send (versturen) of --dry-run (alleen tonen).")
    report = run_reminders(
        send, day.date() if day else None, what=DEADLINES if deadlines else ACTIONS
    )
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        verb = "verstuurd" if send else "te versturen"
        click.echo(f"{report.today.isoformat()}: {len(report.queued)} nieuwe melding(en) gevonden.")
        for m in report.mails:
            state = f"MISLUKT ({m.fout})" if m.fout else verb
            kind = kinds.kind_label(m.soort)
            click.echo(f"  {kind:22s} {m.ontvanger:18s} [{m.taal}] {m.onderwerp} - {state}")
        if not report.mails:
            click.echo(f"  Geen e-mails {verb}.")
    if not report.configured and not send:
        # A dry run lists what is due whatever the mail server; it only says so.
        click.echo("Let op: MAIL_SERVER is niet ingesteld; met --send blijft dit in de wachtrij.")
    elif not report.configured:
        raise click.ClickException(
            "MAIL_SERVER is niet ingesteld: de meldingen staan in de wachtrij en gaan uit zodra "
            "de mailserver is ingesteld."
        )
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} e-mail(s) niet verstuurd; ze blijven in de wachtrij."
        )
