"""Controls (action days/evenings) and their findings."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import (
    Bevinding,
    BevindingCategorie,
    Casus,
    Controle,
    ControleTeamlid,
    ProjectPartner,
)
from models.casus import BESPROKEN, GECONTROLEERD, IN_ONDERZOEK
from models.controle import CONTROLE_SOORTEN, TEAMROLLEN, UITGEVOERD
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db, use_case

# Only cases the casustafel took up jointly are visited by the team.
VISITABLE = (BESPROKEN, IN_ONDERZOEK, GECONTROLEERD)


def _project_partners(project_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(ProjectPartner.ketenpartner_id).where(ProjectPartner.project_id == project_id)
        )
    )


def check_team(project_id: int, team: list[tuple[int, str]], errors: dict[str, list[str]]) -> None:
    """Partners of the project, known roles, one of them leads (recorded and planned alike)."""
    allowed = _project_partners(project_id)
    if not team:
        errors["team"] = [str(_l("Stel het team samen (partners en rollen)."))]
    for kp, rol in team:
        if kp not in allowed:
            errors.setdefault("team", []).append(
                str(_l("Alleen partners van het project kunnen in het team."))
            )
        if rol not in TEAMROLLEN:
            errors.setdefault("team", []).append(str(_l("Onbekende rol: %(rol)s", rol=rol)))
    if team and "Leiding" not in {r for _, r in team}:
        errors.setdefault("team", []).append(str(_l("Wijs een partner aan die de leiding heeft.")))


def visitable_cases(
    project_id: int, casus_ids: list[int], errors: dict[str, list[str]]
) -> list[Casus]:
    """The project's cases among ``casus_ids``; one not taken up jointly is an error."""
    casussen = list(
        db.session.scalars(
            sa.select(Casus)
            .where(Casus.id.in_(casus_ids or []), Casus.project_id == project_id)
            .order_by(Casus.adres_sleutel)
        )
    )
    for c in casussen:
        if c.status not in VISITABLE:
            errors.setdefault("adressen", []).append(
                str(
                    _l(
                        "%(adres)s heeft status %(status)s; alleen besproken casussen worden "
                        "gecontroleerd.",
                        adres=c.adres,
                        status=c.status,
                    )
                )
            )
    return casussen


@use_case
def create_control(
    project_id: int,
    datum: dt.date | None,
    soort: str,
    casus_ids: list[int],
    team: list[tuple[int, str]],
    personen_aangetroffen: int = 0,
    noodplan: bool = False,
    risicoanalyse: bool = False,
    acties_ter_plaatse: str | None = None,
    opmerkingen: str | None = None,
) -> Controle:
    cscope.check_editable(project_id)
    errors: dict[str, list[str]] = {}
    if datum is None:
        errors["datum"] = [str(_l("Vul de datum van de controle in."))]
    elif datum > dt.date.today() + dt.timedelta(days=1):
        errors["datum"] = [str(_l("Leg een controle vast nadat ze is gehouden."))]
    if soort not in CONTROLE_SOORTEN:
        errors["soort"] = [str(_l("Kies actiedag of actieavond."))]
    if personen_aangetroffen is None or personen_aangetroffen < 0:
        errors["personen_aangetroffen"] = [str(_l("Vul een aantal van 0 of hoger in."))]
    casussen = visitable_cases(project_id, casus_ids, errors)
    if not casussen:
        errors["adressen"] = [str(_l("Kies de bezochte adressen (casussen)."))]
    check_team(project_id, team, errors)
    if errors:
        raise RuleViolation(errors)
    controle = Controle(
        project_id=project_id,
        datum=datum,
        soort=soort,
        noodplan=bool(noodplan),
        risicoanalyse=bool(risicoanalyse),
        personen_aangetroffen=int(personen_aangetroffen),
        acties_ter_plaatse=(acties_ter_plaatse or "").strip() or None,
        opmerkingen=(opmerkingen or "").strip() or None,
        adressen=casussen,
        status=UITGEVOERD,
    )
    db.session.add(controle)
    for kp, rol in team:
        controle.team.append(ControleTeamlid(project_id=project_id, ketenpartner_id=kp, rol=rol))
    for c in casussen:
        if c.status in (BESPROKEN, IN_ONDERZOEK):
            c.status = GECONTROLEERD
    db.session.flush()
    return controle


@use_case
def add_finding(
    controle: Controle,
    categorie_id: int | None,
    casus_id: int | None,
    ketenpartner_id: int | None,
    omschrijving: str | None,
) -> Bevinding:
    cscope.check_editable(controle.project_id)
    errors: dict[str, list[str]] = {}
    categorie = db.session.get(BevindingCategorie, categorie_id) if categorie_id else None
    if controle.status != UITGEVOERD:
        errors["controle"] = [str(_l("Leg bevindingen vast nadat de controle is gehouden."))]
    if categorie is None or not categorie.actief:
        errors["categorie"] = [str(_l("Kies een categorie."))]
    if casus_id is not None and casus_id not in {c.id for c in controle.adressen}:
        errors["casus"] = [str(_l("Kies een adres dat bij deze controle is bezocht."))]
    if ketenpartner_id is not None and ketenpartner_id not in _project_partners(
        controle.project_id
    ):
        errors["ketenpartner"] = [str(_l("Deze partner neemt niet deel aan het project."))]
    if errors:
        raise RuleViolation(errors)
    finding = Bevinding(
        project_id=controle.project_id,
        controle=controle,
        casus_id=casus_id,
        categorie=categorie,
        ketenpartner_id=ketenpartner_id,
        omschrijving=(omschrijving or "").strip() or None,
    )
    db.session.add(finding)
    db.session.flush()
    return finding


def categories() -> list[BevindingCategorie]:
    return list(
        db.session.scalars(
            sa.select(BevindingCategorie)
            .where(BevindingCategorie.actief.is_(True))
            .order_by(BevindingCategorie.volgorde, BevindingCategorie.naam)
        )
    )
