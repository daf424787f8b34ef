"""Celery tasks over the plain functions in checks.py (Celery binds them to ita/celery.py's app).

With a broker (ITA_CELERY_BROKER_URL) a worker runs them: `celery -A ita worker`, and beat or
cron for `recheck_due_links`. Without one (the embedded default) Celery runs a task eagerly,
i.e. inside the caller; for an item's check the caller is the web request, and issue 10
(finding 3) is a request held 173.6 s by ten slow redirect chains. So `enqueue_link_check` then
starts a daemon thread instead (ita.lib.background, as document batches do), after the creating
transaction commits: the request returns at once and the run is still bounded by its deadline.
(A thread dies with its process; checks.mark_if_stale reports such a run as failed, so it
cannot block the item.)"""

from __future__ import annotations

import logging
import threading

from celery import shared_task

from ita.disclosure import checks
from ita.lib import background

log = logging.getLogger(__name__)


@shared_task(name="disclosure.recheck_due_links", **background.RETRY)
def recheck_due_links() -> int:
    """Re-check every link whose scheduled check has come; returns how many were checked. A
    second run checks nothing twice: a checked link's next check is set weeks ahead."""
    return len(checks.check_due())


@shared_task(name="disclosure.check_agency_links", **background.RETRY)
def check_agency_links(agency_id: int, fiscal_year: int) -> int:
    from ita.agencies.models import Agency

    return len(checks.check_agency(Agency.objects.get(pk=agency_id), fiscal_year))


@shared_task(name="disclosure.run_link_check", ignore_result=True, **background.RETRY)
def run_link_check(run_id: int) -> None:
    """One item's queued run (a redelivered task finds it no longer queued and does nothing).
    Acknowledged on receipt: a run is bounded by its deadline, and one whose worker died is
    reported failed once that has passed (checks.mark_if_stale); the page offers to check again."""
    checks.run_item_check(run_id)


def enqueue_link_check(run_id: int) -> threading.Thread | None:
    """Hand a committed run to a worker, or to a background thread when there is no broker
    (ita.lib.background). A broker that cannot be reached fails the run (said in Thai on the
    page), not the request: the evidence is saved already."""
    if run_link_check.app.conf.task_always_eager:
        return start_in_background(run_id)

    def unqueued(_exc):
        checks.fail_run(run_id, "ส่งงานตรวจลิงก์เข้าคิวไม่ได้ (ระบบคิวงานไม่พร้อม) กรุณากดตรวจลิงก์อีกครั้งภายหลัง")

    return background.start(run_link_check, run_id, on_error=unqueued)


def start_in_background(run_id: int) -> threading.Thread:
    """The embedded default: a daemon thread with its own database connection (the tests
    replace it to run the check in their own thread)."""
    return background.in_thread(run_link_check, run_id)
