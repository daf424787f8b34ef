"""What a dashboard row shows and exports, from an annotated agency (queries.table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from ita.frameworks.spec import FrameworkSpec
from ita.oversight import rules


def district_label(district) -> str:
    """A district as the pages name it: อำเภอปาย in Thai, "District ปาย" in English (the name is
    data); "" for none. District's own str() is Thai, for the documents."""
    return gettext("อำเภอ%(name)s") % {"name": district.name} if district else ""


@dataclass(frozen=True)
class Cell:
    number: int
    score: Decimal | None
    css: str


@dataclass(frozen=True)
class Row:
    agency: object
    short_name: str
    kind: str
    kind_label: str
    group_label: str
    district: str
    total: Decimal | None
    total_css: str
    level: str
    passed: bool | None
    tools: tuple[Decimal | None, ...]
    cells: tuple[Cell, ...]
    change: Decimal | None
    oit_items: int
    oit_ready: int
    oit_percent: int | None
    o42: str
    o42_label: str
    o43_on_time: int
    o43_late: int
    survey_answers: int
    survey_target: int
    survey_percent: int | None


def row(agency, spec: FrameworkSpec) -> Row:
    pass_mark = spec.pass_mark
    kind = rules.kind_of(agency.agency_type)
    return Row(
        agency=agency,
        short_name=rules.short_name(agency.name),
        kind=kind,
        kind_label=rules.KINDS[kind][0],
        group_label=rules.GROUPS[rules.group_of(agency.agency_type)][0],
        district=agency.district.name if agency.district_id else "",
        total=agency.total,
        total_css=rules.band(agency.total, pass_mark),
        level=agency.level or "",
        passed=None if agency.total is None else agency.total >= pass_mark,
        tools=(agency.iit, agency.eit, agency.oit),
        cells=tuple(
            Cell(n, getattr(agency, f"i{n}"), rules.band(getattr(agency, f"i{n}"), pass_mark))
            for n in spec.indicator_numbers
        ),
        change=agency.change,
        oit_items=agency.oit_items,
        oit_ready=agency.oit_ready,
        oit_percent=rules.percent(agency.oit_ready, agency.oit_items),
        o42=agency.o42,
        o42_label=rules.O42_STATES.get(agency.o42, agency.o42),
        o43_on_time=agency.o43_on_time,
        o43_late=agency.o43_late,
        survey_answers=agency.survey_answers,
        survey_target=agency.survey_target,
        survey_percent=rules.percent(agency.survey_answers, agency.survey_target),
    )


def header(spec: FrameworkSpec) -> list[str]:
    return [
        "รหัสหน่วยงาน", "ชื่อหน่วยงาน", "กลุ่ม", "ประเภท", "อำเภอ", "คะแนนรวม", "ผลการประเมิน",
        "IIT", "EIT", "OIT",
        *[f"ตัวชี้วัดที่ {n}" for n in spec.indicator_numbers],
        "เปลี่ยนจากปีก่อน", "ข้อ OIT ทั้งหมด", "ข้อ OIT พร้อมให้ตรวจ", "การวิเคราะห์ผล (O42)",
        "รายงาน O43 ตรงเวลา", "รายงาน O43 ล่าช้า", "คำตอบแบบสำรวจ", "จำนวนคำตอบขั้นต่ำ",
    ]  # fmt: skip


def values(r: Row) -> list:
    """One exported row: text as text, scores as Decimal (None = no value)."""
    return [
        r.agency.code, r.agency.name, r.group_label, r.kind_label, r.district, r.total, r.level,
        *r.tools, *[c.score for c in r.cells], r.change, r.oit_items, r.oit_ready, r.o42_label,
        r.o43_on_time, r.o43_late, r.survey_answers, r.survey_target,
    ]  # fmt: skip


def average_values(spec: FrameworkSpec, tools: dict, indicators: dict) -> list:
    """The footer row of an export: the averages of the rows exported."""
    n = tools.get("n_shown") or 0
    return [
        "", f"ค่าเฉลี่ย ({n} หน่วยงานที่มีผล)", "", "", "", tools.get("total_shown"), "",
        tools.get("iit_shown"), tools.get("eit_shown"), tools.get("oit_shown"),
        *[indicators.get(k, {}).get("shown") for k in spec.indicator_numbers],
    ]  # fmt: skip
