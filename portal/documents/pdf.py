"""PDF export through LibreOffice headless (`soffice --convert-to pdf`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "PDF-export gebruikt LibreOffice. Installeer het op de server (Debian: "
    "'apt-get install libreoffice-writer-nogui fonts-crosextra-carlito') en probeer opnieuw; "
    "het .docx-bestand is wel beschikbaar."
)


class PdfUnavailable(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(docx)
        # A private profile per call: concurrent conversions would otherwise lock each other.
        profile = Path(tmp) / "profile"
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
