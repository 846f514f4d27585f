"""What an uploaded file is, by its content (the ``filetype`` library reads magic bytes),
and whether its name says the same. Only office documents, images and plain text are kept:
an attachment is read by people at the RPF and the LSI, never run."""

from __future__ import annotations

import os
from dataclasses import dataclass

import filetype
from flask_babel import lazy_gettext as _l

from portal.errors import RuleViolation

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# Content type -> the extensions a name of that content may end in.
ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    ODT: ("odt",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "text/plain": ("txt",),
    "text/csv": ("csv",),
}
_TEXT = {"txt": "text/plain", "csv": "text/csv"}
ALLOWED_EXTENSIONS = sorted({e for exts in ALLOWED.values() for e in exts})


@dataclass(frozen=True)
class Kind:
    mimetype: str
    extension: str


def _refuse(message) -> RuleViolation:
    return RuleViolation({"bestand": [str(message)]})


def check(filename: str, data: bytes) -> Kind:
    """The file's kind, or RuleViolation saying in Dutch why it is refused."""
    ext = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if not data:
        raise _refuse(_l("Het bestand is leeg."))
    if ext not in ALLOWED_EXTENSIONS:
        raise _refuse(
            _l(
                "Bestanden van het type .%(ext)s kunnen niet worden toegevoegd. Toegestaan: "
                "%(lijst)s.",
                ext=ext or "?",
                lijst=", ".join(f".{e}" for e in ALLOWED_EXTENSIONS),
            )
        )
    guessed = filetype.guess(data)
    if guessed is None:
        # No magic bytes: only plain text (and then it must really be text) is acceptable.
        if ext in _TEXT:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise _refuse(
                    _l("Het tekstbestand is geen geldige UTF-8-tekst. Sla het op als UTF-8.")
                ) from None
            if "\x00" in text:
                raise _refuse(_l("Het tekstbestand bevat binaire gegevens."))
            return Kind(_TEXT[ext], ext)
        raise _refuse(
            _l(
                "De inhoud van het bestand is geen .%(ext)s; het type kon niet worden herkend.",
                ext=ext,
            )
        )
    if guessed.mime not in ALLOWED:
        raise _refuse(
            _l(
                "De inhoud van het bestand is %(soort)s (.%(echt)s), dat kan niet worden "
                "toegevoegd.",
                soort=guessed.mime,
                echt=guessed.extension,
            )
        )
    if ext not in ALLOWED[guessed.mime]:
        raise _refuse(
            _l(
                "De naam eindigt op .%(ext)s, maar de inhoud is een .%(echt)s-bestand. "
                "Gebruik de juiste extensie.",
                ext=ext,
                echt=ALLOWED[guessed.mime][0],
            )
        )
    return Kind(guessed.mime, ext)
