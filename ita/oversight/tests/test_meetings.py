"""Committees, meetings and follow-ups (issue 12): the actions' rules and audit events, and the
two read models other apps call (open_followups_for_agency, followup_log)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from ita.agencies.models import District, Membership
from ita.audit.models import AuditEvent
from ita.lib.policy import NotAllowed
from ita.oversight import committees, followups, meetings
from ita.oversight.committees import OversightError
from ita.oversight.models import Committee, FollowUp, FollowUpStatus, Meeting

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 1, 15)  # FY 2563


def meeting_of(world, **changes) -> Meeting:
    data = dict(
        kind="follow_up", title="ประชุมติดตามการประเมิน ITA อำเภอปาย", held_on=DAY,
        place="ที่ว่าการอำเภอปาย", agency_ids=[world.own.pk, world.neighbour.pk],
        district_id=District.objects.get(province=world.province, name="ปาย").pk,
    ) | changes  # fmt: skip
    return meetings.save_meeting(
        acting_user=world.coordinator, province=world.province, data=meetings.MeetingInput(**data)
    )


def ask(world, meeting, agency=None, days=14, **changes) -> FollowUp:
    data = dict(agency_id=(agency or world.own).pk, request="เผยแพร่แผนจัดซื้อจัดจ้างประจำปี",
                due_on=meeting.held_on + dt.timedelta(days=days)) | changes  # fmt: skip
    return meetings.add_followup(
        acting_user=world.coordinator, meeting=meeting, data=meetings.FollowUpInput(**data)
    )


def test_a_meeting_is_saved_with_its_fiscal_year_and_audited(world):
    meeting = meeting_of(world, held_on=dt.date(2019, 10, 1))  # the first day of FY 2563
    assert meeting.fiscal_year == 2563
    assert set(meeting.agencies_present.all()) == {world.own, world.neighbour}
    event = AuditEvent.objects.get(action="oversight.meeting_created")
    assert event.actor == world.coordinator and event.object_id == str(meeting.pk)
    assert event.after["agencies"] == sorted([world.own.pk, world.neighbour.pk])

    meetings.save_meeting(
        acting_user=world.coordinator, province=world.province, meeting=meeting,
        data=meetings.MeetingInput(kind="clinic", title="คลินิก ITA", held_on=DAY,
                                   place="ศาลากลาง", agency_ids=[]),
    )  # fmt: skip
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.district_id, meeting.agencies_present.count()) == (
        "clinic",
        None,
        0,
    )
    saved = AuditEvent.objects.get(action="oversight.meeting_saved")
    assert saved.before["kind"] == "follow_up" and saved.after["kind"] == "clinic"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "party"}, "ประเภทการประชุม"),
        ({"title": "  "}, "เรื่องและสถานที่"),
        ({"agency_ids": "foreign"}, "หน่วยงานที่เข้าร่วมต้องเป็นหน่วยงานในจังหวัดนี้"),
        ({"district_id": "foreign"}, "อำเภอที่เลือกไม่อยู่ในจังหวัดนี้"),
    ],
)
def test_a_meeting_outside_the_province_or_incomplete_is_refused(world, changes, message):
    if changes.get("agency_ids") == "foreign":
        changes["agency_ids"] = [world.own.pk, world.foreign.pk]
    if changes.get("district_id") == "foreign":
        changes["district_id"] = District.objects.filter(province=world.other_province)[0].pk
    with pytest.raises(OversightError, match=message):
        meeting_of(world, **changes)
    assert not Meeting.objects.exists() and not AuditEvent.objects.exists()


def test_issues_and_follow_ups_are_checked_and_audited(world):
    meeting = meeting_of(world)
    issue = meetings.add_issue(acting_user=world.coordinator, meeting=meeting,
                               text="ยังไม่มีมาตรการป้องกันการรับสินบน", indicator=10)  # fmt: skip
    assert issue.order == 1
    with pytest.raises(OversightError, match="ไม่มีตัวชี้วัดที่ 11"):
        meetings.add_issue(acting_user=world.coordinator, meeting=meeting, text="x", indicator=11)
    followup = ask(world, meeting, issue_id=issue.pk)
    assert followup.status == FollowUpStatus.OPEN and followup.issue == issue
    event = AuditEvent.objects.get(action="oversight.followup_added")
    assert event.agency == world.own  # the agency's own log shows what the province asked

    before = AuditEvent.objects.count()
    for changes, message in [
        ({"days": -1}, "กำหนดส่งต้องไม่ก่อนวันประชุม"),
        ({"agency": world.foreign}, "หน่วยงานที่เลือกไม่อยู่ในจังหวัดนี้"),
        ({"request": " "}, "สิ่งที่ขอให้หน่วยงานดำเนินการ"),
    ]:
        with pytest.raises(OversightError, match=message):
            ask(world, meeting, **changes)
    other = meeting_of(world)
    other_issue = meetings.add_issue(acting_user=world.coordinator, meeting=other, text="y")
    with pytest.raises(OversightError, match="ประเด็นที่เลือกไม่ใช่ของการประชุมนี้"):
        ask(world, meeting, issue_id=other_issue.pk)
    assert FollowUp.objects.count() == 1
    assert AuditEvent.objects.count() == before + 2  # the second meeting and its issue


def test_the_agency_answers_and_the_coordinator_closes(world):
    followup = ask(world, meeting_of(world))
    with pytest.raises(OversightError, match="หน่วยงานยังไม่ได้ตอบ"):
        followups.close_followup(acting_user=world.coordinator, followup=followup)
    with pytest.raises(OversightError, match="กรุณากรอกคำตอบ"):
        followups.answer_followup(acting_user=world.officer, followup=followup, answer="  ")
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN

    followups.answer_followup(acting_user=world.officer, followup=followup, answer="เผยแพร่แล้ว",
                              evidence_url="https://own.example.go.th/plan")  # fmt: skip
    # a better answer (the executive's) replaces it until the follow-up is closed
    followups.answer_followup(acting_user=world.executive, followup=followup,
                              answer="เผยแพร่แล้ว พร้อมประกาศ")  # fmt: skip
    followup.refresh_from_db()
    assert (followup.status, followup.answer, followup.answered_by) == (
        FollowUpStatus.ANSWERED, "เผยแพร่แล้ว พร้อมประกาศ", world.executive,
    )  # fmt: skip
    answers = AuditEvent.objects.filter(action="oversight.followup_answered").order_by("pk")
    assert [e.after["answer"] for e in answers] == ["เผยแพร่แล้ว", "เผยแพร่แล้ว พร้อมประกาศ"]

    followups.close_followup(acting_user=world.coordinator, followup=followup)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.CLOSED and followup.closed_by == world.coordinator
    for act in (
        lambda: followups.answer_followup(acting_user=world.officer, followup=followup, answer="z"),
        lambda: followups.close_followup(acting_user=world.coordinator, followup=followup),
    ):
        with pytest.raises(OversightError, match="ปิดแล้ว"):
            act()
    assert AuditEvent.objects.filter(action="oversight.followup_closed").count() == 1


def test_committee_orders_and_members(world):
    data = committees.CommitteeInput(number="1234/2563", ordered_on=dt.date(2019, 11, 20),
                                     title="แต่งตั้งคณะกรรมการกำกับติดตาม ITA",
                                     lead_agency_id=world.own.pk)  # fmt: skip
    committee = committees.save_committee(acting_user=world.coordinator, province=world.province,
                                          data=data)  # fmt: skip
    assert committee.fiscal_year == 2563
    with pytest.raises(OversightError, match="มีคำสั่งเลขที่ 1234/2563 อยู่แล้ว"):
        committees.save_committee(acting_user=world.coordinator, province=world.province,
                                  data=data)  # fmt: skip
    for role in ("chair", "secretary"):
        member = committees.MemberInput(position="ผู้ว่าราชการจังหวัด", role=role)
        committees.add_member(acting_user=world.coordinator, committee=committee, data=member)
    assert [m.order for m in committee.members.all()] == [1, 2]
    with pytest.raises(OversightError, match="ตำแหน่งในคณะกรรมการ"):
        committees.add_member(acting_user=world.coordinator, committee=committee,
                              data=committees.MemberInput(position="x", role="boss"))  # fmt: skip
    with pytest.raises(OversightError, match="ไม่อยู่ในจังหวัดนี้"):
        committees.add_member(
            acting_user=world.coordinator, committee=committee,
            data=committees.MemberInput(position="x", role="member", agency_id=world.foreign.pk),
        )  # fmt: skip
    assert Committee.objects.get().members.count() == 2
    assert AuditEvent.objects.filter(action__startswith="oversight.committee").count() == 3


def test_open_followups_for_agency_are_the_not_closed_ones_by_due_date(
    world, django_assert_num_queries
):
    meeting = meeting_of(world)
    late = ask(world, meeting, days=30)
    soon = ask(world, meeting, days=3)
    answered = ask(world, meeting, days=10)
    followups.answer_followup(acting_user=world.officer, followup=answered, answer="ทำแล้ว")
    closed = ask(world, meeting, days=1)
    followups.answer_followup(acting_user=world.officer, followup=closed, answer="ทำแล้ว")
    followups.close_followup(acting_user=world.coordinator, followup=closed)
    ask(world, meeting, agency=world.neighbour, days=2)  # another agency's

    with django_assert_num_queries(1):
        rows = list(followups.open_followups_for_agency(world.own))
        assert [r.meeting.district.name for r in rows] == ["ปาย"] * 3  # no query per row
    assert rows == [soon, answered, late]


def test_followup_log_is_the_years_meetings_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    def log():
        with django_assert_num_queries(4):
            return followups.followup_log(world.province, 2563)

    first = meeting_of(world, held_on=dt.date(2019, 12, 1))
    issue = meetings.add_issue(acting_user=world.coordinator, meeting=first, text="ตัวชี้วัด 9 ต่ำ",
                               indicator=9)  # fmt: skip
    ask(world, first, issue_id=issue.pk)
    assert len(log()) == 1
    for month in (2, 3, 4, 5):
        m = meeting_of(world, held_on=dt.date(2020, month, 1), agency_ids=[world.own.pk])
        ask(world, m)
        ask(world, m, agency=world.neighbour)
    meeting_of(world, held_on=dt.date(2020, 10, 1))  # FY 2564: not in the log
    meetings.save_meeting(
        acting_user=world.national, province=world.other_province,
        data=meetings.MeetingInput(kind="clinic", title="คลินิก", held_on=DAY, place="x"),
    )  # another province's  # fmt: skip

    entries = log()
    assert [e.held_on.month for e in entries] == [12, 2, 3, 4, 5]
    head = entries[0]
    assert head.kind_label == "ประชุมติดตาม" and head.district == "อำเภอปาย"
    assert head.agencies_present == tuple(sorted([world.own.name, world.neighbour.name]))
    assert head.issues == (("ตัวชี้วัด 9 ต่ำ", 9),)
    (f,) = head.followups
    assert (f.agency, f.status_label, f.indicator) == (world.own.name, "เปิด", 9)
    assert [len(e.followups) for e in entries[1:]] == [2, 2, 2, 2]


def test_a_follow_up_is_edited_until_closed_and_keeps_the_agency_that_answered(world):
    meeting = meeting_of(world)
    followup = ask(world, meeting)
    later = meetings.FollowUpInput(agency_id=world.neighbour.pk, request="ส่งภายในสิ้นเดือน",
                                   due_on=DAY + dt.timedelta(days=30))  # fmt: skip
    meetings.edit_followup(acting_user=world.coordinator, followup=followup, data=later)
    followup.refresh_from_db()
    assert (followup.agency, followup.request) == (world.neighbour, "ส่งภายในสิ้นเดือน")
    event = AuditEvent.objects.get(action="oversight.followup_edited")
    assert (event.before["agency"], event.after["agency"]) == (world.own.pk, world.neighbour.pk)

    # the agency it now belongs to answers (the own officer may not: the action asks its rule)
    neighbours = Membership.objects.create(
        user=User.objects.create_user("neighbour_officer"), role="officer", agency=world.neighbour
    ).user
    with pytest.raises(NotAllowed):
        followups.answer_followup(acting_user=world.officer, followup=followup, answer="ทำแล้ว")
    followups.answer_followup(acting_user=neighbours, followup=followup, answer="ทำแล้ว")
    back = meetings.FollowUpInput(agency_id=world.own.pk, request="x", due_on=later.due_on)
    with pytest.raises(OversightError, match="เปลี่ยนหน่วยงานที่รับผิดชอบไม่ได้"):
        meetings.edit_followup(acting_user=world.coordinator, followup=followup, data=back)
    followups.close_followup(acting_user=world.coordinator, followup=followup)
    with pytest.raises(OversightError, match="ปิดแล้ว แก้ไขไม่ได้"):
        meetings.edit_followup(acting_user=world.coordinator, followup=followup, data=later)
    followup.refresh_from_db()
    assert followup.agency == world.neighbour


def test_a_member_is_removed_with_an_audit_event(world):
    committee = committees.save_committee(
        acting_user=world.coordinator, province=world.province,
        data=committees.CommitteeInput(number="5/2563", ordered_on=DAY, title="คณะทำงาน"),
    )  # fmt: skip
    seats = [
        committees.add_member(acting_user=world.coordinator, committee=committee,
                              data=committees.MemberInput(position=p, role="member"))
        for p in ("ปลัดจังหวัด", "ท้องถิ่นจังหวัด")
    ]  # fmt: skip
    committees.remove_member(acting_user=world.coordinator, member=seats[0])
    assert [m.position for m in committee.members.all()] == ["ท้องถิ่นจังหวัด"]
    event = AuditEvent.objects.get(action="oversight.committee_member_removed")
    assert event.before["position"] == "ปลัดจังหวัด"
    # the next seat still takes the next number (an amended order does not renumber)
    seat = committees.MemberInput(position="x", role="member")
    added = committees.add_member(acting_user=world.coordinator, committee=committee, data=seat)
    assert added.order == 3
