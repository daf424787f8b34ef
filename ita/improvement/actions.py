"""Every change in the improvement cycle is one function here: atomic, audited, with the state
rules of the plan (only a draft or returned plan is edited; only an approved plan is reported
on). Views, the demo data and the tests all call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ita.agencies.chains import Step, chain_for
from ita.audit.log import record
from ita.improvement import notices
from ita.improvement.models import (
    Analysis,
    Evidence,
    IndicatorFinding,
    Measure,
    Opinion,
    PlanStatus,
    PlanVersion,
    ProgressReport,
    Recommendation,
    RespondentComment,
)
from ita.improvement.queries import record_of
from ita.improvement.record import to_json
from ita.improvement.rounds import ROUND_CHOICES
from ita.lib.policy import allows, require


class PlanError(ValueError):
    """A change the plan's state does not allow; the message is Thai."""


def _require_editable(analysis: Analysis) -> None:
    if not analysis.editable:
        raise PlanError(
            _("แผนอยู่ในสถานะ “{status}” แก้ไขไม่ได้ ต้องให้ผู้บริหารส่งกลับเพื่อแก้ไขก่อน").format(
                status=analysis.get_status_display()
            )
        )


def _audit(user, action: str, obj, analysis: Analysis, before=None, after=None, note: str = ""):
    record(
        actor=user, action=action, obj=obj, agency=analysis.agency, before=before, after=after,
        note=note,
    )  # fmt: skip


@transaction.atomic
def start_analysis(*, acting_user, agency, fiscal_year: int) -> Analysis:
    require(acting_user, "improvement.plan", agency)
    if not agency.results.filter(fiscal_year=fiscal_year, source="official").exists():
        raise PlanError(
            _("ยังไม่มีผลการประเมินอย่างเป็นทางการของปีงบประมาณ {year}").format(year=fiscal_year)
        )
    analysis, created = Analysis.objects.get_or_create(
        agency=agency,
        fiscal_year=fiscal_year,
        defaults={"memo_unit": agency.name, "memo_to": f"ผู้บริหาร{agency.name}"},
    )
    if created:
        _audit(acting_user, "analysis.started", analysis, analysis, after={"year": fiscal_year})
    return analysis


@dataclass
class FindingInput:
    own_analysis: str = ""
    issues: str = ""
    urgent: bool | None = None


@transaction.atomic
def update_analysis(
    *,
    acting_user,
    analysis: Analysis,
    texts: Mapping[str, object],
    findings: Mapping[int, FindingInput],
) -> Analysis:
    """texts: overview, improvement_issues, urgent_weakest, urgent_floor and memo fields."""
    analysis = Analysis.objects.select_for_update().select_related("agency").get(pk=analysis.pk)
    require(acting_user, "improvement.plan", analysis.agency)
    _require_editable(analysis)
    before = {k: str(getattr(analysis, k)) for k in texts}
    for name, value in texts.items():
        setattr(analysis, name, value)
    analysis.save()
    for number, data in findings.items():
        IndicatorFinding.objects.update_or_create(
            analysis=analysis,
            indicator_number=number,
            defaults={
                "own_analysis": data.own_analysis,
                "issues": data.issues,
                "urgent": data.urgent,
            },
        )
    _audit(
        acting_user, "analysis.changed", analysis, analysis, before=before,
        after={k: str(v) for k, v in texts.items()},
    )  # fmt: skip
    return analysis


@transaction.atomic
def add_comments(*, acting_user, analysis: Analysis, tool: str, texts: Iterable[str]) -> int:
    require(acting_user, "improvement.plan", analysis.agency)
    _require_editable(analysis)
    rows = [
        RespondentComment(analysis=analysis, tool=tool, text=t.strip()) for t in texts if t.strip()
    ]
    RespondentComment.objects.bulk_create(rows)
    _audit(
        acting_user,
        "analysis.comments_added",
        analysis,
        analysis,
        after={"tool": tool, "count": len(rows)},
    )
    return len(rows)


@transaction.atomic
def add_recommendations(
    *, acting_user, analysis: Analysis, recommendations: Sequence[tuple[str, str]]
) -> int:
    require(acting_user, "improvement.plan", analysis.agency)
    _require_editable(analysis)
    rows = [
        Recommendation(analysis=analysis, item_code=code.strip().upper(), text=text.strip())
        for code, text in recommendations
    ]
    Recommendation.objects.bulk_create(rows)
    _audit(
        acting_user, "analysis.recommendations_added", analysis, analysis,
        after={"codes": [r.item_code for r in rows]},
    )  # fmt: skip
    return len(rows)


@dataclass
class MeasureInput:
    title: str
    steps: str
    period: str
    monitoring: str
    division_ids: Sequence[int]
    guideline: str = ""
    indicators: Sequence[int] = ()
    items: Sequence[str] = ()
    round_months: Sequence[int] = (6, 12)
    position: int | None = None


def _measure_snapshot(measure: Measure) -> dict:
    return {
        "title": measure.title,
        "steps": measure.steps,
        "period": measure.period,
        "monitoring": measure.monitoring,
        "divisions": sorted(measure.divisions.values_list("pk", flat=True)),
        "indicators": measure.indicators,
        "items": measure.items,
        "round_months": measure.round_months,
    }


@transaction.atomic
def save_measure(
    *, acting_user, analysis: Analysis, data: MeasureInput, measure: Measure | None = None
) -> Measure:
    analysis = Analysis.objects.select_for_update().select_related("agency").get(pk=analysis.pk)
    require(acting_user, "improvement.plan", analysis.agency)
    _require_editable(analysis)
    bad_rounds = set(data.round_months) - set(ROUND_CHOICES)
    if bad_rounds or not data.round_months:
        raise PlanError(_("รอบรายงานผลต้องเลือกจาก 1, 3, 6, 9 หรือ 12 เดือน อย่างน้อยหนึ่งรอบ"))
    divisions = analysis.agency.divisions.filter(pk__in=data.division_ids)
    if divisions.count() != len(set(data.division_ids)) or not data.division_ids:
        raise PlanError(_("ต้องเลือกผู้รับผิดชอบจากกอง/สำนักของหน่วยงานนี้อย่างน้อยหนึ่งหน่วย"))
    before = _measure_snapshot(measure) if measure else None
    measure = measure or Measure(analysis=analysis)
    if data.position is not None:
        measure.position = data.position
    elif measure.pk is None:
        measure.position = analysis.measures.count() + 1
    for name in ("title", "steps", "period", "monitoring", "guideline"):
        setattr(measure, name, getattr(data, name).strip())
    measure.indicators = sorted(set(int(n) for n in data.indicators))
    measure.items = [c.strip().upper() for c in data.items if c.strip()]
    measure.round_months = sorted(set(int(m) for m in data.round_months))
    measure.save()
    measure.divisions.set(divisions)
    _audit(
        acting_user, "measure.saved" if before else "measure.created", measure, analysis,
        before=before, after=_measure_snapshot(measure),
    )  # fmt: skip
    return measure


@transaction.atomic
def delete_measure(*, acting_user, measure: Measure) -> None:
    analysis = measure.analysis
    require(acting_user, "improvement.plan", analysis.agency)
    _require_editable(analysis)
    if measure.reports.exists():
        raise PlanError(_("มาตรการนี้มีรายงานความก้าวหน้าแล้ว ลบไม่ได้ ให้แก้ไขมาตรการแทน"))
    before = _measure_snapshot(measure)
    _audit(acting_user, "measure.deleted", measure, analysis, before=before)
    measure.delete()


def _transition(analysis: Analysis, allowed: set[str], to: str, action: str, user, **fields):
    analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.status not in allowed:
        raise PlanError(
            _("แผนอยู่ในสถานะ “{status}” จึงทำรายการนี้ไม่ได้").format(
                status=analysis.get_status_display()
            )
        )
    before = analysis.status
    analysis.status = to
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.save()
    _audit(user, action, analysis, analysis, before={"status": before}, after={"status": to, **{
        k: str(v) for k, v in fields.items() if k in ("return_reason",)}})  # fmt: skip
    return analysis


@transaction.atomic
def submit_plan(*, acting_user, analysis: Analysis, at=None) -> Analysis:
    """`at`: when it happened, for the demo's plans of past years (else now)."""
    require(acting_user, "improvement.plan", analysis.agency)
    if not analysis.measures.exists():
        raise PlanError(_("ต้องมีมาตรการอย่างน้อยหนึ่งมาตรการก่อนเสนอขออนุมัติ"))
    analysis = _transition(
        analysis, {PlanStatus.DRAFT, PlanStatus.RETURNED}, PlanStatus.SUBMITTED,
        "plan.submitted", acting_user, submitted_at=at or timezone.now(), return_reason="",
    )  # fmt: skip
    if at is None:  # the demo's past years are history: nobody is waiting on them
        notices.plan_submitted(acting_user, analysis, next_step(analysis))
    return analysis


def current_opinions(analysis: Analysis) -> list[Opinion]:
    return list(analysis.opinions.filter(withdrawn_at__isnull=True).order_by("step"))


def next_step(analysis: Analysis) -> Step | None:
    """The chain's first step without an opinion yet; None when all are given."""
    given = {o.step for o in current_opinions(analysis)}
    return next((s for s in chain_for(analysis.agency) if s.order not in given), None)


@transaction.atomic
def give_opinion(
    *, acting_user, analysis: Analysis, text: str, name: str = "", title: str = "", at=None
) -> Opinion:
    """The next opinion of the memo's chain, in order, on a submitted plan, by a user of the
    step's role (improvement.access). `name` and `title` default to the user's name and the
    step's position; `at` is for the demo's past years (else now)."""
    analysis = Analysis.objects.select_for_update().select_related("agency").get(pk=analysis.pk)
    if analysis.status != PlanStatus.SUBMITTED:
        raise PlanError(_("ให้ความเห็นได้เมื่อแผนอยู่ระหว่างเสนอขออนุมัติเท่านั้น"))
    step = next_step(analysis)
    if step is None:
        raise PlanError(_("ความเห็นครบทุกลำดับแล้ว รอผู้บริหารพิจารณาอนุมัติ"))
    if not allows(acting_user, "improvement.give_opinion", analysis.agency, step):
        raise PlanError(_("ลำดับถัดไปเป็นความเห็นของ{title} ซึ่งท่านไม่มีสิทธิ์ให้").format(title=step.title))
    if not text.strip():
        raise PlanError(_("กรุณาระบุความเห็น"))
    opinion = Opinion.objects.create(
        analysis=analysis,
        step=step.order,
        title=(title or step.title).strip(),
        name=(name or acting_user.get_full_name() or acting_user.get_username()).strip(),
        text=text.strip(),
        given_by=acting_user,
        given_at=at or timezone.now(),
    )
    _audit(
        acting_user, "plan.opinion_given", opinion, analysis,
        after={"step": opinion.step, "title": opinion.title, "name": opinion.name,
               "text": opinion.text, "given_at": opinion.given_at.isoformat()},
    )  # fmt: skip
    if at is None:
        notices.opinion_given(acting_user, analysis, next_step(analysis))
    return opinion


def _withdraw_opinions(acting_user, analysis: Analysis) -> None:
    """Opinions were given on the text as submitted: a plan sent back or reopened collects
    them again on its next submission (the approved version keeps its own, frozen)."""
    now = timezone.now()
    withdrawn = analysis.opinions.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    if withdrawn:
        _audit(acting_user, "plan.opinions_withdrawn", analysis, analysis,
               after={"count": withdrawn})  # fmt: skip


@transaction.atomic
def approve_plan(*, acting_user, analysis: Analysis, decided_at=None) -> Analysis:
    """Approve and freeze what was approved as the next PlanVersion. Every opinion of the
    chain must be given first (the memo the executive ticks carries them). `decided_at` is for
    the demo's plans of past years: their memo is dated from it, never from today."""
    require(acting_user, "improvement.decide", analysis.agency)
    missing = next_step(analysis)
    if missing is not None:
        raise PlanError(
            _("ยังไม่มีความเห็นของ{title} ต้องมีความเห็นครบตามลำดับก่อนผู้บริหารอนุมัติ").format(
                title=missing.title
            )
        )
    # Read the stored approver, not the caller's copy: it may predate update_analysis.
    stored = Analysis.objects.values_list("approver_name", flat=True).get(pk=analysis.pk)
    name = stored or acting_user.get_full_name() or acting_user.get_username()
    analysis = _transition(
        analysis, {PlanStatus.SUBMITTED}, PlanStatus.APPROVED, "plan.approved", acting_user,
        decided_at=decided_at or timezone.now(), decided_by=acting_user, approver_name=name,
    )  # fmt: skip
    freeze_version(acting_user=acting_user, analysis=analysis)
    if decided_at is None:
        notices.plan_approved(acting_user, analysis)
    return analysis


def _thai_record(analysis: Analysis) -> dict:
    # The stored record feeds the Thai documents: built in Thai whatever the approver reads.
    with translation.override("th"):
        return to_json(record_of(analysis))


def freeze_version(*, acting_user, analysis: Analysis) -> PlanVersion:
    """The plan record as approved, stored so its documents never change afterwards. Called
    inside approve_plan's transaction, on the row it locked."""
    last = analysis.versions.order_by("-number").values_list("number", flat=True).first()
    version = PlanVersion.objects.create(
        analysis=analysis,
        number=(last or 0) + 1,
        record=_thai_record(analysis),
        approved_at=analysis.decided_at,
        approved_by=acting_user,
        approver_name=analysis.approver_name,
    )
    _audit(
        acting_user, "plan.version_frozen", version, analysis,
        after={"number": version.number, "fiscal_year": analysis.fiscal_year},
    )  # fmt: skip
    return version


@transaction.atomic
def freeze_earlier_approvals() -> int:
    """Plans approved before approval froze a version get their version 1 now, from what their
    documents showed at this moment (run once by migration 0003); returns how many."""
    pending = Analysis.objects.select_for_update(of=("self",)).filter(
        status=PlanStatus.APPROVED, versions__isnull=True
    )
    frozen = 0
    for analysis in pending:
        freeze_version(acting_user=analysis.decided_by, analysis=analysis)
        frozen += 1
    return frozen


@transaction.atomic
def start_revision(*, acting_user, analysis: Analysis) -> Analysis:
    """Reopen an approved plan as a draft of its next version (the approved version stays in
    force and downloadable until the next one is approved)."""
    require(acting_user, "improvement.plan", analysis.agency)
    analysis = _transition(
        analysis, {PlanStatus.APPROVED}, PlanStatus.DRAFT, "plan.revision_started", acting_user
    )
    _withdraw_opinions(acting_user, analysis)
    return analysis


def in_force(analysis: Analysis) -> bool:
    """Measures are reported on while an approved version is in force (also while its next
    revision is drafted)."""
    return analysis.status == PlanStatus.APPROVED or analysis.versions.exists()


@transaction.atomic
def return_plan(*, acting_user, analysis: Analysis, reason: str) -> Analysis:
    """Returning is also how an approved plan is reopened: nobody edits an approved plan."""
    require(acting_user, "improvement.decide", analysis.agency)
    if not reason.strip():
        raise PlanError(_("กรุณาระบุเหตุผลที่ส่งกลับ"))
    analysis = _transition(
        analysis, {PlanStatus.SUBMITTED, PlanStatus.APPROVED}, PlanStatus.RETURNED,
        "plan.returned", acting_user, decided_at=timezone.now(), decided_by=acting_user,
        return_reason=reason.strip(),
    )  # fmt: skip
    _withdraw_opinions(acting_user, analysis)
    notices.plan_returned(acting_user, analysis)
    return analysis


@dataclass
class ProgressInput:
    status: str
    percent: int
    actions: str
    done_when: str = ""
    output: str = ""
    outcome: str = ""
    problems: str = ""
    suggestions: str = ""
    urls: Sequence[str] = ()
    files: Sequence = field(default_factory=list)  # uploaded files


@transaction.atomic
def report_progress(
    *, acting_user, measure: Measure, round_month: int, data: ProgressInput
) -> ProgressReport:
    """A new report, or a new revision of a round already reported (the old stays readable)."""
    measure = (
        Measure.objects.select_for_update().select_related("analysis__agency").get(pk=measure.pk)
    )
    require(acting_user, "improvement.report", measure)
    analysis = measure.analysis
    if not in_force(analysis):
        raise PlanError(_("รายงานความก้าวหน้าได้เมื่อแผนได้รับอนุมัติแล้วเท่านั้น"))
    if round_month not in measure.round_months:
        raise PlanError(_("มาตรการนี้ไม่มีรอบรายงาน {months} เดือน").format(months=round_month))
    if not 0 <= data.percent <= 100:
        raise PlanError(_("ร้อยละความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100"))
    last = measure.reports.filter(round_month=round_month).order_by("-revision").first()
    report = ProgressReport.objects.create(
        measure=measure,
        round_month=round_month,
        revision=(last.revision + 1) if last else 1,
        status=data.status,
        percent=data.percent,
        actions=data.actions.strip(),
        done_when=data.done_when.strip(),
        output=data.output.strip(),
        outcome=data.outcome.strip(),
        problems=data.problems.strip(),
        suggestions=data.suggestions.strip(),
        submitted_by=acting_user,
    )
    for url in data.urls:
        if url.strip():
            Evidence.objects.create(report=report, url=url.strip())
    for upload in data.files:
        Evidence.objects.create(report=report, file=upload, label=upload.name)
    _audit(
        acting_user, "progress.reported", report, analysis,
        after={"measure": measure.pk, "round": round_month, "revision": report.revision,
               "status": report.status, "percent": report.percent},
    )  # fmt: skip
    return report
