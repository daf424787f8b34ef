"""Follow-ups. Read models called by other apps' pages and documents (keep the names):
`open_followups_for_agency` (the agency's to-do) and `followup_log` (the province report's
record of the year's meetings); and the two audited writes after a follow-up is asked: the
agency answers, the coordinator closes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ita.audit.log import record
from ita.lib.policy import require
from ita.oversight import notices
from ita.oversight.committees import OversightError
from ita.oversight.models import FollowUp, FollowUpStatus, Meeting


def open_followups_for_agency(agency) -> QuerySet[FollowUp]:
    """The agency's follow-ups that are not closed (open, or answered and waiting for the
    coordinator), soonest due first, with their meeting (one query)."""
    return (
        FollowUp.objects.filter(agency=agency)
        .exclude(status=FollowUpStatus.CLOSED)
        .select_related("meeting", "meeting__district", "issue")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class FollowUpEntry:
    pk: int
    agency: str
    request: str
    due_on: dt.date
    status: str  # FollowUpStatus value
    status_label: str
    answer: str
    evidence_url: str
    answered_at: dt.datetime | None
    issue: str  # the issue's text, "" without one
    indicator: int | None  # the issue's indicator


@dataclass(frozen=True)
class MeetingEntry:
    pk: int
    kind: str  # MeetingKind value
    kind_label: str
    title: str
    held_on: dt.date
    place: str
    district: str  # "อำเภอปาย", "" when held at the province
    agencies_present: tuple[str, ...]
    issues: tuple[tuple[str, int | None], ...]  # (text, indicator)
    followups: tuple[FollowUpEntry, ...]


def _followup_entry(f: FollowUp) -> FollowUpEntry:
    return FollowUpEntry(
        pk=f.pk,
        agency=f.agency.name,
        request=f.request,
        due_on=f.due_on,
        status=f.status,
        status_label=f.get_status_display(),
        answer=f.answer,
        evidence_url=f.evidence_url,
        answered_at=f.answered_at,
        issue=f.issue.text if f.issue_id else "",
        indicator=f.issue.indicator if f.issue_id else None,
    )


def followup_log(province, fiscal_year: int) -> list[MeetingEntry]:
    """Every meeting of the province in the fiscal year, oldest first, with its issues,
    agencies present and follow-ups: four queries whatever the number of meetings."""
    meetings = (
        Meeting.objects.filter(province=province, fiscal_year=fiscal_year)
        .select_related("district")
        .prefetch_related(
            "issues",
            Prefetch("agencies_present", to_attr="present"),
            Prefetch(
                "followups",
                queryset=FollowUp.objects.select_related("agency", "issue").order_by(
                    "due_on", "pk"
                ),
            ),
        )
        .order_by("held_on", "pk")
    )
    return [
        MeetingEntry(
            pk=m.pk,
            kind=m.kind,
            kind_label=m.get_kind_display(),
            title=m.title,
            held_on=m.held_on,
            place=m.place,
            district=str(m.district) if m.district_id else "",
            agencies_present=tuple(sorted(a.name for a in m.present)),
            issues=tuple((i.text, i.indicator) for i in m.issues.all()),
            followups=tuple(_followup_entry(f) for f in m.followups.all()),
        )
        for m in meetings
    ]


# --- the agency answers, the coordinator closes -----------------------------------------------


def _state(f: FollowUp) -> dict:
    return {"status": f.status, "answer": f.answer, "evidence_url": f.evidence_url}


@transaction.atomic
def answer_followup(
    *, acting_user, followup: FollowUp, answer: str, evidence_url: str = ""
) -> FollowUp:
    """The owner agency's answer; a second answer replaces the first until the coordinator
    closes the follow-up (the audit log keeps both)."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    require(acting_user, "oversight.answer", followup.agency)
    if followup.status == FollowUpStatus.CLOSED:
        raise OversightError(_("เรื่องนี้จังหวัดปิดแล้ว ตอบเพิ่มไม่ได้"))
    if not answer.strip():
        raise OversightError(_("กรุณากรอกคำตอบ"))
    before = _state(followup)
    followup.answer, followup.evidence_url = answer.strip(), evidence_url.strip()
    followup.status = FollowUpStatus.ANSWERED
    followup.answered_at, followup.answered_by = timezone.now(), acting_user
    followup.save()
    record(actor=acting_user, action="oversight.followup_answered", obj=followup,
           agency=followup.agency, before=before, after=_state(followup))  # fmt: skip
    notices.followup_answered(acting_user, followup)
    return followup


@transaction.atomic
def close_followup(*, acting_user, followup: FollowUp) -> FollowUp:
    followup = (
        FollowUp.objects.select_for_update().select_related("meeting__province").get(pk=followup.pk)
    )
    require(acting_user, "oversight.keep_log", followup.meeting.province)
    if followup.status == FollowUpStatus.CLOSED:
        raise OversightError(_("เรื่องนี้ปิดแล้ว"))
    if followup.status != FollowUpStatus.ANSWERED:
        raise OversightError(_("หน่วยงานยังไม่ได้ตอบ จึงยังปิดเรื่องไม่ได้"))
    before = _state(followup)
    followup.status = FollowUpStatus.CLOSED
    followup.closed_at, followup.closed_by = timezone.now(), acting_user
    followup.save()
    record(actor=acting_user, action="oversight.followup_closed", obj=followup,
           agency=followup.agency, before=before, after=_state(followup))  # fmt: skip
    return followup
