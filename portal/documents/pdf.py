"""PDF export through LibreOffice headless (`soffice --convert-to pdf`).

Most of a conversion is LibreOffice setting up a new user profile. Profiles are therefore
kept and reused by the process - each by one conversion at a time (a file lock), with a
throw-away profile when all are busy. A conversion that
fails discards its profile, so a damaged one is never reused.
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = (
    "PDF-export gebruikt LibreOffice. Installeer het op de server (Debian: "
    "'apt-get install libreoffice-writer-nogui fonts-crosextra-carlito') en probeer opnieuw; "
    "het .docx-bestand is wel beschikbaar."
)
POOL_SIZE = 4


class PdfUnavailable(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _pool_dir() -> Path:
    """This process's profiles: a private new directory (mkdtemp: mode 0700, a name nobody
    can take beforehand), removed when the process ends."""
    path = Path(tempfile.mkdtemp(prefix="interventieportaal-soffice-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@contextmanager
def _profile() -> Iterator[Path]:
    """A LibreOffice user profile for one conversion: a free kept one, else a fresh one."""
    for i in range(POOL_SIZE):
        slot = _pool_dir() / f"profiel-{i}"
        slot.mkdir(mode=0o700, exist_ok=True)
        lock = open(slot / ".lock", "w")  # noqa: SIM115 - held for the conversion
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        try:
            yield slot / "profile"
        except BaseException:
            shutil.rmtree(slot / "profile", ignore_errors=True)
            raise
        finally:
            lock.close()  # releases the lock
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp) / "profile"


def to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory() as tmp, _profile() as profile:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        proc = subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            capture_output=True,
            timeout=timeout,
        )
        out = Path(tmp) / "document.pdf"
        if proc.returncode != 0 or not out.exists():
            raise PdfUnavailable(
                f"LibreOffice kon het document niet omzetten: "
                f"{proc.stderr.decode(errors='replace')[:300]}"
            )
        return out.read_bytes()
