"""docs/api.md works: every curl example in it is run with the real curl against a running
portal (a werkzeug server in a thread, CSRF on as in production), in the order of the text,
with the placeholders filled in; each must answer what the doc's answer block says - the
status, the headers it names, the fields it shows (and their values where they are facts:
the partner, the counts, the states).

Markers in the doc (HTML comments, invisible when rendered) say what the next example
yields for the ones after it: ``onthoud: NAME=path.in.body`` and ``herhaal-tot: key=value``
(poll a job until it is done).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests import signals_fixtures as sfx
from tests.conftest import DEMO_PASSWORD, own_app

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
CURL = "/usr/bin/curl"
EXAMPLE = re.compile(
    r"(?:<!--\s*doc-test(?P<directives>[^>]*?)-->\s*)?```sh\n(?P<cmd>.*?)```\s*"
    r"```http\n(?P<answer>.*?)```",
    re.S,
)
# Fields whose documented value is a fact of the example (not an id or a time).
EXACT = {
    "partner",
    "status",
    "rijen_totaal",
    "rijen_geldig",
    "rijen_fout",
    "opgeslagen",
    "afgelopen",
}
BIG_ROWS = 300


def examples() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for m in EXAMPLE.finditer(text):
        if "curl" not in m["cmd"]:
            continue
        directives = m["directives"] or ""
        found.append(
            {
                "cmd": m["cmd"].strip(),
                "answer": m["answer"],
                "remember": dict(re.findall(r"(\w+)=([\w.]+)", directives.split("onthoud:")[1]))
                if "onthoud:" in directives
                else {},
                "until": re.search(r"herhaal-tot:\s*(\w+)=(\S+)", directives),
                "tested": m["directives"] is not None,
            }
        )
    return found


def _expected(answer: str) -> tuple[int, dict[str, str], object]:
    head, _sep, body = answer.partition("\n\n")
    lines = head.strip().splitlines()
    status = int(lines[0].split()[1])
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return status, headers, json.loads(body) if body.strip() else None


def _parse(out: str) -> tuple[int, dict[str, str], object]:
    """curl --include output: the last header block (after 100 Continue) and the body."""
    rest = out
    while True:
        head, _sep, rest = rest.partition("\r\n\r\n")
        status = int(head.split()[1])
        if status >= 200:
            break
    headers = {}
    for line in head.split("\r\n")[1:]:
        name, _s, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, json.loads(rest) if rest.strip() else None


def _lookup(body, path: str):
    for part in path.split("."):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body


def _matches(doc, real, where: str, exact: bool) -> None:
    if isinstance(doc, dict):
        assert isinstance(real, dict), f"{where}: expected an object, got {real!r}"
        for key, value in doc.items():
            assert key in real, f"{where}: no field {key!r} in {sorted(real)}"
            if exact and key in EXACT and not isinstance(value, dict | list):
                assert real[key] == value, f"{where}.{key}: {real[key]!r}, the doc says {value!r}"
            _matches(value, real[key], f"{where}.{key}", exact)
    elif isinstance(doc, list) and doc:
        assert isinstance(real, list) and real, f"{where}: expected a non-empty list"
        _matches(doc[0], real[0], f"{where}[0]", exact)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    if not os.path.exists(CURL):
        pytest.skip(f"{CURL} not found: the doc's examples are run with the real curl")
    tmp = tmp_path_factory.mktemp("apidocs")
    # Small enough that the "large file" of the example goes to a job, the small one not.
    with own_app(tmp, demo=True, WTF_CSRF_ENABLED=True, JOB_DELIVERY_BYTES=4096) as app:
        from portal import api_keys

        with app.app_context():
            project = sfx.new_project("DOC", deliver=("UWV",))
            key = api_keys.create("UWV", "Zaaksysteem (docs/api.md)").key
        small = tmp / "signalen.csv"
        small.write_bytes(
            sfx.csv_bytes("5091AB;12;;;Hoog;;2026-01-10", "5091AB;14;;;Laag;;2026-01-11")
        )
        big = tmp / "groot.csv"
        big.write_bytes(
            sfx.csv_bytes(*(f"5092AC;{n};;;Hoog;;2026-01-10" for n in range(1, BIG_ROWS + 1)))
        )
        assert small.stat().st_size < 4096 <= big.stat().st_size
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield {
                "PORTAL": f"http://127.0.0.1:{server.server_port}",
                "API_KEY": key,
                "PROJECT": str(project),
                "BESTAND": str(small),
                "GROOT_BESTAND": str(big),
                "GEBRUIKER": "partner-uwv",
                "WACHTWOORD": DEMO_PASSWORD,
            }
        finally:
            server.shutdown()


def test_the_doc_has_its_examples_and_each_is_tested():
    found = examples()
    assert len(found) >= 12
    untested = [e["cmd"] for e in found if not e["tested"]]
    assert not untested, untested
    text = DOC.read_text(encoding="utf-8")
    assert text.count("```sh") == len(found), "a ```sh block without an answer block"


def test_every_curl_example_answers_what_the_doc_says(portal):
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **portal}
    assert shutil.which("curl", path=env["PATH"]) == CURL
    ran = []
    for n, example in enumerate(examples(), 1):
        status, headers, body = _expected(example["answer"])
        where = f"example {n} ({example['cmd'].splitlines()[0][:70]})"
        for _attempt in range(120):
            done = subprocess.run(
                ["bash", "-c", "set -eu\n" + example["cmd"]],
                env=env,
                capture_output=True,
                timeout=60,
            )
            assert done.returncode == 0, f"{where}: {done.stderr.decode()}"
            # Bytes: text mode would turn the header lines' CRLF into LF.
            real_status, real_headers, real_body = _parse(done.stdout.decode())
            until = example["until"]
            if until is None or str(_lookup(real_body, until[1])).lower() == until[2]:
                break
            time.sleep(0.25)
        else:
            pytest.fail(f"{where}: {until[1]} never became {until[2]}: {real_body}")
        assert 200 <= real_status < 300, f"{where}: {real_status} {real_body}"
        assert real_status == status, f"{where}: {real_status}, the doc says {status}"
        for name, value in headers.items():
            assert name.lower() in real_headers, f"{where}: no {name} header"
            assert value.split("<")[0] in real_headers[name.lower()], (where, real_headers)
        _matches(body, real_body, where, exact=status != 202)
        for name, path in example["remember"].items():
            env[name] = str(_lookup(real_body, path))
        ran.append((real_status, example["cmd"].split('"$PORTAL')[1].split('"')[0]))
    # What the walk did, in order (shown with -v / on failure).
    print("\n".join(f"{s} {p}" for s, p in ran))
    assert [s for s, _p in ran].count(202) == 2
