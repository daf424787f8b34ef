"""Thin views. The public pages need no login and read only what queries.published* returns:
something unpublished is a 404 exactly like something missing. The one writing view,
`manage`, goes through access.get_agency_for_publisher and the audited actions."""

from __future__ import annotations

import hashlib
import json

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import condition, require_http_methods

from ita.agencies.models import Agency, Province
from ita.assessments.models import Source
from ita.assessments.presentation import chart_data, indicator_rows, strengths, weaknesses
from ita.disclosure import presentation as disclosure_presentation
from ita.disclosure.models import DisclosureYear, Evidence
from ita.disclosure.views import EMBED_STYLES
from ita.documents.builders import build_version
from ita.documents.content import Kind as DocumentKind
from ita.documents.views import CONTENT_TYPES, document_response
from ita.lib.i18n import in_thai
from ita.lib.replica import reading_from_replica
from ita.lib.responses import attachment
from ita.public import actions, caching, opendata, queries
from ita.public.access import get_agency_for_publisher
from ita.public.forms import PublishForm, SearchForm, YearForm
from ita.public.frozen import o43_from
from ita.public.models import Kind
from ita.public.publishable import publishable

PAGE_SIZE = 30


def _agency(code: str) -> Agency:
    if "\x00" in code:  # PostgreSQL refuses the NUL byte in a text parameter: missing, not 500
        raise Http404("ไม่พบหน่วยงาน")
    return get_object_or_404(Agency.objects.select_related("province", "district"), code=code)


@reading_from_replica()
def index(request):
    form = SearchForm(request.GET or None)
    agencies = queries.find_agencies(**form.filters())
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/index.html",
        {"form": form, "page": page, "query": query.urlencode(),
         "provinces": Province.objects.order_by("name")},
    )  # fmt: skip


@reading_from_replica()
def agency(request, code: str):
    agency = _agency(code)
    points = queries.published_history(agency)
    publications = queries.publications_of(agency)
    years = sorted({p.fiscal_year for p in publications.values()}, reverse=True)
    by_year = [
        {
            "year": year,
            "result": next((p for p in points if p.fiscal_year == year), None),
            "items": sorted(
                (
                    p
                    for p in publications.values()
                    if p.fiscal_year == year and p.kind != Kind.RESULT
                ),
                key=lambda p: (list(Kind.values).index(p.kind), p.round_month),
            ),
        }
        for year in years
    ]
    # a history of one year is one dot: the chart waits for a second published year
    charts = (
        chart_data(points[-1].total, points[-1].tools, [], points, {}, mark=points[-1].mark)
        if len(points) > 1
        else None
    )
    return render(
        request,
        "public/agency.html",
        {"agency": agency, "years": by_year, "charts": charts,
         "history": list(reversed(points))},
    )  # fmt: skip


@reading_from_replica()
def result(request, code: str, year: int):
    agency = _agency(code)
    points = {p.fiscal_year: p for p in queries.published_history(agency)}
    if year not in points:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    assessment = agency.results.select_related("framework").get(
        fiscal_year=year, source=Source.OFFICIAL
    )
    spec = assessment.framework.spec
    current, previous = points[year], points.get(year - 1)
    names = {i.number: (i.name, i.tool) for i in spec.indicators}
    rows = indicator_rows(
        names, current.indicators, previous.indicators if previous else None, mark=spec.pass_mark
    )
    past = [p for y, p in sorted(points.items()) if y <= year]
    tool_names = {t.code: t.name for t in spec.tools}
    return render(
        request,
        "public/result.html",
        {
            "agency": agency, "year": year, "point": current, "spec": spec,
            "previous": previous,
            "change": None if previous is None else current.total - previous.total,
            "rows": rows, "strengths": strengths(rows), "weaknesses": weaknesses(rows),
            "tools": [(t, current.tools[t.code], current.tools[t.code] >= spec.pass_mark)
                      for t in spec.tools],
            "charts": chart_data(current.total, current.tools, rows, past, tool_names,
                                 mark=spec.pass_mark),
            "several_years": len(past) > 1,
        },
    )  # fmt: skip


@reading_from_replica()
@in_thai
def document(request, code: str, year: int, kind: str, fmt: str):
    if kind not in Kind.versioned() or fmt not in CONTENT_TYPES:
        raise Http404("ไม่พบเอกสาร")
    publication = queries.publication(_agency(code), kind, year)
    if publication is None:
        raise Http404("ไม่พบเอกสาร")
    doc = build_version(publication.version, DocumentKind(kind))
    return document_response(doc, fmt, f"-v{publication.version.number}")


@reading_from_replica()
@in_thai
def o43(request, code: str, year: int, round_month: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("ไม่พบเอกสาร")
    publication = queries.publication(_agency(code), Kind.O43, year, round_month)
    if publication is None:
        raise Http404("ไม่พบเอกสาร")
    return document_response(o43_from(publication.frozen), fmt, f"-round{round_month}")


# --------------------------------------------------------------------------- OIT disclosure


def _disclosure(request, code: str, year: int) -> dict:
    """The published disclosure page's data, once per request (the ETag and the body)."""
    cached = getattr(request, "_public_disclosure", None)
    if cached is not None:
        return cached
    agency = _agency(code)
    publication = queries.publication(agency, Kind.DISCLOSURE, year)
    disclosure = (
        DisclosureYear.objects.select_related("framework", "agency")
        .filter(agency=agency, fiscal_year=year)
        .first()
    )
    if publication is None or disclosure is None:
        raise Http404("ไม่พบหน้าการเปิดเผยข้อมูล")
    page = disclosure_presentation.public_page(disclosure)
    ancestor = caching.frame_ancestor(agency.website)
    newest = Evidence.objects.filter(item__year=disclosure).aggregate(at=Max("created_at"))["at"]
    request._public_disclosure = cached = {
        "agency": agency,
        "page": page,
        "modified": max(filter(None, (publication.published_at, newest))),
        "ancestor": ancestor,
        "etag": hashlib.sha256(
            json.dumps(
                [page, publication.published_at.isoformat(), ancestor], ensure_ascii=False
            ).encode()
        ).hexdigest()[:32],
    }
    return cached


def _etag(request, code, year):
    # the page's words follow the reader's language: a Thai copy must not answer 304 to English
    return f"{_disclosure(request, code, year)['etag']}-{get_language()}"


def _modified(request, code, year):
    return _disclosure(request, code, year)["modified"]


@reading_from_replica()  # outermost: the ETag and Last-Modified queries too
@cache_control(**caching.PERSONAL)  # the language form sets the CSRF cookie
@condition(etag_func=_etag, last_modified_func=_modified)
def disclosure(request, code: str, year: int):
    data = _disclosure(request, code, year)
    embed_url = request.build_absolute_uri(
        reverse("public:disclosure_embed", args=[data["agency"].code, year])
    )
    return render(
        request,
        "public/disclosure.html",
        {"agency": data["agency"], "year": year, "page": data["page"], "embed_url": embed_url},
    )


@reading_from_replica()
@xframe_options_exempt  # this route alone may be framed, by the agency's own website
@csp_update({"style-src": EMBED_STYLES})
@cache_control(**caching.SHARED)
@condition(etag_func=_etag, last_modified_func=_modified)
def disclosure_embed(request, code: str, year: int):
    # Thai whatever the reader's language: the agency's own publication on its Thai website
    with translation.override("th"):
        data = _disclosure(request, code, year)
        html = render_to_string("disclosure/embed.html", {"page": data["page"]})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response._csp_replace = {"frame-ancestors": [data["ancestor"]]}  # read by CSPMiddleware
    return response


# --------------------------------------------------------------------------- province


@reading_from_replica()
def province(request, code: str):
    if "\x00" in code:  # as for an agency code
        raise Http404("ไม่พบจังหวัด")
    province = get_object_or_404(Province, code=code)
    years = queries.published_years()
    form = YearForm(request.GET or None, years=years)
    year = form.chosen()
    results = queries.published_results(year).filter(agency__province=province) if year else None
    page = Paginator(results if results is not None else [], 100).get_page(request.GET.get("page"))
    return render(
        request,
        "public/province.html",
        {"province": province, "form": form, "year": year, "page": page,
         "summary": queries.province_summary(results) if results is not None else None,
         "levels": queries.level_counts(results) if results is not None else []},
    )  # fmt: skip


# --------------------------------------------------------------------------- open data


@reading_from_replica()
def data_index(request):
    return render(
        request,
        "public/data.html",
        {"years": queries.published_years(), "formats": list(opendata.FORMATS),
         "licence": opendata.LICENSE, "licence_text": _(opendata.LICENSE_TH),
         "fields": opendata.shown_fields()},
    )  # fmt: skip


def _published_year(year: int) -> None:
    if not queries.published_results(year).exists():
        raise Http404("ยังไม่มีผลที่เผยแพร่ของปีนี้")


@reading_from_replica()
def data_file(request, year: int, fmt: str):
    if fmt not in opendata.FORMATS:
        raise Http404("ไม่รู้จักรูปแบบไฟล์")
    _published_year(year)
    response = attachment(
        opendata.render(year, fmt), f"ita-results-{year}.{fmt}", opendata.FORMATS[fmt][1]
    )
    return caching.conditional_file(request, response)


@cache_control(**caching.SHARED)
@reading_from_replica()
def data_schema(request):
    return JsonResponse(opendata.SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 1})


@cache_control(**caching.SHARED)
@reading_from_replica()
def datapackage(request, year: int):
    _published_year(year)
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        opendata.datapackage(year, base), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )


# --------------------------------------------------------------------------- sitemap


def _locations(entries: dict) -> list[str]:
    def url(name, *args):
        return reverse(f"public:{name}", args=args)

    return [
        url("index"),
        url("data"),
        *(url("datapackage", year) for year in entries["years"]),
        *(url("province", code) for code in entries["provinces"]),
        *(url("agency", code) for code in entries["agencies"]),
        *(url("result", code, year) for code, year in entries["results"]),
        *(url("disclosure", code, year) for code, year in entries["disclosures"]),
    ]


SITEMAP_LIMIT = 50_000  # sitemaps.org: URLs in one file


def _all_locations(request) -> list[str]:
    base = request.build_absolute_uri("/").rstrip("/")
    return [base + path for path in _locations(queries.sitemap_entries())]


def _urlset(request, locations):
    return render(
        request, "public/sitemap.xml", {"locations": locations}, content_type="application/xml"
    )


@reading_from_replica()
@cache_control(**caching.SHARED)  # a withdrawal leaves it at the next fetch
def sitemap(request):
    """The published pages for search engines (sitemaps.org): what queries.sitemap_entries
    finds published, nothing else. Up to SITEMAP_LIMIT pages it is the list itself; beyond (the
    national scale: 8,317 agencies with several years each) it is an index of parts of
    SITEMAP_LIMIT pages each, /public/sitemap-1.xml onwards."""
    locations = _all_locations(request)
    if len(locations) <= SITEMAP_LIMIT:
        return _urlset(request, locations)
    parts = range(1, (len(locations) - 1) // SITEMAP_LIMIT + 2)
    base = request.build_absolute_uri("/").rstrip("/")
    sitemaps = [base + reverse("public:sitemap_part", args=[n]) for n in parts]
    return render(
        request, "public/sitemap_index.xml", {"sitemaps": sitemaps},
        content_type="application/xml",
    )  # fmt: skip


@reading_from_replica()
@cache_control(**caching.SHARED)
def sitemap_part(request, part: int):
    """One part of the sitemap index; a part past the end (or any, while one file is enough)
    is 404, so a search engine drops it."""
    locations = _all_locations(request)
    chunk = locations[(part - 1) * SITEMAP_LIMIT : part * SITEMAP_LIMIT] if part >= 1 else []
    if len(locations) <= SITEMAP_LIMIT or not chunk:
        raise Http404(_("ไม่พบส่วนนี้ของแผนผังเว็บไซต์"))
    return _urlset(request, chunk)


# --------------------------------------------------------------------------- the decision


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, agency_id: int):
    agency = get_agency_for_publisher(request.user, agency_id)
    if request.method == "POST":
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.error_text())
            return redirect("public:manage", agency_id=agency.pk)
        data = form.cleaned_data
        where = {
            "acting_user": request.user,
            "agency": agency,
            "kind": data["kind"],
            "fiscal_year": data["fiscal_year"],
            "round_month": data["round_month"] or 0,
        }
        try:
            if data["decision"] == "publish":
                actions.publish(**where, version_number=data["version"])
                messages.success(request, _("เผยแพร่แล้ว ประชาชนเปิดดูได้โดยไม่ต้องเข้าสู่ระบบ"))
            else:
                actions.unpublish(**where)
                messages.success(request, _("ยกเลิกการเผยแพร่แล้ว"))
        except actions.PublicationError as exc:
            messages.error(request, str(exc))
        return redirect("public:manage", agency_id=agency.pk)
    return render(request, "public/manage.html", {"agency": agency, "rows": publishable(agency)})
