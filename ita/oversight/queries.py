"""The dashboards' read models, computed in the database: one annotated query for the table
(subqueries per agency, so nothing fans out), and grouped or conditional aggregates for the
averages, the summaries, the histogram and the trend. No query runs per agency or per row, so
the number of queries does not grow with the province (tests measure 10 and 85 agencies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ita.agencies.models import Agency, Province
from ita.assessments.models import Assessment, IndicatorScore, Source
from ita.disclosure.models import DisclosureItem, ItemStatus
from ita.frameworks.spec import FrameworkSpec
from ita.improvement.models import Analysis, PlanStatus, ProgressReport
from ita.improvement.rounds import ROUND_CHOICES, round_due
from ita.oversight import rules
from ita.surveys.models import PendingResponse, Wave

OFFICIAL = Source.OFFICIAL


SCORE = DecimalField(max_digits=5, decimal_places=2)


@dataclass(frozen=True)
class Filters:
    """What the table shows; forms.DashboardForm turns the query string into this."""

    group: str = ""  # rules.GROUPS key
    kind: str = ""  # rules.KINDS key
    district: int | None = None
    indicator: int | None = None  # with below: indicator N under a value
    below: object = None  # Decimal
    o42: str = ""  # rules.O42_STATES key
    o43: str = ""  # "late": a round reported after its due date; "reported": any round
    result: str = ""  # "fail", "pass", "missing"
    q: str = ""
    sort: str = ""


def _count(qs: QuerySet, key: str, **filters) -> Coalesce:
    counted = qs.order_by().values(key).annotate(n=Count("pk", **filters)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _wave_sum(waves: QuerySet, field: str) -> Coalesce:
    summed = waves.values("agency").annotate(n=Sum(field)).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def _due_of_round(implementation_year: int) -> Case:
    """The end of each round's due day (Bangkok), by round month; the implementation year is
    the same for every analysis of one dashboard year, so this is a constant CASE."""
    tz = timezone.get_default_timezone()

    def end_of(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)

    whens = [
        When(round_month=m, then=Value(end_of(round_due(implementation_year, m))))
        for m in ROUND_CHOICES
    ]
    return Case(*whens, output_field=DateTimeField())


def table(province: Province, year: int, spec: FrameworkSpec) -> QuerySet[Agency]:
    """Every agency of the province with its result of the year (total, tools, each indicator),
    last year's total, OIT readiness, O42 state, O43 rounds on time and late, survey answers."""
    # .order_by(): the models' default orderings would join the agency into every subquery
    of_agency = Assessment.objects.filter(agency=OuterRef("pk"), source=OFFICIAL).order_by()
    result, last = of_agency.filter(fiscal_year=year), of_agency.filter(fiscal_year=year - 1)
    scores = IndicatorScore.objects.filter(
        assessment__agency=OuterRef("pk"),
        assessment__fiscal_year=year,
        assessment__source=OFFICIAL,
    ).order_by()
    indicators = {
        f"i{n}": Subquery(scores.filter(indicator__number=n).values("score")[:1])
        for n in spec.indicator_numbers
    }
    items = DisclosureItem.objects.filter(year__agency=OuterRef("pk"), year__fiscal_year=year)
    reports = ProgressReport.objects.filter(
        measure__analysis__agency=OuterRef("pk"), measure__analysis__fiscal_year=year, revision=1
    ).annotate(due_end=_due_of_round(year + 1))
    waves = Wave.objects.filter(agency=OuterRef("pk"), fiscal_year=year).order_by()
    answers = {"wave__agency": OuterRef("pk"), "wave__fiscal_year": year}
    return (
        Agency.objects.filter(province=province)
        .select_related("district")
        .annotate(
            kind_order=Case(
                *[
                    When(agency_type__in=types, then=Value(i))
                    for i, (_label, types) in enumerate(rules.KINDS.values())
                ],
                default=Value(len(rules.KINDS)),
                output_field=IntegerField(),
            ),
            total=Subquery(result.values("total")[:1]),
            level=Subquery(result.values("level_label")[:1]),
            iit=Subquery(result.values("iit")[:1]),
            eit=Subquery(result.values("eit")[:1]),
            oit=Subquery(result.values("oit")[:1]),
            last_total=Subquery(last.values("total")[:1]),
            oit_items=_count(items, "year__agency"),
            oit_ready=_count(
                items,
                "year__agency",
                filter=Q(status__in=[ItemStatus.READY, ItemStatus.ACCEPTED]),
            ),
            o42=Coalesce(
                Subquery(
                    Analysis.objects.filter(agency=OuterRef("pk"), fiscal_year=year)
                    .order_by()
                    .values("status")[:1]
                ),
                Value("none"),
                output_field=CharField(),
            ),
            o43_on_time=_count(
                reports, "measure__analysis__agency", filter=Q(submitted_at__lt=F("due_end"))
            ),
            o43_late=_count(
                reports, "measure__analysis__agency", filter=Q(submitted_at__gte=F("due_end"))
            ),
            survey_target=_wave_sum(waves, "min_responses"),
            # stored answers as their waves' tallied counts (surveys.mixing keeps them with the
            # answers): counting the stored rows read pages all over a national-size table
            survey_answers=_wave_sum(waves, "tallied_responses")
            + _count(PendingResponse.objects.filter(**answers), "wave__agency"),
            **indicators,
        )
        .annotate(
            change=ExpressionWrapper(F("total") - F("last_total"), output_field=SCORE),
        )
    )


SORTS = {
    "": ("kind_order", "district__name", "name"),
    "name": ("name",),
    "district": ("district__name", "kind_order", "name"),
    "total": (F("total").asc(nulls_last=True), "name"),
    "-total": (F("total").desc(nulls_last=True), "name"),
    "change": (F("change").asc(nulls_last=True), "name"),
    "-change": (F("change").desc(nulls_last=True), "name"),
}


def sort_keys(sort: str) -> tuple:
    if sort in SORTS:
        return SORTS[sort]
    if sort.startswith("i") and sort[1:].isdigit():
        return (F(sort).asc(nulls_last=True), "name")
    return SORTS[""]


def sort_choices(spec: FrameworkSpec) -> list[tuple[str, str]]:
    return [
        ("", _("กลุ่มและอำเภอ")),
        ("name", _("ชื่อหน่วยงาน")),
        ("district", _("อำเภอ")),
        ("total", _("คะแนนรวม ต่ำไปสูง")),
        ("-total", _("คะแนนรวม สูงไปต่ำ")),
        ("change", _("เปลี่ยนจากปีก่อน ลดลงมากสุดก่อน")),
        ("-change", _("เปลี่ยนจากปีก่อน เพิ่มขึ้นมากสุดก่อน")),
    ] + [(f"i{n}", _("ตัวชี้วัดที่ %(n)s ต่ำไปสูง") % {"n": n}) for n in spec.indicator_numbers]


def filtered(rows: QuerySet[Agency], f: Filters, pass_mark) -> QuerySet[Agency]:
    if f.group in rules.GROUPS:
        rows = rows.filter(agency_type__in=rules.GROUPS[f.group][1])
    if f.kind in rules.KINDS:
        rows = rows.filter(agency_type__in=rules.KINDS[f.kind][1])
    if f.district:
        rows = rows.filter(district_id=f.district)
    if f.indicator and f.below is not None:
        rows = rows.filter(**{f"i{f.indicator}__lt": f.below})
    if f.o42 in rules.O42_STATES:
        rows = rows.filter(o42=f.o42)
    if f.o43 == "late":
        rows = rows.filter(o43_late__gt=0)
    elif f.o43 == "reported":
        rows = rows.filter(Q(o43_on_time__gt=0) | Q(o43_late__gt=0))
    if f.result == "fail":
        rows = rows.filter(total__lt=pass_mark)
    elif f.result == "pass":
        rows = rows.filter(total__gte=pass_mark)
    elif f.result == "missing":
        rows = rows.filter(total__isnull=True)
    if f.q:
        rows = rows.filter(Q(name__icontains=f.q) | Q(code__icontains=f.q))
    return rows.order_by(*sort_keys(f.sort))


def _by_group(field: str, prefix: str) -> dict:
    """Avg of `field` over all, regional offices and local governments; `prefix` is the path
    from the aggregated model to the agency."""
    out = {"all": Avg(field)}
    for key in ("regional", "local"):
        out[key] = Avg(field, filter=Q(**{f"{prefix}agency_type__in": rules.GROUPS[key][1]}))
    return out


def indicator_averages(province, year, shown: QuerySet[Agency]) -> dict[int, dict]:
    """indicator → {all, regional, local, shown: average, n: agencies}; one grouped query."""
    prefix = "assessment__agency__"
    rows = (
        IndicatorScore.objects.filter(
            assessment__agency__province=province,
            assessment__fiscal_year=year,
            assessment__source=OFFICIAL,
        )
        .values("indicator__number")
        .annotate(
            n=Count("pk"),
            shown=Avg("score", filter=Q(assessment__agency__in=shown.values("pk"))),
            **_by_group("score", prefix),
        )
        .order_by("indicator__number")
    )
    return {r["indicator__number"]: _rounded(r) for r in rows}


def tool_averages(province, year, shown: QuerySet[Agency], pass_mark) -> dict:
    """Averages of the total and of each tool, for all, regional, local and the shown rows,
    with how many results there are and how many fall below the pass mark; two queries (the
    province by group, then the shown rows: one IN subquery rather than one per average)."""
    failed = Count("pk", filter=Q(total__lt=pass_mark))
    aggregates = {"n": Count("pk"), "failed": failed}
    for field in ("total", "iit", "eit", "oit"):
        for key, agg in _by_group(field, "agency__").items():
            aggregates[f"{field}_{key}"] = agg
    for key in ("regional", "local"):
        aggregates[f"n_{key}"] = Count("pk", filter=Q(agency__agency_type__in=rules.GROUPS[key][1]))
    results = Assessment.objects.filter(fiscal_year=year, source=OFFICIAL)
    values = results.filter(agency__province=province).aggregate(**aggregates)
    mine = {"n_shown": Count("pk"), "failed_shown": failed}
    mine |= {f"{field}_shown": Avg(field) for field in ("total", "iit", "eit", "oit")}
    values |= results.filter(agency__in=shown.values("pk")).aggregate(**mine)
    return _rounded(values)


def _rounded(values: dict) -> dict:
    return {
        k: rules.mean(v) if not isinstance(v, int) and v is not None else v
        for k, v in values.items()
    }


def _result_counts(year: int, pass_mark, prefix: str = "results__") -> dict:
    this_year = Q(**{f"{prefix}fiscal_year": year, f"{prefix}source": OFFICIAL})
    return {
        "n_results": Count(f"{prefix}pk", filter=this_year),
        "avg_total": Avg(f"{prefix}total", filter=this_year),
        "failed": Count(f"{prefix}pk", filter=this_year & Q(**{f"{prefix}total__lt": pass_mark})),
    }


def kind_summary(province, year, pass_mark) -> list[dict]:
    """Per kind of agency (regional, อบจ., เทศบาล, อบต., other): agencies, results, average
    total, below the pass mark. One grouped query by agency type, folded into kinds here."""
    rows = (
        Agency.objects.filter(province=province)
        .values("agency_type")
        .annotate(agencies=Count("pk", distinct=True), **_result_counts(year, pass_mark))
        .order_by()
    )
    return _fold(rows, lambda r: rules.kind_of(r["agency_type"]), rules.KINDS)


def district_summary(province, year, pass_mark) -> list[dict]:
    rows = (
        Agency.objects.filter(province=province)
        .values("district_id", "district__name")
        .annotate(agencies=Count("pk", distinct=True), **_result_counts(year, pass_mark))
        .order_by("district__name")
    )
    return [
        {
            "key": r["district_id"],
            "label": _("อำเภอ%(name)s") % {"name": r["district__name"]}
            if r["district__name"]
            else _("ไม่ระบุอำเภอ"),
            "agencies": r["agencies"],
            "results": r["n_results"],
            "avg_total": rules.mean(r["avg_total"]),
            "failed": r["failed"],
        }
        for r in rows
    ]


def _fold(rows, key_of, labels: dict) -> list[dict]:
    """Sum grouped rows into coarser groups; the average is weighted by the results."""
    acc = {key: {"agencies": 0, "results": 0, "sum": 0, "failed": 0} for key in labels}
    for r in rows:
        a = acc[key_of(r)]
        a["agencies"] += r["agencies"]
        a["results"] += r["n_results"]
        a["failed"] += r["failed"]
        a["sum"] += (r["avg_total"] or 0) * r["n_results"]
    return [
        {
            "key": key,
            "label": labels[key][0],
            "agencies": a["agencies"],
            "results": a["results"],
            "avg_total": rules.mean(a["sum"] / a["results"]) if a["results"] else None,
            "failed": a["failed"],
        }
        for key, a in acc.items()
        if a["agencies"]
    ]


def lowest_on(rows: QuerySet[Agency], numbers: list[int], limit: int = 10) -> list[Agency]:
    """The agencies lowest on the average of these indicators (the OIT ones, 9–10)."""
    if not numbers:
        return []
    expression = sum((F(f"i{n}") for n in numbers[1:]), F(f"i{numbers[0]}")) / len(numbers)
    return list(
        rows.annotate(oit_mean=ExpressionWrapper(expression, output_field=SCORE))
        .filter(oit_mean__isnull=False)
        .order_by("oit_mean", "name")[:limit]
    )


def pass_rule(pass_marks: dict[int, object], prefix: str = "") -> Q:
    """Results at or above their own year's pass mark (frameworks may differ)."""
    rule = Q(pk__in=[])
    for year, mark in pass_marks.items():
        rule |= Q(**{f"{prefix}fiscal_year": year, f"{prefix}total__gte": mark})
    return rule


def trend(pass_marks: dict[int, object], province: Province | None = None) -> list[dict]:
    """Per year: results, average total and tools, passing share; nationally or one province."""
    results = Assessment.objects.filter(source=OFFICIAL, fiscal_year__in=list(pass_marks))
    if province is not None:
        results = results.filter(agency__province=province)
    rows = (
        results.values("fiscal_year")
        .annotate(
            n=Count("pk"),
            passed=Count("pk", filter=pass_rule(pass_marks)),
            total=Avg("total"),
            iit=Avg("iit"),
            eit=Avg("eit"),
            oit=Avg("oit"),
        )
        .order_by("fiscal_year")
    )
    return [_rounded(r) | {"pass_rate": rules.percent(r["passed"], r["n"])} for r in rows]


def provinces(year: int, pass_mark, sort: str = "") -> QuerySet[Province]:
    """Every province with agencies, side by side for the year: one join of the provinces'
    agencies to their results of the year only (the join's condition, so no other year is
    read), grouped by province. Correlated subqueries per province and figure ran the
    agencies → results lookup once per figure: 217 ms against 22 ms for the national round on
    PostgreSQL (bench/national.py)."""
    year_results = FilteredRelation(
        "agencies__results",
        condition=Q(agencies__results__fiscal_year=year, agencies__results__source=OFFICIAL),
    )
    approved = Analysis.objects.filter(
        agency__province=OuterRef("pk"), fiscal_year=year, status=PlanStatus.APPROVED
    )
    rows = (
        Province.objects.annotate(year_results=year_results)
        .annotate(
            n_agencies=Count("agencies", distinct=True),
            n_results=Count("year_results"),
            failed=Count("year_results", filter=Q(year_results__total__lt=pass_mark)),
            avg_total=Avg("year_results__total"),
            avg_iit=Avg("year_results__iit"),
            avg_eit=Avg("year_results__eit"),
            avg_oit=Avg("year_results__oit"),
            approved=_count(approved, "agency__province"),
        )
        .filter(n_agencies__gt=0)
    )
    orders = {
        "": (F("avg_total").desc(nulls_last=True), "name"),
        "name": ("name",),
        "avg_total": (F("avg_total").asc(nulls_last=True), "name"),
        "failed": (F("failed").desc(), "name"),
    }
    return rows.order_by(*orders.get(sort, orders[""]))


def histogram(year: int, province: Province | None = None) -> list[dict]:
    """How many totals fall in each ten-point bucket; one query."""
    results = Assessment.objects.filter(fiscal_year=year, source=OFFICIAL)
    if province is not None:
        results = results.filter(agency__province=province)
    counts = results.aggregate(
        **{
            f"b{lo}": Count("pk", filter=Q(total__gte=lo) & (Q(total__lt=hi) if hi < 100 else Q()))
            for lo, hi in rules.BUCKETS
        }
    )
    top = max(counts.values(), default=0)
    return [
        {"label": rules.bucket_label(lo, hi), "lo": lo, "count": counts[f"b{lo}"], "max": top}
        for lo, hi in rules.BUCKETS
    ]


TOOLS = ("iit", "eit", "oit")


def tool_histogram(year: int, province: Province | None = None) -> list[dict]:
    """Per ten-point bucket, how many IIT, EIT and OIT scores of the year fall in it; one
    query (conditional counts), as the totals' histogram."""
    results = Assessment.objects.filter(fiscal_year=year, source=OFFICIAL)
    if province is not None:
        results = results.filter(agency__province=province)

    def in_bucket(tool: str, lo: int, hi: int) -> Q:
        return Q(**{f"{tool}__gte": lo}) & (Q(**{f"{tool}__lt": hi}) if hi < 100 else Q())

    counts = results.aggregate(
        **{
            f"{tool}_{lo}": Count("pk", filter=in_bucket(tool, lo, hi))
            for tool in TOOLS
            for lo, hi in rules.BUCKETS
        }
    )
    return [
        {"label": rules.bucket_label(lo, hi), "counts": [counts[f"{t}_{lo}"] for t in TOOLS]}
        for lo, hi in rules.BUCKETS
    ]


def latest_result_year(province: Province | None = None) -> int | None:
    """The newest fiscal year with an official result, nationally or in one province: where a
    dashboard opened on a year not yet assessed (the current one) points the reader."""
    results = Assessment.objects.filter(source=OFFICIAL)
    if province is not None:
        results = results.filter(agency__province=province)
    return results.aggregate(year=Max("fiscal_year"))["year"]


def pass_marks() -> dict[int, object]:
    """year → the pass mark of the framework governing it (its own, or the declared one)."""
    from ita.frameworks.models import DeclaredYear, Framework

    marks = {}
    for framework in Framework.objects.all():
        for year in range(framework.fiscal_year_from, framework.fiscal_year_to + 1):
            marks[year] = framework.spec.pass_mark
    for declared in DeclaredYear.objects.select_related("framework"):
        marks.setdefault(declared.fiscal_year, declared.framework.spec.pass_mark)
    return dict(sorted(marks.items()))
