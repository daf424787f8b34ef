from pathlib import Path

from django.core.management.base import BaseCommand

from ita.lib.commands import refuse, report
from ita.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "กู้คืนข้อมูลจากไฟล์ที่สร้างด้วย ita_backup: ตรวจค่า SHA-256 ของทุกไฟล์ก่อน "
        "แล้วกู้คืนเข้าฐานข้อมูลว่างเท่านั้น (สร้างด้วย manage.py migrate) ไฟล์เสียหายหรือฐานข้อมูลไม่ว่าง "
        "จะไม่กู้คืนและจบด้วยรหัส 2"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="ไฟล์สำรอง .tar.gz")
        parser.add_argument(
            "--force",
            action="store_true",
            help="ลบข้อมูลเดิมทั้งหมดในฐานข้อมูลก่อนกู้คืน และเขียนทับไฟล์อัปโหลดที่ชื่อซ้ำ",
        )
        parser.add_argument("--json", action="store_true", help="พิมพ์สรุปเป็น JSON")

    def handle(self, *args, **options):
        try:
            summary = restore_backup(options["archive"], force=options["force"])
        except BackupError as exc:
            refuse(self, str(exc), as_json=options["json"])
        if options["json"]:
            report(self, summary)
            return
        rows = sum(summary.tables.values())
        self.stdout.write(f"กู้คืนแล้วจาก {summary.archive} (ตรวจ SHA-256 ครบทุกไฟล์)")
        self.stdout.write(
            f"{rows:,} แถว · ไฟล์อัปโหลด {summary.files:,} ไฟล์ "
            f"({summary.file_bytes / 1_000_000:.1f} MB)"
        )
