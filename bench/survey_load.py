"""Survey load benchmark: gunicorn + PostgreSQL + Redis on this machine, loopback only.

Starts its own PostgreSQL cluster and Redis server (on spare ports under a temporary folder),
loads frameworks and waves, then measures in one run:
  1. the raw single-row INSERT rate of the same PostgreSQL (pgbench): the database's ceiling;
  2. a bare Django view inserting one row, on the same gunicorn settings: the framework's ceiling;
  3. IIT submissions (one-time tokens, 30 items each) through the real view: accepted per second,
     p50/p99 latency, responses in the database vs acknowledged;
  4. EIT rate limiting through Redis (one address floods one wave);
  5. a fault test: the web server is SIGKILLed in the middle of a load and restarted; clients
     retry with the same client id, as a phone would; every acknowledged response must be
     present and none half-stored.
Everything it starts is stopped at the end. Request counts and times are bounded.

    .venv/bin/python bench/survey_load.py [--submissions 8000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PGBIN = Path("/usr/lib/postgresql/15/bin")
NATIONAL_RESPONSES = 1_350_000
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def as_postgres(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


class Services:
    """PostgreSQL, Redis and gunicorn, started here and stopped by stop()."""

    def __init__(self, workdir: Path, workers: int, threads: int):
        self.dir, self.workers, self.threads = workdir, workers, threads
        self.worker_class = "gthread" if threads > 1 else "sync"
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.redis = self.web = None
        self.pg_started = False

    # -- PostgreSQL
    def start_postgres(self) -> None:
        data = self.dir / "pg"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(data, "postgres")
        as_postgres([str(PGBIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                     "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        opts = (f"-p {self.pg_port} -k {self.dir} -c listen_addresses={HOST} "
                "-c shared_buffers=256MB -c max_connections=200")  # fmt: skip
        as_postgres([str(PGBIN / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "pg.log"),
                     "-o", opts, "-w", "start"])  # fmt: skip
        self.pg_started = True
        as_postgres([str(PGBIN / "createdb"), "-h", HOST, "-p", str(self.pg_port), "-U",
                     "postgres", "ita"])  # fmt: skip

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.pg_port}/ita"

    # -- Redis
    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(self.redis_port)

    # -- gunicorn
    def env(self) -> dict:
        return os.environ | {
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "survey_settings",
            "PYTHONPATH": f"{BENCH}:{ROOT}",
            "ITA_REDIS_URL": f"redis://{HOST}:{self.redis_port}/0",
            "ITA_SECRET_KEY": "survey-benchmark-only",
            "ITA_VAR_DIR": str(self.dir / "var"),
            "ITA_DB_CONN_MAX_AGE": "600",  # persistent connections, as in production
            "PYTHAINLP_OFFLINE": "1",
            "PYTHAINLP_READ_ONLY": "1",
        }

    def start_web(self) -> None:
        cmd = [sys.executable, "-m", "gunicorn", "ita.wsgi", "--bind", f"{HOST}:{self.web_port}",
               "--workers", str(self.workers), "--worker-class", self.worker_class,
               "--threads", str(self.threads), "--backlog", "2048", "--log-level", "warning",
               "--timeout", "60"]  # fmt: skip
        with open(self.dir / "gunicorn.log", "ab") as log:
            self.web = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env(), start_new_session=True, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_http(self.web_port, "/accounts/login/")

    def kill_web(self) -> None:
        """SIGKILL to the master and every worker at once: nothing gets to clean up."""
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGKILL)
            self.web.wait()

    def stop(self) -> None:
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGTERM)
            try:
                self.web.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill_web()
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=20)
        if self.pg_started:
            as_postgres([str(PGBIN / "pg_ctl"), "-D", str(self.dir / "pg"), "-m", "fast", "stop"])
            self.pg_started = False


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {HOST}:{port}")


def wait_http(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _ = http_get(port, path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


def http_get(port: int, path: str) -> tuple[int, bytes]:
    with socket.create_connection((HOST, port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


# ------------------------------------------------------------------ load generator (own process)


def post_bytes(port: int, path: str, body: str, cookie: str = "") -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body.encode())}\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "Connection: close\r\n\r\n")  # fmt: skip
    return head.encode() + body.encode()


async def _one(port: int, payload: bytes) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(payload)
        await writer.drain()
        line = await reader.readline()
        await reader.read()  # until the server closes
        return int(line.split(b" ", 2)[1])
    finally:
        writer.close()


async def _run(port, jobs, concurrency, seconds, retry):
    """jobs: list of (key, payload). Returns [(key, status, latency_s, attempts)]. With retry,
    a connection error is retried with the same payload (same client id) until the deadline."""
    results, queue = [], list(reversed(jobs))
    deadline = time.monotonic() + seconds

    async def worker():
        while queue and time.monotonic() < deadline:
            key, payload = queue.pop()
            attempts = 0
            while time.monotonic() < deadline:
                attempts += 1
                started = time.perf_counter()
                try:
                    status = await _one(port, payload)
                except (OSError, IndexError, ValueError):
                    if not retry:
                        results.append((key, 0, time.perf_counter() - started, attempts))
                        break
                    await asyncio.sleep(0.05)
                    continue
                results.append((key, status, time.perf_counter() - started, attempts))
                break

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, time.monotonic() - started


def run_load(port, jobs, concurrency, seconds, retry=False):
    return asyncio.run(_run(port, jobs, concurrency, seconds, retry))


# ------------------------------------------------------------------ data set-up (Django)


def setup_django(services: Services) -> None:
    os.environ.update(services.env())
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()


def prepare(agencies: int, tokens_per_wave: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from ita.agencies.models import Agency, AgencyType, District, Province
    from ita.agencies.reference import load_provinces
    from ita.frameworks.actions import load_frameworks
    from ita.surveys import actions

    call_command("migrate", verbosity=0)
    load_provinces(Province, District)
    load_frameworks()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, v int)")
        cursor.execute("CREATE TABLE bench_raw (id bigserial PRIMARY KEY, v int)")
    province = Province.objects.get(name="แม่ฮ่องสอน")
    today = __import__("django.utils.timezone", fromlist=["x"]).localdate()
    end = today + __import__("datetime").timedelta(days=30)
    iit, eit, slips = [], [], {}
    for n in range(agencies):
        agency = Agency.objects.create(
            code=f"BENCH-{n:04d}", name=f"หน่วยงานทดสอบภาระ {n + 1}",
            agency_type=AgencyType.SAO, province=province,
        )  # fmt: skip
        kwargs = {"acting_user": None, "agency": agency, "fiscal_year": 2567, "starts_on": today,
                  "ends_on": end}  # fmt: skip
        wave = actions.open_wave(tool="IIT", population=tokens_per_wave, **kwargs)
        slips[wave.pk] = actions.issue_slips(acting_user=None, wave=wave, count=tokens_per_wave)
        wave.refresh_from_db()
        iit.append(wave)
        eit.append(actions.open_wave(tool="EIT", population=0, **kwargs))
    return {"iit": iit, "eit": eit, "slips": slips}


def csrf_pair(port: int, path: str) -> tuple[str, str]:
    _, raw = http_get(port, path)
    cookie = re.search(rb"csrftoken=([^;]+);", raw)[1].decode()
    form = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', raw)[1].decode()
    return cookie, form


def survey_jobs(port, waves, slips, serials, csrf) -> list[tuple[str, bytes]]:
    """One job per (wave, slip number): random answers, a fresh client id."""
    from ita.surveys.queries import questionnaire_of

    cookie, form_token = csrf
    rnd = random.Random(2566)
    jobs = []
    for wave, serial in serials:
        wave = waves[wave]
        q = questionnaire_of(wave.framework_id, wave.tool)
        client_id = str(uuid.uuid4())
        fields = {s.field: str(rnd.randrange(len(x.options))) for x in q.questions for s in x.subs}
        body = urllib.parse.urlencode(
            fields | {"client_id": client_id, "csrfmiddlewaretoken": form_token, "comment": ""}
        )
        path = f"/surveys/t/{wave.public_code}/{slips[wave.pk][serial - 1]}/"
        jobs.append((client_id, post_bytes(port, path, body, f"csrftoken={cookie}")))
    return jobs


def eit_jobs(port, wave, count, csrf) -> list[tuple[str, bytes]]:
    from ita.surveys.queries import questionnaire_of

    cookie, form_token = csrf
    q = questionnaire_of(wave.framework_id, wave.tool)
    fields = {s.field: "0" for x in q.questions for s in x.subs}
    jobs = []
    for _ in range(count):
        client_id = str(uuid.uuid4())
        body = urllib.parse.urlencode(
            fields | {"client_id": client_id, "csrfmiddlewaretoken": form_token}
        )
        path = f"/surveys/e/{wave.public_code}/"
        jobs.append((client_id, post_bytes(port, path, body, f"csrftoken={cookie}")))
    return jobs


def stored(client_ids) -> set[str]:
    """The client ids found among stored answers and answers waiting for their batch."""
    from ita.surveys.models import PendingResponse, Response

    found = set()
    ids = list(client_ids)
    for model in (Response, PendingResponse):
        for i in range(0, len(ids), 5000):
            chunk = model.objects.filter(client_id__in=ids[i : i + 5000])
            found |= {str(c) for c in chunk.values_list("client_id", flat=True)}
    return found


def integrity(waves) -> dict:
    """Answers (stored and waiting), slips spent, answers without all 30 item sums, and waves
    whose stored answers do not all share one transaction id (one mix per day)."""
    from django.db import connection
    from django.db.models import Sum

    from ita.surveys.models import IitToken, PendingResponse, Response
    from ita.surveys.questionnaire import decode_answers

    rows = [r for m in (Response, PendingResponse) for r in m.objects.filter(wave__in=waves)]
    issued = sum(w.tokens_issued for w in waves)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT wave_id FROM {Response._meta.db_table} "
            "GROUP BY wave_id, submitted_on HAVING count(DISTINCT xmin::text) > 1) AS x"
        )
        unmixed = cursor.fetchone()[0]
    tallied = Response.objects.filter(wave__in=waves).count()
    counted = type(waves[0]).objects.filter(pk__in=[w.pk for w in waves])
    return {
        "responses": len(rows),
        "waiting": len(rows) - tallied,
        "tokens_used": issued - IitToken.objects.filter(wave__in=waves).count(),
        "half_stored": sum(1 for r in rows if len(decode_answers(r.answers)) != 30),
        "unmixed_days": unmixed,
        "tally_matches": (counted.aggregate(n=Sum("tallied_responses"))["n"] or 0) == tallied,
    }


# ------------------------------------------------------------------ phases


def pgbench(services: Services, seconds: int) -> float:
    script = services.dir / "raw_insert.sql"
    script.write_text("INSERT INTO bench_raw (v) VALUES (1);\n")
    if os.geteuid() == 0:
        shutil.chown(script, "postgres")
    out = as_postgres([str(PGBIN / "pgbench"), "-n", "-h", HOST, "-p", str(services.pg_port),
                       "-U", "postgres", "-c", "8", "-j", "2", "-T", str(seconds), "-f",
                       str(script), "ita"]).stdout  # fmt: skip
    return float(re.search(r"tps = ([\d.]+)", out)[1])


def summarise(results, elapsed, ok=(302,)):
    accepted = [r for r in results if r[1] in ok]
    latencies = sorted(r[2] for r in accepted)

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "sent": len(results),
        "accepted": len(accepted),
        "rate": len(accepted) / elapsed if elapsed else 0,
        "p50": statistics.median(latencies) * 1000 if latencies else 0,
        "p99": pct(0.99) if latencies else 0,
        "statuses": sorted({r[1] for r in results}),
    }


def in_child(pool, fn, *args):
    return pool.apply(fn, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=8000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)  # one process per core
    parser.add_argument("--threads", type=int, default=4, help="1 = sync workers")
    parser.add_argument("--seconds", type=int, default=40, help="upper bound per load phase")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="surveys-bench-", dir="/tmp"))
    services = Services(workdir, args.workers, args.threads)
    # The load generator runs in its own process, forked before Django opens any connection.
    pool = multiprocessing.get_context("fork").Pool(1)
    try:
        return run(args, services, pool)
    finally:
        pool.terminate()
        services.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args, services: Services, pool) -> int:
    load_at_start = loadavg()
    agencies = 20
    per_wave = -(-(args.submissions + 2000) // agencies)  # the fault phase takes the rest
    services.start_postgres()
    services.start_redis()
    setup_django(services)
    waves = prepare(agencies, per_wave)
    from django.db import connection

    connection.close()
    services.start_web()
    port = services.web_port
    print(f"services: PostgreSQL :{services.pg_port}, Redis :{services.redis_port}, gunicorn "
          f":{port} ({args.workers} workers × {args.threads} threads), load generator "
          f"{args.concurrency} connections", flush=True)  # fmt: skip

    raw_rate = pgbench(services, 8)
    print(f"raw INSERT (pgbench, 8 clients): {raw_rate:.0f}/s", flush=True)

    bare_jobs = [(str(i), post_bytes(port, "/bench/bare/", "v=1")) for i in range(args.submissions)]
    in_child(pool, run_load, port, bare_jobs[:500], args.concurrency, 10)  # warm every worker
    bare = summarise(
        *in_child(pool, run_load, port, bare_jobs, args.concurrency, args.seconds), ok=(200,)
    )
    print(
        f"bare Django view: {bare['rate']:.0f}/s p50 {bare['p50']:.1f} ms p99 {bare['p99']:.1f} ms",
        flush=True,
    )

    csrf = csrf_pair(port, f"/surveys/e/{waves['eit'][0].public_code}/")
    serials = [(w, s) for s in range(1, per_wave + 1) for w in range(agencies)]
    main_serials, fault_serials = serials[: args.submissions], serials[args.submissions :]
    jobs = survey_jobs(port, waves["iit"], waves["slips"], main_serials, csrf)
    results, elapsed = in_child(pool, run_load, port, jobs, args.concurrency, args.seconds)
    survey = summarise(results, elapsed)
    acked = {r[0] for r in results if r[1] == 302}
    in_db = stored(acked)
    check = integrity(waves["iit"])
    print(f"survey submissions: {survey['rate']:.0f}/s p50 {survey['p50']:.1f} ms p99 "
          f"{survey['p99']:.1f} ms statuses {survey['statuses']}", flush=True)  # fmt: skip

    # EIT flood from one address, through the Redis rate limit (20 per 10 minutes).
    flood = in_child(pool, run_load, port, eit_jobs(port, waves["eit"][1], 30, csrf), 4, 20)[0]
    flood_ok = sum(1 for r in flood if r[1] == 302)
    flood_limited = sum(1 for r in flood if r[1] == 429)
    import redis

    redis_keys = redis.Redis(host=HOST, port=services.redis_port).dbsize()

    # Fault: SIGKILL the web server mid-load, restart it; clients retry with the same client id.
    fault_jobs = survey_jobs(port, waves["iit"], waves["slips"], fault_serials, csrf)
    pending = pool.apply_async(run_load, (port, fault_jobs, args.concurrency, 60, True))
    time.sleep(1.0)
    services.kill_web()
    killed_at = time.monotonic()
    services.start_web()
    downtime = time.monotonic() - killed_at
    fault_results, _ = pending.get(timeout=120)
    fault_acked = {r[0] for r in fault_results if r[1] == 302}
    fault_in_db = stored(fault_acked)
    retried = sum(1 for r in fault_results if r[3] > 1)
    after = integrity(waves["iit"])
    fault_rows = after["responses"] - check["responses"]

    hours = NATIONAL_RESPONSES / survey["rate"] / 3600 if survey["rate"] else float("inf")
    ok = (
        len(in_db) == len(acked) == check["responses"] == check["tokens_used"]
        and check["half_stored"] == 0
        and len(fault_in_db) == len(fault_acked) == fault_rows
        and after["half_stored"] == 0
        and after["tokens_used"] == after["responses"]
        and after["unmixed_days"] == 0
        and after["tally_matches"]
        and flood_ok == 20
    )
    print("---- survey load benchmark (loopback, 2 cores) ----")
    print(f"machine load average at start / end: {load_at_start} / {loadavg()} "
          "(other processes on this machine compete for the same 2 cores)")  # fmt: skip
    print(f"raw PostgreSQL single-row INSERT (pgbench): {raw_rate:.0f}/s")
    print(f"bare Django view inserting one row (same gunicorn): {bare['rate']:.0f}/s "
          f"(p50 {bare['p50']:.1f} ms, p99 {bare['p99']:.1f} ms)")  # fmt: skip
    print(f"IIT survey submissions accepted: {survey['accepted']} of {survey['sent']} sent, "
          f"{survey['rate']:.0f}/s = {survey['rate'] / bare['rate'] * 100:.0f}% "
          "of the bare view")  # fmt: skip
    print(
        f"latency of accepted submissions: p50 {survey['p50']:.1f} ms, p99 {survey['p99']:.1f} ms"
    )
    print(f"responses in database: {len(in_db)} of {len(acked)} acknowledged; rows for the waves "
          f"{check['responses']} ({check['waiting']} waiting for a batch of k), tokens used "
          f"{check['tokens_used']}, half-stored {check['half_stored']}")  # fmt: skip
    print(
        f"mixing: days whose stored answers carry more than one transaction id: "
        f"{after['unmixed_days']}; tallies equal stored answers: {after['tally_matches']}"
    )
    print(f"EIT flood from one address (Redis rate limit): {flood_ok} accepted, {flood_limited} "
          f"refused with 429; {redis_keys} short-lived counter keys in Redis")  # fmt: skip
    print(f"fault test (SIGKILL mid-load, restart after {downtime:.1f} s): {len(fault_acked)} "
          f"acknowledged, {len(fault_in_db)} present, {fault_rows} new rows, {retried} retried, "
          f"half-stored {after['half_stored']}, tokens used {after['tokens_used']} = responses "
          f"{after['responses']}")  # fmt: skip
    print(f"national round of {NATIONAL_RESPONSES:,} responses at this rate: {hours:.2f} hours "
          "of submissions on one such machine")  # fmt: skip
    ratio = survey["rate"] / bare["rate"] if bare["rate"] else 0
    goals = [
        ("≥ 500 accepted/s", survey["rate"] >= 500),
        ("p99 < 300 ms", survey["p99"] < 300),
        ("≥ 50% of the bare view", ratio >= 0.5),
    ]
    print("performance goals: " + ", ".join(f"{g} {'met' if m else 'NOT met'}" for g, m in goals))
    print(f"RESULT (zero lost, zero duplicated, none half-stored): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
