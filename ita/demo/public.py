"""The demo's publications, so the portal has something to show: the officers of the demo
agencies have published most official results (every seventh agency has not, to show that an
unpublished result stays out), every approved plan's O42 and memo, each O43 round someone has
reported on, and every OIT disclosure page. Idempotent: what is published stays as it is."""

from __future__ import annotations

from ita.agencies.models import Agency
from ita.assessments.models import Assessment, Source
from ita.disclosure.models import DisclosureYear
from ita.improvement.models import Analysis, ProgressReport
from ita.public import actions
from ita.public.models import Kind, Publication


def _wanted() -> list[tuple[Agency, str, int, int]]:
    demo = Agency.objects.filter(is_demo=True)
    held_back = set(demo.order_by("code").values_list("pk", flat=True)[::7])
    wanted = [
        (a.agency, Kind.RESULT, a.fiscal_year, 0)
        for a in Assessment.objects.filter(agency__in=demo, source=Source.OFFICIAL)
        .exclude(agency_id__in=held_back)
        .select_related("agency")
    ]
    analyses = Analysis.objects.filter(agency__in=demo, versions__isnull=False).distinct()
    for analysis in analyses.select_related("agency"):
        wanted += [(analysis.agency, kind, analysis.fiscal_year, 0) for kind in Kind.versioned()]
        reported = set(
            ProgressReport.objects.filter(measure__analysis=analysis).values_list(
                "round_month", flat=True
            )
        )
        wanted += [
            (analysis.agency, Kind.O43, analysis.fiscal_year, month)
            for month in actions.plan_rounds(analysis)
            if month in reported
        ]
    wanted += [
        (y.agency, Kind.DISCLOSURE, y.fiscal_year, 0)
        for y in DisclosureYear.objects.filter(agency__in=demo).select_related("agency")
    ]
    return wanted


def build_public_demo(admin) -> int:
    """Publish what the demo's officers would have; returns how many were published now."""
    done = set(Publication.objects.values_list("agency_id", "kind", "fiscal_year", "round_month"))
    written = 0
    for agency, kind, year, month in _wanted():
        if (agency.pk, kind, year, month) in done:
            continue
        actions.publish(
            acting_user=admin, agency=agency, kind=kind, fiscal_year=year, round_month=month
        )
        written += 1
    return written
