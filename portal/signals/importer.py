"""Signal deliveries: upload -> preview (per-row validation) -> confirm (one transaction).

The file is kept in the upload folder between preview and confirm and read again, row by
row, when it is stored: memory stays flat whatever the file's size (apart from a small
fingerprint per row for the duplicate check). Valid rows go in with COPY on PostgreSQL and
batched inserts on SQLite, inside one transaction; the coupling is rebuilt in the same
transaction, so a failure leaves nothing half-imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from models import Project, Signaal, Signaallevering
from models.signaallevering import AFGEWEZEN, GEANNULEERD, INGETROKKEN, TER_CONTROLE, VERWERKT
from portal import audit
from portal.errors import RuleViolation
from portal.extensions import db, on_commit, use_case
from portal.preparation.themes import signal_area
from portal.signals import coupling
from portal.signals.reader import COLUMNS, FileRefused, rows
from portal.signals.rows import Checked, RowRules, fingerprint
from portal.signals.scope import check_may_deliver

PREVIEW_ERRORS = 200
PREVIEW_VALID = 20
BATCH = 5000
Progress = Callable[[int, int], None]  # (done, total) in bytes


def upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "signalen"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_upload_bytes() -> int | None:
    # Unless set apart, the request limit is the file limit: a multipart body is a little
    # larger than its file, so MAX_CONTENT_LENGTH turns away a file that would not fit first.
    config = current_app.config
    value = config.get("SIGNAL_UPLOAD_MAX_BYTES") or config.get("MAX_CONTENT_LENGTH")
    return int(value) if value else None


@dataclass
class Preview:
    levering_id: int
    bestandsnaam: str
    totaal: int = 0
    geldig: int = 0
    fout: int = 0
    bestandsfout: str | None = None
    waarschuwingen: list[str] = field(default_factory=list)
    fouten: list[dict[str, Any]] = field(default_factory=list)  # first PREVIEW_ERRORS
    voorbeeld: list[dict[str, Any]] = field(default_factory=list)  # first valid rows

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        return cls(**data)


# --- receiving a file --------------------------------------------------------------------------


def receive(
    stream: IO[bytes],
    filename: str,
    project_id: int,
    ketenpartner_id: int,
    user_id: int | None,
    limit: int | None = None,
) -> Signaallevering:
    """Store the uploaded file aside (checksum, size limit) and record the delivery."""

    check_may_deliver(project_id, ketenpartner_id)
    name = Path(filename or "signalen.csv").name[:255]
    target = upload_dir() / f"{project_id}-{uuid.uuid4().hex}{Path(name).suffix.lower()[:8]}"
    digest = hashlib.sha256()
    size = 0
    try:
        size = _store(stream, target, digest, limit)
    except BaseException:
        # Too large, the client went away, the worker is being stopped: no file without a row.
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
        raise RuleViolation({"bestand": [str(_l("Het bestand is leeg."))]})
    levering = Signaallevering(
        project_id=project_id,
        ketenpartner_id=ketenpartner_id,
        bestandsnaam=name,
        bestand_pad=str(target),
        sha256=digest.hexdigest(),
        geupload_door_id=user_id,
    )
    db.session.add(levering)
    db.session.flush()
    _until_committed(target)
    return levering


def _store(stream: IO[bytes], target: Path, digest: Any, limit: int | None) -> int:
    size = 0
    with open(target, "wb") as out:
        while chunk := stream.read(1 << 16):
            size += len(chunk)
            if limit is not None and size > limit:
                raise RuleViolation(
                    {
                        "bestand": [
                            str(
                                _l(
                                    "Het bestand is groter dan %(mb)s MB. Lever grote bestanden "
                                    "in delen aan, of laat de projectleider ze via de "
                                    "opdrachtregel inlezen.",
                                    mb=limit // (1024 * 1024) or 1,
                                )
                            )
                        ]
                    }
                )
            digest.update(chunk)
            out.write(chunk)
    return size


# --- the upload folder: no file without a delivery ---------------------------------------------
#
# A received file belongs to its delivery row only once that row is committed. Until then it is
# kept in the session: a rollback, or a session closed without commit (an exception, a worker
# stopped mid-request), removes it. A worker killed outright runs no Python at all; the sweep
# (``flask lsi sweep-uploads``, and retention per project) removes what such a kill left.

_PENDING = "portal.signals.pending_uploads"


def _until_committed(path: Path) -> None:
    db.session().info.setdefault(_PENDING, []).append(path)


@event.listens_for(Session, "after_commit")
def _uploads_committed(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _uploads_not_committed(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint
        for path in session.info.pop(_PENDING, []):
            path.unlink(missing_ok=True)


def project_of_file(path: Path) -> int | None:
    """The project a file in the upload folder was received for (from its name)."""
    head = path.name.split("-", 1)[0]
    return int(head) if head.isdigit() and "-" in path.name else None


def _referenced() -> set[str]:
    return {
        Path(p).name
        for p in db.session.scalars(
            sa.select(Signaallevering.bestand_pad).where(Signaallevering.bestand_pad.is_not(None))
        )
    }


def orphan_files(older_than_hours: float) -> list[Path]:
    """Files in the upload folder that no delivery points at and that are older than the
    given age (younger ones may be in the middle of being received)."""
    cutoff = dt.datetime.now().timestamp() - older_than_hours * 3600
    referenced = _referenced()
    return sorted(
        f
        for f in upload_dir().iterdir()
        if f.is_file() and f.name not in referenced and f.stat().st_mtime < cutoff
    )


def sweep(older_than_hours: float | None = None) -> list[Path]:
    """Remove the orphan files (see ``orphan_files``); returns what was removed."""
    if older_than_hours is None:
        older_than_hours = float(current_app.config.get("UPLOAD_ORPHAN_HOURS", 6))
    removed = orphan_files(older_than_hours)
    for f in removed:
        f.unlink(missing_ok=True)
    return removed


def project_files(project_id: int) -> list[Path]:
    """Every file of the project in the upload folder: its deliveries' files and any file
    received for it whose delivery never got a row."""
    own = {
        Path(p).name
        for p in db.session.scalars(
            sa.select(Signaallevering.bestand_pad).where(
                Signaallevering.project_id == project_id,
                Signaallevering.bestand_pad.is_not(None),
            )
        )
    }
    return sorted(
        f
        for f in upload_dir().iterdir()
        if f.is_file() and (f.name in own or project_of_file(f) == project_id)
    )


def _rules(levering: Signaallevering) -> RowRules:
    project = db.session.get(Project, levering.project_id)
    # An area project's postcodes, or a theme project's gemeenten (portal.preparation.themes).
    area, area_text = signal_area(project)
    rules = RowRules(area=area, area_text=area_text, today=dt.date.today())
    for key, risico in db.session.execute(
        sa.select(Signaal.adres_sleutel, Signaal.risico)
        .where(
            Signaal.project_id == levering.project_id,
            Signaal.ketenpartner_id == levering.ketenpartner_id,
        )
        .execution_options(yield_per=20000)
    ):
        rules.seen[fingerprint(key, risico)] = 0
    return rules


def checked_rows(
    levering: Signaallevering, progress: Progress | None = None
) -> tuple[list[str], Iterator[Checked]]:
    """Warnings about the file and its validated rows (raises FileRefused)."""
    path = Path(levering.bestand_pad or "")
    rules = _rules(levering)
    try:
        total = path.stat().st_size
        report = (lambda done: progress(done, total)) if progress else None
        layout, data = rows(path, report)  # opens the file: from here on it stays readable
    except (FileNotFoundError, IsADirectoryError) as e:
        # Also when a confirm running at the same moment removed it after storing.
        raise FileRefused(str(_l("Het bestand van deze levering is er niet meer."))) from e
    return layout.warnings, (rules.check(row) for row in data)


def _as_written(c: Checked) -> dict[str, Any]:
    return {col: "" if c.raw.get(col) is None else str(c.raw.get(col)) for col in COLUMNS}


def _tally(out: Preview, checked: Iterator[Checked]) -> Iterator[Checked]:
    """Count every row into the summary (with the first valid rows and errors) on its way."""
    for c in checked:
        out.totaal += 1
        if c.ok:
            out.geldig += 1
            if len(out.voorbeeld) < PREVIEW_VALID:
                out.voorbeeld.append({"regel": c.line, "adres": c.address.key, **_as_written(c)})
        else:
            out.fout += 1
            if len(out.fouten) < PREVIEW_ERRORS:
                out.fouten.append({"regel": c.line, "fouten": c.errors, **_as_written(c)})
        yield c


def _keep_summary(levering: Signaallevering, out: Preview) -> None:
    levering.rijen_totaal, levering.rijen_geldig, levering.rijen_fout = (
        out.totaal,
        out.geldig,
        out.fout,
    )
    levering.controle = out.to_json()


def preview(levering: Signaallevering, progress: Progress | None = None) -> Preview:
    """Validate every row without storing anything; keep the summary on the delivery."""
    out = Preview(levering.id, levering.bestandsnaam)
    try:
        out.waarschuwingen, checked = checked_rows(levering, progress)
        for _ in _tally(out, checked):
            pass
        if out.totaal == 0:
            raise FileRefused(str(_l("Het bestand bevat geen signalen (alleen een kopregel).")))
    except FileRefused as e:
        out.bestandsfout = str(e)
        out.geldig = 0
        _discard(levering, AFGEWEZEN)
    _keep_summary(levering, out)
    db.session.flush()
    return out


@use_case
def dry_run(levering: Signaallevering, progress: Progress | None = None) -> Preview:
    """Check without storing (the CLI's --dry-run): a refused file stays on record as
    refused, any other delivery is cancelled."""
    result = preview(levering, progress)
    if not result.bestandsfout:
        cancel(levering)
    return result


def stored_preview(levering: Signaallevering) -> Preview | None:
    return Preview.from_json(levering.controle) if levering.controle else None


def _discard(levering: Signaallevering, status: str) -> None:
    if levering.bestand_pad:
        on_commit(partial(Path(levering.bestand_pad).unlink, missing_ok=True))
    levering.bestand_pad = None
    levering.status = status


@use_case
def cancel(levering: Signaallevering) -> None:
    if levering.status != TER_CONTROLE:
        raise RuleViolation({"levering": [str(_l("Deze levering is al afgehandeld."))]})
    _discard(levering, GEANNULEERD)
    db.session.flush()


# --- storing -----------------------------------------------------------------------------------

_INSERT_COLUMNS = (
    "project_id",
    "ketenpartner_id",
    "levering_id",
    "adres_sleutel",
    "postcode",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "risico",
    "toelichting",
    "datum",
    "bronbestand",
    "aangeleverd_door_id",
    "aangeleverd_op",
)


def _records(levering: Signaallevering, checked: Iterator[Checked], skipped: list[int]):
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    # Read once: attribute access on the ORM object costs more than the rest of a row.
    project_id, partner_id, levering_id = (
        levering.project_id,
        levering.ketenpartner_id,
        levering.id,
    )
    filename, by = levering.bestandsnaam, levering.geupload_door_id
    for c in checked:
        if not c.ok:
            skipped[0] += 1
            continue
        a = c.address
        yield (
            project_id,
            partner_id,
            levering_id,
            a.key,
            a.postcode,
            a.huisnummer,
            a.huisletter,
            a.toevoeging,
            c.risico,
            c.toelichting,
            c.datum,
            filename,
            by,
            now,
        )


def _write(records: Iterator[tuple]) -> int:
    conn = db.session.connection()
    n = 0
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        cols = ", ".join(_INSERT_COLUMNS)
        with raw.cursor() as cur, cur.copy(f"COPY signaal ({cols}) FROM STDIN") as copy:
            for rec in records:
                copy.write_row(rec)
                n += 1
        return n
    table = Signaal.__table__
    batch: list[dict] = []
    for rec in records:
        batch.append(dict(zip(_INSERT_COLUMNS, rec, strict=True)))
        if len(batch) >= BATCH:
            conn.execute(sa.insert(table), batch)
            n += len(batch)
            batch = []
    if batch:
        conn.execute(sa.insert(table), batch)
        n += len(batch)
    return n


@use_case
def confirm(
    levering: Signaallevering, progress: Progress | None = None, summary: Preview | None = None
) -> int:
    """Store the delivery's valid rows and rebuild the coupling, all in one transaction.

    With ``summary`` the rows are also counted into it as they are stored, so a caller can
    validate and store in one pass (the CLI's large files) and still report like preview."""
    if levering.status != TER_CONTROLE:
        raise RuleViolation({"levering": [str(_l("Deze levering is al afgehandeld."))]})
    skipped = [0]
    try:
        warnings, checked = checked_rows(levering, progress)
        if summary is not None:
            summary.waarschuwingen = warnings
            checked = _tally(summary, checked)
        stored = _write(_records(levering, checked, skipped))
    except Exception as e:
        if not isinstance(e, FileRefused) and not _concurrent(e):
            raise
        db.session.rollback()
        # Committed before (screen, API): confirmed meanwhile by someone else? The CLI's
        # delivery was never committed and is gone with the rollback.
        if sa.inspect(levering).persistent:
            db.session.refresh(levering)
            if levering.status != TER_CONTROLE:  # the other confirm also removed the file
                raise RuleViolation(
                    {"levering": [str(_l("Deze levering is al afgehandeld."))]}
                ) from e
        raise RuleViolation({"bestand": [_not_stored(e)]}) from e
    if stored == 0:
        db.session.rollback()
        raise RuleViolation(
            {"bestand": [str(_l("Er is geen enkele geldige regel om op te slaan."))]}
        )
    coupling.after_delivery(levering.project_id, levering.id, stored)
    if summary is not None:
        _keep_summary(levering, summary)
    levering.rijen_opgeslagen = stored
    levering.status = VERWERKT
    levering.verwerkt_op = dt.datetime.now(dt.UTC)
    path = levering.bestand_pad
    levering.bestand_pad = None
    audit.record_event(
        db.session,
        "signaallevering",
        str(levering.id),
        "verwerkt",
        {
            "ketenpartner_id": levering.ketenpartner_id,
            "bestand": levering.bestandsnaam,
            "opgeslagen": stored,
            "overgeslagen": skipped[0],
        },
        project_id=levering.project_id,
    )
    db.session.flush()
    if path:
        # Only once stored for good: after a failed commit the delivery can be confirmed again.
        on_commit(partial(Path(path).unlink, missing_ok=True))
    return stored


def _not_stored(e: Exception) -> str:
    if isinstance(e, FileRefused):
        return str(e)
    if isinstance(e, sa.exc.OperationalError):
        return str(
            _l(
                "Er werd tegelijk een andere levering opgeslagen. Er is niets opgeslagen; "
                "bevestig de levering nog eens."
            )
        )
    return _conflict()


def _concurrent(e: Exception) -> bool:
    """Another transaction got there first: the same signal stored meanwhile (SQLAlchemy's
    IntegrityError, or on PostgreSQL psycopg's own error from COPY - both SQLSTATE 23505),
    or SQLite refusing a second writer."""
    orig = getattr(e, "orig", e)
    if isinstance(e, sa.exc.IntegrityError) or getattr(orig, "sqlstate", None) == "23505":
        return True
    return isinstance(e, sa.exc.OperationalError) and "database is locked" in str(orig)


def _conflict() -> str:
    return str(
        _l(
            "Tijdens het opslaan bleek een signaal al te bestaan (mogelijk is hetzelfde bestand "
            "tegelijk nog eens aangeleverd). Er is niets opgeslagen; controleer de levering "
            "opnieuw."
        )
    )


@use_case
def withdraw(levering: Signaallevering) -> int:
    """Take a processed delivery back: its signals go, the coupling is rebuilt."""
    if levering.status != VERWERKT:
        raise RuleViolation(
            {"levering": [str(_l("Alleen verwerkte leveringen kunt u intrekken."))]}
        )
    n = (
        db.session.execute(sa.delete(Signaal).where(Signaal.levering_id == levering.id)).rowcount
        or 0
    )
    levering.status = INGETROKKEN
    audit.record_event(
        db.session,
        "signaallevering",
        str(levering.id),
        "intrekken",
        {"verwijderd": n},
        project_id=levering.project_id,
    )
    coupling.refresh(levering.project_id)
    db.session.flush()
    return n


# --- reports -----------------------------------------------------------------------------------


def safe_cell(value: Any) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def csv_lines(header: list[str], records: Iterator[list[Any]]) -> Iterator[str]:
    """CSV for Dutch Excel (semicolons, BOM), formula-safe, one line at a time."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + buf.getvalue()
    for rec in records:
        buf.seek(0)
        buf.truncate()
        writer.writerow([safe_cell(v) for v in rec])
        yield buf.getvalue()


def error_report(levering: Signaallevering) -> Iterator[str]:
    """Every refused row with its reasons, read again from the file."""
    _warnings, checked = checked_rows(levering)

    def records():
        for c in checked:
            if not c.ok:
                w = _as_written(c)
                yield [c.line, *(w[col] for col in COLUMNS), " | ".join(c.errors)]

    return csv_lines(["regel", *COLUMNS, "fouten"], records())


def example_file() -> str:
    rows_ = [
        ["5091 AB", "12", "", "", "Adresfraude", "Meer bewoners dan ingeschreven", "2019-02-01"],
        ["5091AB", "14", "a", "", "Overbewoning", "", "1-2-2019"],
        ["5092 BK", "48", "", "2", "Uitkeringsfraude", "Uitkering, woont mogelijk elders", ""],
    ]
    return "".join(csv_lines(list(COLUMNS), iter(rows_)))
