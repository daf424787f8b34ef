"""Thin views over improvement.actions: access helper → form → action → redirect/render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ita.agencies.access import division_ids, get_agency_for_user
from ita.improvement import actions
from ita.improvement.access import (
    can_decide,
    can_plan,
    can_read_all_progress,
    can_read_progress,
    can_report,
    get_analysis_for_user,
    get_measure_for_user,
    progress_readable_ids,
)
from ita.improvement.analysis import completeness, copied_recommendations
from ita.improvement.forms import (
    AnalysisForm,
    CommentsForm,
    MeasureForm,
    ProgressForm,
    RecommendationsForm,
    ReturnForm,
)
from ita.improvement.library import items_in, suggestion, suggestions_for
from ita.improvement.memo_views import chain_context
from ita.improvement.models import Analysis, Measure, ProgressReport
from ita.improvement.queries import (
    cycle_items,
    draft_for,
    plan_facts,
    record_of,
    spec_of,
    urgent_numbers,
)
from ita.improvement.record import differences, from_json
from ita.improvement.rounds import round_due, round_state
from ita.improvement.themes import comment_themes

PROGRESS_FIELDS = (
    "status", "percent", "actions", "done_when", "output", "outcome", "problems", "suggestions",
)  # fmt: skip


def _refuse(request, message: str):
    messages.error(request, message)


@login_required
def agency_plans(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id)
    analyses = list(agency.analyses.all())
    cycles = {y: cycle_items(y) for y in {a.implementation_year for a in analyses}}
    for a in analyses:
        a.cycle = cycles[a.implementation_year]
    done = {a.fiscal_year for a in analyses}
    years = [
        y
        for y in agency.results.filter(source="official").values_list("fiscal_year", flat=True)
        if y not in done
    ]
    if request.method == "POST":
        if not can_plan(request.user, agency):
            raise Http404
        try:
            year = int(request.POST.get("fiscal_year", ""))
            analysis = actions.start_analysis(
                acting_user=request.user, agency=agency, fiscal_year=year
            )
        except (ValueError, actions.PlanError) as exc:
            _refuse(
                request,
                str(exc) if isinstance(exc, actions.PlanError) else gettext("ปีงบประมาณไม่ถูกต้อง"),
            )
        else:
            return redirect("improvement:analysis", pk=analysis.pk)
    return render(
        request,
        "improvement/agency_plans.html",
        {
            "agency": agency,
            "analyses": analyses,
            "years": years,
            "can_plan": can_plan(request.user, agency),
        },
    )


def _rounds_of(measure: Measure, reports: list[ProgressReport], today: dt.date) -> list[dict]:
    latest = {}
    for r in reports:  # ordered by round, newest revision first
        latest.setdefault(r.round_month, r)
    year = measure.analysis.implementation_year
    return [
        {
            "month": m,
            "due": round_due(year, m),
            "report": latest.get(m),
            "state": round_state(round_due(year, m), m in latest, today),
        }
        for m in measure.round_months
    ]


def _measures_with_rounds(analysis: Analysis, user) -> list[tuple[Measure, list[dict]]]:
    """Each measure with its rounds. Of a measure whose progress the user may not read (another
    division's, for a division head) the rounds keep their due dates and states, not the report:
    "overdue" would be false for a round that was reported."""
    today = timezone.localdate()
    measures = list(
        analysis.measures.prefetch_related(
            "divisions",
            Prefetch(
                "reports", queryset=ProgressReport.objects.order_by("round_month", "-revision")
            ),
        )
    )
    readable = progress_readable_ids(user, analysis, measures)
    rows = []
    for m in measures:
        rounds = _rounds_of(m, list(m.reports.all()), today)
        if readable is not None and m.pk not in readable:
            rounds = [{**r, "report": None} for r in rounds]
        rows.append((m, rounds))
    return rows


@login_required
def analysis_detail(request, pk: int):
    analysis = get_analysis_for_user(request.user, pk)
    draft = draft_for(analysis)
    facts = plan_facts(analysis, draft)
    comments = list(analysis.comments.all())
    spec = spec_of(analysis)
    versions = list(analysis.versions.select_related("approved_by"))
    context = {
        "analysis": analysis,
        "agency": analysis.agency,
        "cycle": cycle_items(analysis.implementation_year),
        "versions": versions,
        "changes": _changes_since_approval(analysis, versions),
        "draft": draft,
        "urgent": urgent_numbers(analysis, draft),
        "missing": completeness(facts),
        "copied": copied_recommendations(facts.own_texts, facts.recommendations),
        "themes": {
            tool: comment_themes([c.text for c in comments if c.tool == tool])
            for tool in ("IIT", "EIT")
        },
        "comment_counts": {tool: sum(c.tool == tool for c in comments) for tool in ("IIT", "EIT")},
        "measures": _measures_with_rounds(analysis, request.user),
        "suggestions": suggestions_for(spec, [r.number for r in draft.weaknesses]),
        "findings": {f.indicator_number: f for f in analysis.findings.all()},
        "can_plan": can_plan(request.user, analysis.agency),
        "can_decide": can_decide(request.user, analysis.agency),
        "can_read_all_progress": can_read_all_progress(request.user, analysis.agency),
        "comments_form": CommentsForm(),
        "recommendations_form": RecommendationsForm(),
        "return_form": ReturnForm(),
        **chain_context(request.user, analysis),
    }
    return render(request, "improvement/analysis_detail.html", context)


def _changes_since_approval(analysis: Analysis, versions: list) -> list:
    """What differs between the latest approved version and the live rows (empty without one)."""
    if not versions:
        return []
    return differences(from_json(versions[0].record), record_of(analysis))


def _planner_analysis(request, pk) -> Analysis:
    analysis = get_analysis_for_user(request.user, pk)
    if not can_plan(request.user, analysis.agency):
        raise Http404("ไม่มีสิทธิ์แก้ไขแผน")
    return analysis


@login_required
def analysis_edit(request, pk: int):
    analysis = _planner_analysis(request, pk)
    draft = draft_for(analysis)
    findings = {f.indicator_number: f for f in analysis.findings.all()}
    form = AnalysisForm(
        request.POST or None, instance=analysis, weak_rows=draft.weaknesses, findings=findings
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_analysis(
                acting_user=request.user,
                analysis=analysis,
                texts=form.texts(),
                findings=form.findings(),
            )
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("บันทึกบทวิเคราะห์แล้ว"))
            return redirect("improvement:analysis", pk=analysis.pk)
    return render(
        request,
        "improvement/analysis_form.html",
        {"analysis": analysis, "form": form, "draft": draft},
    )


@login_required
@require_POST
def comments_add(request, pk: int):
    analysis = _planner_analysis(request, pk)
    form = CommentsForm(request.POST)
    if form.is_valid():
        try:
            n = actions.add_comments(
                acting_user=request.user,
                analysis=analysis,
                tool=form.cleaned_data["tool"],
                texts=form.lines(),
            )
            messages.success(request, gettext("เพิ่มข้อคิดเห็น {count} รายการ").format(count=n))
        except actions.PlanError as exc:
            _refuse(request, str(exc))
    else:
        _refuse(request, gettext("กรุณากรอกข้อคิดเห็นอย่างน้อยหนึ่งบรรทัด"))
    return redirect("improvement:analysis", pk=analysis.pk)


@login_required
@require_POST
def recommendations_add(request, pk: int):
    analysis = _planner_analysis(request, pk)
    form = RecommendationsForm(request.POST)
    if form.is_valid():
        try:
            n = actions.add_recommendations(
                acting_user=request.user,
                analysis=analysis,
                recommendations=form.cleaned_data["text"],
            )
            messages.success(request, gettext("เพิ่มข้อเสนอแนะ {count} รายการ").format(count=n))
        except actions.PlanError as exc:
            _refuse(request, str(exc))
    else:
        _refuse(request, " ".join(form.errors.get("text", [])))
    return redirect("improvement:analysis", pk=analysis.pk)


@login_required
def measure_edit(request, pk: int, measure_id: int | None = None):
    analysis = _planner_analysis(request, pk)
    measure = None
    if measure_id is not None:
        measure = analysis.measures.filter(pk=measure_id).first()
        if measure is None:
            raise Http404
    spec = spec_of(analysis)
    initial = {"round_months": [6, 12], "period": f"ปีงบประมาณ พ.ศ. {analysis.implementation_year}"}
    if measure:
        initial = {
            "title": measure.title, "guideline": measure.guideline, "steps": measure.steps,
            "divisions": [str(d.pk) for d in measure.divisions.all()], "period": measure.period,
            "monitoring": measure.monitoring, "indicators": measure.indicators,
            "items": ", ".join(measure.items), "round_months": measure.round_months,
        }  # fmt: skip
    elif request.GET.get("suggest") and (s := suggestion(request.GET["suggest"])):
        initial |= {
            "title": s.title, "steps": s.steps, "monitoring": s.monitoring,
            "indicators": list(s.indicators),
            "items": ", ".join(items_in(s, spec)),
        }  # fmt: skip
    form = MeasureForm(request.POST or None, agency=analysis.agency, spec=spec, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_measure(
                acting_user=request.user,
                analysis=analysis,
                data=form.measure_input(),
                measure=measure,
            )
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("บันทึกมาตรการแล้ว"))
            return redirect("improvement:analysis", pk=analysis.pk)
    return render(
        request,
        "improvement/measure_form.html",
        {"analysis": analysis, "form": form, "measure": measure},
    )


@login_required
@require_POST
def measure_delete(request, pk: int, measure_id: int):
    analysis = _planner_analysis(request, pk)
    measure = analysis.measures.filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    try:
        actions.delete_measure(acting_user=request.user, measure=measure)
        messages.success(request, gettext("ลบมาตรการแล้ว"))
    except actions.PlanError as exc:
        _refuse(request, str(exc))
    return redirect("improvement:analysis", pk=analysis.pk)


@login_required
@require_POST
def plan_transition(request, pk: int, step: str):
    analysis = get_analysis_for_user(request.user, pk)
    agency = analysis.agency
    try:
        if step == "submit" and can_plan(request.user, agency):
            actions.submit_plan(acting_user=request.user, analysis=analysis)
            messages.success(request, gettext("เสนอแผนขออนุมัติแล้ว"))
        elif step == "revise" and can_plan(request.user, agency):
            actions.start_revision(acting_user=request.user, analysis=analysis)
            messages.success(
                request, gettext("เริ่มปรับปรุงแผนเป็นฉบับใหม่แล้ว ฉบับที่อนุมัติไว้ยังใช้อยู่จนกว่าฉบับใหม่จะได้รับอนุมัติ")
            )
        elif step == "approve" and can_decide(request.user, agency):
            actions.approve_plan(acting_user=request.user, analysis=analysis)
            messages.success(request, gettext("อนุมัติมาตรการแล้ว"))
        elif step == "return" and can_decide(request.user, agency):
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise actions.PlanError(gettext("กรุณาระบุเหตุผลที่ส่งกลับ"))
            actions.return_plan(
                acting_user=request.user, analysis=analysis, reason=form.cleaned_data["reason"]
            )
            messages.success(request, gettext("ส่งแผนกลับให้แก้ไขแล้ว"))
        else:
            raise Http404
    except actions.PlanError as exc:
        _refuse(request, str(exc))
    return redirect("improvement:analysis", pk=analysis.pk)


@login_required
def progress_report(request, measure_id: int, month: int):
    measure = get_measure_for_user(request.user, measure_id)
    if not can_report(request.user, measure):
        raise Http404("ไม่มีสิทธิ์รายงานมาตรการนี้")
    if month not in measure.round_months:
        raise Http404("ไม่มีรอบรายงานนี้")
    history = list(measure.reports.filter(round_month=month).prefetch_related("evidence"))
    latest = history[0] if history else None
    initial = {}
    if latest:
        initial = {f: getattr(latest, f) for f in PROGRESS_FIELDS}
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_progress(
                acting_user=request.user,
                measure=measure,
                round_month=month,
                data=form.progress_input(),
            )
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("ส่งรายงานรอบ {months} เดือนแล้ว").format(months=month))
            return redirect("improvement:my_measures")
    return render(
        request,
        "improvement/progress_form.html",
        {
            "measure": measure, "analysis": measure.analysis, "month": month, "form": form,
            "history": history, "due": round_due(measure.analysis.implementation_year, month),
        },
    )  # fmt: skip


@login_required
def my_measures(request):
    """Measures the user may report on, with their rounds: division heads see only theirs."""
    from ita.agencies.access import agencies_for_user

    rows = []
    analyses = (
        Analysis.objects.filter(agency__in=agencies_for_user(request.user))
        .filter(Q(status="approved") | Q(versions__isnull=False))
        .distinct()
        .select_related("agency")
    )
    for analysis in analyses:
        mine = division_ids(request.user, analysis.agency)
        planner = can_plan(request.user, analysis.agency)
        if not (mine or planner):
            continue
        for measure, rounds in _measures_with_rounds(analysis, request.user):
            if planner or {d.pk for d in measure.divisions.all()} & mine:
                rows.append((analysis, measure, rounds))
    return render(request, "improvement/my_measures.html", {"rows": rows})


@login_required
def progress_dashboard(request, pk: int):
    analysis = get_analysis_for_user(request.user, pk)
    measures = _measures_with_rounds(analysis, request.user)
    months = sorted({m for measure, _ in measures for m in measure.round_months})
    counts: dict[str, int] = {}
    for _, rounds in measures:
        for r in rounds:
            counts[r["state"]] = counts.get(r["state"], 0) + 1
    return render(
        request,
        "improvement/progress_dashboard.html",
        {
            "analysis": analysis,
            "agency": analysis.agency,
            "cycle": cycle_items(analysis.implementation_year),
            "measures": measures,
            "months": months,
            "counts": counts,
        },
    )


@login_required
def evidence_file(request, evidence_id: int):
    """An uploaded evidence file, for whoever may read the measure's progress (404 otherwise)."""
    from django.http import FileResponse

    from ita.agencies.access import agencies_for_user
    from ita.improvement.models import Evidence

    evidence = (
        Evidence.objects.filter(
            pk=evidence_id, report__measure__analysis__agency__in=agencies_for_user(request.user)
        )
        .exclude(file="")
        .first()
    )
    if evidence is None or not can_read_progress(request.user, evidence.report.measure):
        raise Http404("ไม่พบไฟล์หลักฐาน")
    name = evidence.file.name.rsplit("/", 1)[-1]
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)
