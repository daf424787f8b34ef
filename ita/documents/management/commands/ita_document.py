import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Q

from ita.agencies.models import Agency
from ita.documents.builders import BUILDERS
from ita.documents.content import Kind, Options
from ita.documents.rendering import FORMATS, render
from ita.improvement.models import Analysis
from ita.lib.thai_dates import parse_fiscal_year


class Refusal(Exception):
    pass


def find_agency(text: str) -> Agency:
    text = text.strip()
    if text.isdigit() and (agency := Agency.objects.filter(pk=int(text)).first()):
        return agency
    exact = Agency.objects.filter(Q(code=text) | Q(name=text))
    if exact.count() == 1:
        return exact.get()
    found = list(Agency.objects.filter(name__icontains=text)[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise Refusal(f"ไม่พบหน่วยงาน '{text}' (ระบุรหัส ชื่อ หรือเลขประจำหน่วยงาน)")
    names = ", ".join(a.name for a in found[:5])
    raise Refusal(f"พบหลายหน่วยงานที่ตรงกับ '{text}': {names} — กรุณาระบุให้ชัดเจนขึ้น")


class Command(BaseCommand):
    help = (
        "สร้างเอกสารราชการจากข้อมูลในระบบ: o42 (รายงานการวิเคราะห์ผล), memo (บันทึกข้อความขออนุมัติ), "
        "o43 (รายงานผลการดำเนินการ) ของหน่วยงานและปีงบประมาณของผลที่วิเคราะห์"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="o42, memo หรือ o43")
        parser.add_argument("--agency", required=True, help="รหัส ชื่อ หรือเลขประจำหน่วยงาน")
        parser.add_argument("--year", required=True, help="ปีงบประมาณของผลที่วิเคราะห์ เช่น 2565")
        parser.add_argument("--format", default="pdf", help="docx หรือ pdf")
        parser.add_argument("--output", required=True, help="ไฟล์ที่จะเขียน")
        parser.add_argument("--round", type=int, help="(o43) รายงานถึงรอบกี่เดือน เช่น 6 หรือ 12")
        parser.add_argument("--arabic-digits", action="store_true", help="ใช้เลขอารบิกแทนเลขไทย")

    def handle(self, *args, **o):
        try:
            path = self.write(o)
        except Refusal as exc:
            sys.stderr.write(f"ผิดพลาด: {exc}\n")
            sys.exit(2)
        self.stdout.write(str(path))

    def write(self, o) -> Path:
        try:
            kind = Kind(o["kind"].lower())
        except ValueError:
            raise Refusal(f"ไม่รู้จักเอกสาร '{o['kind']}' (ใช้ o42, memo หรือ o43)") from None
        if kind not in BUILDERS:
            raise Refusal(f"เอกสาร '{kind.value}' ยังสร้างจากคำสั่งนี้ไม่ได้")
        if o["format"] not in FORMATS:
            raise Refusal(f"ไม่รองรับรูปแบบ '{o['format']}' (ใช้ docx หรือ pdf)")
        year = parse_fiscal_year(o["year"])
        if year is None:
            raise Refusal(f"ปีงบประมาณ '{o['year']}' ไม่ถูกต้อง")
        agency = find_agency(o["agency"])
        analysis = Analysis.objects.filter(agency=agency, fiscal_year=year).first()
        if analysis is None:
            raise Refusal(f"{agency.name} ยังไม่มีการวิเคราะห์ผลการประเมินปีงบประมาณ {year}")
        options = Options(thai_digits=not o["arabic_digits"])
        if kind == Kind.O43:
            options = Options(thai_digits=not o["arabic_digits"], orientation="landscape")
            doc = BUILDERS[kind](analysis, round_month=o["round"], options=options)
        else:
            doc = BUILDERS[kind](analysis, options=options)
        output = Path(o["output"])
        if output.is_dir():
            output = output / f"{doc.file_stem()}.{o['format']}"
        try:
            output.write_bytes(render(doc, o["format"]))
        except OSError as exc:
            raise Refusal(f"เขียนไฟล์ {output} ไม่ได้: {exc.strerror}") from None
        return output
