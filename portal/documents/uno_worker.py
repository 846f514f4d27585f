"""A resident LibreOffice converter, run by the Python that has LibreOffice's ``uno`` module
(Debian: /usr/bin/python3 with python3-uno), not by the portal's virtualenv.

It starts one headless soffice with its own profile and keeps it warm. Requests arrive as
JSON lines on stdin (``{"src": ..., "dst": ...}``); each answer is one JSON line on stdout.
Before exporting it updates the tables of contents and fields, which ``soffice
--convert-to`` does not do (its PDF would show a contents list without page numbers).
It exits - and takes soffice with it - on end of input (its parent is gone), after
``idle`` seconds without work, or when the bridge to soffice breaks.

Usage: python3 uno_worker.py SOFFICE PROFILE_URL IDLE_SECONDS
"""

import json
import os
import select
import subprocess
import sys
import time
import uuid

import uno  # LibreOffice's module, present only in the Python it was built for
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _say(**answer):
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _connect(soffice, profile_url):
    pipe = "lsi-" + uuid.uuid4().hex
    office = subprocess.Popen(
        [
            soffice,
            "-env:UserInstallation=" + profile_url,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                office.kill()
                raise RuntimeError("LibreOffice start niet") from None
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return office, desktop


def _filter_data(options):
    """The PDF export's FilterData from the portal's options (name -> bool/int/str)."""
    return uno.Any(
        "[]com.sun.star.beans.PropertyValue",
        tuple(_prop(name, value) for name, value in sorted((options or {}).items())),
    )


def _convert(desktop, src, dst, options=None):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(src), "_blank", 0, (_prop("Hidden", True),)
    )
    if doc is None:
        raise RuntimeError("LibreOffice kon het document niet openen")
    try:
        indexes = doc.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        export = (
            _prop("FilterName", "writer_pdf_Export"),
            _prop("FilterData", _filter_data(options)),
        )
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), export))
    finally:
        doc.close(True)


def main():
    soffice, profile_url, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
    office = None
    try:
        office, desktop = _connect(soffice, profile_url)
        _say(ready=True, pid=os.getpid())
        while True:
            readable, _, _ = select.select([sys.stdin], [], [], idle)
            if not readable:
                return 0  # idle: give the memory back
            line = sys.stdin.readline()
            if not line:
                return 0  # the portal process is gone
            request = json.loads(line)
            try:
                _convert(desktop, request["src"], request["dst"], request.get("options"))
            except Exception as e:
                text = str(e) or type(e).__name__
                if office.poll() is not None or "disposed" in (text + type(e).__name__).lower():
                    _say(error=text, gone=True)
                    return 3  # soffice died: the portal starts a new worker and retries
                _say(error=text)
                continue
            _say(ok=True)
    except Exception as e:
        _say(error=str(e) or type(e).__name__)
        return 2
    finally:
        if office is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
            try:
                office.wait(timeout=10)
            except Exception:
                office.kill()


if __name__ == "__main__":
    sys.exit(main())
