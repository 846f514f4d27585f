"""CSV downloads of signals and of the coupled overview, streamed row by row."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, stream_with_context

from models import Ketenpartner, Signaal
from portal.extensions import db
from portal.signals import coupling, importer
from portal.signals.reader import COLUMNS
from views.signals.helpers import _filters, _signal_query

CSV_TYPE = "text/csv; charset=utf-8"


def _signal_export(project_id: int):
    crit = _signal_query(project_id)
    columns = (
        Signaal.id,
        Ketenpartner.code,
        Signaal.adres_sleutel,
        Signaal.postcode,
        Signaal.huisnummer,
        Signaal.huisletter,
        Signaal.huisnummertoevoeging,
        Signaal.risico,
        Signaal.toelichting,
        Signaal.datum,
        Signaal.bronbestand,
    )

    def records():
        # Keyset chunks instead of a server-side cursor: the stream outlives no transaction.
        last = 0
        while True:
            chunk = db.session.execute(
                sa.select(*columns)
                .join(Ketenpartner, Ketenpartner.id == Signaal.ketenpartner_id)
                .where(*crit, Signaal.id > last)
                .order_by(Signaal.id)
                .limit(5000)
            ).all()
            if not chunk:
                return
            for row in chunk:
                yield list(row[1:])
            last = chunk[-1][0]

    return importer.csv_lines(["partner", "adres", *COLUMNS, "bronbestand"], records())


def _coupling_export(project_id: int):
    filters = _filters()

    def records():
        for line in coupling.iterate(project_id, filters, with_risks=True):
            yield [
                line.adres_sleutel,
                line.adres,
                line.aantal_partners,
                ", ".join(line.partners),
                "; ".join(f"{c}: {r}" for c, r in line.risicos or []),
                "ja" if line.meervoudig_belang else "nee",
                "ja" if line.override else "nee",
                line.override_reden or "",
                "ja" if line.geselecteerd else "nee",
            ]

    header = [
        "adres_sleutel",
        "adres",
        "aantal_partners",
        "partners",
        "risico's",
        "meervoudig_belang",
        "professioneel_oordeel",
        "reden",
        "geselecteerd_casustafel",
    ]
    return importer.csv_lines(header, records())


def _csv_response(lines, filename: str) -> Response:
    # The request context stays open while the rows stream out (database session, scope).
    return Response(
        stream_with_context(lines),
        mimetype=CSV_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
