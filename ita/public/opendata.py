"""Open data (issue 13): every published result of a fiscal year as CSV, JSON and XLSX, with a
Frictionless Table Schema and a Data Package descriptor at stable URLs. The schema below is
the one source of the columns: the files are written from it and validated against it.

Text a spreadsheet could run as a formula (an agency named "=HYPERLINK(…)") is written with a
leading apostrophe in CSV and XLSX (oversight.rules.safe_text, oversight.exports); JSON is
data, not a sheet, so it keeps the text as it is."""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from ita.agencies.models import AgencyType
from ita.oversight import exports
from ita.public.queries import INDICATORS, published_results

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# Thai in the Data Package descriptor (published data); the data page shows it translated
LICENSE_TH = gettext_noop(
    "เผยแพร่ภายใต้สัญญาอนุญาตครีเอทีฟคอมมอนส์แบบแสดงที่มา 4.0 สากล (CC BY 4.0): "
    "นำไปใช้ ดัดแปลง และเผยแพร่ต่อได้ รวมถึงเพื่อการค้า โดยระบุที่มา"
)
FORMATS = {
    "csv": ("text/csv", exports.CSV_TYPE),
    "json": ("application/json", "application/json"),
    "xlsx": (exports.XLSX_TYPE, exports.XLSX_TYPE),
}

# published data: the Thai labels, whatever language is active when this module is imported
with translation.override("th"):
    AGENCY_TYPES = "; ".join(f"{v} = {label}" for v, label in AgencyType.choices)
_SCORE = {"type": "number", "constraints": {"required": True, "minimum": 0, "maximum": 100}}
FIELDS = [
    {"name": "agency_code", "type": "string", "title": "รหัสหน่วยงาน",
     "constraints": {"required": True}},
    {"name": "agency_name", "type": "string", "title": "ชื่อหน่วยงาน",
     "constraints": {"required": True}},
    {"name": "agency_type", "type": "string", "title": "ประเภทหน่วยงาน",
     "description": AGENCY_TYPES,
     "constraints": {"required": True, "enum": list(AgencyType.values)}},
    {"name": "province", "type": "string", "title": "จังหวัด", "constraints": {"required": True}},
    {"name": "district", "type": "string", "title": "อำเภอ (ว่างได้)"},
    {"name": "fiscal_year", "type": "integer", "title": "ปีงบประมาณ (พ.ศ.)",
     "constraints": {"required": True, "minimum": 2556, "maximum": 2700}},
    {"name": "framework", "type": "string", "title": "รหัสกรอบการประเมิน",
     "constraints": {"required": True}},
    *({"name": f"i{n}", "title": f"คะแนนตัวชี้วัดที่ {n}", **_SCORE} for n in INDICATORS),
    {"name": "iit", "title": "คะแนน IIT", **_SCORE},
    {"name": "eit", "title": "คะแนน EIT", **_SCORE},
    {"name": "oit", "title": "คะแนน OIT", **_SCORE},
    {"name": "total", "title": "คะแนนรวม", **_SCORE},
    {"name": "level", "type": "string", "title": "ผลการประเมิน (ระดับ)",
     "constraints": {"required": True}},
]  # fmt: skip
SCHEMA = {
    "fields": FIELDS,
    "primaryKey": ["agency_code", "fiscal_year"],
    "missingValues": [""],
}
NAMES = [f["name"] for f in FIELDS]


def shown_fields() -> list[dict]:
    """The columns as the data page lists them, titled in the reader's language; the schema
    keeps its Thai titles (published data), which these are under Thai."""
    titles = {
        "agency_code": gettext("รหัสหน่วยงาน"),
        "agency_name": gettext("ชื่อหน่วยงาน"),
        "agency_type": gettext("ประเภทหน่วยงาน"),
        "province": gettext("จังหวัด"),
        "district": gettext("อำเภอ (ว่างได้)"),
        "fiscal_year": gettext("ปีงบประมาณ (พ.ศ.)"),
        "framework": gettext("รหัสกรอบการประเมิน"),
        **{f"i{n}": gettext("คะแนนตัวชี้วัดที่ %(n)s") % {"n": n} for n in INDICATORS},
        "iit": gettext("คะแนน IIT"),
        "eit": gettext("คะแนน EIT"),
        "oit": gettext("คะแนน OIT"),
        "total": gettext("คะแนนรวม"),
        "level": gettext("ผลการประเมิน (ระดับ)"),
    }
    return [{"name": f["name"], "type": f["type"], "title": titles[f["name"]]} for f in FIELDS]


def rows(year: int) -> list[dict]:
    """The published results of the year, one dict per agency, in the schema's order."""
    out = []
    for a in published_results(year):
        agency = a.agency
        out.append(
            {
                "agency_code": agency.code,
                "agency_name": agency.name,
                "agency_type": agency.agency_type,
                "province": agency.province.name,
                "district": agency.district.name if agency.district else "",
                "fiscal_year": a.fiscal_year,
                "framework": a.framework.code,
                **{f"i{n}": getattr(a, f"i{n}") for n in INDICATORS},
                "iit": a.iit,
                "eit": a.eit,
                "oit": a.oit,
                "total": a.total,
                "level": a.level_label,
            }
        )
    return out


def _json_value(value):
    return float(value) if isinstance(value, Decimal) else value


def render(year: int, fmt: str) -> bytes:
    data = rows(year)
    if fmt == "json":
        body = [{k: _json_value(v) for k, v in row.items()} for row in data]
        return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    table = [[row[name] if row[name] != "" else None for name in NAMES] for row in data]
    if fmt == "csv":
        return exports.to_csv(NAMES, table)
    return exports.to_xlsx(f"ITA {year}", NAMES, table)


def datapackage(year: int, base_url: str) -> dict:
    """The Data Package descriptor of one year: its three resources, schema and licence."""
    schema_url = f"{base_url}/public/data/schema/results.json"
    resources = []
    for fmt, (mediatype, _) in FORMATS.items():
        resource = {
            "name": f"ita-results-{year}-{fmt}",
            "path": f"{base_url}/public/data/{year}/results.{fmt}",
            "format": fmt,
            "mediatype": mediatype,
            "schema": schema_url,
        }
        if fmt == "csv":
            resource |= {"encoding": "utf-8-sig", "dialect": {"delimiter": ",", "header": True}}
        resources.append(resource)
    return {
        "name": f"ita-results-{year}",
        "title": f"ผลการประเมิน ITA ที่หน่วยงานเผยแพร่ ปีงบประมาณ พ.ศ. {year}",
        "description": (
            "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            "เฉพาะหน่วยงานที่เผยแพร่ผลของตนแล้ว " + LICENSE_TH
        ),
        "licenses": [LICENSE],
        "resources": resources,
    }
