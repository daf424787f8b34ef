"""python manage.py ita_document o42|memo|o43 --agency ID_OR_NAME --year 2565 --format docx|pdf
--output PATH [--round 6|12]: render one official document from the database (the registered
builder); --round picks the O43 report of one round."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Q

from ita.agencies.models import Agency
from ita.documents import batch as batches
from ita.documents.models import DocumentKind
from ita.lib.commands import ผิดพลาด as CommandError
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import to_arabic_digits


class Command(BaseCommand):
    help = (
        "สร้างเอกสารราชการ (รายงานการวิเคราะห์ผล บันทึกขออนุมัติ รายงานผลการดำเนินการ) "
        "ของหน่วยงานหนึ่งเป็น DOCX หรือ PDF"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="o42 | memo | o43")
        parser.add_argument("--agency", required=True, help="รหัส เลขที่ หรือชื่อหน่วยงาน")
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2565")
        parser.add_argument("--format", dest="fmt", default="pdf", help="docx | pdf")
        parser.add_argument("--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument(
            "--round", dest="round_month", help="รอบรายงานของ O43 (เดือน): 6 หรือ 12 (หรือ 1, 3, 9)"
        )

    def handle(self, *args, kind, agency, year, fmt, output, round_month=None, **options):
        if kind not in DocumentKind.values:
            raise CommandError(f"ไม่รู้จักเอกสาร {kind} (ใช้ได้: {', '.join(DocumentKind.values)})")
        if fmt not in ("docx", "pdf"):
            raise CommandError(f"รูปแบบไฟล์ต้องเป็น docx หรือ pdf ไม่ใช่ {fmt}")
        fiscal_year = parse_fiscal_year(year)
        if fiscal_year is None:
            raise CommandError(f"ปีงบประมาณไม่ถูกต้อง: {year}")
        extra = {}
        if round_month is not None:
            month = to_arabic_digits(str(round_month)).strip()
            if kind != "o43":
                raise CommandError("--round ใช้ได้เฉพาะรายงานผลการดำเนินการ (o43)")
            if month not in ("1", "3", "6", "9", "12"):
                raise CommandError(f"รอบรายงานต้องเป็น 1, 3, 6, 9 หรือ 12 เดือน ไม่ใช่ {round_month}")
            extra["round_month"] = int(month)
        build = batches.builder_for(kind)
        if build is None:
            raise CommandError(f"ระบบยังสร้างเอกสารประเภท {kind} ไม่ได้")
        target = _agency(agency)
        try:
            doc = build(target, fiscal_year, **extra)
        except (LookupError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(batches.render(doc, fmt))
        self.stdout.write(f"เขียน {path} แล้ว")


def _agency(text: str) -> Agency:
    text = text.strip()
    number = to_arabic_digits(text)
    query = Q(code=text) | Q(name=text)
    if number.isdecimal():
        query |= Q(pk=int(number))
    matches = list(Agency.objects.filter(query)[:2])
    if not matches:
        matches = list(Agency.objects.filter(name__icontains=text)[:2])
    if not matches:
        raise CommandError(f"ไม่พบหน่วยงาน {text}")
    if len(matches) > 1:
        raise CommandError(f"พบหน่วยงานชื่อ {text} มากกว่าหนึ่งแห่ง กรุณาระบุรหัสหน่วยงาน")
    return matches[0]
