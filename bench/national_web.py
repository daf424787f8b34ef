"""The web side of bench/national.py: a real gunicorn (one sync worker, as one core serves one
request at a time) on loopback over the benchmark's database, requests timed from this process
over keep-alive connections, and the worker's peak resident memory (VmHWM) read from /proc."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECRET_KEY = "national-benchmark-only"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Web:
    def __init__(self, database_url: str, var_dir: Path):
        self.database_url, self.var_dir = database_url, var_dir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def env(self) -> dict:
        return os.environ | {
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "ita.settings",
            "ITA_SECRET_KEY": SECRET_KEY,
            "ITA_VAR_DIR": str(self.var_dir),
            "ITA_DB_CONN_MAX_AGE": "600",  # persistent connections, as in production
            # the API's rate limit is not what is measured here
            "ITA_API_RATE_ANONYMOUS": "100000/min",
            "PYTHAINLP_OFFLINE": "1",
            "PYTHAINLP_READ_ONLY": "1",
        }

    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "ita.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--timeout",
            "900",
            "--log-level",
            "warning",
        ]
        log = open(self.var_dir / "gunicorn.log", "ab")  # noqa: SIM115 (the server's lifetime)
        self.process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env(),
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if get(self.connection(), "/accounts/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not come up (see gunicorn.log)")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(HOST, self.port, timeout=900)

    def worker_pid(self) -> int:
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return int(children[0])

    def cpu_seconds(self) -> float:
        """User + system CPU time of the worker so far: per request, what the page costs the web
        process whatever else competes for the cores (PostgreSQL's share is not in it)."""
        fields = Path(f"/proc/{self.worker_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The worker's high-water mark of resident memory since it started."""
        for line in Path(f"/proc/{self.worker_pid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(conn: http.client.HTTPConnection, path: str, cookie: str = "") -> tuple[int, bytes]:
    headers = {"Host": HOST, **({"Cookie": cookie} if cookie else {})}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def timed(conn, paths: list[str], requests: int, cookie: str = "", cpu=None) -> dict:
    """Each path once to warm it, then `requests` requests round-robin over the paths; `cpu`
    reads the worker's CPU seconds, for its CPU time per request."""
    for path in paths:
        status, _ = get(conn, path, cookie)
        assert status == 200, (path, status)
    seconds, sizes = [], []
    cpu_start = cpu() if cpu else 0.0
    for n in range(requests):
        path = paths[n % len(paths)]
        start = time.perf_counter()
        status, body = get(conn, path, cookie)
        seconds.append(time.perf_counter() - start)
        assert status == 200, (path, status)
        sizes.append(len(body))
    cpu_ms = (cpu() - cpu_start) / requests * 1000 if cpu else None
    return summary(seconds) | {
        "n": requests,
        "kib": statistics.median(sizes) / 1024,
        "cpu_ms": cpu_ms,
    }


def summary(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000, "max": ordered[-1] * 1000}


def login_cookie(user) -> str:
    """A session of the user, made the way django.contrib.auth.login stores one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
