"""The portal's roles and what each may do - the one place where rights are declared.

Permissions are (action, resource). Views and APIs map their methods onto the actions
``read``/``write``/``delete`` and share a resource name, so a role's rights are the same on
screen and API. Row-level rules (which projects) live in ``portal.access``.
"""

from __future__ import annotations

BEHEERDER = "Beheerder"
PROJECTLEIDER = "Projectleider"
RCF = "RCF"
SECRETARIS = "Secretaris LSI"
KETENPARTNER = "Ketenpartner"
PRIVACY = "Privacyfunctionaris"
PUBLIC = "Public"

ALL_ROLES = (BEHEERDER, PROJECTLEIDER, RCF, SECRETARIS, KETENPARTNER, PRIVACY)

# Resources (FAB "view menus") shared by a ModelView and its ModelRestApi.
PROJECT = "Project"
PROJECTINHOUD = "Projectinhoud"  # partners, goals, activities, risks, phases of a project
PARTNERPROJECT = "Partnerproject"  # the partner's reduced view of a project
AVG = "AvgRegistratie"
BESLUIT = "Besluit"
STAMGEGEVENS = "Stamgegevens"  # regions, municipalities, partners, covenant articles
KOPPELING = "Gebruikerskoppeling"
FASERING = "Fasering"  # phase page, transitions and deadlines of projects
WACHTRIJ = "Wachtrij LSI"  # the secretary's queue of documents before the LSI
GESCHIEDENIS = "Geschiedenis"  # history of one record (row rights checked per record)
AUDITLOG = "Auditlog"  # the whole audit trail
BEWAARTERMIJNEN = "Bewaartermijnen"  # AVG retention: what is due, what was removed
DOCUMENT = "Document"  # generated documents (who may download what: portal.documents.service)
SJABLOON = "Sjabloon"  # document template versions (Beheerder)
# Casework (portal.casework); which rows a ketenpartner sees is decided per row there.
CASUS = "Casus"  # cases, casustafels, controls and findings
OPVOLGING = "Opvolging"  # follow-up actions (partners complete their own)
JOURNAAL = "Journaal"  # the append-only case journal (nobody may change or delete entries)
RESULTATEN = "Resultaten"  # results and effect measurement of a project
BEVINDINGCATEGORIE = "Bevindingcategorie"  # managed list of finding categories (Beheerder)
# Issue #19 parts 2, 4, 7 (rows decided in portal.casework.capacity/enrichment/lessons).
OPVOLGTYPE = "Opvolgtype"  # managed list of follow-up types (Beheerder)
CAPACITEIT = "Capaciteit"  # hours per partner per month (partners enter their own)
VERRIJKING = "Verrijking"  # enrichment requests before a casustafel (partners answer their own)
LEERPUNT = "Leerpunt"  # lessons learned per control and casustafel
# Signals (portal.signals): a ketenpartner reads and delivers only its own (per row there).
SIGNAAL = "Signaal"
BESTANDSKOPPELING = "Bestandskoppeling"  # the coupled overview and judgements per address
HELP = "Help"  # the user guide (views/help.py)
TAAK = "Taak"  # background jobs: each user follows their own (views/jobs.py)
MELDINGEN = "Meldingen"  # one's own e-mail notification settings (views/preferences.py)
MAILLOG = "Verzonden e-mails"  # the log of sent notifications (Beheerder only)
APISLEUTELS = "API-sleutels"  # partners' systems' keys (Beheerder only; portal.api_keys)
VERGADERING = "Vergaderkalender"  # meetings of the VBG LSI and the LSI (the secretaris keeps)
# press releases, outcomes with amounts, expenses, questionnaire measurements (issue #19);
# partners see them aggregated on the results page (RESULTATEN), not row by row
RESULTAATWERK = "Resultaatregistratie"
UITKOMSTSOORT = "Uitkomstsoort"  # managed list of outcome types (Beheerder)
BIJLAGE = "Bijlage"  # project attachments (who may download what: portal.attachments.store)
REVIEW = "Partnerreview"  # review rounds on a document version (rows: portal.review)

READ, WRITE, DELETE = "read", "write", "delete"

R, RW, RWD = (READ,), (READ, WRITE), (READ, WRITE, DELETE)

# Rights are composed from blocks, so the roles that share work share one declaration.
# What every signed-in role reads: the user guide.
EVERYONE: dict[str, tuple[str, ...]] = {HELP: R, TAAK: R, MELDINGEN: RW}
# Everyone who reads projects' content (results, documents, history, phases, master data).
PROJECT_READER: dict[str, tuple[str, ...]] = {
    **EVERYONE,
    RESULTATEN: R,
    DOCUMENT: R,
    GESCHIEDENIS: R,
    FASERING: R,
    PROJECT: R,
    PROJECTINHOUD: R,
    STAMGEGEVENS: R,
    VERGADERING: R,
    BIJLAGE: R,
    REVIEW: R,
    CAPACITEIT: R,
    LEERPUNT: R,
    RESULTAATWERK: R,
}
# The project staff - gemeentelijk projectleider and RCF adviseur - run the project together
# (DOMAIN.md "People": the RCF co-edits); which projects each one has is portal.access's.
PROJECT_STAFF: dict[str, tuple[str, ...]] = {
    **PROJECT_READER,
    RESULTAATWERK: RWD,
    SIGNAAL: RW,
    BESTANDSKOPPELING: RW,
    CASUS: RW,
    OPVOLGING: RW,
    JOURNAAL: RW,
    DOCUMENT: RW,
    FASERING: RW,
    PROJECT: RW,
    PROJECTINHOUD: RWD,
    AVG: RW,
    BESLUIT: RW,
    BIJLAGE: RW,
    REVIEW: RW,
    CAPACITEIT: RW,
    VERRIJKING: RW,
    LEERPUNT: RW,
}

# Beheerder gets every permission through FAB's AUTH_ROLE_ADMIN; listed here for the docs.
ROLE_RIGHTS: dict[str, dict[str, tuple[str, ...]]] = {
    PROJECTLEIDER: PROJECT_STAFF,
    RCF: PROJECT_STAFF,
    # Reads what was put before the LSI and logs its decisions; edits no project content.
    SECRETARIS: {**PROJECT_READER, WACHTRIJ: R, BESLUIT: RW, VERGADERING: RWD},
    # Its own signals and the cases it takes part in (rows decided in portal.casework/signals).
    KETENPARTNER: {
        **EVERYONE,
        SIGNAAL: RW,
        CASUS: R,
        OPVOLGING: RW,
        JOURNAAL: RW,
        RESULTATEN: R,
        PARTNERPROJECT: R,
        STAMGEGEVENS: R,
        REVIEW: RW,  # the document versions put to its organisation for review
        CAPACITEIT: RW,  # its own hours only
        VERRIJKING: RW,  # its own answers only
        LEERPUNT: R,  # of the controls and casustafels it takes part in
    },
    # Reads everything an AVG review needs; keeps the registrations and the retention.
    PRIVACY: {
        **PROJECT_READER,
        CASUS: R,
        AUDITLOG: R,
        BEWAARTERMIJNEN: RW,
        AVG: RW,
        BESLUIT: R,
        VERRIJKING: R,
    },
}

# Self-service screens every signed-in user needs (FAB's own permission names).
SELF_SERVICE = (
    ("can_userinfo", "UserDBModelView"),
    ("can_userinfoedit", "UserDBModelView"),
    ("resetmypassword", "UserDBModelView"),
    ("can_this_form_get", "ResetMyPasswordView"),
    ("can_this_form_post", "ResetMyPasswordView"),
    ("can_this_form_get", "UserInfoEditView"),
    ("can_this_form_post", "UserInfoEditView"),
    # The API's description and its Swagger UI: every API user reads them (issue #17); each
    # sees only the operations he may call (portal.openapi._only_callable).
    ("can_get", "OpenApi"),
    ("can_show", "SwaggerView"),
)

VIEW_METHODS = {
    "list": READ,
    "show": READ,
    "download": READ,
    "add": WRITE,
    "edit": WRITE,
    "delete": DELETE,
    "action": WRITE,
    "action_post": WRITE,
}
API_METHODS = {
    "get_list": READ,
    "get": READ,
    "info": READ,
    "post": WRITE,
    "put": WRITE,
    "delete": DELETE,
}


def permission_name(action: str) -> str:
    return f"can_{action}"
