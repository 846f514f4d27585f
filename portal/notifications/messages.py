"""The text of each notification: subject, a sentence or two, a few facts and one link.

Only what the notification needs: the project's code and name, the kind, a date, a phase or a
body - never a resident's address, name or finding, and never the text of an action
(``omschrijving``/``resultaat``): the reader follows the link and signs in to see more.
Rendered inside ``force_locale`` by the sender, so every string is in the recipient's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, url_for
from flask_babel import gettext as _

from models import Project
from portal import formatting, process
from portal.notifications import kinds


@dataclass
class Message:
    soort: str
    subject: str
    intro: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    link_label: str = ""
    link: str = ""

    def text(self) -> str:
        return render_template("notifications/mail.txt", items=[self], digest=None, **_common())

    def html(self) -> str:
        return render_template("notifications/mail.html", items=[self], digest=None, **_common())


def _common() -> dict[str, str]:
    return {
        "preferences_link": url_for("MeldingenView.index", _external=True),
        "lang": formatting.current_locale(),
    }


def _project_facts(project: Project | None) -> list[tuple[str, str]]:
    if project is None:
        return []
    return [(_("Project"), f"{project.code} – {project.naam}")]


def compose(soort: str, data: dict, project: Project | None) -> Message:
    """One notification's message, in the current (forced) locale."""
    code = project.code if project else "–"
    pid = project.id if project else 0
    facts = _project_facts(project)
    deadline = formatting.datum(data.get("deadline"))
    if soort == kinds.TOEGEWEZEN:
        return Message(
            soort,
            _("Nieuwe opvolgactie voor u in %(code)s", code=code),
            _(
                "Er is een opvolgactie aan u toegewezen. Wat er moet gebeuren, leest u in het "
                "portaal."
            ),
            [*facts, (_("Deadline"), deadline)],
            _("Bekijk uw acties"),
            url_for("OpvolgingView.mine", _external=True),
        )
    if soort == kinds.HERINNERING:
        return Message(
            soort,
            _("Herinnering: uw actie in %(code)s moet af op %(datum)s", code=code, datum=deadline),
            _("De deadline van een opvolgactie die bij u ligt, komt dichtbij."),
            [*facts, (_("Deadline"), deadline)],
            _("Bekijk uw acties"),
            url_for("OpvolgingView.mine", _external=True),
        )
    if soort == kinds.VERLOPEN:
        return Message(
            soort,
            _("Deadline verstreken: uw actie in %(code)s (%(datum)s)", code=code, datum=deadline),
            _(
                "De deadline van een opvolgactie die bij u ligt, is verstreken. Rond de actie af "
                "of spreek een nieuwe termijn af."
            ),
            [*facts, (_("Deadline"), deadline)],
            _("Bekijk uw acties"),
            url_for("OpvolgingView.mine", _external=True),
        )
    if soort == kinds.ESCALATIE:
        dagen = int(data.get("dagen") or 0)
        return Message(
            soort,
            _("Escalatie: een actie in %(code)s is %(n)s dagen te laat", code=code, n=dagen),
            _(
                "Een opvolgactie in uw project staat %(n)s dagen na de deadline nog open. U "
                "krijgt dit bericht als projectleider.",
                n=dagen,
            ),
            [*facts, (_("Deadline"), deadline)],
            _("Bekijk de opvolging van het project"),
            url_for("OpvolgingView.partners", project_id=pid, _external=True),
        )
    if soort == kinds.INGEDIEND:
        orgaan = data.get("orgaan") or ""
        soort_doc = formatting.label(data.get("soort"))
        link = (
            url_for("WachtrijView.queue", _external=True)
            if orgaan == process.LSI
            else url_for("DocumentenView.project", project_id=pid, _external=True)
        )
        return Message(
            soort,
            _(
                "%(soort)s versie %(v)s van %(code)s is ingediend bij %(orgaan)s",
                soort=soort_doc.capitalize(),
                v=data.get("versie"),
                code=code,
                orgaan=formatting.label(orgaan),
            ),
            _(
                "Er wacht een document op een besluit van %(orgaan)s.",
                orgaan=formatting.label(orgaan),
            ),
            [*facts, (_("Document"), f"{soort_doc} v{data.get('versie')}")],
            _("Open het document in het portaal"),
            link,
        )
    if soort == kinds.BESLUIT:
        return Message(
            soort,
            _(
                "Besluit %(orgaan)s over %(code)s: %(uitkomst)s",
                orgaan=formatting.label(data.get("orgaan")),
                code=code,
                uitkomst=formatting.label(data.get("uitkomst")),
            ),
            _("Er is een besluit vastgelegd over uw project."),
            [
                *facts,
                (_("Onderwerp"), formatting.label(data.get("onderwerp"))),
                (_("Datum besluit"), formatting.datum(data.get("datum"))),
            ],
            _("Bekijk de fasering van het project"),
            url_for("FaseringView.project", project_id=pid, _external=True),
        )
    if soort == kinds.POORT:
        naar = formatting.label(data.get("naar"))
        return Message(
            soort,
            _("%(code)s kan naar de fase %(fase)s", code=code, fase=naar),
            _(
                "Aan alle voorwaarden voor de overgang naar %(fase)s is voldaan. De overgang kan "
                "nu worden vastgelegd.",
                fase=naar,
            ),
            facts,
            _("Bekijk de fasering van het project"),
            url_for("FaseringView.project", project_id=pid, _external=True),
        )
    if soort == kinds.FASE:
        naar = formatting.label(data.get("naar"))
        return Message(
            soort,
            _("%(code)s is nu in de fase %(fase)s", code=code, fase=naar),
            _(
                "Het project is van %(van)s naar %(fase)s gegaan.",
                van=formatting.label(data.get("van")),
                fase=naar,
            ),
            facts,
            _("Bekijk de fasering van het project"),
            url_for("FaseringView.project", project_id=pid, _external=True),
        )
    if soort == kinds.TERMIJN:
        late = bool(data.get("te_laat"))
        subject = (
            _(
                "De eindrapportage van %(code)s is te laat (uiterlijk %(datum)s)",
                code=code,
                datum=deadline,
            )
            if late
            else _(
                "De eindrapportage van %(code)s moet uiterlijk %(datum)s worden aangeboden",
                code=code,
                datum=deadline,
            )
        )
        return Message(
            soort,
            subject,
            _(
                "De eindrapportage wordt binnen 3 maanden na het einde van de operationele fase "
                "aangeboden. U krijgt dit bericht als projectleider of RCF-adviseur."
            ),
            [*facts, (_("Uiterlijk"), deadline)],
            _("Bekijk de documenten van het project"),
            url_for("DocumentenView.project", project_id=pid, _external=True),
        )
    raise ValueError(soort)


def digest(items: list[Message]) -> tuple[str, str, str]:
    """The weekly digest: every item's subject and link in one mail."""
    subject = _("Weekoverzicht van uw meldingen (%(n)s)", n=len(items))
    ctx = {"items": items, "digest": subject, **_common()}
    return (
        subject,
        render_template("notifications/mail.txt", **ctx),
        render_template("notifications/mail.html", **ctx),
    )
