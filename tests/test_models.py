"""Models: cascades, unique constraints, normalisation on save, and postcode properties."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Besluit,
    Convenantartikel,
    Document,
    Doelstelling,
    Fasetransitie,
    Gemeente,
    Ketenpartner,
    Project,
    Projectfase,
    ProjectPartner,
    Regio,
    Risico,
    metadata,
)
from portal.errors import RuleViolation
from portal.postcodes import in_area, normalise_area, normalise_postcode, parse_area

FORBIDDEN = {"SA", "SD", "SS"}


def _code(prefix="MOD") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}".upper()


def _project(session, **kw) -> Project:
    regio = session.scalar(sa.select(Regio).where(Regio.code == "ZOB"))
    p = Project(code=kw.pop("code", _code()), naam=kw.pop("naam", "Modeltest"), regio=regio, **kw)
    session.add(p)
    return p


def _orphans(session) -> list[str]:
    """Rows whose foreign key points at a row that does not exist, over the whole schema."""
    found = []
    for table in metadata.sorted_tables:
        for fk in table.foreign_keys:
            col, target = fk.parent, fk.column
            n = session.scalar(
                sa.select(sa.func.count())
                .select_from(table)
                .where(
                    col.is_not(None),
                    ~sa.exists().where(target == col),
                )
            )
            if n:
                found.append(f"{table.name}.{col.name} -> {target.table.name}: {n}")
    return found


def test_deleting_a_project_deletes_all_its_rows(db_session):
    s = db_session
    kp = {k.code: k for k in s.scalars(sa.select(Ketenpartner))}
    p = _project(
        s,
        gemeenten=[s.scalar(sa.select(Gemeente).where(Gemeente.naam == "Bladel"))],
        projectgebied="5531",
    )
    p.partners = [ProjectPartner(ketenpartner=kp["UWV"], capaciteit_uren=10)]
    p.doelstellingen = [Doelstelling(doel="Doel", nulmeting=Decimal(1))]
    p.activiteiten = [Activiteit(ketenpartner=kp["UWV"], omschrijving="Iets doen")]
    p.risicos = [Risico(risico="Risico")]
    p.fasen = [Projectfase(fase="Verkenning", gepland_start=dt.date(2026, 1, 1))]
    reg = AvgRegistratie(grondslag=list(s.scalars(sa.select(Convenantartikel))))
    reg.rechten = [AvgPartnerrecht(ketenpartner=kp["UWV"])]
    p.avg_registratie = reg
    s.flush()
    doc = Document(
        project_id=p.id,
        soort="projectvoorstel",
        versie=1,
        bestandsnaam="x.docx",
        inhoud=b"x",
        sha256="0" * 64,
    )
    s.add_all(
        [
            doc,
            Fasetransitie(project_id=p.id, van="Initiatief", naar="Verkenning"),
        ]
    )
    s.flush()
    s.add(
        Besluit(
            project=p,
            orgaan="RPF",
            onderwerp="Projectvoorstel",
            datum=dt.date(2026, 1, 2),
            uitkomst="Akkoord",
            document_id=doc.id,
        )
    )
    s.commit()
    pid, reg_id = p.id, reg.id
    assert s.scalar(sa.select(sa.func.count()).select_from(Risico).where(Risico.project_id == pid))

    s.delete(p)  # what ProjectView/ProjectApi delete do (FAB's datamodel.delete)
    s.commit()
    s.expire_all()
    for model in (
        ProjectPartner,
        Doelstelling,
        Activiteit,
        Risico,
        Projectfase,
        AvgRegistratie,
        Besluit,
        Document,
        Fasetransitie,
    ):
        left = s.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.project_id == pid)
        )
        assert left == 0, model.__name__
    assert (
        s.scalar(
            sa.select(sa.func.count())
            .select_from(AvgPartnerrecht)
            .where(AvgPartnerrecht.avg_registratie_id == reg_id)
        )
        == 0
    )
    assert _orphans(s) == []


def test_database_enforces_foreign_keys(db_session):
    """A row pointing at a project that does not exist is refused by the database itself
    (on SQLite too), so no code path can leave orphans behind."""
    s = db_session
    with pytest.raises(sa.exc.IntegrityError):
        s.execute(sa.insert(Risico).values(project_id=999_999, risico="wees"))
    s.rollback()


def test_bulk_delete_cascades_in_the_database(db_session):
    """ON DELETE CASCADE holds for SQL that bypasses the ORM (e.g. a retention job)."""
    s = db_session
    p = _project(s)
    p.risicos = [Risico(risico="weg")]
    p.fasen = [Projectfase(fase="Initiatief")]
    s.commit()
    pid = p.id
    s.execute(sa.delete(Project).where(Project.id == pid))
    s.commit()
    for model in (Risico, Projectfase):
        assert (
            s.scalar(sa.select(sa.func.count()).select_from(model).where(model.project_id == pid))
            == 0
        )


@pytest.mark.parametrize(
    ("build", "what"),
    [
        (lambda s, p, kp: _project(s, code=p.code), "project code"),
        (
            lambda s, p, kp: s.add(ProjectPartner(project=p, ketenpartner=kp["UWV"])),
            "partner twice in a project",
        ),
        (lambda s, p, kp: s.add(Projectfase(project=p, fase="Verkenning")), "phase twice"),
        (lambda s, p, kp: s.add(AvgRegistratie(project=p)), "second AVG registration"),
        (
            lambda s, p, kp: s.add(Ketenpartner(naam=kp["UWV"].naam, code="X1", type="UWV")),
            "partner name",
        ),
        (
            lambda s, p, kp: s.add(Ketenpartner(naam=_code(), code="UWV", type="UWV")),
            "partner code",
        ),
        (lambda s, p, kp: s.add(Regio(naam="Zuidoost-Brabant", code="ZZ")), "region name"),
        (
            lambda s, p, kp: s.add(
                Gemeente(naam="Bladel", regio=s.scalar(sa.select(Regio).limit(1)))
            ),
            "municipality name",
        ),
    ],
)
def test_unique_constraints(db_session, build, what):
    s = db_session
    kp = {k.code: k for k in s.scalars(sa.select(Ketenpartner))}
    p = _project(s)
    p.partners = [ProjectPartner(ketenpartner=kp["UWV"])]
    p.fasen = [Projectfase(fase="Verkenning")]
    p.avg_registratie = AvgRegistratie()
    s.commit()
    try:
        build(s, p, kp)
        with pytest.raises(sa.exc.IntegrityError):
            s.flush()
        s.rollback()
    finally:
        s.rollback()
        s.delete(s.get(Project, p.id))
        s.commit()


def test_project_area_and_code_are_normalised_on_save(db_session):
    s = db_session
    code = _code("norm")
    p = _project(s, code=f"  {code.lower()} ", projectgebied="5091 ab ; 5092-5094\n5091AB,")
    s.commit()
    s.expire_all()
    stored = s.get(Project, p.id)
    assert stored.code == code.upper()
    assert stored.projectgebied == "5091AB, 5092-5094"
    # Invalid text is kept as typed, so the form can show it with the error.
    stored.projectgebied = "5091 SA"
    assert stored.projectgebied == "5091 SA"
    s.rollback()
    s.delete(s.get(Project, p.id))
    s.commit()


# --- portal/postcodes.py properties ------------------------------------------------------

_digits4 = st.integers(1000, 9999)
_letter = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@given(st.text(max_size=12))
def test_normalise_postcode_is_idempotent(raw):
    once = normalise_postcode(raw)
    if once is not None:
        assert normalise_postcode(once) == once
        assert len(once) == 6 and once[:4].isdigit() and once[4:].isupper()


@given(_digits4, _letter, _letter, st.sampled_from(["", " "]), st.booleans(), st.booleans())
def test_every_valid_postcode_is_accepted(num, a, b, space, lower, padded):
    raw = f"{num}{space}{a}{b}"
    raw = raw.lower() if lower else raw
    raw = f"  {raw} " if padded else raw
    expected = None if a + b in FORBIDDEN else f"{num}{a}{b}"
    assert normalise_postcode(raw) == expected


@given(st.integers(0, 999), _letter, _letter)
def test_postcodes_starting_with_zero_are_refused(num, a, b):
    assert normalise_postcode(f"{num:04d}{a}{b}") is None


@given(_digits4, _digits4, _digits4, _letter, _letter)
def test_in_area_agrees_with_pc4_range_bounds(x, y, probe, a, b):
    low, high = min(x, y), max(x, y)
    ranges = parse_area(f"{low}-{high}")
    assert in_area(f"{probe}{a}{b}", ranges) == (low <= probe <= high)
    with pytest.raises(RuleViolation) if low != high else _nothing():
        parse_area(f"{high}-{low}")


@given(
    st.tuples(_digits4, _letter, _letter),
    st.tuples(_digits4, _letter, _letter),
    st.tuples(_digits4, _letter, _letter),
)
def test_in_area_agrees_with_pc6_range_bounds(x, y, probe):
    xs, ys, ps = ("".join(map(str, t)) for t in (x, y, probe))
    if {xs[4:], ys[4:]} & FORBIDDEN:
        return
    low, high = min(xs, ys), max(xs, ys)
    ranges = parse_area(f"{low[:4]} {low[4:]}-{high.lower()}")
    assert in_area(ps, ranges) == (low <= ps <= high)
    assert normalise_area(f"{low}-{high}") == (low if low == high else f"{low}-{high}")


@given(_digits4, _digits4, _letter, _letter)
def test_mixed_pc4_pc6_ranges_are_refused(x, y, a, b):
    if a + b in FORBIDDEN:
        return
    with pytest.raises(RuleViolation) as exc:
        parse_area(f"{x}-{y}{a}{b}")
    assert "even lang" in exc.value.errors["projectgebied"][0]


def test_empty_area_means_no_restriction():
    assert parse_area("  ") == []
    assert in_area("1234AB", [])


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
