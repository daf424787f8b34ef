"""Recording official results: one function, used by the form, the import, the demo data and
the tests alike. Atomic, audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from ita.agencies.models import Agency
from ita.assessments.models import Assessment, IndicatorScore, OitVerdict, Source
from ita.audit.log import record
from ita.frameworks.models import Framework
from ita.frameworks.scoring import ScoringError, oit_indicators_from_verdicts, score
from ita.lib.thai_text import round2


def framework_for(fiscal_year: int) -> Framework:
    framework = Framework.for_year(fiscal_year)
    if framework is None:
        raise ScoringError(f"ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ {fiscal_year}")
    return framework


def _snapshot(assessment: Assessment | None) -> dict | None:
    if assessment is None:
        return None
    return {
        "total": str(assessment.total),
        "level": assessment.level_code,
        "indicators": {
            str(s.indicator.number): str(s.score)
            for s in assessment.scores.select_related("indicator")
        },
        "oit_rejected": sorted(
            v.item.code for v in assessment.verdicts.select_related("item") if not v.accepted
        ),
    }


@transaction.atomic
def record_result(
    *,
    acting_user,
    agency: Agency,
    fiscal_year: int,
    indicator_scores: Mapping[int, Decimal],
    oit_verdicts: Mapping[str, bool] | None = None,
    source: str = Source.OFFICIAL,
    note: str = "",
) -> Assessment:
    """Store a year's result for an agency. With OIT verdicts, the OIT indicators are computed
    from them (any OIT indicator scores given are ignored); every other indicator is as given."""
    framework = framework_for(fiscal_year)
    spec = framework.spec
    scores = {int(k): Decimal(v) for k, v in indicator_scores.items()}
    if oit_verdicts is not None:
        scores.update(oit_indicators_from_verdicts(spec, oit_verdicts))
    result = score(spec, scores)

    existing = (
        Assessment.objects.select_for_update()
        .filter(agency=agency, fiscal_year=fiscal_year, source=source)
        .first()
    )
    before = _snapshot(existing)
    assessment = existing or Assessment(agency=agency, fiscal_year=fiscal_year, source=source)
    tools = result.tools
    assessment.framework = framework
    assessment.total = result.total
    assessment.level_code = result.level.code
    assessment.level_label = result.level.label
    assessment.iit, assessment.eit, assessment.oit = tools["IIT"], tools["EIT"], tools["OIT"]
    assessment.updated_by = acting_user if acting_user and acting_user.is_authenticated else None
    assessment.save()

    indicators = {i.number: i for i in framework.indicators.all()}
    assessment.scores.all().delete()
    IndicatorScore.objects.bulk_create(
        IndicatorScore(assessment=assessment, indicator=indicators[n], score=round2(value))
        for n, value in result.indicators.items()
    )
    assessment.verdicts.all().delete()
    if oit_verdicts is not None:
        items = {i.code: i for i in framework.items.filter(code__in=list(oit_verdicts))}
        OitVerdict.objects.bulk_create(
            OitVerdict(assessment=assessment, item=items[code], accepted=accepted)
            for code, accepted in oit_verdicts.items()
        )
    record(
        actor=acting_user,
        action="assessment.recorded" if existing is None else "assessment.changed",
        obj=assessment,
        agency=agency,
        before=before,
        after=_snapshot(assessment),
        note=note,
    )
    return assessment
