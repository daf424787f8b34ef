"""What every endpoint shares: the typed path and query values (bad ones are a 422 before any
query), the page of a list, the agency of a path and whether the caller may see its private
side (agencies.access, the single rule the pages ask)."""

from typing import Annotated, Any

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

from ita.agencies.access import agencies_for_user
from ita.agencies.models import Agency
from ita.api import errors

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
# Printable text only: PostgreSQL refuses NUL in a string, which would be a 500.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"

AgencyCode = Annotated[
    str, Path(description="รหัสหน่วยงาน (agency code)", max_length=32, pattern=PRINTABLE)
]
FiscalYear = Annotated[
    int, Path(description="ปีงบประมาณ พ.ศ. (Buddhist-era fiscal year)", ge=2556, le=2700)
]
FrameworkCode = Annotated[
    str, Path(description="รหัสกรอบการประเมิน", max_length=40, pattern=PRINTABLE)
]
ERRORS: dict[int, Any] = {
    401: errors.Error,
    404: errors.Error,
    422: errors.Error,
    429: errors.Error,
}


class Page(LimitOffsetPagination):
    """limit (1–100, 50 by default) and offset (0–1,000,000); the list's order is stable."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="จำนวนต่อหน้า (สูงสุด 100)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="ข้ามกี่รายการ")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def responses(schema) -> dict[int, Any]:
    return {200: schema, **ERRORS}


def agency_of(code: str) -> Agency:
    agency = Agency.objects.select_related("province", "district").filter(code=code).first()
    if agency is None:
        raise Http404(gettext_lazy("ไม่พบหน่วยงาน"))
    return agency


def sees(caller, agency: Agency) -> bool:
    """May the caller see the agency's private side? Anonymous callers never (no query)."""
    if caller.anonymous:
        return False
    return agencies_for_user(caller.user).filter(pk=agency.pk).exists()


def visible_agency(caller, code: str) -> Agency:
    """The agency of a private-only endpoint: foreign and missing alike are 404."""
    agency = agency_of(code)
    if not sees(caller, agency):
        raise Http404(gettext_lazy("ไม่พบหน่วยงาน"))
    return agency


class Mapped:
    """A queryset the paginator slices and counts, each row turned into its dict."""

    def __init__(self, queryset, to_dict):
        self.queryset, self.to_dict = queryset, to_dict

    def __getitem__(self, item):
        return [self.to_dict(row) for row in self.queryset[item]]

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()
