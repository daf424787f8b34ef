"""Running link checks over stored evidence: one item (from its page, synchronously), one
agency-year or every link whose re-check is due (the `ita_linkcheck` command, a Celery task).

Network I/O happens outside any database transaction; results are stored afterwards by
actions.record_link_checks in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone

from ita.disclosure import actions, rules
from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync, host_of
from ita.disclosure.models import DisclosureItem, EvidenceLink

# From a page the officer waits for the answer: a few URLs, short timeouts.
PAGE_SETTINGS = Settings(timeout=8.0, connect_timeout=4.0, pdf_links=2)


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


def check_item(item: DisclosureItem):
    return run(list(current_links().filter(evidence__item=item)), PAGE_SETTINGS)


def check_agency(agency, fiscal_year: int, settings: Settings | None = None, progress=None):
    links = current_links().filter(
        evidence__item__year__agency=agency, evidence__item__year__fiscal_year=fiscal_year
    )
    return run(list(links), settings, progress)


def check_due(settings: Settings | None = None, progress=None, limit: int = 20000):
    """Every current link whose scheduled re-check has come (Celery beat calls this)."""
    links = current_links().filter(next_check_at__lte=timezone.now()).order_by("next_check_at")
    return run(list(links[:limit]), settings, progress)
