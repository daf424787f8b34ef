import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ita.lib.commands import refuse, report
from ita.ops.backup import BackupError, create_backup


def default_output() -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"ita-backup-{stamp}.tar.gz"


class Command(BaseCommand):
    help = (
        "สำรองข้อมูลทั้งระบบ: ทุกตารางในฐานข้อมูลและไฟล์ที่อัปโหลดทั้งหมด รวมเป็นไฟล์ .tar.gz "
        "ไฟล์เดียวพร้อมค่า SHA-256 ของทุกไฟล์ (กู้คืนด้วย ita_restore ได้ทั้ง SQLite และ PostgreSQL)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="ไฟล์ปลายทาง (ค่าเริ่มต้น var/backups/ita-backup-<เวลา>.tar.gz)"
        )
        parser.add_argument("--json", action="store_true", help="พิมพ์สรุปเป็น JSON")

    def handle(self, *args, **options):
        try:
            summary = create_backup(options["output"] or default_output())
        except (BackupError, OSError, DatabaseError) as exc:
            refuse(self, str(exc), as_json=options["json"])
        if options["json"]:
            report(self, summary)
            return
        rows = sum(summary.tables.values())
        self.stdout.write(f"สำรองข้อมูลแล้ว: {summary.archive}")
        self.stdout.write(
            f"{len(summary.tables)} ตาราง {rows:,} แถว · ไฟล์อัปโหลด {summary.files:,} ไฟล์ "
            f"({summary.file_bytes / 1_000_000:.1f} MB)"
        )
        self.stdout.write(f"SHA-256 ของไฟล์สำรอง: {summary.sha256}")
