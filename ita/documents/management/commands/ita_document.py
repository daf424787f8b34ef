"""python manage.py ita_document o42|memo|o43 --agency ID_OR_NAME --year 2565 --format docx|pdf
--output PATH: render one official document from the database (the registered builder)."""

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
    help = "สร้างเอกสารราชการ (O42 บันทึกขออนุมัติ O43) ของหน่วยงานหนึ่งเป็น DOCX หรือ PDF"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="o42 | memo | o43")
        parser.add_argument("--agency", required=True, help="รหัส เลขที่ หรือชื่อหน่วยงาน")
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2565")
        parser.add_argument("--format", dest="fmt", default="pdf", help="docx | pdf")
        parser.add_argument("--output", required=True, help="ไฟล์ที่จะเขียน")

    def handle(self, *args, kind, agency, year, fmt, output, **options):
        if kind not in DocumentKind.values:
            raise CommandError(f"ไม่รู้จักเอกสาร {kind} (ใช้ได้: {', '.join(DocumentKind.values)})")
        if fmt not in ("docx", "pdf"):
            raise CommandError(f"รูปแบบไฟล์ต้องเป็น docx หรือ pdf ไม่ใช่ {fmt}")
        fiscal_year = parse_fiscal_year(year)
        if fiscal_year is None:
            raise CommandError(f"ปีงบประมาณไม่ถูกต้อง: {year}")
        build = batches.builder_for(kind)
        if build is None:
            raise CommandError(f"ระบบยังสร้างเอกสารประเภท {kind} ไม่ได้")
        target = _agency(agency)
        try:
            doc = build(target, fiscal_year)
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
