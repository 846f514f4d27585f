"""Partner review rounds (issue #18 part 7): start on a version, each partner sees exactly
that version and answers, the state per partner, submission to the RPF refused without a
finished round and recorded with it, and the partner's screen and API."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from models import Document, Ketenpartner, Partnerreview, Project, ProjectPartner, Reviewronde
from portal import access, review, roles
from portal.documents import service
from portal.errors import RuleViolation
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))


def _partner(code: str) -> int:
    return db.session.scalar(sa.select(Ketenpartner.id).where(Ketenpartner.code == code))


def _plan(app, ids, soort="projectplan") -> int:
    with app.app_context():
        doc = service.generate(ids.project("KEMPEN-HAM"), soort, None, ADMIN)
        return doc.id


def _review_of(doc_id: int, code: str) -> Partnerreview:
    ronde = review.round_of(doc_id)
    return next(p for p in ronde.reviews if p.ketenpartner_id == _partner(code))


def test_round_states_and_the_partner_sees_only_that_version(app, login, ids):
    old = _plan(app, ids)
    doc_id = _plan(app, ids)
    rcf = login("rcf")
    r = rcf.api("POST", f"/api/v1/reviews/document/{doc_id}", json={"reageren_voor": "2999-01-01"})
    assert r.status_code == 201, r.json
    partners = r.json["result"]["partners"]
    with app.app_context():
        expected = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(ProjectPartner.ketenpartner_id))).where(
                ProjectPartner.project_id == ids.project("KEMPEN-HAM")
            )
        )
    assert len(partners) == expected and {p["oordeel"] for p in partners} == {"Open"}
    # A second round on the same version is refused.
    again = rcf.api("POST", f"/api/v1/reviews/document/{doc_id}", json={})
    assert again.status_code == 422
    uwv = login("partner-uwv")
    mine = uwv.api("GET", "/api/v1/reviews/te-beoordelen").json["result"]
    item = next(i for i in mine if i["document_id"] == doc_id)
    assert item["oordeel"] == "Open"
    # The partner downloads that version - and no other version of the document.
    assert uwv.api("GET", item["download"]).data[:2] == b"PK"
    assert uwv.api("GET", f"/api/v1/documenten/{doc_id}/docx").status_code in (403, 404)
    with app.app_context():
        uwv_scope = access.scope_for(app.appbuilder.sm.find_user(username="partner-uwv"))
        assert service.may_download(db.session.get(Document, doc_id), uwv_scope)
        assert not service.may_download(db.session.get(Document, old), uwv_scope)
    # Comments need a text; then the answers count.
    bad = uwv.api("POST", f"/api/v1/reviews/{item['id']}/oordeel", json={"oordeel": "Opmerkingen"})
    assert bad.status_code == 422 and "opmerkingen" in bad.json["errors"]
    ok = uwv.api("POST", f"/api/v1/reviews/{item['id']}/oordeel", json={"oordeel": "Akkoord"})
    assert ok.status_code == 200 and ok.json["result"]["oordeel"] == "Akkoord"
    # Another partner cannot answer for UWV.
    pol = login("partner-politie")
    assert (
        pol.api("POST", f"/api/v1/reviews/{item['id']}/oordeel", json={"oordeel": "Akkoord"})
    ).status_code == 404
    pol_item = next(
        i
        for i in pol.api("GET", "/api/v1/reviews/te-beoordelen").json["result"]
        if i["document_id"] == doc_id
    )
    r = pol.post(
        f"/reviews/{pol_item['id']}/oordeel",
        data={"oordeel": "Opmerkingen", "opmerkingen": "Capaciteit in april beperkt"},
    )
    assert r.status_code == 302
    state = rcf.api("GET", f"/api/v1/reviews/document/{doc_id}").json["result"]["partners"]
    by_name = {p["ketenpartner"]: p for p in state}
    assert sum(p["oordeel"] == "Akkoord" for p in state) >= 1
    assert any(p["opmerkingen"] == "Capaciteit in april beperkt" for p in by_name.values())
    # The RCF sees the state on the document page; the partner on its own screen.
    page = rcf.get(f"/documenten/project/{ids.project('KEMPEN-HAM')}").get_data(as_text=True)
    assert f'id="review-{doc_id}"' in page and "Capaciteit in april beperkt" in page
    screen = pol.get("/reviews/").get_data(as_text=True)
    assert "Te beoordelen documenten" in screen and "Capaciteit in april beperkt" in screen
    # The partner sees no state of the whole round.
    assert pol.api("GET", f"/api/v1/reviews/document/{doc_id}").status_code == 404


def test_partner_outside_the_project_gets_nothing(app, login, ids):
    with app.app_context():
        doc = service.generate(ids.project("GRN-OOST-2026"), "projectplan", None, ADMIN)
        ronde = review.start(doc.id, None, ADMIN)
        not_mine = next(p.id for p in ronde.reviews if p.ketenpartner_id != _partner("POL"))
        doc_id = doc.id
    pol = login("partner-politie")
    assert all(
        i["document_id"] != doc_id
        for i in pol.api("GET", "/api/v1/reviews/te-beoordelen").json["result"]
    )
    assert pol.api("GET", f"/api/v1/reviews/{not_mine}/docx").status_code == 404
    assert pol.get(f"/reviews/{not_mine}/docx").status_code == 404
    assert (
        pol.api("POST", f"/api/v1/reviews/{not_mine}/oordeel", json={"oordeel": "Akkoord"})
    ).status_code == 404
    # Project staff of another region cannot start or read rounds there.
    other = _plan(app, ids)
    assert (
        login("projectleider2")
        .api("POST", f"/api/v1/reviews/document/{other}", json={})
        .status_code
        == 404
    )
    assert (
        login("projectleider2").api("GET", f"/api/v1/reviews/document/{other}").status_code == 404
    )


def test_start_rules(app, ids):
    with app.app_context():
        voorstel = service.generate(ids.project("KEMPEN-HAM"), "projectvoorstel", None, ADMIN)
        with pytest.raises(RuleViolation, match="projectplan of eindrapportage"):
            review.start(voorstel.id, None, ADMIN)
        plan = service.generate(ids.project("KEMPEN-HAM"), "projectplan", None, ADMIN)
        with pytest.raises(RuleViolation, match="verleden"):
            review.start(plan.id, None, ADMIN, reageren_voor=dt.date(2000, 1, 1))
        db.session.rollback()


def test_submission_refused_without_review_and_recorded_with_it(app, ids):
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        doc = service.generate(pid, "projectplan", None, ADMIN)
        with pytest.raises(RuleViolation, match="start een reviewronde op deze versie"):
            service.submit(doc, "RPF", None, ADMIN)
        db.session.rollback()
        doc = db.session.get(Document, doc.id)
        assert doc.status == "Concept"
        ronde = review.start(doc.id, None, ADMIN, reageren_voor=dt.date.today())
        _review_of(doc.id, "UWV").oordeel = "Akkoord"
        db.session.commit()
        with pytest.raises(RuleViolation) as exc:
            service.submit(db.session.get(Document, doc.id), "RPF", None, ADMIN)
        message = str(exc.value)
        assert "Nog niet alle partners" in message and "reactietermijn" in message
        db.session.rollback()
        # The day after the respond-by date, the open answers are recorded as open.
        review.check_submission(
            db.session.get(Document, doc.id), "RPF", today=dt.date.today() + dt.timedelta(days=1)
        )
        db.session.rollback()
        # Every partner answered: submitted, the answers frozen per partner.
        ronde = review.round_of(doc.id)
        for p in ronde.reviews:
            if p.oordeel == "Open":
                p.oordeel, p.opmerkingen = "Opmerkingen", "Zie de planning"
        db.session.commit()
        service.submit(db.session.get(Document, doc.id), "RPF", None, ADMIN)
        ronde = review.round_of(doc.id)
        assert ronde.ingediend_op is not None
        assert _review_of(doc.id, "UWV").oordeel_bij_indiening == "Akkoord"
        assert {p.oordeel_bij_indiening for p in ronde.reviews} == {"Akkoord", "Opmerkingen"}
        # After the submission the partner can no longer change the answer.
        with pytest.raises(RuleViolation, match="al ingediend"):
            review.answer(_review_of(doc.id, "UWV").id, "Opmerkingen", "laat", None, ADMIN)
        db.session.rollback()


def test_projectvoorstel_needs_no_review(app, ids):
    with app.app_context():
        doc = service.generate(ids.project("KEMPEN-HAM"), "projectvoorstel", None, ADMIN)
        service.submit(doc, "RPF", None, ADMIN)
        assert db.session.get(Document, doc.id).status == "Ingediend bij RPF"


def test_demo_round_tells_one_story(app):
    from portal.demo import load

    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        demo_round = db.session.scalars(
            sa.select(Reviewronde).where(Reviewronde.project_id == pid).order_by(Reviewronde.id)
        ).first()
        assert demo_round.document.soort == "projectplan"
        assert demo_round.document.status == "Concept" and demo_round.ingediend_op is None
        oordelen = {p.ketenpartner.code: p.oordeel for p in demo_round.reviews}
        assert oordelen["UWV"] == "Akkoord" and oordelen["POL"] == "Opmerkingen"
        assert "Open" in oordelen.values()
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Reviewronde))
        load()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Reviewronde)) == before
