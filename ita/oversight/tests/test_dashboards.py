"""The province and national dashboards over the demo province (demo.agencies: แม่ฮ่องสอน, 35
regional offices and 50 local governments; FY 2562 indicators 9 and 10 average 38.67 and 25.89,
seed 000), their filters, exports, access and query budgets."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ita.agencies.models import Agency, AgencyType
from ita.assessments.models import IndicatorScore
from ita.oversight.tests.conftest import build_province

pytestmark = pytest.mark.django_db


def province_url(world, **query) -> str:
    url = reverse("oversight:province", args=[world.province.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def export_url(world, fmt, **query) -> str:
    url = reverse("oversight:province_export", args=[world.province.pk, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def by_testid(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>(.*?)</', html, re.S)
    assert match, name
    return match.group(1).strip()


def agency_codes(html: str) -> list[str]:
    return re.findall(r'<tr data-agency="([^"]+)"', html)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_fy_2562_province_averages_on_the_page_and_in_the_csv(client, world, demo_province):
    client.force_login(world.coordinator)
    html = client.get(province_url(world, year=2562)).content.decode()
    assert by_testid(html, "avg-9") == "38.67"
    assert by_testid(html, "avg-10") == "25.89"
    assert by_testid(html, "results-count") == "85 หน่วยงาน"
    # all 85 demo agencies and the world's two of แม่ฮ่องสอน (no result), none of มุกดาหาร
    assert len(agency_codes(html)) == 87
    assert world.foreign.code not in agency_codes(html)
    # regional offices first, then the local governments by type, as the province groups them
    groups = re.findall(r'<tr class="group-row"><th[^>]*>([^<(]+)', html)
    assert [g.strip() for g in groups] == ["ส่วนราชการส่วนภูมิภาค", "อบจ.", "เทศบาล", "อบต."]

    rows = read_csv(client.get(export_url(world, "csv", year=2562)))
    header, body, footer = rows[0], rows[1:-1], rows[-1]
    assert len(body) == 87
    assert footer[1] == "ค่าเฉลี่ย (85 หน่วยงานที่มีผล)"
    assert footer[header.index("ตัวชี้วัดที่ 9")] == "38.67"
    assert footer[header.index("ตัวชี้วัดที่ 10")] == "25.89"


def _expected_local_below(world, year, number, value) -> set[str]:
    """Independently of the dashboard: local governments of the province whose indicator
    `number` of the year is below `value`."""
    return set(
        IndicatorScore.objects.filter(
            assessment__agency__province=world.province,
            assessment__agency__agency_type__in=AgencyType.local_government(),
            assessment__fiscal_year=year,
            indicator__number=number,
            score__lt=value,
        ).values_list("assessment__agency__code", flat=True)
    )


def test_local_governments_with_indicator_10_below_50(client, world, demo_province):
    client.force_login(world.coordinator)
    html = client.get(
        province_url(world, year=2562, group="local", indicator=10, below=50)
    ).content.decode()
    expected = _expected_local_below(world, 2562, 10, Decimal(50))
    assert 10 < len(expected) < 50  # the filter keeps some and drops some
    assert set(agency_codes(html)) == expected
    regional = set(
        Agency.objects.filter(agency_type=AgencyType.REGIONAL_OFFICE).values_list("code", flat=True)
    )
    assert not regional & set(agency_codes(html))
    # the CSV holds exactly the same agencies; Thai digits are read as the officer types them
    rows = read_csv(client.get(export_url(world, "csv", year=2562, group="local",
                                          indicator=10, below="๕๐")))  # fmt: skip
    assert {r[0] for r in rows[1:-1]} == expected


def test_district_and_type_filters_and_sorting(client, world, demo_province):
    from ita.agencies.models import District

    client.force_login(world.coordinator)
    pai = District.objects.get(province=world.province, name="ปาย")
    html = client.get(province_url(world, year=2562, district=pai.pk, kind="sao")).content.decode()
    expected = set(
        Agency.objects.filter(district=pai, agency_type=AgencyType.SAO).values_list(
            "code", flat=True
        )
    )
    assert len(expected) == 7 and set(agency_codes(html)) == expected
    html = client.get(province_url(world, year=2562, sort="i10")).content.decode()
    codes = agency_codes(html)[:85]
    lowest = IndicatorScore.objects.filter(
        assessment__agency__province=world.province,
        assessment__fiscal_year=2562,
        indicator__number=10,
    ).order_by("score", "assessment__agency__name")
    assert codes[0] == lowest.first().assessment.agency.code


def test_bad_filters_are_explained_in_thai_and_change_nothing(client, world, demo_province):
    client.force_login(world.coordinator)
    response = client.get(province_url(world, year=2562, indicator=10, below="ห้าสิบ"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "กรุณากรอกตัวเลข" in by_testid(html, "filter-errors")
    assert len(agency_codes(html)) == 87  # no filter applied
    for query in ({"below": "50"}, {"district": "abc"}, {"year": "1900"}, {"sort": "x;drop"}):
        response = client.get(province_url(world, **query))
        assert response.status_code == 200, query
        assert "ตัวกรองไม่ถูกต้อง" in response.content.decode(), query
    assert client.get(export_url(world, "pdf")).status_code == 404


def test_year_over_year_change(client, world, demo_province):
    from ita.assessments.models import Assessment

    client.force_login(world.coordinator)
    rows = read_csv(client.get(export_url(world, "csv", year=2563)))
    header = rows[0]
    by_code = {r[0]: r for r in rows[1:-1]}
    agency = Agency.objects.get(code="DEMO-MSN-TB-PAI")
    totals = dict(Assessment.objects.filter(agency=agency).values_list("fiscal_year", "total"))
    assert (
        by_code[agency.code][header.index("เปลี่ยนจากปีก่อน")] == f"{totals[2563] - totals[2562]:.2f}"
    )
    assert by_code[world.own.code][header.index("เปลี่ยนจากปีก่อน")] == ""  # no result


HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_exports_escape_formulas(client, world):
    for i, name in enumerate(HOSTILE):
        Agency.objects.create(
            code=f"H-{i}", name=name, agency_type=AgencyType.SAO, province=world.province
        )
    client.force_login(world.coordinator)
    rows = read_csv(client.get(export_url(world, "csv", year=2566)))
    names = {r[0]: r[1] for r in rows[1:-1]}
    for i, name in enumerate(HOSTILE):
        assert names[f"H-{i}"] == "'" + name
    response = client.get(export_url(world, "xlsx", year=2566))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for i, name in enumerate(HOSTILE):
        assert cells[f"H-{i}"].value == "'" + name
        assert cells[f"H-{i}"].data_type == "s"


def test_xlsx_scores_are_numbers(client, world, demo_province):
    client.force_login(world.coordinator)
    response = client.get(export_url(world, "xlsx", year=2562))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    footer = [c.value for c in sheet[sheet.max_row]]
    assert footer[header.index("ตัวชี้วัดที่ 9")] == pytest.approx(38.67)
    assert sheet.cell(row=2, column=header.index("คะแนนรวม") + 1).number_format == "0.00"


def test_o42_state_and_o43_rounds_on_time_and_late(client, world, approved):
    import datetime as dt

    from django.utils import timezone

    from ita.improvement import actions
    from ita.improvement.models import ProgressReport

    _analysis, mine, theirs = approved  # FY 2565 of the own agency; implementation FY 2566
    data = actions.ProgressInput(status="in_progress", percent=50, actions="แต่งตั้งคณะทำงานแล้ว")
    on_time = actions.report_progress(
        acting_user=world.officer, measure=mine, round_month=6, data=data
    )
    actions.report_progress(acting_user=world.officer, measure=theirs, round_month=6, data=data)
    # the 6-month round of FY 2566 is due 31 March 2566 (2023): one report came the day before
    ProgressReport.objects.filter(pk=on_time.pk).update(
        submitted_at=dt.datetime(2023, 3, 30, 10, tzinfo=timezone.get_default_timezone())
    )
    client.force_login(world.coordinator)
    rows = read_csv(client.get(export_url(world, "csv", year=2565)))
    header, row = rows[0], {r[0]: r for r in rows[1:-1]}[world.own.code]
    assert row[header.index("การวิเคราะห์ผล (O42)")] == "อนุมัติแล้ว"
    assert row[header.index("รายงาน O43 ตรงเวลา")] == "1"
    assert row[header.index("รายงาน O43 ล่าช้า")] == "1"
    html = client.get(province_url(world, year=2565, o42="approved")).content.decode()
    assert agency_codes(html) == [world.own.code]
    html = client.get(province_url(world, year=2565, o43="late")).content.decode()
    assert agency_codes(html) == [world.own.code]
    html = client.get(province_url(world, year=2565, o42="none")).content.decode()
    assert world.own.code not in agency_codes(html) and world.neighbour.code in agency_codes(html)


def test_national_dashboard_side_by_side_and_drill_down(client, world, demo_province):
    from ita.assessments.actions import record_result

    record_result(acting_user=world.national, agency=world.foreign, fiscal_year=2562,
                  indicator_scores={n: Decimal("90") for n in range(1, 11)})  # fmt: skip
    client.force_login(world.national)
    html = client.get(reverse("oversight:national") + "?year=2562").content.decode()
    provinces = re.findall(r'<tr data-province="([^"]+)">', html)
    assert provinces[:2] == [world.other_province.code, world.province.code]  # by average
    drill = reverse("oversight:province", args=[world.province.pk]) + "?year=2562"
    assert f'href="{drill}"' in html
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td><td><progress', html)]
    assert sum(counts) == 86
    assert client.get(drill).status_code == 200


@pytest.mark.parametrize("name", ["oversight:province", "oversight:province_export"])
def test_access_province_pages(client, world, name):
    args = [world.province.pk] + (["csv"] if name.endswith("export") else [])
    url = reverse(name, args=args)
    for user, status in [
        (world.coordinator, 200), (world.national, 200), (world.officer, 404),
        (world.executive, 404), (world.assessor, 404), (world.foreign_officer, 404),
        (world.nobody, 404),
    ]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    other = reverse(name, args=[world.other_province.pk, *args[1:]])
    client.force_login(world.coordinator)
    assert client.get(other).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_access_national_and_index(client, world):
    national, index = reverse("oversight:national"), reverse("oversight:index")
    client.force_login(world.national)
    assert client.get(national).status_code == 200
    assert client.get(index)["Location"] == national
    client.force_login(world.coordinator)
    assert client.get(national).status_code == 404
    assert client.get(index)["Location"] == province_url(world)
    client.force_login(world.officer)
    assert client.get(index).status_code == 404


def test_menu_entry_only_for_coordinators_and_national_admins(client, world):
    entry = reverse("oversight:index")
    for user, shown in [(world.coordinator, True), (world.national, True),
                        (world.officer, False), (world.executive, False)]:  # fmt: skip
        client.force_login(user)
        assert (f'href="{entry}"' in client.get(reverse("home")).content.decode()) is shown


def test_query_budgets_do_not_grow_with_the_agencies(client, world, django_assert_max_num_queries):
    """Measured at 10 agencies and again at 85: the same number of queries, under a budget.
    The 10 are of every kind (every ninth: regional offices and local governments)."""
    budgets = {
        province_url(world, year=2562): 34,
        province_url(world, year=2562, group="local", indicator=10, below=50): 34,
        export_url(world, "csv", year=2562): 24,
        export_url(world, "xlsx", year=2562): 24,
        reverse("oversight:national") + "?year=2562": 19,
    }

    def measure() -> list[int]:
        counts = []
        for url, budget in budgets.items():
            client.force_login(world.national if "national" in url else world.coordinator)
            with django_assert_max_num_queries(budget) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    build_province(world.national, which=lambda i: i % 9 == 0)
    at_10 = measure()
    build_province(world.national, which=lambda i: i % 9 != 0)
    assert Agency.objects.filter(province=world.province, results__fiscal_year=2562).count() == 85
    assert measure() == at_10


def test_oit_readiness_and_survey_progress(client, world):
    """The disclosure checklist's ready share and the survey's answers against its minimum."""
    import uuid

    from ita.disclosure import actions as disclosure
    from ita.surveys import actions as surveys
    from ita.surveys.questionnaire import read_answers
    from ita.surveys.tests.conftest import open_wave, pattern_answers, questionnaire

    year = disclosure.open_year(acting_user=world.officer, agency=world.own, fiscal_year=2566)
    items = list(year.items.order_by("pk"))
    disclosure.add_evidence(acting_user=world.officer, item=items[0],
                            urls=["https://own.example.go.th/o1"])  # fmt: skip
    disclosure.mark_ready(acting_user=world.officer, item=items[0])
    wave = open_wave(world, "EIT", fiscal_year=2566)
    q = questionnaire(wave)
    for _ in range(2):
        outcome = surveys.submit_response(
            wave=wave, questionnaire=q, answers=read_answers(q, pattern_answers(q, "top")),
            client_id=uuid.uuid4(),
        )  # fmt: skip
        assert outcome == surveys.Outcome.STORED
    wave.refresh_from_db()
    client.force_login(world.coordinator)
    rows = read_csv(client.get(export_url(world, "csv", year=2566)))
    header, row = rows[0], {r[0]: r for r in rows[1:-1]}[world.own.code]
    assert row[header.index("ข้อ OIT ทั้งหมด")] == str(len(items)) != "0"
    assert row[header.index("ข้อ OIT พร้อมให้ตรวจ")] == "1"
    assert row[header.index("คำตอบแบบสำรวจ")] == "2"
    assert row[header.index("จำนวนคำตอบขั้นต่ำ")] == str(wave.min_responses)
    neighbour = {r[0]: r for r in rows[1:-1]}[world.neighbour.code]
    assert neighbour[header.index("ข้อ OIT ทั้งหมด")] == "0"
    html = client.get(province_url(world, year=2566)).content.decode()
    assert f"2/{wave.min_responses}" in html
    assert f"{round(100 / len(items))}%" in html


def test_averages_are_rounded_once_half_up(client, world):
    """38.66 and 38.67 average 38.665: shown 38.67, half up (frameworks.scoring's rule), not
    the banker's 38.66."""
    from ita.assessments.actions import record_result

    for agency, score in ((world.own, "38.66"), (world.neighbour, "38.67")):
        record_result(acting_user=world.national, agency=agency, fiscal_year=2566,
                      indicator_scores={n: Decimal(score) for n in range(1, 11)})  # fmt: skip
    client.force_login(world.coordinator)
    html = client.get(province_url(world, year=2566)).content.decode()
    assert by_testid(html, "avg-9") == "38.67"
    assert by_testid(html, "avg-total") == "38.67"
