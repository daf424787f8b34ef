"""The pages of the meetings log and of the agency's follow-ups: the coordinator logs, the owner
agency answers, a neighbour's follow-up is 404, bad input is a Thai message that changes
nothing, and the lists keep their query budgets as meetings and follow-ups grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ita.agencies.models import District, Membership, Role
from ita.audit.models import AuditEvent
from ita.oversight import followups, meetings
from ita.oversight.models import FollowUp, FollowUpStatus, Meeting
from ita.oversight.tests.test_meetings import ask, meeting_of

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), FollowUp.objects.count(), AuditEvent.objects.count()


def test_the_coordinator_logs_a_district_meeting_with_a_follow_up(client, world):
    client.force_login(world.coordinator)
    pai = District.objects.get(province=world.province, name="ปาย")
    response = client.post(
        reverse("oversight:meeting_new", args=[world.province.pk]),
        {"kind": "follow_up", "title": "ประชุมติดตาม ITA อำเภอปาย", "held_on": "๑๕/๐๑/๒๕๖๓",
         "place": "ที่ว่าการอำเภอปาย", "district": pai.pk, "agencies": [world.own.pk]},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "oversight:meeting", args=[meeting.pk]
    )
    assert (meeting.held_on, meeting.fiscal_year, meeting.district) == (
        dt.date(2020, 1, 15), 2563, pai
    )  # fmt: skip
    response = client.post(
        reverse("oversight:followup_add", args=[meeting.pk]),
        {"agency": world.own.pk, "request": "จัดทำมาตรการป้องกันการรับสินบน", "due_on": "31/01/2563"},
    )
    assert response.status_code == 302
    html = client.get(reverse("oversight:meeting", args=[meeting.pk])).content.decode()
    assert "จัดทำมาตรการป้องกันการรับสินบน" in html and "31 ม.ค. 2563" in html and "ยังไม่ตอบ" in html
    html = client.get(reverse("oversight:meetings", args=[world.province.pk]) + "?year=2563")
    assert "ประชุมติดตาม ITA อำเภอปาย" in html.content.decode()


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"held_on": "32/13/2563"}, "วว/ดด/ปปปป"),
        ({"held_on": ""}, "ฟิลด์นี้จำเป็น"),
        ({"agencies": ["foreign"]}, "เลือกตัวเลือกที่ถูกต้อง"),
        ({"kind": "party"}, "เลือกตัวเลือกที่ถูกต้อง"),
    ],
)
def test_a_bad_meeting_is_a_thai_message_and_changes_nothing(client, world, payload, message):
    client.force_login(world.coordinator)
    data = {"kind": "clinic", "title": "คลินิก ITA", "held_on": "1/2/2563", "place": "ศาลากลาง"}
    data |= payload
    if data.get("agencies") == ["foreign"]:
        data["agencies"] = [world.foreign.pk]
    before = counts()
    response = client.post(reverse("oversight:meeting_new", args=[world.province.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_a_follow_up_due_before_the_meeting_is_refused_in_thai(client, world):
    meeting = meeting_of(world)
    client.force_login(world.coordinator)
    before = counts()
    response = client.post(
        reverse("oversight:followup_add", args=[meeting.pk]),
        {"agency": world.own.pk, "request": "ส่งรายงาน", "due_on": "1/1/2563"},
    )
    assert response.status_code == 400
    assert "กำหนดส่งต้องไม่ก่อนวันประชุม" in response.content.decode()
    assert counts() == before


def test_the_officer_answers_and_the_coordinator_sees_and_closes(client, world):
    followup = ask(world, meeting_of(world))
    client.force_login(world.officer)
    agency_page = client.get(reverse("agency_detail", args=[world.own.pk])).content.decode()
    assert reverse("oversight:agency_followups", args=[world.own.pk]) in agency_page
    html = client.get(reverse("oversight:agency_followups", args=[world.own.pk])).content.decode()
    assert (
        followup.request in html
        and reverse("oversight:followup_answer", args=[followup.pk]) in html
    )

    url = reverse("oversight:followup_answer", args=[followup.pk])
    before = counts()
    bad = client.post(url, {"answer": "ทำแล้ว", "evidence_url": "javascript:alert(1)"})
    assert bad.status_code == 400 and "กรุณากรอกลิงก์ที่ขึ้นต้นด้วย" in bad.content.decode()
    assert client.post(url, {"answer": " "}).status_code == 400
    assert counts() == before
    response = client.post(
        url, {"answer": "เผยแพร่แผนแล้ว", "evidence_url": "https://own.example.go.th/p"}
    )
    assert response.status_code == 302

    client.force_login(world.coordinator)
    html = client.get(reverse("oversight:meeting", args=[followup.meeting_id])).content.decode()
    assert "เผยแพร่แผนแล้ว" in html and "https://own.example.go.th/p" in html
    assert client.post(reverse("oversight:followup_close", args=[followup.pk])).status_code == 302
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.CLOSED
    # closing twice: a message, no second event
    response = client.post(reverse("oversight:followup_close", args=[followup.pk]), follow=True)
    assert "เรื่องนี้ปิดแล้ว" in response.content.decode()
    assert AuditEvent.objects.filter(action="oversight.followup_closed").count() == 1


def test_another_agencys_follow_up_is_404(client, world, django_user_model):
    """The neighbour's follow-up, asked at the same meeting of the same province, is not the
    own officer's; nor is the own one the neighbour officer's, nor a division head's."""
    meeting = meeting_of(world)
    own, theirs = ask(world, meeting), ask(world, meeting, agency=world.neighbour)
    neighbour_officer = django_user_model.objects.create_user("neighbour_officer")
    Membership.objects.create(user=neighbour_officer, role=Role.OFFICER, agency=world.neighbour)
    for user, followup in [(world.officer, theirs), (neighbour_officer, own),
                           (world.division_head, own), (world.foreign_officer, own)]:  # fmt: skip
        client.force_login(user)
        url = reverse("oversight:followup_answer", args=[followup.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "x"}).status_code == 404
    client.force_login(world.officer)
    html = client.get(reverse("oversight:agency_followups", args=[world.own.pk])).content.decode()
    assert reverse("oversight:followup_answer", args=[theirs.pk]) not in html
    url = reverse("oversight:agency_followups", args=[world.neighbour.pk])
    assert client.get(url).status_code == 404
    assert not FollowUp.objects.exclude(status=FollowUpStatus.OPEN).exists()


def test_list_pages_keep_their_query_budgets(client, world, django_assert_max_num_queries):
    """Measured at one meeting with one follow-up and again at eight meetings with 24: the same
    number of queries, under the budget."""
    meetings_url = reverse("oversight:meetings", args=[world.province.pk]) + "?year=2563"
    urls = {  # measured: 9, 8, 11
        (world.coordinator, meetings_url): 10,
        (world.officer, reverse("oversight:agency_followups", args=[world.own.pk])): 9,
        (world.coordinator, None): 12,  # the meeting page of the first meeting
    }
    first = meeting_of(world)
    ask(world, first)

    def measure() -> list[int]:
        measured = []
        for (user, url), budget in urls.items():
            client.force_login(user)
            with django_assert_max_num_queries(budget) as captured:
                assert (
                    client.get(url or reverse("oversight:meeting", args=[first.pk])).status_code
                    == 200
                )
            measured.append(len(captured))
        return measured

    small = measure()
    for day in range(1, 8):
        m = meeting_of(world, held_on=dt.date(2020, 2, day))
        meetings.add_issue(acting_user=world.coordinator, meeting=m, text="ประเด็น", indicator=9)
        for _ in range(3):
            ask(world, m)
    for _ in range(2):
        meetings.add_issue(acting_user=world.coordinator, meeting=first, text="อีกประเด็น")
        followups.answer_followup(
            acting_user=world.officer, followup=ask(world, first), answer="ทำแล้ว"
        )
    assert measure() == small


def test_overdue_is_said_of_open_follow_ups_only(client, world):
    """The meeting of 15 Jan 2563 is long past: its open follow-up is overdue; the answered
    one waits for the province, not for the agency."""
    meeting = meeting_of(world)
    ask(world, meeting)
    answered = ask(world, meeting)
    followups.answer_followup(acting_user=world.officer, followup=answered, answer="ทำแล้ว")
    client.force_login(world.officer)
    html = client.get(reverse("oversight:agency_followups", args=[world.own.pk])).content.decode()
    assert html.count("เกินกำหนด") == 1


def test_the_coordinator_records_a_committee_order_and_its_members(client, world):
    client.force_login(world.coordinator)
    url = reverse("oversight:committee_new", args=[world.province.pk])
    data = {"number": "1234/2563", "ordered_on": "20/11/2562", "title": "แต่งตั้งคณะกรรมการ ITA"}
    assert client.post(url, data | {"ordered_on": "20/11"}).status_code == 400
    assert client.post(url, data).status_code == 302
    before = AuditEvent.objects.count()
    again = client.post(url, data)
    assert again.status_code == 400 and "มีคำสั่งเลขที่ 1234/2563 อยู่แล้ว" in again.content.decode()
    assert AuditEvent.objects.count() == before
    committee = world.province.committees.get()
    members = reverse("oversight:member_add", args=[committee.pk])
    position = "ผู้ว่าราชการจังหวัดแม่ฮ่องสอน"
    assert client.post(members, {"position": position, "role": "chair"}).status_code == 302
    bad = client.post(members, {"position": "", "role": "chair"})
    assert bad.status_code == 400 and "ฟิลด์นี้จำเป็น" in bad.content.decode()
    html = client.get(reverse("oversight:committee", args=[committee.pk])).content.decode()
    assert position in html and "ประธานกรรมการ" in html
    assert committee.members.count() == 1


def test_the_coordinator_edits_a_follow_up_and_a_committee_order(client, world):
    followup = ask(world, meeting_of(world))
    client.force_login(world.coordinator)
    url = reverse("oversight:followup_edit", args=[followup.pk])
    assert 'value="29/01/2563"' in client.get(url).content.decode()  # Buddhist-era date shown
    before = counts()
    bad = client.post(url, {"agency": world.own.pk, "request": "ส่งรายงาน", "due_on": "1/1/2563"})
    assert bad.status_code == 400 and "กำหนดส่งต้องไม่ก่อนวันประชุม" in bad.content.decode()
    assert counts() == before
    good = {"agency": world.own.pk, "request": "ส่งรายงานฉบับแก้ไข", "due_on": "15/02/2563"}
    assert client.post(url, good).status_code == 302
    followup.refresh_from_db()
    assert (followup.request, followup.due_on) == ("ส่งรายงานฉบับแก้ไข", dt.date(2020, 2, 15))

    url = reverse("oversight:committee_new", args=[world.province.pk])
    client.post(url, {"number": "7/2563", "ordered_on": "1/11/2562", "title": "คณะทำงาน"})
    committee = world.province.committees.get()
    edit = reverse("oversight:committee_edit", args=[committee.pk])
    assert 'value="01/11/2562"' in client.get(edit).content.decode()
    client.post(edit, {"number": "7/2563", "ordered_on": "1/11/2562", "title": "คณะทำงาน ITA"})
    committee.refresh_from_db()
    assert committee.title == "คณะทำงาน ITA"
