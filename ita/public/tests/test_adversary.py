"""The public portal seen by an adversary (issue 13 audit): an unpublished year guessed by URL or
looked for through search, the province page and the open-data files; rounds, versions and
formats guessed; hostile search strings and page numbers; spreadsheet formulas in every text
cell; and what the cache headers let a proxy keep once something is withdrawn."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ita.agencies.models import Agency, AgencyType, District, Province
from ita.assessments.actions import record_result
from ita.public import actions
from ita.public.tests.conftest import OIT_YEAR, YEAR, publish

pytestmark = pytest.mark.django_db
DRAFT_YEAR = 2566  # recorded, never published
DRAFT_TOTAL = "99.00"


@pytest.fixture
def draft(world, published):
    """A newer official result of the own agency (FY 2566, all 99) that it has not published."""
    record_result(acting_user=world.officer, agency=world.own, fiscal_year=DRAFT_YEAR,
                  indicator_scores={n: Decimal("99") for n in range(1, 11)})  # fmt: skip
    return world.own.results.get(fiscal_year=DRAFT_YEAR)


def test_an_unpublished_newer_year_leaks_through_no_page_nor_file(world, draft):
    c, code = Client(), world.own.code
    found = c.get(reverse("public:index"), {"q": world.own.name})
    row = next(a for a in found.context["page"] if a.code == code)
    assert row.latest_year == YEAR and row.latest_total != draft.total
    assert DRAFT_TOTAL not in found.content.decode()
    agency = c.get(reverse("public:agency", args=[code]))
    assert [y["year"] for y in agency.context["years"]] == [OIT_YEAR, YEAR]  # 2566 = OIT only
    assert all(p.fiscal_year != DRAFT_YEAR for p in agency.context["history"])
    assert DRAFT_TOTAL not in agency.content.decode()
    result = c.get(reverse("public:result", args=[code, YEAR]))
    assert str(DRAFT_YEAR) not in result.context["charts"]["history"]["labels"]
    assert c.get(reverse("public:result", args=[code, DRAFT_YEAR])).status_code == 404
    province = reverse("public:province", args=[world.province.code])
    page = c.get(province)
    assert page.context["form"].fields["year"].choices == [(YEAR, f"พ.ศ. {YEAR}")]
    guessed = c.get(province, {"year": DRAFT_YEAR})
    assert guessed.context["year"] == YEAR and guessed.context["summary"]["n"] == 1
    assert DRAFT_TOTAL not in guessed.content.decode()
    for fmt in ("csv", "json", "xlsx"):
        assert c.get(reverse("public:data_file", args=[DRAFT_YEAR, fmt])).status_code == 404
        body = c.get(reverse("public:data_file", args=[YEAR, fmt])).content
        assert b"99.00" not in body and b"2566" not in body
    assert c.get(reverse("public:datapackage", args=[DRAFT_YEAR])).status_code == 404


def test_guessed_rounds_kinds_formats_and_years_are_404(world, draft):
    c, code = Client(), world.own.code
    for round_month in (0, 3, 9, 12, 13):
        assert (
            c.get(reverse("public:o43", args=[code, YEAR, round_month, "pdf"])).status_code == 404
        )
    for kind in ("result", "o43", "disclosure", "secret"):
        assert c.get(reverse("public:document", args=[code, YEAR, kind, "pdf"])).status_code == 404
    for fmt in ("exe", "html", "PDF"):
        assert c.get(reverse("public:document", args=[code, YEAR, "o42", fmt])).status_code == 404
    huge = 10**20  # past any column's range: a 404, never a database error
    for url in (
        reverse("public:result", args=[code, huge]),
        reverse("public:document", args=[code, huge, "o42", "pdf"]),
        reverse("public:o43", args=[code, YEAR, huge, "pdf"]),
        reverse("public:disclosure", args=[code, huge]),
        reverse("public:disclosure_embed", args=[code, huge]),
        reverse("public:data_file", args=[huge, "csv"]),
        reverse("public:datapackage", args=[huge]),
        "/public/agencies/%00/",
        f"/public/agencies/{code}%00/{YEAR}/",
        "/public/provinces/%00/",
    ):
        assert c.get(url).status_code == 404, url


def test_hostile_search_strings_and_page_numbers(world, published):
    c = Client()
    Agency.objects.create(code="T-HTML", name="<script>alert(1)</script> อบต.", agency_type="sao",
                          province=world.province)  # fmt: skip
    for q in ("' OR 1=1 --", "%", "_", "\\", "ทดสอบ'; DROP TABLE agencies_agency; --"):
        response = c.get(reverse("public:index"), {"q": q})
        assert response.status_code == 200 and response.context["page"].paginator.count == 0, q
    assert Agency.objects.count() == 4
    html = c.get(reverse("public:index"), {"q": "<script>"})
    assert [a.code for a in html.context["page"]] == ["T-HTML"]
    text = html.content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)" in text
    page = c.get(reverse("public:agency", args=["T-HTML"])).content.decode()
    assert "<script>alert(1)" not in page
    for bad in ({"q": "\x00"}, {"province": "\x00"}, {"q": "ก" * 101}):
        response = c.get(reverse("public:index"), bad)
        assert response.status_code == 200
        assert response.context["form"].errors, bad  # said, and the full list shown
    long = c.get(reverse("public:index"), {"q": "ก" * 101}).content.decode()
    assert "ไม่เกิน 100" in long  # in Thai
    for number in ("999999999999999999999999", "-1", "0", "1e9"):
        response = c.get(reverse("public:index"), {"page": number})
        assert response.status_code == 200, number
    province = reverse("public:province", args=[world.province.code])
    for params in ({"page": "9" * 30}, {"year": "9" * 30}, {"year": "\x00"}):
        assert c.get(province, params).status_code == 200, params


FORMULAS = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_every_text_cell_of_the_files_is_escaped(world, published):
    """Agency, province and district names all reach the sheet; each formula start is quoted."""
    province = Province.objects.create(code="ZZ", name="=จังหวัด()")
    district = District.objects.create(province=province, name="-อำเภอ+1")
    for i, name in enumerate(FORMULAS):
        agency = Agency.objects.create(code=f"+F{i}", name=name, agency_type=AgencyType.SAO,
                                       province=province, district=district)  # fmt: skip
        record_result(acting_user=world.national, agency=agency, fiscal_year=YEAR,
                      indicator_scores={n: Decimal("50") for n in range(1, 11)})  # fmt: skip
        actions.publish(acting_user=world.national, agency=agency, kind="result", fiscal_year=YEAR)
    c = Client()
    text = c.get(reverse("public:data_file", args=[YEAR, "csv"])).content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    strings = [h for h in header if h in ("agency_code", "agency_name", "province", "district")]
    cells = [row[header.index(h)] for row in rows for h in strings]
    assert cells and all(not v or v[0] not in "=+-@\t\r" for v in cells), cells
    assert {row[header.index("agency_name")] for row in rows} >= {f"'{f}" for f in FORMULAS}
    book = load_workbook(
        io.BytesIO(c.get(reverse("public:data_file", args=[YEAR, "xlsx"])).content)
    )
    sheet_cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in sheet_cells)
    texts = [cell.value for cell in sheet_cells if isinstance(cell.value, str)]
    assert texts and all(v[0] not in "=+-@\t\r" for v in texts if v)


def test_a_withdrawn_page_is_not_kept_by_a_cache(world, published):
    """What was chosen: the public OIT pages may be stored but must be revalidated on every use
    (no-cache + ETag/Last-Modified: a 304 costs a few bytes), so a withdrawal takes effect at
    the next view, in a browser and in a proxy alike; the embed sets no cookie and is Thai for
    every reader (the agency's publication on its Thai website), so a shared cache may keep one
    copy; the page with the language form (a CSRF cookie) is private."""
    c = Client()
    embed = reverse("public:disclosure_embed", args=[world.own.code, OIT_YEAR])
    page = reverse("public:disclosure", args=[world.own.code, OIT_YEAR])
    first = c.get(embed)
    cache = first["Cache-Control"]
    assert "no-cache" in cache and "public" in cache, cache
    assert not first.cookies
    # the same Thai page for a reader of English (in an agency's iframe the language cookie is
    # not even sent cross-site): nothing for a shared cache to mix up
    english = Client()
    english.cookies["django_language"] = "en"
    assert english.get(embed).content == first.content
    assert "การเปิดเผยข้อมูลสาธารณะ" in first.content.decode()
    assert "cookie" not in first.get("Vary", "").lower()
    # its evidence links open outside the agency's frame
    assert 'target="_blank" rel="noopener"' in first.content.decode()
    shown = c.get(page)
    assert "no-cache" in shown["Cache-Control"]
    if shown.cookies:
        assert "private" in shown["Cache-Control"] and "public" not in shown["Cache-Control"]
    for fmt in ("csv", "json", "xlsx"):
        data = c.get(reverse("public:data_file", args=[YEAR, fmt]))
        assert "no-cache" in data["Cache-Control"] and not data.cookies
        same = c.get(reverse("public:data_file", args=[YEAR, fmt]),
                     headers={"if-none-match": data["ETag"]})  # fmt: skip
        assert same.status_code == 304 and "no-cache" in same["Cache-Control"]
    csv_url = reverse("public:data_file", args=[YEAR, "csv"])
    held = c.get(csv_url)["ETag"]
    actions.unpublish(acting_user=world.officer, agency=world.own, kind="result", fiscal_year=YEAR)
    assert c.get(csv_url, headers={"if-none-match": held}).status_code == 404  # nothing left
    actions.unpublish(acting_user=world.officer, agency=world.own, kind="disclosure",
                      fiscal_year=OIT_YEAR)  # fmt: skip
    gone = c.get(embed, headers={"if-none-match": first["ETag"]})
    assert gone.status_code == 404
    assert c.get(page, headers={"if-none-match": shown["ETag"]}).status_code == 404


def _ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return dict(p.strip().split(" ", 1) for p in policy.split(";") if p.strip())["frame-ancestors"]


def test_the_embed_may_be_framed_by_the_agency_website_only(world, published):
    c = Client()
    url = reverse("public:disclosure_embed", args=[world.own.code, OIT_YEAR])
    assert _ancestors(c.get(url)) == "https://own.example.go.th"
    # another website recorded: the policy and the ETag follow it
    first = c.get(url)
    world.own.website = "http://www.own.example.go.th:8080/ita/"
    world.own.save(update_fields=["website"])
    again = c.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert _ancestors(again) == "http://www.own.example.go.th:8080"
    # no website on record: any site may frame it (the page is read-only, nothing to trick a
    # click into), rather than no site at all
    world.own.website = ""
    world.own.save(update_fields=["website"])
    assert _ancestors(c.get(url)) == "*"


def test_a_foreign_agency_published_nothing_of_the_own(world, published):
    """Publishing is per agency: the foreign agency's URLs with the own's years stay 404."""
    c = Client()
    code = world.foreign.code
    for url in (
        reverse("public:result", args=[code, YEAR]),
        reverse("public:document", args=[code, YEAR, "o42", "pdf"]),
        reverse("public:o43", args=[code, YEAR, 6, "pdf"]),
        reverse("public:disclosure", args=[code, OIT_YEAR]),
    ):
        assert c.get(url).status_code == 404, url
    publish(world, "result", 2564)
    assert c.get(reverse("public:result", args=[code, 2564])).status_code == 404


def test_province_level_counts_count_agencies_not_score_rows(world, published):
    """The level badges add up to the agencies published (they counted one row per indicator
    score: ten times the agencies)."""
    scores = {n: Decimal("90") for n in range(1, 11)}
    record_result(acting_user=world.national, agency=world.neighbour, fiscal_year=YEAR,
                  indicator_scores=scores)  # fmt: skip
    actions.publish(acting_user=world.national, agency=world.neighbour, kind="result",
                    fiscal_year=YEAR)  # fmt: skip
    page = Client().get(reverse("public:province", args=[world.province.code]), {"year": YEAR})
    levels = page.context["levels"]
    assert sum(level["n"] for level in levels) == page.context["summary"]["n"] == 2
    own = world.own.results.get(fiscal_year=YEAR)
    expected = {own.level_label: 1}
    expected[world.neighbour.results.get(fiscal_year=YEAR).level_label] = (
        expected.get(world.neighbour.results.get(fiscal_year=YEAR).level_label, 0) + 1
    )
    assert {level["level_label"]: level["n"] for level in levels} == expected


def test_the_sitemap_lists_what_is_published_only(world, draft, django_assert_max_num_queries):
    """/public/sitemap.xml tells search engines the published pages; an unpublished year or
    page is not in it, and a withdrawal takes it out."""
    import xml.etree.ElementTree as ET

    c = Client()
    url = reverse("public:sitemap")
    with django_assert_max_num_queries(4) as first:
        response = c.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert "no-cache" in response["Cache-Control"] and not response.cookies
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.fromstring(response.content).findall("s:url/s:loc", ns)}
    code, server = world.own.code, "http://testserver"
    assert f"{server}{reverse('public:result', args=[code, YEAR])}" in locs
    assert f"{server}{reverse('public:disclosure', args=[code, OIT_YEAR])}" in locs
    assert f"{server}{reverse('public:agency', args=[code])}" in locs
    assert f"{server}{reverse('public:province', args=[world.province.code])}" in locs
    assert f"{server}{reverse('public:datapackage', args=[YEAR])}" in locs
    for hidden in (2564, DRAFT_YEAR):  # recorded, not published
        assert f"{server}{reverse('public:result', args=[code, hidden])}" not in locs
    assert not any(world.neighbour.code in loc for loc in locs)  # published nothing
    assert not any(world.other_province.code in loc for loc in locs)
    actions.unpublish(acting_user=world.officer, agency=world.own, kind="disclosure",
                      fiscal_year=OIT_YEAR)  # fmt: skip
    record_result(acting_user=world.national, agency=world.neighbour, fiscal_year=YEAR,
                  indicator_scores={n: Decimal("80") for n in range(1, 11)})  # fmt: skip
    actions.publish(acting_user=world.national, agency=world.neighbour, kind="result",
                    fiscal_year=YEAR)  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        again = c.get(url).content.decode()
    assert reverse("public:disclosure", args=[code, OIT_YEAR]) not in again
    assert reverse("public:result", args=[world.neighbour.code, YEAR]) in again


def test_past_one_files_limit_the_sitemap_is_an_index_of_parts(world, draft, monkeypatch):
    """sitemaps.org allows 50,000 URLs a file; at the national scale the sitemap becomes an
    index whose parts hold the same pages, each page once (the limit is made 3 here)."""
    import xml.etree.ElementTree as ET

    from ita.public import views

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    c = Client()
    whole = ET.fromstring(c.get(reverse("public:sitemap")).content)
    pages = [e.text for e in whole.findall("s:url/s:loc", ns)]
    assert len(pages) > 3
    assert c.get(reverse("public:sitemap_part", args=[1])).status_code == 404  # one file enough
    monkeypatch.setattr(views, "SITEMAP_LIMIT", 3)
    index = ET.fromstring(c.get(reverse("public:sitemap")).content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert len(parts) == -(-len(pages) // 3)
    seen = []
    for part in parts:
        body = ET.fromstring(c.get(part.removeprefix("http://testserver")).content)
        locs = [e.text for e in body.findall("s:url/s:loc", ns)]
        assert 1 <= len(locs) <= 3
        seen += locs
    assert seen == pages
    for beyond in (0, len(parts) + 1):
        assert c.get(f"/public/sitemap-{beyond}.xml").status_code == 404
