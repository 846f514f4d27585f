"""PDF export through LibreOffice headless.

Where LibreOffice's Python bridge is present (Debian: python3-uno, which LibreOffice
itself depends on), each portal process keeps up to POOL_SIZE resident converters
(`uno_worker.py`, each with its own warm soffice). They update the table of contents and
page fields before exporting - `soffice --convert-to` leaves the contents list without page
numbers - and skip LibreOffice's start-up on every conversion. A converter that fails or
stops answering is killed with its soffice and replaced on the next request; an idle one
exits by itself. Without the bridge, every conversion is a one-off `soffice --convert-to`
with a throw-away profile.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from portal.documents import limits

INSTALL_HINT = (
    "PDF-export gebruikt LibreOffice. Installeer het op de server (Debian: "
    "'apt-get install libreoffice-writer-nogui python3-uno fonts-crosextra-carlito') en "
    "probeer opnieuw; het .docx-bestand is wel beschikbaar."
)
# Each converter holds a soffice of about 200 MB while it lives; an idle one exits.
POOL_SIZE = int(os.environ.get("LSI_PDF_CONVERTERS", "2"))
IDLE_SECONDS = int(os.environ.get("LSI_PDF_IDLE_SECONDS", "600"))
START_SECONDS = 60
WORKER = Path(__file__).with_name("uno_worker.py")
# Accessible PDFs (WCAG 2.1 / EN 301 549, PDF/UA where LibreOffice 7.4+ can): a structure
# tree for screen readers, the document's title (its core property) in the viewer's title
# bar, bookmarks from the headings. /Lang comes from the .docx's default language, nl-NL
# since `properties.py`. Both conversion paths pass these same options.
EXPORT_OPTIONS: dict[str, bool] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "DisplayPDFDocTitle": True,
    "ExportBookmarks": True,
}


class PdfUnavailable(RuntimeError):
    pass


class _ConverterGone(PdfUnavailable):
    """The resident converter exited (idle, crashed): a fresh one may simply be retried."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _clean_env() -> dict[str, str]:
    """The worker runs another Python: keep the portal's virtualenv out of its path."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    return {k: v for k, v in os.environ.items() if k not in drop}


@functools.cache
def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno`` module, or None."""
    office = soffice()
    candidates = [os.environ.get("LSI_UNO_PYTHON"), "/usr/bin/python3"]
    if office:
        candidates.append(str(Path(os.path.realpath(office)).parent / "python"))
    for candidate in candidates:
        if not candidate or not os.access(candidate, os.X_OK):
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, timeout=30, env=_clean_env()
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


@functools.cache
def _pool_dir() -> Path:
    """This process's profiles: a private new directory (mkdtemp: mode 0700, a name nobody
    can take beforehand), removed when the process ends."""
    path = Path(tempfile.mkdtemp(prefix="interventieportaal-soffice-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


class _Resident:
    """One uno_worker process and its soffice, in a process group of their own."""

    def __init__(self, python: str, office: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="profiel-", dir=_pool_dir()))
        self.proc = subprocess.Popen(
            [python, str(WORKER), office, self.profile.as_uri(), str(IDLE_SECONDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            start_new_session=True,
            env=_clean_env(),
        )
        answer = self._answer(START_SECONDS)
        if not answer.get("ready"):
            self.close()
            raise PdfUnavailable(f"LibreOffice start niet: {answer.get('error', '-')}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def _answer(self, timeout: float) -> dict:
        readable, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not readable:
            self.close()
            raise PdfUnavailable(f"LibreOffice reageerde niet binnen {timeout:.0f} seconden.")
        line = self.proc.stdout.readline()
        if not line:
            self.close()
            raise _ConverterGone("LibreOffice is onverwacht gestopt.")
        return json.loads(line)

    def convert(self, src: Path, dst: Path, timeout: float) -> None:
        try:
            request = {"src": str(src), "dst": str(dst), "options": EXPORT_OPTIONS}
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
        except OSError:  # a broken pipe: it exited after the last look
            self.close()
            raise _ConverterGone("LibreOffice is onverwacht gestopt.") from None
        answer = self._answer(timeout)
        if answer.get("gone"):
            self.close()
            raise _ConverterGone(f"LibreOffice is onverwacht gestopt: {answer.get('error')}")
        if not answer.get("ok"):
            raise PdfUnavailable(
                f"LibreOffice kon het document niet omzetten: {answer.get('error', '-')}"
            )

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            stream.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class _Pool:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.idle: list[_Resident] = []
        self.count = 0
        self.cond = threading.Condition()

    @contextmanager
    def resident(self, python: str, office: str) -> Iterator[_Resident]:
        found: _Resident | None = None
        with self.cond:
            while found is None:
                while self.idle and found is None:
                    candidate = self.idle.pop()
                    if candidate.alive():
                        found = candidate
                    else:  # exited while idle
                        candidate.close()
                        self.count -= 1
                if found is None and self.count < POOL_SIZE:
                    self.count += 1
                    break
                if found is None:
                    self.cond.wait()
        ok = False
        try:
            if found is None:
                found = _Resident(python, office)
            yield found
            ok = True
        finally:
            with self.cond:
                if ok and found.alive():
                    self.idle.append(found)
                else:  # a failed converter is never reused
                    if found is not None:
                        found.close()
                    self.count -= 1
                self.cond.notify()

    def close(self) -> None:
        with self.cond:
            for resident in self.idle:
                resident.close()
            self.count -= len(self.idle)
            self.idle.clear()


_POOL = _Pool()
_POOL_LOCK = threading.Lock()


def _pool() -> _Pool:
    """The pool of this process (a forked gunicorn worker starts its own)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL.pid != os.getpid():
            _POOL = _Pool()
        return _POOL


atexit.register(lambda: _pool().close())


def _convert_to() -> str:
    """``pdf:writer_pdf_Export:{...}``: the export options in soffice's JSON syntax (7.4+)."""
    options = {
        name: {"type": "boolean", "value": "true" if value else "false"}
        for name, value in EXPORT_OPTIONS.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(options)


def _convert_once(office: str, src: Path, outdir: Path, timeout: int) -> Path:
    with tempfile.TemporaryDirectory(dir=_pool_dir()) as profile:
        proc = subprocess.run(
            [
                office,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                _convert_to(),
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            timeout=timeout,
        )
    out = outdir / f"{src.stem}.pdf"
    if proc.returncode != 0 or not out.exists():
        raise PdfUnavailable(
            f"LibreOffice kon het document niet omzetten: "
            f"{proc.stderr.decode(errors='replace')[:300]}"
        )
    return out


def to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    office = soffice()
    if office is None:
        raise PdfUnavailable(INSTALL_HINT)
    try:  # LibreOffice unpacks and parses it: the same package check as every other path
        limits.check_docx(docx)
    except limits.TemplateRefused as e:
        raise PdfUnavailable(e.message) from e
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        python = uno_python()
        if python is None:
            return _convert_once(office, src, Path(tmp), timeout).read_bytes()
        dst = Path(tmp) / "document.pdf"
        for attempt in (1, 2):
            try:
                with _pool().resident(python, office) as resident:
                    resident.convert(src, dst, timeout)
                break
            except _ConverterGone:
                if attempt == 2:
                    raise
        return dst.read_bytes()
