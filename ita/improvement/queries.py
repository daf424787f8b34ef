"""Assembling the plain inputs of improvement.analysis from the database, in few queries."""

from __future__ import annotations

import base64
from decimal import Decimal

from django.utils import timezone

from ita.agencies.chains import chain_for
from ita.agencies.garuda import garuda_for
from ita.assessments.models import Assessment, Source
from ita.assessments.presentation import YearPoint
from ita.assessments.queries import history as results_history
from ita.frameworks.years import for_year
from ita.improvement.analysis import (
    Draft,
    MeasureFacts,
    PlanFacts,
    UrgentRule,
    build_draft,
)
from ita.improvement.cycle import CycleItems, items_of
from ita.improvement.models import Analysis
from ita.improvement.record import (
    TEXT_LABELS,
    FindingFacts,
    IndicatorInfo,
    MeasureRecord,
    OpinionFacts,
    PlanRecord,
    ResultFacts,
)
from ita.lib.demo import SYNTHETIC_NOTE


def year_point(assessment: Assessment) -> YearPoint:
    return YearPoint(
        fiscal_year=assessment.fiscal_year,
        total=assessment.total,
        level_label=assessment.level_label,
        tools=assessment.tool_scores,
        indicators={s.indicator.number: s.score for s in assessment.scores.all()},
        mark=assessment.framework.spec.pass_mark,
    )


def results_of(analysis: Analysis) -> dict[int, Assessment]:
    found = (
        Assessment.objects.filter(
            agency=analysis.agency,
            source=Source.OFFICIAL,
            fiscal_year__in=[analysis.fiscal_year, analysis.fiscal_year - 1],
        )
        .select_related("framework")
        .prefetch_related("scores__indicator", "verdicts__item")
    )
    return {a.fiscal_year: a for a in found}


def spec_of(analysis: Analysis):
    """The framework the analysed result was scored under."""
    return (
        Assessment.objects.select_related("framework")
        .get(agency=analysis.agency, fiscal_year=analysis.fiscal_year, source=Source.OFFICIAL)
        .framework.spec
    )


def draft_for(analysis: Analysis) -> Draft:
    results = results_of(analysis)
    current = results[analysis.fiscal_year]
    previous = results.get(analysis.fiscal_year - 1)
    spec = current.framework.spec
    return build_draft(
        agency=analysis.agency.name,
        names={i.number: (i.name, i.tool) for i in spec.indicators},
        current=year_point(current),
        previous=year_point(previous) if previous else None,
        failed_items=[
            (v.item.code, v.item.title) for v in current.verdicts.all() if not v.accepted
        ],
        recommendations=[(r.item_code, r.text) for r in analysis.recommendations.all()],
        item_indicators={i.code: i.indicator for i in spec.items},
        rule=UrgentRule(weakest=analysis.urgent_weakest, floor=analysis.urgent_floor),
        mark=spec.pass_mark,
    )


def urgent_numbers(analysis: Analysis, draft: Draft) -> list[int]:
    """The rule's urgent indicators, overridden by the officer's choice per indicator."""
    chosen = {r.number for r in draft.urgent}
    for finding in analysis.findings.all():
        if finding.urgent is True:
            chosen.add(finding.indicator_number)
        elif finding.urgent is False:
            chosen.discard(finding.indicator_number)
    return sorted(chosen, key=lambda n: draft.current.indicators[n])


def plan_facts(analysis: Analysis, draft: Draft) -> PlanFacts:
    measures = analysis.measures.prefetch_related("divisions")
    return PlanFacts(
        own_texts=[analysis.overview]
        + [f.own_analysis for f in analysis.findings.all()]
        + [f.issues for f in analysis.findings.all()],
        urgent=urgent_numbers(analysis, draft),
        improvement_issues=analysis.improvement_issues,
        measures=[
            MeasureFacts(m.title, m.steps, len(m.divisions.all()), m.monitoring, m.indicators)
            for m in measures
        ],
        weak_indicators=[r.number for r in draft.weaknesses],
        recommendations=[(r.item_code, r.text) for r in analysis.recommendations.all()],
    )


def _result_facts(assessment: Assessment) -> ResultFacts:
    return ResultFacts(
        fiscal_year=assessment.fiscal_year,
        total=assessment.total,
        level_label=assessment.level_label,
        tools=dict(assessment.tool_scores),
        indicators={s.indicator.number: s.score for s in assessment.scores.all()},
        failed_items=tuple(
            sorted((v.item.code, v.item.title) for v in assessment.verdicts.all() if not v.accepted)
        ),
    )


def _measure_record(measure) -> MeasureRecord:
    return MeasureRecord(
        id=measure.pk,
        position=measure.position,
        title=measure.title,
        steps=measure.steps,
        divisions=tuple(d.name for d in measure.divisions.all()),
        period=measure.period,
        monitoring=measure.monitoring,
        indicators=tuple(measure.indicators),
        items=tuple(measure.items),
        guideline=measure.guideline,
        round_months=tuple(measure.round_months),
    )


def _memo_parts(analysis: Analysis) -> dict:
    """The memo's chain, the opinions given on the plan as submitted, and the ครุฑ in force."""
    opinions = analysis.opinions.filter(withdrawn_at__isnull=True).order_by("step")
    garuda = garuda_for(analysis.agency)
    return {
        "chain": tuple((s.order, s.title) for s in chain_for(analysis.agency)),
        "opinions": tuple(
            OpinionFacts(o.step, o.title, o.name, o.text, timezone.localdate(o.given_at))
            for o in opinions
        ),
        "garuda": base64.b64encode(garuda.png).decode("ascii"),
        "garuda_placeholder": garuda.placeholder,
    }


def record_of(analysis: Analysis) -> PlanRecord:
    """The plan record from the live rows (what the documents would say now)."""
    results = results_of(analysis)
    current = results[analysis.fiscal_year]
    previous = results.get(analysis.fiscal_year - 1)
    spec = current.framework.spec
    history = Assessment.objects.filter(
        agency=analysis.agency, source=Source.OFFICIAL, fiscal_year__lte=analysis.fiscal_year
    ).order_by("fiscal_year")
    years = [p for p in results_history(analysis.agency) if p.fiscal_year <= analysis.fiscal_year]
    return PlanRecord(
        agency=analysis.agency.name,
        fiscal_year=analysis.fiscal_year,
        status=analysis.status,
        indicators=tuple(
            IndicatorInfo(i.number, i.name, i.tool, i.description) for i in spec.indicators
        ),
        item_indicators={i.code: i.indicator for i in spec.items},
        current=_result_facts(current),
        previous=_result_facts(previous) if previous else None,
        history=tuple((p.fiscal_year, p.total) for p in years),
        years=tuple(
            ResultFacts(p.fiscal_year, p.total, p.level_label, dict(p.tools), dict(p.indicators))
            for p in years
        ),
        pass_mark=spec.pass_mark,
        texts={name: getattr(analysis, name) or "" for name in TEXT_LABELS},
        findings=tuple(
            FindingFacts(f.indicator_number, f.own_analysis, f.issues, f.urgent)
            for f in analysis.findings.all()
        ),
        comments=tuple((c.tool, c.text) for c in analysis.comments.all()),
        recommendations=tuple((r.item_code, r.text) for r in analysis.recommendations.all()),
        measures=tuple(_measure_record(m) for m in analysis.measures.prefetch_related("divisions")),
        urgent_weakest=analysis.urgent_weakest,
        urgent_floor=Decimal(analysis.urgent_floor),
        memo_date=analysis.memo_date,
        decided_at=analysis.decided_at,
        items=cycle_items(analysis.implementation_year),
        synthetic_years=tuple(
            sorted(
                set(
                    history.filter(revisions__note__startswith=SYNTHETIC_NOTE).values_list(
                        "fiscal_year", flat=True
                    )
                )
            )
        ),
        **_memo_parts(analysis),
    )


def cycle_items(implementation_year: int) -> CycleItems:
    """The items of the framework that governs the year the plan is carried out in."""
    governing = for_year(implementation_year)
    if governing is None:
        return CycleItems()
    return items_of(governing.framework.spec, governing.framework.name, governing.notice)
