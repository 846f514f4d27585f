"""Resource limits for documents: what a .docx may hold before anything unpacks or parses it,
and what a template may produce and how long it may run while it renders.

A template is code written by a Beheerder; the Jinja sandbox stops it from reaching Python,
but not from asking for `'A' * 200000000`, a loop in a loop in a loop, a macro calling itself
twice, or a zip that unpacks to gigabytes. Every .docx the portal opens (template upload,
render, PDF conversion input) passes `check_docx` first; every render runs in a `budget`
inside `LimitedSandbox`, which refuses - with a Dutch message, as a `TemplateRefused` rule
violation - before it builds anything too large, and stops a render that runs too long.

How the sandbox bounds a template:
- every value it makes (operators, calls, filters, `~`, formatting) may be at most
  `DOCUMENT_MAX_LENGTH` characters (or items: a list counts what it would print as);
  operations that multiply (``*``, ``**``, widths in a format, ``replace``, ``join``,
  ``center``, ``indent``, ...) are checked *before* they run;
- everything it makes and writes together may be at most `DOCUMENT_MAX_OUTPUT` characters;
- every loop step, call and written piece counts against a wall-clock deadline
  (`DOCUMENT_RENDER_SECONDS`, `TEMPLATE_VALIDATE_SECONDS` for an upload's test renders);
- calls (macros included) nest at most `MAX_DEPTH` deep.
"""

from __future__ import annotations

import contextvars
import copy
import hashlib
import io
import re
import string
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import update_wrapper, wraps
from typing import Any

from flask import current_app, has_app_context
from flask_babel import gettext as _
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import LRUCache

from portal.errors import RuleViolation

DEFAULTS: dict[str, float] = {
    # A Word package: parts, unpacked size, and how much smaller than that it may be packed.
    # Word's own files have 15-60 parts and pack XML about 5-15 times; a zip bomb 1000 times.
    "DOCX_MAX_MEMBERS": 1000,
    "DOCX_MAX_UNPACKED_MB": 200,
    "DOCX_MAX_RATIO": 150,
    # What one template may make: one value, everything together, and the time it may take.
    "DOCUMENT_MAX_LENGTH": 2_000_000,
    "DOCUMENT_MAX_OUTPUT": 100_000_000,
    "DOCUMENT_RENDER_SECONDS": 60,
    "TEMPLATE_VALIDATE_SECONDS": 20,
}
# Below this unpacked size the packing ratio says nothing (a page of spaces packs 500x).
_RATIO_FLOOR = 10 * 1024 * 1024
MAX_DEPTH = 60
_MAX_INT_BITS = 100_000  # about 30,000 digits; Python refuses to print more than 4,300


def setting(name: str) -> float:
    """A limit from the app's config (tests set them small), else the default above."""
    if has_app_context():
        return current_app.config.get(name, DEFAULTS[name])
    return DEFAULTS[name]


class TemplateRefused(RuleViolation):
    """A .docx or a template breaks a resource limit; the message says which."""

    def __init__(self, message: str):
        super().__init__({"sjabloon": [message]})
        self.message = str(message)


class LimitExceeded(SecurityError):
    """Raised inside a render; a SecurityError so that Jinja and docxtpl let it through
    unchanged. `render.render` turns it into a TemplateRefused."""


# -- the package ------------------------------------------------------------------------

# Word writes no DTD; an entity declaration is how "billion laughs" and external-entity
# (XXE) files work. Searched as bytes, so no part is parsed before it has passed: in UTF-8
# (and what shares its ASCII bytes) and, for a part that starts like UTF-16/32 - the
# encodings an XML parser detects by itself from the first bytes - in those too.
_WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_NEEDLES = {
    (word, wide): tuple(word.encode(e) for e in ("utf-8", *(_WIDE if wide else ())))
    for word in ("<!ENTITY", "<!DOCTYPE")
    for wide in (False, True)
}
_DECLARED = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""")
_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "utf-16le", "utf-16be", "us-ascii", "ascii"}
_EBCDIC = b"\x4c\x6f\xa7\x94"  # '<?xm' in EBCDIC: libxml2 would read it, the search could not
_MEDIA = re.compile(r"(?:^|/)media/", re.I)
# Packages that passed, per content and limits: a render checks the same template again
# and again, and unpacking it costs more than the render's Jinja part.
_PASSED: LRUCache = LRUCache(64)


def check_docx(data: bytes) -> None:
    """Refuse a package that is not a zip, unpacks too large or too suspiciously small,
    has too many parts, or holds a DTD or entity declaration - before python-docx, lxml
    or LibreOffice see it. Reading is bounded: zipfile never returns more than a part's
    declared size, and the declared sizes are checked first."""
    bounds = tuple(
        setting(n) for n in ("DOCX_MAX_MEMBERS", "DOCX_MAX_UNPACKED_MB", "DOCX_MAX_RATIO")
    )
    key = (hashlib.sha256(data).digest(), bounds)
    if _PASSED.get(key):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise TemplateRefused(
            _("Dit is geen geldig Word-bestand (.docx): %(reden)s", reden=e)
        ) from e
    with archive:
        members = int(setting("DOCX_MAX_MEMBERS"))
        if len(infos) > members:
            raise TemplateRefused(
                _(
                    "Het Word-bestand bestaat uit %(n)s onderdelen; meer dan %(max)s wordt "
                    "niet geopend.",
                    n=len(infos),
                    max=members,
                )
            )
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        max_mb = setting("DOCX_MAX_UNPACKED_MB")
        if unpacked > max_mb * 1024 * 1024:
            raise TemplateRefused(
                _(
                    "Het Word-bestand is uitgepakt %(mb)s MB groot; meer dan %(max)s MB wordt "
                    "niet geopend.",
                    mb=unpacked // (1024 * 1024),
                    max=max_mb,
                )
            )
        ratio = setting("DOCX_MAX_RATIO")
        if unpacked > _RATIO_FLOOR and unpacked > ratio * max(packed, 1):
            raise TemplateRefused(
                _(
                    "Het Word-bestand is %(x)s keer kleiner ingepakt dan uitgepakt (een "
                    "'zip-bom'); het wordt niet geopend.",
                    x=unpacked // max(packed, 1),
                )
            )
        for info in infos:
            try:
                blob = archive.read(info)
            except (
                zipfile.BadZipFile,
                NotImplementedError,
                RuntimeError,
                ValueError,
                OSError,
            ) as e:
                raise TemplateRefused(
                    _("Dit is geen geldig Word-bestand (.docx): %(reden)s", reden=e)
                ) from e
            _check_part(info.filename, blob)
    _PASSED[key] = True


def _check_part(name: str, blob: bytes) -> None:
    # Images are not parsed as XML by Word or python-docx; an SVG may carry a DOCTYPE.
    words = ("<!ENTITY",) if _MEDIA.search(name) else ("<!ENTITY", "<!DOCTYPE")
    wide = blob[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in blob[:4]
    if any(needle in blob for word in words for needle in _NEEDLES[word, wide]):
        raise TemplateRefused(
            _(
                "Het Word-bestand bevat een DTD of entiteitsdefinitie (in %(part)s); Word "
                "maakt die nooit en zo'n bestand wordt niet geopend.",
                part=name,
            )
        )
    head = blob[:200]
    declared = _DECLARED.match(head)
    if head.startswith(_EBCDIC) or (
        declared and declared.group(1).decode("ascii", "replace").lower() not in _ENCODINGS
    ):
        raise TemplateRefused(
            _("Het Word-bestand gebruikt een onbekende tekenset (in %(part)s).", part=name)
        )


# -- the render budget ------------------------------------------------------------------


@dataclass
class Budget:
    deadline: float
    seconds: float
    max_length: int
    max_output: int
    made: int = 0
    depth: int = 0
    ticks: int = 0

    def tick(self) -> None:
        self.ticks += 1
        if not self.ticks & 0xF and time.monotonic() > self.deadline:
            raise LimitExceeded(
                _(
                    "Het sjabloon doet er langer dan %(s)s seconden over; het is afgebroken.",
                    s=f"{self.seconds:g}",
                )
            )

    def want(self, length: int) -> None:
        """Refuse a value of `length` characters, before it is made where that can be known."""
        if length > self.max_length:
            raise LimitExceeded(
                _(
                    "Het sjabloon maakt een tekst of lijst van %(n)s tekens of meer; "
                    "hoogstens %(max)s mag.",
                    n=length,
                    max=self.max_length,
                )
            )

    def account(self, length: int) -> None:
        """Count what was made or written against the total."""
        self.made += length
        if self.made > self.max_output:
            raise LimitExceeded(
                _(
                    "Het sjabloon maakt samen meer dan %(max)s tekens; dat mag niet.",
                    max=self.max_output,
                )
            )


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "document_budget", default=None
)


def _unbounded() -> Budget:
    """Outside `budget()` (a render that is not the portal's): sizes bounded, time not."""
    return Budget(float("inf"), float("inf"), int(setting("DOCUMENT_MAX_LENGTH")), 1 << 62)


def current() -> Budget:
    b = _CURRENT.get()
    if b is None:
        b = _unbounded()
        _CURRENT.set(b)
    return b


@contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """A fresh size budget for one render; the deadline is the nearer of `seconds` from now
    and an enclosing budget's (an upload's validation covers its test renders)."""
    outer = _CURRENT.get()
    b = Budget(
        time.monotonic() + seconds,
        seconds,
        int(setting("DOCUMENT_MAX_LENGTH")),
        int(setting("DOCUMENT_MAX_OUTPUT")),
    )
    if outer is not None and outer.deadline < b.deadline:
        b.deadline, b.seconds = outer.deadline, outer.seconds
    token = _CURRENT.set(b)
    try:
        yield b
    finally:
        _CURRENT.reset(token)


# -- measuring values -------------------------------------------------------------------

_CONTAINERS = (list, tuple, dict, set, frozenset)


def volume(value: Any, limit: int) -> int:
    """About how many characters `value` prints as, counted up to just past `limit`. A list
    may hold one long text a million times: its length says nothing, what it prints does."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 1
    if not isinstance(value, _CONTAINERS):
        return 1
    b = current()
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item) + 2
        elif isinstance(item, dict):
            total += 2 * len(item) + 2
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            total += len(item) + 2
            stack.extend(item)
        else:
            total += 2
        if len(stack) > 4096:
            b.tick()
    return total


def _measured(value: Any, b: Budget | None = None) -> Any:
    """A value the template made: within the limits, and counted."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > _MAX_INT_BITS:
            raise LimitExceeded(_("Het sjabloon rekent met te grote getallen."))
    elif isinstance(value, (str, bytes, *_CONTAINERS)):
        b = b or current()
        n = volume(value, b.max_length)
        b.want(n)
        b.account(n)
    return value


def _number(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _joined(b: Budget, sep: str, items: Iterable[Any]) -> list[Any]:
    """The items, after checking that joining them with `sep` stays within the limit."""
    items = list(items)
    total = len(sep) * max(len(items) - 1, 0)
    for item in items:
        if total > b.max_length:
            break
        total += volume(item, b.max_length - total)
    b.want(total)
    return items


def _replaced(b: Budget, text: str, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    n = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        n = min(n, count)
    b.want(len(text) + n * (len(new) - len(old)))


_SPEC_NUMBER = re.compile(r"\d+")
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_widths(b: Budget, numbers: Iterable[str], star: bool, args: Iterable[Any]) -> None:
    """Widths and precisions in a format, and the arguments that fill ``*`` or ``{}``."""
    for number in numbers:
        if number and number != "*" and len(number) <= 12:
            b.want(int(number))
        elif number and number != "*":
            b.want(b.max_length + 1)
    values = list(args)
    if star:
        for value in values:
            b.want(abs(_number(value)))
    for value in values:  # what each argument prints as
        volume_ = volume(value, b.max_length)
        if volume_ > b.max_length:
            b.want(volume_)


def _check_printf(b: Budget, fmt: Any, args: Any) -> None:
    if not isinstance(fmt, str):
        return
    values = (
        args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    )
    found = _PRINTF.findall(fmt)
    numbers = [n for pair in found for n in pair]
    _check_widths(b, numbers, "*" in numbers, values)


def _check_format(b: Budget, fmt: str, args: tuple, kwargs: dict) -> None:
    numbers, nested = [], False
    try:
        for _literal, _field, spec, _conv in string.Formatter().parse(fmt):
            if spec:
                numbers.extend(_SPEC_NUMBER.findall(spec))
                nested = nested or "{" in spec
    except ValueError:
        return  # str.format will refuse it itself
    values = [*args, *kwargs.values()]
    if len(args) == 1 and isinstance(args[0], dict) and not kwargs:  # format_map
        values.extend(args[0].values())
    _check_widths(b, numbers, nested, values)


# Filters that make something larger than what they are given, checked before they run
# (their arguments as Jinja passes them, after an eval-context or environment argument).
def _f_center(b: Budget, value: Any, width: Any = 80, *a: Any, **k: Any) -> None:
    b.want(max(volume(value, b.max_length), _number(width)))


def _f_indent(b: Budget, s: Any, width: Any = 4, *a: Any, **k: Any) -> None:
    text = str(s) if isinstance(s, str) else ""
    pad = len(width) if isinstance(width, str) else _number(width)
    b.want(volume(s, b.max_length) + (text.count("\n") + 1) * pad)


def _f_wordwrap(b: Budget, env: Any, s: Any, width: Any = 79, *a: Any, **k: Any) -> None:
    wrap = k.get("wrapstring") or (a[1] if len(a) > 1 else None) or "\n"
    n = volume(s, b.max_length)
    b.want(n + (n // max(_number(width), 1) + 1) * len(str(wrap)))


def _f_format(b: Budget, value: Any, *args: Any, **kwargs: Any) -> None:
    _check_printf(b, value, kwargs or args)


def _f_replace(b: Budget, ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> None:
    _replaced(b, str(s) if isinstance(s, str) else "", old, new, -1 if count is None else count)


def _f_join(b: Budget, ctx: Any, value: Any, *rest: Any, **kw: Any) -> tuple:
    items = list(value)
    sep = rest[0] if rest else kw.get("d", "")
    attribute = rest[1] if len(rest) > 1 else kw.get("attribute")
    if attribute is not None:
        get = make_attrgetter(ctx.environment, attribute)
        _joined(b, str(sep), [get(x) for x in items])
    else:
        _joined(b, str(sep), items)
    return (ctx, items, *rest)  # the items, read once already


def _f_count(b: Budget, value: Any, count: Any = 0, *a: Any, **k: Any) -> None:
    b.want(_number(count))  # batch(linecount, fill_with), slice(slices, fill_with)


def _f_sum(b: Budget, env: Any, iterable: Any, *rest: Any, **kw: Any) -> tuple:
    items = list(iterable)
    start = rest[1] if len(rest) > 1 else kw.get("start", 0)
    if not isinstance(start, int | float):
        # Adding lists or texts one by one copies them every time: check the whole first.
        b.want(len(items) * len(items) // 2 if len(items) > 1000 else 0)
        _joined(b, "", items)
    return (env, items, *rest)


_FILTER_CHECKS: dict[str, Callable[..., Any]] = {
    "center": _f_center,
    "indent": _f_indent,
    "wordwrap": _f_wordwrap,
    "format": _f_format,
    "replace": _f_replace,
    "join": _f_join,
    "batch": _f_count,
    "slice": _f_count,
    "sum": _f_sum,
}
# Filters that turn a whole list into text: what the list prints as is checked first.
_STRINGIFYING = {
    "string", "pprint", "tojson", "striptags", "upper", "lower", "title", "capitalize",
    "trim", "truncate", "urlize", "urlencode", "escape", "e", "forceescape", "safe",
    "wordcount", "xmlattr", "int", "float", "filesizeformat",
}  # fmt: skip


def _checked_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    check = _FILTER_CHECKS.get(name)

    @wraps(func)  # keeps Jinja's pass_context/pass_environment marker
    def checked(*args: Any, **kwargs: Any) -> Any:
        b = current()
        b.tick()
        if check is not None:
            replaced = check(b, *args, **kwargs)
            if replaced is not None:  # an iterable the check has read: pass it on as read
                args = replaced
        elif name in _STRINGIFYING:
            for value in args:
                if isinstance(value, _CONTAINERS):
                    b.want(volume(value, b.max_length))
        return _measured(func(*args, **kwargs), b)

    return checked


# -- the sandbox ------------------------------------------------------------------------

_STR_WIDTH = {"center", "ljust", "rjust", "zfill"}


class _CodeGenerator(CodeGenerator):
    """Two hooks the sandbox does not have: every ``for`` iterates through the budget (a
    loop with an empty body otherwise runs without any check), and ``~`` is measured."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node = copy.copy(node)  # the parsed tree stays as written (validation reads it)
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("budget_iter"), [node.iter], [], None, None
        ).set_lineno(node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        else:
            markup = "True" if frame.eval_ctx.autoescape else "False"
        self.write(f"environment.checked_concat({markup}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox with size, depth and time limits (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})
    code_generator_class = _CodeGenerator

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filters = {name: _checked_filter(name, f) for name, f in self.filters.items()}
        self.finalize = self._finalize_output

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        b = current()
        if operator == "*":
            seq, n = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(seq, str | bytes | list | tuple) and isinstance(n, int):
                b.want(volume(seq, b.max_length) * max(n, 0))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if max(left.bit_length(), 1) * right > _MAX_INT_BITS:
                raise LimitExceeded(_("Het sjabloon rekent met te grote getallen."))
        elif operator == "%" and isinstance(left, str):
            _check_printf(b, left, right)
        return _measured(self.binop_table[operator](left, right), b)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        b = current()
        b.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _STR_WIDTH and args:
                b.want(max(len(owner), _number(args[0])))
            elif name == "expandtabs":
                tab = args[0] if args else kwargs.get("tabsize", 8)
                b.want(len(owner) + owner.count("\t") * _number(tab))
            elif name == "replace" and len(args) >= 2:
                _replaced(b, owner, *args[:3])
            elif name == "join" and args:
                args = (_joined(b, owner, args[0]), *args[1:])
        b.depth += 1
        try:
            if b.depth > MAX_DEPTH:
                raise LimitExceeded(
                    _(
                        "Het sjabloon roept zichzelf te diep aan (meer dan %(max)s niveaus).",
                        max=MAX_DEPTH,
                    )
                )
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            b.depth -= 1
        if isinstance(owner, _CONTAINERS):  # list.extend, dict.update and the like
            b.want(volume(owner, b.max_length))
        return _measured(result, b)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        fmt = super().wrap_str_format(value)
        if fmt is None:
            return None
        source = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            b = current()
            _check_format(b, source, args, kwargs)
            return _measured(fmt(*args, **kwargs), b)

        return update_wrapper(checked, value)

    def budget_iter(self, iterable: Any) -> Iterator[Any]:
        b = current()
        for item in iterable:
            b.tick()
            yield item

    def checked_concat(self, markup: bool, parts: tuple) -> str:
        b = current()
        _joined(b, "", parts)
        joined = (markup_join if markup else str_join)(parts)
        b.account(len(joined))
        return joined

    def _finalize_output(self, value: Any) -> Any:
        # What ``{{ ... }}`` prints; a list prints everything in it.
        if isinstance(value, _CONTAINERS):
            b = current()
            b.want(volume(value, b.max_length))
        return value

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        """Everything a template (or a macro, or a ``set`` block) writes goes through here."""
        b = current()
        out: list[str] = []
        pending = 0
        for chunk in chunks:
            out.append(chunk)
            pending += len(chunk)
            # Counted in batches (each piece is a measured value): this runs per piece.
            if pending > 65536 or not len(out) & 0x3F:
                b.account(pending)
                b.tick()
                pending = 0
        b.account(pending)
        return "".join(out)
