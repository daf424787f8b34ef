from django.core.management.base import BaseCommand

from ita.lib.commands import report
from ita.notifications.digest import send_daily_digest


class Command(BaseCommand):
    help = "ส่งอีเมลสรุปการแจ้งเตือนประจำวัน (คนละหนึ่งฉบับ รันซ้ำไม่ส่งซ้ำ)"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="พิมพ์จำนวนเป็น JSON")

    def handle(self, *args, **options):
        summary = send_daily_digest()
        if options["json"]:
            report(self, summary)
            return
        self.stdout.write(
            f"ส่งอีเมลสรุป {summary.emails} ฉบับ รวม {summary.notifications} เรื่อง"
            + (f" ส่งไม่สำเร็จ {summary.failed} คน" if summary.failed else "")
        )
