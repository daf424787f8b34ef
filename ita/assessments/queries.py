"""Read-side queries for results pages, set-based (no per-row Python loops)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from ita.agencies.models import Agency
from ita.assessments.models import Assessment, Source
from ita.assessments.presentation import YearPoint
from ita.frameworks import years
from ita.frameworks.models import DeclaredYear


def with_latest_result(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    latest = Assessment.objects.filter(agency=OuterRef("pk"), source=Source.OFFICIAL).order_by(
        "-fiscal_year"
    )
    return agencies.select_related("province", "district").annotate(
        latest_year=Subquery(latest.values("fiscal_year")[:1]),
        latest_total=Subquery(latest.values("total")[:1]),
        latest_level=Subquery(latest.values("level_label")[:1]),
    )


def history(agency: Agency, source: str = Source.OFFICIAL) -> list[YearPoint]:
    assessments = (
        Assessment.objects.filter(agency=agency, source=source)
        .order_by("fiscal_year")
        .select_related("framework")
        .prefetch_related("scores__indicator")
    )
    notices = year_notices(a.fiscal_year for a in assessments)
    marks: dict[int, Decimal] = {}  # one parse per framework, not per year
    return [
        YearPoint(
            fiscal_year=a.fiscal_year,
            total=a.total,
            level_label=a.level_label,
            tools=a.tool_scores,
            indicators={s.indicator.number: s.score for s in a.scores.all()},
            notice=notices.get(a.fiscal_year, ""),
            mark=marks.setdefault(a.framework_id, a.framework.spec.pass_mark),
        )
        for a in assessments
    ]


def year_notices(fiscal_years: Iterable[int]) -> dict[int, str]:
    """year → the provisional notice (years.notice_for) of each declared year among them. One
    query when none is declared, so list pages keep their budget; the wording and the rule that
    a year's own framework wins stay in frameworks.years."""
    wanted = set(fiscal_years)
    if not wanted:
        return {}
    declared = DeclaredYear.objects.filter(fiscal_year__in=wanted).values_list(
        "fiscal_year", flat=True
    )
    return {year: notice for year in sorted(declared) if (notice := years.notice_for(year))}


def year_notice(fiscal_year: int) -> str:
    """The provisional notice of one year, "" when it has a framework of its own (or none)."""
    return year_notices([fiscal_year]).get(fiscal_year, "")
