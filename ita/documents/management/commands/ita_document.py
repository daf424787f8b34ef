"""python manage.py ita_document o42|memo|o43 --agency ID_OR_NAME --year 2565 --format docx|pdf
--output PATH [--round 6|12]: render one official document from the database (the registered
builder); --round picks the O43 report of one round.
python manage.py ita_document province --province NAME --year 2562: the province summary report
(documents.province's builder, which the oversight app registers; --province takes the name or
the ISO code). Without --output the file is written to the current directory under the
document's own name; --out is accepted as the short form (argparse prefixes)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Q

from ita.agencies.models import Agency, Province
from ita.documents import batch as batches
from ita.documents.content import Kind
from ita.documents.models import DocumentKind
from ita.documents.province import province_builder
from ita.lib.commands import ผิดพลาด as CommandError
from ita.lib.thai_dates import parse_fiscal_year
from ita.lib.thai_text import to_arabic_digits

KINDS = (*DocumentKind.values, Kind.PROVINCE.value)


class Command(BaseCommand):
    help = (
        "สร้างเอกสารราชการ (รายงานการวิเคราะห์ผล บันทึกขออนุมัติ รายงานผลการดำเนินการ) "
        "ของหน่วยงานหนึ่ง หรือรายงานสรุปผลระดับจังหวัด เป็น DOCX หรือ PDF"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="o42 | memo | o43 | province")
        parser.add_argument("--agency", help="รหัส เลขที่ หรือชื่อหน่วยงาน (o42, memo, o43)")
        parser.add_argument("--province", help="ชื่อ รหัส หรือเลขที่จังหวัด (province)")
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. เช่น 2565")
        parser.add_argument("--format", dest="fmt", default="pdf", help="docx | pdf")
        parser.add_argument("--output", help="ไฟล์ที่จะเขียน (ไม่ระบุ = ชื่อของเอกสาร)")
        parser.add_argument(
            "--round", dest="round_month", help="รอบรายงานของ O43 (เดือน): 6 หรือ 12 (หรือ 1, 3, 9)"
        )

    def handle(self, *args, kind, year, fmt, output=None, **options):
        if kind not in KINDS:
            raise CommandError(f"ไม่รู้จักเอกสาร {kind} (ใช้ได้: {', '.join(KINDS)})")
        if fmt not in ("docx", "pdf"):
            raise CommandError(f"รูปแบบไฟล์ต้องเป็น docx หรือ pdf ไม่ใช่ {fmt}")
        fiscal_year = parse_fiscal_year(year)
        if fiscal_year is None:
            raise CommandError(f"ปีงบประมาณไม่ถูกต้อง: {year}")
        if kind == Kind.PROVINCE:
            doc = _province_document(options.get("province"), fiscal_year)
        else:
            doc = _agency_document(kind, options, fiscal_year)
        path = Path(output or f"{doc.file_stem()}.{fmt}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(batches.render(doc, fmt))
        self.stdout.write(f"เขียน {path} แล้ว")


def _agency_document(kind: str, options: dict, fiscal_year: int):
    extra = {}
    round_month = options.get("round_month")
    if round_month is not None:
        month = to_arabic_digits(str(round_month)).strip()
        if kind != "o43":
            raise CommandError("--round ใช้ได้เฉพาะรายงานผลการดำเนินการ (o43)")
        if month not in ("1", "3", "6", "9", "12"):
            raise CommandError(f"รอบรายงานต้องเป็น 1, 3, 6, 9 หรือ 12 เดือน ไม่ใช่ {round_month}")
        extra["round_month"] = int(month)
    if not options.get("agency"):
        raise CommandError(f"เอกสาร {kind} ต้องระบุหน่วยงาน (--agency)")
    build = batches.builder_for(kind)
    if build is None:
        raise CommandError(f"ระบบยังสร้างเอกสารประเภท {kind} ไม่ได้")
    return _built(build, _agency(options["agency"]), fiscal_year, **extra)


def _province_document(text: str | None, fiscal_year: int):
    if not text:
        raise CommandError("รายงานระดับจังหวัดต้องระบุจังหวัด (--province)")
    build = province_builder()
    if build is None:
        raise CommandError("ระบบยังสร้างรายงานระดับจังหวัดไม่ได้")
    return _built(build, _province(text), fiscal_year)


def _built(build, target, fiscal_year: int, **extra):
    try:
        return build(target, fiscal_year, **extra)
    except (LookupError, ValueError) as exc:  # builders say in Thai what is missing
        raise CommandError(str(exc)) from exc


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


def _province(text: str) -> Province:
    """A province by name ("แม่ฮ่องสอน" or "จังหวัดแม่ฮ่องสอน", or in English) or by its ISO
    code ("58"; Thai digits read), never by row number: the two would collide."""
    text = text.strip()
    name = text.removeprefix("จังหวัด").strip()
    query = Q(name=name) | Q(name_en__iexact=name) | Q(code=to_arabic_digits(text))
    province = Province.objects.filter(query).first()
    if province is None:
        raise CommandError(f"ไม่พบจังหวัด {text}")
    return province
