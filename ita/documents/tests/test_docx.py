"""Content → DOCX → reopened with python-docx: text, Thai complex-script fonts, repeated
header rows, Thai digits applied except to verbatim text."""

import io

import docx
from docx.oxml.ns import qn

from ita.documents.content import Chart, Column, Document, Kind, Options, Table
from ita.documents.render_docx import FONT_NAME, render_docx
from ita.documents.tests import records


def reopen(doc):
    return docx.Document(io.BytesIO(render_docx(doc)))


def all_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_o42_text_headings_and_thai_digits():
    d = reopen(records.o42())
    text = all_text(d)
    assert "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส" in text
    assert "๑. ความเป็นมา" in text
    assert "๓.๒ จุดที่ต้องพัฒนา" in text
    assert "ได้คะแนนภาพรวม ๗๑.๐๓ คะแนน" in text
    assert "71.03" not in text
    # verbatim: item codes keep their digits
    assert "O36" in text and "O42" in text
    assert "ตัวชี้วัดที่ ๑๐ ข้อ O36, O37, O42, O43" in text
    assert "๑๖.๖๑" in text  # the drop from 87.64 found by hand in seed 002


def test_thai_digits_can_be_turned_off():
    text = all_text(reopen(records.o42(Options(thai_digits=False))))
    assert "ได้คะแนนภาพรวม 71.03 คะแนน" in text
    assert "๗๑.๐๓" not in text


def test_every_run_sets_the_complex_script_font_size_and_language():
    d = reopen(records.o42())
    runs = [r for p in d.paragraphs for r in p.runs if r.text.strip()]
    assert len(runs) > 100
    for r in runs:
        rpr = r._r.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == FONT_NAME
        assert fonts.get(qn("w:ascii")) == FONT_NAME
        assert rpr.find(qn("w:szCs")) is not None
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    bold = [r for r in runs if r.bold]
    assert bold and all(r._r.rPr.find(qn("w:bCs")) is not None for r in bold)
    normal = d.styles["Normal"].element.rPr
    assert normal.find(qn("w:rFonts")).get(qn("w:cs")) == FONT_NAME
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt


def test_page_is_a4_with_official_margins():
    section = reopen(records.o42()).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 2.0


def test_table_header_rows_repeat_on_every_page():
    d = reopen(records.o42())
    measures = next(t for t in d.tables if t.rows[0].cells[0].text == "มาตรการ/แนวทาง")
    assert measures.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert (
        measures.rows[1]._tr.trPr is None
        or measures.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    )
    assert len(measures.rows) == 1 + 8  # header + the eight measures of seed 002


def test_grouped_header_has_two_repeated_rows():
    # the renderer's grouped header (a heading over two columns), on a document of its own
    columns = (
        Column("มาตรการ", 2), Column("รายละเอียดการดำเนินงาน", 3), Column("ระยะเวลา", 1),
        Column("ผลผลิต", 2, group="ผลการดำเนินการ"), Column("ผลลัพธ์", 2, group="ผลการดำเนินการ"),
    )  # fmt: skip
    rows = tuple((f"{n}. มาตรการ", "ดำเนินการ", "ต.ค. ๒๕๖๕", "ประกาศ", "ผล") for n in range(40))
    landscape = Options(orientation="landscape")
    doc = Document(Kind.O43, "อบต.ทดสอบ", 2565, (Table(columns, rows),), ("รายงาน",), landscape)
    d = reopen(doc)
    table = d.tables[0]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[0].cells[3].text == "ผลการดำเนินการ"
    assert [c.text for c in table.rows[1].cells[3:5]] == ["ผลผลิต", "ผลลัพธ์"]
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape


def test_charts_are_embedded_as_png():
    doc = records.o42()
    d = reopen(doc)
    images = [p for p in d.part.package.parts if p.content_type == "image/png"]
    assert len(images) == sum(isinstance(b, Chart) for b in doc.blocks) == 6


def test_memo_header_date_signatures_and_opinions():
    text = all_text(reopen(records.memo()))
    assert "บันทึกข้อความ" in text
    assert "วันที่ ๑๐ มกราคม ๒๕๖๖" in text  # approved: Buddhist era, Thai digits
    assert "2023" not in text
    assert "(นายตัวอย่าง ผู้บริหาร)" in text and "(นางตัวอย่าง หัวหน้า)" in text
    assert "ความเห็นหัวหน้าสำนักปลัด" in text
    assert "(✓) อนุมัติ" in text  # approved: the decision is ticked
