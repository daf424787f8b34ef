"""Real processes for the integration tests: a PostgreSQL database of the test's own (on the
machine's server when 127.0.0.1:5432 answers, else in a throwaway cluster), a throwaway cluster
that a test may restart, gunicorn and `celery worker` as subprocesses on loopback. Everything
started here is stopped by its context manager, also when the test fails."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[4]
HOST = "127.0.0.1"
REDIS = os.environ.get("ITA_TEST_REDIS_HOST", "redis://127.0.0.1:6379")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def answers(port: int, host: str = HOST) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_for(check, seconds: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {seconds:.0f} s")


# ---------------------------------------------------------------------------- PostgreSQL


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL binaries are missing (apt install postgresql)")
    return found[-1]


def as_postgres(cmd: list[str]) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, on a free port. Never the
    machine's server: this one a test may restart."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ita-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.bin = pg_bin()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def start(self) -> Cluster:
        if not self.data.exists():
            as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                         "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                     "-o", f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} "
                     "-c fsync=off -c max_connections=100", "-w", "start"])  # fmt: skip
        return self

    def restart(self) -> None:
        """Fast shutdown (every session is cut off, open transactions roll back), then start."""
        as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                     "-m", "fast", "-w", "restart"])  # fmt: skip

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                         "stop"])  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{name}"


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _server() -> str | None:
    """The PostgreSQL server this test run has: the one of DATABASE_URL (the PostgreSQL pass),
    else the machine's at 127.0.0.1:5432 if it answers (the SQLite pass), else None."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    return f"postgres://postgres@{HOST}:5432" if answers(5432) else None


@contextlib.contextmanager
def database(cluster: Cluster | None = None) -> Iterator[str]:
    """A new, empty database of this test's own, dropped afterwards: on `cluster` when given,
    else on the run's server (_server), else on a throwaway cluster started for it."""
    own = None
    server = None if cluster else _server()
    if cluster is None and server is None:
        cluster = own = Cluster().start()
    name = f"ita_dist_{uuid.uuid4().hex[:10]}"
    url = cluster.url(name) if cluster else f"{server}/{name}"
    _admin(url, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        with contextlib.suppress(Exception):
            _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if own is not None:
            own.stop()


# ---------------------------------------------------------------------------- processes


def environment(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """What gunicorn, the worker and the set-up commands share: one database, one folder of
    files (the batch's ZIP is written by the worker and served by the web)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ITA_", "DJANGO_"))}
    return env | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ita.settings",
        "ITA_VAR_DIR": str(var_dir),
        "ITA_SECRET_KEY": f"integration-test-{uuid.uuid4().hex}",
        "ITA_LINKCHECK_ALLOW_PRIVATE": "1",  # the test site is on loopback
        "PYTHAINLP_OFFLINE": "1",
        "PYTHAINLP_READ_ONLY": "1",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(env: dict, *args: str, timeout: float = 180) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def python(env: dict, module: str, *args: str, timeout: float = 180) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=timeout,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{module} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Process:
    """A subprocess in a session of its own, so that it and every child it starts (gunicorn's
    and Celery's workers, Chromium) are signalled together."""

    def __init__(self, name: str, cmd: list[str], env: dict, log_dir: Path):
        self.name, self.log_path = name, log_dir / f"{name}.log"
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group at once: nothing gets to clean up or acknowledge."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, seconds: float = 15) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=seconds)
        self.kill()  # stragglers of the group (a pool child, a browser)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def gunicorn(
    env: dict, log_dir: Path, workers: int = 2, threads: int = 4, wait: bool = True
) -> tuple[Process, str]:
    """gunicorn on a free loopback port; with `wait`, once it answers (else see answering)."""
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "ita.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
           "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
           "--worker-class", "gthread", "--timeout", "60", "--log-level", "warning"]  # fmt: skip
    web = Process("gunicorn", cmd, env, log_dir)
    base = f"http://{HOST}:{port}"
    if wait:
        answering(web, base)
    return web, base


def answering(web: Process, base: str) -> None:
    def up():
        if not web.alive():
            raise RuntimeError(f"gunicorn stopped:\n{web.log()[-3000:]}")
        try:
            return httpx.get(f"{base}/accounts/login/", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, 90, "gunicorn answering", every=0.2)


def celery_worker(env: dict, log_dir: Path, name: str, concurrency: int = 2) -> Process:
    cmd = [sys.executable, "-m", "celery", "-A", "ita", "worker", "-n", f"{name}@%h",
           "--concurrency", str(concurrency), "--prefetch-multiplier", "1", "--loglevel", "INFO",
           "--without-gossip", "--without-mingle"]  # fmt: skip
    return Process(name, cmd, env, log_dir)


def login(base: str, username: str, password: str) -> httpx.Client:
    """An HTTP client signed in through the login form (CSRF cookie and token, as a browser)."""
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf(client)},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    if response.status_code != 302:
        raise RuntimeError(f"login refused ({response.status_code})")
    return client


def csrf(client: httpx.Client) -> str:
    return client.cookies["csrftoken"]


def forget_queue(broker_url: str, queue: str) -> None:
    """Remove a test's queue from Redis: its messages (a watcher a stopping worker put back),
    its bindings, and its unacknowledged messages."""
    import json

    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.zrem("_kombu.binding_deadlines", queue)
        for tag, raw in client.hgetall("unacked").items():
            if json.loads(raw)[2] == queue:  # [message, exchange, routing key]
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()
