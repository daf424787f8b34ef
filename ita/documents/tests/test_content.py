"""The content model: digits, verbatim text, validation (pure, no database)."""

import pytest

from ita.documents.content import (
    Cell,
    Chart,
    Column,
    Document,
    Kind,
    Paragraph,
    Run,
    Series,
    Table,
    display_text,
    plain,
)


@pytest.mark.parametrize(
    ("text", "thai", "expected"),
    [
        ("คะแนน 71.03", True, "คะแนน ๗๑.๐๓"),
        ("คะแนน 71.03", False, "คะแนน 71.03"),
        ("ข้อ O36 และ I25, E 12", True, "ข้อ O36 และ I25, E 12"),
        (
            "ดู https://www.example.go.th/ita2565 ครับ",
            True,
            "ดู https://www.example.go.th/ita2565 ครับ",
        ),
        ("ติดต่อ ita2565@example.go.th", True, "ติดต่อ ita2565@example.go.th"),
        ("ตัวชี้วัดที่ 10 ปี 2565", True, "ตัวชี้วัดที่ ๑๐ ปี ๒๕๖๕"),
        ("ปี ๒๕๖๕ แล้ว", False, "ปี ๒๕๖๕ แล้ว"),
    ],
)
def test_display_text_converts_digits_except_verbatim(text, thai, expected):
    assert display_text(text, thai) == expected


def test_verbatim_run_is_never_converted():
    assert display_text("123/2565", True, verbatim=True) == "123/2565"


def test_text_is_normalised_to_runs():
    p = Paragraph((Run("ตัวชี้วัดที่ 6", bold=True), " ได้คะแนน"))
    assert [r.bold for r in p.text] == [True, False]
    assert plain(p.text) == "ตัวชี้วัดที่ 6 ได้คะแนน"


def test_cell_of_strings_is_paragraphs_and_of_runs_is_one_text():
    assert len(Cell(("ข้อหนึ่ง", "ข้อสอง")).paragraphs) == 2
    assert len(Cell((Run("ตัวหนา", bold=True), " ต่อ")).paragraphs) == 1


def test_table_rows_must_fill_the_columns():
    columns = (Column("ก"), Column("ข"))
    Table(columns, (("1", "2"), (Cell("ทั้งแถว", colspan=2),)))
    with pytest.raises(ValueError, match="แถวที่ 1"):
        Table(columns, (("1",),))


def test_chart_series_must_match_labels():
    with pytest.raises(ValueError):
        Chart("bar", "กราฟ", ("ก", "ข"), (Series("คะแนน", (1.0,)),))


def test_document_wants_buddhist_era_and_gives_a_safe_file_name():
    with pytest.raises(ValueError, match="พุทธศักราช"):
        Document(Kind.O42, "อบต.ทดสอบ", 2022, ())
    doc = Document("o42", "อบจ. มุกดาหาร/ทดสอบ", 2565, ())
    assert doc.kind is Kind.O42
    assert doc.file_stem() == "o42-2565-อบจ._มุกดาหาร_ทดสอบ"
