"""Issue 12: who is told of each step (in the application and by e-mail), in Thai, with a link
to the page; nobody outside the agency; the acting person not of their own step."""

import pytest
from django.core import mail
from django.urls import reverse

from ita.disclosure import actions as disclosure
from ita.improvement import actions as improvement
from ita.improvement.tests.fixtures import give_chain
from ita.notifications.models import Kind, Notification
from ita.notifications.tests.conftest import committed

SITE = "http://ita.example.go.th"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.ITA_SITE_URL = SITE


def sent_to() -> dict[str, str]:
    """Each e-mail's single recipient → its subject (one message per person)."""
    assert all(len(m.to) == 1 for m in mail.outbox)
    return {m.to[0]: m.subject for m in mail.outbox}


def rows(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_submit_tells_the_executives_and_the_first_opinion_giver(planned, mailed):
    with committed():
        improvement.submit_plan(acting_user=mailed.officer, analysis=planned)
    # a เทศบาลเมือง's chain starts with the division head (agencies/data/opinion_chains.yaml)
    assert rows(Kind.PLAN_SUBMITTED) == {"executive", "division_head"}
    assert set(sent_to()) == {"executive@example.go.th", "division_head@example.go.th"}
    message = mail.outbox[0]
    assert message.subject == "[ระบบ ITA] เทศบาลเมืองทดสอบ: แผนมาตรการปีงบประมาณ พ.ศ. 2566 เสนอขออนุมัติ"
    assert SITE + reverse("improvement:analysis", args=[planned.pk]) in message.body
    assert "ความเห็นของ" in message.body  # who is next


def test_each_opinion_tells_the_next_and_the_last_tells_the_executives(
    planned, mailed, django_user_model
):
    from ita.agencies.models import Membership, Role

    mayor = django_user_model.objects.create_user("mayor", email="mayor@example.go.th")
    Membership.objects.create(user=mayor, role=Role.EXECUTIVE, agency=mailed.own)
    improvement.submit_plan(acting_user=mailed.officer, analysis=planned)
    Notification.objects.all().delete()
    first, second = improvement.next_step(planned), None
    with committed():
        improvement.give_opinion(acting_user=mailed.division_head, analysis=planned, text="ควร")
        second = improvement.next_step(planned)
    # the town's ปลัด (an executive) gives the second opinion: both executives are asked
    assert (first.role, second.role) == ("division_head", "executive")
    assert rows(Kind.OPINION_DUE) == {"executive", "mayor"}
    assert all("รอความเห็นของ" in s for s in sent_to().values())
    mail.outbox.clear()
    with committed():
        improvement.give_opinion(acting_user=mailed.executive, analysis=planned, text="ควร")
    # every opinion given: the executives decide (the one who just gave it is not told)
    assert rows(Kind.PLAN_SUBMITTED) == {"mayor"}
    assert list(sent_to()) == ["mayor@example.go.th"]
    assert "รอการพิจารณาอนุมัติ" in mail.outbox[0].subject


def test_return_tells_the_officers_with_the_reason(planned, mailed):
    improvement.submit_plan(acting_user=mailed.officer, analysis=planned)
    mail.outbox.clear()
    with committed():
        improvement.return_plan(
            acting_user=mailed.executive, analysis=planned, reason="ตัวชี้วัดที่ 10 ยังไม่มีมาตรการ"
        )
    subject = "[ระบบ ITA] เทศบาลเมืองทดสอบ: แผนมาตรการปีงบประมาณ พ.ศ. 2566 ถูกส่งกลับให้แก้ไข"
    assert sent_to() == {"officer@example.go.th": subject}
    assert "เหตุผลที่ส่งกลับ: ตัวชี้วัดที่ 10 ยังไม่มีมาตรการ" in mail.outbox[0].body
    assert SITE + reverse("improvement:analysis", args=[planned.pk]) in mail.outbox[0].body


def test_approve_tells_officers_and_division_heads(planned, mailed):
    improvement.submit_plan(acting_user=mailed.officer, analysis=planned)
    give_chain(mailed, planned)
    with committed():
        improvement.approve_plan(acting_user=mailed.executive, analysis=planned)
    assert rows(Kind.PLAN_APPROVED) == {"officer", "division_head"}
    approved = {k: v for k, v in sent_to().items() if "ได้รับอนุมัติแล้ว" in v}
    assert set(approved) == {"officer@example.go.th", "division_head@example.go.th"}


def test_a_refused_step_tells_nobody(planned, mailed):
    with committed(), pytest.raises(improvement.PlanError):
        improvement.approve_plan(acting_user=mailed.executive, analysis=planned)  # a draft
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_review_tells_the_officers_and_a_rejection_asks_for_clarification(ready_item, mailed):
    with committed():
        disclosure.review_item(acting_user=mailed.assessor, item=ready_item, accepted=True)
    code = ready_item.item.code
    assert sent_to() == {
        "officer@example.go.th": f"[ระบบ ITA] เทศบาลเมืองทดสอบ: ข้อ {code} (ปี 2566) ผ่านการตรวจ"
    }
    assert SITE + reverse("disclosure:item", args=[ready_item.pk]) in mail.outbox[0].body
    mail.outbox.clear()
    with committed():
        disclosure.review_item(
            acting_user=mailed.assessor, item=ready_item, accepted=False, comment="ลิงก์ไม่ใช่ปีนี้"
        )
    assert rows(Kind.CLARIFICATION_REQUESTED) == {"officer"}
    (message,) = mail.outbox
    assert message.subject.endswith("ไม่ผ่าน ผู้ตรวจประเมินขอคำชี้แจง")
    assert "ความเห็นผู้ตรวจประเมิน: ลิงก์ไม่ใช่ปีนี้" in message.body


def test_the_assigned_divisions_head_is_told_too(ready_item, mailed):
    disclosure.assign_item(
        acting_user=mailed.officer, item=ready_item, division=mailed.division, due_date=None
    )
    disclosure.review_item(
        acting_user=mailed.assessor, item=ready_item, accepted=False, comment="x"
    )
    assert rows(Kind.CLARIFICATION_REQUESTED) == {"officer", "division_head"}


def test_an_answer_tells_the_agencys_assessors_only(ready_item, mailed, django_user_model):
    from ita.agencies.models import Membership, Role

    stray = django_user_model.objects.create_user("stray", email="stray@example.go.th")
    Membership.objects.create(user=stray, role=Role.ASSESSOR, agency=mailed.foreign)
    disclosure.review_item(
        acting_user=mailed.assessor, item=ready_item, accepted=False, comment="x"
    )
    mail.outbox.clear()
    with committed():
        disclosure.answer_review(acting_user=mailed.officer, item=ready_item, reply="แก้ลิงก์แล้ว")
    (message,) = mail.outbox
    assert message.to == ["assessor@example.go.th"]
    assert "หน่วยงานชี้แจงแล้ว" in message.subject
    assert "คำชี้แจง: แก้ลิงก์แล้ว" in message.body
    assert rows(Kind.CLARIFICATION_ANSWERED) == {"assessor"}


def test_nobody_outside_the_agency_is_ever_told(planned, ready_item, mailed):
    improvement.submit_plan(acting_user=mailed.officer, analysis=planned)
    give_chain(mailed, planned)
    improvement.approve_plan(acting_user=mailed.executive, analysis=planned)
    disclosure.review_item(
        acting_user=mailed.assessor, item=ready_item, accepted=False, comment="x"
    )
    disclosure.answer_review(acting_user=mailed.officer, item=ready_item, reply="ชี้แจง")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told and told <= {"officer", "division_head", "executive", "assessor"}
    assert set(Notification.objects.values_list("agency", flat=True)) == {mailed.own.pk}
