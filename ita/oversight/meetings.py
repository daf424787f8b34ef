"""Meetings and clinic visits, their issues and the follow-ups they ask of agencies: each write
one audited action (views, the demo and the tests call these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ita.agencies.models import Agency
from ita.audit.log import record
from ita.frameworks import years
from ita.lib.policy import require
from ita.lib.thai_dates import fiscal_year_of
from ita.oversight import notices
from ita.oversight.committees import OversightError, province_agency
from ita.oversight.models import Committee, FollowUp, FollowUpStatus, Issue, Meeting, MeetingKind


@dataclass(frozen=True)
class MeetingInput:
    kind: str
    title: str
    held_on: dt.date
    place: str
    district_id: int | None = None
    committee_id: int | None = None
    agency_ids: list[int] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class FollowUpInput:
    agency_id: int
    request: str
    due_on: dt.date
    issue_id: int | None = None


def _snapshot(m: Meeting) -> dict:
    return {
        "kind": m.kind, "title": m.title, "held_on": m.held_on.isoformat(), "place": m.place,
        "district": m.district_id, "committee": m.committee_id, "notes": m.notes,
        "agencies": sorted(a.pk for a in m.agencies_present.all()),
    }  # fmt: skip


def _checked(province, data: MeetingInput) -> dict:
    """The meeting's fields, or an OversightError naming what does not belong here."""
    if data.kind not in MeetingKind.values:
        raise OversightError(_("กรุณาเลือกประเภทการประชุม"))
    if not data.title.strip() or not data.place.strip():
        raise OversightError(_("กรุณากรอกเรื่องและสถานที่"))
    if data.district_id and not province.districts.filter(pk=data.district_id).exists():
        raise OversightError(_("อำเภอที่เลือกไม่อยู่ในจังหวัดนี้"))
    if (
        data.committee_id
        and not Committee.objects.filter(pk=data.committee_id, province=province).exists()
    ):
        raise OversightError(_("คณะกรรมการที่เลือกไม่ใช่ของจังหวัดนี้"))
    present = list(Agency.objects.filter(pk__in=data.agency_ids, province=province))
    if len(present) != len(set(data.agency_ids)):
        raise OversightError(_("หน่วยงานที่เข้าร่วมต้องเป็นหน่วยงานในจังหวัดนี้"))
    return {
        "kind": data.kind, "title": data.title.strip(), "held_on": data.held_on,
        "fiscal_year": fiscal_year_of(data.held_on), "place": data.place.strip(),
        "district_id": data.district_id, "committee_id": data.committee_id,
        "notes": data.notes.strip(), "present": present,
    }  # fmt: skip


@transaction.atomic
def save_meeting(
    *, acting_user, province, data: MeetingInput, meeting: Meeting | None = None
) -> Meeting:
    require(acting_user, "oversight.keep_log", province)
    fields = _checked(province, data)
    present = fields.pop("present")
    before = _snapshot(meeting) if meeting else None
    meeting = meeting or Meeting(province=province, created_by=acting_user)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    meeting.agencies_present.set(present)
    record(
        actor=acting_user,
        action="oversight.meeting_saved" if before else "oversight.meeting_created",
        obj=meeting,
        before=before,
        after=_snapshot(meeting),
    )
    return meeting


def indicator_numbers(fiscal_year: int) -> list[int]:
    """The indicators of the year's framework (what an issue may name)."""
    governing = years.for_year(fiscal_year)
    return list(governing.framework.spec.indicator_numbers) if governing else []


@transaction.atomic
def add_issue(*, acting_user, meeting: Meeting, text: str, indicator: int | None = None) -> Issue:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # the next order
    require(acting_user, "oversight.keep_log", meeting.province)
    if not text.strip():
        raise OversightError(_("กรุณากรอกประเด็นที่พบ"))
    if indicator is not None and indicator not in indicator_numbers(meeting.fiscal_year):
        raise OversightError(
            _("ไม่มีตัวชี้วัดที่ %(n)s ในกรอบการประเมินปี %(year)s")
            % {"n": indicator, "year": meeting.fiscal_year}
        )
    last = meeting.issues.aggregate(n=Max("order"))["n"] or 0
    issue = Issue.objects.create(
        meeting=meeting, order=last + 1, text=text.strip(), indicator=indicator
    )
    record(
        actor=acting_user,
        action="oversight.issue_added",
        obj=issue,
        after={"meeting": meeting.pk, "text": issue.text, "indicator": indicator},
    )
    return issue


def _checked_followup(meeting: Meeting, data: FollowUpInput):
    """The owner agency, or an OversightError naming what is wrong with the follow-up."""
    agency = province_agency(meeting.province, data.agency_id)
    if agency is None:
        raise OversightError(_("กรุณาเลือกหน่วยงานที่รับผิดชอบ"))
    if not data.request.strip():
        raise OversightError(_("กรุณากรอกสิ่งที่ขอให้หน่วยงานดำเนินการ"))
    if data.due_on < meeting.held_on:
        raise OversightError(_("กำหนดส่งต้องไม่ก่อนวันประชุม"))
    if data.issue_id and not meeting.issues.filter(pk=data.issue_id).exists():
        raise OversightError(_("ประเด็นที่เลือกไม่ใช่ของการประชุมนี้"))
    return agency


def _followup_snapshot(f: FollowUp) -> dict:
    return {"meeting": f.meeting_id, "agency": f.agency_id, "request": f.request,
            "due_on": f.due_on.isoformat(), "issue": f.issue_id}  # fmt: skip


@transaction.atomic
def add_followup(*, acting_user, meeting: Meeting, data: FollowUpInput) -> FollowUp:
    require(acting_user, "oversight.keep_log", meeting.province)
    agency = _checked_followup(meeting, data)
    followup = FollowUp.objects.create(
        meeting=meeting,
        issue_id=data.issue_id,
        agency=agency,
        request=data.request.strip(),
        due_on=data.due_on,
    )
    record(actor=acting_user, action="oversight.followup_added", obj=followup, agency=agency,
           after=_followup_snapshot(followup))  # fmt: skip
    notices.followup_asked(acting_user, followup)
    return followup


@transaction.atomic
def edit_followup(*, acting_user, followup: FollowUp, data: FollowUpInput) -> FollowUp:
    """What is asked and by when may change until the follow-up is closed; the agency only
    while it has not answered (an answer belongs to the agency that gave it)."""
    followup = FollowUp.objects.select_for_update().select_related("meeting").get(pk=followup.pk)
    require(acting_user, "oversight.keep_log", followup.meeting.province)
    if followup.status == FollowUpStatus.CLOSED:
        raise OversightError(_("เรื่องนี้ปิดแล้ว แก้ไขไม่ได้"))
    agency = _checked_followup(followup.meeting, data)
    if agency.pk != followup.agency_id and followup.status != FollowUpStatus.OPEN:
        raise OversightError(_("หน่วยงานตอบเรื่องนี้แล้ว จึงเปลี่ยนหน่วยงานที่รับผิดชอบไม่ได้"))
    before = _followup_snapshot(followup)
    followup.agency, followup.request = agency, data.request.strip()
    followup.due_on, followup.issue_id = data.due_on, data.issue_id
    followup.save()
    record(actor=acting_user, action="oversight.followup_edited", obj=followup, agency=agency,
           before=before, after=_followup_snapshot(followup))  # fmt: skip
    return followup
