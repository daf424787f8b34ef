import json
import sys
import time

from django.core.management.base import BaseCommand

from ita.demo.agencies import build_demo, format_summary
from ita.frameworks.scoring import ScoringError
from ita.frameworks.spec import FrameworkError


class Command(BaseCommand):
    help = (
        "สร้างข้อมูลตัวอย่าง: หน่วยงานในเอกสารต้นแบบพร้อมคะแนนที่เผยแพร่ จังหวัดแม่ฮ่องสอนจำลอง "
        "85 หน่วยงาน ผลการประเมินปีงบประมาณ 2562–2567 และผู้ใช้ตัวอย่างทุกบทบาท (รันซ้ำได้)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="พิมพ์สรุปเป็น JSON (จำนวนหน่วยงาน ผล และผู้ใช้)"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = build_demo()
        except (FrameworkError, ScoringError, LookupError) as exc:
            sys.stderr.write(f"ผิดพลาด: {exc}\n")
            sys.exit(2)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        for line in format_summary(report):
            self.stdout.write(line)
        self.stdout.write(f"ใช้เวลา {time.monotonic() - started:.1f} วินาที")
