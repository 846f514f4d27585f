"""SQLAlchemy models, one module per domain concept. Importing this package registers them all."""

from models.activiteit import Activiteit
from models.auditrecord import AuditRecord
from models.avg_registratie import AvgPartnerrecht, AvgRegistratie
from models.base import Model, metadata
from models.besluit import Besluit
from models.convenantartikel import Convenantartikel
from models.document import Document
from models.document_template import DocumentTemplate
from models.doelstelling import Doelstelling
from models.fasetransitie import Fasetransitie
from models.gebruikerskoppeling import Gebruikerskoppeling
from models.gemeente import Gemeente
from models.ketenpartner import Ketenpartner
from models.project import Project
from models.projectfase import Projectfase
from models.projectpartner import ProjectPartner
from models.regio import Regio
from models.risico import Risico

__all__ = [
    "Activiteit",
    "AuditRecord",
    "AvgPartnerrecht",
    "AvgRegistratie",
    "Besluit",
    "Convenantartikel",
    "Doelstelling",
    "Document",
    "DocumentTemplate",
    "Fasetransitie",
    "Gebruikerskoppeling",
    "Gemeente",
    "Ketenpartner",
    "Model",
    "Project",
    "Projectfase",
    "ProjectPartner",
    "Regio",
    "Risico",
    "metadata",
]
