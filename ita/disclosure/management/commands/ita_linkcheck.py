"""Check OIT evidence links.

ita_linkcheck --urls-file urls.txt --site-domain example.go.th --year 2566 --json
    check a list of URLs (one per line), print one JSON object per line
ita_linkcheck --agency CODE --year 2566
    check every current evidence link of one agency's year and store the results
ita_linkcheck --due
    re-check every stored link whose scheduled check has come (run it daily from cron)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ita.disclosure.linkcheck import LinkJob, Settings, check_links_sync
from ita.disclosure.verdicts import STALE, Verdict, explain
from ita.lib.thai_dates import parse_fiscal_year


class Command(BaseCommand):
    help = "ตรวจลิงก์หลักฐาน OIT (ลิงก์เสีย ต้องเข้าสู่ระบบ ไม่อยู่บนเว็บไซต์หลัก ข้อมูลปีเก่า)"

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--urls-file", help="ไฟล์รายการ URL บรรทัดละหนึ่งรายการ (- = stdin)")
        source.add_argument("--agency", help="รหัสหน่วยงาน: ตรวจหลักฐานที่บันทึกไว้ของปีที่ระบุ")
        source.add_argument("--due", action="store_true", help="ตรวจลิงก์ที่ถึงกำหนดตรวจซ้ำ")
        parser.add_argument("--site-domain", default="", help="โดเมนเว็บไซต์หลักของหน่วยงาน")
        parser.add_argument("--year", help="ปีงบประมาณ พ.ศ. ที่ข้อมูลต้องระบุ")
        parser.add_argument("--json", action="store_true", help="พิมพ์ JSON บรรทัดละหนึ่ง URL")
        parser.add_argument("--rate", type=float, default=5.0, help="คำขอต่อวินาทีต่อโฮสต์")
        parser.add_argument("--concurrency", type=int, default=4, help="คำขอพร้อมกันต่อโฮสต์")
        parser.add_argument("--timeout", type=float, default=10.0, help="วินาทีต่อคำขอ")

    def handle(self, *args, **options):
        year = None
        if options["year"]:
            year = parse_fiscal_year(options["year"])
            if year is None:
                raise CommandError(f"ปีงบประมาณไม่ถูกต้อง: {options['year']}")
        settings = Settings(
            rate_per_host=options["rate"],
            concurrency_per_host=options["concurrency"],
            timeout=options["timeout"],
        )
        if options["urls_file"]:
            self._check_file(options, year, settings)
        else:
            self._check_stored(options, year, settings)

    def _check_file(self, options, year, settings):
        path = options["urls_file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"เปิดไฟล์ไม่ได้: {exc}") from exc
        urls = [line.strip() for line in text.splitlines() if line.strip()]
        jobs = [LinkJob(url, options["site_domain"], year) for url in urls]
        started = time.monotonic()
        for result in check_links_sync(jobs, settings):
            if options["json"]:
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            else:
                self.stdout.write(self._line(result.url, result.verdict, result.detail, result))
        if not options["json"]:
            self.stderr.write(f"ตรวจ {len(urls)} URL ใน {time.monotonic() - started:.1f} วินาที")

    def _line(self, url, verdict, detail, result) -> str:
        what, fix = explain(verdict, detail)
        stale = " · อาจเป็นข้อมูลปีก่อน" if STALE in result.warnings else ""
        label = Verdict(verdict).label
        return f"{label}{stale}\t{url}\t{what}{(' — ' + fix) if fix else ''}"

    def _check_stored(self, options, year, settings):
        from ita.agencies.models import Agency
        from ita.disclosure import checks

        if options["due"]:
            stored = checks.check_due(settings)
        else:
            if year is None:
                raise CommandError("ต้องระบุ --year คู่กับ --agency")
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"ไม่พบหน่วยงานรหัส {options['agency']}")
            stored = checks.check_agency(agency, year, settings)
        for check in stored:
            if options["json"]:
                row = {
                    "url": check.link.url,
                    "verdict": check.verdict,
                    "status": check.status,
                    "final_url": check.final_url,
                    "warnings": check.warnings,
                }
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                self.stdout.write(self._line(check.link.url, check.verdict, check.detail, check))
        if not options["json"]:
            self.stderr.write(f"ตรวจและบันทึกผลแล้ว {len(stored)} ลิงก์")
