"""Content → HTML → PDF in Chromium: real Thai text (pdftotext), embedded fonts (pdffonts), no
missing glyph, several pages with the table header repeated."""

import subprocess
from pathlib import Path

from fontTools.ttLib import TTFont

from ita.documents.content import BulletList, NumberedList, Paragraph, Table, plain
from ita.documents.render_html import render_html
from ita.documents.tests import records
from ita.lib.fonts import FONT_DIR


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", *pages, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def test_o42_pdf_has_the_thai_headings_as_text(o42_pdf):
    text = pdftotext(o42_pdf)
    for heading in (
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
        "๑. ความเป็นมา",
        "๓. การวิเคราะห์ผลการประเมิน ITA",
        "๓.๑ ตัวชี้วัดที่เป็นจุดแข็ง",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
    ):
        assert heading in text, heading
    assert "การวิเคราะห์ผลการประเมิน" in text
    assert "๗๑.๐๓" in text and "O36" in text
    assert "\ufffd" not in text


def test_o42_pdf_embeds_its_fonts(o42_pdf):
    out = subprocess.run(["pdffonts", str(o42_pdf)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Sarabun" in row, row  # no fallback font: every glyph came from Sarabun
        assert row.split()[-5] == "yes", row  # emb


def test_o42_pdf_is_a_report_of_several_pages_with_the_header_repeated(o42_pdf):
    count = pages(o42_pdf)
    assert 8 <= count <= 12  # seed 002 is a report of about ten pages
    # the measures table runs over two pages; its header row is printed on both
    with_header = [n for n in range(1, count + 1) if "ขั้นตอน/วิธีการปฏิบัติ" in pdftotext(o42_pdf, n, n)]
    assert len(with_header) == 2 and with_header[1] == with_header[0] + 1


def test_o43_table_header_repeats_on_page_two(o43_pdf):
    assert pages(o43_pdf) > 1
    first, second = pdftotext(o43_pdf, 1, 1), pdftotext(o43_pdf, 2, 2)
    for header in ("วิธีการดำเนินการ", "ผลการดำเนินการ", "ผลลัพธ์", "หมายเหตุ"):
        assert header in first and header in second, header


def _texts(doc):
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield plain(block.text)
        elif isinstance(block, BulletList | NumberedList):
            yield from (plain(i) for i in block.items)
        elif isinstance(block, Table):
            yield from (c.header for c in block.columns)
            yield from (plain(p) for row in block.rows for c in row for p in c.paragraphs)


def test_every_character_of_the_documents_has_a_glyph():
    cmap = TTFont(FONT_DIR / "Sarabun-Regular.ttf").getBestCmap()
    docs = [records.o42(), records.memo(), records.o43()]
    text = "".join(t for doc in docs for t in _texts(doc)) + "๐๑๒๓๔๕๖๗๘๙"
    missing = {ch for ch in text if ord(ch) not in cmap and not ch.isspace()}
    assert not missing


def test_html_uses_sarabun_not_a_th_sarabun_family_and_thai_page_numbers():
    html = render_html(records.o42())
    assert 'font-family: "ITA Sarabun"' in html
    assert "TH Sarabun" not in html
    assert "counter(page, thai)" in html
    assert "size: A4 portrait" in html
    assert "size: A4 landscape" in render_html(records.o43())
