"""Rendering: a sandboxed, autoescaping Jinja environment and a fresh DocxTemplate per call
(STACK_NOTES: without autoescape '&' vanishes; without the sandbox a template runs code;
a shared DocxTemplate mixes outputs across threads). The environment is the sandbox with
resource limits of `limits.py`, and every render runs the package check and a budget first.

docxtpl cleans every XML part with a dozen regexes and compiles it with ``from_string`` on
each render - about half of its time, and the same work every time for the same template.
Both steps are pure functions of the template text, so they are kept per text (bounded
LRU): the DocxTemplate, its package and the output stay per call, and a new template
version is new text, so nothing stale can be served.
"""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from flask import has_request_context
from flask_babel import gettext as _
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import LRUCache
from lxml.etree import XMLSyntaxError

from portal.documents import limits, properties

# Four document types with body, headers, footers and properties each, a few versions.
_CACHE_SIZE = 256


def environment() -> SandboxedEnvironment:
    """A fresh plain sandbox, as docxtpl would be used without the portal: for parsing a
    template (validation) and as the benchmark's baseline. Renders go through `render`."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


class _CompilingOnceEnvironment(limits.LimitedSandbox):
    """The limited sandbox with compiled templates kept per source text. Jinja templates
    are safe to render from several threads at once (the budget is per context)."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled = LRUCache(_CACHE_SIZE)

    def from_string(self, source, globals=None, template_class=None) -> Template:  # noqa: A002
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)
            self._compiled[source] = compiled
        return compiled


_ENV = _CompilingOnceEnvironment()
_PATCHED = LRUCache(_CACHE_SIZE)


class _Template(DocxTemplate):
    def patch_xml(self, src_xml: str) -> str:
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patched = super().patch_xml(src_xml)
            _PATCHED[src_xml] = patched
        return patched


class _DescribedImage(InlineImage):
    """An inline image with its alternative text (Word's "alt text", LibreOffice's /Alt in a
    tagged PDF): a figure without one fails WCAG 1.1.1 and PDF/UA."""

    def __init__(self, tpl: DocxTemplate, data: bytes, alt: str) -> None:
        super().__init__(tpl, io.BytesIO(data), width=Mm(150))
        self.alt = alt

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height
        )
        for element in inline.xpath(".//wp:docPr | .//pic:cNvPr"):
            element.set("descr", self.alt)
        return (
            f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
            '<w:t xml:space="preserve">'
        )


def _images(tpl: DocxTemplate, value: Any) -> Any:
    """Charts arrive as {"titel", "png": bytes}; give the template an inline image."""
    if isinstance(value, dict):
        out = {k: _images(tpl, v) for k, v in value.items()}
        if isinstance(value.get("png"), bytes | bytearray):
            alt = str(value.get("titel") or "Grafiek")
            out["afbeelding"] = _DescribedImage(tpl, value["png"], alt)
        return out
    if isinstance(value, list):
        return [_images(tpl, v) for v in value]
    return value


def _signed_in() -> str | None:
    """The full name of the user of this request, if any (casustafel documents, CLI: none)."""
    if not has_request_context():
        return None
    from flask_login import current_user

    if not getattr(current_user, "is_authenticated", False):
        return None
    name = f"{current_user.first_name or ''} {current_user.last_name or ''}".strip()
    return name or current_user.username


def render(
    template: bytes,
    context: dict[str, Any],
    seconds: float | None = None,
    *,
    author: str | None = None,
) -> bytes:
    """The .docx made from `template` with `context`. A package or a render that breaks a
    resource limit raises `limits.TemplateRefused` (a RuleViolation) with the reason, so
    screens and API answer it like any other rule; Jinja's own errors pass unchanged.
    Every output declares Dutch and names itself (`properties`); `author` is the person
    who generates it (default: the signed-in user, else the portal)."""
    limits.check_docx(template)
    if seconds is None:
        seconds = limits.setting("DOCUMENT_RENDER_SECONDS")
    try:
        with limits.budget(seconds):
            tpl = _Template(io.BytesIO(template))
            tpl.render(_images(tpl, context), jinja_env=_ENV, autoescape=True)
    except limits.LimitExceeded as e:
        raise limits.TemplateRefused(str(e)) from e
    except RecursionError as e:
        raise limits.TemplateRefused(
            _("Het sjabloon roept zichzelf te diep aan; het is afgebroken.")
        ) from e
    except XMLSyntaxError as e:  # what the template wrote is no Word XML (or far too deep)
        raise limits.TemplateRefused(
            _("Het sjabloon levert geen geldig Word-document op: %(reden)s", reden=e)
        ) from e
    properties.apply(tpl.docx, properties.from_context(context, author or _signed_in()))
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
