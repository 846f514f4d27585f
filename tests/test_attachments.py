"""Project attachments (issue #18 part 4): content checks, size limit, the real ClamAV with a
signature database of the test's own, the message without a scanner, versions, rights per
role, retention of personal files, and attachments sent with a submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document as Docx

from models import Bijlage, BijlageVersie, Document, Fasetransitie, IndieningBijlage, Project
from portal import access, retention, roles
from portal.attachments import demo, store
from portal.documents import service
from portal.errors import RuleViolation
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
PDF = demo._pdf("Testbestand")


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    Docx().save(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "x")
    return out.getvalue()


def _upload(client, pid, name, data, soort="Overig", titel="Test", **extra):
    return client.api(
        "POST",
        f"/api/v1/bijlagen/project/{pid}",
        data={"soort": soort, "titel": titel, "bestand": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )


@pytest.fixture(autouse=True)
def _no_scanner_database(app, monkeypatch):
    # Each test says which scanner it wants; by default none at all (fast, and "not scanned").
    monkeypatch.setitem(app.config, "CLAMAV_COMMAND", "geen-clamav-hier")
    monkeypatch.setitem(app.config, "CLAMAV_DATABASE", None)
    monkeypatch.setitem(app.config, "VIRUS_SCAN", "auto")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("plan.pdf", _zip_bytes(), "application/zip (.zip)"),
        ("plan.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/x-msdownload"),
        ("tool.exe", b"MZ\x90\x00" + b"\x00" * 200, "type .exe"),
        ("leeg.pdf", b"", "leeg"),
        ("brief.docx", PDF, "de inhoud is een .pdf"),
        ("lijst.csv", "naam;plaats\nJosé;Best\n".encode("latin-1"), "UTF-8"),
        ("geen.png", b"dit is geen afbeelding", "niet worden herkend"),
    ],
)
def test_uploads_are_refused_by_content(login, ids, name, data, message):
    r = _upload(login("rcf"), ids.project("KEMPEN-HAM"), name, data)
    assert r.status_code == 422, r.json
    assert message in r.json["errors"]["bestand"][0]


@pytest.mark.parametrize(
    "name, data, mimetype",
    [
        ("plan.pdf", PDF, "application/pdf"),
        (
            "brief.docx",
            _docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("kaart.png", demo._png(), "image/png"),
        ("lijst.csv", "naam;plaats\nJosé;Best\n".encode(), "text/csv"),
    ],
)
def test_allowed_files_are_stored_with_their_type(app, login, ids, name, data, mimetype):
    r = _upload(login("rcf"), ids.project("KEMPEN-HAM"), name, data)
    assert r.status_code == 201, r.json
    body = r.json["result"]
    if mimetype:
        assert body["mimetype"] == mimetype
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    # No scanner here (the fixture): stored, and visibly not scanned.
    assert body["scanstatus"] == "Niet gescand"
    assert "geen virusscanner" in body["scanmelding"]
    got = login("rcf").api("GET", r.headers["Location"])
    assert got.status_code == 200 and got.data == data


def test_too_large_is_refused(app, login, ids, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 100)
    r = _upload(login("rcf"), ids.project("KEMPEN-HAM"), "plan.pdf", PDF)
    assert r.status_code == 422 and "maximum" in r.json["errors"]["bestand"][0]


def test_required_scan_without_scanner_refuses(app, login, ids, monkeypatch):
    monkeypatch.setitem(app.config, "VIRUS_SCAN", "required")
    r = _upload(login("rcf"), ids.project("KEMPEN-HAM"), "plan.pdf", PDF)
    assert r.status_code == 422
    assert "geen virusscanner (ClamAV) geïnstalleerd" in r.json["errors"]["bestand"][0]
    assert "verplicht" in r.json["errors"]["bestand"][0]


def test_real_clamav_refuses_the_test_signature(app, login, ids, tmp_path, monkeypatch):
    assert shutil.which("clamscan"), "ClamAV (Debian package clamav) is needed for this test"
    infected = f"portal-test-virus {uuid.uuid4().hex}\n".encode()
    (tmp_path / "test.hdb").write_text(
        f"{hashlib.md5(infected).hexdigest()}:{len(infected)}:Portal.Testvirus\n"  # noqa: S324
    )
    monkeypatch.setitem(app.config, "CLAMAV_COMMAND", "clamscan")
    monkeypatch.setitem(app.config, "CLAMAV_DATABASE", str(tmp_path / "test.hdb"))
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(BijlageVersie))
    r = _upload(login("rcf"), pid, "besmet.txt", infected)
    assert r.status_code == 422, r.json
    assert "Portal.Testvirus" in r.json["errors"]["bestand"][0]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BijlageVersie)) == before
    clean = _upload(login("rcf"), pid, "schoon.txt", b"een schoon bestand\n")
    assert clean.status_code == 201 and clean.json["result"]["scanstatus"] == "Gescand"
    assert clean.json["result"]["scanmelding"] is None


def test_new_upload_is_a_new_version_and_old_stay_readable(login, ids):
    client = login("projectleider")
    first = _upload(client, ids.project("KEMPEN-HAM"), "v.pdf", PDF, titel="Versies")
    assert first.status_code == 201
    bid = first.json["bijlage_id"]
    second_bytes = demo._pdf("Tweede versie")
    second = client.api(
        "POST",
        f"/api/v1/bijlagen/{bid}/versies",
        data={"bestand": (io.BytesIO(second_bytes), "v.pdf")},
        content_type="multipart/form-data",
    )
    assert second.status_code == 201 and second.json["result"]["versie"] == 2
    listed = client.api("GET", f"/api/v1/bijlagen/project/{ids.project('KEMPEN-HAM')}").json
    item = next(b for b in listed["result"] if b["id"] == bid)
    assert [v["versie"] for v in item["versies"]] == [2, 1]
    assert client.api("GET", first.headers["Location"]).data == PDF
    assert client.api("GET", second.headers["Location"]).data == second_bytes


def test_rights_per_role(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    r = _upload(login("rcf"), pid, "r.pdf", PDF, titel="Rechten")
    url = r.headers["Location"]
    bid = r.json["bijlage_id"]
    # Readers of the project's documents read its attachments.
    for user in ("beheerder", "projectleider", "rcf", "privacy"):
        assert login(user).api("GET", url).status_code == 200, user
    # Not in the project, a partner, and the secretary (nothing of it went to the LSI): 404.
    for user in ("projectleider2", "partner-uwv", "secretaris"):
        assert login(user).api("GET", url).status_code in (403, 404), user
    assert login("projectleider2").api("GET", f"/api/v1/bijlagen/project/{pid}").status_code == 404
    # Only the project staff upload.
    assert _upload(login("privacy"), pid, "p.pdf", PDF).status_code in (403, 404)
    assert _upload(login("projectleider2"), pid, "p.pdf", PDF).status_code == 404
    assert _upload(login("partner-uwv"), pid, "p.pdf", PDF).status_code in (403, 404)
    # The screen as well.
    assert login("partner-uwv").get(f"/bijlagen/project/{pid}").status_code in (302, 403, 404)
    page = login("rcf").get(f"/bijlagen/project/{pid}")
    assert page.status_code == 200 and f'id="bijlage-{bid}"' in page.get_data(as_text=True)
    assert "Niet gescand" in page.get_data(as_text=True)
    project_page = login("rcf").get(f"/projectview/show/{pid}").get_data(as_text=True)
    assert 'id="attachments-panel"' in project_page and "Rechten" in project_page


def test_screen_upload_refusal_is_a_translated_message(login, ids):
    pid = ids.project("KEMPEN-HAM")
    r = login("rcf").post(
        f"/bijlagen/project/{pid}/nieuw",
        data={"soort": "Overig", "titel": "Zip", "bestand": (io.BytesIO(_zip_bytes()), "a.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert "application/zip (.zip), dat kan niet" in r.get_data(as_text=True)


def _ended_project(app, ids) -> int:
    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        p = Project(
            code=f"BIJ-{uuid.uuid4().hex[:8]}",
            naam="Bijlagen retentie",
            regio_id=kempen.regio_id,
            fase="Afgesloten",
        )
        db.session.add(p)
        db.session.flush()
        db.session.add(
            Fasetransitie(
                project_id=p.id, van="Afronding", naar="Afgesloten", op=dt.datetime(2020, 1, 1)
            )
        )
        db.session.commit()
        return p.id


def test_retention_removes_every_copy_of_personal_attachments(app, ids):
    pid = _ended_project(app, ids)
    marker = f"bewoner-{uuid.uuid4().hex}".encode()
    with app.app_context():
        intake = store.add(
            pid, "Intakerapport", "Intake", "i.txt", marker + b" 1\n", None, scope=ADMIN
        )
        flagged = store.add(
            pid,
            "Overig",
            "Lijst",
            "l.txt",
            marker + b" 2\n",
            None,
            persoonsgegevens=True,
            scope=ADMIN,
        )
        store.add_version(flagged.bijlage_id, "l.txt", marker + b" 3\n", None, scope=ADMIN)
        plain = store.add(
            pid, "Persmateriaal", "Pers", "p.txt", b"persbericht\n", None, scope=ADMIN
        )
        ids_ = (intake.id, flagged.id, plain.id)
        due = [d for d in retention.due(dt.date(2030, 1, 1)) if d.project.id == pid]
        assert due and due[0].counts["bijlagen met persoonsgegevens"] == 3
        retention.apply(due, dt.date(2030, 1, 1))
        db.session.expire_all()
        versions = db.session.scalars(
            sa.select(BijlageVersie).where(BijlageVersie.project_id == pid)
        ).all()
        personal = [v for v in versions if v.bijlage.bevat_persoonsgegevens]
        assert len(personal) == 3 and all(v.inhoud is None and v.verwijderd_op for v in personal)
        assert db.session.get(BijlageVersie, ids_[2]).inhoud == b"persbericht\n"
        # No copy anywhere: every binary and text column of the attachment tables.
        for table in ("bijlage_versie", "bijlage", "indiening_bijlage"):
            for row in db.session.execute(sa.text(f"SELECT * FROM {table}")):  # noqa: S608
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        assert marker not in bytes(value)
        assert store._count_personal(pid) == 0


def test_download_after_retention_is_404(app, login, ids):
    pid = _ended_project(app, ids)
    with app.app_context():
        v = store.add(pid, "Intakerapport", "Intake", "i.txt", b"intake\n", None, scope=ADMIN)
        vid = v.id
        due = [d for d in retention.due(dt.date(2030, 1, 1)) if d.project.id == pid]
        retention.apply(due, dt.date(2030, 1, 1))
    assert login("beheerder").api("GET", f"/api/v1/bijlagen/versie/{vid}").status_code == 404


def test_submission_records_its_attachments_and_the_lsi_reads_them(app, login, ids):
    from portal import review

    pid = ids.project("KEMPEN-HAM")
    client = login("rcf")
    v = _upload(client, pid, "bijlage.pdf", PDF, titel="Bij de indiening").json["result"]
    with app.app_context():
        doc = service.generate(pid, "projectplan", None, ADMIN)
        ronde = review.start(doc.id, None, ADMIN)
        for p in ronde.reviews:
            p.oordeel = "Akkoord"
        db.session.commit()
        doc_id = doc.id
    assert login("secretaris").api("GET", f"/api/v1/bijlagen/versie/{v['id']}").status_code == 404
    bad = client.api(
        "POST", f"/api/v1/documenten/{doc_id}/indienen", json={"bij": "RPF", "bijlagen": ["x"]}
    )
    assert bad.status_code == 422 and "bijlagen" in bad.json["errors"]
    r = client.api(
        "POST", f"/api/v1/documenten/{doc_id}/indienen", json={"bij": "RPF", "bijlagen": [v["id"]]}
    )
    assert r.status_code == 200, r.json
    # The RPF submission alone does not open it to the secretary.
    assert login("secretaris").api("GET", f"/api/v1/bijlagen/versie/{v['id']}").status_code == 404
    r = client.post(
        f"/documenten/{doc_id}/indienen", data={"bij": "LSI", "bijlagen": [str(v["id"])]}
    )
    assert r.status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            sa.select(IndieningBijlage).where(IndieningBijlage.document_id == doc_id)
        ).all()
        assert sorted(r.bij for r in rows) == ["LSI", "RPF"]
        assert db.session.get(Document, doc_id).status == "Ingediend bij LSI"
    sec = login("secretaris")
    assert sec.api("GET", f"/api/v1/bijlagen/versie/{v['id']}").data == PDF
    listed = sec.api("GET", f"/api/v1/bijlagen/project/{pid}").json["result"]
    assert [b["titel"] for b in listed] == ["Bij de indiening"]
    page = client.get(f"/documenten/project/{pid}").get_data(as_text=True)
    assert "Bijlagen bij LSI" in page and "Bij de indiening" in page
    queue = sec.get("/wachtrij/").get_data(as_text=True)
    assert f"/bijlagen/versie/{v['id']}" in queue


def test_attachment_of_another_project_cannot_go_with_a_submission(app, ids):
    with app.app_context():
        other = store.add(
            ids.project("GRN-OOST-2026"), "Overig", "Ander", "a.pdf", PDF, None, scope=ADMIN
        )
        doc = service.generate(ids.project("KEMPEN-HAM"), "projectvoorstel", None, ADMIN)
        with pytest.raises(RuleViolation) as exc:
            service.submit(doc, "RPF", None, ADMIN, bijlagen=[other.id])
        assert "alleen bijlagen van dit project" in str(exc.value)
        db.session.rollback()


def test_demo_attachments_are_there_and_idempotent(app):
    from portal.demo import load

    with app.app_context():
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        count = lambda: db.session.scalar(  # noqa: E731
            sa.select(sa.func.count())
            .select_from(BijlageVersie)
            .where(
                BijlageVersie.bijlage_id.in_(
                    sa.select(Bijlage.id).where(Bijlage.titel.in_([a[1] for a in demo.ATTACHMENTS]))
                )
            )
        )
        before = count()
        assert before == 5
        load()
        assert count() == before
        assert kempen is not None
