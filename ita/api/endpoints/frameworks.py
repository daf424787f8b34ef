"""Frameworks: reference data, public. The detail reads the framework's own spec (the YAML as
loaded), so tools, indicators, items and levels are exactly what scoring uses."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from ita.api.auth import OPTIONAL_SECURITY, optional
from ita.api.common import FrameworkCode, Mapped, Page, responses
from ita.api.schemas import FrameworkDetail, FrameworkOut
from ita.frameworks.models import Framework

router = Router(tags=["frameworks"], auth=optional)


def framework_out(framework: Framework) -> dict:
    return {
        "code": framework.code,
        "name": framework.name,
        "fiscal_year_from": framework.fiscal_year_from,
        "fiscal_year_to": framework.fiscal_year_to,
        "provisional": bool(framework.definition.get("provisional", False)),
    }


def _indicator(spec, indicator) -> dict:
    codes = set(indicator.item_codes) | {
        c for group in indicator.sub_indicators for c in group.item_codes
    }
    return {
        "number": indicator.number, "name": indicator.name, "name_en": indicator.name_en,
        "tool": indicator.tool,
        "sub_indicators": [
            {"code": g.code, "name": g.name, "items": list(g.item_codes)}
            for g in indicator.sub_indicators
        ],
        "items": [
            {"code": i.code, "title": i.title, "sub_indicator": i.sub_indicator, "kind": i.kind,
             "provisional": i.provisional}
            for i in spec.items if i.code in codes or i.indicator == indicator.number
        ],
    }  # fmt: skip


def framework_detail(framework: Framework) -> dict:
    spec = framework.spec
    return framework_out(framework) | {
        "pass_mark": spec.pass_mark,
        "tools": [
            {
                "code": t.code,
                "name": t.name,
                "name_en": t.name_en,
                "weight": t.weight,
                "indicators": list(t.indicator_numbers),
            }
            for t in spec.tools
        ],
        "indicators": [_indicator(spec, i) for i in spec.indicators],
        "levels": [
            {"code": v.code, "label": v.label, "min_score": v.min_score, "passing": v.passing}
            for v in spec.levels
        ],
    }


@router.get(
    "/", response=responses(list[FrameworkOut]), url_name="frameworks",
    summary="กรอบการประเมิน (Frameworks)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
@paginate(Page)
def frameworks(request):
    """กรอบการประเมินทุกฉบับ เรียงตามปีที่เริ่มใช้ (Every framework version, oldest first)."""
    found = Framework.objects.only(
        "code", "name", "fiscal_year_from", "fiscal_year_to", "definition"
    )
    return Mapped(found.order_by("fiscal_year_from", "code"), framework_out)


@router.get(
    "/{code}", response=responses(FrameworkDetail), url_name="framework",
    summary="กรอบการประเมิน (Framework)", openapi_extra=OPTIONAL_SECURITY,
)  # fmt: skip
def framework(request, code: FrameworkCode):
    """เครื่องมือ ตัวชี้วัด ข้อการประเมิน และระดับผลของกรอบหนึ่งฉบับ (Tools, indicators, items
    and levels of one framework)."""
    found = Framework.objects.filter(code=code).first()
    if found is None:
        raise Http404(gettext_lazy("ไม่พบกรอบการประเมิน"))
    return framework_detail(found)
