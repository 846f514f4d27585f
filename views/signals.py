"""Screens and API for signals and the bestandskoppeling (rules in portal.signals).

A ketenpartner opens the same pages as the project people but sees only its own signals
and deliveries; the coupling pages are for the project people (``BESTANDSKOPPELING``).
"""

from __future__ import annotations

import math

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import protect, safe
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from models import Ketenpartner, Project, ProjectPartner, Signaal, Signaallevering
from models.signaallevering import TER_CONTROLE
from portal import roles
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from portal.signals import coupling, importer
from portal.signals import privacy as _privacy
from portal.signals import scope as sscope
from portal.signals.reader import COLUMNS
from views.base import ServiceApi, user_may
from views.panels import register_panel

_privacy.install()
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
CSV_TYPE = "text/csv; charset=utf-8"


# --- shared request helpers (screens and API) -----------------------------------------------


def _scope():
    return sscope.current()


def _user_id() -> int | None:
    user = getattr(g, "user", None)
    return user.id if user is not None and user.is_authenticated else None


def _project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not sscope.may_open(project.id, _scope()):
        abort(404)
    return project


def _staff_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not sscope.is_staff(project.id, _scope()):
        abort(404)
    return project


def _find_levering(levering_id: int) -> Signaallevering | None:
    """A delivery is visible to the project people and to the partner that delivered it."""
    levering = db.session.get(Signaallevering, levering_id)
    if levering is None:
        return None
    scope = _scope()
    if not (
        sscope.is_staff(levering.project_id, scope)
        or sscope.own_partner(levering.project_id, scope) == levering.ketenpartner_id
    ):
        return None
    return levering


def _levering(levering_id: int) -> Signaallevering:
    levering = _find_levering(levering_id)
    if levering is None:
        abort(404)
    return levering


def _int_arg(name: str, default: int, low: int = 1, high: int = 10**6) -> int:
    value = request.args.get(name, "")
    return min(max(int(value), low), high) if value.isdigit() else default


def _signal_query(project_id: int):
    crit = [sscope.criterion(project_id, _scope())]
    postcode = (request.args.get("postcode") or "").replace(" ", "").upper()
    if postcode:
        crit.append(Signaal.adres_sleutel.like(f"{postcode}%"))
    partner = request.args.get("partner", "")
    if partner.isdigit():
        crit.append(Signaal.ketenpartner_id == int(partner))
    return crit


def _signal_page(project_id: int, number: int, size: int):
    crit = _signal_query(project_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Signaal).where(*crit)) or 0
    rows = list(
        db.session.scalars(
            sa.select(Signaal)
            .where(*crit)
            .options(selectinload(Signaal.ketenpartner))
            .order_by(Signaal.adres_sleutel, Signaal.id)
            .limit(size)
            .offset((number - 1) * size)
        )
    )
    return rows, total


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


def _filters() -> coupling.Filters:
    selected = request.args.get("geselecteerd")
    return coupling.Filters(
        alleen_meervoudig=request.args.get("meervoudig") in ("1", "true", "ja"),
        min_partners=_int_arg("min_partners", 1, 1, 100),
        partner=(request.args.get("partner") or "").strip() or None,
        postcode=(request.args.get("postcode") or "").strip() or None,
        geselecteerd={"ja": True, "nee": False}.get(selected or ""),
    )


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


def _messages(e: RuleViolation) -> list[str]:
    return [m for msgs in e.errors.values() for m in msgs]


def _flash(e: RuleViolation) -> None:
    db.session.rollback()
    for m in _messages(e):
        flash(m, "danger")


def _deliverable_partners(project_id: int) -> list[Ketenpartner]:
    partners = db.session.scalars(
        sa.select(Ketenpartner)
        .join(ProjectPartner, ProjectPartner.ketenpartner_id == Ketenpartner.id)
        .where(ProjectPartner.project_id == project_id)
        .order_by(Ketenpartner.code)
    )
    return [p for p in partners if sscope.may_deliver(project_id, p.id)]


def _requested_partner() -> int | None:
    value = (request.form.get("ketenpartner_id") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _receive(project_id: int) -> Signaallevering:
    upload = request.files.get("bestand")
    if upload is None or not upload.filename:
        raise RuleViolation({"bestand": [str(_l("Kies een bestand (CSV of Excel)."))]})
    partner = sscope.delivering_partner(project_id, _scope(), _requested_partner())
    return importer.deliver(
        upload.stream,
        upload.filename,
        project_id,
        partner,
        _user_id(),
        importer.max_upload_bytes(),
    )


# --- screens ---------------------------------------------------------------------------------


class SignalenView(BaseView):
    route_base = "/signalen"
    class_permission_name = roles.SIGNAAL
    method_permission_name = {
        "project": roles.READ,
        "export": roles.READ,
        "example": roles.READ,
        "upload": roles.WRITE,
        "levering": roles.READ,
        "fouten": roles.READ,
        "confirm": roles.WRITE,
        "cancel": roles.WRITE,
        "withdraw": roles.WRITE,
    }
    default_view = "example"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        staff = sscope.is_staff(project.id, scope)
        number = _int_arg("page", 1)
        rows, total = _signal_page(project.id, number, PAGE_SIZE)
        deliveries_crit = [Signaallevering.project_id == project.id]
        if not staff:
            deliveries_crit.append(
                Signaallevering.ketenpartner_id == sscope.own_partner(project.id, scope)
            )
        deliveries = list(
            db.session.scalars(
                sa.select(Signaallevering)
                .where(*deliveries_crit)
                .options(selectinload(Signaallevering.ketenpartner))
                .order_by(Signaallevering.geupload_op.desc(), Signaallevering.id.desc())
                .limit(20)
            )
        )
        own = sscope.own_partner(project.id, scope)
        return self.render_template(
            "signals/project.html",
            project=project,
            staff=staff,
            rows=rows,
            total=total,
            page=number,
            pages=max(1, math.ceil(total / PAGE_SIZE)),
            deliveries=deliveries,
            partners=_deliverable_partners(project.id) if staff else [],
            own_partner=db.session.get(Ketenpartner, own) if own else None,
            may_deliver=staff or (own is not None and sscope.may_deliver(project.id, own)),
            may_write=user_may(roles.WRITE, roles.SIGNAAL),
            can_couple=staff and user_may(roles.READ, roles.BESTANDSKOPPELING),
            args=request.args,
            max_mb=importer.max_upload_bytes() // (1024 * 1024),
        )

    @expose("/project/<int:project_id>/export.csv")
    @has_access
    def export(self, project_id: int):
        project = _project(project_id)
        return _csv_response(_signal_export(project.id), f"signalen-{project.code}.csv")

    @expose("/voorbeeld.csv")
    @has_access
    def example(self):
        return _csv_response(iter([importer.example_file()]), "signalen-voorbeeld.csv")

    @expose("/project/<int:project_id>/upload", methods=["POST"])
    @has_access
    def upload(self, project_id: int):
        project = _project(project_id)
        try:
            levering = _receive(project.id)
        except AccessDenied:
            db.session.rollback()
            abort(403)
        except RuleViolation as e:
            _flash(e)
            return redirect(url_for("SignalenView.project", project_id=project.id))
        return redirect(url_for("SignalenView.levering", levering_id=levering.id))

    @expose("/levering/<int:levering_id>")
    @has_access
    def levering(self, levering_id: int):
        levering = _levering(levering_id)
        return self.render_template(
            "signals/levering.html",
            levering=levering,
            project=db.session.get(Project, levering.project_id),
            preview=importer.stored_preview(levering),
            open=levering.status == TER_CONTROLE,
            may_write=user_may(roles.WRITE, roles.SIGNAAL),
            columns=COLUMNS,
        )

    @expose("/levering/<int:levering_id>/fouten.csv")
    @has_access
    def fouten(self, levering_id: int):
        levering = _levering(levering_id)
        if levering.status != TER_CONTROLE:
            abort(404)  # the file is gone once the delivery is handled
        return _csv_response(importer.error_report(levering), f"fouten-levering-{levering.id}.csv")

    def _act(self, levering_id: int, action, done_message):
        levering = _levering(levering_id)
        try:
            result = action(levering)
            flash(done_message(result), "success")
        except RuleViolation as e:
            _flash(e)
        return redirect(url_for("SignalenView.levering", levering_id=levering_id))

    @expose("/levering/<int:levering_id>/bevestig", methods=["POST"])
    @has_access
    def confirm(self, levering_id: int):
        return self._act(
            levering_id,
            importer.confirm,
            lambda n: _l("%(n)s signalen opgeslagen; de koppeling is bijgewerkt.", n=n),
        )

    @expose("/levering/<int:levering_id>/annuleer", methods=["POST"])
    @has_access
    def cancel(self, levering_id: int):
        return self._act(
            levering_id, importer.cancel, lambda _r: _l("Levering geannuleerd; niets opgeslagen.")
        )

    @expose("/levering/<int:levering_id>/intrekken", methods=["POST"])
    @has_access
    def withdraw(self, levering_id: int):
        return self._act(
            levering_id,
            importer.withdraw,
            lambda n: _l("Levering ingetrokken: %(n)s signalen verwijderd.", n=n),
        )


class KoppelingView(BaseView):
    route_base = "/koppeling"
    class_permission_name = roles.BESTANDSKOPPELING
    method_permission_name = {
        "project": roles.READ,
        "export": roles.READ,
        "override": roles.WRITE,
        "selection": roles.WRITE,
    }
    default_view = "project"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _staff_project(project_id)
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 10, MAX_PAGE_SIZE)
        sort = request.args.get("sort", "partners")
        lines, total = coupling.page(project.id, _filters(), sort, number, size)
        return self.render_template(
            "signals/koppeling.html",
            project=project,
            lines=lines,
            total=total,
            page=number,
            pages=max(1, math.ceil(total / size)),
            counts=coupling.counts(project.id),
            partners=db.session.scalars(
                sa.select(Ketenpartner)
                .join(ProjectPartner, ProjectPartner.ketenpartner_id == Ketenpartner.id)
                .where(ProjectPartner.project_id == project.id)
                .order_by(Ketenpartner.code)
            ).all(),
            args=request.args,
            sort=sort,
            may_write=user_may(roles.WRITE, roles.BESTANDSKOPPELING),
            min_reason=coupling.MIN_REASON,
        )

    @expose("/project/<int:project_id>/export.csv")
    @has_access
    def export(self, project_id: int):
        project = _staff_project(project_id)
        return _csv_response(_coupling_export(project.id), f"koppeling-{project.code}.csv")

    def _back(self, project_id: int):
        return redirect(
            request.form.get("next") or url_for("KoppelingView.project", project_id=project_id)
        )

    @expose("/project/<int:project_id>/oordeel", methods=["POST"])
    @has_access
    def override(self, project_id: int):
        project = _staff_project(project_id)
        try:
            coupling.set_override(
                project.id,
                request.form.get("adres", ""),
                request.form.get("aan") == "1",
                request.form.get("reden"),
                _user_id(),
            )
            flash(_l("Professioneel oordeel vastgelegd."), "success")
        except RuleViolation as e:
            _flash(e)
        return self._back(project.id)

    @expose("/project/<int:project_id>/selectie", methods=["POST"])
    @has_access
    def selection(self, project_id: int):
        project = _staff_project(project_id)
        on = request.form.get("aan") == "1"
        try:
            n = coupling.select(project.id, request.form.getlist("adres"), on, _user_id())
            flash(
                _l("%(n)s adres(sen) geselecteerd voor de casustafel.", n=n)
                if on
                else _l("%(n)s adres(sen) uit de selectie gehaald.", n=n),
                "success",
            )
        except RuleViolation as e:
            _flash(e)
        return self._back(project.id)


# --- project page panel ----------------------------------------------------------------------


@register_panel(order=55)
def signals_panel(project_id: int) -> Markup | None:
    if not user_may(roles.READ, roles.SIGNAAL):
        return None
    scope = _scope()
    if not sscope.may_open(project_id, scope):
        return None
    staff = sscope.is_staff(project_id, scope)
    n = db.session.scalar(
        sa.select(sa.func.count()).select_from(Signaal).where(sscope.criterion(project_id, scope))
    )
    return Markup(
        render_template(
            "signals/_panel.html",
            project_id=project_id,
            staff=staff,
            signalen=n or 0,
            counts=coupling.counts(project_id) if staff else None,
            can_couple=staff and user_may(roles.READ, roles.BESTANDSKOPPELING),
        )
    )


# --- API -------------------------------------------------------------------------------------


class _Api(ServiceApi):
    openapi_spec_tag = "Signalen"


def _signal_json(s: Signaal) -> dict:
    return {
        "id": s.id,
        "partner": s.ketenpartner.code,
        "adres": s.adres_sleutel,
        "postcode": s.postcode,
        "huisnummer": s.huisnummer,
        "huisletter": s.huisletter,
        "huisnummertoevoeging": s.huisnummertoevoeging,
        "risico": s.risico,
        "toelichting": s.toelichting,
        "datum": s.datum.isoformat() if s.datum else None,
    }


def _levering_json(levering: Signaallevering) -> dict:
    preview = importer.stored_preview(levering)
    return {
        "id": levering.id,
        "status": levering.status,
        "bestandsnaam": levering.bestandsnaam,
        "partner": levering.ketenpartner.code,
        "rijen_totaal": levering.rijen_totaal,
        "rijen_geldig": levering.rijen_geldig,
        "rijen_fout": levering.rijen_fout,
        "rijen_opgeslagen": levering.rijen_opgeslagen,
        "bestandsfout": preview.bestandsfout if preview else None,
        "waarschuwingen": preview.waarschuwingen if preview else [],
        "fouten": preview.fouten if preview else [],
    }


class SignalenApi(_Api):
    resource_name = "signalen"
    class_permission_name = roles.SIGNAAL
    method_permission_name = {
        "list_signals": roles.READ,
        "deliver": roles.WRITE,
        "get_delivery": roles.READ,
        "confirm": roles.WRITE,
        "cancel": roles.WRITE,
    }

    def _on_delivery(self, levering_id: int, action):
        """Run a service action on a delivery the user may see, in its own transaction."""
        levering = _find_levering(levering_id)
        if levering is None:
            return self.response_404()

        def go():
            body = action(levering)
            return self.response(200, id=levering_id, **body)

        return self._run(go)

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def list_signals(self, project_id: int):
        """Signals of a project: a partner gets only its own.
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          - {in: query, name: page, schema: {type: integer}}
          - {in: query, name: page_size, schema: {type: integer}}
          - {in: query, name: postcode, schema: {type: string}}
          responses:
            200: {description: Signals}
            404: {description: Not found}
        """
        if db.session.get(Project, project_id) is None or not sscope.may_open(project_id, _scope()):
            return self.response_404()
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        rows, total = _signal_page(project_id, number, size)
        return self.response(200, count=total, result=[_signal_json(s) for s in rows])

    @expose("/project/<int:project_id>/levering", methods=["POST"])
    @protect()
    @safe
    def deliver(self, project_id: int):
        """Upload a delivery (multipart ``bestand``; project people add ``ketenpartner_id``).
        The response is the preview; nothing is stored until it is confirmed.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            201: {description: Delivery checked, waiting for confirmation}
            404: {description: Not found}
            422: {description: Refused}
        """
        if db.session.get(Project, project_id) is None or not sscope.may_open(project_id, _scope()):
            return self.response_404()

        def go():
            levering = _receive(project_id)
            return self.response(201, **_levering_json(levering))

        return self._run(go)

    @expose("/levering/<int:levering_id>", methods=["GET"])
    @protect()
    @safe
    def get_delivery(self, levering_id: int):
        """A delivery and its check.
        ---
        get:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200: {description: The delivery}
            404: {description: Not found}
        """
        levering = _find_levering(levering_id)
        if levering is None:
            return self.response_404()
        return self.response(200, **_levering_json(levering))

    @expose("/levering/<int:levering_id>/bevestig", methods=["POST"])
    @protect()
    @safe
    def confirm(self, levering_id: int):
        """Store the delivery's valid rows (one transaction).
        ---
        post:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200: {description: Stored}
            404: {description: Not found}
            422: {description: Refused}
        """
        return self._on_delivery(
            levering_id, lambda levering: {"opgeslagen": importer.confirm(levering)}
        )

    @expose("/levering/<int:levering_id>/annuleer", methods=["POST"])
    @protect()
    @safe
    def cancel(self, levering_id: int):
        """Cancel a delivery that was not confirmed.
        ---
        post:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200: {description: Cancelled}
            404: {description: Not found}
            422: {description: Refused}
        """

        def cancel(levering):
            importer.cancel(levering)
            return {"status": levering.status}

        return self._on_delivery(levering_id, cancel)


class KoppelingApi(_Api):
    resource_name = "koppeling"
    class_permission_name = roles.BESTANDSKOPPELING
    method_permission_name = {
        "overview": roles.READ,
        "override": roles.WRITE,
        "selection": roles.WRITE,
    }

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def overview(self, project_id: int):
        """The coupled overview (filters: meervoudig, min_partners, partner, postcode; sort).
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          - {in: query, name: page, schema: {type: integer}}
          - {in: query, name: page_size, schema: {type: integer}}
          - {in: query, name: min_partners, schema: {type: integer}}
          - {in: query, name: meervoudig, schema: {type: string}}
          - {in: query, name: partner, schema: {type: string}}
          - {in: query, name: postcode, schema: {type: string}}
          - {in: query, name: sort, schema: {type: string, enum: [partners, adres, signalen]}}
          responses:
            200: {description: One page of addresses}
            404: {description: Not found}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        lines, total = coupling.page(
            project_id, _filters(), request.args.get("sort", "partners"), number, size
        )
        return self.response(
            200,
            count=total,
            result=[
                {
                    **line.to_json(),
                    "aantal_partners": line.aantal_partners,
                    "risicos": [{"partner": c, "risico": r} for c, r in line.risicos or []],
                    "professioneel_oordeel": line.override,
                    "geselecteerd": line.geselecteerd,
                }
                for line in lines
            ],
        )

    @expose("/project/<int:project_id>/oordeel", methods=["POST"])
    @protect()
    @safe
    def override(self, project_id: int):
        """Judge a single-partner address of multiple interest: {adres, aan, reden}.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            200: {description: Recorded}
            404: {description: Not found}
            422: {description: Refused}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        data = self._json()

        def go():
            j = coupling.set_override(
                project_id,
                str(data.get("adres", "")),
                bool(data.get("aan", True)),
                str(data.get("reden") or ""),
                _user_id(),
            )
            return self.response(200, adres=j.adres_sleutel, oordeel=j.meervoudig_override)

        return self._run(go)

    @expose("/project/<int:project_id>/selectie", methods=["POST"])
    @protect()
    @safe
    def selection(self, project_id: int):
        """Select addresses for the casustafel (or take them off): {adressen: [...], aan}.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            200: {description: Selection changed}
            404: {description: Not found}
            422: {description: Refused}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        data = self._json()
        keys = data.get("adressen")

        def go():
            if not isinstance(keys, list):
                raise RuleViolation({"adressen": [str(_l("Geef een lijst met adressen."))]})
            n = coupling.select(
                project_id, [str(k) for k in keys], bool(data.get("aan", True)), _user_id()
            )
            return self.response(200, gewijzigd=n)

        return self._run(go)


VIEWS = [SignalenView, KoppelingView]
APIS = [SignalenApi, KoppelingApi]


def register(appbuilder) -> None:
    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in APIS:
        appbuilder.add_api(api)
