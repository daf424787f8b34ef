"""Work that must not run inside a request (document batches, link checks).

Production sets ITA_CELERY_BROKER_URL: the task goes to a Celery worker, on any machine. The
embedded default has no broker, and Celery's eager mode would run the task inside the request
that asked for it, so there the task runs in a daemon thread of the web process instead, with
its own database connection. Either way it starts only once the transaction that wrote its row
has committed: a worker that looked earlier would not find the row.

Tasks are plain Celery tasks whose state lives in the database (a row with status and
progress), so a task that runs twice, or is resumed after its worker died, picks up from the
row; nothing depends on Celery's result backend."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)

log = logging.getLogger(__name__)

# Every task's policy for a database that is away (PostgreSQL restarting, a failover): try again
# later, 5 s then doubling up to 5 min, six times (about 10 minutes in all), then give up with
# the error in the worker's log. Each task is safe to run again (docs/architecture.md).
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}

_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def enqueue(task, *args, on_error: Callable[[Exception], None] | None = None) -> None:
    """Run `task(*args)` in the background once the current transaction commits."""
    transaction.on_commit(lambda: start(task, *args, on_error=on_error))


def start(task, *args, on_error=None) -> threading.Thread | None:
    """Send the task now: to the broker when there is one, else to a thread (returned). A
    broker that cannot be reached is `on_error`'s to report (on the task's row, in Thai), not
    the request's: what the user saved is saved."""
    if task.app.conf.task_always_eager:  # no broker (settings: ITA_CELERY_BROKER_URL unset)
        return in_thread(task, *args)
    try:
        task.apply_async(args=args)
    except Exception as exc:  # kombu's errors vary by transport
        log.exception("cannot queue %s%r", task.name, args)
        if on_error is None:
            raise
        on_error(exc)
    return None


def in_thread(task, *args) -> threading.Thread:
    def work():
        close_old_connections()
        try:
            task(*args)  # calling a Celery task runs its body here, in this thread
        except Exception:  # the task writes its failure to its row; this is the last resort
            log.exception("background task %s%r failed", getattr(task, "name", task), args)
        finally:
            connection.close()

    name = getattr(task, "name", getattr(task, "__name__", "task"))
    thread = threading.Thread(target=work, name=f"ita-{name}", daemon=True)
    with _threads_lock:
        _threads[:] = [t for t in _threads if t.is_alive()]
        _threads.append(thread)
    thread.start()
    return thread


def wait(timeout: float = 120) -> None:
    """Join the embedded default's running threads (tests, benchmarks, the demo builder)."""
    with _threads_lock:
        running = list(_threads)
    for thread in running:
        thread.join(timeout)


def first_today(job: str, day) -> bool:
    """True for the first run of a daily job on `day`, False for a repeat (beat sent it twice,
    an operator ran it by hand as well): the key is set once in the broker's Redis, kept two days.
    Without a broker (the embedded default runs jobs by command) every run is the first."""
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return True
    import redis

    client = redis.Redis.from_url(url)
    try:
        return bool(client.set(f"ita:daily:{job}:{day.isoformat()}", "1", nx=True, ex=2 * 86400))
    finally:
        client.close()
