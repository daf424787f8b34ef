"""The improvement cycle of an agency: analyses (O42) with their measures, and progress rounds
(O43). Anonymously, what the agency published: the approved version of the plan it published
(its record, frozen at approval) and each O43 round as frozen at publication. With a token of
someone who may see the agency (agencies.access), the live plan, and the newest report of each
measure per round, narrowed for a division head alone to their divisions' measures
(improvement.access.progress_readable_ids, the pages' rule)."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from ita.api.auth import OPTIONAL_SECURITY, optional
from ita.api.common import AgencyCode, FiscalYear, Page, agency_of, responses, sees
from ita.api.schemas import AnalysisDetail, AnalysisOut, ProgressRoundOut
from ita.improvement.access import progress_readable_ids
from ita.improvement.models import Analysis, PlanStatus, ProgressReport
from ita.improvement.record import from_json
from ita.public.models import Kind, Publication

router = Router(tags=["improvement"], auth=optional)


def _published(agency, kind: str):
    return Publication.objects.filter(agency=agency, kind=kind).select_related("version")


def _measure_out(m) -> dict:
    """A measure of the live plan (Measure) or of a frozen record (MeasureRecord) alike."""
    divisions = (
        m.divisions if isinstance(m.divisions, tuple) else [d.name for d in m.divisions.all()]
    )
    return {
        "position": m.position, "title": m.title, "guideline": m.guideline, "steps": m.steps,
        "divisions": list(divisions), "period": m.period, "monitoring": m.monitoring,
        "indicators": [int(n) for n in m.indicators], "items": list(m.items),
        "round_months": [int(n) for n in m.round_months],
    }  # fmt: skip


def _from_publication(agency, p) -> dict:
    record = from_json(p.version.record)
    return {
        "agency_code": agency.code, "fiscal_year": p.fiscal_year, "status": PlanStatus.APPROVED,
        "version": p.version.number, "published": True, "measures": len(record.measures),
        "overview": record.text("overview"),
        "improvement_issues": record.text("improvement_issues"),
        "measure_list": [_measure_out(m) for m in record.measures],
    }  # fmt: skip


def _from_analysis(agency, analysis, published: set[int]) -> dict:
    measures = list(analysis.measures.all())
    return {
        "agency_code": agency.code, "fiscal_year": analysis.fiscal_year,
        "status": analysis.status,
        "version": max((v.number for v in analysis.versions.all()), default=None),
        "published": analysis.fiscal_year in published, "measures": len(measures),
        "overview": analysis.overview, "improvement_issues": analysis.improvement_issues,
        "measure_list": [_measure_out(m) for m in measures],
    }  # fmt: skip


def _analyses(caller, agency) -> list[dict]:
    publications = _published(agency, Kind.O42).order_by("-fiscal_year")
    if not sees(caller, agency):
        return [_from_publication(agency, p) for p in publications]
    published = {p.fiscal_year for p in publications}
    live = Analysis.objects.filter(agency=agency).prefetch_related(
        "versions", "measures__divisions"
    )
    return [_from_analysis(agency, a, published) for a in live.order_by("-fiscal_year")]


@router.get(
    "/{code}/analyses", response=responses(list[AnalysisOut]), url_name="analyses",
    summary="การวิเคราะห์ผลการประเมิน O42 (Analyses)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def analyses(request, code: AgencyCode):
    """การวิเคราะห์ผลรายปี ใหม่สุดก่อน (Analyses of the results, newest year first)."""
    return _analyses(request.auth, agency_of(code))


@router.get(
    "/{code}/analyses/{year}", response=responses(AnalysisDetail), url_name="analysis",
    summary="การวิเคราะห์ผลและมาตรการ (Analysis and measures)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
def analysis(request, code: AgencyCode, year: FiscalYear):
    """บทวิเคราะห์และมาตรการของปีที่วิเคราะห์ (The analysis of a year and its measures); year =
    ปีงบประมาณของผลที่วิเคราะห์ (the fiscal year of the result analysed)."""
    found = next(
        (a for a in _analyses(request.auth, agency_of(code)) if a["fiscal_year"] == year), None
    )
    if found is None:
        raise Http404(gettext_lazy("ไม่พบการวิเคราะห์ผลการประเมินของปีนี้"))
    return found


# --------------------------------------------------------------------------- progress (O43)


def _report_out(position: int, title: str, facts: dict) -> dict:
    return {
        "position": position, "title": title, "round_month": facts["round_month"],
        "status": facts["status"], "status_label": facts["status_label"],
        "percent": facts["percent"], "actions": facts["actions"], "output": facts["output"],
        "outcome": facts["outcome"], "problems": facts["problems"],
        "evidence": list(facts["evidence"]),
    }  # fmt: skip


def _published_rounds(agency, year: int) -> list[dict]:
    rounds = []
    for p in _published(agency, Kind.O43).filter(fiscal_year=year).order_by("round_month"):
        measures = {str(m.id): m for m in from_json(p.frozen["record"]).measures}
        rows = [
            _report_out(measures[k].position, measures[k].title, facts)
            for k, facts in p.frozen["reports"].items()
            if k in measures
        ]
        rounds.append({
            "round_month": p.round_month, "published": True,
            "as_of": p.frozen["as_of"], "measures": sorted(rows, key=lambda r: r["position"]),
        })  # fmt: skip
    return rounds


def _live_facts(r: ProgressReport) -> dict:
    return {
        "round_month": r.round_month, "status": r.status, "status_label": r.get_status_display(),
        "percent": r.percent, "actions": r.actions, "output": r.output, "outcome": r.outcome,
        "problems": r.problems, "evidence": [e.url or e.label for e in r.evidence.all()],
    }  # fmt: skip


def _live_rounds(caller, agency, year: int) -> list[dict]:
    analysis = Analysis.objects.filter(agency=agency, fiscal_year=year).select_related("agency")
    analysis = analysis.first()
    if analysis is None:
        return []
    measures = list(analysis.measures.prefetch_related("divisions"))
    readable = progress_readable_ids(caller.user, analysis, measures)
    published = set(
        _published(agency, Kind.O43).filter(fiscal_year=year).values_list("round_month", flat=True)
    )
    reports = ProgressReport.objects.filter(measure__analysis=analysis).select_related("measure")
    if readable is not None:
        reports = reports.filter(measure_id__in=readable)
    newest: dict[tuple[int, int], ProgressReport] = {}
    for r in reports.prefetch_related("evidence").order_by(
        "round_month", "measure_id", "-revision"
    ):
        newest.setdefault((r.round_month, r.measure_id), r)
    rounds: dict[int, list] = {}
    for (month, _), r in newest.items():
        rounds.setdefault(month, []).append(
            _report_out(r.measure.position, r.measure.title, _live_facts(r))
        )
    return [
        {"round_month": month, "published": month in published, "as_of": None,
         "measures": sorted(rows, key=lambda row: row["position"])}
        for month, rows in sorted(rounds.items())
    ]  # fmt: skip


@router.get(
    "/{code}/analyses/{year}/progress", response=responses(list[ProgressRoundOut]),
    url_name="progress", summary="รายงานความก้าวหน้า O43 (Progress rounds)",
    openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def progress(request, code: AgencyCode, year: FiscalYear):
    """รอบรายงานความก้าวหน้าของมาตรการ เรียงตามรอบ (Progress rounds of the plan's measures, by
    round); year = ปีงบประมาณของผลที่วิเคราะห์."""
    agency = agency_of(code)
    if sees(request.auth, agency):
        return _live_rounds(request.auth, agency, year)
    return _published_rounds(agency, year)
