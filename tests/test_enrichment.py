"""Issue #19 part 4: the information position before a casustafel. The projectleider asks
the partners per selected address whether the risk is still current; each partner sees
only its own question and answer (screen and API); the answers are on the agenda for the
staff; an address's dossier journal starts at its selection and is carried into its case;
retention removes the answers, the dossiers and their journal."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx

KEY_CASE = "5093AA|1||"  # selected, becomes a case before the meeting (UWV, POL)
KEY_LATER = "5093AA|2||"  # selected; its case is opened after the answers


@pytest.fixture(scope="module")
def setup(app):
    """A project with one case on the agenda of a coming casustafel and one selected
    address without a case; the request is sent, UWV answers, POL leaves it open."""
    from models import Verrijkingsantwoord
    from portal.casework import enrichment, meetings
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("VR")
        casus = fx.new_case(pid, KEY_CASE, ("UWV", "POL"))
        fx.select_address(pid, KEY_LATER)
        db.session.commit()
        uwv, pol = fx.partner_id("UWV"), fx.partner_id("POL")
        with cscope.acting_as_system():
            tafel = meetings.create_meeting(
                pid, dt.date.today() + dt.timedelta(days=10), [uwv, pol], [casus.id]
            )
            verzoek = enrichment.send_request(tafel, None, dt.date.today() + dt.timedelta(days=7))
        rows = {(a.adres_sleutel, a.ketenpartner_id): a.id for a in verzoek.antwoorden}
        return {
            "project": pid,
            "casus": casus.id,
            "tafel": tafel.id,
            "verzoek": verzoek.id,
            "rows": rows,
            "uwv": uwv,
            "pol": pol,
            "n": db.session.scalar(
                sa.select(sa.func.count(Verrijkingsantwoord.id)).where(
                    Verrijkingsantwoord.verzoek_id == verzoek.id
                )
            ),
        }


def test_request_asks_each_partner_per_address_once(app, setup):
    from models import Casustafel
    from portal.casework import enrichment
    from portal.casework import scope as cscope
    from portal.extensions import db

    rows = setup["rows"]
    assert (KEY_CASE, setup["uwv"]) in rows and (KEY_CASE, setup["pol"]) in rows
    assert any(k == KEY_LATER for k, _kp in rows)  # the selected address without a case
    with app.app_context(), cscope.acting_as_system():
        again = enrichment.send_request(db.session.get(Casustafel, setup["tafel"]))
        assert again.id == setup["verzoek"] and len(again.antwoorden) == setup["n"]


def test_partner_answers_its_own_question_only(login, app, setup):
    uwv_row = setup["rows"][(KEY_CASE, setup["uwv"])]
    pol_row = setup["rows"][(KEY_CASE, setup["pol"])]
    c = login("partner-uwv")
    page = c.get("/verrijking/mijn-vragen").get_data(as_text=True)
    assert f'data-id="{uwv_row}"' in page and f'data-id="{pol_row}"' not in page
    r = c.post(
        f"/verrijking/antwoord/{uwv_row}",
        data={"antwoord": "Ja", "toelichting": "Nieuwe melding UWV-geheim"},
    )
    assert r.status_code == 302
    # someone else's row: not found for this partner, on the screen and in the API
    assert c.post(f"/verrijking/antwoord/{pol_row}", data={"antwoord": "Nee"}).status_code == 404
    assert c.api("GET", f"/api/v1/verrijkingsantwoord/{pol_row}").status_code == 404
    r = c.api("PUT", f"/api/v1/verrijkingsantwoord/{pol_row}", json={"antwoord": "Nee"})
    assert r.status_code == 404
    rows = c.api("GET", "/api/v1/verrijkingsantwoord/?page_size=100").json["result"]
    assert rows and {x["ketenpartner_id"] for x in rows} == {setup["uwv"]}
    mine = next(x for x in rows if x["id"] == uwv_row)
    assert mine["antwoord"] == "Ja"
    # the police partner does not see UWV's answer or note
    pol = login("partner-politie")
    text = pol.get("/verrijking/mijn-vragen").get_data(as_text=True)
    assert "UWV-geheim" not in text and f'data-id="{pol_row}"' in text
    listed = pol.api("GET", "/api/v1/verrijkingsantwoord/?page_size=100").json["result"]
    assert "UWV-geheim" not in str(listed)


def test_bad_answers_are_4xx(login, setup):
    row = (
        setup["rows"][(KEY_LATER, setup["uwv"])]
        if (KEY_LATER, setup["uwv"]) in setup["rows"]
        else setup["rows"][(KEY_CASE, setup["uwv"])]
    )
    c = login("partner-uwv")
    tag = {"If-Match": c.api("GET", f"/api/v1/verrijkingsantwoord/{row}").headers["ETag"]}
    r = c.api(
        "PUT", f"/api/v1/verrijkingsantwoord/{row}", json={"antwoord": "Misschien"}, headers=tag
    )
    assert r.status_code == 422, r.data
    r = c.api(
        "PUT",
        f"/api/v1/verrijkingsantwoord/{row}",
        json={"antwoord": "Ja", "toelichting": "x" * 3000},
        headers=tag,
    )
    assert r.status_code == 422, r.data
    r = c.api("PUT", f"/api/v1/verrijkingsantwoord/{row}", json=["Ja"], headers=tag)
    assert 400 <= r.status_code < 500
    r = c.post(f"/verrijking/antwoord/{row}", data={"antwoord": "Misschien"})
    assert r.status_code == 302  # the form comes back with the message, nothing stored
    rows = c.api("GET", f"/api/v1/verrijkingsantwoord/{row}").json["result"]
    assert rows["antwoord"] in (None, "Ja")


def test_answers_on_the_agenda_for_the_staff_only(login, setup):
    url = f"/casuswerk/casustafel/{setup['tafel']}"
    page = login("projectleider").get(url).get_data(as_text=True)
    assert 'id="enrichment-answers"' in page and "UWV-geheim" in page
    assert "nog geen antwoord" in page  # the police's answer is still open
    partner = login("partner-politie").get(url)
    if partner.status_code == 200:
        assert "UWV-geheim" not in partner.get_data(as_text=True)


def test_dossier_page_before_the_case_is_for_the_staff_only(app, login):
    from models import Dossier
    from portal.extensions import db

    key = "5093AB|3||"
    with app.app_context():
        pid = fx.new_project("DOS")
        fx.select_address(pid, key)
        db.session.commit()
        dossier_id = db.session.scalar(
            sa.select(Dossier.id).where(Dossier.project_id == pid, Dossier.adres_sleutel == key)
        )
    pl = login("projectleider")
    overview = pl.get(f"/casuswerk/project/{pid}").get_data(as_text=True)
    assert f"/casuswerk/dossier/{dossier_id}" in overview
    page = pl.get(f"/casuswerk/dossier/{dossier_id}").get_data(as_text=True)
    assert "5093 AB 3" in page and "Adres geselecteerd voor de casustafel" in page
    for user in ("partner-uwv", "secretaris"):
        assert login(user).get(f"/casuswerk/dossier/{dossier_id}").status_code in (403, 404)
    with app.app_context():
        fx.new_case(pid, key)
        db.session.commit()
    moved = pl.get(f"/casuswerk/dossier/{dossier_id}")
    assert moved.status_code == 302 and "/casuswerk/casus/" in moved.headers["Location"]


def test_dossier_journal_from_the_selection_into_the_case(app, setup):
    """The address selected without a case gets its dossier at the selection; the answer
    enters it; when the case opens, its journal shows the dossier's entries from the start."""
    from models import Dossier, Verrijkingsantwoord
    from portal.casework import cases, enrichment, journal
    from portal.casework import scope as cscope
    from portal.extensions import db

    pid = setup["project"]
    with app.app_context():
        dossier = db.session.scalar(
            sa.select(Dossier).where(Dossier.project_id == pid, Dossier.adres_sleutel == KEY_LATER)
        )
        assert dossier is not None and dossier.casus_id is None
        row = db.session.scalar(
            sa.select(Verrijkingsantwoord).where(
                Verrijkingsantwoord.verzoek_id == setup["verzoek"],
                Verrijkingsantwoord.adres_sleutel == KEY_LATER,
            )
        )
        with cscope.acting_as_system():
            enrichment.answer(row, "nee", "Bewoner vertrokken")
            casus = cases.create_case(pid, KEY_LATER, [fx.partner_id("UWV"), fx.partner_id("NLA")])
        db.session.refresh(dossier)
        assert dossier.casus_id == casus.id
        texts = [e.tekst for e in journal.entries(casus.id)]
        assert texts[0].startswith("Adres geselecteerd voor de casustafel")
        assert any("risico nog actueel: nee" in t and "Bewoner vertrokken" in t for t in texts)
        assert any(t.startswith("Casus aangemaakt") for t in texts)
        # the partners' own view of the case journal holds no other partner's answer
        assert not any("Bewoner vertrokken" in e.tekst for e in journal.entries(casus.id, False))


def test_retention_purges_answers_dossiers_and_their_journal(app):
    from models import Dossier, Fasetransitie, Journaalregel, Project, Verrijkingsantwoord
    from portal import retention
    from portal.casework import enrichment, meetings
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("VRR")
        casus = fx.new_case(pid, "5094ZZ|9||", ("UWV", "NLA"))
        with cscope.acting_as_system():
            tafel = meetings.create_meeting(
                pid, dt.date(2024, 1, 10), [fx.partner_id("UWV")], [casus.id]
            )
            verzoek = enrichment.send_request(tafel)
            enrichment.answer(verzoek.antwoorden[0], "Ja", "PERSOON-MARKER-123")
        project = db.session.get(Project, pid)
        project.fase = "Afgesloten"
        db.session.add(
            Fasetransitie(
                project_id=pid, van="Afronding", naar="Afgesloten", op=dt.datetime(2024, 2, 1, 12)
            )
        )
        db.session.commit()
        today = dt.date(2026, 11, 22)
        due = [d for d in retention.due(today) if d.project.id == pid]
        assert due
        retention.apply(due, today)
        for model in (Verrijkingsantwoord, Dossier, Journaalregel):
            assert not db.session.scalar(
                sa.select(sa.func.count()).select_from(model).where(model.project_id == pid)
            )
        assert "verrijking_en_dossiers" in due[0].counts


def test_demo_has_a_request_with_two_partners_answering(app, ids):
    from models import Dossier, Verrijkingsantwoord, Verrijkingsverzoek
    from portal.extensions import db

    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        verzoek = db.session.scalar(
            sa.select(Verrijkingsverzoek).where(Verrijkingsverzoek.project_id == pid)
        )
        assert verzoek is not None and verzoek.casustafel.datum > dt.date.today()
        answered = {a.ketenpartner_id for a in verzoek.antwoorden if a.antwoord}
        assert len(answered) == 2
        assert any(a.antwoord is None for a in verzoek.antwoorden)
        assert db.session.scalar(
            sa.select(sa.func.count(Dossier.id)).where(Dossier.project_id == pid)
        ) >= len({a.adres_sleutel for a in verzoek.antwoorden})
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Verrijkingsantwoord.id)).where(
                    Verrijkingsantwoord.verzoek_id == verzoek.id
                )
            )
            > 2
        )


def test_request_through_the_api_for_the_staff_only(login, setup):
    url = f"/api/v1/verrijking/casustafel/{setup['tafel']}"
    r = login("projectleider").api("POST", url, json={})
    assert r.status_code == 200, r.data
    assert r.json["id"] == setup["verzoek"] and r.json["vragen"] == setup["n"]
    assert 0 < r.json["open"] < r.json["vragen"]
    assert login("partner-uwv").api("POST", url, json={}).status_code in (403, 404)
    r = login("projectleider").api("POST", url, json={"uiterlijk": "2999-01-01"})
    assert r.status_code == 422
    r = login("projectleider").api("POST", url, json={"uiterlijk": "geen datum"})
    assert r.status_code == 422
