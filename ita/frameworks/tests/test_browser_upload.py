"""Issue 9 acceptance in Debian's Chromium: the national administrator downloads the template,
makes an XLSX of a new framework ita-2570 with one bad row and uploads it: the Thai message names
that row and nothing is loaded. Fixed, it shows the diff against ita-2569 and loads; a result
for FY 2570 entered on the score page is then computed with ita-2570's own weights."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ita.assessments.models import Assessment
from ita.audit.models import AuditEvent
from ita.frameworks.models import Framework
from ita.improvement.tests.test_browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "frameworks"
# IIT mean 90, EIT mean 82, OIT mean 92.5: 0.20·90 + 0.30·82 + 0.50·92.5 = 88.85 with ita-2570's
# weights, where ita-2569's 30/30/40 would give 88.60.
SCORES = {1: 90, 2: 88, 3: 92, 4: 95, 5: 85, 6: 80, 7: 82, 8: 84, 9: 90, 10: 95}
WEIGHTS = {"IIT": "0.20", "EIT": "0.30", "OIT": "0.50"}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def columns(sheet) -> dict[str, int]:
    """Column numbers by the key in each header, "รหัสข้อ (code)" → code."""
    return {
        str(cell.value).rsplit("(", 1)[-1].rstrip(")"): cell.column
        for cell in sheet[1]
        if cell.value
    }


def make_2570(template: Path, target: Path, bad_row: int | None) -> int:
    """Edit the downloaded ita-2569 workbook into ita-2570; returns the item row's indicator."""
    workbook = load_workbook(template)
    meta = {row[0].value: row[1] for row in workbook["กรอบ"].iter_rows(min_row=2)}
    meta["code"].value = "ita-2570"
    meta["name"].value = "กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2570"
    meta["fiscal_year_from"].value = meta["fiscal_year_to"].value = 2570
    meta["succeeds"].value = "ita-2569"
    tools = workbook["เครื่องมือ"]
    tool_columns = columns(tools)
    for row in range(2, tools.max_row + 1):
        code = tools.cell(row=row, column=tool_columns["code"]).value
        tools.cell(row=row, column=tool_columns["weight"]).value = WEIGHTS[code]
    items = workbook["ข้อ"]
    item_columns = columns(items)
    for row in range(2, items.max_row + 1):
        code = items.cell(row=row, column=item_columns["code"]).value
        items.cell(row=row, column=item_columns["maps_to"]).value = f"ita-2569:{code}"
    indicator = items.cell(row=12, column=item_columns["indicator"])
    original = indicator.value
    if bad_row:
        items.cell(row=bad_row, column=item_columns["indicator"]).value = 99
    workbook.save(target)
    return original


def upload(page, base, path: Path):
    page.goto(f"{base}{reverse('frameworks:list')}")
    page.set_input_files("input[type=file]", str(path))
    page.click("button:has-text('ตรวจไฟล์')")


def test_administrator_uploads_fixes_loads_and_scores(page, live_server, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    login(page, base, "national")
    page.goto(f"{base}/")
    page.click("nav >> text=กรอบการประเมิน")
    assert "ita-2569" in page.inner_text("[data-testid=frameworks]")
    with page.expect_download() as download:
        page.click("[data-testid=template]")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    frameworks = Framework.objects.count()

    # One bad row: item I11 (row 12 of sheet ข้อ) names indicator 99.
    bad = tmp_path / "ita-2570-bad.xlsx"
    make_2570(template, bad, bad_row=12)
    upload(page, base, bad)
    problems = page.inner_text("[data-testid=upload-problems]")
    shot(page, "1-problems")
    assert "ไม่ได้โหลดสิ่งใด" in problems
    assert "ข้อ\t12\tindicator\tต้องเป็นเลขตัวชี้วัดที่มีในแผ่น ตัวชี้วัด" in problems
    assert Framework.objects.count() == frameworks

    # Fixed: the diff against ita-2569, then load.
    good = tmp_path / "ita-2570.xlsx"
    make_2570(template, good, bad_row=None)
    upload(page, base, good)
    diff = page.inner_text("[data-testid=diff-ita-2569]")
    shot(page, "2-preview")
    assert "เครื่องมือ IIT" in diff and "น้ำหนัก 0.30" in diff and "น้ำหนัก 0.20" in diff
    assert "ยกมาจากข้อเดิม (รหัสเดิม) 71 ข้อ" in diff
    assert "ตอนนี้ใช้กรอบ ita-2569 เป็นการชั่วคราว" in page.inner_text("[data-testid=declared]")
    assert Framework.objects.count() == frameworks
    page.click("button:has-text('โหลดกรอบการประเมินนี้')")
    page.wait_for_selector("text=โหลดกรอบการประเมินใหม่แล้ว")
    assert "ita-2570" in page.inner_text("[data-testid=frameworks]")
    shot(page, "3-loaded")
    framework = Framework.objects.get(code="ita-2570")
    assert AuditEvent.objects.filter(action="framework.created", object_id=str(framework.pk))

    # The score page of FY 2570 uses ita-2570 (a framework of its own wins over a declaration).
    page.goto(f"{base}{reverse('result_edit', args=[world.own.pk])}?year=2570")
    assert "กรอบการประเมิน ITA ปีงบประมาณ พ.ศ. 2570" in page.inner_text("main")
    if page.eval_on_selector("#id_fiscal_year", "e => e.tagName") == "SELECT":
        page.select_option("#id_fiscal_year", "2570")
    else:
        page.fill("#id_fiscal_year", "2570")
    for number, value in SCORES.items():
        page.fill(f"#id_i{number}", str(value))
    page.click("button:has-text('บันทึกและคำนวณผล')")
    page.wait_for_selector("[data-testid=total]")
    shot(page, "4-result")
    assert page.inner_text("[data-testid=total]").strip() in ("88.85", "๘๘.๘๕")
    assert page.inner_text("[data-testid=level]").strip() == "ผ่าน"
    assessment = Assessment.objects.get(agency=world.own, fiscal_year=2570)
    assert assessment.framework.code == "ita-2570"
    assert str(assessment.total) == "88.85"
