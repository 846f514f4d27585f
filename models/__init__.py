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
from models.casus import Casus, CasusPartner
from models.casustafel import Casustafel, CasustafelBespreking
from models.controle import Controle, ControleTeamlid
from models.convenantartikel import Convenantartikel
from models.document import Document
from models.document_template import DocumentTemplate
from models.doelstelling import Doelstelling
from models.fasetransitie import Fasetransitie
from models.gebruikerskoppeling import Gebruikerskoppeling
from models.gemeente import Gemeente
from models.idempotentieverzoek import Idempotentieverzoek
from models.journaalregel import Journaalregel
from models.ketenpartner import Ketenpartner
from models.koppelingstand import Koppelingstand
from models.mailbericht import Mailbericht
from models.mailvoorkeur import Mailvoorkeur
from models.opvolgactie import Opvolgactie
from models.project import Project
from models.projectfase import Projectfase
from models.projectpartner import ProjectPartner
from models.regio import Regio
from models.risico import Risico
from models.sessieversie import sessieversie  # noqa: F401  (Core table, portal.sessions)
from models.signaal import Signaal
from models.signaallevering import Signaallevering
from models.taak import Taak

__all__ = [
    "Activiteit",
    "AdresBeoordeling",
    "Adreskoppeling",
    "Apisleutel",
    "AuditRecord",
    "AvgPartnerrecht",
    "AvgRegistratie",
    "Besluit",
    "Bevinding",
    "BevindingCategorie",
    "Casus",
    "CasusPartner",
    "Casustafel",
    "CasustafelBespreking",
    "Controle",
    "ControleTeamlid",
    "Convenantartikel",
    "Doelstelling",
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
    "Opvolgactie",
    "Project",
    "Projectfase",
    "ProjectPartner",
    "Regio",
    "Risico",
    "Signaal",
    "Signaallevering",
    "Taak",
    "metadata",
]
