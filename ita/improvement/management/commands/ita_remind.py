import datetime as dt
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from ita.improvement.reminders import send_reminders


class Command(BaseCommand):
    help = "ส่งอีเมลแจ้งเตือนรอบรายงานผลมาตรการที่ใกล้ครบกำหนดหรือเกินกำหนด (ตั้งเวลารันทุกวัน)"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="แจ้งล่วงหน้ากี่วัน (ค่าเริ่มต้น 14)")
        parser.add_argument("--today", help="วันที่อ้างอิง YYYY-MM-DD (ค.ศ.) สำหรับทดสอบ")

    def handle(self, *args, **options):
        try:
            today = (
                dt.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate()
            )
        except ValueError:
            sys.stderr.write("ผิดพลาด: วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD\n")
            sys.exit(2)
        sent = send_reminders(today, options["days"])
        self.stdout.write(f"ส่งอีเมลแจ้งเตือน {sent} ฉบับ")
