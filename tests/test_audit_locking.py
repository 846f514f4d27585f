"""Audit trail of every change and optimistic locking on screens and API."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa

from models import AuditRecord, Project, Risico
from portal.extensions import db


def _lock(html: str) -> str:
    m = re.search(r'name="lock_token"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="lock_token"', html)
    assert m, "edit form has no lock field"
    return m.group(1) or m.group(2)


@pytest.fixture
def risico_id(app, ids):
    with app.app_context():
        r = Risico(
            project_id=ids.project("KEMPEN-HAM"),
            risico=f"Audit-{uuid.uuid4().hex[:6]}",
            beheersmaatregel="eerst",
        )
        db.session.add(r)
        db.session.commit()
        return r.id


def _audit(app, tabel, rij_id):
    with app.app_context():
        return db.session.scalars(
            sa.select(AuditRecord)
            .where(AuditRecord.tabel == tabel, AuditRecord.rij_id == str(rij_id))
            .order_by(AuditRecord.id)
        ).all()


def test_create_update_delete_are_audited_with_user_and_fields(app, login, risico_id):
    client = login("projectleider")
    page = client.get(f"/risicoview/edit/{risico_id}").get_data(as_text=True)
    r = client.post(
        f"/risicoview/edit/{risico_id}",
        data={
            "risico": "Aangepast risico",
            "beheersmaatregel": "tweede",
            "lock_token": _lock(page),
        },
        follow_redirects=True,
    )
    assert r.status_code == 200
    records = _audit(app, "risico", risico_id)
    assert [rec.actie for rec in records][:2] == ["create", "update"]
    update = records[1]
    assert update.door == "projectleider"
    assert update.wijzigingen["beheersmaatregel"] == ["eerst", "tweede"]
    assert update.project_id is not None
    assert client.post(f"/risicoview/delete/{risico_id}", follow_redirects=True).status_code == 200
    assert _audit(app, "risico", risico_id)[-1].actie == "delete"


def test_audit_log_is_append_only(app, risico_id):
    with app.app_context():
        rec = db.session.scalars(sa.select(AuditRecord)).first()
        rec.door = "vervalst"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        rec = db.session.scalars(sa.select(AuditRecord)).first()
        db.session.delete(rec)
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()


def test_second_save_of_a_stale_form_is_refused_with_the_other_changes(app, login, risico_id):
    a, b = login("projectleider"), login("rcf")
    form_a = a.get(f"/risicoview/edit/{risico_id}").get_data(as_text=True)
    form_b = b.get(f"/risicoview/edit/{risico_id}").get_data(as_text=True)
    assert _lock(form_a) == _lock(form_b)
    ok = a.post(
        f"/risicoview/edit/{risico_id}",
        data={"risico": "Versie van A", "beheersmaatregel": "A", "lock_token": _lock(form_a)},
        follow_redirects=True,
    )
    assert ok.status_code == 200
    stale = b.post(
        f"/risicoview/edit/{risico_id}",
        data={"risico": "Versie van B", "beheersmaatregel": "B", "lock_token": _lock(form_b)},
        follow_redirects=True,
    )
    text = stale.get_data(as_text=True)
    assert "Iemand anders heeft dit record intussen gewijzigd" in text
    assert "Versie van A" in text and "projectleider" in text
    assert "Versie van B" in text  # B's input is still in the form
    with app.app_context():
        assert db.session.get(Risico, risico_id).risico == "Versie van A"


def test_api_put_needs_if_match_and_refuses_stale_versions(app, login, risico_id):
    client = login("rcf")
    current = client.api("GET", f"/api/v1/project/{_project_of(app, risico_id)}")
    assert current.status_code == 200
    r = client.api("PUT", f"/api/v1/risico/{risico_id}", json={"risico": "zonder versie"})
    assert r.status_code == 428
    with app.app_context():
        version = db.session.get(Risico, risico_id).lock_version
    r = client.api(
        "PUT",
        f"/api/v1/risico/{risico_id}",
        json={"risico": "met versie"},
        headers={"If-Match": str(version)},
    )
    assert r.status_code == 200, r.json
    r = client.api(
        "PUT",
        f"/api/v1/risico/{risico_id}",
        json={"risico": "oude versie"},
        headers={"If-Match": str(version)},
    )
    assert r.status_code == 409
    assert "met versie" in r.json["message"]
    with app.app_context():
        assert db.session.get(Risico, risico_id).risico == "met versie"


def _project_of(app, risico_id):
    with app.app_context():
        return db.session.get(Risico, risico_id).project_id


def test_history_view_follows_read_rights(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        p = db.session.get(Project, pid)
        p.communicatie = f"Historie {uuid.uuid4().hex[:6]}"
        db.session.commit()
    r = login("projectleider").get(f"/geschiedenis/project/{pid}")
    assert r.status_code == 200
    assert "communicatie" in r.get_data(as_text=True).lower()
    assert login("projectleider2").get(f"/geschiedenis/project/{pid}").status_code == 404
    api = login("projectleider").api("GET", f"/api/v1/geschiedenis/project/{pid}")
    assert api.status_code == 200 and api.json["result"]
    assert (
        login("projectleider2").api("GET", f"/api/v1/geschiedenis/project/{pid}").status_code == 404
    )
