"""Signals benchmark on PostgreSQL: import throughput and memory, the coupling at a million
signals, and the first page of the coupled overview.

    .venv/bin/python bench/bench_signals.py [--pg postgresql://postgres@127.0.0.1:5432/postgres]
        [--rows 100000] [--signals 1000000] [--addresses 300000] [--runs 5]

Prints a table (not part of the test suite; results go to docs/performance.md, "## Signals"):
- import of a ``--rows`` CSV through the portal's own service (preview, then confirm: parse,
  validate, COPY, coupling rebuild; and the CLI's single pass) next to a raw ``COPY`` of the
  same file into a bare table;
  peak memory of the CLI import (``flask lsi import-signals``) in a fresh process, for a file of
  a tenth of the size and the full file (memory should not grow with the file);
- the coupling of ``--signals`` signals from 10 partners over ``--addresses`` addresses:
  ``coupling.refresh`` next to the same aggregate hand-written in SQL (materialised into a
  temporary table, as ours is) and in DuckDB on the same rows;
- the first page of the coupled overview (screen and API, logged in as the projectleider).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "demo-Wachtwoord-2026"
sys.path.insert(0, str(ROOT / "bench"))
from bench_foundation import _pg_database  # noqa: E402  (the same throw-away database)

PARTNERS = [
    "UWV",
    "NLA",
    "SVB",
    "BD-B",
    "BD-T",
    "POL",
    "AVIM",
    "GEM-OIRSCHOT",
    "GEM-REUSEL",
    "GEM-BLADEL",
]
RISKS = ["Adresfraude", "Overbewoning", "Uitkeringsfraude", "Arbeidsuitbuiting", "Brandveiligheid"]


def _addresses(n: int, rng: random.Random) -> list[tuple[str, int, str]]:
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    out = set()
    while len(out) < n:
        pc = f"{rng.randint(1000, 9999)}{rng.choice(letters)}{rng.choice(letters)}"
        out.add((pc, rng.randint(1, 300), rng.choice(["", "", "", "A"])))
    return sorted(out)


def write_csv(path: Path, rows: int, pool, rng: random.Random) -> None:
    seen = set()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(
            [
                "postcode",
                "huisnummer",
                "huisletter",
                "huisnummertoevoeging",
                "risico",
                "toelichting",
                "datum",
            ]
        )
        while len(seen) < rows:
            pc, nr, letter = rng.choice(pool)
            risico = rng.choice(RISKS)
            if (pc, nr, letter, risico) in seen:
                continue
            seen.add((pc, nr, letter, risico))
            w.writerow(
                [
                    f"{pc[:4]} {pc[4:]}",
                    nr,
                    letter,
                    "",
                    risico,
                    "Signaal uit registratie",
                    "2026-01-15",
                ]
            )


def setup(database_url: str):
    import sqlalchemy as sa

    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DEMO_PASSWORD": PASSWORD,
            "AUTH_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        from models import Ketenpartner
        from portal.cli import sync_permissions
        from portal.demo import load
        from portal.extensions import db

        upgrade()
        sync_permissions()
        load()
        kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
        missing = [c for c in PARTNERS if c not in kp]
        for code in missing:
            kp[code] = Ketenpartner(naam=f"Partner {code}", code=code, type="Gemeente")
            db.session.add(kp[code])
        projects = {
            code: add_project(app, code, [kp[c] for c in PARTNERS])
            for code in ("BENCH-IMPORT", "BENCH-CLI", "BENCH-KOPPELING")
        }
        db.session.commit()
        return app, projects, {c: kp[c].id for c in PARTNERS}


def add_project(app, code: str, partners: list) -> int:
    """A running project over postcodes 1000-9999 where ``partners`` may deliver."""
    import sqlalchemy as sa

    from models import AvgPartnerrecht, AvgRegistratie, Gemeente, Project, ProjectPartner, Regio
    from portal.extensions import db

    p = Project(
        code=code,
        naam=f"Benchmark {code}",
        regio=db.session.scalar(sa.select(Regio).where(Regio.code == "ZOB")),
        gemeenten=[db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Oirschot"))],
        projectgebied="1000-9999",
        projectleider=app.appbuilder.sm.find_user(username="projectleider"),
        fase="Uitvoering",
    )
    p.partners = [ProjectPartner(ketenpartner=k) for k in partners]
    p.avg_registratie = AvgRegistratie(
        rechten=[AvgPartnerrecht(ketenpartner=k, mag_leveren=True) for k in partners]
    )
    db.session.add(p)
    db.session.flush()
    return p.id


def bench_import(app, project_id: int, partner_id: int, path: Path, rows: int) -> dict:
    from portal.casework import scope as cscope
    from portal.extensions import db
    from portal.signals import importer

    with app.app_context(), cscope.acting_as_system():
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            levering = importer.receive(fh, path.name, project_id, partner_id, None)
        preview = importer.preview(levering)
        db.session.commit()
        t1 = time.perf_counter()
        stored = importer.confirm(levering)
        db.session.commit()
        t2 = time.perf_counter()
        assert preview.geldig == rows and stored == rows, (
            preview.geldig,
            stored,
            preview.fouten[:3],
        )
        conn = db.engine.raw_connection()
        try:
            raw = conn.driver_connection
            with raw.cursor() as cur:
                cur.execute(
                    "CREATE TABLE bench_raw (postcode text, huisnummer int, huisletter text, "
                    "huisnummertoevoeging text, risico text, toelichting text, datum date)"
                )
            raw.commit()
            t3 = time.perf_counter()
            with (
                raw.cursor() as cur,
                cur.copy(
                    "COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')"
                ) as cp,
                open(path, "rb") as fh,
            ):
                while chunk := fh.read(1 << 16):
                    cp.write(chunk)
            raw.commit()
            t4 = time.perf_counter()
        finally:
            conn.close()
    return {"preview": t1 - t0, "confirm": t2 - t1, "copy": t4 - t3}


def bench_cli(app, project_code: str, partner: str, path: Path, rows: int) -> float:
    """Seconds for ``flask lsi import-signals`` in this process (one pass: check and store)."""
    t = time.perf_counter()
    result = app.test_cli_runner().invoke(
        args=["lsi", "import-signals", "--project", project_code, "--partner", partner, str(path)]
    )
    seconds = time.perf_counter() - t
    assert result.exit_code == 0 and f"{rows} signalen opgeslagen" in result.output, result.output
    return seconds


def cli_memory(database_url: str, project_code: str, partner: str, path: Path) -> float:
    """Max RSS (MB) of ``flask lsi import-signals`` in a fresh process."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_APP": "portal",
        "PORTAL_ENV": "development",  # a throw-away database: a generated SECRET_KEY will do
        "PYTHONPATH": str(ROOT),
    }
    script = (
        "import resource, sys\n"
        "from flask.cli import main\n"
        f"sys.argv = ['flask', 'lsi', 'import-signals', '--project', {project_code!r}, '--partner', {partner!r}, {str(path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    line = [x for x in proc.stdout.splitlines() if x.startswith("MAXRSS")]
    assert line and "signalen opgeslagen" in proc.stdout, proc.stdout + proc.stderr
    return int(line[0].split()[1]) / 1024


def load_million(app, project_id: int, partner_ids: dict, n: int, n_addr: int, rng) -> int:
    """Bulk-load the coupling data set straight into ``signaal`` (COPY)."""
    from portal.extensions import db

    pool = _addresses(n_addr, rng)
    ids = list(partner_ids.values())
    seen = set()
    buf = io.StringIO()
    # Every address gets at least one signal, then the rest at random.
    order = [(a, rng.choice(ids)) for a in pool]
    while len(order) < n * 1.05:
        order.append((rng.choice(pool), rng.choice(ids)))
    for (pc, nr, letter), pid_ in order:
        risico = rng.choice(RISKS)
        key = f"{pc}|{nr}|{letter}|"
        if (pid_, key, risico) in seen:
            continue
        seen.add((pid_, key, risico))
        buf.write(
            f"{project_id}\t{pid_}\t{key}\t{pc}\t{nr}\t{letter or chr(92) + 'N'}\t{risico}\t2026-01-15\t2026-01-20 10:00\n"
        )
        if len(seen) >= n:
            break
    buf.seek(0)
    with app.app_context():
        conn = db.engine.raw_connection()
        try:
            raw = conn.driver_connection
            with (
                raw.cursor() as cur,
                cur.copy(
                    "COPY signaal (project_id, ketenpartner_id, adres_sleutel, postcode, huisnummer, "
                    "huisletter, risico, datum, aangeleverd_op) FROM STDIN"
                ) as cp,
            ):
                while chunk := buf.read(1 << 20):
                    cp.write(chunk)
            with raw.cursor() as cur:
                cur.execute("ANALYZE signaal")
            raw.commit()
        finally:
            conn.close()
    return len(seen)


HAND_SQL = """
CREATE TEMP TABLE hand_koppeling AS
SELECT s.adres_sleutel,
       count(DISTINCT s.ketenpartner_id) AS partners,
       string_agg(DISTINCT k.code, ',') AS codes,
       count(DISTINCT s.ketenpartner_id) >= 2 AS meervoudig
FROM signaal s JOIN ketenpartner k ON k.id = s.ketenpartner_id
WHERE s.project_id = %s
GROUP BY s.adres_sleutel
"""
HAND_SQL_INDEXED = """
INSERT INTO hand_indexed
SELECT s.adres_sleutel,
       count(DISTINCT s.ketenpartner_id),
       string_agg(DISTINCT k.code, ','),
       count(DISTINCT s.ketenpartner_id) >= 2
FROM signaal s JOIN ketenpartner k ON k.id = s.ketenpartner_id
WHERE s.project_id = %s
GROUP BY s.adres_sleutel
"""
DUCK_SQL = """
SELECT s.adres_sleutel, count(DISTINCT s.ketenpartner_id) AS partners,
       string_agg(DISTINCT k.code, ',') AS codes,
       count(DISTINCT s.ketenpartner_id) >= 2 AS meervoudig
FROM signaal s JOIN ketenpartner k ON k.id = s.ketenpartner_id
GROUP BY s.adres_sleutel
"""


def bench_coupling(app, project_id: int, runs: int) -> dict:
    import duckdb
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.signals import coupling

    out: dict[str, list[float]] = {
        "ours_unvacuumed": [],
        "ours_back_to_back": [],
        "ours": [],
        "ours_aggregate": [],
        "sql": [],
        "sql_indexed": [],
        "duckdb": [],
    }
    with app.app_context():
        # Right after the bulk load, before autovacuum has set the visibility map: the
        # index-only scans still visit the heap. Measured once, then the table is vacuumed
        # as autovacuum does after a large insert (PostgreSQL >= 13), and all is measured.
        t = time.perf_counter()
        coupling.refresh(project_id)
        db.session.commit()
        out["ours_unvacuumed"].append(time.perf_counter() - t)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE signaal"))
            conn.execute(sa.text("VACUUM ANALYZE adreskoppeling"))
        # The portal's aggregate on its own, materialised like the hand-written one below.
        ours_sql = str(
            coupling.aggregate(project_id).compile(
                db.engine, compile_kwargs={"literal_binds": True}
            )
        )
        for _ in range(runs):
            t = time.perf_counter()
            db.session.execute(sa.text(f"CREATE TEMP TABLE ours_k AS {ours_sql}"))
            db.session.commit()
            out["ours_aggregate"].append(time.perf_counter() - t)
            db.session.execute(sa.text("DROP TABLE ours_k"))
            db.session.commit()

        def vacuum() -> None:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM adreskoppeling"))

        # Back to back: each rebuild leaves the previous rows dead for the next one.
        for _ in range(runs):
            t = time.perf_counter()
            coupling.refresh(project_id)
            db.session.commit()
            out["ours_back_to_back"].append(time.perf_counter() - t)
        # As in use: autovacuum (set to run after each rebuild, migration 0008) has cleaned up
        # since the last rebuild - done here explicitly, not timed.
        for _ in range(runs):
            vacuum()
            t = time.perf_counter()
            n = coupling.refresh(project_id)
            db.session.commit()
            out["ours"].append(time.perf_counter() - t)
        conn = db.engine.raw_connection()
        try:
            raw = conn.driver_connection
            for _ in range(runs):
                with raw.cursor() as cur:
                    t = time.perf_counter()
                    cur.execute(HAND_SQL, (project_id,))
                    raw.commit()
                    out["sql"].append(time.perf_counter() - t)
                    cur.execute("DROP TABLE hand_koppeling")
                    raw.commit()
            # The same hand-written aggregate, stored as ours is: an unlogged table with a
            # primary key.
            for _ in range(runs):
                with raw.cursor() as cur:
                    cur.execute(
                        "CREATE UNLOGGED TABLE hand_indexed (adres_sleutel varchar(40) "
                        "PRIMARY KEY, partners int, codes text, meervoudig bool)"
                    )
                    raw.commit()
                    t = time.perf_counter()
                    cur.execute(HAND_SQL_INDEXED, (project_id,))
                    raw.commit()
                    out["sql_indexed"].append(time.perf_counter() - t)
                    cur.execute("DROP TABLE hand_indexed")
                    raw.commit()
            # The same rows into DuckDB (load time reported separately).
            t = time.perf_counter()
            sig = io.BytesIO()
            with (
                raw.cursor() as cur,
                cur.copy(
                    f"COPY (SELECT adres_sleutel, ketenpartner_id FROM signaal WHERE project_id = {project_id}) "
                    "TO STDOUT WITH (FORMAT csv)"
                ) as cp,
            ):
                for data in cp:
                    sig.write(data)
            kps = io.BytesIO()
            with (
                raw.cursor() as cur,
                cur.copy(
                    "COPY (SELECT id, code FROM ketenpartner) TO STDOUT WITH (FORMAT csv)"
                ) as cp,
            ):
                for data in cp:
                    kps.write(data)
        finally:
            conn.close()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "s.csv").write_bytes(sig.getvalue())
        Path(tmp, "k.csv").write_bytes(kps.getvalue())
        duck = duckdb.connect()
        duck.execute(
            f"CREATE TABLE signaal AS SELECT * FROM read_csv('{tmp}/s.csv', header=false, columns={{'adres_sleutel': 'VARCHAR', 'ketenpartner_id': 'INTEGER'}})"
        )
        duck.execute(
            f"CREATE TABLE ketenpartner AS SELECT * FROM read_csv('{tmp}/k.csv', header=false, columns={{'id': 'INTEGER', 'code': 'VARCHAR'}})"
        )
        load = time.perf_counter() - t
        for _ in range(runs):
            t = time.perf_counter()
            duck.execute(f"CREATE OR REPLACE TEMP TABLE k AS {DUCK_SQL}")
            out["duckdb"].append(time.perf_counter() - t)
        duck_rows = duck.execute(
            "SELECT count(*), count(*) FILTER (WHERE meervoudig) FROM k"
        ).fetchone()
    with app.app_context():
        ours_rows = coupling.counts(project_id)
    assert duck_rows[0] == ours_rows["adressen"], (duck_rows, ours_rows)
    assert duck_rows[1] == ours_rows["meervoudig"], (duck_rows, ours_rows)
    return {**out, "addresses": n, "meervoudig": ours_rows["meervoudig"], "duck_load": load}


def bench_small_delivery(app, project_id: int, partner_id: int, path: Path) -> tuple[float, int]:
    """A delivery of a few rows into the big project: only its addresses are rebuilt."""
    from portal.casework import scope as cscope
    from portal.extensions import db
    from portal.signals import importer

    with app.app_context(), cscope.acting_as_system():
        with open(path, "rb") as fh:
            levering = importer.receive(fh, path.name, project_id, partner_id, None)
        importer.preview(levering)
        db.session.commit()
        t = time.perf_counter()
        stored = importer.confirm(levering)
        db.session.commit()
        return time.perf_counter() - t, stored


def bench_pages(app, project_id: int, runs: int = 20) -> dict[str, list[float]]:
    http = app.test_client()
    r = http.post("/login/", data={"username": "projectleider", "password": PASSWORD})
    assert r.status_code == 302
    token = http.post(
        "/api/v1/security/login",
        json={"username": "projectleider", "password": PASSWORD, "provider": "db"},
    ).json["access_token"]
    targets = {
        "screen: first page, most partners first": (f"/koppeling/project/{project_id}", {}),
        "screen: first page, meervoudig only": (
            f"/koppeling/project/{project_id}?meervoudig=1",
            {},
        ),
        "API: first page": (
            f"/api/v1/koppeling/project/{project_id}",
            {"Authorization": f"Bearer {token}"},
        ),
        "screen: page 1000 (offset 49,950)": (f"/koppeling/project/{project_id}?page=1000", {}),
    }
    out = {}
    for label, (url, headers) in targets.items():
        for _ in range(3):
            assert http.get(url, headers=headers).status_code == 200
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            r = http.get(url, headers=headers)
            times.append(time.perf_counter() - t)
            assert r.status_code == 200
        out[label] = times
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--signals", type=int, default=1_000_000)
    ap.add_argument("--addresses", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(2026)
    url, drop = _pg_database(args.pg)
    tmp = Path(tempfile.mkdtemp())
    os.environ["PORTAL_INSTANCE_DIR"] = str(tmp / "instance")
    try:
        app, projects, partner_ids = setup(url)
        pool = _addresses(max(args.rows, 50_000), rng)
        big, small = tmp / "import.csv", tmp / "import-small.csv"
        write_csv(big, args.rows, pool, rng)
        write_csv(small, args.rows // 10, pool, rng)
        imp = bench_import(app, projects["BENCH-IMPORT"], partner_ids["UWV"], big, args.rows)
        imp["cli"] = bench_cli(app, "BENCH-CLI", "UWV", big, args.rows)
        mem_small = cli_memory(url, "BENCH-IMPORT", "NLA", small)
        mem_big = cli_memory(url, "BENCH-IMPORT", "SVB", big)
        n = load_million(
            app, projects["BENCH-KOPPELING"], partner_ids, args.signals, args.addresses, rng
        )
        cp = bench_coupling(app, projects["BENCH-KOPPELING"], args.runs)
        small_csv = tmp / "small.csv"
        write_csv(small_csv, 1_000, _addresses(5_000, random.Random(7)), rng)
        delivered = bench_small_delivery(
            app, projects["BENCH-KOPPELING"], partner_ids["GEM-BLADEL"], small_csv
        )
        pages = bench_pages(app, projects["BENCH-KOPPELING"])
    finally:
        drop()
    med = statistics.median
    size_mb = big.stat().st_size / 1e6
    print(f"\nImport of {args.rows:,} rows ({size_mb:.1f} MB CSV), PostgreSQL\n")
    print("| step | seconds | rows/s |")
    print("|---|---|---|")
    print(
        f"| preview (read, validate, store nothing) | {imp['preview']:.2f} | {args.rows / imp['preview']:,.0f} |"
    )
    print(
        f"| confirm (read, validate, COPY, rebuild coupling) | {imp['confirm']:.2f} | {args.rows / imp['confirm']:,.0f} |"
    )
    total = imp["preview"] + imp["confirm"]
    print(f"| upload to stored (preview + confirm) | {total:.2f} | {args.rows / total:,.0f} |")
    print(
        f"| `flask lsi import-signals` (one pass: read, validate, COPY, coupling) | {imp['cli']:.2f} | {args.rows / imp['cli']:,.0f} |"
    )
    print(
        f"| raw COPY of the same file into a bare table | {imp['copy']:.2f} | {args.rows / imp['copy']:,.0f} |"
    )
    print(
        f"\nPeak memory of `flask lsi import-signals` (max RSS): {args.rows // 10:,} rows {mem_small:.0f} MB, {args.rows:,} rows {mem_big:.0f} MB\n"
    )
    print(
        f"Coupling of {n:,} signals, 10 partners, {cp['addresses']:,} addresses ({cp['meervoudig']:,} meervoudig belang), median of {args.runs}\n"
    )
    print("| aggregate | median s | min s | ratio to hand-written SQL |")
    print("|---|---|---|---|")
    base = med(cp["sql"])
    for label, key in [
        (
            "portal: coupling.refresh, right after the bulk load (not yet vacuumed)",
            "ours_unvacuumed",
        ),
        ("portal: coupling.refresh (DELETE + INSERT ... SELECT into adreskoppeling)", "ours"),
        (
            "portal: coupling.refresh, rebuilds back to back (no vacuum between)",
            "ours_back_to_back",
        ),
        ("portal's aggregate alone (coupling.aggregate, CREATE TEMP TABLE AS)", "ours_aggregate"),
        ("hand-written SQL (CREATE TEMP TABLE AS)", "sql"),
        ("hand-written SQL into an unlogged table with a primary key, like ours", "sql_indexed"),
        ("DuckDB (same rows, in memory)", "duckdb"),
    ]:
        print(f"| {label} | {med(cp[key]):.3f} | {min(cp[key]):.3f} | {med(cp[key]) / base:.2f} |")
    print(f"\n(DuckDB load of the rows from PostgreSQL: {cp['duck_load']:.2f} s, not counted.)\n")
    print(
        f"A delivery of 1,000 rows into that project ({delivered[1]:,} stored): confirm incl. "
        f"the coupling update of its addresses {delivered[0]:.2f} s\n"
    )
    print("| coupled overview | median ms | p95 ms |")
    print("|---|---|---|")
    for label, times in pages.items():
        times = sorted(times)
        print(
            f"| {label} | {med(times) * 1000:.1f} | {times[int(len(times) * 0.95) - 1] * 1000:.1f} |"
        )


if __name__ == "__main__":
    main()
