"""Agencies: public (their names and places are; ita.public.queries.find_agencies, the search
page's own query, with the newest published result of each)."""

from typing import Annotated

from ninja import Query, Router
from ninja.pagination import paginate

from ita.agencies.models import AgencyType, Province
from ita.api.auth import OPTIONAL_SECURITY, optional
from ita.api.common import PRINTABLE, AgencyCode, Mapped, Page, agency_of, responses
from ita.api.schemas import AgencyOut
from ita.public.queries import find_agencies

router = Router(tags=["agencies"], auth=optional)


def agency_out(agency) -> dict:
    latest_year = getattr(agency, "latest_year", None)
    return {
        "code": agency.code,
        "name": agency.name,
        "agency_type": agency.agency_type,
        "agency_type_label": agency.get_agency_type_display(),
        "province": {"code": agency.province.code, "name": agency.province.name},
        "district": agency.district.name if agency.district else None,
        "website": agency.website,
        "latest_published_result": {
            "fiscal_year": latest_year,
            "total": agency.latest_total,
            "level": agency.latest_level,
        }
        if latest_year
        else None,
    }


@router.get(
    "/", response=responses(list[AgencyOut]), url_name="agencies",
    summary="หน่วยงาน (Agencies)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def agencies(
    request,
    q: Annotated[str, Query(max_length=100, pattern=PRINTABLE, description="ชื่อหรือรหัส")] = "",
    province: Annotated[
        str, Query(max_length=8, pattern=PRINTABLE, description="รหัสจังหวัด เช่น MSN")
    ] = "",
    type: Annotated[AgencyType | None, Query(description="ประเภทหน่วยงาน")] = None,
):
    """ค้นหาหน่วยงานตามชื่อ จังหวัด และประเภท เรียงตามจังหวัดแล้วชื่อ (Agencies by name,
    province and type, ordered by province then name)."""
    place = Province.objects.filter(code=province).first() if province else None
    if province and place is None:
        return []
    found = find_agencies(q.strip(), place, type.value if type else "")
    return Mapped(found.order_by("province__name", "name", "pk"), agency_out)


@router.get(
    "/{code}", response=responses(AgencyOut), url_name="agency",
    summary="หน่วยงาน (Agency)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
def agency(request, code: AgencyCode):
    """หน่วยงานหนึ่งแห่งตามรหัส (One agency by its code)."""
    found = find_agencies().filter(pk=agency_of(code).pk).first()
    return agency_out(found)
