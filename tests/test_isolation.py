"""Row-level isolation, identical by screen and API."""

from __future__ import annotations

import sqlalchemy as sa

from models import (
    Activiteit,
    AvgRegistratie,
    Doelstelling,
    Project,
    Projectfase,
    ProjectPartner,
    Risico,
)
from portal.extensions import db

CHILDREN = [
    (ProjectPartner, "projectpartnerview", "projectpartner"),
    (Doelstelling, "doelstellingview", "doelstelling"),
    (Activiteit, "activiteitview", "activiteit"),
    (Risico, "risicoview", "risico"),
    (Projectfase, "projectfaseview", "projectfase"),
    (AvgRegistratie, "avgregistratieview", "avgregistratie"),
]


def _child_ids(app, project_id):
    with app.app_context():
        return {
            model: db.session.scalar(sa.select(model.id).where(model.project_id == project_id))
            for model, _, _ in CHILDREN
        }


def test_other_municipality_gets_nothing(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    c = login("projectleider2")
    assert "KEMPEN-HAM" not in c.get("/projectview/list/").get_data(as_text=True)
    assert c.get(f"/projectview/show/{pid}").status_code == 404
    assert c.get(f"/projectview/edit/{pid}").status_code == 404
    listing = c.api("GET", "/api/v1/project/").json
    assert all(row["code"] != "KEMPEN-HAM" for row in listing["result"])
    assert c.api("GET", f"/api/v1/project/{pid}").status_code == 404
    assert (
        c.api(
            "PUT", f"/api/v1/project/{pid}", json={"naam": "gekaapt"}, headers={"If-Match": "1"}
        ).status_code
        == 404
    )
    assert c.api("DELETE", f"/api/v1/project/{pid}").status_code in (403, 404)
    for model, view, api in CHILDREN:
        child = _child_ids(app, pid)[model]
        assert child is not None, model
        assert c.get(f"/{view}/show/{child}").status_code == 404, view
        assert c.api("GET", f"/api/v1/{api}/{child}").status_code == 404, api
        body = c.api("GET", f"/api/v1/{api}/").json
        assert child not in body["ids"], api
    r = c.api("POST", "/api/v1/risico/", json={"project": pid, "risico": "binnengesmokkeld"})
    assert r.status_code == 404
    with app.app_context():
        assert db.session.get(Project, pid).naam != "gekaapt"
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Risico)
                .where(Risico.risico == "binnengesmokkeld")
            )
            == 0
        )
    # ... while the own projectleider sees and edits it.
    own = login("projectleider")
    assert own.get(f"/projectview/show/{pid}").status_code == 200
    assert own.api("GET", f"/api/v1/project/{pid}").status_code == 200


def test_secretary_cannot_edit_projects(login, ids):
    pid = ids.project("KEMPEN-HAM")
    c = login("secretaris")
    assert c.get(f"/projectview/edit/{pid}").status_code in (302, 403, 404)
    assert c.api(
        "PUT", f"/api/v1/project/{pid}", json={"naam": "x"}, headers={"If-Match": "1"}
    ).status_code in (403, 404)
    assert (
        c.api(
            "POST", "/api/v1/project/", json={"code": "SEC-1", "naam": "x", "regio": 1}
        ).status_code
        == 403
    )


def test_partner_cannot_create_and_sees_only_its_projects(login, ids):
    c = login("partner-uwv")
    r = c.api("POST", "/api/v1/project/", json={"code": "UWV-1", "naam": "x", "regio": 1})
    assert r.status_code == 403
    assert c.get("/projectview/add").status_code in (302, 403)
    assert c.api("GET", "/api/v1/project/").status_code == 403
    codes = {row["code"] for row in c.api("GET", "/api/v1/partnerproject/").json["result"]}
    assert codes == {"KEMPEN-HAM", "GRN-OOST-2026"}  # UWV takes part in both demo projects
    shown = c.api("GET", f"/api/v1/partnerproject/{ids.project('KEMPEN-HAM')}").json["result"]
    assert "begroting" not in shown and "risicos" not in shown and "avg_registratie" not in shown
    politie = login("partner-politie")
    codes = {row["code"] for row in politie.api("GET", "/api/v1/partnerproject/").json["result"]}
    assert codes == {"KEMPEN-HAM"}
    assert politie.get(f"/partnerproject/show/{ids.project('GRN-OOST-2026')}").status_code == 404


def test_rcf_sees_its_region_only(login, ids):
    c = login("rcf")
    assert c.api("GET", f"/api/v1/project/{ids.project('KEMPEN-HAM')}").status_code == 200
    assert c.api("GET", f"/api/v1/project/{ids.project('GRN-OOST-2026')}").status_code == 404


def test_privacy_officer_edits_avg_but_not_projects(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    c = login("privacy")
    with app.app_context():
        reg = db.session.scalar(sa.select(AvgRegistratie).where(AvgRegistratie.project_id == pid))
        reg_id, version = reg.id, reg.lock_version
    r = c.api(
        "PUT",
        f"/api/v1/avgregistratie/{reg_id}",
        json={"referentie": "AVG-2026-7"},
        headers={"If-Match": str(version)},
    )
    assert r.status_code == 200, r.json
    assert (
        c.api(
            "PUT", f"/api/v1/project/{pid}", json={"naam": "x"}, headers={"If-Match": "1"}
        ).status_code
        == 403
    )
    assert c.get(f"/projectview/show/{pid}").status_code == 200
