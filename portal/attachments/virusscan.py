"""The virus-scan hook: ClamAV where it is installed.

Which scanner: the setting ``CLAMAV_COMMAND``, else ``clamdscan`` (the daemon: fast) or
``clamscan`` on PATH; ``CLAMAV_DATABASE`` is passed as ``-d`` (tests use a signature file of
their own). ``VIRUS_SCAN`` says what happens without a working scanner: "auto" (default)
accepts the file marked "Niet gescand" with a visible message, "required" refuses it, "off"
does not scan. A file ClamAV finds infected is always refused. The bytes go through stdin,
so nothing is written to disk.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from models.bijlage import GESCAND, NIET_GESCAND
from portal.errors import RuleViolation

SCAN_SECONDS = 120


@dataclass(frozen=True)
class ScanResult:
    status: str  # GESCAND or NIET_GESCAND
    melding: str | None  # why it was not scanned (shown next to the file)


def command() -> list[str] | None:
    """The scanner's command line without the file argument, or None where none is found."""
    cfg = current_app.config
    configured = cfg.get("CLAMAV_COMMAND")
    if configured:
        found = shutil.which(configured)
        if found is None:
            return None
        cmd = [found]
    else:
        database = cfg.get("CLAMAV_DATABASE")
        # clamdscan takes no -d (the daemon has its own database): with a database, clamscan.
        names = ("clamscan",) if database else ("clamdscan", "clamscan")
        found = next((p for p in map(shutil.which, names) if p), None)
        if found is None:
            return None
        cmd = [found]
    if cfg.get("CLAMAV_DATABASE"):
        cmd += ["-d", str(cfg["CLAMAV_DATABASE"])]
    return [*cmd, "--no-summary", "-"]


def _not_scanned(reason: str) -> ScanResult:
    mode = current_app.config.get("VIRUS_SCAN", "auto")
    if mode == "required":
        raise RuleViolation(
            {
                "bestand": [
                    str(
                        _l(
                            "Het bestand kan nu niet op virussen worden gescand (%(reden)s) en "
                            "dat is hier verplicht. Probeer het later opnieuw of neem contact op "
                            "met functioneel beheer.",
                            reden=reason,
                        )
                    )
                ]
            }
        )
    return ScanResult(NIET_GESCAND, reason)


def scan(data: bytes) -> ScanResult:
    """Scan the bytes; RuleViolation when infected (or when a scan is required and fails)."""
    if current_app.config.get("VIRUS_SCAN", "auto") == "off":
        return ScanResult(NIET_GESCAND, str(_l("virusscan staat uit")))
    cmd = command()
    if cmd is None:
        return _not_scanned(str(_l("geen virusscanner (ClamAV) geïnstalleerd")))
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command line, the file on stdin
            cmd, input=data, capture_output=True, timeout=SCAN_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return _not_scanned(
            str(_l("de virusscanner gaf een fout: %(fout)s", fout=type(e).__name__))
        )
    if done.returncode == 0:
        return ScanResult(GESCAND, None)
    if done.returncode == 1:
        out = done.stdout.decode("utf-8", "replace").strip()
        name = out.rsplit(":", 1)[-1].replace("FOUND", "").strip() if out else "?"
        raise RuleViolation(
            {
                "bestand": [
                    str(
                        _l(
                            "De virusscanner heeft een besmetting gevonden (%(naam)s). Het "
                            "bestand is niet opgeslagen.",
                            naam=name,
                        )
                    )
                ]
            }
        )
    err = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
    return _not_scanned(
        str(_l("de virusscanner gaf een fout: %(fout)s", fout=(err[-1] if err else "?")[:150]))
    )
