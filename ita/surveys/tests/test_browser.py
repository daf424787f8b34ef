"""End to end in Debian's Chromium: the officer issues and prints IIT slips; on a phone-sized
screen a staff member opens a slip's link, answers, submits, sees thanks; the same link again
shows the same form, and submitting it again gives the Thai refusal."""

import os
from pathlib import Path

import pytest

from ita.lib.tests.browser import login
from ita.surveys.queries import response_count

from .conftest import open_wave, token_of

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots"))
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="th-TH", **PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def answer_everything(page):
    # Tap the first choice of every question, as a respondent would, one after another.
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f"input[name='{name}']").first.locator("xpath=..").tap()
    return names


def test_staff_member_answers_on_a_phone_then_the_slip_is_refused(page, phone, live_server, world):
    wave = open_wave(world, "IIT", population=3)
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/surveys/waves/{wave.pk}/")
    page.click("text=ออกและพิมพ์ใบรหัส IIT")
    page.fill("#id_count", "๒")
    page.click("[data-testid=issue-slips]")
    page.wait_for_selector("[data-testid=slip-url]")
    links = page.locator("[data-testid=slip-url]").all_inner_texts()
    assert len(links) == 2 and all("/surveys/t/" in link for link in links)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "survey-slips.png"))
    link = links[0]
    phone.goto(link)
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน" in phone.inner_text("h1")
    # no horizontal scrolling on a phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    names = answer_everything(phone)
    assert phone.inner_text("#answered-count") == str(len(names))
    phone.fill("#comment", "อยากให้มีการอบรมเรื่องการจัดซื้อจัดจ้าง")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "survey-phone.png"))
    phone.click("#send")
    phone.wait_for_selector("[data-testid=thanks]")
    assert "ขอบคุณที่ตอบแบบสำรวจ" in phone.inner_text("main")
    assert response_count(wave) == 1

    # The same slip again: the page looks as it did (whoever polls links learns nothing), and
    # sending answers with it is refused, in Thai.
    phone.goto(link)
    answer_everything(phone)
    phone.click("#send")
    assert "รหัสนี้ใช้ตอบแบบสำรวจไปแล้ว" in phone.inner_text("[data-testid=refused]")
    phone.screenshot(path=str(SHOTS / "survey-refused.png"))


def test_a_second_phone_with_the_form_open_is_refused_at_submit(
    phone, chromium, live_server, world
):
    wave = open_wave(world, "IIT", population=1)
    link = f"{live_server.url}/surveys/t/{wave.public_code}/{token_of(wave, 1)}/"
    other = chromium.new_context(locale="th-TH", **PHONE).new_page()
    phone.goto(link)
    other.goto(link)  # the slip was photographed and opened twice
    answer_everything(phone)
    phone.click("#send")
    phone.wait_for_selector("[data-testid=thanks]")
    answer_everything(other)
    other.click("#send")
    other.wait_for_selector("[data-testid=refused]")
    assert "รหัสแต่ละใบใช้ตอบได้เพียงครั้งเดียว" in other.inner_text("main")
    assert response_count(wave) == 1
    other.context.close()


def test_officer_sees_self_assessment_beside_official_with_charts(page, live_server, world):
    import uuid
    from decimal import Decimal

    from ita.assessments.actions import record_result
    from ita.surveys import actions
    from ita.surveys.questionnaire import read_answers

    from .conftest import pattern_answers, questionnaire

    record_result(
        acting_user=world.officer, agency=world.own, fiscal_year=2566,
        indicator_scores={n: Decimal("80") for n in range(1, 11)},
    )  # fmt: skip
    wave = open_wave(world, "EIT", population=0)
    q = questionnaire(wave)
    for pattern in ("top", "low", "top", "top", "low"):
        actions.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, pattern)),
            client_id=uuid.uuid4(), comment="บริการรวดเร็ว" if pattern == "top" else "",
        )  # fmt: skip
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/surveys/waves/{wave.pk}/")
    page.click("button:has-text('ปิดรอบและคำนวณคะแนน')")
    page.wait_for_selector("[data-testid=comparison-table]")
    for chart in ("chart-overall", "chart-tools", "chart-indicators"):
        # the charts are drawn by a script once the page has loaded, not with the table
        page.wait_for_function(f"!!document.getElementById('{chart}').chart", timeout=10_000)
    legend = page.evaluate(
        "document.getElementById('chart-indicators').chart.data.datasets.map(d => d.label)"
    )
    assert legend == ["ประเมินตนเอง", "ผลทางการ ป.ป.ช."]
    assert page.inner_text("[data-testid=official-tool-score]") == "80.00"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "survey-wave-closed.png"), full_page=True)
    page.goto(f"{live_server.url}/surveys/waves/{wave.pk}/poster/")
    page.screenshot(path=str(SHOTS / "survey-poster.png"))
