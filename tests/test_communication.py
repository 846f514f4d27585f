"""Communication (issue #19 part 3): agreements per party, the publishing rule in one place
(screen, API, use case), URL validation, the closing communication after the LSI
established the eindrapportage, the results page and the eindrapportage's table."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx


@pytest.fixture(scope="module")
def pid(app):
    with app.app_context():
        return fx.new_project("COM")


def _item(pid, titel="Persbericht actieavond"):
    from models import Project
    from portal.casework import communication
    from portal.casework import scope as cscope
    from portal.extensions import db

    with cscope.acting_as_system():
        return communication.create(
            db.session.get(Project, pid), titel, woordvoerder="Woordvoerder"
        )


def test_publishing_waits_for_every_required_agreement(app, pid):
    from models.communicatie import AFGESTEMD, CONCEPT, GEPUBLICEERD
    from portal.casework import communication
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation

    with app.app_context(), cscope.acting_as_system():
        item = _item(pid)
        assert item.status == CONCEPT
        with pytest.raises(RuleViolation, match="afgestemd"):
            communication.publish(item, dt.date(2026, 1, 5), "Website", None)
        bm = communication.add_party(item, "Burgemeester", "Burgemeester van Oirschot")
        uwv = communication.add_party(item, "Ketenpartner", "UWV", fx.partner_id("UWV"))
        communication.add_party(item, "Overig", "Woningcorporatie", vereist=False)
        assert [a.partij for a in item.akkoorden] == [
            "Burgemeester van Oirschot",
            "UWV",
            "Woningcorporatie",
        ]
        communication.record_agreement(bm, dt.date(2026, 1, 2), "Kabinet")
        assert item.status == CONCEPT
        with pytest.raises(RuleViolation, match="Nog geen akkoord van: UWV"):
            communication.publish(item, dt.date(2026, 1, 5), "Website", None)
        communication.record_agreement(uwv, dt.date(2026, 1, 3))
        assert item.status == AFGESTEMD  # the optional party need not agree
        assert communication.publish_blockers(item.id) == []
        communication.publish(item, dt.date(2026, 1, 5), "Website", "https://example.nl/nieuws")
        assert item.status == GEPUBLICEERD and item.gepubliceerd_op == dt.date(2026, 1, 5)
        # Once published, the agreements lie fixed.
        with pytest.raises(RuleViolation, match="al gepubliceerd"):
            communication.add_party(item, "Ketenpartner", "NLA")


def test_agreement_needs_a_date_not_in_the_future(app, pid):
    from portal.casework import communication
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation

    with app.app_context(), cscope.acting_as_system():
        item = _item(pid)
        row = communication.add_party(item, "Burgemeester", "Burgemeester")
        with pytest.raises(RuleViolation, match="datum van het akkoord"):
            communication.record_agreement(row, None)
        with pytest.raises(RuleViolation, match="toekomst"):
            communication.record_agreement(row, dt.date.today() + dt.timedelta(days=3))
        with pytest.raises(RuleViolation, match="burgemeester, ketenpartner of overig"):
            communication.add_party(item, "Koning", "X")


@pytest.mark.parametrize(
    "link,ok",
    [
        ("https://www.oirschot.nl/nieuws/1", True),
        ("http://example.nl", True),
        ("www.oirschot.nl", False),
        ("javascript:alert(1)", False),
        ("ftp://example.nl/x", False),
        ("https://", False),
        ("https://exa mple.nl", False),
    ],
)
def test_link_must_be_a_web_address(link, ok):
    from portal.casework.communication import url_error

    assert (url_error(link) is None) is ok


def test_screen_flow_agree_and_publish_with_dutch_errors(app, login, pid):
    from models import Communicatie
    from portal.extensions import db

    pl = login("projectleider")
    r = pl.post(
        f"/communicatie/add?_flt_0_project={pid}",
        data={"project": str(pid), "soort": "Persbericht", "titel": "Via het scherm"},
    )
    assert r.status_code in (200, 302), r.data[:500]
    with app.app_context():
        item_id = db.session.scalar(
            sa.select(Communicatie.id).where(Communicatie.titel == "Via het scherm")
        )
    assert item_id
    page = pl.get(f"/bericht/{item_id}").get_data(as_text=True)
    assert 'id="add-party-form"' in page and 'id="publish-form"' in page
    r = pl.post(
        f"/bericht/{item_id}/publiceren",
        data={"gepubliceerd_op": "2026-01-10", "medium": "Krant", "link": "https://x.nl"},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "Leg eerst vast met wie" in r.get_data(as_text=True)
    pl.post(
        f"/bericht/{item_id}/partij",
        data={"partij_soort": "Burgemeester", "partij": "Burgemeester van Oirschot"},
    )
    with app.app_context():
        row = db.session.get(Communicatie, item_id).akkoorden[0]
        row_id = row.id
    r = pl.post(
        f"/bericht/akkoord/{row_id}", data={"akkoord_op": "2026-01-08"}, follow_redirects=True
    )
    assert "Akkoord vastgelegd" in r.get_data(as_text=True)
    r = pl.post(
        f"/bericht/{item_id}/publiceren",
        data={"gepubliceerd_op": "2026-01-10", "medium": "Krant", "link": "krant.nl"},
        follow_redirects=True,
    )
    assert "volledig webadres" in r.get_data(as_text=True)
    r = pl.post(
        f"/bericht/{item_id}/publiceren",
        data={"gepubliceerd_op": "2026-01-10", "medium": "Krant", "link": "https://krant.nl/a"},
        follow_redirects=True,
    )
    assert "Bericht gepubliceerd" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Communicatie, item_id).status == "Gepubliceerd"
    results = pl.get(f"/resultaten/project/{pid}").get_data(as_text=True)
    assert "Via het scherm" in results and 'id="results-communication"' in results


def _put(client, url, json):
    tag = client.api("GET", url).headers["ETag"]
    return client.api("PUT", url, json=json, headers={"If-Match": tag})


def test_api_publish_follows_the_same_rule(app, login, pid):
    pl = login("projectleider")
    r = pl.api("POST", "/api/v1/communicatie/", json={"project": pid, "titel": "Via de API"})
    assert r.status_code == 201, r.json
    cid = r.json["id"]
    r = _put(
        pl,
        f"/api/v1/communicatie/{cid}",
        json={"status": "Gepubliceerd", "gepubliceerd_op": "2026-02-01", "medium": "Website"},
    )
    assert r.status_code == 422 and "afgestemd" in str(r.json)
    r = pl.api(
        "POST",
        "/api/v1/communicatieakkoord/",
        json={
            "project": pid,
            "communicatie": cid,
            "partij_soort": "Burgemeester",
            "partij": "Burgemeester van Oirschot",
        },
    )
    assert r.status_code == 201, r.json
    aid = r.json["id"]
    assert (
        _put(
            pl, f"/api/v1/communicatieakkoord/{aid}", json={"akkoord_op": "2026-01-30"}
        ).status_code
        == 200
    )
    r = pl.api("GET", f"/api/v1/communicatie/{cid}")
    assert r.json["result"]["status"] == "Afgestemd"
    r = _put(pl, f"/api/v1/communicatie/{cid}", json={"link": "geen-url"})
    assert r.status_code == 422 and "webadres" in str(r.json)
    r = _put(
        pl,
        f"/api/v1/communicatie/{cid}",
        json={"status": "Gepubliceerd", "gepubliceerd_op": "2026-02-01", "medium": "Website"},
    )
    assert r.status_code == 200, r.json


def test_rights_partners_read_only_published_items_on_the_results_page(app, login, ids):
    kempen = ids.project("KEMPEN-HAM")
    uwv = login("partner-uwv")
    assert uwv.api("GET", "/api/v1/communicatie/").status_code in (401, 403)
    assert uwv.get("/communicatie/list/").status_code in (302, 403)
    page = uwv.get(f"/resultaten/project/{kempen}").get_data(as_text=True)
    assert "Controle huisvesting arbeidsmigranten in Oirschot" in page  # published
    assert "Aankondiging hercontroles" not in page  # a draft
    staff = login("projectleider").get(f"/resultaten/project/{kempen}").get_data(as_text=True)
    assert "Aankondiging hercontroles" in staff
    sec = login("secretaris")
    assert sec.api(
        "POST", "/api/v1/communicatie/", json={"project": kempen, "titel": "x"}
    ).status_code in (401, 403)


def test_other_project_staff_get_404(app, login, ids):
    from models import Communicatie
    from portal.extensions import db

    with app.app_context():
        cid = db.session.scalar(
            sa.select(Communicatie.id).where(Communicatie.project_id == ids.project("KEMPEN-HAM"))
        )
    other = login("projectleider2")
    assert other.get(f"/bericht/{cid}").status_code == 404
    assert other.api("GET", f"/api/v1/communicatie/{cid}").status_code == 404


def test_closing_communication_is_due_after_the_lsi_established_the_report(app, pid):
    from models import Document, Project
    from portal import deadlines
    from portal.casework import communication
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context():
        project = db.session.get(Project, pid)
        assert communication.needs_closing_communication(pid) is False
        db.session.add(
            Document(
                project_id=pid,
                soort="eindrapportage",
                versie=1,
                status="Vastgesteld",
                inhoud=b"x",
                sha256="0" * 64,
                template_versie="t",
                bestandsnaam="eindrapportage.docx",
            )
        )
        db.session.flush()
        assert communication.needs_closing_communication(pid) is True
        rows = [d for d in deadlines.for_project(project) if d.soort == "communicatie"]
        assert rows and rows[0].status != "gereed"
        with cscope.acting_as_system():
            item = communication.create(
                project, "Eindresultaten", soort="Na vaststelling eindrapportage"
            )
            row = communication.add_party(item, "Burgemeester", "Burgemeester")
            communication.record_agreement(row, dt.date(2026, 3, 1))
            communication.publish(item, dt.date(2026, 3, 2), "Website", None)
        assert communication.needs_closing_communication(pid) is False
        db.session.rollback()


def test_eindrapportage_lists_published_communication(app):
    from docx import Document as Docx
    from flask import current_app

    from models import Project
    from portal import access
    from portal.documents import service
    from portal.extensions import db

    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        rcf = current_app.appbuilder.sm.find_user(username="rcf")
        doc = service.generate(pid, "eindrapportage", rcf.id, access.scope_for(rcf))
        d = Docx(io.BytesIO(doc.inhoud))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any("Controle huisvesting arbeidsmigranten in Oirschot" in c for c in cells)
    assert any("Resultaten gezamenlijke aanpak De Kempen" in c for c in cells)
    assert not any("Aankondiging hercontroles" in c for c in cells)  # a draft stays out
    assert any("Burgemeester van Oirschot" in c for c in cells)
    assert any("https://www.oirschot.nl/nieuws/controle-huisvesting" in c for c in cells)
