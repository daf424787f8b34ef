"""Official results of an agency: anonymously the years it published (public.queries, the
public pages' rule); with a token of someone who may see the agency (agencies.access), every
official result, each saying whether it is published."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from ita.api.auth import OPTIONAL_SECURITY, optional
from ita.api.common import AgencyCode, FiscalYear, Page, agency_of, responses, sees
from ita.api.schemas import ResultOut
from ita.assessments.queries import history
from ita.public.models import Kind
from ita.public.queries import published_history

router = Router(tags=["results"], auth=optional)


def _points(caller, agency) -> tuple[list, set[int]]:
    published = set(
        agency.publications.filter(kind=Kind.RESULT).values_list("fiscal_year", flat=True)
    )
    points = history(agency) if sees(caller, agency) else published_history(agency)
    return points, published


def result_out(agency, point, published: set[int]) -> dict:
    return {
        "agency_code": agency.code,
        "fiscal_year": point.fiscal_year,
        "total": point.total,
        "level": point.level_label,
        "tools": dict(point.tools),
        "indicators": [{"number": n, "score": s} for n, s in sorted(point.indicators.items())],
        "published": point.fiscal_year in published,
    }


@router.get(
    "/{code}/results", response=responses(list[ResultOut]), url_name="results",
    summary="ผลการประเมินของหน่วยงาน (Results of an agency)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def results(request, code: AgencyCode):
    """ผลการประเมินอย่างเป็นทางการรายปี ใหม่สุดก่อน (Official results, newest year first)."""
    agency = agency_of(code)
    points, published = _points(request.auth, agency)
    return [result_out(agency, p, published) for p in reversed(points)]


@router.get(
    "/{code}/results/{year}", response=responses(ResultOut), url_name="result",
    summary="ผลการประเมินของปี (Result of a year)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
def result(request, code: AgencyCode, year: FiscalYear):
    """คะแนนรวม ระดับ คะแนนรายเครื่องมือและรายตัวชี้วัดของปีงบประมาณหนึ่ง (Total, level, tool
    and indicator scores of one fiscal year)."""
    agency = agency_of(code)
    points, published = _points(request.auth, agency)
    point = next((p for p in points if p.fiscal_year == year), None)
    if point is None:
        raise Http404(gettext_lazy("ไม่พบผลการประเมินของปีนี้"))
    return result_out(agency, point, published)
