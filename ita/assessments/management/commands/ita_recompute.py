from django.core.management.base import BaseCommand

from ita.assessments.recompute import recompute_results
from ita.lib.commands import report


class Command(BaseCommand):
    help = (
        "คำนวณคะแนนรวม คะแนนรายเครื่องมือ และระดับผลของทุกผลการประเมินใหม่จากคะแนนรายตัวชี้วัดที่บันทึกไว้ "
        "บันทึกเฉพาะผลที่เปลี่ยน พร้อมประวัติผลการประเมินและบันทึกการเปลี่ยนแปลง (รันซ้ำได้)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", help="เฉพาะปีงบประมาณนี้ (ระบุซ้ำได้หลายปี)"
        )
        parser.add_argument("--json", action="store_true", help="พิมพ์สรุปเป็น JSON")

    def handle(self, *args, **options):
        outcome = recompute_results(acting_user=None, fiscal_years=options["year"])
        if options["json"]:
            report(self, outcome)
            return
        self.stdout.write(f"ตรวจ {outcome.checked:,} ผล · คำนวณใหม่และบันทึก {outcome.changed:,} ผล")
        for pk, message in outcome.problems:
            self.stdout.write(f"ผลการประเมินรหัส {pk}: {message}")
