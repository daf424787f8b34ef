"""The problems of a bad framework file read in the administrator's language: English with the
English cookie (the template's Thai sheet names quoted, as the sheets are named), today's Thai
without it; the loader and the command stay Thai. Nothing is loaded in either language."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ita.frameworks.actions import UploadRefused, load_upload, system_specs
from ita.frameworks.loader import all_specs
from ita.frameworks.spec import FrameworkError, build_spec
from ita.frameworks.tests.test_upload import as_yaml, counts, xlsx_file
from ita.frameworks.tests.test_workbook import definition_2570, shipped
from ita.frameworks.upload import PART_NAMES, read_upload

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]")
SHEETS = set(PART_NAMES.values()) - {PART_NAMES[""]}


def bad_definition() -> dict:
    """One framework with a problem on each sheet: meta, tools, items, levels."""
    data = definition_2570(bad_indicator=99)  # sheet ข้อ, row 12
    data["code"] = "ITA 2570!"
    data["succeeds"] = "ita-2400"
    data["tools"][1]["weight"] = "สามสิบ"
    data["items"][5]["code"] = data["items"][4]["code"]
    data["items"][3]["reverse"] = "บางที"  # the workbook writes any true value as ใช่; YAML keeps it
    data["levels"][0]["min"] = "ร้อย"
    return data


def yaml_file(data: dict) -> io.BytesIO:
    file = io.BytesIO(as_yaml(data))
    file.name = "ita-2570.yaml"
    return file


def without_levels() -> bytes:
    workbook = load_workbook(xlsx_file(definition_2570()))
    del workbook["ระดับ"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(client, file, language: str | None):
    if language:
        client.cookies["django_language"] = language
    return client.post(reverse("frameworks:upload"), {"file": file})


def problem_rows(html: str) -> list[list[str]]:
    """The cells of each row of the problems table."""
    body = html.split('data-testid="upload-problems"', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)
    return [re.findall(r"<td>(.*?)</td>", row, flags=re.S) for row in rows]


def unquoted_thai(text: str) -> list[str]:
    """Thai left once the quoted sheet names (“ตัวชี้วัด”) are taken out."""
    return THAI.findall(re.sub(r"“[^”]*”", "", text))


def thai_left(html: str) -> list[str]:
    """The Thai of the problems box outside the Sheet cells (a sheet's own name) and quotes."""
    box = html.split('data-testid="upload-problems"', 1)[1].split("</div>", 1)[0]
    for sheet in SHEETS:
        box = box.replace(f"<tr><td>{sheet}</td>", "<tr>")
    return unquoted_thai(box)


@pytest.fixture
def admin(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.national)
    return client


def test_a_bad_workbook_reads_in_english_with_the_english_cookie(admin, tmp_path):
    before = counts()
    response = post(admin, xlsx_file(bad_definition()), "en")
    assert response.status_code == 400
    rows = problem_rows(response.content.decode())
    assert len(rows) == 6 and thai_left(response.content.decode()) == []
    assert ["ข้อ", "12", "indicator", "must be an indicator number that is on sheet “ตัวชี้วัด”"] in rows
    assert ["กรอบ", "6", "succeeds", "there is no framework ita-2400 in the system"] in rows
    messages = {message for *_, message in rows}
    assert "must be a number from 0 to 1, e.g. 0.30" in messages
    assert "item code I5 is used by another item too" in messages
    assert "must be a minimum score from 0 to 100" in messages
    html = response.content.decode()
    assert "<th>Sheet</th><th>Row</th><th>Column</th><th>Error</th>" in html
    assert counts() == before and not (tmp_path / "framework-uploads").exists()


def test_the_same_workbook_reads_as_today_in_thai(admin, tmp_path):
    before = counts()
    response = post(admin, xlsx_file(bad_definition()), None)
    assert response.status_code == 400
    rows = problem_rows(response.content.decode())
    assert ["ข้อ", "12", "indicator", "ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด"] in rows
    assert ["กรอบ", "6", "succeeds", "ไม่มีกรอบ ita-2400 ในระบบ"] in rows
    assert ["เครื่องมือ", "3", "weight", "ต้องเป็นตัวเลข 0–1 เช่น 0.30"] in rows
    assert ["ข้อ", "7", "code", "รหัสข้อ I5 ซ้ำกับข้ออื่น"] in rows
    assert ["ระดับ", "2", "min", "ต้องเป็นคะแนนต่ำสุด 0–100"] in rows
    assert thai_left(response.content.decode())  # the English tests' check does see Thai
    assert counts() == before and not (tmp_path / "framework-uploads").exists()


def test_a_bad_yaml_reads_in_english_and_in_thai(admin, tmp_path):
    before = counts()
    data = bad_definition()
    data["roles"] = {"analysys": "O25"}
    english = post(admin, yaml_file(data), "en")
    assert english.status_code == 400
    rows = problem_rows(english.content.decode())
    assert len(rows) == 8 and thai_left(english.content.decode()) == []
    assert [
        "ข้อ",
        "I11",
        "indicator",
        "must be an indicator number that is on sheet “ตัวชี้วัด”",
    ] in rows
    assert ["บทบาท", "analysys", "role", (
        "unknown role analysys (allowed: analysis, measures, progress_report, corruption_risk, "
        "corruption_risk_measures, anti_corruption_plan, anti_corruption_report)"
    )] in rows  # fmt: skip
    assert "<th>Section</th>" in english.content.decode()

    thai = post(admin, yaml_file(data), "th")
    rows = problem_rows(thai.content.decode())
    assert ["ข้อ", "I11", "indicator", "ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด"] in rows
    assert ["ข้อ", "I4", "reverse", "ต้องเป็น ใช่ หรือเว้นว่าง"] in rows
    assert "<th>ส่วน</th><th>รายการ</th><th>ช่อง</th>" in thai.content.decode()
    assert counts() == before and not (tmp_path / "framework-uploads").exists()


@pytest.mark.parametrize(
    ("name", "content", "english", "thai"),
    [
        ("x.xlsx", "no-levels", "There is no sheet “ระดับ” (download", "ไม่มีแผ่น ระดับ (ดาวน์โหลด"),
        ("x.yaml", b"a: [1, 2", "The YAML file cannot be read", "อ่านไฟล์ YAML ไม่ได้"),
        ("x.yaml", b"- a list\n", "The file is not a framework", "ไฟล์ไม่ใช่กรอบการประเมิน"),
    ],
)
def test_a_file_that_cannot_be_read_at_all(admin, name, content, english, thai):
    file = io.BytesIO(without_levels() if content == "no-levels" else content)
    file.name = name
    html = post(admin, file, "en").content.decode()
    [[sheet, row, column, message]] = problem_rows(html)
    assert (sheet, row, column) == ("Whole file", "–", "–")
    assert message.startswith(english) and thai_left(html) == []
    file.seek(0)
    [[sheet, *_, message]] = problem_rows(post(admin, file, "th").content.decode())
    assert sheet == "ทั้งไฟล์" and message.startswith(thai)


def test_the_problem_as_one_line_and_the_loader():
    content = xlsx_file(definition_2570(bad_indicator=99)).read()
    with translation.override("en"):
        [problem] = read_upload("ita-2570.xlsx", content, known=all_specs()).problems
        assert str(problem) == (
            "Sheet “ข้อ”, row 12, column indicator: "
            "must be an indicator number that is on sheet “ตัวชี้วัด”"
        )
    [problem] = read_upload("ita-2570.xlsx", content, known=all_specs()).problems
    assert str(problem) == "แผ่น ข้อ แถว 12 คอลัมน์ indicator: ต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด"

    broken = shipped("ita-2569")
    broken["tools"][0]["weight"] = "x"
    with translation.override("en"), pytest.raises(FrameworkError) as english:
        build_spec(broken)
    assert str(english.value).startswith("Framework ita-2569: Tool IIT: the value 'x' is not a")
    assert not THAI.search(str(english.value))
    with pytest.raises(FrameworkError, match="กรอบการประเมิน ita-2569: เครื่องมือ IIT: ค่า 'x'"):
        build_spec(broken)  # the loader's language: Thai


def test_a_link_gone_since_the_preview_is_refused_in_english_too(world):
    """load_upload keeps the cross-framework problems about the uploaded framework by its code,
    not by the (Thai) wording of the message."""
    gone = build_spec({**shipped("ita-2569"), "code": "ita-2499", "succeeds": ""})
    data = definition_2570()
    data["items"][0]["maps_to"] = ["ita-2499:I1"]
    upload = read_upload("ita-2570.yaml", as_yaml(data), known=[*system_specs(), gone])
    assert upload.ok
    before = counts()
    with translation.override("en"), pytest.raises(UploadRefused) as refused:
        load_upload(acting_user=world.national, upload=upload)
    assert str(refused.value) == (
        "Framework ita-2570, item I1: maps_to names framework ita-2499, which does not exist"
    )
    with pytest.raises(UploadRefused, match="กรอบ ita-2570 ข้อ I1: maps_to อ้างกรอบ ita-2499 ที่ไม่มี"):
        load_upload(acting_user=world.national, upload=upload)
    assert counts() == before
