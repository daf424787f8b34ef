"""The improvement cycle end to end in Debian's Chromium: the officer drafts an analysis and a
plan, the executive approves, a division head reports a round with an attached file, and the
officer downloads the O42 and O43 reports."""

import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import SEED_002_2565, decimals
from ita.assessments.actions import record_result
from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots"))


def test_improvement_cycle(page, live_server, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2564,
                  indicator_scores={n: Decimal("88") for n in range(1, 11)})  # fmt: skip
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=2565,
                  indicator_scores=decimals(SEED_002_2565))  # fmt: skip

    # The officer starts the analysis of FY 2565 and writes the agency's own analysis.
    login(page, base, "officer")
    page.goto(f"{base}{reverse('agency_detail', args=[world.own.pk])}")
    page.click("text=วิเคราะห์ผลและมาตรการ")
    page.select_option("#id_fiscal_year", "2565")
    page.click("text=สร้างร่างการวิเคราะห์จากผลการประเมิน")
    weak = page.inner_text("[data-testid=draft-weaknesses]")
    assert weak.index("ตัวชี้วัดที่ 10") < weak.index("ตัวชี้วัดที่ 8") < weak.index("ตัวชี้วัดที่ 6")
    assert "ยังไม่มีบทวิเคราะห์ของหน่วยงานเอง" in page.inner_text("[data-testid=missing]")
    page.click("text=เขียน/แก้ไขบทวิเคราะห์")
    page.fill("#id_overview", "คะแนนลดลงเพราะยังไม่เผยแพร่การประเมินความเสี่ยงการทุจริต")
    page.fill("#id_improvement_issues", "การสื่อสารกับผู้รับบริการ")
    page.fill("#id_own_10", "ไม่ได้เผยแพร่ข้อ O36 และ O37 บนเว็บไซต์หลัก")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=บันทึกบทวิเคราะห์แล้ว")

    # … plans a measure from the library, owned by กองคลัง, and submits the plan.
    page.click("text=ใช้เป็นต้นแบบ >> nth=0")
    page.check(f"input[name=divisions][value='{world.division.pk}']")
    page.click("text=บันทึกมาตรการ")
    page.wait_for_selector("[data-testid=measure]")
    page.click("text=เสนอผู้บริหารอนุมัติ")
    page.wait_for_selector("text=เสนอแผนขออนุมัติแล้ว")
    assert page.inner_text("[data-testid=plan-status]") == "เสนอขออนุมัติ"

    # The memo's opinions in the chain's order: the division head's, then the executive's as
    # the ปลัด; the executive approves only after both.
    analysis = world.own.analyses.get()
    analysis_url = f"{base}{reverse('improvement:analysis', args=[analysis.pk])}"
    login(page, base, "executive")
    page.goto(analysis_url)
    assert "รอความเห็นของหัวหน้าสำนักปลัดเทศบาล" in page.inner_text("[data-testid=awaiting-opinion]")
    login(page, base, "division_head")
    page.goto(analysis_url)
    page.click("button:has-text('บันทึกความเห็น')")
    page.wait_for_selector("text=บันทึกความเห็นของหัวหน้าสำนักปลัดเทศบาลแล้ว")
    login(page, base, "executive")
    page.goto(analysis_url)
    page.fill("#id_opinion_name", "นายปลัด ทดสอบ")
    page.click("button:has-text('บันทึกความเห็น')")
    page.wait_for_selector("text=บันทึกความเห็นของปลัดเทศบาลเมืองทดสอบแล้ว")
    assert "นายปลัด ทดสอบ" in page.inner_text("[data-testid=opinions]")

    # The executive approves.
    page.click("button:has-text('อนุมัติมาตรการ')")
    page.wait_for_selector("text=อนุมัติมาตรการแล้ว")
    assert page.inner_text("[data-testid=plan-status]") == "อนุมัติแล้ว"

    # The division head reports the 6-month round with an attached file.
    login(page, base, "division_head")
    page.click("text=มาตรการของฉัน")
    page.click("[data-testid=my-measure] >> text=รอบ 6 เดือน")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_percent", "60")
    page.fill("#id_actions", "แต่งตั้งคณะทำงานประเมินความเสี่ยงแล้ว")
    page.fill("#id_outcome", "ทราบความเสี่ยงสูง 2 เรื่อง")
    evidence = tmp_path / "คำสั่งแต่งตั้ง.pdf"
    evidence.write_bytes(b"%PDF-1.4 test evidence")
    page.set_input_files("#id_files", str(evidence))
    page.click("text=ส่งรายงาน")
    page.wait_for_selector("text=ส่งรายงานรอบ 6 เดือนแล้ว")
    assert analysis.measures.get().reports.get().evidence.count() == 1

    # The officer downloads both reports; the PDFs carry real Thai text.
    login(page, base, "officer")
    page.goto(f"{base}{reverse('improvement:analysis', args=[analysis.pk])}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "analysis.png"), full_page=True)
    documents = (
        ("รายงานการวิเคราะห์ผล (O42) (PDF)", "การวิเคราะห์ผลการประเมิน"),
        ("รายงานผลการดำเนินการ (O43) (PDF)", "รายงานผลการดำเนินการตามมาตรการ"),
    )
    for label, heading in documents:
        with page.expect_download() as info:
            page.click(f"text={label}")
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert heading in text, label
    assert "คำสั่งแต่งตั้ง.pdf" in "".join(text.split())  # the round's evidence, in the O43 table
