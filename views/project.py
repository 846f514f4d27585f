"""Project screens: the project page with its parts, and the partner's reduced view."""

from __future__ import annotations

import datetime as dt

from flask import abort, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fields import EnumField
from flask_appbuilder.models.sqla.filters import FilterEqualFunction
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms.validators import InputRequired

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Besluit,
    Document,
    Doelstelling,
    Gemeente,
    Project,
    Projectfase,
    ProjectPartner,
    Regio,
    Risico,
)
from models.keuzelijsten import BESLUIT_UITKOMSTEN
from portal import access, roles, workflow
from portal.extensions import db
from views.base import PortalModelView, ProjectChildView, user_may
from views.filters import HasRole, keep_choices
from views.labels import AVG_FIELDS, DESCRIPTIONS, LABELS
from views.navigation import safe_next
from views.panels import Section, panel_sections
from views.widgets import NativeSelect
from views.workflow import DecisionInterface


class _ParentPage:
    """A show page with related lists: under its parent a child's list leaves out the column
    pointing to that parent (every row would repeat the same project)."""

    def _get_related_view_widget(self, item, related_view, *args, **kwargs):
        widget = super()._get_related_view_widget(item, related_view, *args, **kwargs)
        fk = related_view.datamodel.get_related_fk(self.datamodel.obj)
        if widget is not None and fk:
            columns = widget.template_args["include_columns"]
            widget.template_args["include_columns"] = [c for c in columns if c != fk]
        return widget


class _Child(ProjectChildView):
    class_permission_name = roles.PROJECTINHOUD
    label_columns = LABELS
    description_columns = DESCRIPTIONS


class ProjectPartnerView(_Child):
    datamodel = SQLAInterface(ProjectPartner)
    list_title = _l("Partners in het project")
    add_title = _l("Partner toevoegen")
    edit_title = _l("Deelname bewerken")
    show_title = _l("Deelname")
    list_columns = [
        "project",
        "ketenpartner",
        "belang",
        "capaciteit_uren",
        "projectverantwoordelijk",
    ]
    add_columns = [
        "project",
        "ketenpartner",
        "belang",
        "capaciteit_uren",
        "contactpersoon",
        "projectverantwoordelijk",
    ]
    edit_columns = [
        "ketenpartner",
        "belang",
        "capaciteit_uren",
        "contactpersoon",
        "projectverantwoordelijk",
    ]
    show_columns = ["project", *edit_columns]
    search_columns = ["ketenpartner", "projectverantwoordelijk"]


class DoelstellingView(_Child):
    datamodel = SQLAInterface(Doelstelling)
    list_title = _l("Doelstellingen")
    add_title = _l("Doelstelling toevoegen")
    edit_title = _l("Doelstelling bewerken")
    show_title = _l("Doelstelling")
    list_columns = ["project", "doel", "indicator", "nulmeting", "streefwaarde", "eenmeting"]
    add_columns = [
        "project",
        "doel",
        "indicator",
        "eenheid",
        "nulmeting",
        "streefwaarde",
        "eenmeting",
    ]
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["doel", "indicator"]


class ActiviteitView(_Child):
    datamodel = SQLAInterface(Activiteit)
    list_title = _l("Activiteiten")
    add_title = _l("Activiteit toevoegen")
    edit_title = _l("Activiteit bewerken")
    show_title = _l("Activiteit")
    list_columns = ["project", "ketenpartner", "omschrijving"]
    add_columns = ["project", "ketenpartner", "omschrijving"]
    edit_columns = ["ketenpartner", "omschrijving"]
    show_columns = add_columns
    search_columns = ["ketenpartner", "omschrijving"]
    description_columns = {
        **DESCRIPTIONS,
        "ketenpartner": _l("Leeg laten voor een gezamenlijke activiteit."),
    }


class RisicoView(_Child):
    datamodel = SQLAInterface(Risico)
    list_title = _l("Projectrisico's")
    add_title = _l("Risico toevoegen")
    edit_title = _l("Risico bewerken")
    show_title = _l("Risico")
    list_columns = ["project", "risico", "beheersmaatregel"]
    add_columns = ["project", "risico", "beheersmaatregel"]
    edit_columns = ["risico", "beheersmaatregel"]
    show_columns = add_columns
    search_columns = ["risico"]


class ProjectfaseView(_Child):
    datamodel = SQLAInterface(Projectfase)
    list_title = _l("Fasen en planning")
    add_title = _l("Fase plannen")
    edit_title = _l("Fase bewerken")
    show_title = _l("Fase")
    list_columns = [
        "project",
        "fase",
        "gepland_start",
        "gepland_eind",
        "werkelijk_start",
        "werkelijk_eind",
    ]
    add_columns = list_columns
    edit_columns = list_columns[1:]
    show_columns = list_columns
    base_order = ("gepland_start", "asc")


class AvgPartnerrechtView(ProjectChildView):
    datamodel = SQLAInterface(AvgPartnerrecht)
    class_permission_name = roles.AVG
    related_column = "avg_registratie"
    label_columns = LABELS
    list_title = _l("Rechten per partner")
    add_title = _l("Recht toevoegen")
    edit_title = _l("Recht bewerken")
    show_title = _l("Recht per partner")
    list_columns = ["ketenpartner", "mag_leveren", "mag_bewerken", "mag_inzien"]
    add_columns = ["avg_registratie", *list_columns]
    edit_columns = list_columns
    show_columns = add_columns


class AvgRegistratieView(_ParentPage, _Child):
    datamodel = SQLAInterface(AvgRegistratie)
    class_permission_name = roles.AVG
    list_title = _l("AVG-registraties")
    add_title = _l("AVG-registratie opstellen")
    edit_title = _l("AVG-registratie bewerken")
    show_title = _l("AVG-registratie")
    list_columns = [
        "project",
        "status",
        "referentie",
        "dpia_nodig",
        "dpia_uitgevoerd",
        "datum_geregistreerd",
    ]
    _fields = AVG_FIELDS
    add_columns = ["project", *_fields]
    edit_columns = _fields
    show_fieldsets = [
        (_l("Verwerking (AVG art. 30 lid 1)"), {"fields": ["project", *_fields[:10]]}),
        (_l("Grondslag en status"), {"fields": _fields[10:]}),
    ]
    search_columns = ["status", "dpia_nodig", "referentie"]
    related_views = [AvgPartnerrechtView]
    show_template = "appbuilder/general/model/show_cascade.html"


def _project_arg() -> int | None:
    value = request.args.get("_flt_0_project", "")
    return int(value) if value.isdigit() else None


class _ChooseOne(EnumField):
    """A required choice that starts blank: the screen decides nothing for the user (a
    preselected first outcome, "Akkoord", was easily logged by mistake)."""

    widget = NativeSelect()  # as every other choice on the screens

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = [("", str(_l("Kies een uitkomst"))), *self.choices]


class BesluitView(_Child):
    datamodel = DecisionInterface(Besluit)
    class_permission_name = roles.BESLUIT
    list_title = _l("Besluiten")
    add_title = _l("Besluit vastleggen")
    show_title = _l("Besluit")
    list_columns = ["project", "datum", "orgaan", "onderwerp", "document", "uitkomst", "referentie"]
    add_columns = [
        "project",
        "orgaan",
        "onderwerp",
        "document",
        "datum",
        "uitkomst",
        "opmerkingen",
        "referentie",
        "corrigeert",
    ]
    show_columns = [*add_columns, "vastgelegd_door", "vastgelegd_op"]
    search_columns = ["orgaan", "onderwerp", "uitkomst", "datum"]
    base_order = ("datum", "desc")
    # Decisions are logged, never edited: a correction is a new decision.
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add"}
    # Only this project's documents and decisions are offered (short select boxes).
    add_form_query_rel_fields = {
        "document": [["project_id", FilterEqualFunction, _project_arg]],
        "corrigeert": [["project_id", FilterEqualFunction, _project_arg]],
    }
    description_columns = {
        "document": _l("De exacte documentversie waarover besloten is."),
        "corrigeert": _l("Alleen invullen als dit besluit een eerder besluit corrigeert."),
    }
    add_form_extra_fields = {
        "uitkomst": _ChooseOne(
            None, BESLUIT_UITKOMSTEN, label=LABELS["uitkomst"], validators=[InputRequired()]
        )
    }
    add_row_message = _l("Besluit vastgelegd")
    _PREFILL = ("orgaan", "onderwerp", "document")

    def _get_add_widget(self, form, exclude_cols=None, widgets=None):
        if request.method == "GET":
            if form._fields.get("datum") is not None and form.datum.data is None:
                form.datum.data = dt.date.today()  # most decisions are logged the same day
            for name in self._PREFILL:
                value = request.args.get(name)
                if value and name in form._fields:
                    form._fields[name].data = (
                        db.session.get(Document, int(value))
                        if name == "document" and value.isdigit()
                        else value
                    )
        return super()._get_add_widget(form, exclude_cols=exclude_cols, widgets=widgets)

    def pre_add(self, item):
        """Checked and stored by the use case (``DecisionInterface``), not here."""

    def post_add_redirect(self):
        """Back where the decision was logged from (the LSI queue, the project page), not to
        FAB's page history - that led to the home page."""
        project = _project_arg()
        fallback = (
            url_for("ProjectView.show", pk=project) if project else url_for("BesluitView.list")
        )
        return redirect(safe_next(fallback))


_PROJECT_FIELDS = {
    "algemeen": [
        "code",
        "naam",
        "regio",
        "gemeenten",
        "gericht_op",
        "projectgebied",
        "themas",
        "lsi_jaarthema",
        "initiatiefnemer",
        "fase",
    ],
    "probleem": [
        "aanleiding",
        "probleem_leefbaarheid",
        "probleem_veiligheid",
        "prioritering_draagvlak",
        "prioritering_flankerend_beleid",
        "prioritering_actualiteit",
    ],
    "aanpak": [
        "werkwijze",
        "gegevensverwerking",
        "communicatie",
        "begroting",
        "begroting_toelichting",
    ],
    "organisatie": [
        "projectleider",
        "rcf_adviseur",
        "analist",
        "bestuurlijk_verantwoordelijke",
        "registratienummer",
    ],
    "metingen": ["nulmeting", "eenmeting"],
    "evaluatie": ["evaluatie_knelpunten", "evaluatie_aanbevelingen"],
    # The collegebesluit and the raadsinformatiebrief in the municipal format (issue #18).
    "college": [
        "organisatieonderdeel",
        "voor_vragen_telefoon",
        "voor_vragen_email",
        "datum_college",
        "kernboodschap",
        "beoogd_resultaat",
        "beoogde_voordelen",
        "inzet_gemeente",
        "prioriteit_backoffice",
        "rcf_mede_projectleider",
        "vervolg",
        "gemeentesecretaris",
        "burgemeester",
        "datum_raadsinformatiebrief",
    ],
    "planning": [
        "datum_eerste_uitvraag",
        "datum_start_analyse",
        "datum_bijeenkomst_systeembeheerders",
        "datum_landelijke_uitvraag",
        "bewaartermijn_maanden",
    ],
}
_SECTIONS = [
    (_l("Projectgegevens"), "algemeen"),
    (_l("Aanleiding en probleemdefinitie"), "probleem"),
    (_l("Aanpak"), "aanpak"),
    (_l("Organisatie"), "organisatie"),
    (_l("Effectmeting"), "metingen"),
    (_l("Evaluatie"), "evaluatie"),
    (_l("Collegebesluit en raadsinformatiebrief"), "college"),
    (_l("Planning, termijnen en bewaren"), "planning"),
]
_EDITABLE = [f for _, key in _SECTIONS for f in _PROJECT_FIELDS[key] if f != "fase"]


# The project's parts as sections of its page: (related view, place, anchor, title). The
# features' panels take their places between them (``views.panels``).
_PARTS = [
    (ProjectPartnerView, 11, "partners", _l("Partners")),
    (DoelstellingView, 12, "doelstellingen", _l("Doelstellingen")),
    (ActiviteitView, 13, "activiteiten", _l("Activiteiten")),
    (RisicoView, 14, "risicos", _l("Risico's")),
    (ProjectfaseView, 15, "planning", _l("Planning")),
    (BesluitView, 17, "besluiten", _l("Besluiten")),
    (AvgRegistratieView, 18, "avg", _l("AVG-registratie")),
]


class _ProjectPage:
    """The project page: title with the edit button, a summary (phase, next gate, what it
    waits for and on whom), an in-page navigation and one section per part."""

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        pk = self._deserialize_pk_if_composite(pk)
        widgets = self._show(pk)  # 404 outside the user's scope
        project = db.session.get(Project, int(pk))
        if project is None:
            abort(404)
        parts = {view: (order, anchor, title) for view, order, anchor, title in _PARTS}
        sections = [
            Section(0, "gegevens", str(_l("Gegevens")), Markup(widgets["show"]()), heading=False),
            *panel_sections(project.id),
        ]
        for view, widget in zip(self._related_views, widgets.get("related_views", []), strict=True):
            order, anchor, title = parts.get(type(view), (19, type(view).__name__, view.list_title))
            sections.append(Section(order, anchor, str(title), Markup(widget(pk=pk))))
        sections.sort(key=lambda s: s.order)
        scope = access.current_scope()
        return self.render_template(
            self.show_template,
            pk=pk,
            title=self.show_title,
            project=project,
            sections=sections,
            summary=workflow.summary(project) if user_may(roles.READ, roles.FASERING) else None,
            may_edit=user_may(roles.WRITE, roles.PROJECT)
            and access.project_allowed(project.id, access.editable_projects(scope)),
            may_transition=user_may(roles.WRITE, roles.FASERING)
            and access.project_allowed(project.id, access.editable_projects(scope)),
        )


class ProjectView(_ProjectPage, _ParentPage, PortalModelView):
    datamodel = SQLAInterface(Project)
    class_permission_name = roles.PROJECT
    label_columns = LABELS
    description_columns = DESCRIPTIONS
    list_title = _l("Projecten")
    show_title = _l("Project")
    add_title = _l("Nieuw project")
    edit_title = _l("Project bewerken")
    list_columns = ["code", "naam", "regio", "fase", "projectleider", "gewijzigd_op"]
    search_columns = ["code", "naam", "fase", "regio", "themas", "initiatiefnemer"]
    add_columns = _EDITABLE
    edit_columns = _EDITABLE
    show_fieldsets = [(title, {"fields": _PROJECT_FIELDS[key]}) for title, key in _SECTIONS]
    add_fieldsets = [
        (title, {"fields": [f for f in _PROJECT_FIELDS[key] if f != "fase"]})
        for title, key in _SECTIONS
    ]
    edit_fieldsets = add_fieldsets
    base_order = ("gewijzigd_op", "desc")
    related_views = [
        ProjectPartnerView,
        DoelstellingView,
        ActiviteitView,
        RisicoView,
        ProjectfaseView,
        AvgRegistratieView,
        BesluitView,
    ]
    # Features add sections to this page through views.panels.register_panel.
    show_template = "project/show.html"
    edit_template = "appbuilder/general/model/edit_cascade.html"
    add_form_query_rel_fields = {
        "projectleider": [["id", HasRole, roles.PROJECTLEIDER]],
        "rcf_adviseur": [["id", HasRole, roles.RCF]],
    }
    edit_form_query_rel_fields = add_form_query_rel_fields

    @expose("/edit/<pk>", methods=["GET", "POST"])
    @has_access
    def edit(self, pk):
        item = self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters)
        if item is not None:
            # Its gemeenten and region stay choosable even when outside the editor's own.
            keep_choices(Gemeente, [gm.id for gm in item.gemeenten])
            keep_choices(Regio, [item.regio_id])
        return super().edit(pk)

    def pre_add(self, item):
        access.check_new_project(item)
        self._write_now(item, None)

    def post_add(self, item):
        g.new_project_id = item.id

    def post_add_redirect(self):
        """A new project opens on its own page, where its parts are added next - not FAB's
        page history, whose last page may be a row since deleted (a 404)."""
        pk = g.pop("new_project_id", None)
        if pk is None:
            return super().post_add_redirect()
        return redirect(url_for("ProjectView.show", pk=pk))

    def _check(self, item) -> None:
        """A new project is checked by ``check_new_project``; an edited one as any row."""
        if item.id is not None:
            super()._check(item)


class PartnerProjectView(_ProjectPage, PortalModelView):
    """What a ketenpartner sees of a project it takes part in: no budget, risks or AVG."""

    route_base = "/partnerproject"
    datamodel = SQLAInterface(Project)
    class_permission_name = roles.PARTNERPROJECT
    base_permissions = ["can_read"]
    label_columns = LABELS
    list_title = _l("Mijn projecten")
    show_title = _l("Project")
    list_columns = ["code", "naam", "fase", "projectleider"]
    show_columns = [
        "code",
        "naam",
        "fase",
        "gemeenten",
        "projectgebied",
        "themas",
        "werkwijze",
        "projectleider",
        "rcf_adviseur",
    ]
    search_columns = ["code", "naam", "fase"]
    # The feature panels decide per user what they show (signals, case work).
    show_template = "project/show.html"
