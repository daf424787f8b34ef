"""Benchmark (issue 14): a synthetic national round in PostgreSQL, measured at growing sizes.

Recreates its own database (ita_bench_national on 127.0.0.1:5432 by default), migrates it, and
for each step (¼, ½ and the whole of --scale) adds agencies to reach the step's share of 8,317
agencies in 77 provinces, each with five fiscal years of results, survey answers in waves
(1.35 million at scale 1) and the year's OIT items with evidence (bench/national_data.py). Then:
  1. record_result, the one-result path, on a sample (rolled back): time and queries per result,
     extrapolated to the round, with its profile at the first step;
  2. the national recompute (ita.assessments.recompute) of every result, all made stale first;
  3. the hand-written SQL ceiling, one UPDATE … GROUP BY, from the same stale state; both must
     give the same figures for every result;
  4. a real gunicorn (one sync worker) over the database: province dashboards (several
     provinces and filters), the national ranking, the API list, the open-data files of the
     year, and the worker's peak resident memory.
Each step prints its block; the last lines are the full-size figures in the issue's form.

    .venv/bin/python bench/national.py --scale 0.02          # a quick look
    .venv/bin/python bench/national.py                       # the national round (~20 min)
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bench import national_data as data  # noqa: E402
from bench import national_web as web  # noqa: E402

GOALS = {"ratio": 1.5, "province": 300, "national": 1000, "api": 300, "rss": 500}


def recreate_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def profile_lines(profile: cProfile.Profile, limit: int = 14) -> list[str]:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(r"ita/|django/db/models/(query|sql/compiler)", limit)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return [line.replace(str(ROOT) + "/", "") for line in lines[start : start + limit + 1]]


def one_at_a_time(user, sample: int, profile: bool) -> dict:
    """record_result on `sample` stale results, as a form or an import row records one; rolled
    back, so the recompute after it still finds every result stale."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ita.assessments.actions import record_result
    from ita.assessments.models import Assessment

    chosen = list(
        Assessment.objects.select_related("agency")
        .prefetch_related("scores__indicator")
        .order_by("?")[:sample]
    )
    entries = [(a, {s.indicator.number: s.score for s in a.scores.all()}) for a in chosen]
    profiler = cProfile.Profile() if profile else None
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        for a, scores in entries:
            record_result(
                acting_user=user,
                agency=a.agency,
                fiscal_year=a.fiscal_year,
                indicator_scores=scores,
                framework=None,
            )
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return {
        "n": len(entries),
        "ms": seconds / len(entries) * 1000,
        "queries": len(queries) / len(entries),
        "profile": profile_lines(profiler) if profiler else [],
    }


def stale() -> None:
    """Every result stale, and the table vacuumed, so that each timed rewrite starts from the
    same table (not one carrying the previous rewrites' dead rows)."""
    from django.db import connection

    data.reset_results()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE assessments_assessment")


PHASES = {  # recompute's steps, timed by wrapping them (about a microsecond per call)
    "read results": "_batch",
    "read scores": "_scores_of",
    "read verdicts": "_verdicts_of",
    "score (frameworks.scoring, snapshots)": "_rescored",
    "write figures (UPDATE)": "_write_figures",
    "write revisions and audit events (COPY)": "_copy_in",
    "write (all)": "_write",
}


@contextlib.contextmanager
def timed_phases(into: dict):
    from ita.assessments import recompute as module

    originals = {name: getattr(module, name) for name in PHASES.values()}

    def wrap(name, fn):
        @functools.wraps(fn)
        def timed(*a, **kw):
            start = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                into[name] = into.get(name, 0.0) + time.perf_counter() - start

        return timed

    for name, fn in originals.items():
        setattr(module, name, wrap(name, fn))
    try:
        yield
    finally:
        for name, fn in originals.items():
            setattr(module, name, fn)


def phase_lines(spent: dict) -> str:
    """The batches' time less what is inside them is the locked read of the results."""
    inner = sum(spent.get(PHASES[k], 0) for k in ("read scores", "read verdicts"))
    inner += spent.get("_rescored", 0) + spent.get("_write", 0)
    shown = dict(spent) | {"_batch": spent.get("_batch", 0) - inner}
    return ", ".join(f"{label} {shown.get(name, 0):.2f} s" for label, name in PHASES.items())


def recompute(user, profile: bool = False) -> tuple[float, object, list[str], str]:
    from ita.assessments.recompute import recompute_results

    stale()
    profiler = cProfile.Profile() if profile else None
    spent: dict = {}
    with timed_phases(spent) if not profile else contextlib.nullcontext():
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        outcome = recompute_results(acting_user=user)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
    lines = profile_lines(profiler) if profiler else []
    return seconds, outcome, lines, phase_lines(spent)


def ceiling() -> float:
    stale()
    start = time.perf_counter()
    data.run_ceiling()
    return time.perf_counter() - start


def vacuum() -> float:
    """What autovacuum does after a national rewrite, before people read the dashboards."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - start


def pick_provinces(count: int = 6) -> list:
    """The largest, the smallest and provinces between, by their number of agencies."""
    from django.db.models import Count

    from ita.agencies.models import Province

    ranked = list(
        Province.objects.annotate(n=Count("agencies")).filter(n__gt=0).order_by("-n", "name")
    )
    step = max(1, (len(ranked) - 1) / (count - 1))
    return [ranked[min(len(ranked) - 1, round(i * step))] for i in range(count)]


FILTERS = ["", "&group=local&indicator=10&below=50", "&sort=-total", "&result=fail"]


def attempt(fn, *args, **kwargs):
    """A page that fails (another change in the working tree half made, say) is reported, not
    the end of a twenty-minute run."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:200]}


def pages(database_url: str, var_dir: Path, user, requests: int) -> dict:
    from django.urls import reverse

    year = data.SURVEY_YEAR
    provinces = pick_provinces()
    server = web.Web(database_url, var_dir)
    server.start()
    figures = {"provinces": [(p.name, p.n) for p in provinces]}
    try:
        conn, cookie = server.connection(), web.login_cookie(user)
        province_urls = [
            reverse("oversight:province", args=[p.pk]) + f"?year={year}{f}"
            for f in FILTERS
            for p in provinces
        ]
        figures["province"] = attempt(
            web.timed, conn, province_urls, requests, cookie, server.cpu_seconds
        )
        national = reverse("oversight:national")
        national_urls = [
            f"{national}?year={year}",
            f"{national}?year={year}&sort=failed",
            f"{national}?year={year - 1}",
            f"{national}?year={year}&sort=name",
        ]
        figures["national"] = attempt(
            web.timed, conn, national_urls, requests, cookie, server.cpu_seconds
        )
        status, _ = web.get(conn, "/api/v1/agencies/")
        if status == 200:
            code = provinces[0].code
            api = [
                "/api/v1/agencies/?limit=100",
                f"/api/v1/agencies/?province={code}",
                "/api/v1/agencies/?type=sao&limit=50",
                "/api/v1/agencies/?offset=2000&limit=100",
            ]
            figures["api"] = attempt(web.timed, conn, api, requests, cpu=server.cpu_seconds)
        figures["opendata"] = {}
        for fmt in ("csv", "json", "xlsx"):
            start = time.perf_counter()
            status, body = web.get(conn, reverse("public:data_file", args=[year, fmt]))
            seconds = time.perf_counter() - start if status == 200 else float("nan")
            figures["opendata"][fmt] = (seconds, len(body))
        figures["rss"] = server.peak_rss_mb()
    finally:
        server.stop()
    return figures


def page_profile(user, url: str) -> list[str]:
    """One request in this process: its time, its queries, the five slowest by EXPLAIN ANALYZE
    (execution and planning), and the view's profile."""
    import json

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    client.get(url)  # warm
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        profiler.enable()
        status = client.get(url).status_code
        profiler.disable()
        seconds = time.perf_counter() - start
    explained = []
    with connection.cursor() as cursor:
        for q in captured.captured_queries:
            if not q["sql"].startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + q["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            explained.append((plan[0]["Execution Time"], plan[0]["Planning Time"], q["sql"]))
    in_db = sum(e + p for e, p, _ in explained)
    lines = [
        f"{url}: {status}, {seconds * 1000:.0f} ms in-process, {len(captured)} queries, "
        f"{in_db:.0f} ms of EXPLAIN ANALYZE execution + planning; slowest:"
    ]
    for e, p, sql in sorted(explained, reverse=True)[:5]:
        lines.append(f"  {e:7.1f} ms (+{p:.1f} planning) {sql[:150]}")
    return lines + profile_lines(profiler, 12)


def step(plan, target: int, user, args, database_url, var_dir, first: bool) -> dict:
    from ita.agencies.models import Agency
    from ita.assessments.models import Assessment
    from ita.disclosure.models import DisclosureItem, Evidence
    from ita.surveys.models import Response

    timings = data.Timings()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    data.generate(plan, target, timings)
    out = {"timings": dict(timings), "generation": sum(timings.values()), "load": load_before}
    out |= {
        "agencies": Agency.objects.count(),
        "results": Assessment.objects.count(),
        "responses": Response.objects.count(),
        "oit_items": DisclosureItem.objects.count(),
        "evidence": Evidence.objects.count(),
    }
    data.reset_results()
    out["single"] = one_at_a_time(user, args.sample, profile=first)
    if first:
        out["recompute_profile"] = recompute(user, profile=True)[2]
    out["recompute"], outcome, _, out["phases"] = recompute(user)
    out["written"], out["problems"] = outcome.changed, outcome.problems
    recomputed = data.figures()
    out["sql"] = ceiling()
    by_sql = data.figures()
    out["mismatches"] = sum(1 for pk, row in recomputed.items() if by_sql.get(pk) != row)
    out["vacuum"] = vacuum()
    out |= pages(database_url, var_dir, user, args.requests)
    if args.profile_pages:
        from django.urls import reverse

        biggest = pick_provinces()[0]
        page = reverse("oversight:province", args=[biggest.pk]) + f"?year={data.SURVEY_YEAR}"
        national = reverse("oversight:national") + f"?year={data.SURVEY_YEAR}"
        out["page_profiles"] = [
            attempt(page_profile, user, u) for u in (page, f"{page}&sort=-total", national)
        ]
    return out


def print_step(label: str, f: dict) -> None:
    print(
        f"\n== step {label}: {f['agencies']:,} agencies, {f['results']:,} results, "
        f"{f['responses']:,} survey answers, {f['oit_items']:,} OIT items "
        f"({f['evidence']:,} with evidence) =="
    )
    print(f"machine load average (1, 5, 15 min) at the step's start: {f['load']}")
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in f["timings"].items())
    print(f"generation (this step's additions): {parts}; total {f['generation']:.1f} s")
    s = f["single"]
    print(
        f"record_result one at a time (sample of {s['n']}, rolled back): "
        f"{s['ms']:.1f} ms and {s['queries']:.1f} queries per result → all "
        f"{f['results']:,} ≈ {s['ms'] * f['results'] / 1000:.0f} s"
    )
    for line in s["profile"]:
        print(f"    {line}")
    if f.get("recompute_profile"):
        print("recompute_results profile (cumulative):")
        for line in f["recompute_profile"]:
            print(f"    {line}")
    print(
        f"recompute (assessments.recompute, every result stale): {f['recompute']:.1f} s, "
        f"{f['written']:,} written with revision and audit event, problems {len(f['problems'])}"
    )
    print(f"  of which: {f['phases']}")
    same = "identical" if f["mismatches"] == 0 else f"{f['mismatches']:,} DIFFERENT"
    print(
        f"hand-written SQL (one UPDATE … GROUP BY): {f['sql']:.1f} s; figures {same} on all "
        f"{f['results']:,} results; ratio {f['recompute'] / f['sql']:.2f}×"
    )
    print(f"VACUUM ANALYZE after the rewrites: {f['vacuum']:.1f} s")
    names = ", ".join(f"{n} ({c})" for n, c in f["provinces"])
    print(f"provinces read: {names}; filters: {', '.join(x or '(none)' for x in FILTERS)}")
    for key, label_ in (
        ("province", "province page"),
        ("national", "national page"),
        ("api", "api list"),
    ):
        if "error" in f.get(key, {}):
            print(f"{label_}: not measured ({f[key]['error']})")
        elif key in f:
            p = f[key]
            print(
                f"{label_}: p50 {p['p50']:.0f} ms p95 {p['p95']:.0f} ms max {p['max']:.0f} ms "
                f"over {p['n']} requests, {p['kib']:.0f} KiB; web worker CPU "
                f"{p['cpu_ms']:.0f} ms per request"
            )
        else:
            print(f"{label_}: not available (no /api/v1 yet)")
    files = ", ".join(
        f"{fmt.upper()} {t:.2f} s ({size / 1e6:.1f} MB)" for fmt, (t, size) in f["opendata"].items()
    )
    print(f"open data {data.SURVEY_YEAR} (published results): {files}")
    print(f"web process (gunicorn sync worker) peak RSS: {f['rss']:.0f} MB", flush=True)
    for lines in f.get("page_profiles", []):
        if isinstance(lines, dict):
            print(f"page profile: not made ({lines['error']})")
            continue
        print("page profile: " + lines[0])
        for line in lines[1:]:
            print(f"    {line}")


def print_growth(labels, steps: list[dict]) -> None:
    first, last = steps[0], steps[-1]
    size = last["results"] / first["results"]
    print(f"\n== growth from step {labels[0]} to {labels[-1]} (size × {size:.2f}) ==")
    rows = [("generation", "generation"), ("recompute", "recompute"), ("hand-written SQL", "sql")]
    for name, key in rows:
        print(f"{name}: × {last[key] / first[key]:.2f}")
    for key in ("province", "national", "api"):
        if "p95" in last.get(key, {}) and "p95" in first.get(key, {}):
            print(f"{key} p95: × {last[key]['p95'] / first[key]['p95']:.2f}")
    csv = [s["opendata"]["csv"][0] for s in (first, last)]
    print(
        f"open data CSV: × {csv[1] / csv[0]:.2f}; peak RSS: {first['rss']:.0f} → "
        f"{last['rss']:.0f} MB"
    )


def print_closing(f: dict) -> None:
    ratio = f["recompute"] / f["sql"]
    met = {
        "ratio": ratio <= GOALS["ratio"],
        "province": f["province"].get("p95", 1e9) < GOALS["province"],
        "national": f["national"].get("p95", 1e9) < GOALS["national"],
        "rss": f["rss"] < GOALS["rss"],
    }
    if "api" in f:
        met["api"] = f["api"].get("p95", 1e9) < GOALS["api"]
    print("\ngoals: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in met.items()))
    print(f"web process peak RSS {f['rss']:.0f} MB")
    print(
        f"recompute: {f['recompute']:.1f} s, hand-written SQL: {f['sql']:.1f} s, ratio {ratio:.2f}×"
    )
    for key, name in (
        ("province", "province page"),
        ("national", "national page"),
        ("api", "api list"),
    ):
        if "error" in f.get(key, {}):
            print(f"{name}: not measured ({f[key]['error']})")
        elif key in f:
            print(f"{name} p50 {f[key]['p50']:.0f} ms p95 {f[key]['p95']:.0f} ms")
        else:
            print("api list: not available (no /api/v1 yet)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--steps", default="0.25,0.5,1")
    parser.add_argument("--requests", type=int, default=40, help="per page type and step")
    parser.add_argument("--sample", type=int, default=200, help="results for record_result")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="ita_bench_national")
    parser.add_argument(
        "--no-profile-pages",
        dest="profile_pages",
        action="store_false",
        help="skip the EXPLAIN ANALYZE and profile of the pages",
    )
    args = parser.parse_args()
    steps = [float(s) for s in args.steps.split(",")]

    started = time.perf_counter()
    database_url = recreate_database(args.server, args.database)
    var_dir = Path(tempfile.mkdtemp(prefix="ita-national-"))
    os.environ |= {
        "DATABASE_URL": database_url,
        "ITA_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "ita.settings",
        "ITA_DB_CONN_MAX_AGE": "600",
        "ITA_SECRET_KEY": web.SECRET_KEY,  # the session made here is read by gunicorn
    }
    import django

    django.setup()
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - start
    plan = data.make_plan(
        agencies=round(data.NATIONAL_AGENCIES * args.scale),
        responses=round(data.NATIONAL_RESPONSES * args.scale),
    )
    _, user = data.reference(plan)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"PostgreSQL database {args.database}; {os.cpu_count()} cores (load {load}); "
        f"migrated in {migrated:.1f} s; plan: {len(plan.agencies):,} agencies in "
        f"{plan.provinces} provinces, {plan.responses:,} survey answers at scale {args.scale}"
    )
    labels = [{0.25: "¼", 0.5: "½", 1.0: "full"}.get(s, f"{s:g}") for s in steps]
    done = []
    for i, (share, label) in enumerate(zip(steps, labels, strict=True)):
        target = round(len(plan.agencies) * share)
        done.append(step(plan, target, user, args, database_url, var_dir, first=i == 0))
        print_step(label, done[-1])
    if len(done) > 1:
        print_growth(labels, done)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"\nbenchmark process peak RSS {peak:.0f} MB; load at the end {load}; "
        f"whole run {(time.perf_counter() - started) / 60:.1f} min"
    )
    print_closing(done[-1])
    problems = sum(len(s["problems"]) + s["mismatches"] for s in done)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
