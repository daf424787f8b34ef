import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from ita.frameworks.actions import UploadRefused, load_upload, preview_upload, system_specs
from ita.frameworks.upload import read_upload
from ita.lib import uploads


class Command(BaseCommand):
    help = (
        "ตรวจและโหลดกรอบการประเมินหนึ่งไฟล์ (XLSX จากแม่แบบ หรือ YAML) แบบเดียวกับหน้าอัปโหลด: "
        "พิมพ์ข้อผิดพลาดรายแถว หรือความแตกต่างจากกรอบฉบับก่อน แล้วโหลด (--dry-run ตรวจอย่างเดียว)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="ไฟล์ .xlsx หรือ .yaml")
        parser.add_argument("--json", action="store_true", help="พิมพ์ผลเป็น JSON")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจและแสดงความแตกต่าง ไม่บันทึก")

    def handle(self, *args, **options):
        path = Path(options["path"])
        as_json = options["json"]
        if not path.is_file():
            return self._refuse(f"ไม่พบไฟล์ {path}", as_json)
        # the upload page's policy: the one size limit, and xlsx or yaml by content
        if path.stat().st_size > uploads.max_bytes():
            return self._refuse(uploads.size_message(path.name, path.stat().st_size), as_json)
        with path.open("rb") as file:
            try:
                uploads.check(file, path.name, "framework")
            except ValidationError as exc:
                return self._refuse(" ".join(exc.messages), as_json)
        upload = read_upload(path.name, path.read_bytes(), known=system_specs())
        if not upload.ok:
            return self._refuse("ไฟล์มีข้อผิดพลาด ไม่ได้โหลดสิ่งใด", as_json, problems=upload.problems)
        preview = preview_upload(upload)
        if preview.refusal:
            return self._refuse(preview.refusal, as_json)
        status, done = "dry-run", "ตรวจแล้ว ไม่ได้บันทึก (--dry-run)"
        if not options["dry_run"]:
            try:
                outcome = load_upload(acting_user=None, upload=upload)
            except UploadRefused as exc:
                return self._refuse(str(exc), as_json)
            status, done = outcome.status, outcome.message
        spec = preview.spec
        if as_json:
            payload = {
                "ok": True,
                "framework": spec.code,
                "status": status,
                "checksum": upload.checksum,
                "diffs": [diff.as_json() for diff in preview.diffs],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        for diff in preview.diffs:
            self._print_diff(diff)
        self.stdout.write(f"กรอบ {spec.code}: {done}")

    def _print_diff(self, diff):
        self.stdout.write(f"== เทียบกับ {diff.against} ==")
        if diff.empty:
            self.stdout.write("  ไม่มีความแตกต่าง")
        for change in (*diff.meta, *diff.tools, *diff.indicators, *diff.levels):
            self.stdout.write(f"  {change.what}: {change.before} → {change.after}")
        for label, rows in (("เพิ่ม", diff.added), ("ไม่มีแล้ว", diff.removed)):
            if rows:
                self.stdout.write(f"  ข้อที่{label}: {', '.join(i.code for i in rows)}")
        for item in diff.changed:
            self.stdout.write(f"  ข้อ {item.code} เปลี่ยน: {', '.join(item.fields)}")
        for label, count in diff.change_counts.items():
            self.stdout.write(f"  {label}: {count} ข้อ")

    def _refuse(self, message, as_json, problems=()):
        if as_json:
            payload = {"ok": False, "error": message, "problems": [p.as_json() for p in problems]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        for problem in problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.write(f"ผิดพลาด: {message}\n")
        sys.exit(2)
