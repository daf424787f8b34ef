"""The national dashboard: its trend and distribution against figures read independently, its
sorts and pages, and a query count that stays the same when provinces and agencies are added."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from ita.agencies.models import Agency, AgencyType, Province
from ita.assessments.actions import record_result
from ita.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def _html(client, world, **query) -> str:
    client.force_login(world.national)
    url = reverse("oversight:national") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _result(world, agency, year: int, score: str) -> None:
    record_result(acting_user=world.national, agency=agency, fiscal_year=year,
                  indicator_scores={n: Decimal(score) for n in range(1, 11)})  # fmt: skip


def _provinces(html: str) -> list[str]:
    return re.findall(r'<tr data-province="([^"]+)">', html)


def _mean(values) -> str:
    values = list(values)
    return f"{(sum(values) / len(values)).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}"


def test_trend_and_distribution_of_the_whole_country(client, world, demo_province):
    _result(world, world.foreign, 2562, "90")  # มุกดาหาร: one result, passing
    html = _html(client, world, year=2563)
    trend = re.search(r'data-testid="trend".*?</table>', html, re.S).group(0)
    rows = {
        int(y): cells
        for y, cells in re.findall(r"<tr[^>]*><td>(\d{4})</td>(.*?)</tr>", trend, re.S)
    }
    for year in (2562, 2563):
        results = Assessment.objects.filter(fiscal_year=year, source="official")
        cells = re.findall(r'<td class="num">([^<]*)</td>', rows[year])
        passed = results.filter(total__gte=85).count()
        assert cells[:3] == [
            str(results.count()), _mean(results.values_list("total", flat=True)),
            _mean(results.values_list("iit", flat=True)),
        ]  # fmt: skip
        assert cells[-1] == f"{round(100 * passed / results.count())}%"
    assert rows[2562] != rows[2563]
    histogram = re.search(r'data-testid="histogram".*?</table>', html, re.S).group(0)
    counts = dict(re.findall(r"<td>([\d.–]+)</td><td class=\"num\">(\d+)</td>", histogram))
    totals = Assessment.objects.filter(fiscal_year=2563, source="official")
    assert counts["70–79.99"] == str(totals.filter(total__gte=70, total__lt=80).count())
    assert sum(map(int, counts.values())) == totals.count()


def test_rankings_by_average_by_failures_and_by_name(client, world, demo_province):
    _result(world, world.foreign, 2562, "90")
    mhs, mdh = world.province.code, world.other_province.code
    assert _provinces(_html(client, world, year=2562)) == [mdh, mhs]
    assert _provinces(_html(client, world, year=2562, sort="avg_total")) == [mhs, mdh]
    assert _provinces(_html(client, world, year=2562, sort="failed")) == [mhs, mdh]
    html = _html(client, world, year=2562, sort="name")
    assert _provinces(html) == [mdh, mhs]  # มุกดาหาร before แม่ฮ่องสอน
    assert re.findall(r'<td class="num">(\d+)</td><td><a', html) == ["1", "2"]


def test_query_budget_does_not_grow_with_provinces_or_agencies(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.national)

    def measure() -> int:
        with django_assert_max_num_queries(19) as captured:
            assert client.get(reverse("oversight:national") + "?year=2562").status_code == 200
        return len(captured)

    _result(world, world.own, 2562, "80")
    at_one = measure()
    provinces = Province.objects.exclude(pk__in=[world.province.pk, world.other_province.pk])
    for i, province in enumerate(provinces.order_by("code")[:12]):
        for j in range(3):
            agency = Agency.objects.create(
                code=f"N-{i}-{j}", name=f"อบต.ที่ {i}-{j}", agency_type=AgencyType.SAO,
                province=province,
            )  # fmt: skip
            _result(world, agency, 2562, str(60 + i + j))
    html_count = len(_provinces(_html(client, world, year=2562)))
    assert html_count == 14
    assert measure() == at_one


def test_pages_keep_the_sort(client, world):
    """77 provinces fit one page; 30 more made up here make a second one."""
    from ita.oversight import views

    Province.objects.bulk_create(
        Province(code=f"X{i}", name=f"จังหวัดทดสอบที่ {i}") for i in range(30)
    )  # fmt: skip
    provinces = list(Province.objects.all())
    assert len(provinces) > views.PAGE_SIZE
    Agency.objects.bulk_create(
        Agency(code=f"S-{p.code}", name="อบต.ทดสอบ", agency_type=AgencyType.SAO, province=p)
        for p in provinces
    )  # fmt: skip
    html = _html(client, world, year=2562, sort="name")
    assert len(_provinces(html)) == views.PAGE_SIZE
    link = re.search(r'href="\?([^"]*page=2)"', html).group(1).replace("&amp;", "&")
    assert "sort=name" in link and "year=2562" in link
    second = _html(client, world, **dict(p.split("=") for p in link.split("&")))
    assert len(_provinces(second)) == len(provinces) - views.PAGE_SIZE
    assert not set(_provinces(second)) & set(_provinces(html))
    assert re.findall(r'<td class="num">(\d+)</td><td><a', second)[0] == str(views.PAGE_SIZE + 1)


def test_a_year_without_results_points_to_the_latest_one(client, world):
    _result(world, world.own, 2563, "80")
    html = _html(client, world, year=2564)
    note = re.search(r'data-testid="no-results"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert 'href="?year=2563"' in note
    assert 'data-testid="no-results"' not in _html(client, world, year=2563)


def test_distribution_of_each_tool(client, world, demo_province):
    """Beside the totals' histogram, how the IIT, EIT and OIT scores of the year spread (seed
    000: the OIT is the tool that falls behind)."""
    html = _html(client, world, year=2562)
    table = re.search(r'data-testid="tool-histogram".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr><td>([\d.–]+)</td>((?:<td class=\"num\">\d+</td>){3})</tr>", table)
    assert len(rows) == 10
    results = Assessment.objects.filter(fiscal_year=2562, source="official")
    for label, cells in rows:
        lo = int(label.split("–")[0])
        hi = 1000 if lo == 90 else lo + 10
        expected = [
            str(results.filter(**{f"{t}__gte": lo, f"{t}__lt": hi}).count())
            for t in ("iit", "eit", "oit")
        ]
        assert re.findall(r"\d+", cells) == expected, label
    oit_low = sum(
        int(re.findall(r"\d+", c)[2]) for label, c in rows if int(label.split("–")[0]) < 50
    )
    assert oit_low > 40  # most of the province's OIT below 50 in FY 2562
