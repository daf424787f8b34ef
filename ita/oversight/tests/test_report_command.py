"""`ita_document province` from the shell: the file, and a Thai line on stderr with a non-zero
exit code when the province is unknown or has no result that year. run_from_argv is what
manage.py calls, so the exit code and stderr are the shell's."""

from __future__ import annotations

import io

import docx
import pytest

from ita.documents.management.commands.ita_document import Command
from ita.oversight.tests.conftest import build_province

pytestmark = pytest.mark.django_db


def run(*args) -> int:
    try:
        Command().run_from_argv(["manage.py", "ita_document", *args])
    except SystemExit as exit:
        return exit.code
    return 0


def test_the_command_writes_the_province_report(world, tmp_path, capsys):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    out = tmp_path / "จังหวัด.docx"
    # --out is argparse's prefix of --output; the year in Thai digits as an officer types it
    code = run("province", "--province", "จังหวัดแม่ฮ่องสอน", "--year", "๒๕๖๒",
               "--format", "docx", "--out", str(out))  # fmt: skip
    assert code == 0, capsys.readouterr().err
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "จังหวัดแม่ฮ่องสอน" in text and "ปีงบประมาณ พ.ศ. ๒๕๖๒" in text
    assert f"เขียน {out} แล้ว" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "ไม่มีจังหวัดนี้", "--year", "2562"], "ผิดพลาด: ไม่พบจังหวัด ไม่มีจังหวัดนี้"),
        (["--province", "มุกดาหาร", "--year", "2562"],
         "ผิดพลาด: จังหวัดมุกดาหารยังไม่มีผลการประเมินปีงบประมาณ 2562"),
        (["--year", "2562"], "ผิดพลาด: รายงานระดับจังหวัดต้องระบุจังหวัด (--province)"),
        (["--province", "มุกดาหาร", "--year", "abc"], "ผิดพลาด: ปีงบประมาณไม่ถูกต้อง: abc"),
    ],
)  # fmt: skip
def test_refusals_exit_non_zero_with_one_thai_line(world, tmp_path, capsys, args, message):
    out = tmp_path / "x.pdf"
    assert run("province", *args, "--output", str(out)) != 0
    assert capsys.readouterr().err.strip() == message
    assert not out.exists()
