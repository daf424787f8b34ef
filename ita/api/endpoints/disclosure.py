"""OIT disclosure of an agency per year. Anonymously only a year whose page the agency
published (the public OIT page: each item's code, title and links of its newest evidence,
disclosure.presentation.public_page). With a token of someone who may see the agency
(agencies.access), every year, and each item's working state: status, division, due date,
link check and the evidence's explanation. Reviews and clarifications stay on the pages."""

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from ita.api.auth import OPTIONAL_SECURITY, optional
from ita.api.common import AgencyCode, FiscalYear, Page, agency_of, responses, sees
from ita.api.schemas import DisclosureOut, DisclosureYearOut
from ita.disclosure.models import DisclosureYear
from ita.disclosure.presentation import public_page
from ita.public.models import Kind

router = Router(tags=["disclosure"], auth=optional)


def _years(caller, agency):
    published = set(
        agency.publications.filter(kind=Kind.DISCLOSURE).values_list("fiscal_year", flat=True)
    )
    years = DisclosureYear.objects.filter(agency=agency).select_related("framework", "agency")
    if not sees(caller, agency):
        years = years.filter(fiscal_year__in=published)
    return years.order_by("-fiscal_year"), published


def _private_items(disclosure) -> dict[str, dict]:
    items = disclosure.items.select_related("item", "division").prefetch_related("evidence")
    out = {}
    for i in items:
        evidence = max(i.evidence.all(), key=lambda e: e.revision, default=None)
        out[i.item.code] = {
            "status": i.status, "status_label": i.get_status_display(),
            "division": i.division.name if i.division else None, "due_date": i.due_date,
            "link_verdict": i.link_verdict or None,
            "explanation": evidence.explanation if evidence else None,
        }  # fmt: skip
    return out


def _public_status(links) -> dict:
    if links:
        return {"public_status": "disclosed", "public_status_label": gettext("เปิดเผยแล้ว")}
    return {"public_status": "in_preparation", "public_status_label": gettext("อยู่ระหว่างจัดทำ")}


def disclosure_out(disclosure, published: set[int], private: bool) -> dict:
    page = public_page(disclosure)
    spec = disclosure.framework.spec
    extra = _private_items(disclosure) if private else {}
    items = [
        {"code": row["code"], "title": row["title"], "indicator": spec.item(row["code"]).indicator,
         "links": row["links"], **_public_status(row["links"]), **extra.get(row["code"], {})}
        for section in page["sections"] for row in section["rows"]
    ]  # fmt: skip
    return {
        "agency_code": disclosure.agency.code,
        "fiscal_year": disclosure.fiscal_year,
        "framework": disclosure.framework.code,
        "published": disclosure.fiscal_year in published,
        "items": items,
    }


@router.get(
    "/{code}/disclosure", response=responses(list[DisclosureYearOut]), url_name="disclosure_years",
    summary="ปีของรายการตรวจ OIT (OIT disclosure years)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def disclosure_years(request, code: AgencyCode):
    """ปีที่มีรายการตรวจ OIT ใหม่สุดก่อน (Years with an OIT checklist, newest first)."""
    years, published = _years(request.auth, agency_of(code))
    return [
        {"fiscal_year": y.fiscal_year, "framework": y.framework.code,
         "published": y.fiscal_year in published}
        for y in years
    ]  # fmt: skip


@router.get(
    "/{code}/disclosure/{year}", response=responses(DisclosureOut), url_name="disclosure",
    summary="การเปิดเผยข้อมูล OIT ของปี (OIT disclosure of a year)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
def disclosure(request, code: AgencyCode, year: FiscalYear):
    """ข้อ OIT ของปีตามลำดับในกรอบการประเมิน พร้อมลิงก์หลักฐานฉบับล่าสุด (The year's OIT items in
    the framework's order, with the links of their newest evidence)."""
    agency = agency_of(code)
    years, published = _years(request.auth, agency)
    found = years.filter(fiscal_year=year).first()
    if found is None:
        raise Http404(gettext_lazy("ไม่พบรายการตรวจ OIT ของปีนี้"))
    return disclosure_out(found, published, private=sees(request.auth, agency))
