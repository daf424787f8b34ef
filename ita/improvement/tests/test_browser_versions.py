"""Issue 8 end to end in Debian's Chromium: the executive approves; an assessor then rejects an
OIT item and the officer imports a newer result (preview, then confirm); the approved O42 PDF
says exactly what it said, and the analysis page lists what changed since approval."""

import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.improvement import actions
from ita.improvement.tests.fixtures import give_chain, measure_input
from ita.improvement.tests.test_browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "versions"


def pdf_text(page, tmp_path, label: str, name: str) -> str:
    with page.expect_download() as info:
        page.click(label)
    path = tmp_path / name
    info.value.save_as(path)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def submitted_plan(world):
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2564,
                  indicator_scores={n: Decimal("88") for n in range(1, 11)})  # fmt: skip
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                  indicator_scores=decimals(SEED_002_2565))  # fmt: skip
    analysis = actions.start_analysis(acting_user=world.officer, agency=world.own, fiscal_year=2565)
    actions.save_measure(
        acting_user=world.officer, analysis=analysis, data=measure_input([world.division.pk])
    )
    actions.submit_plan(acting_user=world.officer, analysis=analysis)
    give_chain(world, analysis)
    return analysis


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_approved_o42_does_not_drift(page, live_server, world, tmp_path):
    from ita.disclosure import actions as disclosure

    base = live_server.url
    analysis = submitted_plan(world)
    analysis_url = f"{base}{reverse('improvement:analysis', args=[analysis.pk])}"

    # The executive approves and keeps the approved O42.
    login(page, base, "executive")
    page.goto(analysis_url)
    page.click("button:has-text('อนุมัติมาตรการ')")
    page.wait_for_selector("text=อนุมัติมาตรการแล้ว")
    approved_text = pdf_text(page, tmp_path, "text=รายงานการวิเคราะห์ผล (O42) (PDF)", "approved.pdf")
    assert "71.03" in approved_text.replace("๗๑.๐๓", "71.03") or "๗๑.๐๓" in approved_text
    assert "O11" not in approved_text

    # The assessor rejects OIT item O11.
    year = disclosure.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2565)
    item = year.items.get(item__code="O11")
    login(page, base, "assessor")
    page.goto(f"{base}{reverse('disclosure:item', args=[item.pk])}")
    page.check("input[name=accepted][value=no]")
    page.fill("#id_comment", "ไม่พบข้อมูลผู้บริหารบนเว็บไซต์")
    page.click("button:has-text('บันทึกผลการตรวจ')")
    assert page.inner_text("[data-testid=item-status]") == "ไม่ผ่าน"

    # The officer sees the review listed on the analysis page, with the approved O42 unchanged.
    login(page, base, "officer")
    page.goto(analysis_url)
    changed = page.inner_text("[data-testid=changed-since-approval]")
    assert "เปลี่ยนแปลงหลังการอนุมัติ" in changed and "O11" in changed
    assert (
        pdf_text(page, tmp_path, "text=รายงานการวิเคราะห์ผล (O42) (PDF)", "after-review.pdf")
        == approved_text
    )

    # … imports a newer FY 2565 result written as 2022, sees the preview, and confirms it.
    header = "รหัสหน่วยงาน,ปีงบประมาณ," + ",".join(f"ตัวชี้วัดที่ {n}" for n in range(1, 11))
    newer = tmp_path / "ผลใหม่.csv"
    newer.write_text(f"{header}\nT-OWN,2022,{','.join(['92.00'] * 10)}\n", encoding="utf-8-sig")
    reviewed = f"{world.own.results.get(fiscal_year=2565).total:.2f}"  # after the OIT review
    page.goto(f"{base}{reverse('import_results')}")
    page.set_input_files("#id_file", str(newer))
    page.click("button:has-text('ตรวจและนำเข้า')")
    preview = page.inner_text("[data-testid=import-preview]")
    assert reviewed in preview and "92.00" in preview and "“2022” อ่านเป็น พ.ศ. 2565" in preview
    assert f"{world.own.results.get(fiscal_year=2565).total:.2f}" == reviewed  # not yet
    shot(page, "import-preview")
    page.click("button:has-text('ยืนยันการนำเข้าและแก้ไขผล')")
    page.wait_for_selector("text=นำเข้าผลการประเมินแล้ว 1 รายการ")
    assert world.own.results.get(fiscal_year=2565).total == Decimal("92.00")

    # The approved O42 is the text it was; the page lists the changes old → new.
    page.goto(analysis_url)
    changed = page.inner_text("[data-testid=changed-since-approval]")
    assert "คะแนนรวม ปี 2565" in changed and "71.03" in changed and "92.00" in changed
    shot(page, "analysis-changed")
    assert (
        pdf_text(page, tmp_path, "text=รายงานการวิเคราะห์ผล (O42) (PDF)", "after-import.pdf")
        == approved_text
    )
    version_1 = "[data-testid=versions] a:has-text('รายงานการวิเคราะห์ผล (PDF)')"
    assert pdf_text(page, tmp_path, version_1, "version-1.pdf") == approved_text

    # The result page shows both revisions and the timeline of the year.
    page.goto(f"{base}{reverse('result_detail', args=[world.own.pk, 2565])}")
    timeline = page.inner_text("[data-testid=timeline]")
    for label in ("ผู้บริหารอนุมัติมาตรการ", "ผู้ตรวจประเมินตรวจข้อ OIT", "แก้ไขผลการประเมิน"):
        assert label in timeline
    assert "นำเข้าจากไฟล์" in page.inner_text("[data-testid=revisions]")
    shot(page, "result-timeline")
