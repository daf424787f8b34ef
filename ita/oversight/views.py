"""Thin views: access helper → form → read model → render or stream. Read-only: nothing here
writes, so there is no action to audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from ita.agencies.access import is_national, provinces_for_user
from ita.frameworks import years
from ita.lib.replica import reading_from_replica
from ita.oversight import exports, presentation, queries, rules
from ita.oversight.access import get_province_for_user, require_national
from ita.oversight.forms import DashboardForm, NationalForm, YearForm

PAGE_SIZE = 100  # a province's agencies fit one page (แม่ฮ่องสอน: 85)


@login_required
def index(request):
    """The menu's entry: the national dashboard, or the coordinator's province."""
    if is_national(request.user):
        return redirect("oversight:national")
    province = provinces_for_user(request.user).order_by("name").first()
    if province is None:
        raise Http404("ไม่พบหน้านี้")
    return redirect("oversight:province", province_id=province.pk)


def _governing(year: int | None):
    governing = years.for_year(year) if year else None
    if governing is None:
        raise Http404("ยังไม่มีกรอบการประเมินของปีนี้")
    return governing


def _dashboard(request, province):
    """The form, the year's framework and the filtered rows of one province."""
    districts = list(province.districts.all())
    governing = _governing(YearForm(request.GET or None).chosen_year())
    spec = governing.framework.spec
    form = DashboardForm(
        request.GET or None,
        districts=districts,
        indicators=spec.indicator_numbers,
        sorts=queries.sort_choices(spec),
    )
    filters = form.filters()
    rows = queries.table(province, governing.fiscal_year, spec)
    shown = queries.filtered(rows, filters, spec.pass_mark)
    return form, governing, spec, rows, shown


def _indicator_rows(spec, averages: dict) -> list[dict]:
    empty = dict.fromkeys(("all", "regional", "local", "shown"))
    return [
        {"number": i.number, "name": i.name, **(averages.get(i.number) or empty)}
        for i in spec.indicators
    ]


@login_required
@reading_from_replica()  # a dashboard: reads may come from the read replica (ita/lib/replica.py)
def province(request, province_id: int):
    province = get_province_for_user(request.user, province_id)
    form, governing, spec, rows, shown = _dashboard(request, province)
    year, pass_mark = governing.fiscal_year, spec.pass_mark
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    oit = list(spec.tool("OIT").indicator_numbers)
    query = request.GET.copy()
    query.pop("page", None)
    tools = queries.tool_averages(province, year, shown, pass_mark)
    return render(
        request,
        "oversight/province.html",
        {
            "latest_year": None if tools["n"] else queries.latest_result_year(province),
            "province": province,
            "form": form,
            "year": year,
            "spec": spec,
            "notice": governing.notice,
            "pass_mark": pass_mark,
            "near_mark": pass_mark - rules.NEAR,
            "weak_mark": rules.WEAK,
            "page": page,
            "rows": [presentation.row(a, spec) for a in page],
            "averages": _indicator_rows(spec, queries.indicator_averages(province, year, shown)),
            "tools": tools,
            "kinds": queries.kind_summary(province, year, pass_mark),
            "districts": queries.district_summary(province, year, pass_mark),
            "oit_numbers": oit,
            "lowest": [presentation.row(a, spec) for a in queries.lowest_on(rows, oit)],
            "trend": queries.trend(queries.pass_marks(), province),
            "histogram": queries.histogram(year, province),
            "query": query.urlencode(),
            "national": is_national(request.user),
        },
    )


@login_required
@reading_from_replica()
def province_export(request, province_id: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("ไม่รู้จักรูปแบบไฟล์")
    province = get_province_for_user(request.user, province_id)
    _form, governing, spec, _rows, shown = _dashboard(request, province)
    year = governing.fiscal_year
    body = [presentation.values(presentation.row(a, spec)) for a in shown]
    body.append(
        presentation.average_values(
            spec,
            queries.tool_averages(province, year, shown, spec.pass_mark),
            queries.indicator_averages(province, year, shown),
        )
    )
    header = presentation.header(spec)
    name = f"ita-{province.code or province.pk}-{year}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(header, body), content_type=exports.CSV_TYPE)
    else:
        data = exports.to_xlsx(f"ITA {year}", header, body)
        response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@reading_from_replica()
def national(request):
    require_national(request.user)
    form = NationalForm(request.GET or None)
    governing = _governing(form.chosen_year())
    year, spec = governing.fiscal_year, governing.framework.spec
    sort = form.cleaned_data.get("sort", "") if form.is_valid() else ""
    page = Paginator(queries.provinces(year, spec.pass_mark, sort), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    histogram = queries.histogram(year)
    provinces = [
        {
            "province": p,
            "rank": page.start_index() + i,
            "avg_total": rules.mean(p.avg_total),
            "avg_css": rules.band(rules.mean(p.avg_total), spec.pass_mark),
            "tools": [
                {"score": rules.mean(v), "css": rules.band(rules.mean(v), spec.pass_mark)}
                for v in (p.avg_iit, p.avg_eit, p.avg_oit)
            ],
            "pass_rate": rules.percent(p.n_results - p.failed, p.n_results),
            "approved_share": rules.percent(p.approved, p.n_agencies),
            "url": reverse("oversight:province", args=[p.pk]) + f"?year={year}",
        }
        for i, p in enumerate(page)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query["year"] = year  # the year shown, also when the page was opened without one
    return render(
        request,
        "oversight/national.html",
        {
            "form": form,
            "query": query.urlencode(),
            "year": year,
            "spec": spec,
            "notice": governing.notice,
            "pass_mark": spec.pass_mark,
            "page": page,
            "provinces": provinces,
            "histogram": histogram,
            "tool_histogram": queries.tool_histogram(year),
            "latest_year": None
            if any(b["count"] for b in histogram)
            else queries.latest_result_year(),
            "trend": queries.trend(queries.pass_marks()),
        },
    )
