"""Benchmark: what an oversized upload or import costs the web process (issue 10, findings 5, 6).

Each request goes through Django's request handling (middleware, upload handlers, the form, the
view) with its body streamed from a generator, never held by this script, so the process's
memory is the server's. Memory is the resident set (VmRSS) sampled every 2 ms during the
request, minus what it was before; time is wall-clock. A throwaway database (the test database
of DATABASE_URL, SQLite by default) holds one agency, its officer and an opened OIT year.

    .venv/bin/python bench/uploads.py
    .venv/bin/python bench/uploads.py --skip-old    # leave out the old reader's 20-second run

Figures (the last lines):
  1. a 60 MB OIT evidence upload, with the upload policy and with Django's default handlers
     (what ran before: accepted, 60 MB written to disk);
  2. a 50 MB CSV posted to the result import (refused at the 20 MB limit);
  3. a 500,000-row XLSX posted to the result import (refused at the 10,000-row cap), and the
     same file through the old reader (openpyxl read_only, every row listed first).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita.settings")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
MB = 1024 * 1024
BOUNDARY = "----ita-bench-boundary"


def rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class Peak:
    """The highest resident set seen while the block runs, above the level before it."""

    def __enter__(self):
        self.base = self.top = rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        self.start = time.perf_counter()
        return self

    def _sample(self):
        while self.running:
            self.top = max(self.top, rss())
            time.sleep(0.002)

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.running = False
        self.thread.join()
        self.top = max(self.top, rss())
        self.grew = self.top - self.base


class Body(io.RawIOBase):
    """A multipart body produced as it is read: text fields, then one file of `size` bytes that
    starts with `head` (and is padded with `pad`)."""

    def __init__(self, fields: dict[str, str], filename: str, head: bytes, size: int, pad=b"0"):
        part = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        part += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        self.pieces = [part.encode(), head]
        self.padding = size - len(head)
        self.pad = pad
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.pieces[0]) + size + len(self.tail)
        self.buffer = b""

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.length if n is None or n < 0 else n
        while len(self.buffer) < n and (self.pieces or self.padding or self.tail):
            if self.pieces:
                self.buffer += self.pieces.pop(0)
            elif self.padding:
                take = min(self.padding, 1 * MB)
                self.buffer += (self.pad * (take // len(self.pad) + 1))[:take]
                self.padding -= take
            else:
                self.buffer += self.tail
                self.tail = b""
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out


def post(handler, cookie: str, path: str, body: Body):
    from django.test.client import RequestFactory

    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="POST", CONTENT_LENGTH=str(body.length),
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}", HTTP_COOKIE=cookie,
        **{"wsgi.input": body},
    )  # fmt: skip
    return handler(environ)


def world(media: Path):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ita.agencies.models import Agency, AgencyType, District, Membership, Province
    from ita.agencies.reference import load_provinces
    from ita.disclosure import actions
    from ita.frameworks.actions import load_frameworks

    settings.MEDIA_ROOT = media
    load_provinces(Province, District)
    load_frameworks()
    province = Province.objects.get(name="แม่ฮ่องสอน")
    agency = Agency.objects.create(
        code="B-1", name="เทศบาลทดสอบ", agency_type=AgencyType.TOWN_MUNICIPALITY,
        province=province, website="http://127.0.0.1:9",
    )  # fmt: skip
    officer = get_user_model().objects.create_user(username="bench", password="x-bench-1")
    Membership.objects.create(user=officer, role="officer", agency=agency)
    item = actions.open_year(acting_user=officer, agency=agency, fiscal_year=2566).items.get(
        item__code="O1"
    )
    client = Client()
    client.force_login(officer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return item, cookie


def stored_bytes(media: Path) -> int:
    return sum(p.stat().st_size for p in media.rglob("*") if p.is_file()) if media.exists() else 0


def upload_60mb(handler, cookie, item, media, *, policy: bool):
    from django.test import override_settings
    from django.urls import reverse

    handlers = None if policy else [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]  # fmt: skip
    body = Body({"urls": "", "explanation": "x"}, "รายงาน.pdf", b"%PDF-1.4\n", 60 * MB)
    before = stored_bytes(media)
    with override_settings(**({"FILE_UPLOAD_HANDLERS": handlers} if handlers else {})):
        if not policy:  # the field as it was: a plain FileField
            from django import forms

            from ita.disclosure.forms import EvidenceForm

            EvidenceForm.base_fields["file"] = forms.FileField(required=False)
        with Peak() as peak:
            response = post(handler, cookie, reverse("disclosure:add_evidence", args=[item.pk]),
                            body)  # fmt: skip
    refused = "เกินขนาดที่รับได้" in response.content.decode()
    return peak, response.status_code, refused, stored_bytes(media) - before


def import_post(handler, cookie, filename: str, head: bytes, size: int, pad: bytes):
    from django.urls import reverse

    body = Body({}, filename, head, size, pad)
    with Peak() as peak:
        response = post(handler, cookie, reverse("import_results"), body)
    page = response.content.decode()
    return peak, response.status_code, page


def old_reader(content: bytes):
    from openpyxl import load_workbook

    with Peak() as peak:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    return peak, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-old", action="store_true", help="leave out the old reader")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.client import ClientHandler
    from django.test.utils import setup_test_environment

    from ita.lib.tests.samples import big_xlsx

    lines = []
    with tempfile.TemporaryDirectory(prefix="ita-bench-") as tmp:
        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            media = Path(tmp) / "media"
            item, cookie = world(media)
            handler = ClientHandler(enforce_csrf_checks=False)
            header = "รหัสหน่วยงาน,ชื่อหน่วยงาน,ปีงบประมาณ," + ",".join(
                f"ตัวชี้วัดที่ {n}" for n in range(1, 11)
            )
            row = b"B-1,,2566,1,1,1,1,1,1,1,1,1,1\r\n"
            import_post(handler, cookie, "warm.csv", (header + "\r\n").encode(), 200, b" ")

            peak, status, page = import_post(
                handler, cookie, "ผล.csv", (header + "\r\n").encode("utf-8-sig"), 50 * MB, row
            )
            refused = "เกินขนาดที่รับได้ (ไม่เกิน 20 MB)" in page
            lines.append(
                f"50 MB CSV posted to the result import: HTTP {status}, refused at the limit "
                f"{'yes' if refused else 'NO'}, {peak.seconds:.2f} s, "
                f"+{peak.grew / MB:.0f} MB resident"
            )

            xlsx = big_xlsx(500_000)
            with Peak() as new_read:
                from ita.assessments.importing import ImportFileError, read_table

                with contextlib.suppress(ImportFileError):
                    read_table("ผล.xlsx", xlsx)
            peak, status, page = import_post(handler, cookie, "ผล.xlsx", xlsx, len(xlsx), b"\x00")
            refused = "ไฟล์มีข้อมูลเกิน 10,000 แถว" in page
            lines.append(
                f"500,000-row XLSX ({len(xlsx) / MB:.1f} MB) posted to the result import: "
                f"HTTP {status}, refused at the row cap {'yes' if refused else 'NO'}, "
                f"{peak.seconds:.2f} s, +{peak.grew / MB:.0f} MB resident "
                f"(the reader alone: {new_read.seconds:.2f} s, +{new_read.grew / MB:.0f} MB)"
            )

            peak, status, refused, stored = upload_60mb(handler, cookie, item, media, policy=True)
            lines.append(
                f"60 MB OIT evidence upload, upload policy: HTTP {status}, refused "
                f"{'yes' if refused else 'NO'}, {peak.seconds:.2f} s, "
                f"+{peak.grew / MB:.0f} MB resident, {stored / MB:.0f} MB stored"
            )
            peak, status, refused, stored = upload_60mb(handler, cookie, item, media, policy=False)
            lines.append(
                f"60 MB OIT evidence upload, Django's default handlers and a plain FileField "
                f"(before): HTTP {status}, refused {'yes' if refused else 'no'}, "
                f"{peak.seconds:.2f} s, +{peak.grew / MB:.0f} MB resident, "
                f"{stored / MB:.0f} MB stored"
            )
            if not args.skip_old:
                peak, count = old_reader(xlsx)
                lines.append(
                    f"the same XLSX through the old reader (every row listed before the cap): "
                    f"{count:,} rows, {peak.seconds:.1f} s, +{peak.grew / MB:.0f} MB resident"
                )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} (other work slows it)")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
