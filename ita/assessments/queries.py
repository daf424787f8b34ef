"""Read-side queries for results pages, set-based (no per-row Python loops)."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from ita.agencies.models import Agency
from ita.assessments.models import Assessment, Source
from ita.assessments.presentation import YearPoint


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
        .prefetch_related("scores__indicator")
    )
    return [
        YearPoint(
            fiscal_year=a.fiscal_year,
            total=a.total,
            level_label=a.level_label,
            tools=a.tool_scores,
            indicators={s.indicator.number: s.score for s in a.scores.all()},
        )
        for a in assessments
    ]
