"""Who may do what in the improvement cycle. Reading follows the agency scope of
agencies.access, with one narrowing (the README's): a division head reads the whole plan, every
measure's title included, but the progress (texts, percent, evidence, the O43 report) only of
their own division's measures. Each write has one rule here, used by views and tests alike."""

from __future__ import annotations

from django.http import Http404

from ita.agencies.access import agencies_for_user, division_ids, roles_in
from ita.agencies.models import Role
from ita.improvement.models import Analysis, Measure
from ita.lib.policy import rule

PLANNERS = {Role.OFFICER, Role.NATIONAL_ADMIN}
DECIDERS = {Role.EXECUTIVE, Role.NATIONAL_ADMIN}


def get_analysis_for_user(user, pk) -> Analysis:
    try:
        return Analysis.objects.select_related("agency", "agency__province").get(
            pk=pk, agency__in=agencies_for_user(user)
        )
    except (Analysis.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบการวิเคราะห์ผลการประเมิน") from None


def get_measure_for_user(user, pk) -> Measure:
    try:
        return Measure.objects.select_related("analysis", "analysis__agency").get(
            pk=pk, analysis__agency__in=agencies_for_user(user)
        )
    except (Measure.DoesNotExist, ValueError, TypeError):
        raise Http404("ไม่พบมาตรการ") from None


@rule("improvement.plan")
def can_plan(user, agency) -> bool:
    return bool(roles_in(user, agency) & PLANNERS)


@rule("improvement.decide")
def can_decide(user, agency) -> bool:
    return bool(roles_in(user, agency) & DECIDERS)


@rule("improvement.give_opinion")
def can_give_opinion(user, agency, step) -> bool:
    """A step of the memo's opinion chain (agencies.chains.Step) is given by the agency's user
    of the step's role (a division head, the ปลัด as executive), or the national admin."""
    return bool(roles_in(user, agency) & {step.role, Role.NATIONAL_ADMIN})


@rule("improvement.report")
def can_report(user, measure: Measure) -> bool:
    """Division heads report on their own divisions' measures; the ITA officer may report on
    any measure of the agency (they collect progress)."""
    agency = measure.analysis.agency
    if can_plan(user, agency):
        return True
    mine = division_ids(user, agency)
    return bool(mine) and measure.divisions.filter(pk__in=mine).exists()


def is_division_head_only(user, agency) -> bool:
    """A division head with no other role in the agency: the one reader whose view of progress is
    narrowed to their own divisions (a division head who is also the officer sees all)."""
    return roles_in(user, agency) == {Role.DIVISION_HEAD}


def progress_readable_ids(user, analysis: Analysis, measures) -> set[int] | None:
    """Ids of the measures whose progress the user may read; None means all of them. Takes the
    measures with their divisions prefetched, so a page pays no query per measure."""
    if not is_division_head_only(user, analysis.agency):
        return None
    mine = division_ids(user, analysis.agency)
    return {m.pk for m in measures if {d.pk for d in m.divisions.all()} & mine}


@rule("improvement.read_progress")
def can_read_progress(user, measure: Measure) -> bool:
    agency = measure.analysis.agency
    if not is_division_head_only(user, agency):
        return True
    return measure.divisions.filter(pk__in=division_ids(user, agency)).exists()


@rule("improvement.read_all_progress")
def can_read_all_progress(user, agency) -> bool:
    """The O43 reports every measure's progress: not for a division head alone."""
    return not is_division_head_only(user, agency)
