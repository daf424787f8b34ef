"""What the province summary report says, read from the database into plain frozen values.

The figures are the dashboards' own read models (queries.py: set-based SQL, no query per
agency), so the report and the province page never disagree; the follow-up log is
followups.followup_log. report.py turns these facts into a Document without touching the
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from ita.agencies.models import Agency, Province
from ita.assessments.models import Assessment, Source
from ita.frameworks import years
from ita.frameworks.spec import FrameworkSpec
from ita.improvement.models import ProgressReport
from ita.lib.demo import SYNTHETIC_NOTE
from ita.oversight import queries, rules
from ita.oversight.followups import MeetingEntry, followup_log
from ita.oversight.models import Committee

LOWEST_SHOWN = 10  # seed 000 names the weakest; the dashboard lists ten


@dataclass(frozen=True)
class Averages:
    """One score averaged over the province, its regional offices and its local governments."""

    all: Decimal | None
    regional: Decimal | None
    local: Decimal | None


@dataclass(frozen=True)
class IndicatorLine:
    number: int
    name: str
    tool: str
    averages: Averages


@dataclass(frozen=True)
class GroupLine:
    """A kind of agency or a district: agencies, results, average total, below the mark."""

    label: str
    agencies: int
    results: int
    avg_total: Decimal | None
    failed: int


@dataclass(frozen=True)
class AgencyLine:
    name: str
    kind_label: str
    district: str
    total: Decimal | None
    level: str
    oit_scores: tuple[Decimal | None, ...]  # the OIT indicators', in oit_numbers order


@dataclass(frozen=True)
class YearLine:
    fiscal_year: int
    results: int
    avg_total: Decimal | None
    pass_rate: int | None


@dataclass(frozen=True)
class CommitteeLine:
    number: str
    ordered_on: dt.date
    title: str
    lead_agency: str
    members: int


@dataclass(frozen=True)
class ProvinceFacts:
    province: str
    fiscal_year: int  # of the results analysed; the measures are of the next year
    framework: str
    notice: str  # a declared (provisional) framework's sentence, else ""
    pass_mark: Decimal
    as_of: dt.date
    agencies: int  # in the province, with or without a result
    results: int
    results_regional: int
    results_local: int
    districts: int
    synthetic: int  # results the demo made up (their revision note says so)
    tools: dict[str, Averages]  # "total", "IIT", "EIT", "OIT"
    failed_count: int
    indicators: tuple[IndicatorLine, ...]
    kinds: tuple[GroupLine, ...]
    district_lines: tuple[GroupLine, ...]
    failed: tuple[AgencyLine, ...]  # below the pass mark, lowest total first
    oit_numbers: tuple[int, ...]
    lowest: tuple[AgencyLine, ...]  # lowest on the OIT indicators' mean
    weak_on_oit: dict[str, int]  # group → agencies below rules.WEAK on every OIT indicator
    o42: dict[str, int]  # rules.O42_STATES key → agencies
    o43_on_time: int
    o43_late: int
    o43_agencies: int  # agencies that reported any round
    trend: tuple[YearLine, ...]
    next_oit_items: tuple[str, ...]  # the OIT item codes of the next year's framework
    committees: tuple[CommitteeLine, ...]
    meetings: tuple[MeetingEntry, ...]

    @property
    def measures_year(self) -> int:
        return self.fiscal_year + 1


def _spec_of(fiscal_year: int) -> tuple[FrameworkSpec, str]:
    governing = years.for_year(fiscal_year)
    if governing is None:
        raise LookupError(f"ยังไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year}")
    return governing.framework.spec, governing.notice


def _averages(values: dict, key: str) -> Averages:
    return Averages(values.get(f"{key}_all"), values.get(f"{key}_regional"),
                    values.get(f"{key}_local"))  # fmt: skip


def _line(agency: Agency, oit: tuple[int, ...]) -> AgencyLine:
    return AgencyLine(
        name=agency.name,
        kind_label=str(rules.KINDS[rules.kind_of(agency.agency_type)][0]),
        district=agency.district.name if agency.district_id else "",
        total=agency.total,
        level=agency.level or "",
        oit_scores=tuple(getattr(agency, f"i{n}") for n in oit),
    )


def _group(row: dict) -> GroupLine:
    return GroupLine(str(row["label"]), row["agencies"], row["results"], row["avg_total"],
                     row["failed"])  # fmt: skip


def _statuses(province: Province, year: int, rows) -> dict:
    """O42 states over the dashboard's table, and O43 rounds (first revisions, on time or late
    by the round's due day, as the dashboard counts them): two aggregates."""
    states = rows.aggregate(
        **{f"o42_{key}": Count("pk", filter=Q(o42=key)) for key in rules.O42_STATES}
    )
    reports = ProgressReport.objects.filter(
        measure__analysis__agency__province=province,
        measure__analysis__fiscal_year=year,
        revision=1,
    ).annotate(due_end=queries._due_of_round(year + 1))  # the dashboard's own rule
    return states | reports.aggregate(
        o43_on_time=Count("pk", filter=Q(submitted_at__lt=F("due_end"))),
        o43_late=Count("pk", filter=Q(submitted_at__gte=F("due_end"))),
        o43_agencies=Count("measure__analysis__agency", distinct=True),
    )


def _weak_on_oit(rows, oit: tuple[int, ...]) -> dict[str, int]:
    """Per group, agencies below rules.WEAK on every OIT indicator (seed 000: the local
    governments low on both 9 and 10)."""
    every = Q(**{f"i{n}__lt": rules.WEAK for n in oit})
    return rows.aggregate(
        **{
            key: Count("pk", filter=every & Q(agency_type__in=types))
            for key, (_, types) in rules.GROUPS.items()
        }
    )


def _synthetic(province: Province, year: int) -> int:
    return (
        Assessment.objects.filter(
            agency__province=province, fiscal_year=year, source=Source.OFFICIAL,
            revisions__note__startswith=SYNTHETIC_NOTE,
        ).values("pk").distinct().count()
    )  # fmt: skip


def _committees(province: Province, year: int) -> tuple[CommitteeLine, ...]:
    rows = (
        Committee.objects.filter(province=province, fiscal_year=year)
        .select_related("lead_agency")
        .annotate(n=Count("members"))
        .order_by("ordered_on", "number")
    )
    return tuple(
        CommitteeLine(c.number, c.ordered_on, c.title,
                      c.lead_agency.name if c.lead_agency_id else "", c.n)
        for c in rows
    )  # fmt: skip


def province_facts(province: Province, year: int, today: dt.date | None = None) -> ProvinceFacts:
    """The facts of the province's report on the results of `year`; a Thai LookupError when
    the province has no result that year. The number of queries does not depend on the number
    of agencies (test_report_queries)."""
    spec, notice = _spec_of(year)
    mark = spec.pass_mark
    everyone = Agency.objects.filter(province=province)
    tools = queries.tool_averages(province, year, everyone, mark)
    if not tools["n"]:
        raise LookupError(f"จังหวัด{province.name}ยังไม่มีผลการประเมินปีงบประมาณ {year}")
    rows = queries.table(province, year, spec)
    oit = tuple(spec.tool("OIT").indicator_numbers)
    averages = queries.indicator_averages(province, year, everyone)
    statuses = _statuses(province, year, rows)
    kinds = tuple(_group(r) for r in queries.kind_summary(province, year, mark))
    return ProvinceFacts(
        province=province.name,
        fiscal_year=year,
        framework=spec.name,
        notice=notice,
        pass_mark=mark,
        as_of=today or timezone.localdate(),
        agencies=sum(k.agencies for k in kinds),
        results=tools["n"],
        results_regional=tools["n_regional"],
        results_local=tools["n_local"],
        districts=province.districts.count(),
        synthetic=_synthetic(province, year),
        tools={k: _averages(tools, k.lower()) for k in ("total", "IIT", "EIT", "OIT")},
        failed_count=tools["failed"],
        indicators=tuple(
            IndicatorLine(i.number, i.name, i.tool, _averages_of(averages.get(i.number)))
            for i in spec.indicators
        ),
        kinds=kinds,
        district_lines=tuple(_group(r) for r in queries.district_summary(province, year, mark)),
        failed=tuple(_line(a, oit) for a in rows.filter(total__lt=mark).order_by("total", "name")),
        oit_numbers=oit,
        lowest=tuple(_line(a, oit) for a in queries.lowest_on(rows, list(oit), LOWEST_SHOWN)),
        weak_on_oit=_weak_on_oit(rows, oit),
        o42={k: statuses[f"o42_{k}"] for k in rules.O42_STATES},
        o43_on_time=statuses["o43_on_time"],
        o43_late=statuses["o43_late"],
        o43_agencies=statuses["o43_agencies"],
        trend=tuple(
            YearLine(t["fiscal_year"], t["n"], t["total"], t["pass_rate"])
            for t in queries.trend(queries.pass_marks(), province)
            if t["fiscal_year"] <= year
        ),
        next_oit_items=_oit_items(year + 1, spec),
        committees=_committees(province, year + 1),
        meetings=tuple(followup_log(province, year + 1)),
    )


def _averages_of(values: dict | None) -> Averages:
    values = values or {}
    return Averages(values.get("all"), values.get("regional"), values.get("local"))


def _oit_items(year: int, fallback: FrameworkSpec) -> tuple[str, ...]:
    """The OIT items the measures' year is assessed on (its framework, else this one's)."""
    governing = years.for_year(year)
    spec = governing.framework.spec if governing else fallback
    oit = set(spec.tool("OIT").indicator_numbers)
    return tuple(i.code for i in spec.items if i.indicator in oit)
