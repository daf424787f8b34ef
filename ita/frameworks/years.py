"""Which framework governs each fiscal year: the year's own, or one an administrator declared
for it provisionally because the NACC has not published that year's (FY 2570 today). Pages,
documents and year selectors ask here, so a declared year is said to be provisional everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils import timezone
from django.utils.translation import gettext

from ita.frameworks.models import DeclaredYear, Framework
from ita.frameworks.spec import FrameworkError
from ita.lib.thai_dates import fiscal_year_of

DECLARATIONS = Path(__file__).parent / "declared-years.yaml"


@dataclass(frozen=True)
class YearFramework:
    fiscal_year: int
    framework: Framework
    declared: bool = False  # the year has no framework of its own yet
    reason: str = ""

    @property
    def provisional(self) -> bool:
        return self.declared

    @property
    def notice(self) -> str:
        """One sentence for every page and document of a declared year, in the reader's
        language (documents are built under Thai)."""
        if not self.declared:
            return ""
        return gettext(
            "ปีงบประมาณ {year} ยังไม่มีกรอบการประเมินของสำนักงาน ป.ป.ช. ที่เผยแพร่แล้ว "
            "ระบบใช้{framework} เป็นการชั่วคราว คะแนน ข้อการประเมิน และเกณฑ์ของปีนี้"
            "จึงเป็นข้อมูลเบื้องต้น อาจเปลี่ยนเมื่อ ป.ป.ช. ประกาศกรอบของปี"
        ).format(year=self.fiscal_year, framework=self.framework.name)


def for_year(fiscal_year: int) -> YearFramework | None:
    own = Framework.objects.filter(
        fiscal_year_from__lte=fiscal_year, fiscal_year_to__gte=fiscal_year
    ).first()
    if own:
        return YearFramework(fiscal_year, own)
    declared = DeclaredYear.objects.select_related("framework").filter(fiscal_year=fiscal_year)
    row = declared.first()
    return YearFramework(fiscal_year, row.framework, True, row.reason) if row else None


def notice_for(fiscal_year: int) -> str:
    governing = for_year(fiscal_year)
    return governing.notice if governing else ""


def _own_years() -> set[int]:
    return {
        year
        for start, end in Framework.objects.values_list("fiscal_year_from", "fiscal_year_to")
        for year in range(start, end + 1)
    }


def framework_years() -> list[int]:
    """Every year that has a framework, its own or declared, ascending: exactly what a year
    selector offers."""
    years = _own_years()
    years.update(DeclaredYear.objects.values_list("fiscal_year", flat=True))
    return sorted(years)


def default_year(today: dt.date | None = None) -> int | None:
    """The latest year with a framework that has begun: the current fiscal year when it has one
    (declared or not), else the latest before it; None when no framework is loaded."""
    years = framework_years()
    current = fiscal_year_of(today or timezone.localdate())
    begun = [year for year in years if year <= current]
    if begun:
        return begun[-1]
    return years[0] if years else None


def year_choices() -> list[tuple[int, str]]:
    """(year, label) newest first, for a select; a declared year says so in its label."""
    own = _own_years()
    return [
        (year, str(year) if year in own else f"{year} ({gettext('กรอบชั่วคราว')})")
        for year in reversed(framework_years())
    ]


def read_declarations(path: Path = DECLARATIONS) -> dict[int, dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"อ่านไฟล์ {path.name} ไม่ได้: {exc}") from exc
    problems = []
    for year, entry in data.items():
        if not isinstance(year, int) or not isinstance(entry, dict) or not entry.get("uses"):
            problems.append(f"{path.name}: ปี {year} ต้องระบุ uses (รหัสกรอบ) และ reason")
    if problems:
        raise FrameworkError("; ".join(problems))
    return data


def load_declarations(path: Path = DECLARATIONS) -> list[int]:
    """Declare the file's years that have neither a framework of their own nor a declaration
    yet; an administrator's later change of a declaration is never overwritten by the file."""
    created = []
    for year, entry in read_declarations(path).items():
        framework = Framework.objects.filter(code=entry["uses"]).first()
        if framework is None:
            raise FrameworkError(f"{path.name}: ปี {year} อ้างกรอบ {entry['uses']} ที่ไม่มีในระบบ")
        if DeclaredYear.objects.filter(fiscal_year=year).exists() or (for_year(year) is not None):
            continue
        DeclaredYear.objects.create(
            fiscal_year=year, framework=framework, reason=" ".join(str(entry["reason"]).split())
        )
        created.append(year)
    return created
