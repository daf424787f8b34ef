"""Structured logs (issue 14): with ITA_LOG_FORMAT=json every line is one JSON object with the
request id (X-Request-ID in and out) and the user's id, and never a slip token, a reset token or
a password. The default stays human-readable."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ita.lib.logging_json import as_json

ROOT = Path(__file__).resolve().parents[3]
SLIP = "/surveys/t/WAVE1234/secretslip0123456789/"
RESET = "/accounts/reset/MQ/c8a9f1-secretresettoken0123/"


@pytest.fixture
def json_log(settings):
    """The project's LOGGING as ITA_LOG_FORMAT=json makes it, its handlers writing to a buffer."""
    logging.config.dictConfig(as_json(settings.LOGGING))
    buffer = io.StringIO()
    for name in ("", "django", "django.server"):
        for handler in logging.getLogger(name).handlers:
            handler.setStream(buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    lines.text = buffer.getvalue
    yield lines
    logging.config.dictConfig(settings.LOGGING)


def test_a_request_logs_one_json_line_with_its_id_and_user(client, world, json_log):
    client.force_login(world.officer)
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response["X-Request-ID"] == "lb-7f3a.42"
    (line,) = [e for e in json_log() if e["logger"] == "ita.request"]
    assert line["request_id"] == "lb-7f3a.42"
    assert line["user_id"] == world.officer.pk
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")
    assert line["message"].startswith("GET / 200 ")


def test_no_slip_token_reset_token_or_password_in_any_line(client, world, json_log):
    client.get(SLIP, headers={"X-Request-ID": "slip-1"})  # a slip: 404 logged by Django too
    client.get(RESET)
    client.post("/accounts/login/", {"username": "officer", "password": "wrong-secret-pw-9"})
    text = json_log.text()
    entries = json_log()  # every line parses as JSON
    assert len(entries) >= 4
    for secret in ("secretslip0123456789", "secretresettoken0123", "wrong-secret-pw-9"):
        assert secret not in text
    slip_lines = [e for e in entries if e["request_id"] == "slip-1"]
    assert {e["logger"] for e in slip_lines} >= {"ita.request", "django.request"}
    assert all("/surveys/t/WAVE1234/…" in e["message"] for e in slip_lines)
    assert any(e.get("path") == "/accounts/reset/MQ/…/" for e in entries)


def test_an_unfit_request_id_is_replaced(client, db, json_log):
    for sent in ("x" * 101, "evil\u2028line", '"quoted"', ""):
        response = client.get("/accounts/login/", headers={"X-Request-ID": sent})
        assert response["X-Request-ID"] != sent
        assert len(response["X-Request-ID"]) == 32  # a fresh uuid4 hex
    ids = [e["request_id"] for e in json_log() if e["logger"] == "ita.request"]
    assert len(set(ids)) == 4


def test_healthz_is_not_logged(client, db, json_log):
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert [e for e in json_log() if e["logger"] == "ita.request"] == []


def test_an_error_carries_the_request_id_and_its_traceback(world, json_log):
    log = logging.getLogger("ita.anything")
    from ita.lib.logging_json import current_request_id

    token = current_request_id.set("task-or-request-9")
    try:
        raise ValueError("boom /surveys/t/W1/secretslip0123456789/")
    except ValueError:
        log.exception("failed")
    finally:
        current_request_id.reset(token)
    (entry,) = json_log()
    assert entry["request_id"] == "task-or-request-9"
    assert entry["level"] == "ERROR"
    assert "ValueError" in entry["exception"]
    assert "secretslip0123456789" not in json_log.text()


def run_settings(env: dict) -> subprocess.CompletedProcess:
    """A fresh process with the project's settings, logging one warning."""
    code = (
        "import django, logging; django.setup(); logging.getLogger('ita.x').warning('hello ทดสอบ')"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ita.settings", **env},
    )  # fmt: skip


def test_the_setting_switches_the_format_and_the_default_stays_plain():
    plain = run_settings({"ITA_LOG_FORMAT": "text"})
    assert plain.stderr.strip() == "hello ทดสอบ"
    structured = run_settings({"ITA_LOG_FORMAT": "json"})
    entry = json.loads(structured.stderr.strip())
    assert entry["message"] == "hello ทดสอบ"
    assert entry["logger"] == "ita.x" and entry["level"] == "WARNING"
    assert entry["request_id"] is None and entry["user_id"] is None


def test_gunicorn_writes_json_with_the_request_id_and_no_line_for_healthz(tmp_path):
    """A real gunicorn with gunicorn.conf.py, as production starts it."""
    import http.client
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ITA_LOG_FORMAT": "json", "ITA_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # healthz's SELECT 1 needs no tables: an empty SQLite
    access = tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ita.wsgi", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", str(access)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/healthz")
                assert conn.getresponse().status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        conn.request("GET", "/static/none-such.css", headers={"X-Request-ID": "gunicorn-7"})
        assert conn.getresponse().read() is not None
    finally:
        server.terminate()
        server.wait(timeout=30)
    entries = [json.loads(line) for line in access.read_text().splitlines()]
    assert [e["request_id"] for e in entries] == ["gunicorn-7"]  # the healthz line left out
    assert entries[0]["logger"] == "gunicorn.access"
    assert "/static/none-such.css" in entries[0]["message"]
