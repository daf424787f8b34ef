"""End to end in Debian's Chromium: an officer enters a year's scores and sees the total, the
level and the charts; an officer of another agency gets 404."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ita.lib.tests.browser import login

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = ["86.07", "76.72", "76.57", "75.54", "72.00", "79.63", "73.30", "70.22", "90.00", "37.50"]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots"))


def test_officer_enters_scores_and_sees_total_level_and_charts(page, live_server, world):
    login(page, live_server.url, "officer")
    page.click(f"text={world.own.name}")
    page.click("text=บันทึกผลการประเมิน")
    page.click("a.btn:has-text('2565')")
    # the year is picked from exactly the years with a framework, FY 2570 marked provisional
    options = page.eval_on_selector_all("#id_fiscal_year option", "os => os.map(o => o.text)")
    assert options[0] == "2570 (กรอบชั่วคราว)" and options[-1] == "2562" and len(options) == 9
    assert page.input_value("#id_fiscal_year") == "2565"
    page.select_option("#id_fiscal_year", "2565")
    for number, value in enumerate(SCORES, start=1):
        page.fill(f"#id_i{number}", value)
    page.click("button:has-text('บันทึกและคำนวณผล')")
    page.wait_for_selector("[data-testid=total]")
    assert page.inner_text("[data-testid=total]") == "71.03"
    assert page.inner_text("[data-testid=level]") == "C"
    assert "บันทึกผลการประเมินแล้ว" in page.inner_text(".alert-success")
    weak = page.inner_text("[data-testid=weaknesses]")
    assert weak.index("ตัวชี้วัดที่ 10") < weak.index("ตัวชี้วัดที่ 8") < weak.index("ตัวชี้วัดที่ 6")
    # Chart.js loaded from our own static files and drew all four charts.
    for chart in ("chart-overall", "chart-tools", "chart-indicators", "chart-history"):
        # drawn by a script once the page has loaded: wait for it, a busy machine is slow
        page.wait_for_function(f"!!document.getElementById('{chart}').chart", timeout=10_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "result.png"), full_page=True)


def test_officer_sees_thai_errors_for_bad_scores(page, live_server, world):
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}{reverse('result_edit', args=[world.own.pk])}?year=2566")
    for number in range(1, 11):
        page.fill(f"#id_i{number}", "80")
    page.fill("#id_i4", "180")
    page.click("button:has-text('บันทึกและคำนวณผล')")
    page.wait_for_selector(".invalid-feedback")
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in page.inner_text("main form")
    assert not world.own.results.exists()


def test_foreign_officer_gets_404(page, live_server, world):
    login(page, live_server.url, "foreign_officer")
    response = page.goto(f"{live_server.url}{reverse('agency_detail', args=[world.own.pk])}")
    assert response.status == 404
    response = page.goto(f"{live_server.url}{reverse('result_edit', args=[world.own.pk])}")
    assert response.status == 404


def test_what_if_updates_as_the_officer_types(page, live_server, world):
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}{reverse('what_if')}?year=2565")
    for number, value in enumerate(SCORES, start=1):
        page.fill(f"#id_i{number}", value)
    page.click("button:has-text('คำนวณ')")
    page.wait_for_selector("[data-testid=whatif-total]")
    assert page.inner_text("[data-testid=whatif-total]") == "71.03"
    page.fill("#id_i10", "57.33")  # htmx re-renders the result without a page load
    # a locator waits without evaluating a string (the pages' CSP refuses eval)
    expect(page.locator("[data-testid=whatif-level]")).to_have_text("B")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "whatif.png"), full_page=True)


def test_officer_enters_the_declared_year_and_is_told_it_is_provisional(page, live_server, world):
    login(page, live_server.url, "officer")
    from ita.frameworks import years

    url = f"{live_server.url}{reverse('result_edit', args=[world.own.pk])}"
    page.goto(url)
    # the latest year that has begun: FY 2570 (declared) from 1 October 2026
    assert page.input_value("#id_fiscal_year") == str(years.default_year())
    page.goto(f"{url}?year=2570")
    assert page.input_value("#id_fiscal_year") == "2570"
    expect(page.locator(".alert-warning[data-testid=provisional]")).to_contain_text("ชั่วคราว")
    for number in range(1, 11):
        page.fill(f"#id_i{number}", "๙๐")
    page.click("button:has-text('บันทึกและคำนวณผล')")
    page.wait_for_selector("[data-testid=total]")
    assert page.inner_text("[data-testid=total]") == "90.00"
    notice = page.locator(".alert-warning[data-testid=provisional]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("ปีงบประมาณ 2570")
    expect(notice).to_contain_text("เป็นการชั่วคราว")
    assert world.own.results.get(fiscal_year=2570).framework.code == "ita-2569"
    page.click(f"nav[aria-label=breadcrumb] >> text={world.own.name}")
    expect(page.locator("text=กรอบชั่วคราว").first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "result-provisional.png"), full_page=True)
