"""AVG retention: personal data of expired projects goes, everything else stays."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa

from models import AuditRecord, Besluit, Fasetransitie, Project, ProjectPartner
from portal import retention
from portal.extensions import db


def _ended_project(app, ids, ended: dt.date, months: int | None = None) -> int:
    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        p = Project(
            code=f"RET-{uuid.uuid4().hex[:8]}",
            naam="Retentie",
            regio_id=kempen.regio_id,
            fase="Afgesloten",
            bewaartermijn_maanden=months,
        )
        p.partners = [
            ProjectPartner(ketenpartner_id=ids.partner("UWV"), contactpersoon="J. Jansen")
        ]
        db.session.add(p)
        db.session.flush()
        db.session.add(
            Fasetransitie(
                project_id=p.id,
                van="Afronding",
                naar="Afgesloten",
                op=dt.datetime.combine(ended, dt.time(12)),
            )
        )
        db.session.add(
            Besluit(
                project_id=p.id,
                orgaan="LSI",
                onderwerp="Eindrapportage",
                datum=ended,
                uitkomst="Akkoord",
            )
        )
        db.session.commit()
        return p.id


def test_due_respects_term_and_override(app, ids):
    today = dt.date(2030, 6, 1)
    expired = _ended_project(app, ids, dt.date(2029, 11, 30))  # default 6 months: 30 May 2030
    not_yet = _ended_project(app, ids, dt.date(2030, 1, 15))
    override = _ended_project(app, ids, dt.date(2029, 11, 30), months=12)
    with app.app_context():
        due = {d.project.id: d for d in retention.due(today)}
        assert expired in due and due[expired].expires == dt.date(2030, 5, 30)
        assert not_yet not in due and override not in due
        assert due[expired].counts["contactpersonen partners"] == 1


def test_apply_removes_personal_data_only_of_expired_projects(app, ids):
    today = dt.date(2031, 1, 1)
    expired = _ended_project(app, ids, dt.date(2030, 1, 1))
    with app.app_context():
        fresh = _ended_project(app, ids, dt.date(2030, 12, 1))
        done = retention.apply([d for d in retention.due(today) if d.project.id == expired], today)
        assert [d.project.id for d in done] == [expired]
        for purger in retention.PURGERS:
            assert purger.count(expired) == 0, purger.kind
        assert (
            db.session.scalar(
                sa.select(ProjectPartner.contactpersoon).where(ProjectPartner.project_id == fresh)
            )
            == "J. Jansen"
        )
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Besluit).where(Besluit.project_id == expired)
            )
            == 1
        )
        rec = db.session.scalar(
            sa.select(AuditRecord).where(
                AuditRecord.actie == "retentie", AuditRecord.project_id == expired
            )
        )
        assert rec.wijzigingen["verwijderd"]["contactpersonen partners"] == 1
        assert db.session.get(Project, expired).persoonsgegevens_verwijderd_op == today
        assert all(d.project.id != expired for d in retention.due(today))


def test_retention_cli_dry_run_changes_nothing(app, ids):
    _ended_project(app, ids, dt.date(2020, 1, 1))
    result = app.test_cli_runner().invoke(args=["lsi", "retention", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["modus"] == "dry-run" and data["projecten"]
    again = json.loads(
        app.test_cli_runner().invoke(args=["lsi", "retention", "--dry-run", "--json"]).output
    )
    assert again["projecten"] == data["projecten"]


def test_privacy_officer_sees_the_retention_screen(login):
    r = login("privacy").get("/bewaartermijnen/")
    assert r.status_code == 200
    assert "Bewaartermijnen persoonsgegevens" in r.get_data(as_text=True)
    for user in ("projectleider", "rcf", "secretaris", "partner-uwv"):
        assert login(user).get("/bewaartermijnen/").status_code in (302, 403)


def _close(app, pid: int, ended: dt.date) -> None:
    with app.app_context():
        p = db.session.get(Project, pid)
        p.fase = "Afgesloten"
        db.session.add(
            Fasetransitie(
                project_id=pid,
                van="Afronding",
                naar="Afgesloten",
                op=dt.datetime.combine(ended, dt.time(12)),
            )
        )
        db.session.commit()


def test_apply_on_operational_projects_keeps_figures_and_other_projects(app):
    from models import Bevinding, Casus, Journaalregel, Opvolgactie
    from portal.casework import results
    from tests import casework_fixtures as fx

    today = dt.date.today()  # the CLI runs "now"
    with app.app_context():
        expired, fresh = fx.new_project("RETA"), fx.new_project("RETB")
        fx.operational(expired)
        fx.operational(fresh)
    _close(app, expired, today - dt.timedelta(days=400))
    _close(app, fresh, today - dt.timedelta(days=20))
    with app.app_context():
        before = results.compute(expired, today)
        fresh_before = results.compute(fresh, today)
        fresh_journal = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Journaalregel)
            .where(Journaalregel.project_id == fresh)
        )
        assert fresh_journal > 0
        due = [d for d in retention.due(today) if d.project.id == expired]
        assert due and due[0].counts["journaalregels"] > 0
        assert due[0].counts["casusadressen en vrije tekst over personen"] > 0
    result = app.test_cli_runner().invoke(args=["lsi", "retention", "--apply", "--json"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.expire_all()
        for purger in retention.PURGERS:
            assert purger.count(expired) == 0, purger.kind
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Journaalregel)
                .where(Journaalregel.project_id == expired)
            )
            == 0
        )
        keys = db.session.scalars(
            sa.select(Casus.adres_sleutel).where(Casus.project_id == expired)
        ).all()
        assert keys and all(k.startswith("anon-") for k in keys)
        assert all(
            b is None
            for b in db.session.scalars(
                sa.select(Bevinding.omschrijving).where(Bevinding.project_id == expired)
            )
        )
        assert all(
            r is None
            for r in db.session.scalars(
                sa.select(Opvolgactie.resultaat).where(Opvolgactie.project_id == expired)
            )
        )
        after = results.compute(expired, today)
        for key in (
            "controles",
            "adressen_bezocht",
            "personen",
            "bevindingen_per_categorie",
            "acties_per_partner",
        ):
            assert after.get(key) == before.get(key), key
        assert results.compute(fresh, today) == fresh_before
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Journaalregel)
                .where(Journaalregel.project_id == fresh)
            )
            == fresh_journal
        )
