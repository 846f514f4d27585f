"""Rules for case-work rows edited through the generic screens and API (portal.rules)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from models import Bevinding, Casus, Casustafel, Controle, Opvolgactie
from portal.casework.followup import validate_action
from portal.extensions import db
from portal.rules import Errors, rule


def _obj(values: Mapping[str, Any], name: str, model: type):
    value = values.get(name)
    if value is None and values.get(f"{name}_id"):
        value = db.session.get(model, int(values[f"{name}_id"]))
    return value


@rule(Opvolgactie)
def _opvolgactie(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    bevinding = _obj(values, "bevinding", Bevinding)
    partner = values.get("ketenpartner")
    eigenaar = values.get("eigenaar")
    errors = validate_action(
        bevinding,
        partner.id if partner is not None else values.get("ketenpartner_id"),
        eigenaar.id if eigenaar is not None else values.get("eigenaar_id"),
        values.get("omschrijving"),
        values.get("deadline"),
        # the managed list of follow-up types (issue #19): an active type or none
        values["opvolgtype"].id if values.get("opvolgtype") else values.get("opvolgtype_id"),
    )
    if values.get("status") == "Afgerond" and not (values.get("resultaat") or "").strip():
        errors.setdefault("resultaat", []).append(
            _l("Beschrijf het resultaat; het team krijgt het terug.")
        )
    done = values.get("afgerond_op")
    if done and bevinding is not None and done < bevinding.controle.datum:
        errors.setdefault("afgerond_op", []).append(
            _l("Een actie kan niet vóór de controle zijn afgerond.")
        )
    return errors


@rule(Controle)
def _controle(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    n = values.get("personen_aangetroffen")
    if n is not None and n != "" and int(n) < 0:
        return {"personen_aangetroffen": [_l("Vul een aantal van 0 of hoger in.")]}
    return {}


@rule(Bevinding)
def _bevinding(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    controle = _obj(values, "controle", Controle)
    casus = _obj(values, "casus", Casus)
    if controle is None:
        return {"controle": [_l("Kies de controle waarbij de bevinding is gedaan.")]}
    if controle.status != "Uitgevoerd":  # a planned evening has no findings yet
        return {"controle": [_l("Leg bevindingen vast nadat de controle is gehouden.")]}
    if values.get("categorie") is None and not values.get("categorie_id"):
        return {"categorie": [_l("Kies een categorie.")]}
    if casus is not None and casus.id not in {c.id for c in controle.adressen}:
        return {"casus": [_l("Kies een adres dat bij deze controle is bezocht.")]}
    return {}


@rule(Casustafel)
def _casustafel(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    if not values.get("datum"):
        return {"datum": [_l("Vul de datum van de casustafel in.")]}
    return {}
