"""Shared set-up of the accessibility, keyboard and screenshot tests: the demo project's id and
a document waiting for the LSI (the demo data has none, so the secretary's queue and decision
form would otherwise be empty and unchecked)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa
from flask import current_app

# A project of its own (Kempen region, as tests/test_workflow.py does): the demo projects that
# other tests work on stay as they are.
QUEUED_CODE = "KEMPEN-VERVOLG"


def demo_project_id(app) -> int:
    from models import Project
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))


def queued_project_id(app) -> int:
    """A project with a projectvoorstel before the LSI; made once per database."""
    from models import Document, Project
    from portal import process
    from portal.extensions import db

    with app.app_context():
        found = db.session.scalar(sa.select(Project.id).where(Project.code == QUEUED_CODE))
        if found:
            return found
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        rcf = current_app.appbuilder.sm.find_user(username="rcf")
        queued = Project(
            code=QUEUED_CODE,
            naam="Vervolgaanpak huisvesting arbeidsmigranten De Kempen",
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
            fase="Verkenning",
        )
        db.session.add(queued)
        db.session.flush()
        body = f"a11y-{queued.id}".encode()
        db.session.add(
            Document(
                project_id=queued.id,
                soort="projectvoorstel",
                versie=1,
                status=process.INGEDIEND_LSI,
                bestandsnaam="projectvoorstel-v1.docx",
                inhoud=body,
                sha256=hashlib.sha256(body).hexdigest(),
                ingediend_op=dt.datetime(2026, 1, 1, 10, 0),
                ingediend_door_id=rcf.id,
            )
        )
        db.session.commit()
        return queued.id


@pytest.fixture(scope="module")
def project_ids(app) -> dict[str, int]:
    return {"demo": demo_project_id(app), "queued": queued_project_id(app)}
