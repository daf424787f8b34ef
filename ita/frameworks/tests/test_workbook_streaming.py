"""Issue 10, finding 5 for the framework upload: a workbook sheet is read as a stream and refused
at its row cap (a sheet without <dimension> used to be walked whole by openpyxl before the first
row: 8 s and 56 MB traced for 500,000 rows), and the command line keeps the upload page's
policy (the one size limit, xlsx or yaml by content)."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from django.core.management import call_command

from ita.frameworks.workbook import MAX_ROWS, workbook_to_definition
from ita.lib.tests.samples import big_xlsx

MB = 1024 * 1024


def test_a_500000_row_sheet_is_refused_at_the_row_cap_in_bounded_memory():
    content = big_xlsx(500_000)
    tracemalloc.start()
    try:
        _, [problem] = workbook_to_definition(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"แผ่น Sheet มีเกิน {MAX_ROWS:,} แถว จึงไม่รับ" in problem.message
    assert peak < 20 * MB, f"{peak / MB:.1f} MB"


def refusal(path, capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        call_command("ita_framework_load", str(path), "--dry-run", "--json")
    assert exit_.value.code == 2
    return json.loads(capsys.readouterr().out)["error"]


@pytest.mark.django_db
def test_the_command_refuses_markup_named_yaml_and_a_file_past_the_limit(
    tmp_path, capsys, settings
):
    page = tmp_path / "ita-2570.yaml"
    page.write_bytes(b"<html><script>alert(1)</script></html>")
    assert "ระบบตรวจจากเนื้อไฟล์" in refusal(page, capsys)
    settings.UPLOAD_MAX_BYTES = MB
    large = tmp_path / "ita-2571.yaml"
    large.write_bytes(b"code: x\n" + b"#" * MB)
    assert "เกินขนาดที่รับได้ (ไม่เกิน 1 MB)" in refusal(large, capsys)
