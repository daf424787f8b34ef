"""The permission matrix's world for the committees, meetings and follow-ups
(tests_access/test_permission_matrix): a committee of the own province, a district meeting of
yesterday with one issue, and two follow-ups for the own agency, one of them answered. Built
through the actions, once per test (kept on the matrix's Objects)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def _world(o) -> dict:
    if getattr(o, "_oversight", None) is None:
        from ita.oversight import committees, followups, meetings

        w, coordinator = o.w, o.w.coordinator
        committee = committees.save_committee(
            acting_user=coordinator, province=w.province,
            data=committees.CommitteeInput(number="1/2563", ordered_on=dt.date(2019, 11, 1),
                                           title="แต่งตั้งคณะกรรมการกำกับติดตามการประเมิน ITA"),
        )  # fmt: skip
        member = committees.add_member(
            acting_user=coordinator, committee=committee,
            data=committees.MemberInput(position="ผู้ว่าราชการจังหวัด", role="chair"),
        )  # fmt: skip
        today = timezone.localdate()
        meeting = meetings.save_meeting(
            acting_user=coordinator, province=w.province,
            data=meetings.MeetingInput(
                kind="follow_up", title="ประชุมติดตามการประเมิน ITA อำเภอเมือง",
                held_on=today - dt.timedelta(days=1), place="ที่ว่าการอำเภอเมืองแม่ฮ่องสอน",
                district_id=w.own.district_id, agency_ids=[w.own.pk],
            ),
        )  # fmt: skip
        meetings.add_issue(acting_user=coordinator, meeting=meeting,
                           text="ยังไม่เปิดเผยแผนการจัดซื้อจัดจ้าง", indicator=9)  # fmt: skip
        ask = meetings.FollowUpInput(agency_id=w.own.pk, request="เผยแพร่แผนจัดซื้อจัดจ้าง",
                                     due_on=today + dt.timedelta(days=14))  # fmt: skip
        open_one = meetings.add_followup(acting_user=coordinator, meeting=meeting, data=ask)
        answered = meetings.add_followup(acting_user=coordinator, meeting=meeting, data=ask)
        followups.answer_followup(
            acting_user=w.officer, followup=answered, answer="เผยแพร่แล้ว",
            evidence_url="https://own.example.go.th/plan",
        )  # fmt: skip
        o._oversight = {"committee": committee, "member": member, "meeting": meeting,
                        "open": open_one, "answered": answered}  # fmt: skip
    return o._oversight


def given(o) -> None:
    _world(o)


def province(o, persona) -> list:
    return [o.w.province.pk]


def committee(o, persona) -> list:
    return [_world(o)["committee"].pk]


def member(o, persona) -> list:
    return [_world(o)["committee"].pk, _world(o)["member"].pk]


def meeting(o, persona) -> list:
    return [_world(o)["meeting"].pk]


def open_followup(o, persona) -> list:
    return [_world(o)["open"].pk]


def answered_followup(o, persona) -> list:
    return [_world(o)["answered"].pk]


def own_agency(o, persona) -> list:
    return [o.w.own.pk]


def _thai(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"


def meeting_data(o) -> dict:
    return {"kind": "clinic", "title": "คลินิก ITA", "held_on": _thai(timezone.localdate()),
            "place": "ศาลากลางจังหวัด", "agencies": [o.w.own.pk]}  # fmt: skip


def followup_data(o) -> dict:
    day = timezone.localdate() + dt.timedelta(days=30)
    return {"agency": o.w.own.pk, "request": "ส่งคำสั่งแต่งตั้งคณะทำงาน", "due_on": _thai(day)}


def committee_data(o) -> dict:
    return {"number": "9/2564", "ordered_on": "1/10/2563", "title": "แต่งตั้งคณะทำงาน ITA"}


def member_data(o) -> dict:
    return {"position": "ผู้ว่าราชการจังหวัดแม่ฮ่องสอน", "role": "chair"}


def issue_data(o) -> dict:
    return {"text": "ยังไม่มีมาตรการป้องกันการรับสินบน", "indicator": "10"}


def answer_data(o) -> dict:
    return {"answer": "แต่งตั้งคณะทำงานแล้ว ตามคำสั่งที่ 5/2563"}
