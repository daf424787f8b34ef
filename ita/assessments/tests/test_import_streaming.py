"""Issue 10, finding 5: imports read as a stream. A 500,000-row workbook or CSV is refused at the
row cap without reading the rest (memory bounded: the old reader held every row, 77 MB traced
for the workbook below, 23 s), a file past the upload limit is refused at the limit (a 50 MB CSV
never reaches the importer), and an XLSX that inflates far past its size is refused from its zip
directory before openpyxl opens it. Every refusal is the Thai message and changes nothing.
Precise figures: bench/uploads.py."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.urls import reverse

from ita.assessments import importing
from ita.assessments.importing import MAX_ROWS, ImportFileError, import_results, read_table
from ita.assessments.models import Assessment, ResultImport
from ita.assessments.tests.test_import import HEADER, SCORES_2566, csv_bytes, only_error
from ita.audit.models import AuditEvent
from ita.lib import uploads
from ita.lib.tests.samples import big_xlsx, padded_xlsx

MB = 1024 * 1024
BOUND = 30 * MB  # traced peak; the whole-file reader needed 77 MB for the workbook below


@pytest.fixture(scope="session")
def rows_500k(tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "500k.xlsx"
    path.write_bytes(big_xlsx(500_000))
    return path


@pytest.fixture(scope="session")
def csv_500k(tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "500k.csv"
    row = ",".join(["T-OWN", "", "2566", *["1"] * 10])  # short rows: 16 MB, within the limit
    path.write_bytes(csv_bytes([HEADER]) + ((row + "\r\n") * 500_000).encode())
    return path


def peak_of(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        try:
            outcome = call()
        except ImportFileError as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def nothing_changed() -> bool:
    return not (
        Assessment.objects.exists() or ResultImport.objects.exists() or AuditEvent.objects.exists()
    )


def test_a_500000_row_workbook_is_refused_at_the_row_cap_in_bounded_memory(rows_500k):
    content = rows_500k.read_bytes()
    refusal, peak = peak_of(lambda: read_table("ผล.xlsx", content))
    assert isinstance(refusal, ImportFileError)
    assert f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว" in str(refusal)
    assert peak < BOUND, f"{peak / MB:.1f} MB"


def test_a_500000_row_csv_is_refused_at_the_row_cap_in_bounded_memory(csv_500k):
    content = csv_500k.read_bytes()
    assert len(content) < 20 * MB  # within the upload limit: the row cap is what stops it
    refusal, peak = peak_of(lambda: read_table("ผล.csv", content))
    assert f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว" in str(refusal)
    assert peak < BOUND + len(content), f"{peak / MB:.1f} MB"


@pytest.mark.django_db
def test_the_500000_row_workbook_through_the_page_changes_nothing(client, world, rows_500k):
    upload = io.BytesIO(rows_500k.read_bytes())
    upload.name = "ผลทั้งประเทศ.xlsx"
    client.force_login(world.officer)
    response = client.post(reverse("import_results"), {"file": upload})
    assert response.status_code == 200
    assert f"ไฟล์มีข้อมูลเกิน {MAX_ROWS:,} แถว" in response.content.decode()
    assert nothing_changed()


@pytest.mark.django_db
def test_a_50_mb_csv_is_refused_at_the_upload_limit_and_changes_nothing(client, world):
    row = ",".join(["T-OWN", "", "2566", *SCORES_2566]) + "\r\n"
    content = csv_bytes([HEADER]) + row.encode() * (50 * MB // len(row))
    upload = io.BytesIO(content)
    upload.name = "ผล.csv"
    client.force_login(world.officer)
    response = client.post(reverse("import_results"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "ไฟล์ ผล.csv มีขนาด 50 MB เกินขนาดที่รับได้ (ไม่เกิน 20 MB)" in body
    assert nothing_changed()
    # called without the page (the importer's own check), the same limit and message
    outcome = import_results(acting_user=world.officer, filename="ผล.csv", content=content)
    error = only_error(outcome)
    assert "เกินขนาดที่รับได้ (ไม่เกิน 20 MB)" in error.message
    assert nothing_changed()


def test_a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_opened(monkeypatch):
    content = padded_xlsx(60 * MB)
    assert len(content) < MB

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(uploads, "StreamedWorkbook", never)
    with pytest.raises(ImportFileError, match="ขยายออกแล้วใหญ่เกิน 50 MB"):
        read_table("ผล.xlsx", content)


def test_a_workbook_packed_far_tighter_than_any_spreadsheet_is_refused(monkeypatch):
    content = padded_xlsx(20 * MB)  # within the size, but 1:1000 packed
    monkeypatch.setattr(uploads, "StreamedWorkbook", None)
    with pytest.raises(ImportFileError, match="ถูกบีบอัดผิดปกติ"):
        read_table("ผล.xlsx", content)


def test_a_sheet_of_a_million_blank_rows_is_not_walked_to_the_end():
    content = big_xlsx(1, first_data_row=1_000_000)  # one cell far below the header
    refusal, peak = peak_of(lambda: read_table("ผล.xlsx", content))
    assert "ไฟล์มีเกิน 100,000 แถว (นับแถวว่างด้วย)" in str(refusal)
    assert peak < BOUND


def test_a_wide_row_is_read_only_to_the_column_cap():
    cells = [*HEADER, *(f"x{n}" for n in range(5_000))]
    table = read_table("ผล.csv", csv_bytes([cells, ["T-OWN", "", "2566", *SCORES_2566]]))
    assert len(table.header) == importing.MAX_COLUMNS and table.header[:13] == HEADER


def test_a_tis620_csv_is_still_read_after_utf8_fails_late():
    rows = [HEADER, *[["T-OWN", "", "2566", *SCORES_2566]] * 3, ["T-OWN", "เทศบาล", "2566"]]
    table = read_table("ผล.csv", csv_bytes(rows, encoding="cp874"))
    assert table.header == HEADER and table.rows[-1][1][1] == "เทศบาล"


@pytest.mark.django_db
def test_an_old_xls_is_refused_by_content_on_the_page(client, world):
    upload = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)  # OLE2: Excel 97
    upload.name = "ผล.xlsx"
    client.force_login(world.officer)
    body = client.post(reverse("import_results"), {"file": upload}).content.decode()
    assert "ไฟล์ ผล.xlsx ไม่ใช่ชนิดที่รับ" in body and "Excel (.xlsx), CSV (.csv)" in body
    assert nothing_changed()
