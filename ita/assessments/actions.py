"""Recording official results: one function, used by the form, the import, the demo data and
the tests alike. Atomic, audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from ita.agencies.models import Agency
from ita.assessments.models import (
    Assessment,
    AssessmentRevision,
    IndicatorScore,
    OitVerdict,
    Source,
    Via,
)
from ita.assessments.revisions import Change, changes
from ita.audit.log import record
from ita.frameworks.models import Framework
from ita.frameworks.scoring import Result, ScoringError, oit_indicators_from_verdicts, score
from ita.lib.policy import NotAllowed, require
from ita.lib.thai_text import round2


def framework_for(fiscal_year: int) -> Framework:
    framework = Framework.for_year(fiscal_year)
    if framework is None:
        raise ScoringError(
            gettext("ยังไม่มีกรอบการประเมินสำหรับปีงบประมาณ {year}").format(year=fiscal_year)
        )
    return framework


def _snapshot(assessment: Assessment, scores, rejected) -> dict:
    return {
        "total": f"{assessment.total:.2f}",
        "level": assessment.level_code,
        "level_label": assessment.level_label,
        "indicators": {str(number): f"{value:.2f}" for number, value in scores},
        "oit_rejected": sorted(rejected),
    }


def snapshot_of(assessment: Assessment | None) -> dict | None:
    """The recorded state of a result as plain values (audit before/after, revisions)."""
    if assessment is None:
        return None
    return _snapshot(
        assessment,
        assessment.scores.order_by("indicator__number").values_list("indicator__number", "score"),
        assessment.verdicts.filter(accepted=False).values_list("item__code", flat=True),
    )


def prefetched_snapshot(assessment: Assessment) -> dict:
    """snapshot_of without queries, for results fetched with
    prefetch_related("scores__indicator", "verdicts__item") (a whole import file at once)."""
    scores = sorted((s.indicator.number, s.score) for s in assessment.scores.all())
    rejected = [v.item.code for v in assessment.verdicts.all() if not v.accepted]
    return _snapshot(assessment, scores, rejected)


def _result_snapshot(result: Result, oit_verdicts: Mapping[str, bool] | None) -> dict:
    """The snapshot a scored result will have once recorded (same shape as snapshot_of)."""
    return {
        "total": f"{result.total:.2f}",
        "level": result.level.code,
        "level_label": result.level.label,
        "indicators": {str(n): f"{round2(v):.2f}" for n, v in result.indicators.items()},
        "oit_rejected": sorted(c for c, ok in (oit_verdicts or {}).items() if not ok),
    }


@dataclass(frozen=True)
class Proposal:
    """What recording a result would do, before anything is written (the preview)."""

    agency: Agency
    fiscal_year: int
    before: dict | None
    after: dict
    base_revision: int | None  # the revision the preview was made against
    names: dict[int, str]

    @property
    def changes(self) -> list[Change]:
        return changes(self.before, self.after, self.names)

    @property
    def changes_existing(self) -> bool:
        return self.before is not None and self.before != self.after


def _scored(
    fiscal_year: int, indicator_scores, oit_verdicts, framework: Framework | None = None
) -> tuple[Framework, Result]:
    framework = framework or framework_for(fiscal_year)
    scores = {int(k): Decimal(v) for k, v in indicator_scores.items()}
    if oit_verdicts is not None:
        scores.update(oit_indicators_from_verdicts(framework.spec, oit_verdicts))
    return framework, score(framework.spec, scores)


def latest_revision(assessment: Assessment | None) -> int | None:
    if assessment is None:
        return None
    return assessment.revisions.order_by("-number").values_list("number", flat=True).first()


def propose_result(
    *,
    agency: Agency,
    fiscal_year: int,
    indicator_scores: Mapping[int, Decimal],
    oit_verdicts: Mapping[str, bool] | None = None,
    source: str = Source.OFFICIAL,
) -> Proposal:
    """Score the entry and compare it with what is recorded; writes nothing."""
    existing = Assessment.objects.filter(
        agency=agency, fiscal_year=fiscal_year, source=source
    ).first()
    return proposal_for(
        agency=agency, fiscal_year=fiscal_year, indicator_scores=indicator_scores,
        oit_verdicts=oit_verdicts, before=snapshot_of(existing),
        base_revision=latest_revision(existing),
    )  # fmt: skip


def proposal_for(
    *,
    agency: Agency,
    fiscal_year: int,
    indicator_scores: Mapping[int, Decimal],
    before: dict | None,
    base_revision: int | None,
    oit_verdicts: Mapping[str, bool] | None = None,
    framework: Framework | None = None,
) -> Proposal:
    """The proposal against a recorded state already read (an import reads them in bulk)."""
    framework, result = _scored(fiscal_year, indicator_scores, oit_verdicts, framework)
    return Proposal(
        agency=agency,
        fiscal_year=fiscal_year,
        before=before,
        after=_result_snapshot(result, oit_verdicts),
        base_revision=base_revision,
        names={i.number: i.name for i in framework.spec.indicators},
    )


class StaleProposal(ValueError):
    """The result changed after the preview was shown; the message is Thai."""


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
    via: str = Via.SYSTEM,
    base_revision: int | object | None = ...,
    framework: Framework | None = None,
) -> Assessment:
    """Store a year's result for an agency. With OIT verdicts, the OIT indicators are computed
    from them (any OIT indicator scores given are ignored); every other indicator is as given.
    Each change adds a revision. A confirmed preview passes `base_revision` (None: there was no
    result): if the result moved on since, StaleProposal and nothing is written. `framework`
    saves the lookup when the caller has it (an import)."""
    if via == Via.OIT_REVIEW:  # the assessor's verdicts put indicators 9-10 on the result
        require(acting_user, "disclosure.review", agency)
    else:
        require(acting_user, "results.record", agency)
    framework, result = _scored(fiscal_year, indicator_scores, oit_verdicts, framework)
    existing = (
        Assessment.objects.select_for_update()
        .filter(agency=agency, fiscal_year=fiscal_year, source=source)
        .first()
    )
    if base_revision is not ... and latest_revision(existing) != base_revision:
        raise StaleProposal(
            gettext(
                "ผลการประเมินปีงบประมาณ {year} ของ{agency} ถูกแก้ไขหลังจากแสดงตัวอย่าง "
                "กรุณาตรวจสอบการเปลี่ยนแปลงอีกครั้ง"
            ).format(year=fiscal_year, agency=agency.name)
        )
    if via == Via.OIT_REVIEW:
        _only_oit_moves(framework, existing, indicator_scores, oit_verdicts)
    before = snapshot_of(existing)
    assessment = existing or Assessment(agency=agency, fiscal_year=fiscal_year, source=source)
    _store(assessment, framework, result, oit_verdicts, acting_user)
    after = _result_snapshot(result, oit_verdicts)
    revision = _add_revision(assessment, before, after, acting_user, via, note)
    record(
        actor=acting_user,
        action="assessment.recorded" if existing is None else "assessment.changed",
        obj=assessment,
        agency=agency,
        before=before,
        after=after | ({"revision": revision.number} if revision else {}),
        note=note,
    )
    return assessment


def _only_oit_moves(framework, existing, given: Mapping[int, Decimal], verdicts) -> None:
    """The assessor's rule (disclosure.review) covers the OIT's indicators alone: verdicts on a
    recorded result, every other indicator as it stands. Anything else is results.record's."""
    refused = NotAllowed(gettext("ผลการตรวจ OIT เปลี่ยนได้เฉพาะตัวชี้วัดของ OIT ในผลการประเมินที่บันทึกไว้แล้ว"))
    if existing is None or verdicts is None:
        raise refused
    oit = set(framework.indicators.filter(tool="OIT").values_list("number", flat=True))
    recorded = dict(existing.scores.values_list("indicator__number", "score"))
    others = {n: Decimal(s) for n, s in given.items() if n not in oit}
    if others != {n: s for n, s in recorded.items() if n not in oit}:
        raise refused


def _store(assessment, framework, result: Result, oit_verdicts, acting_user) -> None:
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


def _add_revision(assessment, before, after, acting_user, via, note) -> AssessmentRevision | None:
    """A new revision when the scores changed (re-recording the same scores adds none)."""
    if before == after:
        return None
    number = (latest_revision(assessment) or 0) + 1
    return AssessmentRevision.objects.create(
        assessment=assessment,
        number=number,
        snapshot=after,
        total=assessment.total,
        level_label=assessment.level_label,
        via=via,
        note=note,
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
