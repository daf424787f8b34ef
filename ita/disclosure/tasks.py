"""Celery tasks over the plain functions in checks.py. Celery is not yet a dependency of the
project (design.md plans it with Redis); until it is installed these stay plain functions, and
the embedded default runs them from the `ita_linkcheck` command (e.g. from cron)."""

from __future__ import annotations

from ita.disclosure import checks


def recheck_due_links() -> int:
    """Re-check every link whose scheduled check has come; returns how many were checked."""
    return len(checks.check_due())


def check_agency_links(agency_id: int, fiscal_year: int) -> int:
    from ita.agencies.models import Agency

    return len(checks.check_agency(Agency.objects.get(pk=agency_id), fiscal_year))


try:  # pragma: no cover - only where Celery is installed
    from celery import shared_task
except ImportError:  # the embedded default: no broker, no Celery
    shared_task = None

if shared_task is not None:  # pragma: no cover
    recheck_due_links = shared_task(name="disclosure.recheck_due_links")(recheck_due_links)
    check_agency_links = shared_task(name="disclosure.check_agency_links")(check_agency_links)
