"""What every generated .docx says about itself: its language and its core properties.

Templates come from python-docx (the shipped ones and the casustafel forms) or from an
administrator's Word; both declare English (python-docx's default styles say en-US, so Word
and LibreOffice spell-check every Dutch word as wrong and a PDF says /Lang en-US) and carry
python-docx's or the uploader's title and author. The documents are LSI formats in Dutch -
also when the screen is in English - so the renderer sets both here, once, for every
document type and every template: the document default language becomes nl-NL, English
marks on styles and runs give way to it, and the core properties name the document, its
project and the person who generated it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from lxml import etree

LANGUAGE = "nl-NL"
PORTAL = "Interventieportaal"

_LANG_TAGS = (qn("w:lang"), qn("w:themeFontLang"))
_VAL, _EAST_ASIA, _BIDI = qn("w:val"), qn("w:eastAsia"), qn("w:bidi")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
# Any attribute value "en" or "en-XX": a cheap test before a part kept as bytes is parsed.
_ENGLISH_VALUE = re.compile(rb'="en(?:-[a-z0-9]+)?"', re.IGNORECASE)


@dataclass(frozen=True)
class Properties:
    title: str
    author: str
    subject: str = ""
    keywords: str = ""
    category: str = ""
    version: int | None = None


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def from_context(context: Mapping[str, Any], author: str | None = None) -> Properties:
    """'Projectvoorstel KEMPEN-HAM – Aanpak Hambaken (versie 2)' from the template context
    (every document type has ``document.titel`` and ``project.code``/``naam``)."""
    document = context.get("document") or {}
    project = context.get("project") or {}
    titel = _text(document.get("titel")) or "Document"
    code, naam = _text(project.get("code")), _text(project.get("naam"))
    versie = document.get("versie")
    title = " ".join(part for part in (titel, code) if part)
    if naam:
        title += f" – {naam}"
    if isinstance(versie, int):
        title += f" (versie {versie})"
    return Properties(
        title=title,
        author=_text(author) or PORTAL,
        subject=naam,
        keywords=", ".join(part for part in ("LSI", titel, code) if part),
        category=titel,
        version=versie if isinstance(versie, int) else None,
    )


def apply(doc: DocxDocument, props: Properties, now: dt.datetime | None = None) -> None:
    """Set the language and the core properties of a (rendered) document before saving."""
    declare_dutch(doc)
    core = doc.core_properties
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0, tzinfo=None)
    core.title = props.title[:255]
    core.author = props.author[:255]
    core.last_modified_by = props.author[:255]
    core.subject = props.subject[:255]
    core.keywords = props.keywords[:255]
    core.category = props.category[:255]
    core.comments = f"Gegenereerd door het {PORTAL}"
    core.language = LANGUAGE
    core.created = core.modified = now
    core.revision = props.version or 1
    if props.version:
        core.version = str(props.version)


def _english(value: str | None) -> bool:
    return bool(value) and value.lower().split("-")[0] == "en"


def _fix(lang: etree._Element) -> bool:
    """nl-NL for an English language mark; an English East Asian mark says nothing useful
    (Word's own default), so it goes and the application's default applies. Other
    languages (a quote marked German, the Arabic complex-script default) stay."""
    changed = False
    if _english(lang.get(_VAL)):
        lang.set(_VAL, LANGUAGE)
        changed = True
    if _english(lang.get(_EAST_ASIA)):
        del lang.attrib[_EAST_ASIA]
        changed = True
    if _english(lang.get(_BIDI)):
        del lang.attrib[_BIDI]
        changed = True
    if not lang.attrib and lang.tag == qn("w:lang"):
        lang.getparent().remove(lang)
    return changed


def _fix_tree(root: etree._Element) -> bool:
    changed = False
    for tag in _LANG_TAGS:
        for lang in list(root.iter(tag)):
            changed = _fix(lang) or changed
    return changed


def _default_language(doc: DocxDocument) -> None:
    """styles.xml w:docDefaults/w:rPrDefault/w:rPr/w:lang w:val="nl-NL": the language of
    every run that does not say otherwise (created where a template has none)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, defaults)  # the schema puts it first
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(qn("w:rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
        after = [rpr.find(qn(t)) for t in _AFTER_LANG]
        first = next((el for el in after if el is not None), None)
        if first is not None:  # the schema's order: only these three follow w:lang
            first.addprevious(lang)
    lang.set(_VAL, LANGUAGE)


def _xml_parts(doc: DocxDocument) -> Iterator[Part]:
    seen: set[str] = set()
    for part in doc.part.package.iter_parts():
        if str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        yield part


def declare_dutch(doc: DocxDocument) -> None:
    """nl-NL as the document's default language, and no English marks left in any part."""
    _default_language(doc)
    for part in _xml_parts(doc):
        if isinstance(part, XmlPart):
            _fix_tree(part.element)
        elif part.partname.startswith("/word/") and part.content_type.endswith("+xml"):
            # Parts python-docx keeps as bytes (stylesWithEffects.xml, footnotes docxtpl
            # rendered): parsed only where they carry a language at all.
            blob = part.blob
            if not _ENGLISH_VALUE.search(blob):
                continue  # most of them: parsing stylesWithEffects alone takes 15 ms
            root = etree.fromstring(blob)
            if _fix_tree(root):
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
