"""Acceptance of issue 12, end to end in Debian's Chromium: the province coordinator opens the
province dashboard, filters to local governments with indicator 10 below 50 in FY 2562, drills
into one of them, logs a district meeting of FY 2563 with a follow-up for it, and downloads the
province report (FY 2562 results, FY 2563 measures and meetings) as Word and PDF; the agency's
officer signs in, sees the follow-up and answers it; the coordinator sees the answer and closes
it. Screenshots of every page go to $ITA_SCREENSHOTS/oversight-journey."""

import io
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from ita.agencies.models import Agency, Membership, Role
from ita.assessments.models import IndicatorScore
from ita.audit.models import AuditEvent
from ita.lib.tests.browser import PASSWORD, login
from ita.lib.thai_text import to_arabic_digits
from ita.oversight.models import FollowUp, FollowUpStatus, Meeting

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "oversight-journey"
MEETING = "ประชุมติดตามการประเมิน ITA ระดับพื้นที่ ครั้งที่ 1/2563"
ASK = "จัดทำมาตรการป้องกันการรับสินบนและเผยแพร่บนเว็บไซต์ภายในเดือนกุมภาพันธ์"
ANSWER = "ประกาศมาตรการป้องกันการรับสินบนแล้ว เผยแพร่บนเว็บไซต์ หัวข้อ O36"


def follow(page, locator):
    with page.expect_navigation():
        locator.click()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def download(page, locator) -> bytes:
    with page.expect_download() as info:
        locator.click()
    return Path(info.value.path()).read_bytes()


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "province-report-2562.pdf"  # kept to look at (pdftoppm)
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def low_on_10(world) -> set[str]:
    return set(
        IndicatorScore.objects.filter(
            assessment__agency__province=world.province,
            assessment__agency__agency_type__in=["pao", "city", "town", "tambon", "sao"],
            assessment__fiscal_year=2562, indicator__number=10, score__lt=Decimal(50),
        ).values_list("assessment__agency__code", flat=True)
    )  # fmt: skip


def coordinator_filters_and_logs(page, base, world) -> Agency:
    login(page, base, "coordinator")
    follow(page, page.locator("nav >> text=ภาพรวมจังหวัด"))
    page.select_option("#id_year", "2562")
    page.select_option("#id_group", "local")
    page.select_option("#id_indicator", "10")
    page.fill("#id_below", "50")
    follow(page, page.locator("button:has-text('แสดง')"))
    rows = page.locator("[data-testid=heatmap] tbody tr[data-agency]")
    codes = {rows.nth(i).get_attribute("data-agency") for i in range(rows.count())}
    assert codes == low_on_10(world) and len(codes) > 10
    shot(page, "1-dashboard-local-i10-below-50")

    agency = Agency.objects.get(code=rows.first.get_attribute("data-agency"))
    follow(page, rows.first.locator("td.agency-name a"))
    assert agency.name in page.inner_text("main") and "2562" in page.inner_text("h1")
    shot(page, "2-agency-result-2562")
    follow(page, page.locator(f".breadcrumb >> text={agency.name}"))
    follow(page, page.locator("[data-testid=followups-link]"))
    assert "ไม่มีเรื่องที่ค้างอยู่" in page.inner_text("[data-testid=open-followups]")
    follow(page, page.locator("[data-testid=log-meeting]"))
    # the agency and its district come chosen from the agency's page
    assert page.locator("#id_district").input_value() == str(agency.district_id)
    assert page.locator("#id_agencies").evaluate(
        "s => [...s.selectedOptions].map(o => o.value)"
    ) == [str(agency.pk)]
    page.fill("#id_title", MEETING)
    page.fill("#id_held_on", "01/32/2563")  # a wrong date first: a Thai message, nothing saved
    page.fill("#id_place", f"ห้องประชุมที่ว่าการ{agency.district}")
    follow(page, page.locator("main button[type=submit]"))
    assert "วว/ดด/ปปปป" in page.inner_text("main") and not Meeting.objects.exists()
    shot(page, "3-meeting-form-bad-date")
    page.fill("#id_held_on", "๒๐/๐๑/๒๕๖๓")
    follow(page, page.locator("main button[type=submit]"))
    assert MEETING in page.inner_text("h1")
    assert page.locator("#id_agency").input_value() == str(agency.pk)
    page.fill("#id_request", ASK)
    page.fill("#id_due_on", "28/02/2563")
    follow(page, page.locator("[data-testid=followup-form] button[type=submit]"))
    table = page.inner_text("[data-testid=followups]")
    assert ASK in table and "28 ก.พ. 2563" in table and "เปิด" in table
    shot(page, "4-meeting-with-follow-up")
    meeting = Meeting.objects.get()
    assert (meeting.fiscal_year, meeting.district_id) == (2563, agency.district_id)
    return agency


def coordinator_downloads_report(page, agency):
    follow(page, page.locator(".breadcrumb >> text=ภาพรวมจังหวัดแม่ฮ่องสอน"))
    assert "2563" in page.inner_text("h1")  # the meeting's year; the report is of FY 2562
    page.select_option("#id_year", "2562")
    follow(page, page.locator("button:has-text('แสดง')"))
    word = docx_text(download(page, page.locator("[data-testid=province-report-docx]")))
    pdf = pdf_text(download(page, page.locator("[data-testid=province-report-pdf]")))
    for text in (word, pdf):
        assert "แม่ฮ่องสอน" in text and "ปีงบประมาณ พ.ศ. ๒๕๖๒" in text  # Thai digits
    assert ASK in word and MEETING in to_arabic_digits(word)  # the report prints Thai digits
    # the PDF's table cells wrap: compare without white space, on what is not in a cell
    flat = "".join(pdf.split())
    assert "เรื่องที่ต้องติดตาม๑เรื่อง" in flat and "".join(agency.name.split()) in flat
    shot(page, "5-dashboard-report-downloaded")


def officer_answers(page, base, agency, django_user_model):
    officer = django_user_model.objects.create_user("officer_low", password=PASSWORD)
    Membership.objects.create(user=officer, role=Role.OFFICER, agency=agency)
    login(page, base, "officer_low")
    follow(page, page.locator(f"main >> text={agency.name}"))
    follow(page, page.locator("[data-testid=followups-link]"))
    row = page.locator("[data-testid=open-followups] tr[data-followup]")
    assert row.count() == 1 and ASK in row.inner_text() and "เปิด" in row.inner_text()
    shot(page, "6-officer-follow-ups")
    follow(page, row.locator("a:has-text('ตอบ')"))
    page.fill("#id_answer", ANSWER)
    page.fill("#id_evidence_url", "เว็บไซต์ของเรา")  # not a link: a Thai message, no answer
    follow(page, page.locator("main button[type=submit]"))
    assert "กรุณากรอกลิงก์ที่ขึ้นต้นด้วย" in page.inner_text("main")
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN
    page.fill("#id_evidence_url", "https://example.go.th/oit/o36")
    shot(page, "7-officer-answer-form")
    follow(page, page.locator("main button[type=submit]"))
    row = page.locator("[data-testid=open-followups] tr[data-followup]")
    assert "ตอบแล้ว" in row.inner_text() and ANSWER in row.inner_text()
    shot(page, "8-officer-answered")
    return officer


def coordinator_sees_and_closes(page, base):
    login(page, base, "coordinator")
    follow(page, page.locator("nav >> text=ภาพรวมจังหวัด"))
    follow(page, page.locator("[data-testid=meetings-link]"))  # of the dashboard's year
    follow(page, page.locator(".nav-pills >> text=ปี 2563"))  # the years that have meetings
    meetings = page.locator("[data-testid=meetings] tr[data-meeting]")
    assert meetings.count() == 1 and MEETING in meetings.inner_text()
    shot(page, "9-meetings-2563")
    follow(page, meetings.locator("a"))
    answer = page.inner_text("[data-testid=followups] [data-testid=answer]")
    assert ANSWER in answer
    shot(page, "10-coordinator-sees-answer")
    follow(page, page.locator("[data-testid=followups] button:has-text('ปิดเรื่อง')"))
    assert "ปิด" in page.inner_text("[data-testid=followups] [data-testid=status]")
    shot(page, "11-closed")


def test_coordinator_logs_a_meeting_the_officer_answers(
    page, live_server, world, demo_province, django_user_model
):
    base = live_server.url
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    agency = coordinator_filters_and_logs(page, base, world)
    coordinator_downloads_report(page, agency)
    officer = officer_answers(page, base, agency, django_user_model)
    coordinator_sees_and_closes(page, base)

    followup = FollowUp.objects.get()
    assert (followup.status, followup.answered_by, followup.agency) == (
        FollowUpStatus.CLOSED, officer, agency
    )  # fmt: skip
    actions = list(
        AuditEvent.objects.filter(action__startswith="oversight.").order_by("pk")
        .values_list("action", flat=True)
    )  # fmt: skip
    assert actions == ["oversight.meeting_created", "oversight.followup_added",
                       "oversight.followup_answered", "oversight.followup_closed"]  # fmt: skip
    assert violations == []
