"""Read models of the public portal, set-based: what is published, found in a constant number
of queries whatever the number of agencies. Plain querysets and values, so the pages, the open
data files and a later API read the same thing."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery

from ita.agencies.models import Agency
from ita.assessments.models import Assessment, Source
from ita.assessments.presentation import YearPoint
from ita.assessments.queries import history
from ita.public.models import Kind, Publication

INDICATORS = range(1, 11)  # every framework since FY 2562 has ten indicators


def _published(kind: str, agency=None):
    """Whether the agency of the outer row published its result (or `kind`) of the row's year."""
    return Exists(
        Publication.objects.filter(
            kind=kind, agency=agency or OuterRef("agency_id"), fiscal_year=OuterRef("fiscal_year")
        )
    )


def published_results(year: int | None = None) -> QuerySet[Assessment]:
    """Official results their agency has published, each with its agency, province, district,
    framework and the ten indicator scores (i1 … i10) in one query."""
    results = Assessment.objects.filter(_published(Kind.RESULT), source=Source.OFFICIAL)
    if year is not None:
        results = results.filter(fiscal_year=year)
    scores = {
        f"i{n}": Max("scores__score", filter=Q(scores__indicator__number=n)) for n in INDICATORS
    }
    return (
        results.select_related("agency__province", "agency__district", "framework")
        # the files need the framework's code only; its definition is tens of kilobytes of
        # JSON per row (4 s and 350 MB for 600 rows, bench/national.py)
        .defer("framework__definition")
        .annotate(**scores)
        .order_by("agency__province__name", "agency__name", "fiscal_year")
    )


def published_years() -> list[int]:
    """Fiscal years with at least one published result, newest first."""
    return list(
        published_results()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def find_agencies(query: str = "", province=None, agency_type: str = "") -> QuerySet[Agency]:
    """Any agency (its name and place are public), with its newest published result."""
    agencies = Agency.objects.all()
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(code__iexact=query))
    if province is not None:
        agencies = agencies.filter(province=province)
    if agency_type:
        agencies = agencies.filter(agency_type=agency_type)
    latest = Assessment.objects.filter(
        _published(Kind.RESULT), agency=OuterRef("pk"), source=Source.OFFICIAL
    ).order_by("-fiscal_year")
    return (
        agencies.select_related("province", "district")
        .annotate(
            latest_year=Subquery(latest.values("fiscal_year")[:1]),
            latest_total=Subquery(latest.values("total")[:1]),
            latest_level=Subquery(latest.values("level_label")[:1]),
        )
        .order_by("province__name", "name")
    )


def published_history(agency: Agency) -> list[YearPoint]:
    """The agency's official results of the years it has published, oldest first: a year it
    has not published never shows, not even as a point of the history chart."""
    years = set(agency.publications.filter(kind=Kind.RESULT).values_list("fiscal_year", flat=True))
    if not years:
        return []
    return [p for p in history(agency) if p.fiscal_year in years]


def publications_of(agency: Agency) -> dict[tuple[str, int, int], Publication]:
    """(kind, fiscal year, round) → the agency's publication."""
    rows = agency.publications.select_related("version")
    return {(p.kind, p.fiscal_year, p.round_month): p for p in rows}


def publication(agency: Agency, kind: str, fiscal_year: int, round_month: int = 0):
    return (
        Publication.objects.select_related("version")
        .filter(agency=agency, kind=kind, fiscal_year=fiscal_year, round_month=round_month)
        .first()
    )


def sitemap_entries() -> dict:
    """What the sitemap lists, in two queries: the published results (agency, province, year)
    and every publication (agency, kind, year). An agency that published nothing is left out:
    its page says only that."""
    results = list(
        Assessment.objects.filter(_published(Kind.RESULT), source=Source.OFFICIAL)
        .order_by("agency__code", "fiscal_year")
        .values_list("agency__code", "agency__province__code", "fiscal_year")
    )
    publications = list(
        Publication.objects.order_by("agency__code", "fiscal_year").values_list(
            "agency__code", "kind", "fiscal_year"
        )
    )
    return {
        "agencies": sorted({code for code, _kind, _year in publications}),
        "results": [(code, year) for code, _province, year in results],
        "disclosures": [(c, y) for c, kind, y in publications if kind == Kind.DISCLOSURE],
        "provinces": sorted({province for _code, province, _year in results}),
        "years": sorted({year for _code, _province, year in results}, reverse=True),
    }


def province_summary(results: QuerySet[Assessment]) -> dict:
    """Averages of the published results given (one query)."""
    return results.aggregate(
        n=Count("pk"),
        total=Avg("total"),
        iit=Avg("iit"),
        eit=Avg("eit"),
        oit=Avg("oit"),
    )


def level_counts(results: QuerySet[Assessment]) -> list[dict]:
    """Agencies per level among the results given. Counted over their ids: `results` joins the
    indicator scores (published_results), and counting its rows counted ten per agency."""
    return list(
        Assessment.objects.filter(pk__in=results.order_by().values("pk"))
        .values("level_label")
        .annotate(n=Count("pk"), top=Max("total"))
        .order_by("-top")
    )
