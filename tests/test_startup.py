"""Production start-up as the README writes it (issue #16, section 4).

The commands in README.md and docs/deployment.md run from the repository root in a clean
environment (no FLASK_APP: ``.flaskenv`` finds the app); ``PORTAL_SETTINGS`` overrides
config.py; SECRET_KEY is required outside development; ``/health`` reports database, broker
and LibreOffice; JSON logs carry the request id; ``make run`` serves through gunicorn.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DOCS = [ROOT / "README.md", ROOT / "docs" / "deployment.md"]
# What a deployment sets; none of it may leak in from the shell that runs the tests.
DEPLOYMENT_VARIABLES = (
    "FLASK_APP",
    "FLASK_DEBUG",
    "DATABASE_URL",
    "SECRET_KEY",
    "PORTAL_SETTINGS",
    "PORTAL_ENV",
    "BROKER_URL",
    "HTTPS",
    "LOG_FORMAT",
    "TEST_DATABASE_URL",
)


def clean_env(instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_VARIABLES}
    # MAKEFLAGS etc. of an outer `make test` would carry its variables into a `make run`.
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(key, None)
    return {**env, "PORTAL_INSTANCE_DIR": str(instance), **extra}


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fresh_logging():
    """create_app outside TESTING puts a handler on the root logger; take it off again so the
    rest of the session does not write to this test's captured stderr."""
    from portal import logs

    portal_level = logging.getLogger("portal").level
    yield logs
    if logs._handler is not None:
        logging.getLogger().removeHandler(logs._handler)
        logs._handler = None
    logging.getLogger("portal").setLevel(portal_level)


@pytest.fixture
def no_deployment_env(monkeypatch):
    for key in DEPLOYMENT_VARIABLES:
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


# --- the commands in the docs ---------------------------------------------------------------


def _code(text: str) -> list[str]:
    """Lines of fenced code blocks and inline code spans."""
    lines: list[str] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, re.M | re.S):
        lines.extend(block.splitlines())
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    lines.extend(re.findall(r"`([^`\n]+)`", prose))
    return lines


def documented_flask_commands() -> dict[tuple[str, ...], set[str]]:
    """(command path) -> options, for every ``flask ...`` the docs show."""
    found: dict[tuple[str, ...], set[str]] = {}
    for doc in DOCS:
        for line in _code(doc.read_text()):
            line = re.split(r"\s#\s", line)[0]
            m = re.search(r"(?:^|\s|/)flask\s+(.*)$", line)
            if not m:
                continue
            words = m.group(1).split()
            path: list[str] = []
            for word in words:
                if not re.fullmatch(r"[a-z][a-z0-9_-]*", word):
                    break
                path.append(word)
            if not path:
                continue
            options = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", m.group(1)))
            found.setdefault(tuple(path), set()).update(options)
    return found


def documented_make_targets() -> set[str]:
    targets: set[str] = set()
    for doc in DOCS:
        for line in _code(doc.read_text()):
            line = re.split(r"\s#\s", line)[0]
            for m in re.finditer(r"(?:^|\s)make\s+([a-z][a-z0-9_-]*)", line):
                targets.add(m.group(1))
    return targets


def test_the_docs_show_flask_commands():
    """The walk below is not vacuous: the README's command list is found."""
    commands = documented_flask_commands()
    assert ("lsi", "init") in commands and ("lsi", "render") in commands, commands
    assert "--pdf" in commands[("lsi", "render")]
    assert {"run", "test", "worker", "scheduler"} <= documented_make_targets()


def test_every_documented_flask_command_answers_help_from_the_root(tmp_path):
    """Each ``flask ...`` in README.md and docs/deployment.md exists, with every option shown.

    One clean process at the repository root (no FLASK_APP, only ``.flaskenv``) asks each
    command for its help through Flask's own CLI group - the code ``.venv/bin/flask`` runs -
    so fifteen commands cost one start-up; the real binary is run once as well."""
    commands = documented_flask_commands()
    script = textwrap.dedent(
        """
        import json, os, sys
        assert "FLASK_APP" not in os.environ
        from click.testing import CliRunner
        from flask.cli import cli
        out = {}
        for args in json.loads(sys.argv[1]):
            r = CliRunner().invoke(cli, [*args, "--help"], catch_exceptions=True)
            out[" ".join(args)] = [r.exit_code, r.output, repr(r.exception)]
        print("RESULT" + json.dumps(out))
        """
    )
    env = clean_env(tmp_path / "instance")
    proc = subprocess.run(
        [str(BIN / "python"), "-c", script, json.dumps([list(c) for c in commands])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
    assert line, proc.stdout + proc.stderr
    results = json.loads(line[len("RESULT") :])
    problems = []
    for path, options in commands.items():
        code, output, exc = results[" ".join(path)]
        if code != 0 or "Usage:" not in output:
            problems.append(f"flask {' '.join(path)} --help: exit {code} {exc}\n{output[-300:]}")
            continue
        missing = sorted(o for o in options if o not in output)
        if missing:
            problems.append(f"flask {' '.join(path)}: the docs show {missing}, --help has not")
    assert not problems, "\n".join(problems)

    real = subprocess.run(
        [str(BIN / "flask"), "lsi", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert real.returncode == 0, real.stderr
    assert "No such command" not in real.stdout + real.stderr
    for path in commands:
        if path[0] == "lsi" and len(path) > 1:
            assert path[1] in real.stdout, f"flask lsi --help does not list {path[1]}"


def test_every_documented_make_target_exists():
    """``make -n <target>`` only prints what it would run: it fails for an unknown target."""
    for target in sorted(documented_make_targets()):
        proc = subprocess.run(
            ["make", "-n", "-o", "assets", "-o", "translations", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, f"make {target}: {proc.stderr}"


def test_flask_lsi_init_runs_from_the_repository_root(tmp_path):
    """Exactly as the README writes it: no FLASK_APP, no DATABASE_URL - the embedded SQLite
    in the instance directory, with a generated session key kept there (mode 0600)."""
    instance = tmp_path / "instance"
    proc = subprocess.run(
        [str(BIN / "flask"), "lsi", "init"],
        cwd=ROOT,
        env=clean_env(instance),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Database gemigreerd" in proc.stdout
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{instance / 'portal.db'}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        assert conn.execute(sa.text("SELECT count(*) FROM ab_role")).scalar() > 0
    engine.dispose()
    key = instance / "secret_key"
    assert len(key.read_text().strip()) == 64
    assert key.stat().st_mode & 0o777 == 0o600


# --- settings file and SECRET_KEY ---------------------------------------------------------


def test_the_settings_file_overrides_config_py(tmp_path, no_deployment_env, fresh_logging):
    from portal import create_app

    settings = tmp_path / "settings.py"
    settings.write_text(
        "import os\n"
        "APP_NAME = 'Portaal van ' + 'de gemeente'\n"
        "SECRET_KEY = 'uit-het-instellingenbestand'\n"
        "DATABASE_URL = 'postgresql://portal@db.example/portal'\n"
        "HTTPS = True\n"
        "SESSION_IDLE_MINUTES = 15\n"
        "lowercase_is_ignored = 1\n"
    )
    no_deployment_env.setenv("PORTAL_SETTINGS", str(settings))
    app = create_app({"SESSION_IDLE_MINUTES": 20})
    assert app.config["APP_NAME"] == "Portaal van de gemeente"
    assert app.config["SECRET_KEY"] == "uit-het-instellingenbestand"
    # The environment's names work in the file too.
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://portal@db.example/portal"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert "lowercase_is_ignored" not in app.config
    # create_app's own overrides (tests) still win over the file.
    assert app.config["SESSION_IDLE_MINUTES"] == 20


def test_a_missing_settings_file_is_a_clear_error(tmp_path, no_deployment_env):
    from portal import create_app
    from portal.startup import StartupError

    missing = tmp_path / "etc" / "settings.py"
    no_deployment_env.setenv("PORTAL_SETTINGS", str(missing))
    with pytest.raises(StartupError, match=r"PORTAL_SETTINGS=.*settings\.py.*bestaat niet"):
        create_app({"TESTING": True})

    broken = tmp_path / "broken.py"
    broken.write_text("SECRET_KEY = (\n")
    no_deployment_env.setenv("PORTAL_SETTINGS", str(broken))
    with pytest.raises(StartupError, match=r"kon niet worden gelezen \(SyntaxError"):
        create_app({"TESTING": True})

    # And on the command line the administrator sees the same sentence.
    proc = subprocess.run(
        [str(BIN / "flask"), "lsi", "init"],
        cwd=ROOT,
        env=clean_env(tmp_path / "instance", PORTAL_SETTINGS=str(missing)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert f"PORTAL_SETTINGS={missing}: dat instellingenbestand bestaat niet" in proc.stderr


def test_secret_key_is_required_outside_development(tmp_path, no_deployment_env, fresh_logging):
    from portal import create_app
    from portal.startup import StartupError

    pg = f"postgresql+psycopg://portal@127.0.0.1:{closed_port()}/portal"
    sqlite = f"sqlite:///{tmp_path / 'p.db'}"
    base = {"SECRET_KEY": None, "PORTAL_ENV": None, "INSTANCE_DIR": str(tmp_path / "inst")}
    for case in (
        {"SQLALCHEMY_DATABASE_URI": pg},
        {"SQLALCHEMY_DATABASE_URI": sqlite, "HTTPS": True},
        {"SQLALCHEMY_DATABASE_URI": sqlite, "PORTAL_ENV": "production"},
    ):
        with pytest.raises(StartupError, match="SECRET_KEY ontbreekt"):
            create_app({**base, **case})
    assert not (tmp_path / "inst" / "secret_key").exists()

    # The embedded default generates one and keeps it: the same key on the next start.
    first = create_app({**base, "SQLALCHEMY_DATABASE_URI": sqlite}).config["SECRET_KEY"]
    again = create_app({**base, "SQLALCHEMY_DATABASE_URI": sqlite}).config["SECRET_KEY"]
    assert first == again == (tmp_path / "inst" / "secret_key").read_text().strip()
    # PORTAL_ENV=development allows it on PostgreSQL too (a developer's own database).
    dev = create_app({**base, "SQLALCHEMY_DATABASE_URI": pg, "PORTAL_ENV": "development"})
    assert dev.config["SECRET_KEY"] == first
    # A given key is used as it is.
    given = create_app({**base, "SQLALCHEMY_DATABASE_URI": pg, "SECRET_KEY": "k" * 64})
    assert given.config["SECRET_KEY"] == "k" * 64
    with pytest.raises(StartupError, match="PORTAL_ENV=staging"):
        create_app({**base, "SQLALCHEMY_DATABASE_URI": pg, "PORTAL_ENV": "staging"})

    # The real command on PostgreSQL without a key: refused, naming the variable.
    proc = subprocess.run(
        [str(BIN / "flask"), "lsi", "init"],
        cwd=ROOT,
        env=clean_env(tmp_path / "cli", DATABASE_URL=pg.replace("+psycopg", "")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "SECRET_KEY ontbreekt" in proc.stderr
    assert not (tmp_path / "cli" / "secret_key").exists()


# --- /health --------------------------------------------------------------------------------


def test_health_answers_200_with_the_state_of_each_part(app):
    from portal.documents import pdf

    r = app.test_client().get("/health")  # anonymous
    assert r.status_code == 200, r.data
    body = r.get_json()
    assert set(body) == {"status", "database", "broker", "libreoffice"}
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok" and body["database"]["ms"] >= 0
    if app.config.get("BROKER_URL"):
        assert body["broker"]["status"] == "ok"
    else:
        assert body["broker"] == {"status": "embedded"}
    expected = "available" if pdf.soffice() else "missing"
    assert body["libreoffice"]["status"] == expected
    assert r.headers["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    from portal import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://p@127.0.0.1:{closed_port()}/p",
            "INSTANCE_DIR": str(tmp_path),
        }
    )
    started = time.monotonic()
    r = app.test_client().get("/health")
    assert time.monotonic() - started < 5
    assert r.status_code == 503, r.data
    body = r.get_json()
    assert body["status"] == "down"
    assert body["database"]["status"] == "down"
    assert "127.0.0.1" not in r.get_data(as_text=True)  # the error's class, not its text


def test_health_is_503_when_the_configured_broker_is_unreachable(database_url, tmp_path):
    from portal import create_app

    def health(broker: str):
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": database_url,
                "BROKER_URL": broker,
                "INSTANCE_DIR": str(tmp_path),
            }
        )
        return app.test_client().get("/health")

    started = time.monotonic()
    r = health(f"redis://127.0.0.1:{closed_port()}/5")
    assert time.monotonic() - started < 8
    assert r.status_code == 503, r.data
    assert r.get_json()["broker"]["status"] == "down"
    assert r.get_json()["database"]["status"] == "ok"

    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"the reachable-broker half needs Redis on 127.0.0.1:6379 ({e})")
    r = health("redis://127.0.0.1:6379/5")
    assert r.status_code == 200, r.data
    assert r.get_json()["broker"]["status"] == "ok"


def test_health_answers_plain_http_behind_https(database_url, tmp_path):
    """HTTPS=1 redirects every page to https; a load balancer's check on the private network
    still gets its answer."""
    from portal import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "HTTPS": True,
            "SECRET_KEY": "x" * 64,
            "INSTANCE_DIR": str(tmp_path),
        }
    )
    c = app.test_client()
    assert c.get("/login/").status_code in (301, 302)
    assert c.get("/health").status_code == 200


# --- logs -----------------------------------------------------------------------------------


def test_json_logs_carry_the_request_id_and_no_query_string(database_url, tmp_path, fresh_logging):
    from portal import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "LOG_FORMAT": "json",
            "INSTANCE_DIR": str(tmp_path),
        }
    )

    def inside(nummer: int):
        logging.getLogger("portal.test").warning("regel binnen het verzoek")
        return "ok"

    app.add_url_rule("/_logtest/<int:nummer>", "logtest", inside)
    buffer = io.StringIO()
    fresh_logging._handler.setStream(buffer)
    c = app.test_client()
    r = c.get("/_logtest/7?straat=Kerkstraat+12", headers={"X-Request-ID": "lb-4711.a"})
    assert r.status_code == 200
    assert r.headers["X-Request-ID"] == "lb-4711.a"
    # An id that could forge log lines is replaced by a fresh one.
    r2 = c.get("/_logtest/8", headers={"X-Request-ID": 'x" "level": "ERROR'})
    fresh = r2.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)

    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]  # every line JSON
    mine = [x for x in lines if x.get("request_id") == "lb-4711.a"]
    inner = next(x for x in mine if x["logger"] == "portal.test")
    assert inner["message"] == "regel binnen het verzoek" and inner["level"] == "WARNING"
    access = next(x for x in mine if x["logger"] == "portal.access")
    assert access["method"] == "GET" and access["path"] == "/_logtest/7"
    assert access["status"] == 200 and access["duration_ms"] >= 0 and access["time"]
    assert any(x.get("request_id") == fresh and x["logger"] == "portal.access" for x in lines)
    assert "Kerkstraat" not in buffer.getvalue() and "straat=" not in buffer.getvalue()


def test_text_logs_stay_readable(database_url, tmp_path, fresh_logging):
    from portal import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x" * 64, "PORTAL_ENV": None}
    )
    buffer = io.StringIO()
    fresh_logging._handler.setStream(buffer)
    r = app.test_client().get("/health?q=geheim", headers={"X-Request-ID": "abc-1"})
    line = buffer.getvalue().strip().splitlines()[-1]
    assert r.status_code == 200
    assert re.search(r" INFO \[abc-1\] portal\.access: GET /health 200 [\d.]+ms$", line), line
    assert "geheim" not in buffer.getvalue()


# --- make run -------------------------------------------------------------------------------


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_make_run_serves_through_gunicorn(tmp_path):
    """``make run PORT=<free>`` on a fresh instance directory: migrates, loads the demo and
    serves through gunicorn (one gthread process), until stopped.

    ``-o assets -o translations``: those build steps are not under test and rewrite shared
    files other tests read (``make test`` built them already). About 20 s here (init + demo
    on SQLite, then gunicorn's start)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    stale = subprocess.run(["make", "-q", ".venv/.installed"], cwd=ROOT, capture_output=True)
    if stale.returncode != 0:
        pytest.skip("the venv is older than the lock file: `make run` would reinstall it first")
    port = closed_port()
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "-o", "assets", "-o", "translations", "run", f"PORT={port}"],
            cwd=ROOT,
            env=clean_env(tmp_path / "instance"),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"no /health on :{port}\n{log.read_text()[-2000:]}"
        assert headers.get("Server", "").startswith("gunicorn"), headers
        assert json.loads(body)["database"]["status"] == "ok"
        status, _, page = _get(f"http://127.0.0.1:{port}/login/")
        assert status == 200 and b"Interventieportaal" in page
        # The server is the gunicorn command of the Makefile, in this process group.
        commands = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    if os.getpgid(int(pid)) == proc.pid:
                        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
                        commands.append(raw.replace(b"\0", b" ").decode())
                except (OSError, ProcessLookupError):
                    continue
        server = [c for c in commands if "gunicorn" in c]
        assert server, commands
        assert any("wsgi:app" in c and "gthread" in c and f":{port}" in c for c in server)
        assert not any("flask run" in c for c in commands)
        assert "Database gemigreerd" in log.read_text()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


if __name__ == "__main__":  # pragma: no cover - a quick look at what the walk finds
    for path, options in documented_flask_commands().items():
        print("flask", *path, sorted(options), file=sys.stdout)


def test_starting_the_app_gives_no_filter_warnings(tmp_path):
    """`make run` starts without a screenful of FAB warnings about time-of-day columns."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from portal import create_app; create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://'})",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PORTAL_ENV": "development", "PORTAL_INSTANCE_DIR": str(tmp_path)},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Filter type not supported" not in out.stderr
