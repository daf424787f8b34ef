"""Benchmark: the province and national dashboards (issue 12) on the demo province.

The demo province แม่ฮ่องสอน (85 agencies: 35 regional offices, 50 local governments) with its
official results of FY 2562–2567 recorded through assessments.actions.record_result, as the demo
does; then `--provinces N` more provinces each get a copy of those 85 agencies and their results
(bulk-copied rows, for the national dashboard's scale: 77 provinces ≈ 6,500 agencies). Each page
is requested through Django's test client as the coordinator (province) or the national
administrator, warm, `--runs` times; the median and the number of queries are printed.
It uses a throwaway database (the test database of DATABASE_URL, SQLite by default).

    .venv/bin/python bench/oversight.py                  # the province, and 10 more provinces
    .venv/bin/python bench/oversight.py --provinces 76   # the whole country
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita.settings")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def build(extra_provinces: int):
    from django.contrib.auth import get_user_model

    from ita.agencies.models import Agency, District, Membership, Province, Role
    from ita.agencies.reference import load_provinces
    from ita.assessments.actions import record_result
    from ita.assessments.models import Assessment, IndicatorScore
    from ita.demo.agencies import MHS, _ensure_agencies, agency_specs, planned_results
    from ita.frameworks.actions import load_frameworks

    load_provinces(Province, District)
    load_frameworks()
    User = get_user_model()
    national = User.objects.create_user("bench-national")
    Membership.objects.create(user=national, role=Role.NATIONAL_ADMIN)
    coordinator = User.objects.create_user("bench-coordinator")
    province = Province.objects.get(name=MHS)
    Membership.objects.create(user=coordinator, role=Role.PROVINCE_COORDINATOR, province=province)
    specs = [s for s in agency_specs() if s.province == MHS]
    plan = planned_results(specs)
    agencies, _ = _ensure_agencies(specs)
    for spec in specs:
        for year, scores in sorted(plan[spec.code].items()):
            record_result(acting_user=national, agency=agencies[spec.code], fiscal_year=year,
                          indicator_scores=scores)  # fmt: skip
    originals = list(Agency.objects.filter(province=province))
    results = list(Assessment.objects.filter(agency__province=province))
    scores = list(IndicatorScore.objects.filter(assessment__in=results))
    for other in Province.objects.exclude(pk=province.pk).order_by("name")[:extra_provinces]:
        copies = Agency.objects.bulk_create(
            Agency(
                code=f"{a.code}-{other.code}",
                name=a.name,
                agency_type=a.agency_type,
                province=other,
            )
            for a in originals
        )
        copy_of = {a.pk: c for a, c in zip(originals, copies, strict=True)}
        new_results = Assessment.objects.bulk_create(
            Assessment(
                agency=copy_of[r.agency_id],
                fiscal_year=r.fiscal_year,
                source=r.source,
                framework_id=r.framework_id,
                total=r.total,
                level_code=r.level_code,
                level_label=r.level_label,
                iit=r.iit,
                eit=r.eit,
                oit=r.oit,
            )
            for r in results
        )
        result_of = {r.pk: n for r, n in zip(results, new_results, strict=True)}
        IndicatorScore.objects.bulk_create(
            IndicatorScore(
                assessment=result_of[s.assessment_id], indicator_id=s.indicator_id, score=s.score
            )
            for s in scores
        )
    return province, coordinator, national


def timed(client, url: str, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, framework specs built
    seconds = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    if os.environ.get("BENCH_SLOWEST"):
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        print(f"slowest of {url}: {slowest['time']} s {slowest['sql'][:3000]}")
    return statistics.median(seconds), len(captured), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=10, help="more provinces, copied")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from ita.agencies.models import Agency

    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        if connection.vendor == "sqlite":
            settings.DATABASES["default"]["TEST"]["NAME"] = str(Path(tmp) / "bench.sqlite3")
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            start = time.perf_counter()
            province, coordinator, national = build(args.provinces)
            built = time.perf_counter() - start
            if connection.vendor == "postgresql":  # statistics, as autovacuum keeps them live
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            agencies = Agency.objects.count()
            client = Client()
            client.force_login(coordinator)
            page = reverse("oversight:province", args=[province.pk])
            export = reverse("oversight:province_export", args=[province.pk, "xlsx"])
            rows = [
                ("province dashboard FY 2562", client, f"{page}?year=2562"),
                ("province, local with ind. 10 < 50", client,
                 f"{page}?year=2562&group=local&indicator=10&below=50"),
                ("province XLSX export", client, f"{export}?year=2562"),
                ("province CSV export", client, f"{page.rstrip('/')}/export.csv?year=2562"),
            ]  # fmt: skip
            admin = Client()
            admin.force_login(national)
            rows.append(("national dashboard FY 2567", admin,
                         reverse("oversight:national") + "?year=2567"))  # fmt: skip
            figures = [(name, *timed(c, url, args.runs)) for name, c, url in rows]
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"{connection.vendor}; {os.cpu_count()} cores; data built in {built:.1f} s")
    print(f"{agencies} agencies in {args.provinces + 1} provinces; the province has 85")
    for name, seconds, queries, size in figures:
        kib = size // 1024
        print(f"{name:36s} {seconds * 1000:7.0f} ms median  {queries:3d} queries  {kib} KiB")


if __name__ == "__main__":
    main()
