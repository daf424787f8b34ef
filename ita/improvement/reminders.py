"""Reminders of progress rounds due soon or overdue: one e-mail per person, listing their
measures. A plain function first; the command `ita_remind` and a Celery task call it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db.models import Prefetch

from ita.agencies.models import Membership, Role
from ita.improvement.models import Analysis, PlanStatus, ProgressReport
from ita.improvement.rounds import round_due, round_state
from ita.lib.thai_dates import thai_date


@dataclass(frozen=True)
class DueRound:
    agency: str
    measure: str
    month: int
    due: dt.date
    state: str  # due_soon or overdue


def due_rounds(today: dt.date, soon_days: int = 14) -> dict[int, list[DueRound]]:
    """Rounds due within `soon_days` or overdue, per user id to remind: the heads of the
    measure's divisions and the agency's ITA officers."""
    analyses = (
        Analysis.objects.filter(status=PlanStatus.APPROVED)
        .select_related("agency")
        .prefetch_related(
            "measures__divisions",
            Prefetch(
                "measures__reports",
                queryset=ProgressReport.objects.only("measure_id", "round_month"),
            ),
        )
    )
    members = Membership.objects.filter(role__in=[Role.OFFICER, Role.DIVISION_HEAD]).values_list(
        "user_id", "role", "agency_id", "division_id"
    )
    officers, heads = defaultdict(set), defaultdict(set)
    for user_id, role, agency_id, division_id in members:
        (officers[agency_id] if role == Role.OFFICER else heads[division_id]).add(user_id)
    result: dict[int, list[DueRound]] = defaultdict(list)
    for analysis in analyses:
        for measure in analysis.measures.all():
            reported = {r.round_month for r in measure.reports.all()}
            for month in measure.round_months:
                due = round_due(analysis.implementation_year, month)
                state = round_state(due, month in reported, today, soon_days)
                if state not in ("due_soon", "overdue"):
                    continue
                item = DueRound(analysis.agency.name, measure.title, month, due, state)
                people = set(officers[analysis.agency_id])
                for division in measure.divisions.all():
                    people |= heads[division.pk]
                for user_id in people:
                    result[user_id].append(item)
    return result


def send_reminders(today: dt.date, soon_days: int = 14) -> int:
    """Send one e-mail per person with an address; returns the number sent."""
    from django.contrib.auth import get_user_model

    due = due_rounds(today, soon_days)
    users = get_user_model().objects.filter(pk__in=list(due)).exclude(email="")
    sent = 0
    for user in users:
        lines = [
            f"- {r.agency}: {r.measure} รอบ {r.month} เดือน "
            + ("เกินกำหนดตั้งแต่" if r.state == "overdue" else "ครบกำหนด")
            + f" {thai_date(r.due)}"
            for r in sorted(due[user.pk], key=lambda r: r.due)
        ]
        send_mail(
            subject=f"แจ้งเตือนรายงานผลการดำเนินการตามมาตรการ ITA ({len(lines)} รายการ)",
            message="เรียน ผู้รับผิดชอบมาตรการ\n\nรอบรายงานที่ใกล้ครบกำหนดหรือเกินกำหนด:\n"
            + "\n".join(lines)
            + "\n\nกรุณารายงานผลในระบบ ITA ที่เมนู “มาตรการของฉัน”",
            from_email=None,
            recipient_list=[user.email],
        )
        sent += 1
    return sent
