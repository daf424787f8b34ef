"""Benchmark: rendering the O42 report (DOCX + PDF) once, and for a province's 85 agencies as
the background batch job (ZIP + progress), on this 2-core machine.

Goals (issue 11): one report under 1 s warm; the batch of 85 under 60 s. "Cold" is the first
report of a fresh process (Chromium starts, fonts register); "warm" is a report once the browser
is up, which is what every document after the first costs. Every report is built from the
database by the registered builder, as the pages build it. The batch runs exactly as the web
page starts it: actions.start_batch → the Celery task documents.run_batch after commit (in a
thread without a broker, ita.lib.background) → run_batch, polled for progress. Then LibreOffice
converts the batch's 85 DOCX to PDF, for the ratio of its time to ours.
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


def batch(count: int, media: Path, warm_count: int):
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from ita.agencies.models import Agency, AgencyType, District, Province
    from ita.agencies.reference import load_provinces
    from ita.documents.actions import start_batch
    from ita.documents.models import DocumentBatch
    from ita.frameworks.actions import load_frameworks
    from ita.lib import background

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
    cold = one_report_from_database(agencies[0])
    warm = [one_report_from_database(a) for a in agencies[1 : 1 + warm_count]]
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
    background.wait()
    if b.status != "done":
        raise SystemExit(f"batch failed: {b.error}")
    with zipfile.ZipFile(media / b.output) as zf:
        files = len(zf.namelist())
        zf.extractall(media / "unzipped")
    return elapsed, files, (media / b.output).stat().st_size, cold, warm, media / "unzipped"


def libreoffice(directory: Path) -> tuple[float, int]:
    """Seconds for Debian's LibreOffice to turn every DOCX of the batch into PDF (one soffice
    process for all, with the fonts of docs/documents.md), and the number it made."""
    import subprocess

    from ita.documents.render_docx import libreoffice_fonts

    conf = libreoffice_fonts(directory / "fonts")
    docx = sorted(str(p) for p in directory.glob("*.docx"))
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(directory)}
    start = time.perf_counter()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{directory}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(directory / "lo"), *docx],
        check=True, capture_output=True, env=env, timeout=3600,
    )  # fmt: skip
    return time.perf_counter() - start, len(list((directory / "lo").glob("*.pdf")))


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
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice ratio")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from ita.documents.render_pdf import shutdown

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        setup_test_environment()
        if connection.vendor == "sqlite":  # a file: the batch thread opens its own connection
            settings.DATABASES["default"]["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            total, files, zip_size, cold, warm, unzipped = batch(
                args.agencies, Path(tmp) / "media", args.warm
            )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        shutdown()
        lo_seconds, lo_files = libreoffice(unzipped) if not args.no_libreoffice else (0.0, 0)

    print(f"batch ZIP {zip_size // 1024 // 1024} MiB, {files} files; {os.cpu_count()} cores")
    print(
        f"load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f} "
        "(other work on this machine slows every figure)"
    )
    print(f"one O42 report from the database, DOCX+PDF, cold (browser start): {cold:.2f} s")
    print(
        f"one O42 report from the database, DOCX+PDF, warm (median of {len(warm)}): "
        f"{statistics.median(warm):.2f} s  (goal < 1 s)"
    )
    if lo_files:
        print(
            f"LibreOffice DOCX→PDF of the same {lo_files} DOCX: {lo_seconds:.1f} s, "
            f"ratio to our batch {lo_seconds / total:.2f}×"
        )
    print(
        f"batch of {args.agencies} O42 reports (DOCX + PDF) through the batch task: "
        f"{total:.1f} s  (goal < 60 s for 85)"
    )


if __name__ == "__main__":
    main()
