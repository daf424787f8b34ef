from django.core.management.base import BaseCommand

from ita.lib.commands import refuse, report
from ita.ops.storage import StorageError, check


class Command(BaseCommand):
    help = (
        "ตรวจที่เก็บไฟล์ (โฟลเดอร์ MEDIA_ROOT หรือ S3 ตาม ITA_S3_BUCKET): เขียน อ่านกลับ และลบไฟล์ทดสอบ "
        "รันบนทุกเครื่องเว็บและ worker หลังติดตั้ง"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-bucket", action="store_true", help="สร้าง bucket ของ S3 หากยังไม่มี"
        )
        parser.add_argument("--json", action="store_true", help="พิมพ์สรุปเป็น JSON")

    def handle(self, *args, **options):
        try:
            summary = check(create_bucket=options["create_bucket"])
        except StorageError as exc:
            refuse(self, str(exc), as_json=options["json"])
        if options["json"]:
            report(self, summary)
            return
        made = " (สร้าง bucket ใหม่)" if summary.created_bucket else ""
        self.stdout.write(f"ที่เก็บไฟล์ใช้ได้: {summary.location}{made}")
