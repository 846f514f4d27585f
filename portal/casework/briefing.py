"""The briefing of a planned control, for the team: a .docx rendered by the documents
feature's sandboxed renderer (limits, nl-NL, title and author: ``portal.documents.render``).

What it says about residents is what the case-work screens show a partner: the address and
the case reference, with the risk assessment of the address. No names, no casustafel
deliberations (afweging, reasons for police assistance), no partner notes, no findings. A
partner who downloads it gets only the addresses of its own cases (``planning.
visible_addresses``), as on the screen.

The template is built here from the shipped templates' building blocks
(``portal.documents.layout``) and kept as ``doc_templates/briefing.docx``; ``write_template``
rewrites it.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path

from docx import Document as Docx
from docx.shared import Cm, Pt

from models import Controle
from models.controle import GEPLAND
from portal.access import Scope
from portal.casework import planning
from portal.documents import formatting as fmt
from portal.documents import layout, properties
from portal.documents.render import render

TITEL = "Briefing controle"
TEMPLATE = Path(__file__).resolve().parents[2] / "doc_templates" / "briefing.docx"

_RISKS = (
    ("agressie", "bekende agressie"),
    ("wapens", "wapens"),
    ("honden", "honden"),
    ("kwetsbare_bewoners", "kwetsbare bewoners"),
)


def build_template() -> Docx:
    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = layout.FONT
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Subtitle"):
        doc.styles[name].font.name = layout.FONT
        doc.styles[name].font.color.rgb = layout.ACCENT
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = "{{ document.titel }} {{ controle.datum }} – {{ project.code }} – vertrouwelijk"
    header.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.add_run("Gegenereerd op {{ document.datum }} – pagina ")
    layout._field(footer, "PAGE")
    for run in footer.runs:
        run.font.size = Pt(9)

    doc.add_paragraph(
        "{{ document.titel }}: {{ controle.soort }} {{ controle.datum }}", style="Title"
    )
    doc.add_paragraph("{{ project.naam }} ({{ project.code }})", style="Subtitle")
    layout._kv(
        doc,
        [
            ("Datum en aanvang", "{{ controle.datum }}, {{ controle.aanvang }} uur"),
            ("Status", "{{ controle.status }}"),
            ("Doel van de controle", "{{ controle.doel }}"),
            ("Politie-inzet van de avond", "{{ controle.inzet }}"),
            ("Politie-inzet afgesproken", "{{ controle.politie_afgesproken }}"),
            ("Lokale politie geïnformeerd", "{{ controle.politie_geinformeerd }}"),
        ],
    )
    doc.add_paragraph("{%p if open_punten %}")
    doc.add_paragraph("Nog open vóór de controle:").runs[0].bold = True
    doc.add_paragraph("{%p for p in open_punten %}")
    doc.add_paragraph("• {{ p }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("1. Team en rollen", level=1)
    layout._table(
        doc,
        ["Partner", "Rol"],
        "team",
        "t",
        ["{{ t.partner }}", "{{ t.rol }}"],
        [10.0, 6.0],
        "Er is nog geen team samengesteld.",
    )
    doc.add_heading("2. Adressen en risicobeoordeling", level=1)
    doc.add_paragraph(
        "Per adres alleen het adres en de casusreferentie (convenant); de risicobeoordeling "
        "stelt de politie-inzet voor: agressie of wapens – politie aanwezig; honden of "
        "kwetsbare bewoners – politie stand-by; anders geen."
    )
    layout._table(
        doc,
        ["Nr.", "Adres en casus", "Risico's", "Indeling en uitgangen", "Politie-inzet"],
        "adressen",
        "a",
        [
            "{{ a.nr }}",
            "{{ a.adres }} ({{ a.casus }})",
            "{{ a.risicos }}{% if a.toelichting %} – {{ a.toelichting }}{% endif %}",
            "{{ a.indeling }}",
            "Voorstel: {{ a.voorstel }}; gekozen: {{ a.inzet }}"
            "{% if a.reden %} (reden: {{ a.reden }}){% endif %}",
        ],
        [1.0, 4.0, 4.0, 3.5, 3.5],
        "Er staan (voor u) geen adressen op de planning.",
    )
    doc.add_heading("3. Calamiteitenplan", level=1)
    layout._kv(
        doc,
        [
            ("Verzamelpunt", "{{ controle.verzamelpunt }}"),
            ("Wie belt wie", "{{ controle.belschema }}"),
            ("Bij direct gevaar", "Bel 112 en meld u bij de teamleider; verlaat het pand."),
        ],
    )
    doc.add_heading("4. Uitrusting", level=1)
    layout._table(
        doc,
        ["Onderdeel", "Gereed"],
        "uitrusting",
        "u",
        ["{{ u.item }}", "{{ u.gereed }}"],
        [12.0, 4.0],
        "Er staat geen uitrusting op de checklist.",
    )
    properties.apply(
        doc,
        properties.Properties(title=f"Sjabloon {TITEL}", author=properties.PORTAL, category=TITEL),
    )
    return doc


def write_template(path: Path = TEMPLATE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    build_template().save(path)
    return path


@lru_cache(maxsize=1)
def template() -> bytes:
    if TEMPLATE.exists():
        return TEMPLATE.read_bytes()
    out = io.BytesIO()
    build_template().save(out)
    return out.getvalue()


def context(controle: Controle, scope: Scope, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    addresses = planning.visible_addresses(controle, scope)
    return {
        "document": {"titel": TITEL, "datum": fmt.datum(today)},
        "project": {"code": controle.project.code, "naam": controle.project.naam},
        "controle": {
            "datum": fmt.datum(controle.datum),
            "aanvang": controle.aanvang.strftime("%H:%M") if controle.aanvang else "–",
            "soort": controle.soort.lower(),
            "status": controle.status,
            "doel": fmt.tekst(controle.doel, "doel"),
            # the evening's inzet from every address, also those a partner does not see
            "inzet": planning.evening_inzet(controle.planadressen),
            "politie_afgesproken": fmt.ja_nee(controle.politie_afgesproken),
            "politie_geinformeerd": fmt.ja_nee(controle.politie_geinformeerd),
            "verzamelpunt": fmt.tekst(controle.verzamelpunt, "verzamelpunt"),
            "belschema": fmt.tekst(controle.belschema, "wie belt wie"),
        },
        "open_punten": planning.open_points(controle) if controle.status == GEPLAND else [],
        "team": [{"partner": t.ketenpartner.naam, "rol": t.rol} for t in controle.team],
        "adressen": [
            {
                "nr": i,
                "adres": a.casus.adres,
                "casus": f"casus {a.casus_id}",
                "risicos": (
                    ", ".join(label for name, label in _RISKS if getattr(a, name))
                    or "geen bekende risico's"
                )
                if a.beoordeeld_op
                else "nog niet beoordeeld",
                "toelichting": a.toelichting or "",
                "indeling": a.indeling or "–",
                "voorstel": planning.proposal_of(a),
                "inzet": planning.chosen_inzet(a),
                "reden": a.inzet_reden or "",
            }
            for i, a in enumerate(addresses, 1)
        ],
        "uitrusting": [
            {"item": u.item, "gereed": fmt.ja_nee(u.gereed)} for u in controle.uitrusting
        ],
    }


def render_briefing(controle: Controle, scope: Scope) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the briefing as this user may see it."""
    data = render(template(), context(controle, scope))
    return f"{controle.project.code}-briefing-controle-{controle.datum:%Y%m%d}.docx", data
