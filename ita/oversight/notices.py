"""Who is told of a follow-up: the owner agency's officers and executives when the province asks
something of it, the province's coordinators when the agency answers. Called by the actions
inside their transaction; the one acting is not told. The texts are stored, so they are Thai
and built under Thai (a meeting's kind is a translated label): the reader of each notice may
read another language than the one acting."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from ita.agencies.models import Membership, Role
from ita.lib.thai_dates import thai_date
from ita.notifications.models import Kind
from ita.notifications.recipients import members
from ita.notifications.send import notify


def _without(acting_user, people: set[int]) -> set[int]:
    return people - {getattr(acting_user, "pk", None)}


def followup_asked(acting_user, followup) -> int:
    agency, meeting = followup.agency, followup.meeting
    with translation.override("th"):
        kind = str(meeting.get_kind_display())
    return notify(
        _without(acting_user, members(agency, {Role.OFFICER, Role.EXECUTIVE})),
        Kind.FOLLOWUP_ASKED,
        f"{agency.name}: จังหวัดขอให้ดำเนินการ (ติดตามผลการประเมิน ITA)",
        f"{followup.request}\nกำหนดส่ง {thai_date(followup.due_on)}"
        f"\nจาก{kind} “{meeting.title}” วันที่ {thai_date(meeting.held_on)}",
        reverse("oversight:agency_followups", args=[agency.pk]),
        agency,
    )


def followup_answered(acting_user, followup) -> int:
    meeting = followup.meeting
    coordinators = set(
        Membership.objects.filter(
            role=Role.PROVINCE_COORDINATOR, province_id=meeting.province_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    return notify(
        _without(acting_user, coordinators),
        Kind.FOLLOWUP_ANSWERED,
        f"{followup.agency.name} ตอบเรื่องที่จังหวัดติดตามแล้ว",
        f"เรื่อง: {followup.request}\nคำตอบ: {followup.answer}",
        reverse("oversight:meeting", args=[meeting.pk]),
        followup.agency,
    )
