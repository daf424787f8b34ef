import sys

from django.core.management.base import BaseCommand

from ita.frameworks.actions import load_frameworks
from ita.frameworks.spec import FrameworkError


class Command(BaseCommand):
    help = "โหลดกรอบการประเมินจากไฟล์ YAML ใน ita/frameworks/data (รันซ้ำได้)"

    def handle(self, *args, **options):
        try:
            report = load_frameworks()
        except FrameworkError as exc:
            sys.stderr.write(f"ผิดพลาด: {exc}\n")
            sys.exit(2)
        for label, codes in (
            ("เพิ่มใหม่", report.created),
            ("ปรับปรุง", report.updated),
            ("ไม่เปลี่ยนแปลง", report.unchanged),
        ):
            if codes:
                self.stdout.write(f"{label}: {', '.join(codes)}")
        if report.declared:
            years = ", ".join(str(year) for year in report.declared)
            self.stdout.write(f"ประกาศใช้กรอบชั่วคราวสำหรับปีงบประมาณ: {years}")
