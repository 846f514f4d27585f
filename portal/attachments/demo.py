"""Demo data of issue #18 parts 4 and 7: KEMPEN-HAM's attachments (small generated files,
through the real upload checks) and a partner review round on a concept version of its
projectplan - UWV agreed, the police left comments, the other partners have yet to answer.
The demo project is still in Verkenning, so nothing was submitted: the round is on a concept.
Idempotent."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import sqlalchemy as sa

from models import Document, Ketenpartner, Project
from models.bijlage import Bijlage
from models.reviewronde import AKKOORD, OPMERKINGEN, Reviewronde
from portal import access, roles
from portal.extensions import db, transaction

_ADMIN = access.Scope(None, frozenset({roles.BEHEERDER}))


def _pdf(title: str) -> bytes:
    """A one-page PDF with one line of text (no library needed)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _png(width: int = 64, height: int = 40) -> bytes:
    """A small map-like PNG: two coloured areas."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00"
        + b"".join(b"\x2b\x7a\xb8" if x < width // 2 else b"\xe1\x70\x1e" for x in range(width))
        for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _docx(title: str, lines: list[str]) -> bytes:
    from docx import Document as Docx

    d = Docx()
    d.core_properties.title = title
    d.core_properties.language = "nl-NL"
    d.add_heading(title, level=1)
    for line in lines:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


ATTACHMENTS = [
    (
        "Intakerapport",
        "Intakerapport O&A",
        "intakerapport-kempen.docx",
        lambda: _docx(
            "Intakerapport O&A De Kempen",
            [
                "Aard en omvang: huisvesting van arbeidsmigranten in het buitengebied.",
                "Indicatoren: BRP-inschrijvingen per adres, meldingen overbewoning.",
            ],
        ),
        [],
    ),
    ("Gebiedsbeschrijving", "Kaart projectgebied De Kempen", "projectgebied.png", _png, []),
    (
        "Getekend besluit",
        "Getekend collegebesluit Oirschot",
        "collegebesluit-getekend.pdf",
        lambda: _pdf("Collegebesluit deelname LSI-project De Kempen - getekend"),
        [lambda: _pdf("Collegebesluit deelname LSI-project De Kempen - getekend, met bijlage")],
    ),
    (
        "Persmateriaal",
        "Persbericht start project",
        "persbericht.txt",
        lambda: b"Persbericht: de Kempengemeenten starten een integrale aanpak.\n",
        [],
    ),
]


def load(users: dict) -> None:
    project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None:
        return
    with transaction():
        _attachments(project, users)
        _review_round(project, users)


def _attachments(project: Project, users: dict) -> None:
    from portal.attachments import store

    if db.session.scalar(sa.select(Bijlage.id).where(Bijlage.project_id == project.id)):
        return  # loaded before
    user_id = users["rcf"].id
    for soort, titel, name, first, later in ATTACHMENTS:
        v = store.add(project.id, soort, titel, name, first(), user_id, scope=_ADMIN)
        for make in later:
            db.session.flush()
            store.add_version(v.bijlage_id, name, make(), user_id, scope=_ADMIN)


def _review_round(project: Project, users: dict) -> None:
    from portal import review
    from portal.documents import service

    if db.session.scalar(sa.select(Reviewronde.id).where(Reviewronde.project_id == project.id)):
        return
    doc = db.session.scalar(
        sa.select(Document)
        .where(Document.project_id == project.id, Document.soort == "projectplan")
        .order_by(Document.versie.desc())
    )
    if doc is None or doc.status != "Concept":
        doc = service.generate(project.id, "projectplan", users["rcf"].id, _ADMIN)
        db.session.flush()
    ronde = review.start(
        doc.id,
        users["rcf"].id,
        _ADMIN,
        reageren_voor=dt.date.today() + dt.timedelta(days=14),
        toelichting="Graag uw reactie op de inzet per partner en de planning van de controles.",
    )
    db.session.flush()
    by_code = {
        code: kp_id
        for kp_id, code in db.session.execute(sa.select(Ketenpartner.id, Ketenpartner.code))
    }
    answers = {
        "UWV": (AKKOORD, None, "partner-uwv"),
        "POL": (
            OPMERKINGEN,
            "Graag de inzet van de politie per controleavond afstemmen met het basisteam; "
            "de capaciteit in het voorjaar is beperkt.",
            "partner-politie",
        ),
    }
    for p in ronde.reviews:
        for code, (oordeel, text, username) in answers.items():
            if p.ketenpartner_id == by_code.get(code):
                p.oordeel, p.opmerkingen = oordeel, text
                p.beantwoord_door_id = users[username].id
                p.beantwoord_op = dt.datetime.now(dt.UTC)
