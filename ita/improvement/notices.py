"""Who is told of a plan's steps, and what (issue 12): the agency's executives and the next
opinion's givers when a plan is submitted, the officers when it is returned (with the reason),
officers and division heads when it is approved. Called by actions.py inside its transaction;
the one acting is not told of their own step."""

from __future__ import annotations

from django.urls import reverse

from ita.agencies.models import Role
from ita.notifications.models import Kind
from ita.notifications.recipients import members
from ita.notifications.send import notify


def _plan(analysis) -> str:
    return f"แผนมาตรการปีงบประมาณ พ.ศ. {analysis.implementation_year}"


def _tell(acting_user, roles, kind, subject, body, analysis) -> int:
    people = members(analysis.agency, roles) - {getattr(acting_user, "pk", None)}
    url = reverse("improvement:analysis", args=[analysis.pk])
    return notify(people, kind, subject, body, url, analysis.agency)


def plan_submitted(acting_user, analysis, step) -> int:
    """`step`: the chain's first opinion (agencies.chains.Step), or None without a chain."""
    roles = {Role.EXECUTIVE} | ({step.role} if step else set())
    waiting = step.heading if step else "การพิจารณาอนุมัติของผู้บริหาร"
    return _tell(
        acting_user, roles, Kind.PLAN_SUBMITTED,
        f"{analysis.agency.name}: {_plan(analysis)} เสนอขออนุมัติ",
        f"ผลการวิเคราะห์ปี {analysis.fiscal_year} และมาตรการเสนอขออนุมัติแล้ว ขั้นถัดไป: {waiting}",
        analysis,
    )  # fmt: skip


def opinion_given(acting_user, analysis, step) -> int:
    """`step`: the next opinion due, or None when every opinion is given (the executive's turn)."""
    if step is not None:
        return _tell(
            acting_user, {step.role}, Kind.OPINION_DUE,
            f"{analysis.agency.name}: รอ{step.heading} ใน{_plan(analysis)}",
            "ความเห็นลำดับก่อนหน้าให้แล้ว ถึงลำดับของท่าน", analysis,
        )  # fmt: skip
    return _tell(
        acting_user, {Role.EXECUTIVE}, Kind.PLAN_SUBMITTED,
        f"{analysis.agency.name}: {_plan(analysis)} รอการพิจารณาอนุมัติ",
        "ความเห็นในบันทึกขออนุมัติครบทุกลำดับแล้ว", analysis,
    )  # fmt: skip


def plan_returned(acting_user, analysis) -> int:
    return _tell(
        acting_user, {Role.OFFICER}, Kind.PLAN_RETURNED,
        f"{analysis.agency.name}: {_plan(analysis)} ถูกส่งกลับให้แก้ไข",
        f"เหตุผลที่ส่งกลับ: {analysis.return_reason}", analysis,
    )  # fmt: skip


def plan_approved(acting_user, analysis) -> int:
    return _tell(
        acting_user, {Role.OFFICER, Role.DIVISION_HEAD}, Kind.PLAN_APPROVED,
        f"{analysis.agency.name}: {_plan(analysis)} ได้รับอนุมัติแล้ว",
        f"อนุมัติโดย {analysis.approver_name} เริ่มรายงานความก้าวหน้าตามรอบของแต่ละมาตรการได้",
        analysis,
    )  # fmt: skip
