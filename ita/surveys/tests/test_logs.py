"""No log line carries a slip token: the real servers (runserver and gunicorn, at their most
talkative), answering every kind of respondent request, and Django's loggers in-process."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ita.lib.redact import RedactSlips, redact

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import json, datetime as dt
from django.utils import timezone
from ita.agencies.models import Agency, AgencyType, District, Province
from ita.agencies.reference import load_provinces
from ita.frameworks.actions import load_frameworks
from ita.surveys import actions
from ita.surveys.queries import questionnaire_of
load_provinces(Province, District); load_frameworks()
agency = Agency.objects.create(code="LOG", name="หน่วยงานทดสอบบันทึก", agency_type=AgencyType.SAO,
                               province=Province.objects.get(name="แม่ฮ่องสอน"))
today = timezone.localdate()
wave = actions.open_wave(acting_user=None, agency=agency, tool="IIT", fiscal_year=2566,
                         starts_on=today, ends_on=today + dt.timedelta(days=9), population=4)
slips = actions.issue_slips(acting_user=None, wave=wave, count=4)
fields = [s.field for q in questionnaire_of(wave.framework_id, "IIT").questions for s in q.subs]
print(json.dumps({"code": wave.public_code, "slips": slips, "fields": fields}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A throwaway SQLite site with one IIT wave, for servers in their own processes."""
    var = tmp_path_factory.mktemp("logs-var")
    env = os.environ | {
        "ITA_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'ita.sqlite3'}",
        "ITA_DEBUG": "1", "ITA_LOG_LEVEL": "DEBUG", "PYTHONUNBUFFERED": "1",
    }  # fmt: skip
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    return env, json.loads(out.strip().splitlines()[-1])


def wait_for(port: int, proc) -> None:
    # generous: on a loaded 2-core machine a server takes a while to import Django
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no server on {port} (exit code {proc.poll()})")


def request(url, data=None, headers=None) -> tuple[int, str, dict]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=120) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def every_kind_of_request(base: str, data: dict, used: str, mistyped: str) -> None:
    """A respondent's life: open, answer, answer again, a slip with a mistyped letter, a form
    without its CSRF cookie, a slip of a wave that does not exist, and a page's static files
    fetched with the slip page as Referer."""
    code = data["code"]
    link = f"{base}/surveys/t/{code}/{used}/"
    status, html, headers = request(link)
    assert status == 200 and headers.get("Referrer-Policy") == "strict-origin"
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"])[1]
    form = {f: "0" for f in data["fields"]} | {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1],
        "client_id": re.search(r'name="client_id" value="([^"]+)"', html)[1],
    }
    posted = {"Cookie": f"csrftoken={cookie}", "Referer": link}
    assert request(link, form, posted)[0] == 302
    assert (
        request(link, form | {"client_id": "6f1c3d4e-0000-4000-8000-000000000001"}, posted)[0]
        == 409
    )
    wrong_check = mistyped[:-1] + ("a" if mistyped[-1] != "a" else "b")
    assert request(f"{base}/surveys/t/{code}/{wrong_check}/")[0] == 404
    assert request(link, form, {"Referer": link})[0] == 403  # no CSRF cookie
    assert request(f"{base}/surveys/t/nosuchwave/{used}/")[0] == 404
    assert request(f"{base}/static/css/site.css", headers={"Referer": link})[0] in (200, 404)


def assert_no_token(log: str, data: dict) -> None:
    assert "/surveys/t/" in log, "the server logged no request at all: nothing was tested"
    for slip in data["slips"]:
        assert slip[:10] not in log, slip


@pytest.mark.parametrize("server", ["runserver", "gunicorn"])
def test_no_server_log_line_carries_a_slip_token(site, tmp_path, server):
    env, data = site
    port, log = free_port(), tmp_path / f"{server}.log"
    if server == "runserver":
        cmd = [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}",
               "--noreload", "--nothreading"]  # fmt: skip
    else:
        cmd = [sys.executable, "-m", "gunicorn", "ita.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--log-level", "debug", "--access-logfile", "-",
               "--error-logfile", "-", "--access-logformat",
               '%(h)s %(t)s "%(r)s" %(s)s "%(f)s" "%(a)s" %(U)s %(q)s']  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(port, proc)
            used, mistyped = data["slips"][0:2] if server == "runserver" else data["slips"][2:4]
            every_kind_of_request(f"http://127.0.0.1:{port}", data, used, mistyped)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    assert_no_token(log.read_text(errors="replace"), data)


def test_django_loggers_redact_messages_arguments_and_tracebacks(caplog):
    token = "abcdefghijklmnopq"
    path = f"/surveys/t/WAVE/{token}/"
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Failed: %s", (path,),
                               None)  # fmt: skip
    try:
        raise ValueError(f"while serving {path}")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert RedactSlips().filter(record)
    text = logging.Formatter().format(record)
    assert token not in text and "/surveys/t/WAVE/…" in text
    assert redact(f"GET {path}?x=1 HTTP/1.1") == "GET /surveys/t/WAVE/…/?x=1 HTTP/1.1"
