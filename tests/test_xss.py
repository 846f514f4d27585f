"""Every text field of every screen is rendered escaped.

For each registered ModelView a copy of an existing row is stored with an XSS payload in every
string column; its show page and its list page must never contain the payload raw.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

from portal.extensions import db

PAYLOAD = "<svg onload=1>"


def _model_views(app):
    seen = {}
    for view in app.appbuilder.baseviews:
        if isinstance(view, ModelView) and getattr(view, "datamodel", None) is not None:
            model = view.datamodel.obj
            if model.__tablename__.startswith("ab_") or not hasattr(view, "show"):
                continue
            seen.setdefault(model, view)
    return seen


def _clone_with_payload(model):
    template = db.session.scalars(sa.select(model).order_by(model.id)).first()
    if template is None:
        return None
    item = model()
    for col in model.__table__.columns:
        if col.primary_key or col.key == "lock_version":
            continue
        value = getattr(template, col.key)
        if isinstance(col.type, sa.Enum) or isinstance(col.type, sa.JSON):
            pass
        elif isinstance(col.type, sa.String | sa.Text):
            value = PAYLOAD
            if col.unique or any(
                col.key in [c.key for c in uc.columns]
                for uc in model.__table__.constraints
                if isinstance(uc, sa.UniqueConstraint)
            ):
                value = PAYLOAD + uuid.uuid4().hex[:6]
            length = getattr(col.type, "length", None)
            if length:
                value = value[:length]
        elif col.unique and value is not None:
            continue
        setattr(item, col.key, value)
    db.session.add(item)
    db.session.flush()
    return item.id


def test_payload_is_escaped_on_every_show_and_list_page(app, login):
    client = login("beheerder")
    checked = []
    with app.app_context():
        created = {}
        for model, view in _model_views(app).items():
            try:
                with db.session.begin_nested():
                    pk = _clone_with_payload(model)
            except sa.exc.IntegrityError:
                pk = None  # e.g. one-per-project rows whose template's project already has one
            if pk is not None:
                created[model] = (view, pk)
        db.session.commit()
        for view, pk in created.values():
            endpoint = type(view).__name__
            for url in (f"/{endpoint.lower()}/show/{pk}", f"/{endpoint.lower()}/list/"):
                r = client.get(url)
                if r.status_code == 404 and url.endswith(f"/{pk}"):
                    continue
                body = r.get_data(as_text=True)
                assert PAYLOAD not in body, f"unescaped payload on {url}"
                checked.append(url)
    assert len(checked) >= 10, checked


@pytest.mark.parametrize("field", ["naam", "aanleiding", "werkwijze", "communicatie"])
def test_project_text_is_escaped_where_shown(app, login, ids, field):
    from models import Project

    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        p = Project(
            code=f"XSS-{uuid.uuid4().hex[:6]}",
            naam="x",
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
        )
        setattr(p, field, f"<script>alert('{field}')</script>")
        db.session.add(p)
        db.session.commit()
        pid = p.id
    body = login("projectleider").get(f"/projectview/show/{pid}").get_data(as_text=True)
    assert f"<script>alert('{field}')</script>" not in body
    assert "&lt;script&gt;" in body
