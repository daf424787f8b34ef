"""Pure rules of the dashboards: heat-map bands, histogram buckets, agency groups, and the
spreadsheet-safe text of a cell. Plain values in, plain values out."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita.agencies.models import AgencyType

T = AgencyType
# How a province names its agencies (seed 000): regional offices, then local governments by
# type (อบจ., เทศบาล, อบต.), then anything else. The labels are lazy: English on English pages,
# Thai in the province report (built under Thai).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "regional": (pgettext_lazy("agency group", "ส่วนราชการส่วนภูมิภาค"), (T.REGIONAL_OFFICE,)),
    "pao": (_("อบจ."), (T.PAO,)),
    "municipality": (
        pgettext_lazy("agency group", "เทศบาล"),
        (T.CITY_MUNICIPALITY, T.TOWN_MUNICIPALITY, T.SUBDISTRICT_MUNICIPALITY),
    ),
    "sao": (_("อบต."), (T.SAO,)),
    "other": (
        pgettext_lazy("agency group", "หน่วยงานอื่น"),
        (T.DEPARTMENT, T.PROVINCE_ADMIN, T.STATE_ENTERPRISE, T.PUBLIC_ORGANIZATION,
         T.UNIVERSITY, T.OTHER),
    ),
}  # fmt: skip
LOCAL_KINDS = ("pao", "municipality", "sao")
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "regional": KINDS["regional"],
    "local": (
        _("องค์กรปกครองส่วนท้องถิ่น"),
        tuple(t for k in LOCAL_KINDS for t in KINDS[k][1]),
    ),
    "other": KINDS["other"],
}
KIND_OF_TYPE = {t: kind for kind, (_label, types) in KINDS.items() for t in types}

O42_STATES = {
    "none": _("ยังไม่เริ่ม"),
    "draft": _("ร่าง"),
    "submitted": _("เสนอขออนุมัติ"),
    "returned": pgettext_lazy("status", "ส่งกลับให้แก้ไข"),
    "approved": _("อนุมัติแล้ว"),
}

CENT = Decimal("0.01")
NEAR = Decimal(15)  # "near the pass mark": within this many points below it
WEAK = Decimal(50)  # below this an indicator is among the weakest (seed 000: 9–10 in 2562)
BUCKETS = tuple((lo, lo + 10) for lo in range(0, 100, 10))  # [0, 10) … [90, 100]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# The abbreviations a province writes in its tables (seed 000): they keep each of the heat map's
# 85 rows on one line, where Chromium's Thai dictionary would break a long name inside a word
# (องค์การบริหารส่วนตำบลบ้า|นกาศ).
SHORT_PREFIXES = (
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("เทศบาลตำบล", "ทต."),
    ("เทศบาลเมือง", "ทม."),
    ("เทศบาลนคร", "ทน."),
)


def short_name(name: str) -> str:
    """An agency's name as the dashboard's table shows it (the full name is its tooltip)."""
    for prefix, short in SHORT_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return short + name[len(prefix) :]
    return name


def kind_of(agency_type: str) -> str:
    return KIND_OF_TYPE.get(agency_type, "other")


def group_of(agency_type: str) -> str:
    kind = kind_of(agency_type)
    return "local" if kind in LOCAL_KINDS else kind


def band(score: Decimal | None, pass_mark: Decimal) -> str:
    """The heat-map class of a score: at or above the pass mark; within 15 of it; 50 up to
    that; below 50 (the seed's 'weakest'); no score."""
    if score is None:
        return "heat-none"
    if score >= pass_mark:
        return "heat-pass"
    if score >= pass_mark - NEAR:
        return "heat-near"
    if score >= WEAK:
        return "heat-low"
    return "heat-weak"


def mean(value: Decimal | float | None) -> Decimal | None:
    """An average as shown and exported: two decimals, half up (frameworks.scoring's rule)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def bucket_label(lo: int, hi: int) -> str:
    return f"{lo}–{hi}" if hi == 100 else f"{lo}–{hi - 0.01:.2f}"


def percent(part: int | None, whole: int | None) -> int | None:
    if not whole:
        return None
    return round(100 * (part or 0) / whole)


def safe_text(value: str) -> str:
    """A text cell a spreadsheet will not run: one starting with = + - @ tab or CR gets a
    leading apostrophe (OWASP's advice for CSV injection), so it is shown as typed."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
