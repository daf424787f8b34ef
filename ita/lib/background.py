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

from django.conf import settings
from django.db import close_old_connections, connection, transaction

log = logging.getLogger(__name__)

_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def enqueue(task, *args) -> None:
    """Run `task(*args)` in the background once the current transaction commits."""
    transaction.on_commit(lambda: start(task, *args))


def start(task, *args) -> threading.Thread | None:
    """Send the task now: to the broker when there is one, else to a thread (returned)."""
    if settings.CELERY_BROKER_URL:
        task.apply_async(args=args)
        return None
    return _in_thread(task, *args)


def _in_thread(task, *args) -> threading.Thread:
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
