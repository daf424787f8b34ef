"""The officer's to-do: returned plans, late progress rounds, failing links, the assessor's
requests for clarification and the province's follow-ups, of the officer's own agency only."""

import datetime as dt

import pytest
from django.urls import reverse

from ita.disclosure import actions as disclosure
from ita.disclosure.models import LinkCheckRun, RunStatus
from ita.improvement import actions as improvement
from ita.oversight import meetings
from ita.oversight.models import MeetingKind
from ita.work.tests.conftest import plan, ready_items


def todo(client, user):
    client.force_login(user)
    response = client.get(reverse("work:todo"))
    assert response.status_code == 200
    return response


def test_a_returned_plan_with_its_reason(client, world):
    analysis = plan(world, world.own, 2566)
    improvement.return_plan(acting_user=world.executive, analysis=analysis, reason="ขาดตัวชี้วัด 9")
    theirs = plan(world, world.foreign, 2566)
    improvement.return_plan(acting_user=world.national, analysis=theirs, reason="ของเขา")
    response = todo(client, world.officer)
    assert [a.pk for a in response.context["returned"]] == [analysis.pk]
    assert "เหตุผล: ขาดตัวชี้วัด 9" in response.content.decode()
    assert [a.pk for a in todo(client, world.foreign_officer).context["returned"]] == [theirs.pk]


def test_late_rounds_of_the_plan_in_force_until_reported(client, world, approved):
    _, mine, theirs = approved
    # FY 2565's plan runs in FY 2566: its 6- and 12-month rounds were due in 2023
    rounds = todo(client, world.officer).context["rounds"]
    assert {(r.measure_id, r.month, r.state) for r in rounds} == {
        (m.pk, month, "overdue") for m in (mine, theirs) for month in (6, 12)
    }
    assert rounds[0].due == dt.date(2023, 3, 31)
    improvement.report_progress(
        acting_user=world.officer, measure=mine, round_month=6,
        data=improvement.ProgressInput(status="in_progress", percent=50, actions="เริ่มแล้ว"),
    )  # fmt: skip
    rounds = todo(client, world.officer).context["rounds"]
    assert (mine.pk, 6) not in {(r.measure_id, r.month) for r in rounds}
    assert "เกินกำหนดตั้งแต่" in todo(client, world.officer).content.decode()


def test_failing_links_and_failed_checks_of_the_newest_checklist(client, world):
    broken, fine, failed_run = ready_items(world, world.own, 3)
    type(broken).objects.filter(pk=broken.pk).update(link_verdict="broken")
    type(fine).objects.filter(pk=fine.pk).update(link_verdict="ok")
    LinkCheckRun.objects.create(
        item=failed_run, status=RunStatus.FAILED, total=1, deadline_seconds=60
    )
    (old,) = ready_items(world, world.own, 1, year=2565)  # an earlier checklist: history
    type(old).objects.filter(pk=old.pk).update(link_verdict="broken")
    response = todo(client, world.officer)
    assert {i.pk for i in response.context["links"]} == {broken.pk, failed_run.pk}
    html = response.content.decode()
    assert "ลิงก์เสีย" in html and "ตรวจลิงก์ไม่สำเร็จ" in html


def test_clarification_requests_until_answered(client, world):
    item, accepted = ready_items(world, world.own, 2)
    disclosure.review_item(
        acting_user=world.assessor, item=item, accepted=False, comment="ไม่พบประกาศปี 2566"
    )
    disclosure.review_item(acting_user=world.assessor, item=accepted, accepted=True)
    response = todo(client, world.officer)
    assert [i.pk for i in response.context["clarifications"]] == [item.pk]
    assert "ความเห็นผู้ตรวจประเมิน: ไม่พบประกาศปี 2566" in response.content.decode()
    disclosure.answer_review(acting_user=world.officer, item=item, reply="เพิ่มแล้ว")
    assert todo(client, world.officer).context["clarifications"] == []


@pytest.fixture
def meeting(world):
    return meetings.save_meeting(
        acting_user=world.coordinator, province=world.province,
        data=meetings.MeetingInput(
            kind=MeetingKind.values[0], title="ประชุมติดตาม ITA", held_on=dt.date(2026, 11, 2),
            place="ศาลากลางจังหวัด",
        ),
    )  # fmt: skip


def test_the_provinces_follow_ups_to_the_agency(client, world, meeting):
    ask = meetings.FollowUpInput(
        agency_id=world.own.pk, request="ปรับปรุงหน้าเว็บไซต์ข้อ O1", due_on=dt.date(2026, 12, 1)
    )
    mine = meetings.add_followup(acting_user=world.coordinator, meeting=meeting, data=ask)
    neighbours = meetings.FollowUpInput(
        agency_id=world.neighbour.pk, request="ของหน่วยงานอื่น", due_on=dt.date(2026, 12, 1)
    )
    meetings.add_followup(acting_user=world.coordinator, meeting=meeting, data=neighbours)
    response = todo(client, world.officer)
    assert [f.pk for f in response.context["followups"]] == [mine.pk]
    html = response.content.decode()
    assert "ปรับปรุงหน้าเว็บไซต์ข้อ O1" in html and "ของหน่วยงานอื่น" not in html
    assert reverse("oversight:agency_followups", args=[world.own.pk]) in html


def test_another_agencys_officer_sees_nothing_of_the_own_agency(client, world, approved):
    (item,) = ready_items(world, world.own, 1)
    disclosure.review_item(acting_user=world.assessor, item=item, accepted=False, comment="x")
    response = todo(client, world.foreign_officer)
    assert response.context["total"] == 0
    assert "เทศบาลเมืองทดสอบ" not in response.content.decode()


def test_the_todo_is_404_without_the_officer_role(client, world):
    client.force_login(world.executive)
    assert client.get(reverse("work:todo")).status_code == 404


def test_query_budget_does_not_grow_with_the_rows(
    client, world, approved, django_assert_max_num_queries
):
    ready_items(world, world.own, 1)
    client.force_login(world.officer)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("work:todo"))
    for item in ready_items(world, world.own, 12)[1:]:
        disclosure.review_item(acting_user=world.assessor, item=item, accepted=False, comment="x")
        type(item).objects.filter(pk=item.pk).update(link_verdict="broken")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("work:todo"))
    assert len(response.context["clarifications"]) == 11
