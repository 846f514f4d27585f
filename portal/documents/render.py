"""Rendering: a sandboxed, autoescaping Jinja environment and a fresh DocxTemplate per call
(STACK_NOTES: without autoescape '&' vanishes; without the sandbox a template runs code;
a shared DocxTemplate mixes outputs across threads)."""

from __future__ import annotations

import io
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _images(tpl: DocxTemplate, value: Any) -> Any:
    """Charts arrive as {"titel", "png": bytes}; give the template an inline image."""
    if isinstance(value, dict):
        out = {k: _images(tpl, v) for k, v in value.items()}
        if isinstance(value.get("png"), bytes | bytearray):
            out["afbeelding"] = InlineImage(tpl, io.BytesIO(value["png"]), width=Mm(150))
        return out
    if isinstance(value, list):
        return [_images(tpl, v) for v in value]
    return value


def render(template: bytes, context: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(_images(tpl, context), jinja_env=environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
