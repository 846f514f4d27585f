"""``flask lsi ...`` commands. They call the same services as the screens."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from models import Besluit, Document, Ketenpartner, Project
from models.keuzelijsten import BESLUIT_ONDERWERPEN, BESLUIT_ORGANEN, BESLUIT_UITKOMSTEN
from portal import access, deadlines, demo, process, retention, roles, workflow
from portal.casework import scope as cscope
from portal.casework.scope import SYSTEM
from portal.documents import catalogue, layout, pdf, templates
from portal.documents.catalogue import SOORTEN
from portal.documents.context import build_context, load_project
from portal.documents.render import render
from portal.errors import RuleViolation
from portal.extensions import db
from portal.signals import coupling, importer

lsi = AppGroup("lsi", help="Interventieportaal: beheer en batchtaken.")


@lsi.command("init")
def init_command() -> None:
    """Migrate the database and create roles and permissions (idempotent)."""

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

    password = demo.load()
    click.echo(f"Demo-gegevens geladen. Demo-gebruikers (wachtwoord: {password}):")
    for username, role in demo.USERS:
        click.echo(f"  {username:18s} {role}")


@lsi.command("deadlines")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON (voor een dagelijkse job).")
def deadlines_command(as_json: bool) -> None:
    """List overdue and upcoming deadlines of all running projects."""

    items = [d for d in deadlines.for_projects() if d.status != deadlines.DONE]
    if as_json:
        click.echo(json.dumps([d.to_json() for d in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo("Geen openstaande termijnen.")
    for d in items:
        click.echo(f"{d.datum.isoformat()}  {d.status:10s} {d.project_code:16s} {d.omschrijving}")
        click.echo(f"{'':12s}regel: {d.regel}")


@lsi.command("transition")
@click.option("--project", "code", required=True, help="Projectcode.")
@click.option("--to", "naar", required=True, help="Doelfase, bijv. Voorbereiding of Gestopt.")
@click.option("--reason", "reden", default=None, help="Toelichting (verplicht bij Gestopt).")
def transition_command(code: str, naar: str, reden: str | None) -> None:
    """Move a project to its next phase through the same gate as the screens."""

    project = db.session.scalar(sa.select(Project).where(Project.code == code.upper()))
    if project is None:
        raise click.ClickException(f"Project {code} bestaat niet.")
    # The command line acts as the functional administrator.
    scope = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
    try:
        workflow.transition(project, naar, None, reden, scope=scope)
    except workflow.GateClosed as e:
        db.session.rollback()
        click.echo(f"Overgang naar {naar} geweigerd. Nog nodig:", err=True)
        for r in e.gate.missing:
            click.echo(f"  - {r.label}: {r.hint}", err=True)
        raise SystemExit(1) from None
    except RuleViolation as e:
        db.session.rollback()
        raise click.ClickException(str(e)) from None
    click.echo(f"{project.code} is nu in fase {project.fase}.")


@lsi.command("besluit")
@click.option("--project", "code", required=True, help="Projectcode.")
@click.option(
    "--orgaan",
    required=True,
    type=click.Choice(list(BESLUIT_ORGANEN)),
    help="Het orgaan dat besloot.",
)
@click.option(
    "--onderwerp",
    required=True,
    type=click.Choice(list(BESLUIT_ONDERWERPEN)),
    help="Waarover besloten is.",
)
@click.option(
    "--uitkomst", required=True, type=click.Choice(list(BESLUIT_UITKOMSTEN)), help="De uitkomst."
)
@click.option("--datum", type=click.DateTime(["%Y-%m-%d"]), help="Datum (standaard vandaag).")
@click.option("--versie", type=click.IntRange(1), help="Documentversie (standaard de laatste).")
@click.option("--referentie", default=None, help="Kenmerk van het besluit.")
@click.option("--opmerkingen", default=None, help="Toelichting.")
def decision_command(
    code: str,
    orgaan: str,
    onderwerp: str,
    uitkomst: str,
    datum,
    versie: int | None,
    referentie: str | None,
    opmerkingen: str | None,
) -> None:
    """Log a decision through the same use case as the screens and the API."""

    project = db.session.scalar(sa.select(Project).where(Project.code == code.upper()))
    if project is None:
        raise click.ClickException(f"Project {code} bestaat niet.")
    document = None
    route = process.route_of_subject(onderwerp)
    if route is not None:
        q = sa.select(Document).where(
            Document.project_id == project.id, Document.soort == route.soort
        )
        q = q.where(Document.versie == versie) if versie else q.order_by(Document.versie.desc())
        document = db.session.scalars(q.limit(1)).first()
        if document is None:
            which = f"{route.soort} versie {versie}" if versie else route.soort
            raise click.ClickException(f"{project.code} heeft nog geen {which}.")
    besluit = Besluit(
        project=project,
        orgaan=orgaan,
        onderwerp=onderwerp,
        uitkomst=uitkomst,
        datum=datum.date() if datum else dt.date.today(),
        document=document,
        referentie=referentie,
        opmerkingen=opmerkingen,
    )
    try:
        workflow.log_decision(besluit, None, SYSTEM)
    except RuleViolation as e:
        raise click.ClickException(str(e)) from None
    doc = f" over {document}" if document else ""
    click.echo(f"Besluit {orgaan}{doc} vastgelegd: {uitkomst}.")


@lsi.command("retention")
@click.option("--dry-run", "mode", flag_value="dry-run", default=True, help="Alleen tonen.")
@click.option("--apply", "mode", flag_value="apply", help="Persoonsgegevens echt verwijderen.")
@click.option("--json", "as_json", is_flag=True)
def retention_command(mode: str, as_json: bool) -> None:
    """Delete or anonymise personal data of projects whose retention term has passed."""

    items = retention.due()
    if mode == "apply":
        items = retention.apply(items)
    if as_json:
        click.echo(
            json.dumps(
                {"modus": mode, "projecten": [i.to_json() for i in items]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not items:
        click.echo("Geen projecten waarvan de bewaartermijn is verstreken.")
    verb = "verwijderd" if mode == "apply" else "te verwijderen"
    for i in items:
        click.echo(f"{i.project.code}: beëindigd {i.ended}, termijn verlopen {i.expires}")
        for kind, n in i.counts.items():
            click.echo(f"  {n:8d} {kind} {verb}")


@lsi.command("sweep-uploads")
@click.option(
    "--hours",
    type=click.FloatRange(min=0),
    default=None,
    help="Alleen bestanden ouder dan zoveel uur (standaard UPLOAD_ORPHAN_HOURS, 6).",
)
@click.option("--dry-run", is_flag=True, help="Alleen tonen.")
def sweep_uploads_command(hours: float | None, dry_run: bool) -> None:
    """Remove uploaded files that no delivery points at (left by a worker killed mid-upload)."""

    if hours is None:
        hours = float(current_app.config.get("UPLOAD_ORPHAN_HOURS", 6))
    files = importer.orphan_files(hours) if dry_run else importer.sweep(hours)
    verb = "te verwijderen" if dry_run else "verwijderd"
    for f in files:
        click.echo(f"{f.name} {verb}")
    click.echo(f"{len(files)} bestand(en) zonder levering {verb}.")


@lsi.command("template-fields")
def template_fields_command() -> None:
    """Print the template fields catalogue (docs/template-fields.md) as the app has it."""

    click.echo(catalogue.markdown(), nl=False)


@lsi.command("build-templates")
def build_templates_command() -> None:
    """Rewrite the shipped templates (doc_templates/*.docx) from portal/documents/layout.py."""

    for path in layout.build_all(templates.TEMPLATE_DIR):
        click.echo(path)


@lsi.command("render")
@click.option("--project", "code", help="Projectcode.")
@click.option(
    "--document",
    "soort",
    type=click.Choice(list(SOORTEN)),  # every document type, the raadsinformatiebrief too
)
@click.option("--out", "out", type=click.Path(dir_okay=False), help="Uitvoerbestand.")
@click.option("--pdf", "as_pdf", is_flag=True, help="Als PDF (LibreOffice) in plaats van .docx.")
@click.option("--all", "render_all", is_flag=True, help="Alle projecten en documentsoorten.")
@click.option("--out-dir", "out_dir", type=click.Path(file_okay=False))
def render_command(code, soort, out, as_pdf, render_all, out_dir) -> None:
    """Render documents from the stored data (the same service as the screens).

    Rendering from the command line stores no new version: it writes files only.
    """

    def one(project_id: int, kind: str, target: Path) -> None:
        project = load_project(project_id)
        # Shown as the version the next stored generation would get.
        nxt = (
            db.session.scalar(
                sa.select(sa.func.max(Document.versie)).where(
                    Document.project_id == project_id, Document.soort == kind
                )
            )
            or 0
        ) + 1
        data = render(templates.active(kind).inhoud, build_context(project, kind, nxt))
        if as_pdf:
            target = target.with_suffix(".pdf")
            data = pdf.to_pdf(data)
        target.write_bytes(data)

    if render_all:
        if not out_dir:
            raise click.UsageError("--all heeft --out-dir nodig.")
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [
            (p.id, p.code, kind)
            for p in db.session.scalars(sa.select(Project).order_by(Project.code))
            for kind in SOORTEN
        ]
        try:
            with click.progressbar(jobs, label="Documenten renderen") as bar:
                for pid, pcode, kind in bar:
                    one(pid, kind, folder / f"{pcode}-{kind}.docx")
        except pdf.PdfUnavailable as e:
            raise click.ClickException(str(e)) from None
        click.echo(f"{len(jobs)} documenten geschreven naar {folder}")
        return
    if not (code and soort and out):
        raise click.UsageError("Geef --project, --document en --out (of --all --out-dir).")
    project = db.session.scalar(sa.select(Project).where(Project.code == code.upper()))
    if project is None:
        raise click.ClickException(f"Project {code} bestaat niet.")
    try:
        one(project.id, soort, Path(out))
    except pdf.PdfUnavailable as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"{soort} van {project.code} geschreven naar {out}")


def _project_and_partner(code: str, partner_code: str | None):
    project = db.session.scalar(sa.select(Project).where(Project.code == code.upper()))
    if project is None:
        raise click.ClickException(f"Project {code} bestaat niet.")
    if partner_code is None:
        return project, None
    partner = db.session.scalar(
        sa.select(Ketenpartner).where(Ketenpartner.code == partner_code.upper())
    )
    if partner is None:
        raise click.ClickException(f"Ketenpartner {partner_code} bestaat niet.")
    return project, partner


@lsi.command("import-signals")
@click.option("--project", "code", required=True, help="Projectcode.")
@click.option("--partner", "partner_code", required=True, help="Code van de aanleverende partner.")
@click.option("--dry-run", is_flag=True, help="Alleen controleren; niets opslaan.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_signals_command(code: str, partner_code: str, dry_run: bool, file: str) -> None:
    """Read a signal delivery (CSV or XLSX), e.g. a large file from the Inlichtingenbureau."""

    project, partner = _project_and_partner(code, partner_code)
    path = Path(file)
    total = path.stat().st_size

    def report(result: importer.Preview) -> None:
        click.echo(f"{result.totaal} regels: {result.geldig} geldig, {result.fout} met fouten.")
        for w in result.waarschuwingen:
            click.echo(f"Let op: {w}")
        for f in result.fouten[:20]:
            click.echo(f"  regel {f['regel']}: {'; '.join(f['fouten'])}")

    with cscope.acting_as_system():
        with path.open("rb") as fh:
            try:
                levering = importer.receive(fh, path.name, project.id, partner.id, None)
            except RuleViolation as e:
                raise click.ClickException(_messages(e)) from None
        if dry_run:
            with click.progressbar(length=total, label="Controleren") as bar:
                result = importer.dry_run(levering, lambda done, _t: bar.update(done - bar.pos))
            report(result)
            if result.bestandsfout:
                raise click.ClickException(result.bestandsfout)
            click.echo("Proefrun: niets opgeslagen.")
            return
        # One pass: every row is checked and the valid ones stored in the same transaction
        # (the file is read once, not once to preview and once more to store).
        result = importer.Preview(levering.id, levering.bestandsnaam)
        try:
            with click.progressbar(length=total, label="Controleren en opslaan") as bar:
                stored = importer.confirm(
                    levering, lambda done, _t: bar.update(done - bar.pos), summary=result
                )
        except RuleViolation as e:
            if result.fouten:
                report(result)
            raise click.ClickException(_messages(e)) from None
    report(result)
    click.echo(f"{stored} signalen opgeslagen voor {partner.code} in {project.code}.")


def _messages(e) -> str:
    return "; ".join(m for msgs in e.errors.values() for m in msgs)


@lsi.command("koppeling")
@click.option("--project", "code", required=True, help="Projectcode.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON-lijst.")
@click.option("--min-partners", default=1, type=click.IntRange(1), help="Minimaal aantal partners.")
@click.option("--partner", "partner_code", help="Alleen adressen met een signaal van deze partner.")
def koppeling_command(code: str, as_json: bool, min_partners: int, partner_code: str | None):
    """The bestandskoppeling: per address the partners and the meervoudig-belang flag."""

    project, partner = _project_and_partner(code, partner_code)
    lines = coupling.iterate(
        project.id,
        coupling.Filters(min_partners=min_partners, partner=partner.code if partner else None),
    )
    if as_json:
        click.echo(json.dumps([line.to_json() for line in lines], ensure_ascii=False, indent=2))
        return
    n = 0
    for line in lines:
        n += 1
        flag = "meervoudig belang" if line.meervoudig_belang else "-"
        click.echo(f"{line.adres_sleutel:24s} {','.join(line.partners):40s} {flag}")
    if n == 0:
        click.echo("Geen adressen in de koppeling.")


def register(app: Flask) -> None:
    from portal.api_key_cli import api_key_group
    from portal.notifications.cli import reminders_command

    lsi.add_command(reminders_command)
    lsi.add_command(api_key_group)
    app.cli.add_command(lsi)
