"""SQLAlchemy models, one module per domain concept. Importing this package registers them all."""

from models.activiteit import Activiteit
from models.adresbeoordeling import AdresBeoordeling
from models.adreskoppeling import Adreskoppeling
from models.apisleutel import Apisleutel
from models.auditrecord import AuditRecord
from models.avg_registratie import AvgPartnerrecht, AvgRegistratie
from models.base import Model, metadata
from models.besluit import Besluit
from models.bevinding import Bevinding
from models.bevindingcategorie import BevindingCategorie
from models.bijlage import Bijlage, BijlageVersie, IndieningBijlage
from models.brainstorm import Brainstorm
from models.capaciteitsinzet import Capaciteitsinzet
from models.casus import Casus, CasusPartner
from models.casustafel import Casustafel, CasustafelBespreking
from models.communicatie import Communicatie, CommunicatieAkkoord
from models.controle import Controle, ControleTeamlid
from models.controleadres import ControleAdres
from models.controleuitrusting import ControleUitrusting
from models.convenantartikel import Convenantartikel
from models.document import Document
from models.document_template import DocumentTemplate
from models.doelstelling import Doelstelling
from models.dossier import Dossier
from models.fasetransitie import Fasetransitie
from models.gebruikerskoppeling import Gebruikerskoppeling
from models.gemeente import Gemeente
from models.idempotentieverzoek import Idempotentieverzoek
from models.ivt_aanvraag import IvtAanvraag
from models.journaalregel import Journaalregel
from models.ketenpartner import Ketenpartner
from models.koppelingstand import Koppelingstand
from models.kostenpost import Kostenpost
from models.leerpunt import Leerpunt
from models.mailbericht import Mailbericht
from models.mailvoorkeur import Mailvoorkeur
from models.meting import Meting
from models.oa_intake import OaIntake
from models.opvolgactie import Opvolgactie
from models.opvolgtype import Opvolgtype
from models.project import Project
from models.projectfase import Projectfase
from models.projectpartner import ProjectPartner
from models.regio import Regio
from models.reviewronde import Partnerreview, Reviewronde
from models.risico import Risico
from models.sessieversie import sessieversie  # noqa: F401  (Core table, portal.sessions)
from models.signaal import Signaal
from models.signaallevering import Signaallevering
from models.taak import Taak
from models.thema import Thema
from models.uitkomst import Uitkomst
from models.uitkomstsoort import Uitkomstsoort
from models.uitvraagitem import Uitvraagitem
from models.vergadering import Vergadering
from models.verrijkingsverzoek import Verrijkingsantwoord, Verrijkingsverzoek

__all__ = [
    "Activiteit",
    "AdresBeoordeling",
    "Adreskoppeling",
    "Apisleutel",
    "AuditRecord",
    "AvgPartnerrecht",
    "AvgRegistratie",
    "Besluit",
    "Bijlage",
    "BijlageVersie",
    "IndieningBijlage",
    "Brainstorm",
    "IvtAanvraag",
    "Vergadering",
    "Bevinding",
    "BevindingCategorie",
    "Casus",
    "CasusPartner",
    "Casustafel",
    "CasustafelBespreking",
    "Controle",
    "ControleTeamlid",
    "ControleAdres",
    "ControleUitrusting",
    "Convenantartikel",
    "Doelstelling",
    "Communicatie",
    "CommunicatieAkkoord",
    "Kostenpost",
    "Meting",
    "Uitkomst",
    "Uitkomstsoort",
    "Document",
    "DocumentTemplate",
    "Fasetransitie",
    "Gebruikerskoppeling",
    "Gemeente",
    "Idempotentieverzoek",
    "Journaalregel",
    "Ketenpartner",
    "Koppelingstand",
    "Mailbericht",
    "Mailvoorkeur",
    "Model",
    "OaIntake",
    "Opvolgactie",
    "Opvolgtype",
    "Capaciteitsinzet",
    "Verrijkingsantwoord",
    "Verrijkingsverzoek",
    "Dossier",
    "Leerpunt",
    "Project",
    "Projectfase",
    "ProjectPartner",
    "Partnerreview",
    "Regio",
    "Reviewronde",
    "Risico",
    "Signaal",
    "Signaallevering",
    "Taak",
    "Thema",
    "Uitvraagitem",
    "metadata",
]
