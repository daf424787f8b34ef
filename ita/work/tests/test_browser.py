"""The queues in Chromium: the bell's count arrives after the page, the menu leads to each
queue, and each shows what its person must do (screenshots under ITA_SCREENSHOTS/work)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from ita.agencies.models import Membership, Role
from ita.disclosure import actions as disclosure
from ita.improvement import actions as improvement
from ita.lib.tests.browser import login
from ita.work.tests.conftest import plan, ready_items

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("ITA_SCREENSHOTS", "/tmp/ita-screenshots")) / "work"


@pytest.fixture
def busy(world):
    """Work for everyone: two plans submitted, items ready in two agencies, a rejected item
    and a returned plan for the officer."""
    Membership.objects.create(user=world.executive, role=Role.EXECUTIVE, agency=world.neighbour)
    Membership.objects.create(user=world.assessor, role=Role.ASSESSOR, agency=world.neighbour)
    for agency in (world.own, world.neighbour):
        plan(world, agency, 2566)
    returned = plan(world, world.own, 2565)
    improvement.return_plan(
        acting_user=world.executive, analysis=returned, reason="เพิ่มมาตรการตัวชี้วัดที่ 10"
    )
    items = ready_items(world, world.own, 4) + ready_items(world, world.neighbour, 3)
    disclosure.review_item(
        acting_user=world.assessor, item=items[0], accepted=False, comment="ลิงก์เป็นข้อมูลปี 2565"
    )
    return world


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_each_person_finds_their_queue_from_the_menu(live_server, page, busy):
    from ita.notifications.actions import unread_count

    base = live_server.url
    login(page, base, "executive")
    page.locator('[data-testid="unread"]').wait_for()  # the bell's count, after the page
    unread = unread_count(busy.executive)  # three plans were submitted to them
    assert page.locator('[data-testid="unread"]').inner_text() == str(unread) == "3"
    page.locator('[data-testid="work-menu"]').click()
    _shot(page, "menu.png")
    page.get_by_role("link", name="แผนรออนุมัติ/ความเห็น").click()
    page.wait_for_url(f"{base}{reverse('work:inbox')}")
    assert page.locator('[data-testid="inbox-row"]').count() == 2
    _shot(page, "inbox.png")

    login(page, base, "assessor")
    page.goto(f"{base}{reverse('work:queue')}")
    assert page.locator('[data-testid="queue-item"]').count() == 6
    _shot(page, "queue.png")

    login(page, base, "officer")
    page.goto(f"{base}{reverse('work:todo')}")
    assert "เพิ่มมาตรการตัวชี้วัดที่ 10" in page.locator('[data-testid="todo-returned"]').inner_text()
    assert "ลิงก์เป็นข้อมูลปี 2565" in page.locator('[data-testid="todo-clarifications"]').inner_text()
    _shot(page, "todo.png")

    page.goto(f"{base}{reverse('work:notifications')}")
    assert page.locator('[data-testid="notification"]').count() >= 2
    _shot(page, "notifications.png")
    page.locator('[data-testid="notification"]').first.get_by_role("button", name="เปิด").click()
    page.wait_for_load_state()
    assert "/work/notifications/" not in page.url  # went to the plan or the item
