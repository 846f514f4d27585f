"""E-mail notifications against a real SMTP server (aiosmtpd, started here on a free port).

One portal of its own (demo data) for the module: every kind of mail is caused by the
services that cause it in the portal, sent by ``send_pending``/``run_reminders`` through
Flask-Mail to the SMTP server, and checked as received - recipient, language, subject, link,
once only, the weekly digest, escalation after ESCALATION_DAYS, preferences that switch kinds
off, dry runs that send nothing, and no resident data in any message.
"""

from __future__ import annotations

import datetime as dt
import email
import re
import socket
import threading
from email import policy
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_appbuilder.security.sqla.models import User

from models import Bevinding, Document, Mailbericht, Mailvoorkeur, Opvolgactie, Project
from models.base import PERSONAL
from portal import access, roles, workflow
from portal.casework import followup
from portal.casework import scope as cscope
from portal.casework.scope import SYSTEM
from portal.extensions import db, transaction
from portal.notifications import kinds
from portal.notifications.sender import KIND_HEADER
from tests.conftest import Client, own_app

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
PORTAL_URL = "https://portaal.voorbeeld.nl/lsi"
MONDAY = dt.date(2026, 12, 7)  # DIGEST_WEEKDAY 0
TODAY = dt.date(2026, 12, 2)  # a Wednesday
SECRET = "Geheime omschrijving: bewoner Jansen, Dorpsstraat 9, 5091 AB"
ROOT = Path(__file__).resolve().parents[1]


class _Inbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        with self._lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "from": envelope.mail_from,
                    "subject": str(msg["subject"]),
                    "kind": str(msg[KIND_HEADER]),
                    "text": text,
                    "html": html,
                    "raw": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 OK"

    def take(self) -> list[dict]:
        with self._lock:
            out, self.messages = self.messages, []
        ALL_RECEIVED.extend(out)
        return out


ALL_RECEIVED: list[dict] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def smtp():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _english_catalog(directory: Path) -> Path:
    """The notification strings' English, compiled - so the English mails can be checked
    before the lead's `make i18n` puts them in the committed catalog (that one wins)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    namespace: dict = {}
    exec((ROOT / "translations" / "en_notifications.py").read_text(), namespace)  # noqa: S102
    catalog = Catalog(locale="en")
    for msgid, text in namespace["EN"].items():
        catalog.add(msgid, text)
    target = directory / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return directory


@pytest.fixture(scope="module")
def mailapp(smtp, tmp_path_factory):
    _inbox, port = smtp
    tmp = tmp_path_factory.mktemp("notifications")
    with own_app(
        tmp,
        WTF_CSRF_ENABLED=False,  # the screens' forms are posted by the test client
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_SUPPRESS_SEND=False,
        MAIL_DEFAULT_SENDER="Interventieportaal <noreply@portaal.voorbeeld.nl>",
        PORTAL_URL=PORTAL_URL,
        REMINDER_DAYS_BEFORE=3,
        ESCALATION_DAYS=7,
        DIGEST_WEEKDAY=0,
    ) as app:
        babel = app.extensions["babel"]
        babel.translation_directories.append(str(_english_catalog(tmp / "i18n")))
        with app.app_context():
            from flask_babel import get_domain

            get_domain().cache.clear()
        yield app


@pytest.fixture
def ctx(mailapp):
    with mailapp.app_context():
        yield mailapp
        db.session.rollback()


def _uid(username: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.username == username))


def _prefer(username: str, **values) -> None:
    with transaction():
        uid = _uid(username)
        pref = db.session.scalar(sa.select(Mailvoorkeur).where(Mailvoorkeur.user_id == uid))
        if pref is None:
            pref = Mailvoorkeur(user_id=uid)
            db.session.add(pref)
        defaults = {s: True for s in ("toegewezen", "termijnen", "escalaties")}
        defaults |= {"indieningen": True, "besluiten": True, "poorten": True}
        for key, value in {**defaults, "frequentie": "direct", "taal": "nl", **values}.items():
            setattr(pref, key, value)


def _by(messages: list[dict]) -> list[tuple[str, str]]:
    """(kind, recipient's username) per message, sorted."""
    return sorted((m["kind"], m["to"][0].split("@")[0]) for m in messages)


def _kempen() -> Project:
    return db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))


def _finding() -> Bevinding:
    return db.session.scalar(
        sa.select(Bevinding).where(Bevinding.project_id == _kempen().id).order_by(Bevinding.id)
    )


def _partner(code: str) -> int:
    from models import Ketenpartner

    return db.session.scalar(sa.select(Ketenpartner.id).where(Ketenpartner.code == code))


def _new_project(code: str) -> Project:
    kempen = _kempen()
    with transaction():
        p = Project(
            code=code,
            naam=f"Meldingentest {code}",
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
            projectleider_id=_uid("projectleider"),
            rcf_adviseur_id=_uid("rcf"),
            fase="Verkenning",
        )
        db.session.add(p)
    return p


def _problem_defined(project: Project) -> None:
    """The Verkenning's brainstorm, fed-back problem definition and GO (seed 001 §2.4), which
    the gate into Voorbereiding needs; written directly, so they send no mail of their own."""
    from models import Besluit, Brainstorm

    with transaction():
        p = db.session.get(Project, project.id)
        p.probleem_leefbaarheid, p.probleem_veiligheid = "Overbewoning", "Brandgevaar"
        db.session.add(
            Brainstorm(
                project_id=p.id,
                datum=TODAY - dt.timedelta(days=60),
                deelnemers="Gemeente, UWV",
                methode="Zes denkhoeden",
                uitkomst="Overbewoning",
                teruggekoppeld_op=TODAY - dt.timedelta(days=50),
            )
        )
        db.session.add(
            Besluit(
                project_id=p.id,
                orgaan="Projectgroep",
                onderwerp="Probleemdefinitie",
                datum=TODAY - dt.timedelta(days=40),
                uitkomst="Akkoord",
            )
        )


def _document(project: Project, soort: str) -> Document:
    import hashlib

    body = f"{project.code}-{soort}".encode()
    with transaction():
        doc = Document(
            project_id=project.id,
            soort=soort,
            versie=1,
            status="Concept",
            compleet=True,
            bestandsnaam=f"{soort}.docx",
            inhoud=body,
            sha256=hashlib.sha256(body).hexdigest(),
        )
        db.session.add(doc)
    return doc


def _decide(doc: Document, orgaan: str, actor: str, day: int):
    from models import Besluit

    b = Besluit(
        project_id=doc.project_id,
        orgaan=orgaan,
        onderwerp=doc.soort.capitalize(),
        datum=dt.date(2026, 11, 1) + dt.timedelta(days=day),
        uitkomst="Akkoord",
        document_id=doc.id,
        opmerkingen=SECRET,  # remarks are never mailed
    )
    return workflow.log_decision(b, _uid(actor), SYSTEM)


@pytest.fixture(scope="module")
def started(mailapp, smtp):
    """The demo's own outbox (its actions' owners) sent once, so each test sees its own."""
    inbox, _ = smtp
    with mailapp.app_context():
        from portal.notifications import send_pending

        send_pending(dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC))
        first = inbox.take()
    return first


# --- the events --------------------------------------------------------------------------


def test_each_event_mails_the_right_people_once_in_their_language(ctx, smtp, started):
    from portal.documents import service
    from portal.notifications import send_pending

    inbox, _ = smtp
    # The demo's one open action with an owner: partner-uwv's (its other one is done).
    assert _by(started) == [("toegewezen", "partner-uwv")]
    _prefer("partner-uwv", taal="en")
    for name in ("projectleider", "rcf", "secretaris"):
        _prefer(name)

    # An action assigned to a partner's person by the service ...
    with cscope.acting_as_system():
        action = followup.add_action(
            _finding(), _partner("UWV"), SECRET, TODAY + dt.timedelta(days=2), _uid("partner-uwv")
        )
    # ... and an owner set through the generic API (FAB's edit, no service of ours).
    late = db.session.scalar(
        sa.select(Opvolgactie).where(
            Opvolgactie.eigenaar_id.is_(None), Opvolgactie.status != "Afgerond"
        )
    )
    rcf = Client(ctx, "rcf")
    r = rcf.api(
        "PUT",
        f"/api/v1/opvolgactie/{late.id}",
        json={"eigenaar": _uid("projectleider")},
        headers={"If-Match": str(late.lock_version)},
    )
    assert r.status_code == 200, r.json

    project = _new_project("MAIL-1")
    _problem_defined(project)
    college = _document(project, "collegebesluit")
    voorstel = _document(project, "projectvoorstel")
    admin = _uid("beheerder")
    service.submit(voorstel, "RPF", admin, scope=ADMIN)  # -> the region's RCF
    _decide(college, "College B&W", "projectleider", 0)  # -> rcf (the actor is left out)
    _decide(voorstel, "RPF", "rcf", 1)  # -> projectleider
    service.submit(db.session.get(Document, voorstel.id), "LSI", admin, scope=ADMIN)
    _decide(db.session.get(Document, voorstel.id), "LSI", "secretaris", 2)  # both + gate
    workflow.transition(
        db.session.get(Project, project.id), "Voorbereiding", _uid("projectleider"), scope=ADMIN
    )  # -> rcf

    sent = send_pending(dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC))
    got = inbox.take()
    assert _by(got) == [
        ("besluit", "projectleider"),  # RPF
        ("besluit", "projectleider"),  # LSI
        ("besluit", "rcf"),  # College
        ("besluit", "rcf"),  # LSI
        ("fase", "rcf"),
        ("ingediend", "rcf"),
        ("ingediend", "secretaris"),
        ("poort", "projectleider"),
        ("poort", "rcf"),
        ("toegewezen", "partner-uwv"),
        ("toegewezen", "projectleider"),
    ]
    assert len(sent) == len(got)
    by_kind = {(m["kind"], m["to"][0].split("@")[0]): m for m in got}

    mine = by_kind[("toegewezen", "partner-uwv")]
    assert mine["subject"] == "New follow-up action for you in KEMPEN-HAM"
    assert "December 4, 2026" in mine["text"]  # the deadline, written the English way
    assert f"{PORTAL_URL}/opvolging/mijn-acties" in mine["text"]
    assert f'href="{PORTAL_URL}/opvolging/mijn-acties"' in mine["html"]
    assert mine["from"] == "noreply@portaal.voorbeeld.nl"

    pl = by_kind[("toegewezen", "projectleider")]
    assert pl["subject"] == "Nieuwe opvolgactie voor u in KEMPEN-HAM"
    assert "15 april 2019" in pl["text"]

    rpf = by_kind[("ingediend", "rcf")]
    assert rpf["subject"] == "Projectvoorstel versie 1 van MAIL-1 is ingediend bij RPF"
    assert f"{PORTAL_URL}/documenten/project/{project.id}" in rpf["text"]
    lsi = by_kind[("ingediend", "secretaris")]
    assert lsi["subject"] == "Projectvoorstel versie 1 van MAIL-1 is ingediend bij LSI"
    assert f"{PORTAL_URL}/wachtrij/" in lsi["text"]
    gate = by_kind[("poort", "rcf")]
    assert gate["subject"] == "MAIL-1 kan naar de fase Voorbereiding"
    assert f"{PORTAL_URL}/fasering/project/{project.id}" in gate["html"]
    assert by_kind[("fase", "rcf")]["subject"] == "MAIL-1 is nu in de fase Voorbereiding"
    decisions = sorted(m["subject"] for m in got if m["kind"] == "besluit")
    assert decisions == [
        "Besluit College B&W over MAIL-1: Akkoord",
        "Besluit LSI over MAIL-1: Akkoord",
        "Besluit LSI over MAIL-1: Akkoord",
        "Besluit RPF over MAIL-1: Akkoord",
    ]
    for m in got:  # every mail: how to switch it off, and the preferences link
        assert f"{PORTAL_URL}/meldingen/" in m["text"] and f"{PORTAL_URL}/meldingen/" in m["html"]

    # Nothing twice: another run, and the same events again, send nothing.
    assert send_pending() == []
    with cscope.acting_as_system():
        followup.start(db.session.get(Opvolgactie, action.id))  # an edit that keeps the owner
    from portal.notifications import gate_opened

    with transaction():
        gate_opened(db.session.get(Project, project.id))
    assert send_pending() == [] and inbox.take() == []
    rows = db.session.scalars(sa.select(Mailbericht).where(Mailbericht.status == "verzonden"))
    assert all(r.verzonden_op is not None for r in rows)


def test_a_rolled_back_change_queues_nothing(ctx):
    from portal.documents import service

    project = _new_project("MAIL-ROLLBACK")
    _problem_defined(project)  # a projectvoorstel goes to the RPF after the GO
    doc = _document(project, "projectvoorstel")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht))
    with pytest.raises(RuntimeError), transaction():
        service.submit(db.session.get(Document, doc.id), "RPF", None, scope=ADMIN)
        raise RuntimeError("the use case fails after the submission")
    after = db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht))
    assert after == before
    assert db.session.get(Document, doc.id).status == "Concept"


# --- the reminders -----------------------------------------------------------------------


def _reminder_rows(day: dt.date):
    from portal.notifications import run_reminders

    return run_reminders(True, day)


REMINDER_LOG: list[tuple[str, str, str, str]] = []  # (date, kind, recipient, subject)


def _log(day: dt.date, got: list[dict]) -> None:
    for m in sorted(got, key=lambda m: (m["kind"], m["to"][0], m["subject"])):
        REMINDER_LOG.append((day.isoformat(), m["kind"], m["to"][0], m["subject"]))


def test_reminders_overdue_and_escalation(ctx, smtp, started):
    from portal.notifications import run_reminders

    inbox, _ = smtp
    inbox.take()
    _prefer("partner-uwv", taal="en")
    _prefer("projectleider")
    with cscope.acting_as_system():
        for earlier in db.session.scalars(
            sa.select(Opvolgactie).where(
                Opvolgactie.omschrijving == SECRET, Opvolgactie.status != "Afgerond"
            )
        ).all():
            followup.complete(earlier, "klaar", dt.date(2026, 12, 1))
        action = followup.add_action(
            _finding(), _partner("UWV"), SECRET, dt.date(2026, 12, 10), _uid("partner-uwv")
        )

    # A dry run lists what is due without writing or sending anything.
    day = dt.date(2026, 12, 7)
    rows_before = db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht))
    preview = run_reminders(False, day)
    assert inbox.take() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht)) == rows_before
    assert preview.mails and not preview.send

    report = run_reminders(True, day)
    got = inbox.take()
    _log(day, got)
    assert sorted((m.soort, m.ontvanger) for m in preview.mails) == sorted(
        (m.soort, m.ontvanger) for m in report.mails
    )
    kinds_to = _by(got)
    # 3 days before the new action's deadline its owner is reminded; the demo's actions that
    # are long overdue: their owners are told, their projectleider gets an escalation each.
    assert ("herinnering", "partner-uwv") in kinds_to
    assert ("verlopen", "partner-uwv") in kinds_to  # the demo's "Terugvordering voorbereiden"
    assert ("verlopen", "projectleider") in kinds_to  # the one the API gave him
    open_demo = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Opvolgactie)
        .where(
            Opvolgactie.project_id == _kempen().id,
            Opvolgactie.status != "Afgerond",
            Opvolgactie.deadline < day - dt.timedelta(days=7),
        )
    )
    assert kinds_to.count(("escalatie", "projectleider")) == open_demo >= 4
    reminder = next(m for m in got if m["kind"] == "herinnering")
    assert reminder["subject"] == "Reminder: your action in KEMPEN-HAM is due on December 10, 2026"
    escalation = next(m for m in got if m["kind"] == "escalatie")
    assert escalation["subject"].startswith("Escalatie: een actie in KEMPEN-HAM is ")
    assert f"{PORTAL_URL}/opvolging/project/{_kempen().id}" in escalation["text"]

    # The same day again, and the next day: nothing new.
    assert run_reminders(True, day).mails == [] and inbox.take() == []
    assert run_reminders(True, day + dt.timedelta(days=1)).mails == [] and inbox.take() == []

    # The deadline passes: the owner hears it; the projectleider only after ESCALATION_DAYS.
    escalated = []
    for offset, expected in [
        (1, [("verlopen", "partner-uwv")]),
        (6, []),
        (7, [("escalatie", "projectleider")]),
        (8, []),
    ]:
        day = action.deadline + dt.timedelta(days=offset)
        run_reminders(True, day)
        got = inbox.take()
        _log(day, got)
        assert _by(got) == expected, (offset, _by(got))
        escalated += [m for m in got if m["kind"] == "escalatie"]
    assert escalated[0]["subject"] == "Escalatie: een actie in KEMPEN-HAM is 7 dagen te laat"

    # Done since: no reminder of it any more.
    with cscope.acting_as_system():
        followup.complete(db.session.get(Opvolgactie, action.id), "klaar", dt.date(2026, 12, 20))
    assert run_reminders(True, dt.date(2026, 12, 31)).mails == [] and inbox.take() == []

    print("\nReminder test, mails sent:")
    for row in REMINDER_LOG:
        print("  " + " | ".join(row))


def test_eindrapportage_deadline_warns_the_staff_once_when_near_and_once_when_late(
    ctx, smtp, started
):
    from models import Projectfase
    from portal.notifications import DEADLINES, run_reminders

    inbox, _ = smtp
    inbox.take()
    project = _new_project("MELD-EIND")
    with transaction():
        project.fase = "Uitvoering"
        db.session.add(
            Projectfase(
                project_id=project.id,
                fase="Uitvoering",
                gepland_start=dt.date(2026, 6, 1),
                gepland_eind=dt.date(2026, 9, 30),
            )
        )
    deadline = dt.date(2026, 12, 30)  # three months after the operational phase
    assert run_reminders(True, dt.date(2026, 12, 1), what=DEADLINES).mails == []  # > 14 days
    near = run_reminders(True, dt.date(2026, 12, 20), what=DEADLINES)
    got = [m for m in inbox.take() if "MELD-EIND" in m["subject"]]
    assert _by(got) == [("projecttermijn", "projectleider"), ("projecttermijn", "rcf")], near
    assert "uiterlijk 30 december 2026" in got[0]["subject"]
    assert f"{PORTAL_URL}/documenten/project/{project.id}" in got[0]["text"]
    assert run_reminders(True, dt.date(2026, 12, 21), what=DEADLINES).mails == []
    run_reminders(True, deadline + dt.timedelta(days=1), what=DEADLINES)
    late = [m for m in inbox.take() if "MELD-EIND" in m["subject"]]
    assert len(late) == 2 and all("te laat" in m["subject"] for m in late)
    assert run_reminders(True, deadline + dt.timedelta(days=2), what=DEADLINES).mails == []


def test_weekly_digest_groups_a_users_mails(ctx, smtp, started):
    from portal.notifications import send_pending

    inbox, _ = smtp
    inbox.take()
    _prefer("rcf", frequentie="wekelijks")
    try:
        with cscope.acting_as_system():
            for n in range(3):
                followup.add_action(
                    _finding(), _partner("UWV"), f"{SECRET} {n}", dt.date(2027, 3, 1), _uid("rcf")
                )
        tuesday = dt.datetime.combine(MONDAY + dt.timedelta(days=1), dt.time(8), tzinfo=dt.UTC)
        assert send_pending(tuesday) == [] and inbox.take() == []  # waits for Monday
        monday = dt.datetime.combine(MONDAY + dt.timedelta(days=7), dt.time(8), tzinfo=dt.UTC)
        dry = send_pending(monday, dry_run=True)
        assert [(m.soort, m.ontvanger) for m in dry] == [("weekoverzicht", "rcf")]
        assert inbox.take() == []
        sent = send_pending(monday)
        got = inbox.take()
        assert _by(got) == [("weekoverzicht", "rcf")]
        assert got[0]["subject"] == "Weekoverzicht van uw meldingen (3)"
        assert got[0]["text"].count("Nieuwe opvolgactie voor u in KEMPEN-HAM") == 3
        assert got[0]["html"].count(f'href="{PORTAL_URL}/opvolging/mijn-acties"') == 3
        bundle = sent[0].bundel_id
        rows = db.session.scalars(sa.select(Mailbericht).where(Mailbericht.bundel_id == bundle))
        assert len(rows.all()) == 3
        # A new one the same Monday waits for next week's digest.
        with cscope.acting_as_system():
            followup.add_action(
                _finding(), _partner("UWV"), SECRET, dt.date(2027, 3, 1), _uid("rcf")
            )
        assert send_pending(monday + dt.timedelta(hours=2)) == [] and inbox.take() == []
        next_monday = monday + dt.timedelta(days=7)
        assert [m.soort for m in send_pending(next_monday)] == ["weekoverzicht"]
        assert inbox.take()[0]["subject"] == "Weekoverzicht van uw meldingen (1)"
    finally:
        _prefer("rcf")


def test_preferences_page_switches_kinds_off_for_oneself_only(mailapp, smtp, started):
    """The page edits only the signed-in user's own row; a kind switched off is not sent.
    (Requests run outside an app context of the test: each gets its own ``g``.)"""
    from portal.notifications import send_pending

    inbox, _ = smtp
    inbox.take()
    with mailapp.app_context():
        _prefer("projectleider")
        _prefer("partner-uwv", taal="en")
    pl = Client(mailapp, "projectleider")
    page = pl.get("/meldingen/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mijn e-mailmeldingen" in html and 'type="checkbox"' in html
    assert 'id="link-meldingen"' in html  # reachable from the user menu
    form = {"termijnen": "1", "besluiten": "1", "frequentie": "direct", "taal": "en"}
    assert pl.post("/meldingen/", data=form).status_code == 302
    assert 'id="melding-toegewezen" >' in pl.get("/meldingen/").get_data(as_text=True)
    with mailapp.app_context():
        mine = db.session.scalar(
            sa.select(Mailvoorkeur).where(Mailvoorkeur.user_id == _uid("projectleider"))
        )
        assert (mine.toegewezen, mine.termijnen, mine.besluiten, mine.taal) == (
            False,
            True,
            True,
            "en",
        )
        other = db.session.scalar(
            sa.select(Mailvoorkeur).where(Mailvoorkeur.user_id == _uid("partner-uwv"))
        )
        assert other.toegewezen is True  # someone else's row is untouched

        with cscope.acting_as_system():
            followup.add_action(
                _finding(),
                _partner("GEM-OIRSCHOT"),
                SECRET,
                dt.date(2027, 5, 1),
                _uid("projectleider"),
            )
        assert send_pending() == [] and inbox.take() == []
        skipped = db.session.scalar(
            sa.select(Mailbericht)
            .where(
                Mailbericht.ontvanger_id == _uid("projectleider"), Mailbericht.soort == "toegewezen"
            )
            .order_by(Mailbericht.id.desc())
            .limit(1)
        )
        assert skipped.status == "overgeslagen" and skipped.verzonden_op is None
        _prefer("projectleider")

    # The Beheerder's log of sent mails; nobody else may open it.
    admin = Client(mailapp, "beheerder")
    log = admin.get("/mailberichtview/list/").get_data(as_text=True)
    assert "Verzonden e-mails" in log and "Actie toegewezen" in log and "Niet verzonden" in log
    assert pl.get("/mailberichtview/list/").status_code in (302, 403)


def test_cli_needs_send_or_dry_run_and_dry_run_sends_nothing(ctx, smtp, started):
    inbox, _ = smtp
    inbox.take()
    runner = ctx.test_cli_runner()
    r = runner.invoke(args=["lsi", "reminders"])
    assert r.exit_code == 2 and "--send" in r.output and "--dry-run" in r.output
    with cscope.acting_as_system():
        followup.add_action(
            _finding(), _partner("UWV"), SECRET, dt.date(2027, 6, 3), _uid("partner-uwv")
        )
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht))
    r = runner.invoke(args=["lsi", "reminders", "--dry-run", "--date", "2027-06-01"])
    assert r.exit_code == 0, r.output
    assert "partner-uwv" in r.output and "te versturen" in r.output
    assert inbox.take() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Mailbericht)) == before
    r = runner.invoke(args=["lsi", "reminders", "--send", "--date", "2027-06-01", "--json"])
    assert r.exit_code == 0, r.output
    assert {"herinnering", "toegewezen"} <= {m["kind"] for m in inbox.take()}
    r = runner.invoke(args=["lsi", "reminders", "--send", "--date", "2027-06-01"])
    assert "Geen e-mails verstuurd." in r.output and inbox.take() == []


def test_without_a_mail_server_nothing_is_lost(tmp_path):
    with own_app(tmp_path, MAIL_SERVER="") as app, app.app_context():
        r = app.test_cli_runner().invoke(
            args=["lsi", "reminders", "--send", "--date", "2026-12-02"]
        )
        assert r.exit_code == 1 and "MAIL_SERVER" in r.output
        queued = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Mailbericht)
            .where(Mailbericht.status == "wachtrij")
        )
        assert queued > 0  # kept for when the server is set
        # A dry run still lists what is due (the README's command on the embedded default).
        r = app.test_cli_runner().invoke(
            args=["lsi", "reminders", "--dry-run", "--date", "2026-12-02"]
        )
        assert r.exit_code == 0 and "MAIL_SERVER" in r.output, r.output


# --- privacy -----------------------------------------------------------------------------


def _resident_values() -> set[str]:
    """Every value of every personal column in the database (PERSONAL), the addresses as
    people write them, and the follow-up texts - none of which may be in a mail."""
    from models import Model

    values: set[str] = set()
    for table in Model.metadata.tables.values():
        for column in table.columns:
            if column.info.get("persoonsgegeven") or column.name == "adres_sleutel":
                for (v,) in db.session.execute(sa.select(column).where(column.is_not(None))):
                    if isinstance(v, str) and len(v.strip()) >= 5:
                        values.add(v.strip())
    for key in [v for v in values if "|" in v]:
        pc, nr, *_ = key.split("|")
        values |= {pc, f"{pc[:4]} {pc[4:]}", f"{pc[:4]} {pc[4:]} {nr}"}
    values |= {SECRET, "Dorpsstraat", "Jansen"}
    assert PERSONAL == {"persoonsgegeven": True}
    return values


POSTCODE = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}\b")


def test_no_resident_data_in_any_mail(ctx, smtp, started):
    """Every mail the tests above received - each kind, nl and en, direct and digest."""
    inbox, _ = smtp
    ALL_RECEIVED.extend(started)
    inbox.take()
    seen = {m["kind"] for m in ALL_RECEIVED}
    assert seen >= {*kinds.KINDS, kinds.DIGEST}, f"not every kind was sent: {seen}"
    english = ("New follow-up", "Reminder:", "Deadline passed:")
    assert any(m["subject"].startswith(english) for m in ALL_RECEIVED)
    assert any(m["subject"].startswith("Nieuwe opvolgactie") for m in ALL_RECEIVED)
    forbidden = _resident_values()
    # The detector itself: the demo's addresses are in the list, a postcode is caught.
    assert {"5091AB", "5091 AB", "5091 AB 12"} <= forbidden
    assert POSTCODE.search("Adres: 5091 AB 12") and not POSTCODE.search("4 december 2026")
    omschrijvingen = set(db.session.scalars(sa.select(Opvolgactie.omschrijving)))
    assert len(omschrijvingen) >= 10
    hits = []
    for m in ALL_RECEIVED:
        content = "\n".join((m["subject"], m["text"], m["html"]))
        for value in forbidden | omschrijvingen:
            if value in content:
                hits.append((m["kind"], m["subject"], value[:40]))
        if POSTCODE.search(content):
            hits.append((m["kind"], m["subject"], POSTCODE.search(content).group(0)))
    assert hits == []
    assert len(ALL_RECEIVED) > 20
