"""End to end in Debian's Chromium: an agency that kept its FY 2568 checklist opens FY 2569 (a
new framework), sees which items are new, merged or renumbered, and takes last year's risk
assessment over as this year's evidence with one click; the link is checked in the background
(the page reloads when it ends) and the page warns that it may still show last year's data."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from ita.audit.models import AuditEvent
from ita.lib.tests.browser import login

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "disclosure"


def test_officer_takes_last_years_evidence_over_into_the_new_framework(
    page, live_server, site_world
):
    from ita.disclosure import actions

    w, base = site_world, live_server.url
    y2568 = actions.open_year(acting_user=w.officer, agency=w.own, fiscal_year=2568)
    actions.add_evidence(
        acting_user=w.officer,
        item=y2568.items.get(item__code="O23"),
        urls=[w.site.url("/page/risk-assessment")],
        explanation="ผลการประเมินความเสี่ยงการทุจริต 3 กระบวนงาน",
    )

    login(page, base, "officer")
    page.goto(f"{base}{reverse('disclosure:year', args=[w.own.pk, 2569])}")
    page.click("button:has-text('เริ่มรายการตรวจ OIT ปี 2569')")
    assert page.inner_text("[data-testid=change-O20]") == "รวมจาก O21, O22"
    assert page.inner_text("[data-testid=change-O6]") == "ใหม่"
    assert "มีหลักฐานของปี 2568" in page.inner_text("[data-testid=earlier-O21]")
    assert "O6" in page.inner_text("[data-testid=dropped]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "year-2569-marks.png"), full_page=True)

    page.click("[data-testid=items] a:has-text('การประเมินความเสี่ยงการทุจริต')")
    assert page.inner_text("[data-testid=change]") == "เปลี่ยนเลขจาก O23"
    proposal = page.inner_text("[data-testid=proposal-O23]")
    assert w.site.url("/page/risk-assessment") in proposal
    assert "ยังไม่มีหลักฐาน" in page.inner_text("[data-testid=evidence]")  # nothing copied yet
    page.click("button:has-text('ยกหลักฐานนี้มาเป็นหลักฐานปี 2569')")

    assert "ยกหลักฐานของปีก่อนมาเป็นฉบับที่ 1 แล้ว" in page.inner_text("main")
    page.wait_for_selector("[data-testid=check-run][data-status=done]", timeout=30000)
    evidence = page.inner_text("[data-testid=evidence]")
    assert "ยกมาจากหลักฐานปีงบประมาณ 2568 ข้อ O23" in evidence
    assert page.inner_text("[data-testid=verdict]") == "เปิดได้"
    assert "2569" in page.inner_text("[data-testid=stale]")  # the test page shows FY 2566
    assert "มีลิงก์เหล่านี้แล้ว" in page.inner_text("[data-testid=proposals]")
    page.screenshot(path=str(SHOTS / "item-taken-over.png"), full_page=True)
    assert AuditEvent.objects.filter(action="disclosure.evidence_taken_over").count() == 1
