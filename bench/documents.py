"""Benchmark: rendering the O42 report (DOCX + PDF) once, and for a province's 85 agencies as
the background batch job (ZIP + progress), on this 2-core machine.

Goal: one report under 2 s, the batch of 85 under 60 s. "Cold" is the first report of a fresh
process (Chromium starts, fonts register); "warm" is a report once the browser is up, which is
what every document after the first costs. The batch runs exactly as the web page starts it:
actions.start_batch → a background thread after commit → run_batch, polled for progress.
It uses a throwaway database (the test database of DATABASE_URL, SQLite by default).

    .venv/bin/python bench/documents.py              # 85 agencies
    .venv/bin/python bench/documents.py --agencies 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita.settings")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def one_report(seed: int) -> tuple[float, int, int]:
    from ita.documents.render_docx import render_docx
    from ita.documents.render_pdf import render_pdf_async
    from ita.documents.samples import sample_for

    start = time.perf_counter()
    doc = sample_for("องค์การบริหารส่วนจังหวัดมุกดาหาร", 2565, "o42", seed=seed)
    pdf = render_pdf_async(doc)  # Chromium prints while Python writes the DOCX
    docx = render_docx(doc)
    pdf_bytes = pdf.result()
    return time.perf_counter() - start, len(docx), len(pdf_bytes)


def batch(count: int, media: Path) -> tuple[float, int, int]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from ita.agencies.models import Agency, AgencyType, District, Province
    from ita.agencies.reference import load_provinces
    from ita.documents import batch as batches
    from ita.documents.actions import start_batch
    from ita.documents.models import DocumentBatch
    from ita.frameworks.actions import load_frameworks

    settings.MEDIA_ROOT = media
    load_provinces(Province, District)
    load_frameworks()
    province = Province.objects.get(name="มุกดาหาร")
    agencies = [
        Agency.objects.create(
            code=f"B-{n:03d}",
            name=f"องค์การบริหารส่วนตำบลทดสอบที่ {n}",
            agency_type=AgencyType.SAO,
            province=province,
        )
        for n in range(1, count + 1)
    ]
    user = get_user_model().objects.create_user("bench-officer")
    for agency in agencies:  # the real path: results, an approved plan, the registered builder
        plan_for(agency, user)
    from_db = one_report_from_database(agencies[0])
    threads = []
    real_start = batches.start_in_background
    batches.start_in_background = lambda *a: threads.append(real_start(*a))
    start = time.perf_counter()
    b = start_batch(
        acting_user=user, kind="o42", fiscal_year=2565, agencies=agencies, output_format="both"
    )
    shown = -1
    while True:  # what the progress page reads, once a second
        b = DocumentBatch.objects.get(pk=b.pk)
        if b.finished or b.percent // 20 != shown:
            shown = b.percent // 20
            bar = "#" * (30 * b.done // max(b.total, 1))
            print(f"  [{bar:<30}] {b.done}/{b.total} {b.get_status_display()}", flush=True)
        if b.finished:
            break
        time.sleep(1)
    elapsed = time.perf_counter() - start
    threads[0].join()
    if b.status != "done":
        raise SystemExit(f"batch failed: {b.error}")
    with zipfile.ZipFile(media / b.output) as zf:
        files = len(zf.namelist())
    return elapsed, files, (media / b.output).stat().st_size, from_db


SEED_002 = "86.07 76.72 76.57 75.54 72.00 79.63 73.30 70.22 90.00 37.50"


def plan_for(agency, user) -> None:
    """FY 2564–2565 results and an approved FY 2565 analysis with eight measures, written
    through the same actions the pages use, so the batch renders what an agency would."""
    from decimal import Decimal

    from ita.assessments.actions import record_result
    from ita.improvement import actions
    from ita.improvement.library import library

    # Scores differ per agency, so no chart is drawn once and reused from the cache.
    shift = Decimal(agency.pk % 97) / 10
    scores = {n: min(Decimal(v) + shift, Decimal(100)) for n, v in enumerate(SEED_002.split(), 1)}
    record_result(acting_user=user, agency=agency, fiscal_year=2564,
                  indicator_scores={n: Decimal("88") for n in range(1, 11)})  # fmt: skip
    record_result(acting_user=user, agency=agency, fiscal_year=2565, indicator_scores=scores)
    division = agency.divisions.create(name="สำนักปลัด")
    analysis = actions.start_analysis(acting_user=user, agency=agency, fiscal_year=2565)
    analysis = actions.update_analysis(
        acting_user=user, analysis=analysis, findings={},
        texts={"overview": "หน่วยงานวิเคราะห์ผลแล้วพบว่าตัวชี้วัดที่ 10 ต่ำที่สุด",
               "improvement_issues": "การสื่อสารและการเปิดเผยข้อมูล"},
    )  # fmt: skip
    for suggestion in library()[:8]:
        actions.save_measure(acting_user=user, analysis=analysis, data=actions.MeasureInput(
            title=suggestion.title, steps=suggestion.steps, period="ต.ค. 2565 – ก.ย. 2566",
            monitoring=suggestion.monitoring, division_ids=[division.pk],
            indicators=suggestion.indicators, items=suggestion.items.get("ita-2562", ()),
        ))  # fmt: skip


def one_report_from_database(agency) -> float:
    """Queries + build + DOCX + PDF of one agency's O42 report, browser already warm."""
    from ita.documents import batch as batches

    start = time.perf_counter()
    doc = batches.builder_for("o42")(agency, 2565)
    pdf = batches.render_pdf_async(doc)
    batches.render_docx(doc)
    pdf.result()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=85)
    parser.add_argument("--warm", type=int, default=5, help="warm reports to time")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from ita.documents.render_pdf import shutdown

    load_before = os.getloadavg()[0]
    cold, docx_size, pdf_size = one_report(seed=0)
    warm = [one_report(seed=n)[0] for n in range(1, args.warm + 1)]

    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        setup_test_environment()
        if connection.vendor == "sqlite":  # a file: the batch thread opens its own connection
            settings.DATABASES["default"]["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            total, files, zip_size, from_db = batch(args.agencies, Path(tmp) / "media")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    shutdown()

    print(
        f"O42 sample: DOCX {docx_size // 1024} KiB, PDF {pdf_size // 1024} KiB; "
        f"batch ZIP {zip_size // 1024 // 1024} MiB, {files} files; {os.cpu_count()} cores"
    )
    print(
        f"load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f} "
        "(other work on this machine slows every figure)"
    )
    print(f"one O42 report DOCX+PDF, cold (browser start): {cold:.2f} s")
    print(
        f"one O42 report DOCX+PDF, warm (median of {len(warm)}): {statistics.median(warm):.2f} s"
        f"  (goal < 2 s)"
    )
    print(f"one O42 report built from the database (queries + DOCX + PDF): {from_db:.2f} s")
    print(
        f"batch of {args.agencies} O42 reports from the database, DOCX+PDF, as background job: "
        f"{total:.1f} s"
        f"  (goal < 60 s for 85)"
    )


if __name__ == "__main__":
    main()
