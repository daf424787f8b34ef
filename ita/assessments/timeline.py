"""The timeline of one agency-year: the audit events about its result and what was built on it
(the analysis of the result (O42, O25…), its approval and versions, the assessor's OIT
reviews), oldest first.

The improvement and disclosure apps come after this one, so their rows are reached through the
agency's reverse relations and their events by object type, without importing them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ita.assessments.models import Assessment
from ita.audit.models import AuditEvent

LABELS = {
    "assessment.recorded": pgettext_lazy("timeline", "บันทึกผลการประเมิน"),
    "assessment.changed": pgettext_lazy("timeline", "แก้ไขผลการประเมิน"),
    "analysis.started": pgettext_lazy("timeline", "เริ่มวิเคราะห์ผลการประเมิน"),
    "plan.submitted": pgettext_lazy("timeline", "เสนอแผนมาตรการขออนุมัติ"),
    "plan.returned": pgettext_lazy("timeline", "ส่งแผนมาตรการกลับให้แก้ไข"),
    "plan.approved": pgettext_lazy("timeline", "ผู้บริหารอนุมัติมาตรการ"),
    "plan.version_frozen": pgettext_lazy("timeline", "เก็บเอกสารฉบับที่อนุมัติ"),
    "plan.revision_started": pgettext_lazy("timeline", "เริ่มปรับปรุงแผนเป็นฉบับใหม่"),
    "disclosure.item_reviewed": pgettext_lazy("timeline", "ผู้ตรวจประเมินตรวจข้อ OIT"),
}
REVIEW_VERDICTS = {"accepted": gettext_lazy("ผ่าน"), "not_accepted": gettext_lazy("ไม่ผ่าน")}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    actor: str
    label: str
    detail: str


def _revision_detail(event) -> str:
    after, before = event.after or {}, event.before or {}
    total = after.get("total", "")
    if before.get("total"):
        text = _("คะแนนรวม {before} → {after}").format(before=before["total"], after=total)
    else:
        text = _("คะแนนรวม {total}").format(total=total)
    if after.get("revision"):
        text += " " + _("(ฉบับที่ {number})").format(number=after["revision"])
    return text


def detail(event, item_codes: dict[str, str]) -> str:
    """One line saying what the event did, from its before/after (a pure function)."""
    after = event.after or {}
    if event.action.startswith("assessment."):
        text = _revision_detail(event)
    elif event.action == "plan.version_frozen":
        text = _("ฉบับที่ {number}").format(number=after.get("number"))
    elif event.action == "plan.returned":
        text = _("เหตุผล: {reason}").format(reason=after.get("return_reason", ""))
    elif event.action == "disclosure.item_reviewed":
        code = item_codes.get(event.object_id, "")
        verdict = REVIEW_VERDICTS.get(after.get("status"), "")
        text = _("ข้อ {code} {verdict}").format(code=code, verdict=verdict).strip()
    else:
        text = ""
    note = event.note if event.action.startswith(("assessment.", "disclosure.")) else ""
    return " — ".join(t for t in (text, note) if t)


def _actor(event) -> str:
    user = event.actor
    return (user.get_full_name() or user.get_username()) if user else _("ระบบ")


def timeline(assessment: Assessment) -> list[Entry]:
    agency, year = assessment.agency, assessment.fiscal_year
    plans = list(agency.analyses.filter(fiscal_year=year).values_list("pk", "versions__pk"))
    reviews = dict(
        agency.disclosure_years.filter(fiscal_year=year, items__reviews__isnull=False).values_list(
            "items__reviews__pk", "items__item__code"
        )
    )
    item_codes = {str(pk): code for pk, code in reviews.items()}
    about = (
        Q(object_type="assessments.assessment", object_id=str(assessment.pk))
        | Q(object_type="improvement.analysis", object_id__in={str(a) for a, _ in plans})
        | Q(object_type="improvement.planversion", object_id__in={str(v) for _, v in plans if v})
        | Q(object_type="disclosure.review", object_id__in=set(item_codes))
    )
    events = (
        AuditEvent.objects.filter(agency=agency, action__in=LABELS)
        .filter(about)
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [Entry(e.at, _actor(e), LABELS[e.action], detail(e, item_codes)) for e in events]
