"""Control evenings planned ahead (issue #19 part 1): Gepland -> Uitgevoerd/Geannuleerd, the
police-inzet rule, the briefing document, partner scope on screens and API, rights, demo."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx

SOON = dt.date.today() + dt.timedelta(days=10)
_keys = itertools.count(1)
SECRET = "ZQGEHEIMAFWEGING"  # planted in casustafel deliberations: never in a briefing


def _docx(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode())
        core = z.read("docProps/core.xml").decode()
        styles = z.read("word/styles.xml").decode()
    return body, core + styles


def _discussed(pid: int, partners: tuple[str, ...]):
    """A case taken up jointly (status Besproken) with a secret in its deliberations."""
    from portal.casework import meetings
    from portal.casework import scope as cscope

    n = next(_keys)
    casus = fx.new_case(pid, f"5093P{chr(65 + n % 26)}|{n}||", partners)
    with cscope.acting_as_system():
        tafel = meetings.create_meeting(
            pid, dt.date(2026, 3, 1), [fx.partner_id("UWV")], [casus.id]
        )
    fx.discuss(tafel.agenda[0], partners, partners[0])
    casus.afweging = f"{SECRET} afweging"
    casus.partners[0].toelichting = f"{SECRET} toelichting"
    return casus


@pytest.fixture(scope="module")
def plan(app):
    """A project with three discussed cases - a (UWV+NLA), b (UWV+POL), c (NLA+GEM) - and a
    planned evening with all three, team GEM-OIRSCHOT (Leiding) + NLA (Gesprek)."""
    from portal.casework import planning
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("UWV", "NLA"))
        b = _discussed(pid, ("UWV", "POL"))
        c = _discussed(pid, ("NLA", "GEM-OIRSCHOT"))
        with cscope.acting_as_system():
            controle = planning.plan_control(
                pid,
                SOON,
                dt.time(19, 30),
                "Actieavond",
                "Hercontrole bewoning",
                [a.id, b.id, c.id],
                [(fx.partner_id("GEM-OIRSCHOT"), "Leiding"), (fx.partner_id("NLA"), "Gesprek")],
                False,
                False,
                "Parkeerplaats gemeentehuis",
                "Teamleider belt 112",
            )
            adres = {x.casus_id: x for x in controle.planadressen}
            planning.assess_address(
                adres[a.id], True, False, False, False, "Achterdeur", None, None, None
            )
        db.session.commit()
        return {
            "project": pid,
            "cases": (a.id, b.id, c.id),
            "control": controle.id,
            "adres": {k: v.id for k, v in adres.items()},
        }


def _team():
    return [(fx.partner_id("GEM-OIRSCHOT"), "Leiding")]


# --- the police-inzet rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (flags, "Politie aanwezig" if flags[0] or flags[1] else
         "Politie stand-by" if flags[2] or flags[3] else "Geen")
        for flags in itertools.product((False, True), repeat=4)
    ],
)  # fmt: skip
def test_proposed_inzet_for_every_combination(flags, expected):
    from portal.casework.planning import proposed_inzet

    assert proposed_inzet(*flags) == expected


def test_proposal_classes_by_hand():
    from portal.casework.planning import proposed_inzet

    assert proposed_inzet(True, False, False, False) == "Politie aanwezig"
    assert proposed_inzet(False, True, True, True) == "Politie aanwezig"
    assert proposed_inzet(False, False, True, False) == "Politie stand-by"
    assert proposed_inzet(False, False, False, True) == "Politie stand-by"
    assert proposed_inzet(False, False, False, False) == "Geen"


def test_lower_inzet_needs_a_reason_higher_does_not(app, plan):
    from models import ControleAdres
    from portal.casework import planning
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation
    from portal.extensions import db

    with app.app_context(), cscope.acting_as_system():
        adres = db.session.get(ControleAdres, plan["adres"][plan["cases"][1]])
        # dogs -> stand-by proposed; "Geen" without a reason is refused, in Dutch
        with pytest.raises(RuleViolation, match="lichtere inzet") as e:
            planning.assess_address(adres, False, False, True, False, None, None, "Geen", "")
        assert "inzet_reden" in e.value.errors and "Politie stand-by" in str(e.value)
        db.session.rollback()
        adres = db.session.get(ControleAdres, plan["adres"][plan["cases"][1]])
        planning.assess_address(
            adres, False, False, True, False, None, None, "Geen", "Honden worden weggezet"
        )
        assert adres.politie_inzet == "Geen" and adres.inzet_reden == "Honden worden weggezet"
        # more than proposed: no reason needed, and a stray reason is not kept
        planning.assess_address(
            adres, False, False, True, False, None, None, "Politie aanwezig", "niet nodig"
        )
        assert adres.politie_inzet == "Politie aanwezig" and adres.inzet_reden is None
        # no choice: the proposal
        planning.assess_address(adres, False, False, False, True, None, None, None, None)
        assert adres.politie_inzet == "Politie stand-by"
        with pytest.raises(RuleViolation, match="Kies geen politie"):
            planning.assess_address(adres, False, False, False, False, None, None, "Leger", None)
        db.session.rollback()


# --- states ------------------------------------------------------------------------------------


def test_future_date_only_when_planned(app):
    from portal.casework import controls, planning
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation
    from portal.extensions import db

    with app.app_context(), cscope.acting_as_system():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("UWV", "NLA"))
        # recorded as held: a future date is refused (the existing rule)
        with pytest.raises(RuleViolation, match="nadat ze is gehouden"):
            controls.create_control(pid, SOON, "Actieavond", [a.id], _team(), 2)
        # planned: a future date is the point; the past is refused
        controle = planning.plan_control(
            pid, SOON, dt.time(20, 0), "Actieavond", "Doel", [a.id], _team()
        )
        assert controle.status == "Gepland" and controle.datum == SOON
        with pytest.raises(RuleViolation, match="vandaag of later"):
            planning.plan_control(
                pid, dt.date(2026, 1, 1), dt.time(20, 0), "Actieavond", "Doel", [a.id], _team()
            )
        # held: the future date of the plan is refused until the evening has passed
        with pytest.raises(RuleViolation, match="nadat ze is gehouden"):
            planning.record_outcome(controle, None, [a.id], 3)
        db.session.rollback()


def test_plan_rules_in_dutch(app):
    from portal.casework import planning
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation
    from portal.extensions import db

    with app.app_context(), cscope.acting_as_system():
        pid = fx.new_project("PLAN")
        fresh = fx.new_case(pid, "5093ZA|1||")  # not discussed yet
        with pytest.raises(RuleViolation) as e:
            planning.plan_control(
                pid, None, None, "Feest", " ", [fresh.id], [], uitrusting=["Tank"]
            )
        errors = e.value.errors
        assert set(errors) >= {
            "datum",
            "aanvang",
            "soort",
            "doel",
            "adressen",
            "team",
            "uitrusting",
        }
        assert "alleen besproken casussen" in " ".join(errors["adressen"])
        assert "Onbekend uitrustingsstuk: Tank" in errors["uitrusting"][0]
        db.session.rollback()


def test_plan_to_held_transition_and_its_rules(app):
    from models import Casus, Journaalregel
    from portal.casework import controls, planning, results
    from portal.casework import scope as cscope
    from portal.errors import RuleViolation
    from portal.extensions import db

    with app.app_context(), cscope.acting_as_system():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("UWV", "NLA"))
        b = _discussed(pid, ("UWV", "POL"))
        outside = _discussed(pid, ("NLA", "POL"))
        today = dt.date.today()
        controle = planning.plan_control(
            pid, today, dt.time(19, 0), "Actieavond", "Doel", [a.id, b.id], _team(),
            True, True, "Verzamelpunt", "Belschema",
        )  # fmt: skip
        # Planned: no result, no visit in the journal, no findings yet.
        assert results.compute(pid)["controles"] == 0
        assert controle.noodplan and not controle.risicoanalyse
        with pytest.raises(RuleViolation, match="nadat de controle is gehouden"):
            controls.add_finding(controle, None, a.id, None, "x")
        db.session.rollback()
        controle = db.session.get(type(controle), controle.id)
        with pytest.raises(RuleViolation) as e:
            planning.record_outcome(controle, today, [], -1)
        assert set(e.value.errors) == {"adressen", "personen_aangetroffen"}
        with pytest.raises(RuleViolation, match="op de planning stonden"):
            planning.record_outcome(controle, today, [outside.id], 1)
        planning.record_outcome(controle, today, [a.id], 4, "Gesprek gevoerd")
        db.session.commit()
        assert controle.status == "Uitgevoerd" and controle.personen_aangetroffen == 4
        assert [c.id for c in controle.adressen] == [a.id]
        assert {x.casus_id: x.bezocht for x in controle.planadressen} == {a.id: True, b.id: False}
        assert db.session.get(Casus, a.id).status == "Gecontroleerd"
        assert db.session.get(Casus, b.id).status == "Besproken"
        assert results.compute(pid)["controles"] == 1
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Journaalregel)
                .where(Journaalregel.casus_id == a.id, Journaalregel.tekst.like("Bezocht tijdens%"))
            )
            == 1
        )
        # Held: the plan is closed; findings may now be recorded.
        with pytest.raises(RuleViolation, match="Alleen een geplande"):
            planning.cancel(controle, "te laat")
        finding = controls.add_finding(controle, controls.categories()[0].id, a.id, None, "x")
        assert finding.id
        # Called off: needs a reason and closes the plan too.
        other = planning.plan_control(pid, SOON, dt.time(19, 0), "Actiedag", "D", [b.id], _team())
        with pytest.raises(RuleViolation, match="waarom"):
            planning.cancel(other, " ")
        planning.cancel(other, "Weersomstandigheden")
        assert other.status == "Geannuleerd"
        with pytest.raises(RuleViolation, match="Alleen een geplande"):
            planning.record_outcome(other, today, [b.id], 1)
        db.session.rollback()


def test_existing_controls_are_held(app):
    from models import Controle
    from portal.extensions import db

    with app.app_context():
        held = db.session.scalars(
            sa.select(Controle.status)
            .join(Controle.project)
            .where(sa.text("project.code = 'KEMPEN-HAM'"), Controle.status != "Gepland")
        ).all()
        assert len(held) == 3 and set(held) == {"Uitgevoerd"}


def test_open_points_and_deadline(app, plan):
    from models import Controle, Project
    from portal import deadlines
    from portal.casework import planning
    from portal.extensions import db

    with app.app_context():
        controle = db.session.get(Controle, plan["control"])
        points = " ".join(planning.open_points(controle))
        assert "Risicobeoordeling ontbreekt voor 1 adres" in points  # c (b: earlier test)
        assert "niet afgesproken" in points and "niet geïnformeerd" in points
        found = [
            d
            for d in planning._briefing_deadlines(
                db.session.get(Project, plan["project"]), dt.date.today()
            )
            if d.soort == "controleavond"
        ]
        assert len(found) == 1 and found[0].datum == SOON - dt.timedelta(days=2)
        assert "briefing klaar" in found[0].omschrijving and found[0].status != deadlines.DONE


# --- briefing ----------------------------------------------------------------------------------


def test_briefing_docx_for_staff_and_partner(app, login, plan):
    from models import Casus
    from portal.extensions import db

    with app.app_context():
        adres = {cid: db.session.get(Casus, cid).adres for cid in plan["cases"]}
    a, b, c = plan["cases"]
    r = login("projectleider").get(f"/casuswerk/controle/{plan['control']}/briefing.docx")
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    body, meta = _docx(r.data)
    for text in ("Briefing controle", "19:30", "Hercontrole bewoning", "Team en rollen",
                 "Leiding", "Parkeerplaats gemeentehuis", "Teamleider belt 112",
                 "Uitrusting", "EHBO-set", "Politie aanwezig", "bekende agressie", "Achterdeur",
                 "nog niet beoordeeld", f"casus {a}"):  # fmt: skip
        assert text in body, text
    assert all(adres[x] in body for x in (a, b, c))
    assert SECRET not in body  # no deliberations, no partner notes
    assert 'w:val="nl-NL"' in meta and "Briefing controle" in meta
    # API: same document; a partner's copy holds the addresses of its cases only
    api = login("partner-politie").api(
        "GET", f"/api/v1/controleplanning/{plan['control']}/briefing.docx"
    )
    assert api.status_code == 200
    body, _ = _docx(api.data)
    assert adres[b] in body and adres[a] not in body and adres[c] not in body
    assert SECRET not in body
    # the evening's inzet still warns the partner of the heaviest one
    assert "Politie aanwezig" in body


# --- partner scope -----------------------------------------------------------------------------


def test_partner_scope_on_screens_and_api(app, login, plan):
    from models import Casus
    from portal.extensions import db

    with app.app_context():
        adres = {cid: db.session.get(Casus, cid).adres for cid in plan["cases"]}
    a, b, c = plan["cases"]
    url = f"/casuswerk/controle/{plan['control']}"
    pl = login("projectleider").get(url)
    assert pl.status_code == 200 and all(adres[x] in pl.text for x in (a, b, c))
    assert "Risicobeoordeling van" in pl.text and "Uitvoering vastleggen" in pl.text
    # UWV takes part in a and b (not on the team): sees those two only
    uwv = login("partner-uwv")
    page = uwv.get(url)
    assert page.status_code == 200
    assert adres[a] in page.text and adres[b] in page.text and adres[c] not in page.text
    assert "Risicobeoordeling van" not in page.text  # reads, does not assess
    got = uwv.api("GET", f"/api/v1/controleplanning/{plan['control']}").json
    assert {x["casus_id"] for x in got["adressen"]} == {a, b}
    rows = uwv.api("GET", "/api/v1/controleadres/?q=(page_size:100)").json["result"]
    assert {x["casus_id"] for x in rows if x["controle_id"] == plan["control"]} == {a, b}
    one = login("projectleider").api("GET", f"/api/v1/controleadres/{plan['adres'][a]}")
    assert one.status_code == 200 and one.headers["ETag"].startswith(f'"{plan["adres"][a]}-')
    assert uwv.api("GET", f"/api/v1/controleadres/{plan['adres'][c]}").status_code == 404
    # POL takes part in b only
    pol = login("partner-politie").api("GET", f"/api/v1/controleplanning/{plan['control']}")
    assert [x["casus_id"] for x in pol.json["adressen"]] == [b]
    # A partner neither on the team nor in a case: nothing (another project's people too)
    # Another project's people: nothing (a partner not involved: the next test)
    for user in ("projectleider2",):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.api("GET", f"/api/v1/controleplanning/{plan['control']}").status_code == 404
        assert client.get(f"{url}/briefing.docx").status_code == 404
        rows = client.api("GET", "/api/v1/controleadres/?q=(page_size:100)").json["result"]
        assert all(x["controle_id"] != plan["control"] for x in rows)


def test_partner_on_the_team_sees_the_plan_uninvolved_partner_nothing(app, login):
    """POL is on the team but takes part in none of the cases: it sees the evening, no
    address. UWV is neither on the team nor in a case: 404 and empty lists."""
    from portal.casework import planning
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context(), cscope.acting_as_system():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("GEM-OIRSCHOT", "NLA"))
        controle = planning.plan_control(
            pid, SOON, dt.time(19, 0), "Actieavond", "Teamdoel", [a.id],
            [(fx.partner_id("GEM-OIRSCHOT"), "Leiding"), (fx.partner_id("POL"), "Veiligheid")],
        )  # fmt: skip
        db.session.commit()
        cid, adres = controle.id, a.adres
    pol = login("partner-politie")
    page = pol.get(f"/casuswerk/controle/{cid}")
    assert page.status_code == 200 and "Teamdoel" in page.text and adres not in page.text
    assert pol.api("GET", f"/api/v1/controleplanning/{cid}").json["adressen"] == []
    body, _ = _docx(pol.get(f"/casuswerk/controle/{cid}/briefing.docx").data)
    assert "Teamdoel" in body and adres not in body
    uwv = login("partner-uwv")
    assert uwv.get(f"/casuswerk/controle/{cid}").status_code == 404
    assert uwv.get(f"/casuswerk/controle/{cid}/briefing.docx").status_code == 404
    assert uwv.api("GET", f"/api/v1/controleplanning/{cid}").status_code == 404
    assert uwv.api("GET", f"/api/v1/controle/{cid}").status_code == 404
    rows = uwv.api("GET", "/api/v1/controle/?q=(page_size:100)").json["result"]
    assert all(x["id"] != cid for x in rows)
    panel = uwv.get(f"/casuswerk/project/{pid}")
    assert "Teamdoel" not in panel.text


# --- rights and bad input ----------------------------------------------------------------------


def test_rights_per_role(app, login, plan):
    cid, pid = plan["control"], plan["project"]
    body = {"gereed": ["EHBO-set"]}
    # partners and the privacy officer read, do not write
    for user in ("partner-uwv", "privacy"):
        client = login(user)
        r = client.api("POST", f"/api/v1/controleplanning/{cid}/uitrusting", json=body)
        assert r.status_code in (403, 404), (user, r.status_code)
        assert client.post(
            f"/casuswerk/controle/{cid}/annuleren", data={"annuleringsreden": "x"}
        ).status_code in (302, 403, 404)
        assert client.get(f"/casuswerk/project/{pid}/controle/plannen").status_code in (
            302,
            403,
            404,
        )
    assert login("secretaris").api("GET", f"/api/v1/controleplanning/{cid}").status_code in (
        401,
        403,
        404,
    )
    # the project's own people write
    pl = login("projectleider")
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/uitrusting", json=body)
    assert r.status_code == 200, r.json
    assert {u["item"]: u["gereed"] for u in r.json["uitrusting"]}["EHBO-set"] is True
    assert login("rcf").get(f"/casuswerk/project/{pid}/controle/plannen").status_code == 200


def test_api_plan_flow_and_bad_input(app, login):
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("UWV", "NLA"))
        db.session.commit()
        a_id = a.id
    pl = login("projectleider")
    good = {
        "datum": SOON.isoformat(),
        "aanvang": "19:30",
        "soort": "Actieavond",
        "doel": "API-doel",
        "adressen": [a_id],
        "team": [{"ketenpartner_id": fx_id(app, "UWV"), "rol": "Leiding"}],
        "verzamelpunt": "Plein",
        "belschema": "Teamleider belt",
    }
    r = pl.api("POST", f"/api/v1/controleplanning/project/{pid}", json=good)
    assert r.status_code == 201, r.json
    cid = r.json["id"]
    assert r.headers["Location"].endswith(f"/api/v1/controleplanning/{cid}")
    plan = pl.api("GET", f"/api/v1/controleplanning/{cid}").json
    assert (
        plan["status"] == "Gepland" and plan["aanvang"] == "19:30" and len(plan["uitrusting"]) == 8
    )
    adres_id = plan["adressen"][0]["id"]
    # bad input: Dutch 422s, never a 500
    for body, field in (
        ({**good, "datum": "gisteren"}, "_"),
        ({**good, "aanvang": "laat"}, "_"),
        ({**good, "team": []}, "team"),
        ({**good, "politie_afgesproken": "ja"}, "_"),
    ):
        r = pl.api("POST", f"/api/v1/controleplanning/project/{pid}", json=body)
        assert r.status_code == 422 and field in r.json["errors"], (body, r.json)
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/adres/{adres_id}/risico",
               json={"wapens": True, "politie_inzet": "Politie stand-by"})  # fmt: skip
    assert r.status_code == 422 and "lichtere inzet" in r.json["errors"]["inzet_reden"][0]
    lower = {"wapens": True, "politie_inzet": "Politie stand-by", "inzet_reden": "Elders"}
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/adres/{adres_id}/risico", json=lower)
    assert (
        r.status_code == 200 and r.json["adressen"][0]["voorgestelde_inzet"] == "Politie aanwezig"
    )
    assert r.json["politie_inzet"] == "Politie stand-by"
    assert (
        pl.api("POST", f"/api/v1/controleplanning/{cid}/adres/999999/risico", json={}).status_code
        == 404
    )
    r = pl.api(
        "POST",
        f"/api/v1/controleplanning/{cid}/uitvoering",
        json={"bezocht": [a_id], "personen_aangetroffen": 2},
    )
    assert r.status_code == 422 and "gehouden" in r.json["errors"]["datum"][0]
    r = pl.api("PUT", f"/api/v1/controleplanning/{cid}", json={**good, "doel": "Nieuw doel"})
    assert r.status_code == 200 and r.json["doel"] == "Nieuw doel"
    assert r.json["adressen"][0]["beoordeeld"] is True  # the assessment survives an edit
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/annuleren", json={})
    assert r.status_code == 422 and "annuleringsreden" in r.json["errors"]
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/annuleren", json={"reden": "Geen politie"})
    assert r.status_code == 200 and r.json["status"] == "Geannuleerd"
    r = pl.api("POST", f"/api/v1/controleplanning/{cid}/uitrusting", json={"gereed": []})
    assert r.status_code == 422 and "geplande" in r.json["errors"]["status"][0]


def fx_id(app, code):
    with app.app_context():
        return fx.partner_id(code)


def test_screens_plan_assess_and_record(app, login):
    from models import Controle
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("PLAN")
        a = _discussed(pid, ("UWV", "NLA"))
        db.session.commit()
        a_id, gem = a.id, fx.partner_id("GEM-OIRSCHOT")
    pl = login("projectleider")
    form = f"/casuswerk/project/{pid}/controle/plannen"
    page = pl.get(form)
    assert page.status_code == 200 and 'for="plan-aanvang"' in page.text
    # bad input: the form again with Dutch messages
    r = pl.post(form, data={"datum": "31-02-2026", "aanvang": "19:30"}, follow_redirects=True)
    assert r.status_code == 200 and "Ongeldige datum" in r.text
    r = pl.post(form, data={"datum": SOON.isoformat(), "aanvang": "25:99"}, follow_redirects=True)
    assert r.status_code == 200 and "Ongeldige tijd" in r.text
    r = pl.post(
        form,
        data={
            "datum": SOON.isoformat(),
            "aanvang": "19:30",
            "soort": "Actieavond",
            "doel": "Schermdoel",
            "adressen": [str(a_id)],
            f"rol_{gem}": "Leiding",
            "uitrusting": ["EHBO-set", "Zaklampen"],
        },
    )
    assert r.status_code == 302
    with app.app_context():
        controle = db.session.scalar(sa.select(Controle).where(Controle.project_id == pid))
        cid, adres_id = controle.id, controle.planadressen[0].id
        assert sorted(u.item for u in controle.uitrusting) == ["EHBO-set", "Zaklampen"]
    url = f"/casuswerk/controle/{cid}"
    r = pl.post(
        f"{url}/adres/{adres_id}/risico",
        data={"agressie": "on", "politie_inzet": "Geen"},
        follow_redirects=True,
    )
    assert "lichtere inzet" in r.text
    r = pl.post(f"{url}/adres/{adres_id}/risico", data={"honden": "on"}, follow_redirects=True)
    assert "Risicobeoordeling vastgelegd" in r.text and "Politie stand-by" in r.text
    r = pl.post(
        f"{url}/uitvoering",
        data={"bezocht": [str(a_id)], "personen_aangetroffen": "x"},
        follow_redirects=True,
    )
    assert "Vul een aantal in" in r.text
    r = pl.post(
        f"{url}/uitvoering",
        data={"bezocht": [str(a_id)], "personen_aangetroffen": "2"},
        follow_redirects=True,
    )
    assert "nadat ze is gehouden" in r.text  # the plan's date lies ahead
    r = pl.post(
        f"{url}/uitvoering",
        data={
            "datum": dt.date.today().isoformat(),
            "bezocht": [str(a_id)],
            "personen_aangetroffen": "2",
        },
        follow_redirects=True,
    )
    assert (
        r.status_code == 200
        and "Uitvoering vastgelegd" in r.text
        and "Bevinding vastleggen" in r.text
    )
    with app.app_context():
        assert db.session.get(Controle, cid).status == "Uitgevoerd"
    assert pl.get(f"{url}/planning", follow_redirects=True).text.count("Alleen een geplande") == 1


# --- demo and retention ------------------------------------------------------------------------


def test_demo_has_a_planned_evening(app, login, ids):
    from models import Controle
    from portal.casework import demo_planning, planning
    from portal.extensions import db

    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        planned = db.session.scalars(
            sa.select(Controle).where(Controle.project_id == pid, Controle.status == "Gepland")
        ).all()
        assert len(planned) == 1
        c = planned[0]
        assert c.datum > dt.date(2026, 12, 2) and c.aanvang == dt.time(19, 30)
        assert {planning.chosen_inzet(a) for a in c.planadressen} == {
            "Politie aanwezig",
            "Politie stand-by",
            "Geen",
        }
        assert c.verzamelpunt and c.belschema and len(c.team) >= 4 and len(c.uitrusting) == 8
        assert demo_planning.load() is None  # idempotent
        cid = c.id
    r = login("projectleider").get(f"/casuswerk/controle/{cid}")
    assert r.status_code == 200 and "Parkeerplaats gemeentehuis Reusel" in r.text


def test_retention_clears_the_risk_texts(app, plan):
    from models import ControleAdres
    from portal.casework import planning
    from portal.extensions import db

    with app.app_context():
        pid = plan["project"]
        before = planning._count(pid)
        assert before >= 1
        assert planning._purge(pid) == before
        assert planning._count(pid) == 0
        rows = db.session.scalars(sa.select(ControleAdres).where(ControleAdres.project_id == pid))
        assert all(r.indeling is None for r in rows)
        db.session.rollback()


def test_shipped_briefing_template_is_the_builders():
    """doc_templates/briefing.docx is what ``briefing.write_template`` writes (rebuild it
    after changing ``build_template``)."""
    from portal.casework import briefing

    out = io.BytesIO()
    briefing.build_template().save(out)
    built, _ = _docx(out.getvalue())
    shipped, meta = _docx(briefing.TEMPLATE.read_bytes())
    assert shipped == built and "{{ controle.verzamelpunt }}" in shipped
    assert 'w:val="nl-NL"' in meta
