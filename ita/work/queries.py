"""The three queues as read models (set-based: the number of queries does not grow with the
plans or items listed; the inbox asks one opinion chain per agency, not per plan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext

from ita.agencies.chains import Step, chain_for
from ita.agencies.models import Agency, Role
from ita.disclosure.models import (
    Clarification,
    DisclosureItem,
    DisclosureYear,
    ItemStatus,
    LinkCheckRun,
    Review,
    RunStatus,
)
from ita.disclosure.verdicts import FAILING
from ita.improvement.models import Analysis, Opinion, PlanStatus, ProgressReport
from ita.improvement.rounds import round_due, round_state
from ita.work.access import agency_ids, roles_by_agency

QUEUE_PAGE = 50


# --------------------------------------------------------------------- executive's inbox


@dataclass(frozen=True)
class InboxRow:
    analysis: Analysis
    step: Step | None  # the opinion due next; None when the executive's decision is due
    yours: bool  # the user is the one to act now

    @property
    def waiting_for(self) -> str:
        return self.step.heading if self.step else gettext("การพิจารณาอนุมัติของผู้บริหาร")


def inbox(user) -> list[InboxRow]:
    """Submitted plans of the agencies where the user is executive, and those where the next
    opinion is the user's (a division head's), oldest submission first."""
    roles = roles_by_agency(user, {Role.EXECUTIVE, Role.DIVISION_HEAD})
    current = Opinion.objects.filter(withdrawn_at__isnull=True).only("analysis_id", "step")
    plans = (
        Analysis.objects.filter(status=PlanStatus.SUBMITTED, agency_id__in=list(roles))
        .select_related("agency")
        .prefetch_related(Prefetch("opinions", queryset=current, to_attr="current"))
        .order_by("submitted_at", "pk")
    )
    chains: dict[int, tuple[Step, ...]] = {}
    rows = []
    for plan in plans:
        if plan.agency_id not in chains:
            chains[plan.agency_id] = chain_for(plan.agency)
        given = {o.step for o in plan.current}
        step = next((s for s in chains[plan.agency_id] if s.order not in given), None)
        mine = roles[plan.agency_id]
        yours = step.role in mine if step else Role.EXECUTIVE in mine
        if yours or Role.EXECUTIVE in mine:
            rows.append(InboxRow(plan, step, yours))
    return rows


# --------------------------------------------------------------------- assessor's queue


@dataclass(frozen=True)
class AgencyCount:
    agency: Agency
    ready: int
    answered: int


def _queue_items(ids: set[int]):
    latest_review = Review.objects.filter(item=OuterRef(OuterRef("pk"))).order_by(
        "-created_at", "-pk"
    )
    answered = Clarification.objects.filter(
        item=OuterRef("pk"), review=Subquery(latest_review.values("pk")[:1])
    )
    return DisclosureItem.objects.filter(
        status=ItemStatus.READY, year__agency_id__in=list(ids)
    ).annotate(answered=Exists(answered))


def assessor_queue(user, page_number) -> tuple[list[AgencyCount], Page]:
    """OIT items ready for review (first time, or after the agency's clarification) across the
    agencies the user assesses: counts per agency (every assigned agency, none too) and one
    page of items grouped by agency."""
    ids = agency_ids(user, {Role.ASSESSOR})
    items = _queue_items(ids)
    per_agency = {
        row["year__agency_id"]: row
        for row in items.order_by()
        .values("year__agency_id")
        .annotate(ready=Count("pk"), answered_n=Count("pk", filter=Q(answered=True)))
    }
    counts = [
        AgencyCount(
            agency,
            per_agency.get(agency.pk, {}).get("ready", 0),
            per_agency.get(agency.pk, {}).get("answered_n", 0),
        )
        for agency in Agency.objects.filter(pk__in=list(ids)).order_by("name", "pk")
    ]
    listed = items.select_related("year__agency", "item").order_by(
        "year__agency__name", "year__agency_id", "-year__fiscal_year", "item__position"
    )
    return counts, Paginator(listed, QUEUE_PAGE).get_page(page_number)


# --------------------------------------------------------------------- officer's to-do


@dataclass(frozen=True)
class LateRound:
    analysis: Analysis
    measure_id: int
    measure: str
    month: int
    due: dt.date
    state: str  # overdue or due_soon


def returned_plans(ids: set[int]):
    return (
        Analysis.objects.filter(status=PlanStatus.RETURNED, agency_id__in=list(ids))
        .select_related("agency")
        .order_by("decided_at", "pk")
    )


def late_rounds(ids: set[int], today: dt.date, soon_days: int = 14) -> list[LateRound]:
    """Unreported rounds overdue or due within `soon_days`, of each agency's newest plan in
    force (the rules of improvement.rounds; earlier plans' rounds are history)."""
    plans = (
        Analysis.objects.filter(agency_id__in=list(ids))
        .filter(Q(status=PlanStatus.APPROVED) | Q(versions__isnull=False))
        .distinct()
        .select_related("agency")
        .prefetch_related(
            "measures",
            Prefetch(
                "measures__reports",
                queryset=ProgressReport.objects.only("measure_id", "round_month"),
            ),
        )
        .order_by("agency_id", "-fiscal_year")
    )
    newest: dict[int, Analysis] = {}
    for plan in plans:
        newest.setdefault(plan.agency_id, plan)
    rows = []
    for plan in newest.values():
        for measure in plan.measures.all():
            reported = {r.round_month for r in measure.reports.all()}
            for month in measure.round_months:
                due = round_due(plan.implementation_year, month)
                state = round_state(due, month in reported, today, soon_days)
                if state in ("overdue", "due_soon"):
                    rows.append(LateRound(plan, measure.pk, measure.title, month, due, state))
    return sorted(rows, key=lambda r: (r.due, r.analysis.agency.name, r.measure))


def _newest_year_items(ids: set[int]):
    newest = DisclosureYear.objects.filter(agency_id=OuterRef("year__agency_id")).order_by(
        "-fiscal_year"
    )
    return DisclosureItem.objects.filter(
        year__agency_id__in=list(ids), year__fiscal_year=Subquery(newest.values("fiscal_year")[:1])
    ).select_related("year__agency", "item")


def link_problems(ids: set[int]):
    """Items of each agency's newest checklist whose links fail (or show another year's page),
    or whose last background check failed to run."""
    last_run = LinkCheckRun.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        _newest_year_items(ids)
        .annotate(last_run=Subquery(last_run.values("status")[:1]))
        .filter(
            Q(link_verdict__in=list(FAILING)) | Q(link_stale=True) | Q(last_run=RunStatus.FAILED)
        )
        .order_by("year__agency__name", "item__position")
    )


def clarification_requests(ids: set[int]):
    """Items the assessor rejected and the agency has not answered yet, with the comment."""
    latest = Review.objects.filter(item=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        DisclosureItem.objects.filter(status=ItemStatus.NOT_ACCEPTED, year__agency_id__in=list(ids))
        .select_related("year__agency", "item")
        .annotate(comment=Subquery(latest.values("comment")[:1]))
        .order_by("year__agency__name", "-year__fiscal_year", "item__position")
    )


def province_followups(ids: set[int]) -> list:
    """The province's follow-ups to these agencies that are not closed (oversight.followups:
    one query per agency; an officer has one or two)."""
    from ita.oversight.followups import open_followups_for_agency

    rows = []
    for agency in Agency.objects.filter(pk__in=list(ids)).order_by("name"):
        rows += list(open_followups_for_agency(agency).select_related("agency"))
    return sorted(rows, key=lambda f: (f.due_on, f.pk))
