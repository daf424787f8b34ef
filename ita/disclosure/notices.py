"""Who is told of an OIT review (issue 12): the agency's officers, and the heads of the division
the item is assigned to, when an assessor gives a verdict (a rejection asks for a
clarification); the agency's assessors when the agency answers. Called by actions.py inside
its transaction."""

from __future__ import annotations

from django.urls import reverse

from ita.agencies.models import Membership, Role
from ita.notifications.models import Kind
from ita.notifications.recipients import members
from ita.notifications.send import notify


def _tell(acting_user, people: set[int], kind, subject, body, item) -> int:
    people = people - {getattr(acting_user, "pk", None)}
    url = reverse("disclosure:item", args=[item.pk])
    return notify(people, kind, subject, body, url, item.year.agency)


def _fillers(item) -> set[int]:
    people = members(item.year.agency, {Role.OFFICER})
    if item.division_id:
        people |= set(
            Membership.objects.filter(
                role=Role.DIVISION_HEAD, division_id=item.division_id, user__is_active=True
            ).values_list("user_id", flat=True)
        )
    return people


def _title(item) -> str:
    return f"{item.year.agency.name}: ข้อ {item.item.code} (ปี {item.year.fiscal_year})"


def item_reviewed(acting_user, item, review) -> int:
    if review.accepted:
        return _tell(
            acting_user, _fillers(item), Kind.ITEM_REVIEWED, f"{_title(item)} ผ่านการตรวจ",
            f"ความเห็นผู้ตรวจประเมิน: {review.comment}" if review.comment else "", item,
        )  # fmt: skip
    return _tell(
        acting_user, _fillers(item), Kind.CLARIFICATION_REQUESTED,
        f"{_title(item)} ไม่ผ่าน ผู้ตรวจประเมินขอคำชี้แจง",
        f"ความเห็นผู้ตรวจประเมิน: {review.comment}\nชี้แจงหรือแก้ไขหลักฐานได้ที่หน้าข้อนี้", item,
    )  # fmt: skip


def review_answered(acting_user, item, clarification) -> int:
    return _tell(
        acting_user, members(item.year.agency, {Role.ASSESSOR}), Kind.CLARIFICATION_ANSWERED,
        f"{_title(item)} หน่วยงานชี้แจงแล้ว รอผลการตรวจ",
        f"คำชี้แจง: {clarification.reply}", item,
    )  # fmt: skip
