"""The XLSX template: every shipped framework survives a round trip; a bad cell is reported at
its sheet, row and column in Thai; hostile files are refused before they cost memory."""

import copy
import io
import zipfile

import pytest
import yaml
from django.conf import settings
from openpyxl import load_workbook

from ita.frameworks.loader import DATA_DIR, all_specs, framework_files, read_file
from ita.frameworks.spec import build_spec, scoring_shape
from ita.frameworks.upload import read_upload
from ita.frameworks.workbook import MAX_ROWS, definition_to_workbook, workbook_to_definition


def shipped(code: str) -> dict:
    return read_file(DATA_DIR / f"{code}.yaml")[0]


def definition_2570(bad_indicator: int | None = None) -> dict:
    """A new framework for FY 2570 made from ita-2569: every item continues its namesake."""
    data = copy.deepcopy(shipped("ita-2569"))
    data.update(code="ita-2570", name="กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2570 (ทดสอบ)",
                fiscal_years={"from": 2570, "to": 2570}, succeeds="ita-2569")  # fmt: skip
    for item in data["items"]:
        item["maps_to"] = [f"ita-2569:{item['code']}"]
    data["items"][0]["title"] = "ชื่อข้อ I1 ที่ปรับถ้อยคำในปี 2570"
    if bad_indicator is not None:
        data["items"][10]["indicator"] = bad_indicator  # sheet ข้อ, row 12 (header is row 1)
    return data


@pytest.mark.parametrize("path", framework_files(), ids=lambda p: p.stem)
def test_every_shipped_framework_round_trips(path):
    data = read_file(path)[0]
    back, problems = workbook_to_definition(definition_to_workbook(data), known=all_specs())
    assert problems == []
    original, again = build_spec(data), build_spec(back)
    assert scoring_shape(again) == scoring_shape(original)
    assert again.items == original.items
    assert again == original
    # what build_spec does not read comes back too: sources of tools, notes of indicators
    assert [t.get("source") for t in back["tools"]] == [t.get("source") for t in data["tools"]]
    assert [i.get("note") for i in back["indicators"]] == [
        i.get("note") for i in data["indicators"]
    ]


def test_sub_indicators_round_trip_as_rows_of_the_indicator_sheet():
    data = shipped("ita-2566")
    sheet = load_workbook(io.BytesIO(definition_to_workbook(data)))["ตัวชี้วัด"]
    subs = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert [(row[0], row[1]) for row in subs][:2] == [(9, "9.1"), (9, "9.2")]
    back, _ = workbook_to_definition(definition_to_workbook(data), known=all_specs())
    assert back["indicators"][8]["sub_indicators"][0]["code"] == "9.1"


def test_cells_that_would_run_as_formulas_are_written_as_text():
    data = definition_2570()
    data["items"][0]["title"] = '=HYPERLINK("http://evil.example","คลิก")'
    data["items"][1]["title"] = "-1+2"
    content = definition_to_workbook(data)
    sheet = load_workbook(io.BytesIO(content))["ข้อ"]
    for row in (2, 3):
        cell = sheet.cell(row=row, column=2)
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet4.xml")
    back, _ = workbook_to_definition(content, known=all_specs())
    assert back["items"][0]["title"] == data["items"][0]["title"]


def problems_of(data: dict) -> list:
    return workbook_to_definition(definition_to_workbook(data), known=all_specs())[1]


def test_unknown_indicator_is_reported_at_its_row_and_column():
    problems = problems_of(definition_2570(bad_indicator=99))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("ข้อ", 12, "indicator")
    assert str(problem) == ("แผ่น ข้อ แถว 12 คอลัมน์ indicator: ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด")


def test_weight_that_is_not_a_number():
    data = definition_2570()
    data["tools"][1]["weight"] = "สามสิบ"
    [problem] = problems_of(data)
    assert (problem.sheet, problem.row, problem.column) == ("เครื่องมือ", 3, "weight")
    assert "ตัวเลข" in problem.message


def test_weights_that_do_not_sum_to_one():
    data = definition_2570()
    data["tools"][2]["weight"] = "0.50"
    [problem] = problems_of(data)
    assert (problem.sheet, problem.column) == ("เครื่องมือ", "weight")
    assert "รวม" in problem.message


def test_duplicate_item_code_is_reported_at_the_second_row():
    data = definition_2570()
    data["items"][5]["code"] = data["items"][4]["code"]
    [problem] = problems_of(data)
    assert (problem.sheet, problem.row, problem.column) == ("ข้อ", 7, "code")
    assert "ซ้ำ" in problem.message


def test_maps_to_a_missing_item_or_framework():
    data = definition_2570()
    data["items"][2]["maps_to"] = ["ita-2569:O99"]
    data["items"][3]["maps_to"] = ["ita-2499:I4"]
    data["items"][4]["maps_to"] = ["ไม่มีเครื่องหมายโคลอน"]
    problems = problems_of(data)
    assert [(p.row, p.column) for p in problems] == [(6, "maps_to"), (4, "maps_to"), (5, "maps_to")]
    assert "O99" in problems[1].message and "ita-2499" in problems[2].message


def test_several_kinds_at_once_and_the_meta_sheet():
    data = definition_2570(bad_indicator=99)
    data["code"] = "ITA 2570!"
    data["succeeds"] = "ita-2400"
    data["levels"][0]["min"] = "ร้อย"
    problems = problems_of(data)
    where = {(p.sheet, p.row, p.column) for p in problems}
    assert ("กรอบ", 2, "code") in where
    assert ("กรอบ", 6, "succeeds") in where
    assert ("ข้อ", 12, "indicator") in where
    assert ("ระดับ", 2, "min") in where


def test_missing_sheet_and_unknown_meta_key():
    content = definition_to_workbook(definition_2570())
    workbook = load_workbook(io.BytesIO(content))
    del workbook["ระดับ"]
    [problem] = workbook_to_definition(saved(workbook))[1]
    assert "ไม่มีแผ่น ระดับ" in problem.message
    workbook = load_workbook(io.BytesIO(content))
    workbook["กรอบ"].append(["colour", "แดง"])
    [problem] = workbook_to_definition(saved(workbook))[1]
    assert (problem.sheet, problem.row, problem.column) == ("กรอบ", 10, "A")
    assert "colour" in problem.message


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_its_declared_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b"0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    [problem] = workbook_to_definition(buffer.getvalue())[1]
    assert "ใหญ่เกิน" in problem.message


def test_too_many_rows_and_not_a_workbook():
    data = definition_2570()
    data["items"] = [{"code": f"I{n}", "title": "ข้อ", "indicator": 1} for n in range(MAX_ROWS + 1)]
    [problem] = problems_of(data)
    assert f"เกิน {MAX_ROWS:,} แถว" in problem.message and problem.sheet == "ทั้งไฟล์"
    [problem] = workbook_to_definition(b"PK\x03\x04 not really")[1]
    assert "ไม่ใช่ไฟล์ Excel" in problem.message


def test_yaml_problems_name_the_item_code_and_field():
    data = definition_2570(bad_indicator=99)
    data["items"][3]["reverse"] = "บางที"
    upload = read_upload("ita-2570.yaml", yaml.safe_dump(data, allow_unicode=True).encode(),
                         known=all_specs())  # fmt: skip
    assert [str(p) for p in upload.problems] == [
        "ส่วน ข้อ รายการ I4 ช่อง reverse: ต้องเป็น ใช่ หรือเว้นว่าง",
        "ส่วน ข้อ รายการ I11 ช่อง indicator: ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด",
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"a: [1, 2", "อ่านไฟล์ YAML ไม่ได้"),
        (b"- just\n- a list\n", "ไม่ใช่กรอบการประเมิน"),
        (b"code: ita-2570\nwhen: 2026-01-01\n", "ชนิดที่ไม่รองรับ"),
        # "billion laughs": nine levels of ten aliases
        (b"a: &a [x,x,x,x,x,x,x,x,x,x]\n"
         + b"".join(b"%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n"
                    % ((bytes([98 + i]),) * 2 + (bytes([97 + i]),) * 10) for i in range(8)),
         "เกิน"),
        (b'code: ita-2570\nname: "a\\0b"\n', "NUL"),
        (b"code: ita-2570\npass_mark: .nan\n", "ค่าจำกัด"),
    ],
)  # fmt: skip
def test_hostile_or_broken_yaml_gets_one_thai_message(content, expected):
    upload = read_upload("x.yaml", content)
    assert len(upload.problems) == 1 and expected in upload.problems[0].message


def test_other_file_types_and_size():
    assert "รับเฉพาะ" in read_upload("x.csv", b"a,b").problems[0].message
    too_large = b" " * (settings.UPLOAD_MAX_BYTES + 1)  # the one upload limit (ITA_UPLOAD_MAX_MB)
    assert "เกินขนาดที่รับได้ (ไม่เกิน 20 MB)" in read_upload("x.yaml", too_large).problems[0].message


def test_values_the_database_columns_cannot_hold_are_problems_too():
    data = definition_2570()
    data["tools"][0]["code"] = "IIT-INTERNAL"  # Indicator.tool holds 8 characters
    data["indicators"][0]["number"] = 40000  # a small integer column
    where = {(p.sheet, p.row, p.column) for p in problems_of(data)}
    assert {("เครื่องมือ", 2, "code"), ("ตัวชี้วัด", 2, "number")} <= where
