"""Parsing the `ita_score` command line: `1=86.07 … 10=37.50` or OIT verdicts `O36=0`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError

from ita.frameworks import years
from ita.frameworks.loader import all_specs, spec_for_year, years_label
from ita.frameworks.models import Framework
from ita.frameworks.scoring import ScoringError, oit_indicators_from_verdicts, score
from ita.frameworks.spec import FrameworkError, FrameworkSpec
from ita.lib.thai_text import parse_decimal, to_arabic_digits, to_thai_digits


@dataclass(frozen=True)
class YearSpec:
    """The framework that governs a fiscal year, and the provisional notice when the year only
    has one by declaration (FY 2570 uses ita-2569 until the NACC publishes its own)."""

    fiscal_year: int
    spec: FrameworkSpec
    notice: str = ""

    @property
    def provisional(self) -> bool:
        return bool(self.notice)


def spec_for(fiscal_year: int) -> YearSpec:
    """Ask the system (frameworks.years: the year's own framework, else the one an administrator
    declared for it); a checkout whose database is not set up yet has only the files to go by:
    the framework files, then declared-years.yaml."""
    try:
        governing = years.for_year(fiscal_year)
        loaded = governing is not None or Framework.objects.exists()
    except DatabaseError:  # no database or no tables yet
        return _spec_from_files(fiscal_year)
    if not loaded:
        return _spec_from_files(fiscal_year)
    if governing is None:
        known = ", ".join(str(year) for year in years.framework_years())
        raise FrameworkError(
            f"ไม่มีกรอบการประเมินสำหรับปีงบประมาณ {fiscal_year} (มีเฉพาะปี {known}) "
            "ผู้ดูแลระบบต้องเพิ่มกรอบของปีนี้ หรือประกาศให้ปีนี้ใช้กรอบที่มีอยู่เป็นการชั่วคราวก่อน"
        )
    return YearSpec(fiscal_year, governing.framework.spec, governing.notice)


def _spec_from_files(fiscal_year: int) -> YearSpec:
    try:
        return YearSpec(fiscal_year, spec_for_year(fiscal_year))
    except FrameworkError:
        entry = years.read_declarations().get(fiscal_year)
        if entry is None:
            raise
    spec = next((s for s in all_specs() if s.code == entry["uses"]), None)
    if spec is None:
        raise FrameworkError(f"ปี {fiscal_year} อ้างกรอบ {entry['uses']} ที่ไม่มีไฟล์")
    # The same sentence the pages show, from the same place (an unsaved row names the framework).
    declared = years.YearFramework(fiscal_year, Framework(code=spec.code, name=spec.name), True)
    return YearSpec(fiscal_year, spec, declared.notice)


@dataclass
class ScoreInput:
    indicators: dict[int, Decimal]
    verdicts: dict[str, bool]


def parse_assignments(spec: FrameworkSpec, args: list[str]) -> ScoreInput:
    indicators: dict[int, Decimal] = {}
    verdicts: dict[str, bool] = {}
    for arg in args:
        key, sep, raw = to_arabic_digits(arg).partition("=")
        key = key.strip().upper()
        if not sep or not key:
            raise ScoringError(f"อ่าน '{arg}' ไม่ได้: ต้องเขียนเป็น ตัวชี้วัด=คะแนน เช่น 1=86.07 หรือ O36=0")
        if key.isdecimal():
            value = parse_decimal(raw)
            if value is None:
                raise ScoringError(f"คะแนนตัวชี้วัดที่ {key} ไม่ใช่ตัวเลข: '{raw}'")
            indicators[int(key)] = value
        elif key.startswith("O"):
            if raw.strip() not in {"0", "1"}:
                raise ScoringError(f"ผลการตรวจข้อ {key} ต้องเป็น 1 (ผ่าน) หรือ 0 (ไม่ผ่าน)")
            verdicts[key] = raw.strip() == "1"
        else:
            raise ScoringError(f"ไม่รู้จัก '{key}': ใช้หมายเลขตัวชี้วัด 1–10 หรือรหัสข้อ OIT เช่น O36")
    if verdicts:
        check_verdict_codes(spec, verdicts)
        oit_numbers = set(spec.tool("OIT").indicator_numbers)
        given = sorted(oit_numbers & set(indicators))
        if given:
            raise ScoringError(
                f"ระบุผลการตรวจข้อ OIT แล้ว ไม่ต้องระบุคะแนนตัวชี้วัดที่ {', '.join(map(str, given))}"
            )
    return ScoreInput(indicators, verdicts)


def check_verdict_codes(
    spec: FrameworkSpec, verdicts: dict[str, bool], others: tuple[FrameworkSpec, ...] = ()
) -> None:
    """Verdicts use the item codes of the year's own framework: O42 means one thing in FY 2566
    and does not exist in FY 2568, so a code from another year's list is refused, saying where
    it comes from."""
    oit = [item.code for item in spec.items_of_tool("OIT")]
    unknown = [code for code in verdicts if code not in oit]
    if not unknown:
        return
    others = others or all_specs()
    elsewhere = sorted(
        {f"{other.code}" for other in others if other.code != spec.code for code in unknown
         if code in {i.code for i in other.items_of_tool("OIT")}}
    )  # fmt: skip
    hint = f" ({', '.join(unknown)} เป็นรหัสข้อของกรอบ {', '.join(elsewhere)})" if elsewhere else ""
    raise ScoringError(
        f"ไม่มีข้อ {', '.join(unknown)} ในแบบ OIT ของกรอบ {spec.code} "
        f"ปีงบประมาณ {years_label(spec)} ใช้รหัสข้อ {oit[0]}–{oit[-1]} ของปีนั้น{hint}"
    )


def score_payload(spec: FrameworkSpec, data: ScoreInput, thai_digits: bool = False) -> dict:
    """The JSON object `ita_score` prints."""
    scores = dict(data.indicators)
    if data.verdicts:
        scores.update(oit_indicators_from_verdicts(spec, data.verdicts))
    result = score(spec, scores)

    def fmt(value: Decimal) -> str:
        text = f"{value:.2f}"
        return to_thai_digits(text) if thai_digits else text

    return {
        "framework": spec.code,
        # FY 2568/2569 files are built from agencies' pages, not an NACC manual: say so
        "framework_provisional": spec.provisional,
        "total": fmt(result.total),
        "level": result.level.code,
        "level_label": result.level.label,
        "passed": result.passed,
        "tools": {code: fmt(value) for code, value in result.tools.items()},
        "indicators": {
            str(n): fmt(value.quantize(Decimal("0.01"))) for n, value in result.indicators.items()
        },
    }
