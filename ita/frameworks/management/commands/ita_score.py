import json
import sys

from django.core.management.base import BaseCommand

from ita.frameworks.cli import parse_assignments, score_payload, spec_for
from ita.frameworks.scoring import ScoringError
from ita.frameworks.spec import FrameworkError
from ita.lib.thai_dates import parse_fiscal_year


class Command(BaseCommand):
    help = (
        "คำนวณคะแนนรวมและระดับผลการประเมินจากคะแนนรายตัวชี้วัด เช่น "
        "ita_score --year 2565 1=86.07 2=76.72 … 10=37.50 (หรือระบุผลข้อ OIT เช่น O36=0)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ. (รับเลขไทยได้)")
        parser.add_argument("scores", nargs="*", help="ตัวชี้วัด=คะแนน หรือ Oxx=0/1")
        parser.add_argument("--json", action="store_true", help="(ค่าเริ่มต้น) พิมพ์เป็น JSON")
        parser.add_argument("--thai-digits", action="store_true", help="พิมพ์ตัวเลขเป็นเลขไทย")

    def handle(self, *args, **options):
        try:
            year = parse_fiscal_year(options["year"])
            if year is None:
                raise ScoringError(f"ปีงบประมาณ '{options['year']}' ไม่ถูกต้อง")
            governing = spec_for(year)
            data = parse_assignments(governing.spec, options["scores"])
            payload = score_payload(governing.spec, data, thai_digits=options["thai_digits"])
        except (ScoringError, FrameworkError) as exc:
            # One Thai line on stderr and a non-zero exit: scripts test the exit code.
            sys.stderr.write(f"ผิดพลาด: {exc}\n")
            sys.exit(2)
        payload["fiscal_year"] = year
        # A year scored with a framework declared for it says so, to scripts and to people.
        payload["provisional"] = governing.provisional
        payload["notice"] = governing.notice
        if governing.notice:
            sys.stderr.write(f"หมายเหตุ: {governing.notice}\n")
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
