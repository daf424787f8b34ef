"""Who is told of a follow-up (issue 12's loop): the owner agency's officers and executives when
the province asks something of it; the province's coordinators when the agency answers. The one
acting is not told; nobody outside the agency or the province is; the texts are Thai (stored)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from ita.agencies.models import Membership
from ita.lib.thai_dates import thai_date
from ita.notifications.models import Kind, Notification
from ita.oversight import followups
from ita.oversight.tests.test_meetings import ask, meeting_of

pytestmark = pytest.mark.django_db


def told(kind) -> dict[str, Notification]:
    return {n.recipient.username: n for n in Notification.objects.filter(kind=kind)}


def test_the_agency_is_told_what_the_province_asks(world):
    with translation.override("en"):  # the coordinator reads English; the notice stays Thai
        followup = ask(world, meeting_of(world))
    asked = told(Kind.FOLLOWUP_ASKED)
    assert set(asked) == {"officer", "executive"}
    notice = asked["officer"]
    assert notice.agency == world.own
    assert notice.url == reverse("oversight:agency_followups", args=[world.own.pk])
    assert "เผยแพร่แผนจัดซื้อจัดจ้างประจำปี" in notice.body and "ขอให้ดำเนินการ" in notice.subject
    assert f"กำหนดส่ง {thai_date(followup.due_on)}" in notice.body


def test_the_province_is_told_the_answer(world, django_user_model):
    second = django_user_model.objects.create_user("coordinator2")
    Membership.objects.create(user=second, role="province", province=world.province)
    away = django_user_model.objects.create_user("coordinator_away")
    Membership.objects.create(user=away, role="province", province=world.other_province)
    followup = ask(world, meeting_of(world))
    followups.answer_followup(acting_user=world.officer, followup=followup, answer="เผยแพร่แล้ว",
                              evidence_url="https://own.example.go.th/plan")  # fmt: skip
    answered = told(Kind.FOLLOWUP_ANSWERED)
    assert set(answered) == {"coordinator", "coordinator2"}
    assert answered["coordinator"].url == reverse("oversight:meeting", args=[followup.meeting_id])
    assert world.own.name in answered["coordinator"].subject
    # the officer who answered is not told of their own answer
    assert "officer" not in told(Kind.FOLLOWUP_ANSWERED)
