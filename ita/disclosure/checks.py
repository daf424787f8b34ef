"""Running link checks over stored evidence: one item's run in the background (its page and
evidence forms queue it: actions.start_link_check), one agency-year or every link whose re-check
is due (the `ita_linkcheck` command, Celery tasks).

Network I/O happens outside any database transaction; results are stored afterwards by
actions.record_link_checks in one transaction."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings as django_settings
from django.db.models import QuerySet
from django.utils import timezone

from ita.audit.log import record
from ita.disclosure import actions, rules
from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync, host_of
from ita.disclosure.models import ACTIVE_RUN, DisclosureItem, EvidenceLink, LinkCheckRun, RunStatus
from ita.disclosure.verdicts import STALE, Verdict

log = logging.getLogger(__name__)

# An item's check: a few URLs, short timeouts, and the whole run within its deadline
# (ITA_LINKCHECK_RUN_DEADLINE seconds, stored on the run when it is queued).
PAGE_SETTINGS = Settings(timeout=8.0, connect_timeout=4.0, pdf_links=2)
RUN_DEADLINE = 120  # seconds, unless settings.ITA_LINKCHECK_RUN_DEADLINE says otherwise
# A run writes progress as links finish; one silent for its deadline and this margin has lost
# its worker (the process restarted), and is reported failed instead of "running" forever.
STALE_MARGIN = dt.timedelta(minutes=2)
PROGRESS_EVERY = 0.25  # seconds between looks at the count of finished links


def run_deadline() -> int:
    return int(getattr(django_settings, "ITA_LINKCHECK_RUN_DEADLINE", RUN_DEADLINE))


def job_for(link: EvidenceLink) -> LinkJob:
    item = link.evidence.item
    year = item.year
    needs_year = rules.period_needs_year(year.framework.spec.item(item.item.code).period)
    return LinkJob(
        url=link.url,
        site_domain=host_of(year.agency.website) if year.agency.website else "",
        year=year.fiscal_year if needs_year else None,
    )


def current_links() -> QuerySet[EvidenceLink]:
    """Links of each item's newest evidence revision (older revisions are history)."""
    from django.db.models import Max, OuterRef, Subquery

    from ita.disclosure.models import Evidence

    newest = (
        Evidence.objects.filter(item=OuterRef("evidence__item"))
        .values("item")
        .annotate(m=Max("revision"))
        .values("m")
    )
    return EvidenceLink.objects.filter(evidence__revision=Subquery(newest)).select_related(
        "evidence__item__item", "evidence__item__year__agency", "evidence__item__year__framework"
    )


def run(
    links: list[EvidenceLink],
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
):
    jobs = [job_for(link) for link in links]
    results = check_links_sync(jobs, settings, progress=progress)
    return actions.record_link_checks(zip(links, results, strict=True))


def check_agency(agency, fiscal_year: int, settings: Settings | None = None, progress=None):
    links = current_links().filter(
        evidence__item__year__agency=agency, evidence__item__year__fiscal_year=fiscal_year
    )
    return run(list(links), settings, progress)


def check_due(settings: Settings | None = None, progress=None, limit: int = 20000):
    """Every current link whose scheduled re-check has come (Celery beat calls this)."""
    links = current_links().filter(next_check_at__lte=timezone.now()).order_by("next_check_at")
    return run(list(links[:limit]), settings, progress)


# ----------------------------------------------------------------------------- an item's run


def is_failing(check) -> bool:
    return check.verdict != Verdict.OK or STALE in check.warnings


def _update(run_: LinkCheckRun, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    LinkCheckRun.objects.filter(pk=run_.pk).update(**fields)
    for name, value in fields.items():
        setattr(run_, name, value)


def _finish(run_: LinkCheckRun, **fields) -> None:
    _update(run_, finished_at=timezone.now(), **fields)
    record(
        actor=None,
        action="disclosure.link_check_finished",
        obj=run_,
        agency=run_.item.year.agency,
        after={"status": run_.status, "done": run_.done, "total": run_.total,
               "problems": run_.problems, "error": run_.error},
    )  # fmt: skip


def _check_with_progress(links: list[EvidenceLink], settings: Settings, run_: LinkCheckRun):
    """check_links in a thread of its own while this one writes the count of finished links:
    the checker's progress callback runs inside its event loop, where the ORM may not be used."""
    finished = [0]

    def progress(done: int, total: int) -> None:
        finished[0] = done

    jobs = [job_for(link) for link in links]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(check_links_sync, jobs, settings, progress=progress)
        while True:
            try:
                return future.result(timeout=PROGRESS_EVERY)
            except concurrent.futures.TimeoutError:
                if finished[0] != run_.done:
                    _update(run_, done=min(finished[0], run_.total))


def run_item_check(run_id: int) -> LinkCheckRun | None:
    """Run one queued run: claim it (queued → running), check the item's current links within
    the run's deadline, store the results and say how many failed. Never raises: a failure is
    written to the run. None when the run was not queued (another worker has it, or a task was
    delivered twice)."""
    now = timezone.now()
    claimed = LinkCheckRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return None
    run_ = LinkCheckRun.objects.select_related("item__year__agency").get(pk=run_id)
    try:
        links = list(current_links().filter(evidence__item_id=run_.item_id))
        _update(run_, total=len(links), done=0)
        settings = dataclasses.replace(PAGE_SETTINGS, run_deadline=run_.deadline_seconds)
        results = _check_with_progress(links, settings, run_)
        stored = actions.record_link_checks(zip(links, results, strict=True))
        problems = sum(1 for check in stored if is_failing(check))
        _finish(run_, status=RunStatus.DONE, done=len(links), problems=problems)
    except Exception as exc:  # the run says so; the page offers to check again
        log.exception("link check run %s failed", run_id)
        _finish(run_, status=RunStatus.FAILED, error=f"ตรวจลิงก์ไม่สำเร็จ: {exc}"[:500])
    return run_


def fail_run(run_id: int, error: str) -> None:
    """A queued run that will never start (its task could not be queued)."""
    run_ = LinkCheckRun.objects.select_related("item__year__agency").get(pk=run_id)
    if run_.status == RunStatus.QUEUED:
        _finish(run_, status=RunStatus.FAILED, error=error)


def mark_if_stale(run_: LinkCheckRun | None, now: dt.datetime | None = None):
    """Called when a run is looked at: a queued or running run whose worker died (nothing heard
    for its deadline and a margin) is failed, so that the item can be checked again."""
    if run_ is None or run_.status not in ACTIVE_RUN:
        return run_
    now = now or timezone.now()
    last = run_.heartbeat_at or run_.created_at
    if now - last > dt.timedelta(seconds=run_.deadline_seconds) + STALE_MARGIN:
        LinkCheckRun.objects.filter(pk=run_.pk, status=run_.status).update(
            status=RunStatus.FAILED,
            error="การตรวจลิงก์หยุดกลางคัน (ระบบเริ่มทำงานใหม่ระหว่างตรวจ) กรุณากดตรวจลิงก์อีกครั้ง",
            finished_at=now,
        )
        run_.refresh_from_db()
    return run_


def latest_run(item: DisclosureItem) -> LinkCheckRun | None:
    return mark_if_stale(item.check_runs.order_by("-created_at", "-pk").first())
