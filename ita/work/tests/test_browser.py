"""The queues in Chromium: the bell's count arrives after the page, the menu leads to each
queue, and each shows what its person must do (screenshots under ITA_SCREENSHOTS/work)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.urls import reverse

from ita.agencies.models import Membership, Role
from ita.disclosure import actions as disclosure
from ita.improvement import actions as improvement
from ita.lib.tests.browser import login
from ita.oversight import meetings
from ita.oversight.models import MeetingKind
from ita.work.tests.conftest import plan, ready_items

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "work"


@pytest.fixture
def busy(world, approved):
    """Work for everyone: two plans submitted, items ready in two agencies; for the officer a
    returned plan, the approved plan's overdue rounds, a broken link, a rejected item and the
    province's follow-up."""
    Membership.objects.create(user=world.executive, role=Role.EXECUTIVE, agency=world.neighbour)
    Membership.objects.create(user=world.assessor, role=Role.ASSESSOR, agency=world.neighbour)
    for agency in (world.own, world.neighbour):
        plan(world, agency, 2566)
    returned = plan(world, world.own, 2563)
    improvement.return_plan(
        acting_user=world.executive, analysis=returned, reason="เพิ่มมาตรการตัวชี้วัดที่ 10"
    )
    items = ready_items(world, world.own, 5) + ready_items(world, world.neighbour, 3)
    disclosure.review_item(
        acting_user=world.assessor, item=items[0], accepted=False, comment="ลิงก์เป็นข้อมูลปี 2565"
    )
    type(items[4]).objects.filter(pk=items[4].pk).update(link_verdict="broken")
    meeting = meetings.save_meeting(
        acting_user=world.coordinator, province=world.province,
        data=meetings.MeetingInput(
            kind=MeetingKind.values[0], title="ประชุมติดตาม ITA อำเภอเมือง",
            held_on=dt.date(2026, 11, 2), place="ที่ว่าการอำเภอเมืองแม่ฮ่องสอน",
        ),
    )  # fmt: skip
    meetings.add_followup(
        acting_user=world.coordinator, meeting=meeting,
        data=meetings.FollowUpInput(agency_id=world.own.pk, due_on=dt.date(2026, 12, 15),
                                    request="เผยแพร่ผลการจัดซื้อจัดจ้างรายเดือนบนเว็บไซต์ (ข้อ O13)"),
    )  # fmt: skip
    return world


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_each_person_finds_their_queue_from_the_menu(live_server, page, busy):
    from ita.notifications.actions import unread_count

    base = live_server.url
    login(page, base, "executive")
    page.locator('[data-testid="unread"]').wait_for()  # the bell's count, after the page
    # four plans submitted to them, the approved one's second opinion was theirs to give, and
    # the province asked the own agency something (a follow-up tells its executives too)
    unread = unread_count(busy.executive)
    assert page.locator('[data-testid="unread"]').inner_text() == str(unread) == "6"
    page.locator('[data-testid="work-menu"]').click()
    _shot(page, "menu.png")
    page.get_by_role("link", name="แผนรออนุมัติ/ความเห็น").click()
    page.wait_for_url(f"{base}{reverse('work:inbox')}")
    assert page.locator('[data-testid="inbox-row"]').count() == 2
    _shot(page, "inbox.png")

    login(page, base, "assessor")
    page.goto(f"{base}{reverse('work:queue')}")
    assert page.locator('[data-testid="queue-item"]').count() == 7
    _shot(page, "queue.png")

    login(page, base, "officer")
    page.goto(f"{base}{reverse('work:todo')}")
    assert "เพิ่มมาตรการตัวชี้วัดที่ 10" in page.locator('[data-testid="todo-returned"]').inner_text()
    assert "ลิงก์เป็นข้อมูลปี 2565" in page.locator('[data-testid="todo-clarifications"]').inner_text()
    assert "เกินกำหนดตั้งแต่" in page.locator('[data-testid="todo-rounds"]').inner_text()
    assert "ลิงก์เสีย" in page.locator('[data-testid="todo-links"]').inner_text()
    assert "ข้อ O13" in page.locator('[data-testid="todo-followups"]').inner_text()
    _shot(page, "todo.png")

    page.goto(f"{base}{reverse('work:notifications')}")
    assert page.locator('[data-testid="notification"]').count() >= 2
    _shot(page, "notifications.png")
    page.locator('[data-testid="notification"]').first.get_by_role("button", name="เปิด").click()
    page.wait_for_load_state()
    assert "/work/notifications/" not in page.url  # went to the plan or the item
