"""Thin views: access helper → form → action → redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ita.agencies.access import agencies_for_user, can_write, get_agency_for_user
from ita.assessments import importing
from ita.assessments.actions import record_result
from ita.assessments.forms import ImportForm, ResultForm, WhatIfForm
from ita.assessments.models import Source
from ita.assessments.presentation import chart_data, indicator_rows, strengths, weaknesses
from ita.assessments.queries import history, with_latest_result
from ita.frameworks import whatif
from ita.frameworks.models import Framework
from ita.frameworks.scoring import ScoringError, score
from ita.lib.thai_dates import parse_fiscal_year


@login_required
def agency_list(request):
    agencies = agencies_for_user(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(with_latest_result(agencies).order_by("province__name", "name"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "assessments/agency_list.html", {"page": page, "query": query})


@login_required
def agency_detail(request, agency_id: int):
    agency = get_agency_for_user(request.user, agency_id)
    points = history(agency)
    tools = points[-1].tools if points else {}
    charts = chart_data(points[-1].total, tools, [], points, {}) if points else None
    return render(
        request,
        "assessments/agency_detail.html",
        {
            "agency": agency,
            "history": list(reversed(points)),
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
    rows = indicator_rows(names, current.indicators, previous.indicators if previous else None)
    tool_names = {t.code: t.name for t in spec.tools}
    past = [p for y, p in sorted(points.items()) if y <= year]
    return render(
        request,
        "assessments/result_detail.html",
        {
            "agency": agency,
            "assessment": assessment,
            "spec": spec,
            "rows": rows,
            "strengths": strengths(rows),
            "weaknesses": weaknesses(rows),
            "previous": previous,
            "change": None if previous is None else current.total - previous.total,
            "tools": [(t, current.tools[t.code]) for t in spec.tools],
            "charts": chart_data(current.total, current.tools, rows, past, tool_names),
            "rejected": assessment.verdicts.filter(accepted=False).select_related("item"),
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
    frameworks = list(Framework.objects.all())
    if not frameworks:
        raise Http404("ยังไม่ได้โหลดกรอบการประเมิน")
    year = _requested_year(request, frameworks)
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
    if request.method == "POST" and form.is_valid():
        try:
            record_result(
                acting_user=request.user,
                agency=agency,
                fiscal_year=form.cleaned_data["fiscal_year"],
                indicator_scores=form.indicator_scores(),
                oit_verdicts=form.oit_verdicts(),
            )
        except ScoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "บันทึกผลการประเมินแล้ว")
            return redirect(
                "result_detail", agency_id=agency.pk, year=form.cleaned_data["fiscal_year"]
            )
    years = [y for f in frameworks for y in range(f.fiscal_year_from, f.fiscal_year_to + 1)]
    return render(
        request,
        "assessments/result_form.html",
        {"agency": agency, "form": form, "year": year, "years": years, "existing": existing},
    )


def _requested_year(request, frameworks) -> int:
    raw = (
        request.POST.get("fiscal_year") or request.GET.get("fiscal_year") or request.GET.get("year")
    )
    year = parse_fiscal_year(raw) if raw else None
    if year is None or Framework.for_year(year) is None:
        year = frameworks[-1].fiscal_year_to
    return year


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
        if outcome.ok:
            messages.success(request, f"นำเข้าผลการประเมินแล้ว {len(outcome.imported)} รายการ")
            return redirect("import_results")
    return render(request, "assessments/import.html", {"form": form, "outcome": outcome})


@login_required
def import_template(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("ไม่มีแบบฟอร์มชนิดนี้")
    content, content_type = importing.template_file(fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ita-results-template.{fmt}"'
    return response


@login_required
def what_if(request):
    frameworks = list(Framework.objects.all())
    if not frameworks:
        raise Http404("ยังไม่ได้โหลดกรอบการประเมิน")
    year = _requested_year(request, frameworks)
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
    context = {"form": form, "spec": spec}
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
