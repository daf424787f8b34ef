"""/healthz (issue 14): the database, Redis and the worker's heartbeat, as a load balancer sees
them, against the real test database, a real Redis (db 13) and a real Celery worker."""

from __future__ import annotations

import json
import socket
import time

import pytest
import redis
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend

from ita.ops import health
from ita.ops.tasks import heartbeat

HEARTBEAT_REDIS = "redis://127.0.0.1:6379/13"


def closed_port() -> int:
    """A loopback port nobody listens on: bound, then released."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def heartbeat_redis(settings):
    settings.ITA_HEARTBEAT_REDIS_URL = HEARTBEAT_REDIS
    r = redis.Redis.from_url(HEARTBEAT_REDIS)
    r.delete(health.HEARTBEAT_KEY)
    yield r
    r.delete(health.HEARTBEAT_KEY)
    r.close()


def get(client, expected_status: int) -> dict:
    response = client.get("/healthz")
    assert response.status_code == expected_status, response.content
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return json.loads(response.content)


def test_ok_on_the_test_database_with_nothing_else_configured(client, db):
    body = get(client, 200)
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert 0 <= body["database"]["latency_ms"] < 5000
    # the embedded default: no Redis, no broker, so no worker to watch
    assert body["redis"] == "not_configured"
    assert body["worker"] == "not_configured"
    assert set(body) == {"status", "database", "redis", "worker"}


def test_cheap_one_query_no_session_no_cookie(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # the SELECT 1, nothing else (no session, no user)
        response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


def test_not_rate_limited(client, db):
    """A load balancer asks every few seconds from one address; every answer is a real one."""
    statuses = {client.get("/healthz").status_code for _ in range(60)}
    assert statuses == {200}


def test_post_is_refused_and_csrf_does_not_apply(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/healthz").status_code == 405
    assert strict.head("/healthz").status_code == 200


@pytest.fixture
def database_down():
    """The default connection replaced, for this thread, by one to a closed PostgreSQL port:
    what a web machine sees when its database has gone."""
    real = connections["default"]
    config = connections.configure_settings(
        {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "ita_gone",
                     "USER": "ita_secret_user", "PASSWORD": "pw-never-shown",
                     "HOST": "127.0.0.1", "PORT": str(closed_port())}}
    )["default"]  # fmt: skip
    gone = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    connections["default"] = gone
    yield gone
    connections["default"] = real
    gone.close()


def test_database_down_is_503_with_a_thai_and_english_message(client, db, database_down):
    body = get(client, 503)
    assert body["status"] == "down"
    assert body["database"] == {"ok": False, "message": health.DB_DOWN}
    assert "ฐานข้อมูล" in body["database"]["message"]
    assert "database unreachable" in body["database"]["message"]
    text = json.dumps(body)
    for secret in (
        "ita_secret_user",
        "pw-never-shown",
        "ita_gone",
        database_down.settings_dict["PORT"],
    ):
        assert secret not in text


def test_the_report_carries_no_secret(client, db, settings):
    settings.ITA_REDIS_URL = "redis://:redis-password@127.0.0.1:6379/13"
    text = client.get("/healthz").content.decode()
    assert json.loads(text)["redis"]["cache"]["ok"] is True
    for secret in (settings.SECRET_KEY, "redis-password", "6379"):
        assert secret not in text
    db_settings = connections["default"].settings_dict
    for value in (db_settings["USER"], db_settings["PASSWORD"], db_settings["HOST"]):
        if value:
            assert value not in text


def test_redis_absent_is_reported_and_the_site_degraded(client, db, settings):
    settings.ITA_REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    started = time.perf_counter()
    body = get(client, 200)  # pages still work: the load balancer keeps the machine
    assert time.perf_counter() - started < 3  # the Redis timeout is short
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True
    assert body["redis"] == {"cache": {"ok": False, "message": health.REDIS_DOWN}}


def test_redis_present_is_ok(client, db, settings):
    settings.ITA_REDIS_URL = HEARTBEAT_REDIS
    body = get(client, 200)
    assert body["redis"]["cache"]["ok"] is True
    assert body["redis"]["cache"]["latency_ms"] >= 0
    assert body["status"] == "ok"


def test_no_heartbeat_yet_is_reported(client, db, heartbeat_redis):
    body = get(client, 200)
    assert body["worker"]["ok"] is False
    assert body["worker"]["message"] == health.NO_HEARTBEAT
    assert body["status"] == "degraded"


def test_a_stale_heartbeat_is_not_ok(client, db, heartbeat_redis):
    health.beat(now=lambda: time.time() - settings.ITA_HEARTBEAT_MAX_AGE - 5)
    body = get(client, 200)
    assert body["worker"]["ok"] is False
    assert body["worker"]["heartbeat_age_s"] >= settings.ITA_HEARTBEAT_MAX_AGE
    assert body["worker"]["message"] == health.STALE
    assert body["status"] == "degraded"


def test_the_beat_schedule_sends_the_heartbeat_often_enough():
    entry = settings.CELERY_BEAT_SCHEDULE["ops.heartbeat"]
    assert entry["task"] == heartbeat.name == "ops.heartbeat"
    # three beats fit in the allowed age: one lost beat does not mark the worker gone
    assert entry["schedule"] * 3 <= settings.ITA_HEARTBEAT_MAX_AGE


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_running_the_heartbeat_makes_it_fresh(client, heartbeat_redis, celery_worker):
    assert get(client, 200)["worker"]["ok"] is False
    heartbeat.delay()  # as beat sends it, through the broker to the worker
    deadline = time.monotonic() + 20
    while heartbeat_redis.get(health.HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    body = get(client, 200)
    assert body["worker"]["ok"] is True, body
    assert 0 <= body["worker"]["heartbeat_age_s"] < 20
    assert body["status"] == "ok"


def test_healthz_answers_plain_http_behind_https_redirects(client, db, settings):
    """ITA_HTTPS=1 redirects every page to https, but a load balancer checks over plain HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/healthz").status_code == 200
