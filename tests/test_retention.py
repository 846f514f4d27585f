"""AVG retention: personal data of expired projects goes - every copy of it - and everything
else stays.

The central test is generic: it plants a distinctive marker in every field the models mark
as personal (``models.base.PERSONAL``) of every table, lets the application copy them as it
does (audit trail, journal, delivery summaries, files, documents), runs the retention and
then scans every text, JSON and binary column of every table, and the upload folder, for the
markers of the expired project. A new personal column, or a new place that copies one, is
covered without changing this file."""

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


# --- every copy: the generic scan ----------------------------------------------------------------


def _personal_text_columns() -> dict[str, set[str]]:
    """Per table, the personal columns a marker fits in (text and JSON; a house letter of one
    character cannot hold a distinctive marker, a house number is a number: both go with
    their row, and the address key that combines them is planted)."""
    from portal.extensions import db

    out: dict[str, set[str]] = {}
    for table in db.metadata.sorted_tables:
        for col in table.columns:
            if not col.info.get("persoonsgegeven"):
                continue
            if isinstance(col.type, sa.JSON) or (
                isinstance(col.type, sa.String) and (col.type.length or 999) >= 12
            ):
                out.setdefault(table.name, set()).add(col.name)
    return out


def _enrich(meeting_id: int) -> None:
    """An enrichment request with one answer (its note enters the dossier journal)."""
    from models import Casustafel
    from portal.casework import enrichment

    verzoek = enrichment.send_request(db.session.get(Casustafel, meeting_id))
    enrichment.answer(verzoek.antwoorden[0], "Ja", "Nog bewoond volgens de partner")


def _populate(prefix: str) -> dict:
    """A project with data in every feature: signals of two partners (coupling, judgements),
    case work (cases, casustafel, controls, findings, follow-up, journal), a contact person,
    a delivery still waiting in the upload folder and a generated document."""
    import io

    from models import Document
    from portal.casework import scope as cscope
    from portal.signals import importer
    from tests import casework_fixtures as fx
    from tests import signals_fixtures as sfx

    pid = sfx.new_project(prefix)
    lines = [f"5091AA;{n};;;Adresfraude;Gezien;2026-01-15" for n in (1, 2, 3)]
    sfx.deliver(pid, "UWV", *lines)
    sfx.deliver(pid, "NLA", *lines)
    made = fx.operational(pid)
    with cscope.acting_as_system():
        _plan_control(pid, made["cases"][0])  # its addresses' risk texts (issue #19)
        _enrich(made["meeting"])  # the partners' answers and the dossiers (issue #19)
        waiting = importer.receive(
            io.BytesIO(sfx.csv_bytes("5091AA;9;;;Adresfraude;Wacht;2026-01-15")),
            "wacht.csv",
            pid,
            fx.partner_id("UWV"),
            None,
        )
        importer.preview(waiting)
    pp = db.session.scalar(sa.select(ProjectPartner).where(ProjectPartner.project_id == pid))
    pp.contactpersoon = "tijdelijk"
    db.session.add(
        Document(
            project_id=pid,
            soort="projectplan",
            versie=1,
            bestandsnaam="plan.docx",
            inhoud=b"",
            sha256="0" * 64,
        )
    )
    db.session.commit()
    return {"pid": pid, **made}


def _plan_control(pid: int, casus_id: int) -> None:
    from portal.casework import planning
    from tests import casework_fixtures as fx

    team = [(fx.partner_id("GEM-OIRSCHOT"), "Leiding")]
    day = dt.date.today()
    controle = planning.plan_control(pid, day, dt.time(19), "Actieavond", "Doel", [casus_id], team)
    planning.assess_address(
        controle.planadressen[0], True, False, False, False, "x", "y", None, None
    )


def _plant(pid: int, token: str) -> dict[str, set[str]]:
    """Put ``token``-markers in every personal text/JSON field of every row of the project,
    through the ORM (so the audit trail copies them, as it would a user's edit), then let the
    features copy them: a journal entry, a finding, a delivered file, a document, an orphan
    upload. Returns the (table -> columns) that received a marker."""
    import io
    import itertools

    from docx import Document as Docx

    from models import Casus, Controle, Document, Model
    from portal.casework import controls, journal
    from portal.casework import scope as cscope
    from portal.signals import importer
    from tests import casework_fixtures as fx

    seq = itertools.count()
    wanted = _personal_text_columns()
    planted: dict[str, set[str]] = {}
    for mapper in Model.registry.mappers:
        table = mapper.local_table
        cols = wanted.get(getattr(table, "name", ""), set())
        if not cols or "project_id" not in table.c or table.name == "journaalregel":
            continue
        for row in db.session.scalars(sa.select(mapper.class_).where(table.c.project_id == pid)):
            for col in cols:
                value = f"{token}-{next(seq)}"
                if isinstance(table.c[col].type, sa.JSON):
                    value = {"fouten": [{"regel": 2, "toelichting": value}]}
                setattr(row, col, value)
                planted.setdefault(table.name, set()).add(col)
        db.session.flush()
    casus = db.session.scalars(sa.select(Casus).where(Casus.project_id == pid)).first()
    controle = db.session.scalars(
        sa.select(Controle).where(Controle.project_id == pid, Controle.status == "Uitgevoerd")
    ).first()
    with cscope.acting_as_system():
        journal.add_manual(casus, f"Bewoner {token}-journaal gesproken")
        planted.setdefault("journaalregel", set()).add("tekst")
        cat = db.session.scalar(sa.text("SELECT id FROM bevindingcategorie LIMIT 1"))
        controls.add_finding(controle, cat, casus.id, None, f"{token}-bevinding")
        file = importer.receive(
            io.BytesIO(
                f"postcode;huisnummer;risico;toelichting\n5091AA;7;Adresfraude;{token}-f\n".encode()
            ),
            "marker.csv",
            pid,
            fx.partner_id("UWV"),
            None,
        )
        importer.preview(file)  # the summary quotes the row
    out = io.BytesIO()
    doc = Docx()  # as rendered by a template printing partners[].contactpersoon
    contact = db.session.scalar(
        sa.select(ProjectPartner.contactpersoon).where(ProjectPartner.project_id == pid)
    )
    doc.add_paragraph(f"Contactpersoon: {contact}")
    doc.save(out)
    document = db.session.scalar(sa.select(Document).where(Document.project_id == pid))
    document.inhoud = out.getvalue()
    db.session.commit()
    # A file whose delivery never got a row (the worker was killed before the commit).
    (importer.upload_dir() / f"{pid}-{uuid.uuid4().hex}.csv").write_text(
        f"postcode;huisnummer;risico\n5091AA;8;{token}-wees\n"
    )
    return planted


def _contains(value, token: str) -> bool:
    import io
    import zipfile

    if value is None:
        return False
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return any(token.encode() in z.read(n) for n in z.namelist())
        except zipfile.BadZipFile:
            return token.encode() in data
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return token in str(value)


def _scan(token: str) -> dict[str, set[str]]:
    """Every text, JSON and binary column of every table: where does ``token`` occur?"""
    hits: dict[str, set[str]] = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            cols = [
                c
                for c in table.columns
                if isinstance(c.type, sa.String | sa.JSON | sa.LargeBinary | sa.PickleType)
            ]
            if not cols:
                continue
            for row in conn.execute(sa.select(*cols)):
                for col, value in zip(cols, row, strict=True):
                    if _contains(value, token):
                        hits.setdefault(table.name, set()).add(col.name)
    return hits


def _files_with(token: str) -> list[str]:
    from portal.signals import importer

    root = importer.upload_dir().parent
    return [str(f) for f in root.rglob("*") if f.is_file() and token.encode() in f.read_bytes()]


def test_retention_removes_every_copy_of_personal_data(app, login):
    from portal.casework import results
    from portal.signals import importer

    today = dt.date.today()  # the CLI runs "now"
    gone, kept = f"Zq{uuid.uuid4().hex[:8]}", f"Kp{uuid.uuid4().hex[:8]}"
    with app.app_context():
        expired, fresh = _populate("RETX")["pid"], _populate("RETY")["pid"]
        planted = _plant(expired, gone)
        planted_fresh = _plant(fresh, kept)
        wanted = {t: c for t, c in _personal_text_columns().items() if t not in ("adreskoppeling",)}
        # Every personal field got a marker (a new personal column needs data in _populate).
        # adreskoppeling is derived: its keys come from the signals and are rebuilt from them.
        assert {t: c for t, c in planted.items() if t != "adreskoppeling"} == wanted
        before = _scan(gone)
        # The copies exist before the run, or the scan below would prove nothing.
        assert "auditrecord" in before and "document" in before, before
        assert {"signaallevering", "journaalregel"} <= before.keys(), before
        assert len(_files_with(gone)) >= 2  # the waiting delivery and the orphan
        journal_id = db.session.scalar(
            sa.text("SELECT id FROM journaalregel WHERE tekst LIKE :t").bindparams(t=f"%{gone}%")
        )
        figures = results.compute(expired, today)
        fresh_figures = results.compute(fresh, today)
    _close(app, expired, today - dt.timedelta(days=400))
    _close(app, fresh, today - dt.timedelta(days=20))

    result = app.test_cli_runner().invoke(args=["lsi", "retention", "--apply", "--json"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        db.session.expire_all()
        assert _scan(gone) == {}, "personal values of the expired project left behind"
        assert _files_with(gone) == []
        assert importer.project_files(expired) == []
        for purger in retention.PURGERS:
            assert purger.count(expired) == 0, purger.kind
        # The other project keeps every value, wherever it was.
        kept_hits = _scan(kept)
        for table, cols in planted_fresh.items():
            assert cols <= kept_hits.get(table, set()), (table, cols, kept_hits.get(table))
        assert len(_files_with(kept)) >= 2
        # Aggregate results are unchanged.
        after = results.compute(expired, today)
        for key in ("controles", "adressen_bezocht", "personen", "bevindingen_per_categorie"):
            assert after.get(key) == figures.get(key), key
        assert results.compute(fresh, today) == fresh_figures
        # Who, when, which table and which fields stay in the audit trail.
        recs = db.session.scalars(
            sa.select(AuditRecord).where(
                AuditRecord.project_id == expired, AuditRecord.tabel == "project_partner"
            )
        ).all()
        assert any(
            r.wijzigingen.get("contactpersoon", [None, None])[1] == "[verwijderd na bewaartermijn]"
            and r.door
            and r.op
            for r in recs
        )
    # The history API serves no purged value (it served the journal text before).
    r = login("beheerder").api("GET", f"/api/v1/geschiedenis/journaalregel/{journal_id}")
    assert r.status_code in (200, 404), r.status_code
    assert gone not in r.get_data(as_text=True)


# --- upload files: no file without a delivery -----------------------------------------------------


def test_failed_upload_leaves_no_file(app, ids):
    import io

    import pytest

    from portal.casework import scope as cscope
    from portal.errors import RuleViolation
    from portal.signals import importer
    from tests import signals_fixtures as sfx

    class Broken(io.BytesIO):
        def read(self, n=-1):
            if self.tell() > 10:
                raise ConnectionResetError("client went away")
            return super().read(min(n, 8))

    with app.app_context():
        pid = sfx.new_project("UPL")
        partner = ids.partner("UWV")
        listing = set(importer.upload_dir().iterdir())
        with cscope.acting_as_system():
            with pytest.raises(ConnectionResetError):
                importer.receive(Broken(b"x" * 100), "a.csv", pid, partner, None)
            with pytest.raises(RuleViolation):
                importer.receive(io.BytesIO(b"x" * 100), "b.csv", pid, partner, None, limit=10)
            # Received, but the request dies before its commit (e.g. the worker is stopped).
            importer.receive(io.BytesIO(sfx.csv_bytes()), "c.csv", pid, partner, None)
            assert set(importer.upload_dir().iterdir()) - listing
            db.session.rollback()
            assert set(importer.upload_dir().iterdir()) == listing
            importer.receive(io.BytesIO(sfx.csv_bytes()), "d.csv", pid, partner, None)
            db.session.close()  # teardown of a request that raised
            assert set(importer.upload_dir().iterdir()) == listing
            kept = importer.receive(io.BytesIO(sfx.csv_bytes()), "e.csv", pid, partner, None)
            db.session.commit()
            assert kept.bestand_pad and set(importer.upload_dir().iterdir()) - listing


def test_sweep_removes_old_files_without_a_delivery(app, ids):
    import io
    import os
    import time

    from portal.casework import scope as cscope
    from portal.signals import importer
    from tests import signals_fixtures as sfx

    with app.app_context():
        pid = sfx.new_project("SWP")
        with cscope.acting_as_system():
            waiting = importer.receive(
                io.BytesIO(sfx.csv_bytes()), "w.csv", pid, ids.partner("UWV"), None
            )
        db.session.commit()
        folder = importer.upload_dir()
        old_orphan, young_orphan = folder / f"{pid}-old.csv", folder / "young.csv"
        for f in (old_orphan, young_orphan):
            f.write_text("postcode\n")
        week_ago = time.time() - 7 * 86400
        os.utime(old_orphan, (week_ago, week_ago))
        os.utime(waiting.bestand_pad, (week_ago, week_ago))  # waiting for confirm: has a row
        runner = app.test_cli_runner()
        dry = runner.invoke(args=["lsi", "sweep-uploads", "--dry-run"])
        assert dry.exit_code == 0 and old_orphan.name in dry.output, dry.output
        assert old_orphan.exists()
        result = runner.invoke(args=["lsi", "sweep-uploads", "--hours", "24"])
        assert result.exit_code == 0, result.output
        assert not old_orphan.exists()
        assert young_orphan.exists() and os.path.exists(waiting.bestand_pad)
        young_orphan.unlink()


# --- the retention term through the API -------------------------------------------------------


def test_retention_term_through_the_api_has_the_screens_rules(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    client = login("projectleider")
    url = f"/api/v1/project/{pid}"

    def put(value):
        with app.app_context():
            version = db.session.get(Project, pid).lock_version
        return client.api(
            "PUT", url, json={"bewaartermijn_maanden": value}, headers={"If-Match": str(version)}
        )

    r = put(12)
    assert r.status_code == 200, r.get_json()
    assert client.api("GET", url).get_json()["result"]["bewaartermijn_maanden"] == 12
    for bad in (25, -1, "veel"):
        r = put(bad)
        assert r.status_code == 422, (bad, r.get_json())
        assert "bewaartermijn_maanden" in json.dumps(r.get_json())
    assert put(None).status_code == 200
    # Without the right to edit the project, no change either.
    r = login("partner-uwv").api(
        "PUT", url, json={"bewaartermijn_maanden": 3}, headers={"If-Match": "1"}
    )
    assert r.status_code in (401, 403, 404), r.status_code
    with app.app_context():
        assert db.session.get(Project, pid).bewaartermijn_maanden is None
