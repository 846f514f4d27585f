"""Document generation benchmark: our end-to-end render vs raw docxtpl, batch, and PDF.

Run: .venv/bin/python bench/bench_documents.py [--runs 30] [--batch 1000]
Uses a fresh SQLite database with the demo data plus a large project (25 partners, 200
postcodes, 50 activities, 30 risks). Prints a table.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _large_project(db):
    import sqlalchemy as sa

    from models import Activiteit, Doelstelling, Ketenpartner, Project, ProjectPartner, Risico

    kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    partners = []
    for i in range(25):
        kp = Ketenpartner(naam=f"Benchpartner {i}", code=f"BENCH{i}", type="Overig")
        db.session.add(kp)
        partners.append(kp)
    area = ", ".join(f"{5000 + i}" for i in range(200))
    p = Project(
        code="BENCH-GROOT",
        naam="Groot benchmarkproject",
        regio_id=kempen.regio_id,
        gemeenten=list(kempen.gemeenten),
        projectgebied=area,
        aanleiding="x" * 400,
        werkwijze="y" * 800,
        projectleider_id=kempen.projectleider_id,
    )
    p.partners = [
        ProjectPartner(
            ketenpartner=kp,
            belang="Belang " * 5,
            capaciteit_uren=100 + i,
            projectverantwoordelijk=i == 0,
        )
        for i, kp in enumerate(partners)
    ]
    p.activiteiten = [
        Activiteit(ketenpartner=partners[i % 25], omschrijving=f"Activiteit {i}") for i in range(50)
    ]
    p.risicos = [Risico(risico=f"Risico {i}", beheersmaatregel=f"Maatregel {i}") for i in range(30)]
    p.doelstellingen = [
        Doelstelling(doel=f"Doel {i}", indicator="Indicator", nulmeting=Decimal(i))
        for i in range(10)
    ]
    db.session.add(p)
    db.session.commit()
    return p.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--only-batch", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ["PORTAL_INSTANCE_DIR"] = tmp
    from docxtpl import DocxTemplate
    from flask_migrate import upgrade

    from portal import create_app
    from portal.cli import sync_permissions
    from portal.demo import load

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"})
    with app.app_context():
        import sqlalchemy as sa

        from models import Project
        from portal.documents import pdf, templates
        from portal.documents.catalogue import SOORTEN
        from portal.documents.context import build_context, load_project
        from portal.documents.render import _images, environment, render
        from portal.extensions import db

        upgrade()
        sync_permissions()
        load()
        demo_id = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        large_id = _large_project(db)

        rows = []
        for label, pid in () if args.only_batch else (("demo", demo_id), ("groot", large_id)):
            for soort in SOORTEN:
                tpl = templates.active(soort).inhoud

                def ours(pid=pid, soort=soort, tpl=tpl):
                    db.session.expire_all()  # measure the query too, not the identity map
                    render(tpl, build_context(load_project(pid), soort, 1))

                ctx = build_context(load_project(pid), soort, 1)

                def raw(tpl=tpl, ctx=ctx):
                    d = DocxTemplate(io.BytesIO(tpl))
                    d.render(_images(d, ctx), jinja_env=environment(), autoescape=True)
                    d.save(io.BytesIO())

                ours()
                raw()
                a, b = _median_ms(ours, args.runs), _median_ms(raw, args.runs)
                rows.append((label, soort, a, b, a / b))

        print(
            f"{'project':8s} {'document':16s} {'ours ms':>9s} {'raw docxtpl ms':>15s} {'ratio':>6s}"
        )
        for label, soort, a, b, r in rows:
            print(f"{label:8s} {soort:16s} {a:9.1f} {b:15.1f} {r:6.2f}")

        tpl = templates.active("projectplan").inhoud
        # Timed without tracemalloc (it slows Python down several times); memory separately.
        t = time.perf_counter()
        for i in range(args.batch):
            db.session.expire_all()
            render(tpl, build_context(load_project(demo_id), "projectplan", i))
        batch_s = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        for i in range(50):
            db.session.expire_all()
            render(tpl, build_context(load_project(demo_id), "projectplan", i))
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(
            f"\nbatch of {args.batch} projectplans: {batch_s:.1f} s; max RSS {rss:.0f} MB; "
            f"peak traced allocation over 50 renders {peak:.1f} MB"
        )
        if args.only_batch:
            return

        if not pdf.soffice():
            print("PDF: LibreOffice not installed, not measured")
            return
        docx = render(tpl, build_context(load_project(demo_id), "projectplan", 1))
        if pdf.uno_python():
            times = []
            for _ in range(11):
                t = time.perf_counter()
                pdf.to_pdf(docx)
                times.append(time.perf_counter() - t)
            print(
                f"PDF, resident converter (TOC and page fields updated): cold (starts soffice) "
                f"{times[0]:.2f} s, warm median of 10 {statistics.median(times[1:]):.2f} s"
            )
            from concurrent.futures import ThreadPoolExecutor

            t = time.perf_counter()
            with ThreadPoolExecutor(max_workers=4) as threads:
                list(threads.map(lambda _: pdf.to_pdf(docx), range(20)))
            print(
                f"PDF, 20 conversions from 4 threads ({pdf.POOL_SIZE} converters): "
                f"{time.perf_counter() - t:.2f} s"
            )
        pdf.uno_python = lambda: None  # the fallback: a one-off soffice --convert-to
        times = []
        for _ in range(5):
            t = time.perf_counter()
            pdf.to_pdf(docx)
            times.append(time.perf_counter() - t)
        print(f"PDF, one-off soffice --convert-to: median of 5 {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
