"""Dashboards read from a PostgreSQL read replica, and only where a view says so.

DATABASE_REPLICA_URL adds the "replica" alias (settings.py). `ReplicaRouter` sends a read there
only inside `reading_from_replica()` — a context manager and a decorator, put on the read-only
dashboard and public views (oversight, public pages, open data). Everything else, every write
and every read outside it, goes to the primary: a replica lags behind by a moment, so a page
that has just saved something must read it back from where it was written, and a form's
validation must not see an old row. Without the variable there is no alias and the router says
nothing, so Django uses "default" throughout.

The flag is a context variable: it follows one request (or thread, or task) and no other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
# Who is signed in, and what they may see, is read where it was written: a session, user or
# membership a moment old on the replica would show a fresh login as anonymous, a locked-out
# account as free, or a revoked coordinator their province still.
PRIMARY_APPS = {"sessions", "auth", "axes", "otp_totp", "otp_static", "django_otp"}
PRIMARY_MODELS = {"agencies.membership"}
_reading = ContextVar("ita_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS. Reads inside reading_from_replica() go to the replica when
    there is one; writes always to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if not (_reading.get() and replica_configured()):
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS:
            return None
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # one database seen twice: rows read from the replica may be linked to primary rows
        return True
