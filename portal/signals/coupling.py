"""Bestandskoppeling: all signals of a project linked per address, and meervoudig belang.

An address is of multiple interest when at least two distinct partners signalled it, or
when the project leadership judged a single-partner address so (override with a reason).
The coupling is one set-based aggregate (``refresh``) into ``adreskoppeling``; screens,
exports and the CLI read that table, page by page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import (
    AdresBeoordeling,
    Adreskoppeling,
    Casus,
    Ketenpartner,
    Koppelingstand,
    Project,
    Signaal,
)
from portal.addresses import display
from portal.errors import RuleViolation
from portal.extensions import db, use_case

MIN_PARTNERS = 2
MIN_REASON = 10
_LOCK_SPACE = 0x4B50  # advisory-lock namespace of coupling rebuilds ("KP")
SORTS = {
    "partners": (Adreskoppeling.aantal_partners.desc(), Adreskoppeling.adres_sleutel),
    "adres": (Adreskoppeling.adres_sleutel,),
    "signalen": (Adreskoppeling.aantal_signalen.desc(), Adreskoppeling.adres_sleutel),
}


def _ids_agg(column) -> sa.ColumnElement[str]:
    text = sa.cast(column, sa.String)
    if db.engine.dialect.name == "postgresql":
        return sa.func.string_agg(text, ",")
    return sa.func.group_concat(text, ",")


def aggregate(project_id: int, only: sa.Select | None = None) -> sa.Select:
    """Per address: distinct partners, signal count, partner ids, multiple interest.

    Two plain GROUP BYs over the (project, address, partner) index instead of DISTINCT
    aggregates: both stream over sorted input, with no per-group sorting or join. ``only``
    (a select of address keys) limits it to those addresses.
    """
    where = [Signaal.project_id == project_id]
    if only is not None:
        where.append(Signaal.adres_sleutel.in_(only))
    per_partner = (
        sa.select(
            Signaal.adres_sleutel,
            Signaal.ketenpartner_id,
            sa.func.count().label("n"),
        )
        .where(*where)
        .group_by(Signaal.adres_sleutel, Signaal.ketenpartner_id)
        .subquery("per_partner")
    )
    per_address = (
        sa.select(
            per_partner.c.adres_sleutel,
            sa.func.count().label("partners"),
            sa.func.sum(per_partner.c.n).label("signalen"),
            ("," + _ids_agg(per_partner.c.ketenpartner_id) + ",").label("ids"),
        )
        .group_by(per_partner.c.adres_sleutel)
        .subquery("per_address")
    )
    # An uncorrelated IN: PostgreSQL hashes the few judged addresses once instead of
    # probing the judgements index for each of 300,000 addresses.
    judged = sa.select(AdresBeoordeling.adres_sleutel).where(
        AdresBeoordeling.project_id == project_id,
        AdresBeoordeling.meervoudig_override.is_(True),
    )
    return sa.select(
        sa.literal(project_id).label("project_id"),
        per_address.c.adres_sleutel,
        sa.func.substr(per_address.c.adres_sleutel, 1, 6).label("postcode"),
        per_address.c.partners.label("aantal_partners"),
        per_address.c.signalen.label("aantal_signalen"),
        per_address.c.ids.label("partners"),
        sa.or_(
            per_address.c.partners >= MIN_PARTNERS, per_address.c.adres_sleutel.in_(judged)
        ).label("meervoudig_belang"),
    )


_COLUMNS = [
    "project_id",
    "adres_sleutel",
    "postcode",
    "aantal_partners",
    "aantal_signalen",
    "partners",
    "meervoudig_belang",
]


def _state(project_id: int) -> Koppelingstand:
    state = db.session.get(Koppelingstand, project_id)
    if state is None:
        state = Koppelingstand(project_id=project_id)
        db.session.add(state)
    return state


def _lock(project_id: int) -> None:
    """One rebuild per project at a time (two deliveries confirmed at once would otherwise
    both delete and re-insert the same addresses); held until the transaction ends."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_SPACE, project_id)))


def ensure(project_id: int) -> bool:
    """Rebuild the coupling when its rows are gone while the totals say there were some -
    after a crash PostgreSQL empties the unlogged table (see the model). Returns whether it
    rebuilt; the caller's transaction carries the rebuild."""
    state = db.session.get(Koppelingstand, project_id)
    if state is None or not state.adressen:
        return False
    present = db.session.scalar(
        sa.select(Adreskoppeling.project_id).where(Adreskoppeling.project_id == project_id).limit(1)
    )
    if present is not None:
        return False
    refresh(project_id)
    return True


def _ensure_for_reading(project_id: int) -> None:
    if ensure(project_id):
        db.session.commit()


def refresh(project_id: int) -> int:
    """Rebuild the project's coupling in the current transaction; returns the address count."""
    table = Adreskoppeling.__table__
    _lock(project_id)
    db.session.execute(sa.delete(table).where(table.c.project_id == project_id))
    db.session.execute(sa.insert(table).from_select(_COLUMNS, aggregate(project_id)))
    # Counting afterwards (40 ms at 300,000 rows) is cheaper than RETURNING every row.
    adressen, meervoudig = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(table.c.meervoudig_belang.is_(True)),
        ).where(table.c.project_id == project_id)
    ).one()
    state = _state(project_id)
    state.adressen, state.meervoudig = adressen, meervoudig
    state.bijgewerkt_op = dt.datetime.now(dt.UTC)
    db.session.flush()
    return adressen


@use_case
def rebuild_later(project_id: int, user_id: int | None):
    """A full rebuild as a job (portal/jobs/kinds.py ``koppeling``): seconds at a million
    signals, too long for a request."""
    from portal import jobs

    return jobs.submit("koppeling", project_id=project_id, user_id=user_id)


def _totals(project_id: int, only: sa.Select) -> tuple[int, int]:
    table = Adreskoppeling.__table__
    n, multiple = db.session.execute(
        sa.select(
            sa.func.count(), sa.func.count().filter(table.c.meervoudig_belang.is_(True))
        ).where(table.c.project_id == project_id, table.c.adres_sleutel.in_(only))
    ).one()
    return n, multiple


def refresh_addresses(project_id: int, only: sa.Select) -> None:
    """Rebuild just the given addresses (e.g. those of one delivery) and adjust the totals:
    a small delivery into a project of a million signals does not rewrite the whole
    coupling."""
    table = Adreskoppeling.__table__
    _lock(project_id)
    state = db.session.get(Koppelingstand, project_id)
    if state is None:
        refresh(project_id)
        return
    db.session.refresh(state)  # totals as the previous rebuild left them, not as cached
    before = _totals(project_id, only)
    db.session.execute(
        sa.delete(table).where(table.c.project_id == project_id, table.c.adres_sleutel.in_(only))
    )
    db.session.execute(sa.insert(table).from_select(_COLUMNS, aggregate(project_id, only)))
    after = _totals(project_id, only)
    state.adressen += after[0] - before[0]
    state.meervoudig += after[1] - before[1]
    state.bijgewerkt_op = dt.datetime.now(dt.UTC)
    db.session.flush()


def after_delivery(project_id: int, levering_id: int, stored: int) -> None:
    """Bring the coupling up to date after a delivery was stored."""
    if ensure(project_id):
        return
    state = db.session.get(Koppelingstand, project_id)
    # A delivery touching a large share of the project is cheaper to rebuild in one pass.
    if state is None or stored * 3 > state.adressen:
        refresh(project_id)
    else:
        keys = sa.select(Signaal.adres_sleutel).where(Signaal.levering_id == levering_id)
        refresh_addresses(project_id, keys)


def remove(project_id: int) -> int:
    """Drop the project's coupling (retention, project deletion)."""
    n = (
        db.session.execute(
            sa.delete(Adreskoppeling).where(Adreskoppeling.project_id == project_id)
        ).rowcount
        or 0
    )
    db.session.execute(sa.delete(Koppelingstand).where(Koppelingstand.project_id == project_id))
    return n


def _reflag(project_id: int, key: str) -> None:
    row = db.session.get(Adreskoppeling, (project_id, key))
    judgement = db.session.scalar(
        sa.select(AdresBeoordeling.meervoudig_override).where(
            AdresBeoordeling.project_id == project_id, AdresBeoordeling.adres_sleutel == key
        )
    )
    if row is None:
        return
    flag = row.aantal_partners >= MIN_PARTNERS or bool(judgement)
    if flag != row.meervoudig_belang:
        db.session.execute(
            sa.update(Adreskoppeling)
            .where(Adreskoppeling.project_id == project_id, Adreskoppeling.adres_sleutel == key)
            .values(meervoudig_belang=flag)
        )
        state = _state(project_id)
        state.meervoudig = (state.meervoudig or 0) + (1 if flag else -1)
    db.session.expire(row)


def partner_codes() -> dict[int, str]:
    return {i: c for i, c in db.session.execute(sa.select(Ketenpartner.id, Ketenpartner.code))}


@dataclass(frozen=True)
class Filters:
    alleen_meervoudig: bool = False
    min_partners: int = 1
    partner: str | None = None  # partner code
    postcode: str | None = None  # prefix, e.g. "5091" or "5091 AB"
    geselecteerd: bool | None = None


def _where(project_id: int, f: Filters) -> list[sa.ColumnElement[bool]]:
    crit = [Adreskoppeling.project_id == project_id]
    if f.alleen_meervoudig:
        crit.append(Adreskoppeling.meervoudig_belang.is_(True))
    if f.min_partners > 1:
        crit.append(Adreskoppeling.aantal_partners >= f.min_partners)
    if f.partner:
        partner_id = db.session.scalar(
            sa.select(Ketenpartner.id).where(Ketenpartner.code == f.partner.upper())
        )
        crit.append(Adreskoppeling.partners.like(f"%,{partner_id or 0},%"))
    if f.postcode:
        prefix = f.postcode.replace(" ", "").upper()
        crit.append(Adreskoppeling.adres_sleutel.like(f"{prefix}%"))
    if f.geselecteerd is not None:
        chosen = sa.select(AdresBeoordeling.adres_sleutel).where(
            AdresBeoordeling.project_id == project_id,
            AdresBeoordeling.geselecteerd_casustafel.is_(True),
        )
        inside = Adreskoppeling.adres_sleutel.in_(chosen)
        crit.append(inside if f.geselecteerd else ~inside)
    return crit


@dataclass
class Line:
    adres_sleutel: str
    aantal_partners: int
    aantal_signalen: int
    partners: list[str]
    meervoudig_belang: bool
    override: bool = False
    override_reden: str | None = None
    geselecteerd: bool = False
    risicos: list[tuple[str, str]] | None = None

    @property
    def adres(self) -> str:
        return display(self.adres_sleutel)

    def to_json(self) -> dict:
        return {
            "adres": self.adres_sleutel,
            "partners": self.partners,
            "meervoudig_belang": self.meervoudig_belang,
        }


def _lines(rows, project_id: int, with_risks: bool) -> list[Line]:
    codes = partner_codes()
    lines = [
        Line(
            r.adres_sleutel,
            r.aantal_partners,
            r.aantal_signalen,
            sorted(codes.get(i, str(i)) for i in r.partner_ids),
            bool(r.meervoudig_belang),
        )
        for r in rows
    ]
    keys = [line.adres_sleutel for line in lines]
    if not keys:
        return lines
    judged = {
        b.adres_sleutel: b
        for b in db.session.scalars(
            sa.select(AdresBeoordeling).where(
                AdresBeoordeling.project_id == project_id, AdresBeoordeling.adres_sleutel.in_(keys)
            )
        )
    }
    risks = risks_for(project_id, keys) if with_risks else {}
    for line in lines:
        b = judged.get(line.adres_sleutel)
        if b is not None:
            line.override = b.meervoudig_override
            line.override_reden = b.override_reden
            line.geselecteerd = b.geselecteerd_casustafel
        line.risicos = risks.get(line.adres_sleutel, []) if with_risks else None
    return lines


def page(
    project_id: int, f: Filters, sort: str = "partners", number: int = 1, size: int = 50
) -> tuple[list[Line], int]:
    """One page of the coupled overview and the total number of addresses matching."""
    _ensure_for_reading(project_id)
    crit = _where(project_id, f)
    total = _stored_total(project_id, f)
    if total is None:
        total = db.session.scalar(
            sa.select(sa.func.count()).select_from(Adreskoppeling).where(*crit)
        )
    rows = db.session.execute(
        sa.select(Adreskoppeling)
        .where(*crit)
        .order_by(*SORTS.get(sort, SORTS["partners"]))
        .limit(size)
        .offset(max(number - 1, 0) * size)
    ).scalars()
    return _lines(rows, project_id, with_risks=True), total or 0


def _stored_total(project_id: int, f: Filters) -> int | None:
    """The kept totals answer the two common views without counting."""
    if f.min_partners > 1 or f.partner or f.postcode or f.geselecteerd is not None:
        return None
    state = db.session.get(Koppelingstand, project_id)
    if state is None:
        return 0
    return state.meervoudig if f.alleen_meervoudig else state.adressen


def iterate(
    project_id: int, f: Filters, with_risks: bool = False, chunk: int = 5000
) -> Iterator[Line]:
    """Every matching address in key order, chunk by chunk (exports, CLI)."""
    _ensure_for_reading(project_id)
    crit = _where(project_id, f)
    last = ""
    while True:
        rows = list(
            db.session.execute(
                sa.select(Adreskoppeling)
                .where(*crit, Adreskoppeling.adres_sleutel > last)
                .order_by(Adreskoppeling.adres_sleutel)
                .limit(chunk)
            ).scalars()
        )
        if not rows:
            return
        yield from _lines(rows, project_id, with_risks)
        last = rows[-1].adres_sleutel


def risks_for(project_id: int, keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for key, code, risico in db.session.execute(
        sa.select(Signaal.adres_sleutel, Ketenpartner.code, Signaal.risico)
        .join(Ketenpartner, Ketenpartner.id == Signaal.ketenpartner_id)
        .where(Signaal.project_id == project_id, Signaal.adres_sleutel.in_(keys))
        .distinct()
        .order_by(Signaal.adres_sleutel, Ketenpartner.code, Signaal.risico)
    ):
        out.setdefault(key, []).append((code, risico))
    return out


def counts(project_id: int) -> dict[str, int]:
    state = db.session.get(Koppelingstand, project_id)
    selected = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AdresBeoordeling)
        .where(
            AdresBeoordeling.project_id == project_id,
            AdresBeoordeling.geselecteerd_casustafel.is_(True),
        )
    )
    return {
        "adressen": state.adressen if state else 0,
        "meervoudig": state.meervoudig if state else 0,
        "geselecteerd": selected or 0,
    }


# --- judgements ------------------------------------------------------------------------------


def _coupled(project_id: int, key: str) -> Adreskoppeling:
    ensure(project_id)
    row = db.session.get(Adreskoppeling, (project_id, key))
    if row is None:
        raise RuleViolation({"adres": [str(_l("Dit adres komt niet voor in de koppeling."))]})
    return row


def _judgement(project_id: int, key: str) -> AdresBeoordeling:
    row = db.session.scalar(
        sa.select(AdresBeoordeling).where(
            AdresBeoordeling.project_id == project_id, AdresBeoordeling.adres_sleutel == key
        )
    )
    if row is None:
        row = AdresBeoordeling(project_id=project_id, adres_sleutel=key)
        db.session.add(row)
    return row


@use_case
def set_override(project_id: int, key: str, on: bool, reason: str | None, user_id: int | None):
    """Judge a single-partner address to be of multiple interest (or withdraw that)."""
    coupled = _coupled(project_id, key)
    judgement = _judgement(project_id, key)
    reason = (reason or "").strip()
    if on:
        if coupled.aantal_partners >= MIN_PARTNERS:
            raise RuleViolation(
                {
                    "override": [
                        str(
                            _l(
                                "Dit adres heeft al meervoudig belang (%(n)s partners); een "
                                "professioneel oordeel is niet nodig.",
                                n=coupled.aantal_partners,
                            )
                        )
                    ]
                }
            )
        if len(reason) < MIN_REASON:
            raise RuleViolation(
                {
                    "override_reden": [
                        str(
                            _l(
                                "Geef een reden van ten minste %(n)s tekens: waarom heeft dit "
                                "adres volgens de projectleiding meervoudig belang?",
                                n=MIN_REASON,
                            )
                        )
                    ]
                }
            )
        judgement.meervoudig_override = True
        judgement.override_reden = reason
    else:
        if judgement.geselecteerd_casustafel and coupled.aantal_partners < MIN_PARTNERS:
            raise RuleViolation(
                {
                    "override": [
                        str(
                            _l(
                                "Het adres is geselecteerd voor de casustafel; haal het eerst "
                                "uit de selectie."
                            )
                        )
                    ]
                }
            )
        judgement.meervoudig_override = False
        judgement.override_reden = reason or None
    judgement.override_door_id = user_id
    judgement.override_op = dt.datetime.now(dt.UTC)
    db.session.flush()
    _reflag(project_id, key)
    return judgement


@dataclass
class Selected:
    changed: int  # addresses whose selection changed
    cases: list[Casus]  # the cases opened for them


@use_case
def select(project_id: int, keys: list[str], on: bool, user_id: int | None) -> Selected:
    """Mark addresses for the casustafel (only meervoudig belang) or take them off. Selected
    addresses get their case in the same step (case work's ``create_case``, in this
    transaction): selecting was otherwise a dead end until someone opened the cases."""
    from portal.casework import cases  # case work is built on the coupling

    errors = []
    changed = 0
    ensure(project_id)
    for key in dict.fromkeys(keys):
        coupled = db.session.get(Adreskoppeling, (project_id, key))
        if coupled is None:
            errors.append(str(_l("%(adres)s komt niet voor in de koppeling.", adres=key)))
            continue
        if on and not coupled.meervoudig_belang:
            errors.append(
                str(
                    _l(
                        "%(adres)s heeft geen meervoudig belang en kan niet naar de casustafel.",
                        adres=display(key),
                    )
                )
            )
            continue
        if not on and db.session.scalar(
            sa.select(Casus.id).where(Casus.project_id == project_id, Casus.adres_sleutel == key)
        ):
            errors.append(
                str(
                    _l(
                        "%(adres)s heeft al een casus; de selectie blijft staan.",
                        adres=display(key),
                    )
                )
            )
            continue
        judgement = _judgement(project_id, key)
        if judgement.geselecteerd_casustafel != on:
            judgement.geselecteerd_casustafel = on
            judgement.geselecteerd_door_id = user_id
            judgement.geselecteerd_op = dt.datetime.now(dt.UTC)
            changed += 1
    if errors:
        raise RuleViolation({"selectie": errors})
    db.session.flush()
    if not on:
        return Selected(changed, [])
    have = set(
        db.session.scalars(
            sa.select(Casus.adres_sleutel).where(
                Casus.project_id == project_id, Casus.adres_sleutel.in_(list(keys))
            )
        )
    )
    opened = [cases.create_case(project_id, k) for k in dict.fromkeys(keys) if k not in have]
    return Selected(changed, opened)


def _on_project_delete(_mapper, connection, target) -> None:
    # Adreskoppeling has no foreign key (see the model), so it follows the project here.
    table = Adreskoppeling.__table__
    connection.execute(sa.delete(table).where(table.c.project_id == target.id))


sa.event.listen(Project, "after_delete", _on_project_delete)
