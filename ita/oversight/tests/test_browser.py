"""End to end in Debian's Chromium: the province coordinator opens the province dashboard from
the menu, filters to local governments with indicator 10 below 50 in FY 2562, and drills into
one of them; the national administrator opens the national dashboard and drills into the
province. Screenshots of both pages go to $ITA_SCREENSHOTS/oversight."""

import os
from decimal import Decimal
from pathlib import Path

import pytest

from ita.assessments.models import IndicatorScore
from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "oversight"


def submit(page):
    """Show the filtered page; wait for it, so nothing is read from the page before."""
    with page.expect_navigation():
        page.click("button:has-text('แสดง')")


def follow(page, locator):
    with page.expect_navigation():
        locator.click()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_coordinator_filters_and_drills_down(page, live_server, world, demo_province):
    base = live_server.url
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    login(page, base, "coordinator")
    follow(page, page.locator("nav >> text=ภาพรวมจังหวัด"))
    page.select_option("#id_year", "2562")
    submit(page)
    assert page.inner_text("[data-testid=avg-9]") == "38.67"
    assert page.inner_text("[data-testid=avg-10]") == "25.89"
    shot(page, "province-2562")

    page.select_option("#id_group", "local")
    page.select_option("#id_indicator", "10")
    page.fill("#id_below", "50")
    submit(page)
    expected = set(
        IndicatorScore.objects.filter(
            assessment__agency__province=world.province,
            assessment__agency__agency_type__in=["pao", "city", "town", "tambon", "sao"],
            assessment__fiscal_year=2562,
            indicator__number=10,
            score__lt=Decimal(50),
        ).values_list("assessment__agency__code", flat=True)
    )
    rows = page.locator("[data-testid=heatmap] tbody tr[data-agency]")
    codes = {rows.nth(i).get_attribute("data-agency") for i in range(rows.count())}
    assert codes == expected and len(codes) > 10
    # numbers right-aligned, two decimals
    total = rows.first.locator("[data-testid=total]")
    assert total.evaluate("e => getComputedStyle(e).textAlign") == "right"
    assert len(total.inner_text().split(".")[1]) == 2
    shot(page, "province-2562-local-i10-below-50")

    first = rows.first.locator("td.agency-name a")
    name = first.get_attribute("title")  # the full name; the cell shows the short one
    follow(page, first)
    assert "2562" in page.inner_text("h1")
    assert name in page.inner_text("main")
    assert violations == []


def test_national_dashboard(page, live_server, world, demo_province):
    base = live_server.url
    login(page, base, "national")
    follow(page, page.locator('nav >> text="ภาพรวม"'))
    page.select_option("#id_year", "2562")
    submit(page)
    assert "ทั้งประเทศ" in page.inner_text("h1")
    row = page.locator(f"[data-province='{world.province.code}']")
    assert row.locator("[data-testid=province-avg]").inner_text() == "62.38"
    shot(page, "national-2562")
    follow(page, row.locator("a"))
    assert "จังหวัดแม่ฮ่องสอน" in page.inner_text("h1")
    assert page.inner_text("[data-testid=avg-10]") == "25.89"
