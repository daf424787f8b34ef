"""What /healthz reports: the database, Redis and a worker's heartbeat, cheaply and without
secrets (no host names, user names or error texts: a load balancer and anyone else may read it).

- database: `SELECT 1` on the default connection (and on the replica when there is one). Down
  means the site cannot serve: HTTP 503, so the load balancer takes the machine out.
- redis: a PING to each Redis the settings name (the cache, ITA_REDIS_URL; the broker,
  ITA_CELERY_BROKER_URL). The embedded default has none: "not_configured".
- worker: the age of the timestamp the `ops.heartbeat` task writes (beat sends it every
  HEARTBEAT_EVERY seconds, any worker runs it). Older than ITA_HEARTBEAT_MAX_AGE, or never
  written: the worker is not ok, and the site is "degraded" (it still serves pages; batches
  and link checks wait).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connections

HEARTBEAT_KEY = "ita:ops:heartbeat"
HEARTBEAT_EVERY = 60.0  # seconds between beats (settings.CELERY_BEAT_SCHEDULE)
TIMEOUT = 1.0  # seconds for each Redis answer: a health check must stay cheap
DB_DOWN = "ฐานข้อมูลไม่ตอบสนอง (database unreachable)"
REDIS_DOWN = "Redis ไม่ตอบสนอง (Redis unreachable)"
NO_HEARTBEAT = "ยังไม่มีสัญญาณจาก worker (no worker heartbeat)"
STALE = "สัญญาณจาก worker เก่าเกินไป (worker heartbeat stale)"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def database(alias: str = "default") -> dict:
    start = time.perf_counter()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver's error: the reply must not carry its text (host, user)
        connections[alias].close_if_unusable_or_obsolete()
        return {"ok": False, "message": DB_DOWN}
    return {"ok": True, "latency_ms": _ms(start)}


def redis_urls() -> dict[str, str]:
    """Each Redis the settings use, by role. A broker on another transport is not Redis."""
    urls = {}
    if settings.ITA_REDIS_URL:
        urls["cache"] = settings.ITA_REDIS_URL
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
        urls["broker"] = settings.CELERY_BROKER_URL
    return urls


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)


def ping(url: str) -> dict:
    start = time.perf_counter()
    try:
        with client(url) as r:
            r.ping()
    except redis.RedisError:
        return {"ok": False, "message": REDIS_DOWN}
    return {"ok": True, "latency_ms": _ms(start)}


def redis_status() -> dict | str:
    urls = redis_urls()
    if not urls:
        return "not_configured"
    return {role: ping(url) for role, url in urls.items()}


def heartbeat_url() -> str:
    """Where the heartbeat is kept: a Redis that both the workers and the web machines reach."""
    return settings.ITA_HEARTBEAT_REDIS_URL or redis_urls().get("broker", "")


def beat(now: Callable[[], float] = time.time) -> float:
    """Write the heartbeat (the `ops.heartbeat` task's body). Kept for ten beats at most, so a
    worker gone for good leaves no key behind."""
    stamp = now()
    with client(heartbeat_url()) as r:
        r.set(HEARTBEAT_KEY, repr(stamp), ex=int(HEARTBEAT_EVERY * 10))
    return stamp


def worker_status(now: Callable[[], float] = time.time) -> dict | str:
    url = heartbeat_url()
    if not url:
        return "not_configured"  # no broker: tasks run in the web process, no worker to watch
    try:
        with client(url) as r:
            raw = r.get(HEARTBEAT_KEY)
    except redis.RedisError:
        return {"ok": False, "message": REDIS_DOWN}
    if raw is None:
        return {"ok": False, "message": NO_HEARTBEAT, "max_age_s": settings.ITA_HEARTBEAT_MAX_AGE}
    age = round(max(0.0, now() - float(raw)), 1)
    report = {"ok": age < settings.ITA_HEARTBEAT_MAX_AGE, "heartbeat_age_s": age}
    report["max_age_s"] = settings.ITA_HEARTBEAT_MAX_AGE
    if not report["ok"]:
        report["message"] = STALE
    return report


def _ok(part: dict | str) -> bool:
    if part == "not_configured":
        return True
    if "ok" in part:
        return part["ok"]
    return all(p["ok"] for p in part.values())


def report() -> dict:
    """The whole report. "down" when a database is, "degraded" when Redis or the worker is."""
    body: dict = {"database": database()}
    if "replica" in connections.settings:
        body["replica"] = database("replica")
    body["redis"] = redis_status()
    body["worker"] = worker_status()
    if not body["database"]["ok"]:
        status = "down"
    elif all(_ok(body[k]) for k in ("replica", "redis", "worker") if k in body):
        status = "ok"
    else:
        status = "degraded"
    return {"status": status, **body}
