"""The province report's download from the dashboard: the coordinator of the province and the
national administrators get the file; everyone else, and another province's coordinator, 404;
a year without results or one that does not parse is a Thai message on the dashboard."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from ita.oversight.tests.conftest import build_province

pytestmark = pytest.mark.django_db


def report_url(province, fmt: str, year=None) -> str:
    url = reverse("oversight:province_report", args=[province.pk, fmt])
    return url if year is None else f"{url}?year={year}"


def test_the_coordinator_downloads_the_report_from_the_dashboard_button(client, world):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    client.force_login(world.coordinator)
    html = client.get(reverse("oversight:province", args=[world.province.pk]) + "?year=2562")
    button = report_url(world.province, "docx", 2562)
    assert f'href="{button}"' in html.content.decode()
    response = client.get(button)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "province-2562-" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "จังหวัดแม่ฮ่องสอน" in text


def test_who_may_download(client, world):
    build_province(world.national, which=lambda i: i % 9 == 0, years=(2562,))
    url = report_url(world.province, "docx", 2562)
    for user, status in [
        (world.coordinator, 200), (world.national, 200), (world.officer, 404),
        (world.executive, 404), (world.assessor, 404), (world.foreign_officer, 404),
        (world.nobody, 404),
    ]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, user.username
    client.force_login(world.coordinator)  # of แม่ฮ่องสอน, not of มุกดาหาร
    assert client.get(report_url(world.other_province, "docx", 2562)).status_code == 404
    assert client.get(report_url(world.province, "odt", 2562)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("year", "message"),
    [("2566", "ยังไม่มีผลการประเมินปีงบประมาณ 2566"), ("abc", "ปีงบประมาณไม่ถูกต้อง")],
)
def test_a_year_without_results_is_a_thai_message_not_a_file(client, world, year, message):
    client.force_login(world.coordinator)
    response = client.get(report_url(world.province, "pdf", year), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(
        reverse("oversight:province", args=[world.province.pk])
    )
    assert message in response.content.decode()
