"""Thin views: access helper → form → action → redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from ita.agencies.access import agencies_for_user, can_write, get_agency_for_user
from ita.assessments import importing
from ita.assessments.actions import StaleProposal, propose_result, record_result
from ita.assessments.forms import ImportForm, ResultForm, WhatIfForm
from ita.assessments.models import ResultImport, Source, Via
from ita.assessments.presentation import (
    chart_data,
    distinct_notices,
    indicator_rows,
    strengths,
    weaknesses,
)
from ita.assessments.queries import history, with_latest_result, year_notice, year_notices
from ita.assessments.timeline import timeline
from ita.frameworks import whatif, years
from ita.frameworks.models import Framework
from ita.frameworks.scoring import ScoringError, score
from ita.lib.responses import attachment
from ita.lib.thai_dates import parse_fiscal_year


@login_required
def agency_list(request):
    agencies = agencies_for_user(request.user)
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(with_latest_result(agencies).order_by("province__name", "name"), 50).get_page(
        request.GET.get("page")
    )
    notices = year_notices(a.latest_year for a in page if a.latest_year)
    return render(
        request,
        "assessments/agency_list.html",
        {"page": page, "query": query, "notices": list(notices.values()),
         "provisional_years": set(notices)},
    )  # fmt: skip


@login_required
def agency_detail(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id)
    points = history(agency)
    tools = points[-1].tools if points else {}
    charts = (
        chart_data(points[-1].total, tools, [], points, {}, mark=points[-1].mark)
        if points
        else None
    )
    return render(
        request,
        "assessments/agency_detail.html",
        {
            "agency": agency,
            "history": list(reversed(points)),
            "notices": distinct_notices(points),
            "charts": charts,
            "can_write": can_write(request.user, agency),
        },
    )


@login_required
def result_detail(request, agency_id: int, year: int):
    agency = get_agency_for_user(request.user, agency_id)
    points = {p.fiscal_year: p for p in history(agency)}
    if year not in points:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    assessment = agency.results.select_related("framework").get(
        fiscal_year=year, source=Source.OFFICIAL
    )
    spec = assessment.framework.spec
    current = points[year]
    previous = points.get(year - 1)
    names = {i.number: (i.name, i.tool) for i in spec.indicators}
    previous_scores = previous.indicators if previous else None
    rows = indicator_rows(names, current.indicators, previous_scores, mark=spec.pass_mark)
    tool_names = {t.code: t.name for t in spec.tools}
    past = [p for y, p in sorted(points.items()) if y <= year]
    return render(
        request,
        "assessments/result_detail.html",
        {
            "agency": agency,
            "assessment": assessment,
            "spec": spec,
            "notice": current.notice,
            "rows": rows,
            "strengths": strengths(rows),
            "weaknesses": weaknesses(rows),
            "previous": previous,
            "change": None if previous is None else current.total - previous.total,
            "tools": [
                (t, current.tools[t.code], current.tools[t.code] >= spec.pass_mark)
                for t in spec.tools
            ],
            "charts": chart_data(
                current.total, current.tools, rows, past, tool_names, mark=spec.pass_mark
            ),
            "rejected": assessment.verdicts.filter(accepted=False).select_related("item"),
            "revisions": assessment.revisions.select_related("created_by"),
            "timeline": timeline(assessment),
            "can_write": can_write(request.user, agency),
        },
    )


def _framework_or_404(year: int) -> Framework:
    framework = Framework.for_year(year)
    if framework is None:
        raise Http404("ไม่มีกรอบการประเมินของปีนี้")
    return framework


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id, write=True)
    year = _requested_year(request)
    framework = _framework_or_404(year)
    existing = agency.results.filter(fiscal_year=year, source=Source.OFFICIAL).first()
    initial = {"fiscal_year": year}
    if existing:
        initial |= {
            f"i{s.indicator.number}": s.score for s in existing.scores.select_related("indicator")
        }
        rejected = [v.item.code for v in existing.verdicts.select_related("item") if not v.accepted]
        if existing.verdicts.exists():
            initial |= {"use_verdicts": True, "rejected_items": rejected}
    form = ResultForm(request.POST or None, spec=framework.spec, initial=initial)
    if request.method == "POST" and "back" not in request.POST and form.is_valid():
        entry = {
            "agency": agency,
            "fiscal_year": form.cleaned_data["fiscal_year"],
            "indicator_scores": form.indicator_scores(),
            "oit_verdicts": form.oit_verdicts(),
        }
        try:
            return _save_or_preview(request, entry)
        except ScoringError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "assessments/result_form.html",
        {
            "agency": agency,
            "form": form,
            "year": year,
            "years": form.fields["fiscal_year"].choices,
            "existing": existing,
            "framework": framework,
            "notice": year_notice(year),
        },
    )


def _save_or_preview(request, entry: dict):
    """A result that replaces a recorded one is shown as a preview (old → new) and written
    only when the user confirms the preview they saw (its base revision)."""
    proposal = propose_result(**entry)
    confirmed = request.POST.get("confirm") == "1"
    if proposal.changes_existing and not confirmed:
        return _preview(request, proposal)
    if proposal.before == proposal.after:
        messages.info(request, gettext("ผลที่กรอกเหมือนผลที่บันทึกไว้ ไม่มีการเปลี่ยนแปลง"))
        return redirect("result_detail", agency_id=entry["agency"].pk, year=entry["fiscal_year"])
    base = _posted_revision(request) if confirmed else proposal.base_revision
    try:
        record_result(acting_user=request.user, via=Via.FORM, base_revision=base, **entry)
    except StaleProposal as exc:
        messages.warning(request, str(exc))
        return _preview(request, propose_result(**entry), status=409)
    messages.success(request, gettext("บันทึกผลการประเมินแล้ว"))
    return redirect("result_detail", agency_id=entry["agency"].pk, year=entry["fiscal_year"])


def _posted_revision(request) -> int | str | None:
    raw = request.POST.get("base_revision", "")
    if raw == "":
        return None
    # Anything but a short ASCII number never matches a revision: the preview is shown again.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else "invalid"


def _preview(request, proposal, status: int = 200):
    posted = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "confirm", "base_revision", "back")
        for value in values
    ]
    agency = proposal.agency
    return render(
        request,
        "assessments/result_confirm.html",
        {
            "agency": agency,
            "proposal": proposal,
            "posted": posted,
            "approved_plan": agency.analyses.filter(
                fiscal_year=proposal.fiscal_year, status="approved"
            ).exists(),
        },
        status=status,
    )


def _requested_year(request) -> int:
    """The year asked for (form, ?fiscal_year= or ?year=), else the latest one that has begun.
    A year asked for in the address that has no framework is said so in Thai; a posted one is
    refused by the form's own year field."""
    default = years.default_year()
    if default is None:
        raise Http404("ยังไม่ได้โหลดกรอบการประเมิน")
    raw = (
        request.POST.get("fiscal_year") or request.GET.get("fiscal_year") or request.GET.get("year")
    )
    year = parse_fiscal_year(raw) if raw else None
    if year is not None and year in years.framework_years():
        return year
    if raw and request.method == "GET":
        if year:
            problem = gettext("ปีงบประมาณ {year} ยังไม่มีกรอบการประเมิน").format(year=year)
        else:
            problem = gettext("“{text}” ไม่ใช่ปีงบประมาณ").format(text=raw[:20])
        shown = gettext("จึงแสดงปีงบประมาณ {year} แทน").format(year=default)
        messages.warning(request, f"{problem} {shown}")
    return default


@login_required
@require_http_methods(["GET", "POST"])
def import_results(request):
    if not agencies_for_user(request.user, write=True).exists():
        raise Http404("ไม่มีสิทธิ์นำเข้าผลการประเมิน")
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = importing.import_results(
            acting_user=request.user, filename=upload.name, content=upload.read()
        )
        if outcome.ok and not outcome.needs_confirmation:
            return _imported(request, outcome)
    context = {"form": form, "outcome": outcome, "notices": _plan_notices(outcome)}
    return render(request, "assessments/import.html", context)


def _plan_notices(outcome) -> list[str]:
    """The provisional notices of the years a preview would record (FY 2570 and the like)."""
    if outcome is None:
        return []
    return list(year_notices(p.proposal.fiscal_year for p in outcome.plan).values())


def _imported(request, outcome):
    text = gettext("นำเข้าผลการประเมินแล้ว {count} รายการ").format(count=len(outcome.imported))
    if outcome.unchanged:
        text += " " + gettext("(ไม่เปลี่ยนแปลง {count} รายการ เพราะเหมือนผลที่บันทึกไว้)").format(
            count=outcome.unchanged
        )
    messages.success(request, text)
    for notice in year_notices(a.fiscal_year for a in outcome.imported).values():
        messages.warning(request, notice)
    return redirect("import_results")


def _pending_import_or_404(request, pk: int) -> ResultImport:
    # Only the uploader confirms a file: another user's pending import looks like a missing one.
    pending = ResultImport.objects.filter(pk=pk, uploaded_by=request.user).first()
    if pending is None:
        raise Http404("ไม่พบการนำเข้าที่รอยืนยัน")
    return pending


@login_required
@require_POST
def import_confirm(request, pk: int):
    pending = _pending_import_or_404(request, pk)
    outcome = importing.confirm_import(acting_user=request.user, pending=pending)
    if outcome.ok and not outcome.needs_confirmation:
        return _imported(request, outcome)
    status = 409 if outcome.stale else 200 if outcome.ok else 400
    context = {"form": ImportForm(), "outcome": outcome, "notices": _plan_notices(outcome)}
    return render(request, "assessments/import.html", context, status=status)


@login_required
@require_POST
def import_cancel(request, pk: int):
    pending = _pending_import_or_404(request, pk)
    importing.cancel_import(acting_user=request.user, pending=pending)
    messages.info(request, gettext("ยกเลิกการนำเข้าแล้ว ไม่มีผลใดเปลี่ยนแปลง"))
    return redirect("import_results")


@login_required
def import_template(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("ไม่มีแบบฟอร์มชนิดนี้")
    content, content_type = importing.template_file(fmt)
    return attachment(content, f"ita-results-template.{fmt}", content_type)


@login_required
def what_if(request):
    year = _requested_year(request)
    spec = _framework_or_404(year).spec
    data = request.GET if "i1" in request.GET else None
    initial = {"fiscal_year": year}
    agency_id = request.GET.get("agency")
    if data is None and agency_id:
        agency = get_agency_for_user(request.user, agency_id)
        prefill = agency.results.filter(fiscal_year=year, source=Source.OFFICIAL).first()
        if prefill:
            initial |= {
                f"i{s.indicator.number}": s.score
                for s in prefill.scores.select_related("indicator")
            }
            data = {k: str(v) for k, v in initial.items()}
    form = WhatIfForm(data, spec=spec, initial=initial)
    context = {"form": form, "spec": spec, "notice": year_notice(year)}
    if form.is_bound and form.is_valid():
        scores = form.indicator_scores()
        result = score(spec, scores)
        targets = whatif.targets_above(spec, result.total)
        context |= {
            "result": result,
            "targets": [
                (
                    t,
                    [
                        (i, whatif.smallest_rise(spec, scores, i.number, t.min_score))
                        for i in spec.indicators
                    ],
                )
                for t in targets
            ],
        }
    template = (
        "assessments/partials/whatif_result.html" if request.htmx else "assessments/whatif.html"
    )
    return render(request, template, context)
