"""Builders for signal tests: a fresh project whose AVG registration lets partners deliver."""

from __future__ import annotations

import io

import sqlalchemy as sa

from tests import casework_fixtures as fx

HEADER = "postcode;huisnummer;huisletter;huisnummertoevoeging;risico;toelichting;datum"


def new_project(prefix: str = "SG", deliver: tuple[str, ...] = fx.PARTNERS) -> int:
    """A project of 'projectleider' (area 5091-5094) where ``deliver`` partners may deliver."""
    from models import AvgPartnerrecht, AvgRegistratie, Ketenpartner
    from portal.extensions import db

    pid = fx.new_project(prefix)
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    reg = AvgRegistratie(project_id=pid)
    reg.rechten = [AvgPartnerrecht(ketenpartner=kp[c], mag_leveren=True) for c in deliver]
    db.session.add(reg)
    db.session.commit()
    return pid


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def upload(client, project_id: int, data: bytes, name: str = "signalen.csv", **form):
    return client.api(
        "POST",
        f"/api/v1/signalen/project/{project_id}/levering",
        data={"bestand": (io.BytesIO(data), name), **form},
        content_type="multipart/form-data",
    )


def count(project_id: int, partner: str | None = None) -> int:
    from models import Signaal
    from portal.extensions import db

    crit = [Signaal.project_id == project_id]
    if partner:
        crit.append(Signaal.ketenpartner_id == fx.partner_id(partner))
    return db.session.scalar(sa.select(sa.func.count()).select_from(Signaal).where(*crit))


def deliver(project_id: int, partner: str, *lines: str) -> int:
    """Deliver and confirm signals for a partner through the real import; returns the count."""
    from portal.casework import scope as cscope
    from portal.signals import importer

    with cscope.acting_as_system():
        levering = importer.receive(
            io.BytesIO(csv_bytes(*lines)),
            f"{partner.lower()}.csv",
            project_id,
            fx.partner_id(partner),
            None,
        )
        importer.preview(levering)
        return importer.confirm(levering)


def coupled_cases(project_id: int, keys: list[str], partners=("UWV", "NLA")) -> list:
    """Both partners deliver each address; the coupling selects them; case work opens cases."""
    from portal.addresses import parse_address_key
    from portal.casework import cases
    from portal.casework import scope as cscope
    from portal.signals import coupling

    for partner in partners:
        lines = []
        for key in keys:
            a = parse_address_key(key)
            lines.append(
                f"{a.postcode};{a.huisnummer};{a.huisletter or ''};{a.toevoeging or ''};"
                f"Signaal {partner};;"
            )
        deliver(project_id, partner, *lines)
    with cscope.acting_as_system():
        # Selecting opens the cases (and any selected earlier get theirs).
        opened = coupling.select(project_id, keys, True, None).cases
        return [*opened, *cases.ensure_cases(project_id)]


def confirm_at_once(app, requests: list[tuple[str, str]]) -> list[tuple[int, dict]]:
    """POST each (user, url) from its own thread and logged-in client, released together."""
    import threading

    from tests.conftest import Client

    clients = [Client(app, user) for user, _ in requests]
    results: list = [None] * len(requests)
    start = threading.Barrier(len(requests))

    def confirm(i: int) -> None:
        start.wait()
        resp = clients[i].api("POST", requests[i][1])
        results[i] = (resp.status_code, resp.get_json())

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results
